/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target for the VFS (services/fs/vfs.c, vfs_file.c) over a cpio
 * root and a ramfs on /tmp (tests/unit/fs/fsfix.h).  The input is a
 * program: records of [op][arg][len][path][len][path-or-data] (arg picks
 * the descriptor and flags; sizes and offsets come from the lengths), run by a
 * client granted /data read-only and /tmp/w read-write.  After every call:
 *
 *   - every path the client resolves is canonical and inside a grant, or a
 *     directory on the way to one (never above "/", never outside);
 *   - no descriptor it holds is a file outside its grants;
 *   - nothing outside /tmp/w changed (a sentinel file keeps its bytes);
 *
 * and at the end, with every descriptor closed, ramfs accounts for every
 * page and inode (nothing leaked, nothing freed twice).
 */
#include "fsfix.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct vfs_grant grants[] = {{"/data", false}, {"/tmp/w", true}};

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "PROPERTY: %s %s\n", what, detail ? detail : "");
    abort();
}

struct in {
    const uint8_t *p;
    size_t n;
};

static unsigned byte(struct in *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

/* A length-prefixed string from the input, NUL-ended in buf (it may hold NULs itself). */
static size_t str(struct in *in, char *buf)
{
    size_t len = byte(in);
    if (len == 255) /* long paths: a second byte of length, in units of 32 */
        len += byte(in) * 32;
    if (len > in->n)
        len = in->n;
    memcpy(buf, in->p, len);
    buf[len] = 0;
    in->p += len, in->n -= len;
    return len;
}

static bool canonical(const char *p)
{
    size_t n = strlen(p);
    if (p[0] != '/' || (n > 1 && p[n - 1] == '/'))
        return false;
    return !strstr(p, "//") && !strstr(p, "/./") && !strstr(p, "/../") &&
           !(n >= 2 && strcmp(p + n - 2, "/.") == 0) && !(n >= 3 && strcmp(p + n - 3, "/..") == 0);
}

static bool within(const char *p, const char *g)
{
    size_t n = strlen(g);
    return strncmp(p, g, n) == 0 && (p[n] == 0 || p[n] == '/');
}

/* The resolved path must be canonical, and inside a grant or a directory on the way to one. */
static void check_path(struct fix *f, struct vfs_client *c, const char *path, size_t len)
{
    static char real[VFS_PATH_MAX + 1];
    struct vfs_attr a;

    for (int follow = 0; follow < 2; follow++) {
        if (vfs_realpath(c, path, len, follow, real, sizeof(real)) < 0)
            continue;
        if (!canonical(real))
            fail("resolved to a non-canonical path:", real);
        if (within(real, "/data") || within(real, "/tmp/w"))
            continue;
        if (strcmp(real, "/") && strcmp(real, "/tmp"))
            fail("resolved outside the grants:", real);
        if (vfs_lstat(&f->root, real, strlen(real), &a) || !VFS_S_ISDIR(a.mode))
            fail("reached a non-directory outside the grants:", real);
    }
}

struct forbidden {
    uint64_t dev, ino;
};

static void check_fds(struct vfs_client *c, const struct forbidden *no, int n)
{
    struct vfs_attr a;

    for (int fd = 0; fd < VFS_MAX_FDS; fd++) {
        if (vfs_fstat(c, fd, &a))
            continue;
        for (int i = 0; i < n; i++)
            if (a.dev == no[i].dev && a.ino == no[i].ino)
                fail("a descriptor holds a file outside the grants", NULL);
    }
}

static void check_ramfs(struct ramfs *fs)
{
    uint64_t pages = 0;
    uint32_t free_inodes = 0;

    for (uint32_t i = 0; i < fs->ninodes; i++) {
        if (fs->inodes[i].mode == 0)
            free_inodes++;
        else if (fs->inodes[i].open)
            fail("an inode still open after every descriptor closed", NULL);
        pages += fs->inodes[i].pages;
    }
    if (free_inodes != fs->free_inodes || pages + fs->free_pages != fs->npages)
        fail("ramfs lost or doubled inodes or pages", NULL);
}

static void run(struct fix *f, struct vfs_client *c, struct in *in)
{
    static char p1[VFS_PATH_MAX + 300], p2[VFS_PATH_MAX + 300], buf[4096];
    unsigned op = byte(in), arg = byte(in);
    size_t l1 = str(in, p1), l2 = str(in, p2);
    int fd = (int)(arg % 8);
    unsigned flags = (arg & 3) | (arg & 4 ? VFS_O_CREAT : 0) | (arg & 8 ? VFS_O_EXCL : 0) |
                     (arg & 16 ? VFS_O_TRUNC : 0) | (arg & 32 ? VFS_O_APPEND : 0) |
                     (arg & 64 ? VFS_O_DIRECTORY : 0) | (arg & 128 ? VFS_O_NOFOLLOW : 0);
    struct vfs_attr a;

    switch (op % 20) {
    case 0:
        vfs_open(c, p1, l1, flags, 0644);
        break;
    case 1:
        vfs_close(c, fd);
        break;
    case 2:
        vfs_read(c, fd, buf, arg * 16u);
        break;
    case 3:
        vfs_write(c, fd, p2, l2);
        break;
    case 4:
        vfs_lseek(c, fd, (int64_t)l2 * 97 - 300, (int)(arg >> 3) % 4);
        break;
    case 5:
        vfs_getdents(c, fd, buf, 24u + arg);
        break;
    case 6:
        vfs_mkdir(c, p1, l1, 0755);
        break;
    case 7:
        vfs_rmdir(c, p1, l1);
        break;
    case 8:
        vfs_unlink(c, p1, l1);
        break;
    case 9:
        vfs_rename(c, p1, l1, p2, l2);
        break;
    case 10:
        vfs_link(c, p1, l1, p2, l2);
        break;
    case 11:
        vfs_symlink(c, p2, l2, p1, l1);
        break;
    case 12:
        vfs_readlink(c, p1, l1, buf, arg + 1u);
        break;
    case 13:
        vfs_stat(c, p1, l1, &a);
        break;
    case 14:
        vfs_lstat(c, p1, l1, &a);
        break;
    case 15:
        vfs_chdir(c, p1, l1);
        break;
    case 16:
        vfs_truncate(c, p1, l1, (int64_t)l2 * 300 - 1);
        break;
    case 17:
        vfs_ftruncate(c, fd, (int64_t)l1 * 300);
        break;
    case 18:
        vfs_chmod(c, p1, l1, arg);
        break;
    case 19:
        vfs_pwrite(c, fd, p2, l2, (int64_t)l1 * 1000); /* far: indirect pages */
        break;
    }
    check_path(f, c, p1, l1);
    check_path(f, c, p2, l2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct fix *f;
    struct vfs_client c;
    struct forbidden no[3];
    struct vfs_attr a;
    struct in in = {data, size};

    if (f)
        fix_free(f);
    f = fix_new();
    if (vfs_mkdir(&f->root, S("/tmp/w"), 0755) || vfs_mkdir(&f->root, S("/tmp/other"), 0755) ||
        fix_put(&f->root, "/tmp/other/f", "sentinel") ||
        vfs_symlink(&f->root, S("../other/f"), S("/tmp/w/esc")) ||
        vfs_client_init(&c, &f->vfs, grants, 2, 1, 1))
        abort();
    const char *outside[] = {"/tmp/other/f", "/secret/key", "/etc/passwd"};
    for (int i = 0; i < 3; i++) {
        if (vfs_stat(&f->root, outside[i], strlen(outside[i]), &a))
            abort();
        no[i].dev = a.dev, no[i].ino = a.ino;
    }
    for (int steps = 0; in.n && steps < 64; steps++) {
        run(f, &c, &in);
        check_fds(&c, no, 3);
    }
    vfs_client_close_all(&c);
    if (strcmp(fix_cat(&f->root, "/tmp/other/f"), "sentinel") != 0)
        fail("the client changed a file outside its grants", NULL);
    check_ramfs(&f->ram);
    return 0;
}
