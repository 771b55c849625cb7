/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ext2 library changing images, each change then checked from outside:
 * after unmount, e2fsck -fn must find nothing to fix, and debugfs reads the
 * files and their attributes back for a byte-by-byte comparison.  Covers
 * create/write/overwrite, sparse writes into the triple-indirect range and
 * past 4 GiB (large_file), truncate, mkdir/rmdir, unlink, rename in all its
 * POSIX cases, hard and symbolic links, setattr, a directory whose entries
 * come and go, an indexed (dir_index) directory, and a full disk.
 */
#define _GNU_SOURCE
#include "test.h"
#include "ext2_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

extern int eu_failures;

static const unsigned sizes[2] = {1024, 4096};

/* A fresh empty image, mounted read-write. */
static int fresh(struct eu_img *im, const char *name, unsigned bs, unsigned kib, const char *extra)
{
    const char *path = eu_path(name);
    int r;

    if (eu_mkfs(path, bs, kib, NULL, extra) != 0) {
        printf("  mke2fs %s failed\n", path);
        return -1;
    }
    r = eu_mount(im, path, false);
    CHECK_EQ(r, 0);
    return r;
}

/* Unmounts and runs e2fsck -fn: both must succeed. */
static void finish(struct eu_img *im)
{
    CHECK_EQ(eu_umount(im), 0);
    CHECK_EQ(eu_fsck(im->path), 0);
}

static uint32_t mk(struct ext2_fs *fs, uint32_t dir, const char *name)
{
    uint32_t ino = 0;

    CHECK_EQ(ext2_create(fs, dir, name, strlen(name), 0644, 1000, 100, &ino), 0);
    return ino;
}

static uint32_t mkd(struct ext2_fs *fs, uint32_t dir, const char *name)
{
    uint32_t ino = 0;

    CHECK_EQ(ext2_mkdir(fs, dir, name, strlen(name), 0755, 0, 0, &ino), 0);
    return ino;
}

/* debugfs's view of fspath equals len bytes of pattern seed (after a prefix of zeros). */
static void check_host(const char *img, const char *fspath, const uint8_t *want, size_t len)
{
    size_t n;
    char *got = eu_cat(img, fspath, &n);

    CHECK_EQ(n, len);
    CHECK(n == len && memcmp(got, want, len) == 0);
    free(got);
}

static void write_and_overwrite(void)
{
    for (int i = 0; i < 2; i++) {
        struct eu_img im;
        size_t len = 200 * 1024 + 123;
        uint8_t *want = malloc(len), *got = malloc(len);
        uint32_t ino;
        if (fresh(&im, "rw.img", sizes[i], 8192, NULL) < 0)
            return;
        ino = mk(&im.fs, 2, "file.bin");
        eu_fill(want, len, 7, 0);
        for (size_t off = 0; off < len; off += 777) {
            size_t n = len - off < 777 ? len - off : 777;
            CHECK_EQ(ext2_write(&im.fs, ino, off, want + off, n), (long)n);
        }
        eu_fill(want + 5000, 70000, 8, 0); /* overwrite across blocks */
        CHECK_EQ(ext2_write(&im.fs, ino, 5000, want + 5000, 70000), 70000);
        CHECK_EQ(ext2_read(&im.fs, ino, 0, got, len), (long)len);
        CHECK(memcmp(got, want, len) == 0);
        CHECK_EQ(ext2_fsync(&im.fs, ino), 0);
        finish(&im);
        check_host(im.path, "/file.bin", want, len);
        CHECK_EQ(eu_stat(im.path, "/file.bin", "User"), 1000);
        CHECK_EQ(eu_stat(im.path, "/file.bin", "Group"), 100);
        CHECK_EQ(eu_stat(im.path, "/file.bin", "Mode"), 0644);
        free(want);
        free(got);
    }
}

