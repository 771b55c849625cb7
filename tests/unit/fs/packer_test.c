/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The packer of a region's cpio: folder (kaal-sysgen --pack-cpio,
 * tools/sysgen/cpio.c) against GNU cpio (Debian package cpio), both ways:
 * GNU cpio lists and extracts what kaal-sysgen packs, exactly as the
 * folder was; and the reader (services/fs/cpio.c, through the VFS) shows
 * what kaal-sysgen and `find . | cpio -o -H newc` pack, hard links
 * included, exactly as the folder was.  Works in PACK_WORK; PACK is the
 * command that packs.
 */
#include "test.h"
#include "fsfix.h"

#include <dirent.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#define W PACK_WORK

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, got;

    *len = 0;
    if (!f)
        return NULL;
    do {
        if (n == cap)
            buf = realloc(buf, cap = cap ? 2 * cap : 65536);
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got);
    fclose(f);
    *len = n;
    return buf;
}

static void put_file(const char *rel, const char *data, size_t n, int mode)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/src/%s", W, rel);
    FILE *f = fopen(p, "wb");
    if (!f || fwrite(data, 1, n, f) != n)
        abort();
    fclose(f);
    chmod(p, (mode_t)mode);
}

/* The folder every case packs: odd name lengths (padding), a large file, an empty one,
 * modes, nested and empty directories, symlinks and a hard link. */
static void make_tree(void)
{
    static char big[200003];

    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (char)(i * 31 + 7);
    if (sh("rm -rf %s && mkdir -p %s/src/a/b/c %s/src/empty-dir %s/src/xyz", W, W, W, W))
        abort();
    put_file("a/f", "hello\n", 6, 0644);
    put_file("a/b/c/deep", "deep", 4, 0600);
    put_file("x", "1", 1, 0755);
    put_file("xy", "12", 2, 0644);
    put_file("xyz/abc", "123", 3, 0640);
    put_file("big", big, sizeof(big), 0644);
    put_file("empty", "", 0, 0644);
    if (sh("cd %s/src && ln -s a/f link && ln -s /etc/passwd abs && ln a/f a/hard", W))
        abort();
}

/* Compares host folder `dir` with VFS path `vpath`, recursively: names, types, modes,
 * sizes, contents and symlink targets. */
static void compare(struct vfs_client *c, const char *dir, const char *vpath, int *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    CHECK(d != NULL);
    while (d && (e = readdir(d))) {
        char hp[1024], vp[1024], hbuf[256], vbuf[256];
        struct stat st;
        struct vfs_attr a;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(hp, sizeof(hp), "%s/%s", dir, e->d_name);
        snprintf(vp, sizeof(vp), "%s/%s", vpath, e->d_name);
        lstat(hp, &st);
        if (vfs_lstat(c, S(vp), &a) != 0) {
            test_fail(__FILE__, __LINE__, "%s missing from the archive", vp);
            continue;
        }
        ++*count;
        CHECK_EQ(a.mode & VFS_S_IFMT, st.st_mode & S_IFMT);
        if (!S_ISLNK(st.st_mode))
            CHECK_EQ(a.mode & 07777, st.st_mode & 07777);
        if (S_ISDIR(st.st_mode)) {
            compare(c, hp, vp, count);
        } else if (S_ISLNK(st.st_mode)) {
            ssize_t n = readlink(hp, hbuf, sizeof(hbuf));
            CHECK_EQ(vfs_readlink(c, S(vp), vbuf, sizeof(vbuf)), n);
            CHECK(n > 0 && memcmp(hbuf, vbuf, (size_t)n) == 0);
        } else {
            size_t n;
            char *want = slurp(hp, &n), *got = malloc(n + 1);
            int fd = vfs_open(c, S(vp), VFS_O_RDONLY, 0);
            CHECK_EQ(a.size, n);
            CHECK_EQ(vfs_read(c, fd, got, n + 1), n);
            CHECK(memcmp(want, got, n) == 0);
            vfs_close(c, fd);
            free(want), free(got);
        }
    }
    if (d)
        closedir(d);
}

