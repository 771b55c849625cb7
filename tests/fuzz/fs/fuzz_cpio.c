/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target for the cpio newc reader (services/fs/cpio.c).  The
 * input is an archive, copied into a buffer of exactly its size so ASan
 * reports any read past the end.  A refused archive must say why; an
 * accepted one is walked through its fs_ops the way the VFS would: every
 * directory listed, every name looked up, every file and symlink read in
 * full, and each answer checked against the others.
 */
#include "cpio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what)
{
    fprintf(stderr, "PROPERTY: %s\n", what);
    abort();
}

struct walk {
    struct cpio_fs *fs;
    uint64_t dir;
    unsigned entries, depth;
};

static void walk_dir(struct cpio_fs *fs, uint64_t dir, unsigned depth);

static int visit(void *ctx, uint64_t ino, unsigned type, const char *name, size_t len,
                 uint64_t next)
{
    struct walk *w = ctx;
    struct vfs_attr a;
    uint64_t found;
    static char buf[1 << 16];
    (void)next;

    if (w->entries++ < 2) /* "." and ".." */
        return 0;
    if (len == 0 || len > VFS_NAME_MAX || memchr(name, '/', len) || memchr(name, 0, len))
        fail("a name is empty, too long, or holds '/' or NUL");
    if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
        fail("a directory lists \".\" or \"..\" as an entry");
    if (cpio_ops.lookup(w->fs, w->dir, name, len, &found) != 0 || found != ino)
        fail("lookup disagrees with readdir");
    if (cpio_ops.getattr(w->fs, ino, &a) != 0 || ((a.mode & VFS_S_IFMT) >> 12) != type)
        fail("getattr disagrees with readdir's type");
    if (VFS_S_ISDIR(a.mode)) {
        if (a.nlink < 2 || a.size != 0)
            fail("a directory with nlink < 2 or a size");
        walk_dir(w->fs, ino, w->depth + 1);
    } else if (VFS_S_ISREG(a.mode)) {
        uint64_t got = 0;
        int64_t n;
        while ((n = cpio_ops.read(w->fs, ino, got, buf, sizeof(buf))) > 0)
            got += (uint64_t)n;
        if (n < 0 || got != a.size)
            fail("a file reads other than its size");
    } else if (VFS_S_ISLNK(a.mode)) {
        int64_t n = cpio_ops.readlink(w->fs, ino, buf, sizeof(buf));
        if (n <= 0 || (uint64_t)n != a.size || memchr(buf, 0, (size_t)n))
            fail("a symlink's target is empty, holds NUL, or is not its size");
    }
    return 0;
}

static void walk_dir(struct cpio_fs *fs, uint64_t dir, unsigned depth)
{
    struct walk w = {fs, dir, 0, depth};
    uint64_t cookie = 0;

    if (depth > fs->n)
        fail("the tree has a cycle");
    if (cpio_ops.readdir(fs, dir, &cookie, visit, &w) != 0 || w.entries < 2)
        fail("readdir of a directory failed");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned char arena[64 * 1024];
    struct cpio_fs fs;
    uint8_t *buf = malloc(size ? size : 1);
    int r;

    memcpy(buf, data, size);
    r = cpio_init(&fs, buf, size, arena, sizeof(arena));
    if (r == 0)
        walk_dir(&fs, CPIO_ROOT, 0);
    else if ((r != -EINVAL && r != -ENOMEM) || strncmp(fs.why, "cpio: entry ", 12) != 0)
        fail("refused without a reason");
    free(buf);
    return 0;
}