/* The image's bytes of block `pblk` as debugfs's bmap finds it for logical block lblk. */
static void check_block_on_host(const char *img, const char *fspath, uint64_t lblk, unsigned bs,
                                const uint8_t *want, size_t n, size_t in_blk)
{
    char *out = eu_out(NULL, "debugfs -R 'bmap %s %llu' '%s' 2>/dev/null", fspath,
                       (unsigned long long)lblk, img);
    unsigned long long pblk = strtoull(out, NULL, 10);
    uint8_t *buf = malloc(bs);
    FILE *f = fopen(img, "rb");

    CHECK(pblk != 0);
    if (f && pblk) {
        fseeko(f, (off_t)(pblk * bs), SEEK_SET);
        CHECK_EQ(fread(buf, 1, bs, f), bs);
        CHECK(memcmp(buf + in_blk, want, n) == 0);
    }
    if (f)
        fclose(f);
    free(buf);
    free(out);
}

static void sparse_far_writes(void)
{
    static const struct {
        unsigned bs;
        uint64_t off;
        const char *extra;
    } t[2] = {{1024, 70ull << 20, NULL}, {4096, 5ull << 30, NULL}};

    for (int i = 0; i < 2; i++) {
        struct eu_img im;
        uint8_t want[3000], got[3000], zero[3000] = {0};
        uint32_t ino;
        struct ext2_attr a;
        if (fresh(&im, "sparse.img", t[i].bs, 16384, t[i].extra) < 0)
            return;
        if (t[i].off >= (2ull << 30)) { /* mke2fs always sets large_file: take it away */
            CHECK_EQ(eu_umount(&im), 0);
            eu_sh("debugfs -w -R 'feature -large_file' '%s' >/dev/null 2>&1", im.path);
            char *out = eu_out(NULL, "dumpe2fs -h '%s' 2>/dev/null | grep features", im.path);
            CHECK(strstr(out, "large_file") == NULL);
            free(out);
            CHECK_EQ(eu_mount(&im, im.path, false), 0);
        }
        ino = mk(&im.fs, 2, "big");
        eu_fill(want, sizeof(want), 9, 0);
        CHECK_EQ(ext2_write(&im.fs, ino, t[i].off, want, sizeof(want)), (long)sizeof(want));
        CHECK_EQ(ext2_write(&im.fs, ino, 10, "head", 4), 4);
        CHECK_EQ(ext2_read(&im.fs, ino, t[i].off, got, sizeof(got)), (long)sizeof(got));
        CHECK(memcmp(got, want, sizeof(want)) == 0);
        CHECK_EQ(ext2_read(&im.fs, ino, t[i].off - sizeof(got), got, sizeof(got)),
                 (long)sizeof(got));
        CHECK(memcmp(got, zero, sizeof(got)) == 0);
        CHECK_EQ(ext2_getattr(&im.fs, ino, &a), 0);
        CHECK_EQ(a.size, t[i].off + sizeof(want));
        CHECK(a.blocks < 64);
        finish(&im);
        CHECK_EQ(eu_stat(im.path, "/big", "Size"), (long long)(t[i].off + sizeof(want)));
        size_t first = t[i].bs - t[i].off % t[i].bs;
        check_block_on_host(im.path, "/big", t[i].off / t[i].bs, t[i].bs, want,
                            first < sizeof(want) ? first : sizeof(want), t[i].off % t[i].bs);
        check_block_on_host(im.path, "/big", 0, t[i].bs, (const uint8_t *)"head", 4, 10);
        if (t[i].off >= (2ull << 30)) {
            char *out = eu_out(NULL, "dumpe2fs -h '%s' 2>/dev/null | grep features", im.path);
            CHECK_CONTAINS(out, "large_file");
            free(out);
        }
    }
}