/* Loads archive `file` as the root of a VFS and compares it with the folder. */
static void reader_matches(const char *file, int *count, uint64_t *ino_f, uint64_t *ino_hard)
{
    static unsigned char arena[256 * 1024];
    static struct vfs v;
    static struct cpio_fs fs;
    static const struct vfs_grant all[] = {{"/", false}};
    struct vfs_client c;
    struct vfs_attr a;
    size_t len;
    char path[512], *ar;

    snprintf(path, sizeof(path), "%s/%s", W, file);
    ar = slurp(path, &len);
    CHECK(ar != NULL);
    if (!ar)
        return;
    CHECK_EQ(cpio_init(&fs, ar, len, arena, sizeof(arena)), 0);
    if (fs.why[0])
        printf("  %s\n", fs.why);
    vfs_init(&v, NULL, NULL);
    CHECK_EQ(vfs_mount(&v, S("/"), &cpio_ops, &fs, VFS_MOUNT_RDONLY), 0);
    CHECK_EQ(vfs_client_init(&c, &v, all, 1, 0, 0), 0);
    snprintf(path, sizeof(path), "%s/src", W);
    *count = 0;
    compare(&c, path, "", count);
    CHECK_EQ(vfs_stat(&c, S("/a/f"), &a), 0);
    *ino_f = a.ino;
    CHECK_EQ(vfs_stat(&c, S("/a/hard"), &a), 0);
    *ino_hard = a.ino;
    vfs_client_close_all(&c);
    free(ar);
}

static void gnu_cpio_reads_packed(void)
{
    make_tree();
    CHECK_EQ(sh("%s -o %s/out.cpio %s/src", PACK, W, W), 0);
    /* cpio -t lists every name once, as find does */
    CHECK_EQ(sh("cd %s && cpio -t --quiet <out.cpio | sort >t.list && "
                "(cd src && find . | sed 's|^\\./||') | sort >find.list && cmp -s t.list find.list",
                W),
             0);
    /* cpio -i extracts the same contents, symlinks and modes */
    CHECK_EQ(sh("cd %s && mkdir x && cd x && cpio -i -d --quiet <../out.cpio", W), 0);
    CHECK_EQ(sh("cd %s && diff -r --no-dereference src x >/dev/null", W), 0);
    CHECK_EQ(sh("cd %s && (cd src && find . -printf '%%p %%y %%m %%s\\n' | sort) >m1 && "
                "(cd x && find . -printf '%%p %%y %%m %%s\\n' | sort) >m2 && cmp -s m1 m2",
                W),
             0);
}

static void reader_reads_packed(void)
{
    int count;
    uint64_t f, hard;

    make_tree();
    CHECK_EQ(sh("%s -o %s/out.cpio %s/src", PACK, W, W), 0);
    reader_matches("out.cpio", &count, &f, &hard);
    CHECK_EQ(count, 15);
    CHECK(f != hard); /* the packer stores hard links as separate files */
}

static void reader_reads_gnu_cpio(void)
{
    int count;
    uint64_t f, hard;

    make_tree();
    CHECK_EQ(sh("cd %s/src && find . | cpio -o -H newc --quiet >../gnu.cpio", W), 0);
    reader_matches("gnu.cpio", &count, &f, &hard);
    CHECK_EQ(count, 15);
    CHECK_EQ(f, hard); /* GNU cpio's hard link: one inode, data with the last name */
}

static void reproducible_and_refusals(void)
{
    make_tree();
    CHECK_EQ(sh("%s -o %s/r1.cpio %s/src", PACK, W, W), 0);
    CHECK_EQ(sh("touch -d @1000 %s/src/x && %s -o %s/r2.cpio %s/src", W, PACK, W, W), 0);
    CHECK_EQ(sh("cmp -s %s/r1.cpio %s/r2.cpio", W, W), 0);
    CHECK_EQ(sh("cd %s && cpio -t -v --quiet <r1.cpio | grep -v ' root  *root ' | "
                "grep -q .",
                W),
             1); /* every entry owned by root */
    CHECK_EQ(sh("%s -o %s/y.cpio %s/src/x 2>/dev/null", PACK, W, W), 1);
    CHECK_EQ(sh("%s -o %s/y.cpio %s/nothing 2>/dev/null", PACK, W, W), 1);
    CHECK_EQ(sh("mkfifo %s/src/fifo && %s -o %s/f.cpio %s/src 2>%s/err", W, PACK, W, W, W), 1);
    CHECK_EQ(sh("grep -q \"src/fifo' is not a file, directory or symlink\" %s/err", W), 0);
    CHECK_EQ(sh("test -e %s/f.cpio", W), 1); /* nothing written */
    CHECK_EQ(sh("%s 2>/dev/null", PACK), 2);
}

TEST_CASES({gnu_cpio_reads_packed, "gnu-cpio-lists-and-extracts-the-packed-folder"},
           {reader_reads_packed, "reader-reads-the-packed-folder"},
           {reader_reads_gnu_cpio, "reader-reads-gnu-cpio-o"},
           {reproducible_and_refusals, "reproducible-and-refusals"}, );
TEST_MAIN("fs/packer")