static void truncate_file(void)
{
    struct eu_img im;
    uint8_t *want = calloc(1, 100000), *got = malloc(100000);
    struct ext2_attr a, b;
    uint32_t ino;

    if (fresh(&im, "trunc.img", 1024, 8192, NULL) < 0)
        return;
    ino = mk(&im.fs, 2, "t");
    eu_fill(want, 100000, 10, 0);
    CHECK_EQ(ext2_write(&im.fs, ino, 0, want, 100000), 100000);
    CHECK_EQ(ext2_getattr(&im.fs, ino, &a), 0);
    CHECK_EQ(ext2_truncate(&im.fs, ino, 30000), 0);
    CHECK_EQ(ext2_getattr(&im.fs, ino, &b), 0);
    CHECK_EQ(b.size, 30000);
    CHECK(b.blocks < a.blocks);
    CHECK_EQ(ext2_truncate(&im.fs, ino, 50000), 0); /* grows with zeros */
    memset(want + 30000, 0, 70000);
    CHECK_EQ(ext2_read(&im.fs, ino, 0, got, 100000), 50000);
    CHECK(memcmp(got, want, 50000) == 0);
    struct ext2_attr sz = {.size = 20000};
    CHECK_EQ(ext2_setattr(&im.fs, ino, &sz, EXT2_SET_SIZE), 0);
    CHECK_EQ(ext2_truncate(&im.fs, ino, 50000), 0);
    memset(want + 20000, 0, 30000);
    finish(&im);
    check_host(im.path, "/t", want, 50000);
    CHECK_EQ(eu_mount(&im, im.path, false), 0);
    CHECK_EQ(ext2_truncate(&im.fs, ino, 0), 0);
    CHECK_EQ(ext2_getattr(&im.fs, ino, &a), 0);
    CHECK_EQ(a.blocks, 0);
    CHECK_EQ(ext2_truncate(&im.fs, 2, 0), -EISDIR);
    finish(&im);
    free(want);
    free(got);
}

static void directories(void)
{
    struct eu_img im;
    struct ext2_attr a;
    uint32_t d, sub, ino;
    char name[300];

    if (fresh(&im, "dirs.img", 1024, 4096, NULL) < 0)
        return;
    d = mkd(&im.fs, 2, "a");
    sub = mkd(&im.fs, d, "b");
    mk(&im.fs, sub, "f");
    CHECK_EQ(ext2_mkdir(&im.fs, 2, "a", 1, 0755, 0, 0, &ino), -EEXIST);
    CHECK_EQ(ext2_create(&im.fs, sub, "f", 1, 0644, 0, 0, &ino), -EEXIST);
    CHECK_EQ(ext2_create(&im.fs, sub, "x/y", 3, 0644, 0, 0, &ino), -EINVAL);
    memset(name, 'n', sizeof(name));
    CHECK_EQ(ext2_create(&im.fs, sub, name, 256, 0644, 0, 0, &ino), -ENAMETOOLONG);
    CHECK_EQ(ext2_create(&im.fs, sub, name, 255, 0644, 0, 0, &ino), 0);
    CHECK_EQ(ext2_getattr(&im.fs, d, &a), 0);
    CHECK_EQ(a.nlink, 3);
    CHECK_EQ(ext2_rmdir(&im.fs, 2, "a", 1), -ENOTEMPTY);
    CHECK_EQ(ext2_rmdir(&im.fs, d, "b", 1), -ENOTEMPTY);
    CHECK_EQ(ext2_rmdir(&im.fs, sub, "f", 1), -ENOTDIR);
    CHECK_EQ(ext2_unlink(&im.fs, d, "b", 1), -EISDIR);
    CHECK_EQ(ext2_unlink(&im.fs, sub, "f", 1), 0);
    CHECK_EQ(ext2_unlink(&im.fs, sub, "f", 1), -ENOENT);
    CHECK_EQ(ext2_unlink(&im.fs, sub, name, 255), 0);
    CHECK_EQ(ext2_rmdir(&im.fs, d, "b", 1), 0);
    CHECK_EQ(ext2_getattr(&im.fs, d, &a), 0);
    CHECK_EQ(a.nlink, 2);
    mkd(&im.fs, d, "kept");
    mk(&im.fs, d, "kept.txt");
    finish(&im);
    CHECK_EQ(eu_stat(im.path, "/a", "Links"), 3);
    CHECK_EQ(eu_stat(im.path, "/a/kept.txt", "Size"), 0);
    CHECK_EQ(eu_stat(im.path, "/a/b", "Size"), -1);
}

static void rename_cases(void)
{
    struct eu_img im;
    struct ext2_attr a;
    struct ext2_statfs before, after;
    uint32_t a_dir, b_dir, c_dir, f, g, ino;

    if (fresh(&im, "rename.img", 1024, 4096, NULL) < 0)
        return;
    a_dir = mkd(&im.fs, 2, "a");
    b_dir = mkd(&im.fs, 2, "b");
    c_dir = mkd(&im.fs, a_dir, "c");
    f = mk(&im.fs, a_dir, "f");
    g = mk(&im.fs, b_dir, "g");
    CHECK_EQ(ext2_write(&im.fs, f, 0, "from f", 6), 6);
    CHECK_EQ(ext2_write(&im.fs, g, 0, "from g, longer", 14), 14);
    /* within a directory, then across */
    CHECK_EQ(ext2_rename(&im.fs, a_dir, "f", 1, a_dir, "f2", 2), 0);
    CHECK_EQ(ext2_lookup(&im.fs, a_dir, "f", 1, &ino), -ENOENT);
    CHECK_EQ(ext2_lookup(&im.fs, a_dir, "f2", 2, &ino), 0);
    CHECK_EQ(ino, f);
    /* over an existing file: the old target goes away */
    ext2_statfs(&im.fs, &before);
    CHECK_EQ(ext2_rename(&im.fs, a_dir, "f2", 2, b_dir, "g", 1), 0);
    ext2_statfs(&im.fs, &after);
    CHECK_EQ(after.ffree, before.ffree + 1);
    CHECK_EQ(after.bfree, before.bfree + 1);
    CHECK_EQ(ext2_lookup(&im.fs, b_dir, "g", 1, &ino), 0);
    CHECK_EQ(ino, f);
    /* same file under two names: nothing happens */
    CHECK_EQ(ext2_link(&im.fs, f, b_dir, "g2", 2), 0);
    CHECK_EQ(ext2_rename(&im.fs, b_dir, "g", 1, b_dir, "g2", 2), 0);
    CHECK_EQ(ext2_lookup(&im.fs, b_dir, "g", 1, &ino), 0);
    /* a directory into another: ".." and the link counts follow */
    CHECK_EQ(ext2_rename(&im.fs, a_dir, "c", 1, b_dir, "c", 1), 0);
    CHECK_EQ(ext2_lookup(&im.fs, c_dir, "..", 2, &ino), 0);
    CHECK_EQ(ino, b_dir);
    CHECK_EQ(ext2_getattr(&im.fs, a_dir, &a), 0);
    CHECK_EQ(a.nlink, 2);
    CHECK_EQ(ext2_getattr(&im.fs, b_dir, &a), 0);
    CHECK_EQ(a.nlink, 3);
    /* never into itself or below */
    CHECK_EQ(ext2_rename(&im.fs, 2, "b", 1, b_dir, "x", 1), -EINVAL);
    CHECK_EQ(ext2_rename(&im.fs, 2, "b", 1, c_dir, "x", 1), -EINVAL);
    /* type clashes and non-empty targets */
    CHECK_EQ(ext2_rename(&im.fs, b_dir, "c", 1, b_dir, "g", 1), -ENOTDIR);
    CHECK_EQ(ext2_rename(&im.fs, b_dir, "g", 1, b_dir, "c", 1), -EISDIR);
    mk(&im.fs, c_dir, "inside");
    CHECK_EQ(ext2_rename(&im.fs, 2, "a", 1, b_dir, "c", 1), -ENOTEMPTY);
    CHECK_EQ(ext2_rename(&im.fs, 2, "nothing", 7, 2, "x", 1), -ENOENT);
    CHECK_EQ(ext2_rename(&im.fs, 2, "a", 1, 2, ".", 1), -EINVAL);
    /* a directory over an empty directory, across parents */
    mkd(&im.fs, a_dir, "empty");
    ext2_statfs(&im.fs, &before);
    CHECK_EQ(ext2_rename(&im.fs, b_dir, "c", 1, a_dir, "empty", 5), 0);
    ext2_statfs(&im.fs, &after);
    CHECK_EQ(after.ffree, before.ffree + 1);
    CHECK_EQ(ext2_getattr(&im.fs, a_dir, &a), 0);
    CHECK_EQ(a.nlink, 3);
    CHECK_EQ(ext2_getattr(&im.fs, b_dir, &a), 0);
    CHECK_EQ(a.nlink, 2);
    CHECK_EQ(ext2_lookup(&im.fs, c_dir, "..", 2, &ino), 0);
    CHECK_EQ(ino, a_dir);
    /* a directory over an empty one in the same parent */
    mkd(&im.fs, a_dir, "e2");
    CHECK_EQ(ext2_rename(&im.fs, a_dir, "empty", 5, a_dir, "e2", 2), 0);
    CHECK_EQ(ext2_getattr(&im.fs, a_dir, &a), 0);
    CHECK_EQ(a.nlink, 3);
    finish(&im);
    {
        size_t n;
        char *s = eu_cat(im.path, "/b/g", &n);
        CHECK(n == 6 && memcmp(s, "from f", 6) == 0);
        free(s);
    }
    CHECK_EQ(eu_stat(im.path, "/a/e2/inside", "Size"), 0);
    CHECK_EQ(eu_stat(im.path, "/a", "Links"), 3);
}

static void links(void)
{
    struct eu_img im;
    struct ext2_attr a;
    uint32_t f, s, l, ino;
    char buf[2000], target[1500];

    if (fresh(&im, "links.img", 1024, 4096, NULL) < 0)
        return;
    f = mk(&im.fs, 2, "f");
    CHECK_EQ(ext2_write(&im.fs, f, 0, "data", 4), 4);
    CHECK_EQ(ext2_link(&im.fs, f, 2, "g", 1), 0);
    CHECK_EQ(ext2_getattr(&im.fs, f, &a), 0);
    CHECK_EQ(a.nlink, 2);
    CHECK_EQ(ext2_link(&im.fs, 2, 2, "root2", 5), -EPERM);
    CHECK_EQ(ext2_link(&im.fs, f, 2, "g", 1), -EEXIST);
    CHECK_EQ(ext2_unlink(&im.fs, 2, "f", 1), 0);
    CHECK_EQ(ext2_lookup(&im.fs, 2, "g", 1, &ino), 0);
    CHECK_EQ(ext2_read(&im.fs, ino, 0, buf, 10), 4);
    CHECK_EQ(ext2_symlink(&im.fs, 2, "s", 1, "g", 1, 0, 0, &s), 0);
    memset(target, 'T', sizeof(target));
    memcpy(target, "/some/where/", 12);
    CHECK_EQ(ext2_symlink(&im.fs, 2, "l", 1, target, 200, 0, 0, &l), 0);
    CHECK_EQ(ext2_symlink(&im.fs, 2, "huge", 4, target, 1024, 0, 0, &ino), -ENAMETOOLONG);
    CHECK_EQ(ext2_symlink(&im.fs, 2, "59", 2, target, 59, 0, 0, &ino), 0);
    CHECK_EQ(ext2_symlink(&im.fs, 2, "60", 2, target, 60, 0, 0, &ino), 0);
    CHECK_EQ(ext2_readlink(&im.fs, s, buf, sizeof(buf)), 1);
    CHECK_EQ(ext2_readlink(&im.fs, l, buf, sizeof(buf)), 200);
    CHECK(memcmp(buf, target, 200) == 0);
    CHECK_EQ(ext2_readlink(&im.fs, ino, buf, sizeof(buf)), 60);
    CHECK_EQ(ext2_readlink(&im.fs, 2, buf, sizeof(buf)), -EINVAL);
    finish(&im);
    CHECK_EQ(eu_stat(im.path, "/g", "Links"), 1);
    CHECK_EQ(eu_stat(im.path, "/s", "Blockcount"), 0);
    CHECK_EQ(eu_stat(im.path, "/59", "Blockcount"), 0);
    CHECK_EQ(eu_stat(im.path, "/60", "Blockcount"), 2);
    {
        size_t n;
        char *out = eu_out(&n, "debugfs -R 'stat /s' '%s' 2>/dev/null", im.path);
        CHECK_CONTAINS(out, "Fast link dest: \"g\"");
        free(out);
        out = eu_cat(im.path, "/l", &n);
        CHECK(n >= 200 && memcmp(out, target, 200) == 0);
        free(out);
    }
    /* removing the links gives their blocks back */
    CHECK_EQ(eu_mount(&im, im.path, false), 0);
    CHECK_EQ(ext2_unlink(&im.fs, 2, "l", 1), 0);
    CHECK_EQ(ext2_unlink(&im.fs, 2, "s", 1), 0);
    CHECK_EQ(ext2_unlink(&im.fs, 2, "60", 2), 0);
    finish(&im);
}

static void attributes(void)
{
    struct eu_img im;
    struct ext2_attr a = {0};
    uint32_t f;

    if (fresh(&im, "attr.img", 4096, 4096, NULL) < 0)
        return;
    f = mk(&im.fs, 2, "f");
    a.mode = 0100600 | 04000;
    a.uid = 70000; /* needs the high 16 bits */
    a.gid = 4321;
    a.atime = 1000000000;
    a.mtime = 1200000000;
    CHECK_EQ(
        ext2_setattr(&im.fs, f, &a,
                     EXT2_SET_MODE | EXT2_SET_UID | EXT2_SET_GID | EXT2_SET_ATIME | EXT2_SET_MTIME),
        0);
    CHECK_EQ(ext2_getattr(&im.fs, f, &a), 0);
    CHECK_EQ(a.mode, 0104600);
    CHECK_EQ(a.uid, 70000);
    a.mode = 040777; /* the type never changes */
    CHECK_EQ(ext2_setattr(&im.fs, f, &a, EXT2_SET_MODE), 0);
    CHECK_EQ(ext2_getattr(&im.fs, f, &a), 0);
    CHECK_EQ(a.mode, 0100777);
    finish(&im);
    CHECK_EQ(eu_stat(im.path, "/f", "Mode"), 0777);
    CHECK_EQ(eu_stat(im.path, "/f", "User"), 70000);
    CHECK_EQ(eu_stat(im.path, "/f", "Group"), 4321);
    CHECK_EQ(eu_stat(im.path, "/f", "atime"), 1000000000);
    CHECK_EQ(eu_stat(im.path, "/f", "mtime"), 1200000000);
}

static uint32_t seconds_since_boot(void)
{
    return 7;
}

/* A clock that counts from boot, as the file service's does, must not give a freed inode a
 * dtime below the inode count: e2fsck takes that for a link of the orphan list once the
 * superblock's times look real (here set by debugfs, as a repair by e2fsck -fy sets them). */
static void dtime_from_a_boot_clock(void)
{
    struct eu_img im;
    uint32_t f;

    if (fresh(&im, "dtime.img", 1024, 2048, NULL) < 0)
        return;
    ext2_set_clock(&im.fs, seconds_since_boot);
    f = mk(&im.fs, 2, "gone");
    CHECK_EQ(ext2_write(&im.fs, f, 0, "x", 1), 1);
    CHECK_EQ(ext2_unlink(&im.fs, 2, "gone", 4), 0);
    finish(&im);
    CHECK_EQ(eu_sh("debugfs -w -R 'ssv wtime 20260101' '%s' >/dev/null 2>&1", im.path), 0);
    CHECK_EQ(eu_fsck(im.path), 0);
}

/* Entries come and go in a directory of many blocks; freed room is reused. */
static void churning_directory(void)
{
    struct eu_img im;
    struct ext2_attr a, b;
    uint32_t d, ino;
    char name[32];
    int n = 1500;

    if (fresh(&im, "churn.img", 1024, 8192, "-N 2048") < 0)
        return;
    d = mkd(&im.fs, 2, "d");
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "entry-%05d", i);
        mk(&im.fs, d, name);
    }
    CHECK_EQ(ext2_getattr(&im.fs, d, &a), 0);
    CHECK(a.size > 20 * 1024);
    for (int i = 0; i < n; i += 2) {
        snprintf(name, sizeof(name), "entry-%05d", i);
        CHECK_EQ(ext2_unlink(&im.fs, d, name, strlen(name)), 0);
    }
    for (int i = 0; i < n; i += 2) {
        snprintf(name, sizeof(name), "again-%05d", i);
        mk(&im.fs, d, name);
    }
    CHECK_EQ(ext2_getattr(&im.fs, d, &b), 0);
    CHECK_EQ(b.size, a.size);
    CHECK_EQ(ext2_lookup(&im.fs, d, "entry-01499", 11, &ino), 0);
    CHECK_EQ(ext2_lookup(&im.fs, d, "entry-01498", 11, &ino), -ENOENT);
    finish(&im);
    CHECK_EQ(eu_stat(im.path, "/d/again-01498", "Links"), 1);
    CHECK_EQ(eu_stat(im.path, "/d/entry-00001", "Links"), 1);
}

/* A directory e2fsck -D indexed (htree) stays correct when changed linearly. */
static void indexed_directory(void)
{
    const char *tree = eu_path("htree"), *img = eu_path("htree.img");
    struct eu_img im;
    uint32_t d, ino;

    eu_sh("rm -rf '%s' && mkdir -p '%s/big' && cd '%s/big' && for i in $(seq 1 600); do "
          ": > name-with-some-length-$i; done",
          tree, tree, tree);
    CHECK_EQ(eu_mkfs(img, 1024, 4096, tree, NULL), 0);
    eu_sh("e2fsck -fyD '%s' >/dev/null 2>&1", img);
    char *stat = eu_out(NULL, "debugfs -R 'stat /big' '%s' 2>/dev/null", img);
    CHECK_CONTAINS(stat, "Flags: 0x1000");
    free(stat);
    CHECK_EQ(eu_mount(&im, img, false), 0);
    CHECK_EQ(eu_walk(&im.fs, "big", &d), 0);
    CHECK_EQ(ext2_lookup(&im.fs, d, "name-with-some-length-600", 25, &ino), 0);
    CHECK_EQ(ext2_unlink(&im.fs, d, "name-with-some-length-300", 25), 0);
    mk(&im.fs, d, "newcomer");
    finish(&im);
    CHECK_EQ(eu_stat(img, "/big/newcomer", "Links"), 1);
    CHECK_EQ(eu_stat(img, "/big/name-with-some-length-300", "Links"), -1);
}

static void full_disk(void)
{
    struct eu_img im;
    struct ext2_statfs st0, st;
    uint8_t *buf = malloc(1 << 20);
    uint32_t f, ino, d;
    long total = 0, w;
    int files = 0, r;
    char name[32];

    if (fresh(&im, "full.img", 1024, 512, "-N 64") < 0)
        return;
    ext2_statfs(&im.fs, &st0);
    eu_fill(buf, 1 << 20, 11, 0);
    uint32_t one = mk(&im.fs, 2, "one"), twelve = mk(&im.fs, 2, "twelve");
    CHECK_EQ(ext2_write(&im.fs, one, 0, buf, 1024), 1024);
    CHECK_EQ(ext2_write(&im.fs, twelve, 0, buf, 12 * 1024), 12 * 1024); /* direct blocks only */
    f = mk(&im.fs, 2, "filler");
    while ((w = ext2_write(&im.fs, f, (uint64_t)total, buf, 1 << 20)) > 0)
        total += w;
    CHECK_EQ(w, -ENOSPC);
    CHECK(total > 300 * 1024);
    ext2_statfs(&im.fs, &st);
    CHECK_EQ(st.bfree, 0);
    CHECK_EQ(ext2_mkdir(&im.fs, 2, "nodir", 5, 0755, 0, 0, &ino), -ENOSPC);
    CHECK_EQ(ext2_symlink(&im.fs, 2, "slow", 4, (char *)buf, 100, 0, 0, &ino), -ENOSPC);
    ext2_statfs(&im.fs, &st);
    CHECK_EQ(st.ffree, st0.ffree - 3); /* no half-made inodes */
    /* one free block: enough for an indirect block, not for the data under it */
    CHECK_EQ(ext2_unlink(&im.fs, 2, "one", 3), 0);
    CHECK_EQ(ext2_write(&im.fs, twelve, 12 * 1024, buf, 1024), -ENOSPC);
    ext2_statfs(&im.fs, &st);
    CHECK_EQ(st.bfree, 1);
    struct ext2_attr ta;
    CHECK_EQ(ext2_getattr(&im.fs, twelve, &ta), 0);
    CHECK_EQ(ta.size, 12 * 1024);
    CHECK_EQ(ta.blocks, 24);
    CHECK_EQ(ext2_unlink(&im.fs, 2, "twelve", 6), 0);
    /* fill the root directory's block, then the next name needs a block */
    while ((r = ext2_create(&im.fs, 2, name, (size_t)snprintf(name, sizeof(name), "n%026d", files),
                            0644, 0, 0, &ino)) == 0)
        files++;
    CHECK_EQ(r, -ENOSPC);
    CHECK(files > 0);
    finish(&im);
    /* everything written is there, and unlinking gives all of it back */
    CHECK_EQ(eu_stat(im.path, "/filler", "Size"), total);
    CHECK_EQ(eu_mount(&im, im.path, false), 0);
    CHECK_EQ(ext2_unlink(&im.fs, 2, "filler", 6), 0);
    for (int i = 0; i < files; i++) {
        snprintf(name, sizeof(name), "n%026d", i);
        CHECK_EQ(ext2_unlink(&im.fs, 2, name, strlen(name)), 0);
    }
    ext2_statfs(&im.fs, &st);
    CHECK_EQ(st.ffree, st0.ffree);
    CHECK(st.bfree >= st0.bfree - 2); /* the root directory may have grown */
    d = mkd(&im.fs, 2, "works-again");
    CHECK(d != 0);
    finish(&im);
    free(buf);
}

/* The smallest cache mount takes: every operation still finds a free slot,
 * and eviction writes back what it must. */
static void smallest_cache(void)
{
    const char *img = eu_path("tiny.img");
    size_t bytes = EXT2_CACHE_MIN * (4096 + sizeof(struct ext2_cslot)) + 63;
    struct eu_img im;
    uint8_t *want = malloc(300000), *got = malloc(300000);
    uint32_t d = 2, f = 0, ino;
    char name[32];

    CHECK_EQ(eu_mkfs(img, 4096, 16384, NULL, NULL), 0);
    CHECK_EQ(eu_mount_with(&im, img, false, bytes - 4096), -ENOMEM);
    CHECK_CONTAINS(ext2_last_error(&im.fs), "cache memory too small");
    eu_umount(&im);
    CHECK_EQ(eu_mount_with(&im, img, false, bytes), 0);
    CHECK_EQ(im.fs.nslots, EXT2_CACHE_MIN);
    for (int i = 0; i < 6; i++) { /* a chain of directories */
        snprintf(name, sizeof(name), "level%d", i);
        d = mkd(&im.fs, d, name);
    }
    eu_fill(want, 300000, 12, 0);
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof(name), "f%d", i);
        f = mk(&im.fs, d, name);
        CHECK_EQ(ext2_write(&im.fs, f, (uint64_t)i << 20, want, 300000), 300000);
    }
    CHECK_EQ(ext2_write(&im.fs, f, 5ull << 30, want, 5000), 5000); /* triple indirect */
    CHECK_EQ(ext2_read(&im.fs, f, 39ull << 20, got, 300000), 300000);
    CHECK(memcmp(got, want, 300000) == 0);
    CHECK_EQ(ext2_rename(&im.fs, 2, "level0", 6, d, "moved", 5), -EINVAL);
    CHECK_EQ(eu_walk(&im.fs, "level0/level1", &ino), 0);
    CHECK_EQ(ext2_rename(&im.fs, ino, "level2", 6, 2, "up", 2), 0);
    CHECK_EQ(ext2_truncate(&im.fs, f, 1000), 0);
    finish(&im);
    CHECK_EQ(eu_stat(img, "/up/level3/level4/level5/f7", "Size"), (7 << 20) + 300000);
    free(want);
    free(got);
}

TEST_CASES({write_and_overwrite, "write_and_overwrite"}, {sparse_far_writes, "sparse_far_writes"},
           {truncate_file, "truncate"}, {directories, "directories"}, {rename_cases, "rename"},
           {links, "links_and_symlinks"}, {attributes, "setattr"},
           {dtime_from_a_boot_clock, "dtime_from_a_boot_clock"},
           {churning_directory, "churning_directory"}, {indexed_directory, "indexed_directory"},
           {full_disk, "full_disk"}, {smallest_cache, "smallest_cache"}, );

int main(void)
{
    eu_failures =
        test_main("ext2/write", test_cases_, sizeof(test_cases_) / sizeof(test_cases_[0]));
    eu_cleanup();
    return eu_failures;
}
