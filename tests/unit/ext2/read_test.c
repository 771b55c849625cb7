/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ext2 library reading images that mke2fs -d made from a host tree, with
 * 1 KiB and 4 KiB blocks: file contents byte for byte, a sparse file whose
 * data lies past the double-indirect range, short and long symlinks, nested
 * directories, a directory of thousands of entries (readdir, resumed readdir
 * and lookup), attributes against the host's, statfs against dumpe2fs, and
 * the errors for names that are missing, too long or not directories.
 */
#define _GNU_SOURCE
#include "test.h"
#include "ext2_util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

extern int eu_failures;

#define MANY         3000
#define SPARSE_SIZE  (80ull << 20)
#define SPARSE_FAR   (70ull << 20) /* past the double-indirect range of 1 KiB blocks */
#define SPARSE_NEAR  (1ull << 20)
#define LONG_TARGET  "a/very/long/target/path/that/does/not/fit/in/the/sixty/bytes/of/i_block/x.txt"
#define MEDIUM_BYTES (300 * 1024)

static const char *tree;
static const char *image[2];
static const unsigned block_size[2] = {1024, 4096};

static void make_tree(void)
{
    char p[700];
    int fd;
    uint8_t buf[10000];

    tree = strdup(eu_path("tree"));
    eu_sh("mkdir -p '%s/data' '%s/a/b/c/d' '%s/many' '%s/links'", tree, tree, tree, tree);
    snprintf(p, sizeof(p), "%s/hello.txt", tree);
    FILE *f = fopen(p, "w");
    fputs("hello, ext2\n", f);
    fclose(f);
    snprintf(p, sizeof(p), "%s/data/small.bin", tree);
    eu_write_file(p, 1000, 1);
    snprintf(p, sizeof(p), "%s/data/medium.bin", tree);
    eu_write_file(p, MEDIUM_BYTES, 2);
    snprintf(p, sizeof(p), "%s/data/empty", tree);
    eu_write_file(p, 0, 0);
    snprintf(p, sizeof(p), "%s/a/b/c/d/deep.txt", tree);
    eu_write_file(p, 77, 5);
    chmod(p, 0640);
    snprintf(p, sizeof(p), "%s/big.sparse", tree);
    fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    eu_fill(buf, sizeof(buf), 3, SPARSE_FAR);
    pwrite(fd, buf, sizeof(buf), SPARSE_FAR);
    eu_fill(buf, 5000, 4, SPARSE_NEAR);
    pwrite(fd, buf, 5000, SPARSE_NEAR);
    ftruncate(fd, SPARSE_SIZE);
    close(fd);
    snprintf(p, sizeof(p), "%s/links/short", tree);
    symlink("../hello.txt", p);
    snprintf(p, sizeof(p), "%s/links/long", tree);
    symlink(LONG_TARGET, p);
    eu_sh("cd '%s/many' && for i in $(seq -w 0 %d); do : > f$i; done", tree, MANY - 1);
}

static void setup(void)
{
    static const char *names[2] = {"read1k.img", "read4k.img"};

    make_tree();
    for (int i = 0; i < 2; i++) {
        image[i] = strdup(eu_path(names[i]));
        if (eu_mkfs(image[i], block_size[i], 32768, tree, "-N 4096") != 0)
            printf("  mke2fs failed for %s\n", image[i]);
    }
}

static void check_file(struct ext2_fs *fs, const char *path, size_t len, uint32_t seed)
{
    uint32_t ino;
    uint8_t *got = malloc(len + 100), *want = malloc(len + 1);

    CHECK_EQ(eu_walk(fs, path, &ino), 0);
    eu_fill(want, len, seed, 0);
    CHECK_EQ(ext2_read(fs, ino, 0, got, len + 100), (long)len);
    CHECK(memcmp(got, want, len) == 0);
    /* unaligned pieces across block boundaries */
    for (size_t off = 0; off < len; off += 1531) {
        size_t n = len - off < 2900 ? len - off : 2900;
        CHECK_EQ(ext2_read(fs, ino, off, got, n), (long)n);
        CHECK(memcmp(got, want + off, n) == 0);
    }
    CHECK_EQ(ext2_read(fs, ino, len, got, 10), 0);
    CHECK_EQ(ext2_read(fs, ino, len + 5000, got, 10), 0);
    free(got);
    free(want);
}

static void files_match(void)
{
    for (int i = 0; i < 2; i++) {
        struct eu_img im;
        uint32_t ino;
        char buf[64] = {0};
        CHECK_EQ(eu_mount(&im, image[i], true), 0);
        CHECK_EQ(eu_walk(&im.fs, "hello.txt", &ino), 0);
        CHECK_EQ(ext2_read(&im.fs, ino, 0, buf, sizeof(buf)), 12);
        CHECK_STR(buf, "hello, ext2\n");
        check_file(&im.fs, "data/small.bin", 1000, 1);
        check_file(&im.fs, "data/medium.bin", MEDIUM_BYTES, 2);
        check_file(&im.fs, "data/empty", 0, 0);
        check_file(&im.fs, "a/b/c/d/deep.txt", 77, 5);
        eu_umount(&im);
    }
}

static void sparse_file(void)
{
    uint8_t *got = malloc(20000), want[10000], zero[4096] = {0};

    for (int i = 0; i < 2; i++) {
        struct eu_img im;
        struct ext2_attr a;
        uint32_t ino;
        CHECK_EQ(eu_mount(&im, image[i], true), 0);
        CHECK_EQ(eu_walk(&im.fs, "big.sparse", &ino), 0);
        CHECK_EQ(ext2_getattr(&im.fs, ino, &a), 0);
        CHECK_EQ(a.size, SPARSE_SIZE);
        CHECK(a.blocks < 200); /* holes take no blocks */
        eu_fill(want, sizeof(want), 3, SPARSE_FAR);
        CHECK_EQ(ext2_read(&im.fs, ino, SPARSE_FAR - 100, got, 10100), 10100);
        CHECK(memcmp(got, zero, 100) == 0);
        CHECK(memcmp(got + 100, want, 10000) == 0);
        eu_fill(want, 5000, 4, SPARSE_NEAR);
        CHECK_EQ(ext2_read(&im.fs, ino, SPARSE_NEAR, got, 5000), 5000);
        CHECK(memcmp(got, want, 5000) == 0);
        CHECK_EQ(ext2_read(&im.fs, ino, 40ull << 20, got, 4096), 4096);
        CHECK(memcmp(got, zero, 4096) == 0);
        CHECK_EQ(ext2_read(&im.fs, ino, SPARSE_SIZE - 10, got, 100), 10);
        eu_umount(&im);
    }
    free(got);
}

static void symlinks(void)
{
    for (int i = 0; i < 2; i++) {
        struct eu_img im;
        struct ext2_attr a;
        uint32_t ino;
        char buf[256];
        CHECK_EQ(eu_mount(&im, image[i], true), 0);
        CHECK_EQ(eu_walk(&im.fs, "links/short", &ino), 0);
        CHECK_EQ(ext2_readlink(&im.fs, ino, buf, sizeof(buf)), 12);
        CHECK(memcmp(buf, "../hello.txt", 12) == 0);
        CHECK_EQ(ext2_getattr(&im.fs, ino, &a), 0);
        CHECK_EQ(a.mode & 0170000, 0120000);
        CHECK_EQ(ext2_readlink(&im.fs, ino, buf, 3), 3);
        CHECK_EQ(eu_walk(&im.fs, "links/long", &ino), 0);
        CHECK_EQ(ext2_readlink(&im.fs, ino, buf, sizeof(buf)), (long)strlen(LONG_TARGET));
        CHECK(memcmp(buf, LONG_TARGET, strlen(LONG_TARGET)) == 0);
        CHECK_EQ(ext2_read(&im.fs, ino, 0, buf, 10), -EINVAL);
        eu_umount(&im);
    }
}

struct seen {
    uint8_t *mark;
    int count, dots, stop_every, taken;
};

static int collect(void *arg, const char *name, size_t len, uint32_t ino, unsigned type)
{
    struct seen *s = arg;
    (void)ino;

    if (s->stop_every && s->taken == s->stop_every) {
        s->taken = 0;
        return 1;
    }
    s->taken++;
    s->count++;
    if ((len == 1 && name[0] == '.') || (len == 2 && !memcmp(name, "..", 2))) {
        s->dots++;
        return 0;
    }
    if (len == 5 && name[0] == 'f' && type == EXT2_DT_REG) {
        int n = atoi(name + 1);
        if (n >= 0 && n < MANY)
            s->mark[n]++;
    }
    return 0;
}

static void big_directory(void)
{
    for (int i = 0; i < 2; i++) {
        struct eu_img im;
        uint32_t dir, ino;
        uint64_t cookie = 0;
        struct seen s = {calloc(MANY, 1), 0, 0, 0, 0};
        int ok = 1, rounds = 0;
        CHECK_EQ(eu_mount(&im, image[i], true), 0);
        CHECK_EQ(eu_walk(&im.fs, "many", &dir), 0);
        CHECK_EQ(ext2_readdir(&im.fs, dir, &cookie, collect, &s), 0);
        CHECK_EQ(s.count, MANY + 2);
        CHECK_EQ(s.dots, 2);
        for (int k = 0; k < MANY; k++)
            ok &= s.mark[k] == 1;
        CHECK(ok);
        /* resumed in small steps: the same entries, each once */
        memset(s.mark, 0, MANY);
        s = (struct seen){s.mark, 0, 0, 7, 0};
        cookie = 0;
        for (uint64_t last = UINT64_MAX; cookie != last && rounds < 10000; rounds++) {
            last = cookie;
            CHECK_EQ(ext2_readdir(&im.fs, dir, &cookie, collect, &s), 0);
        }
        CHECK_EQ(s.count, MANY + 2);
        ok = 1;
        for (int k = 0; k < MANY; k++)
            ok &= s.mark[k] == 1;
        CHECK(ok);
        CHECK_EQ(ext2_lookup(&im.fs, dir, "f2999", 5, &ino), 0);
        CHECK_EQ(ext2_lookup(&im.fs, dir, "f0000", 5, &ino), 0);
        CHECK_EQ(ext2_lookup(&im.fs, dir, "f3000", 5, &ino), -ENOENT);
        free(s.mark);
        eu_umount(&im);
    }
}

static void attributes(void)
{
    char p[700];
    struct stat st;

    snprintf(p, sizeof(p), "%s/a/b/c/d/deep.txt", tree);
    stat(p, &st);
    for (int i = 0; i < 2; i++) {
        struct eu_img im;
        struct ext2_attr a;
        struct ext2_statfs sf;
        uint32_t ino;
        CHECK_EQ(eu_mount(&im, image[i], true), 0);
        CHECK_EQ(eu_walk(&im.fs, "a/b/c/d/deep.txt", &ino), 0);
        CHECK_EQ(ext2_getattr(&im.fs, ino, &a), 0);
        CHECK_EQ(a.mode, st.st_mode);
        CHECK_EQ(a.uid, st.st_uid);
        CHECK_EQ(a.gid, st.st_gid);
        CHECK_EQ(a.size, 77);
        CHECK_EQ(a.nlink, 1);
        CHECK_EQ(a.mtime, st.st_mtime);
        CHECK_EQ(a.blksize, block_size[i]);
        CHECK_EQ(a.blocks, block_size[i] / 512);
        CHECK_EQ(eu_walk(&im.fs, "a/b", &ino), 0);
        CHECK_EQ(ext2_getattr(&im.fs, ino, &a), 0);
        CHECK_EQ(a.mode & 0170000, 0040000);
        CHECK_EQ(a.nlink, 3);
        CHECK_EQ(ext2_statfs(&im.fs, &sf), 0);
        CHECK_EQ(sf.bsize, block_size[i]);
        CHECK_EQ(sf.blocks, 32768 * 1024 / block_size[i]);
        size_t n;
        char *out = eu_out(&n, "dumpe2fs -h '%s' 2>/dev/null", image[i]);
        const char *fb = strstr(out, "Free blocks:"), *fi = strstr(out, "Free inodes:");
        CHECK(fb && fi);
        if (fb && fi) {
            CHECK_EQ(sf.bfree, strtoull(fb + 12, NULL, 10));
            CHECK_EQ(sf.ffree, strtoull(fi + 12, NULL, 10));
        }
        free(out);
        eu_umount(&im);
    }
}

static void errors(void)
{
    struct eu_img im;
    uint32_t ino, file;
    char name[300];
    uint8_t buf[8];

    CHECK_EQ(eu_mount(&im, image[0], true), 0);
    CHECK_EQ(eu_walk(&im.fs, "nothing", &ino), -ENOENT);
    CHECK_EQ(eu_walk(&im.fs, "hello.txt", &file), 0);
    CHECK_EQ(ext2_lookup(&im.fs, file, "x", 1, &ino), -ENOTDIR);
    CHECK_EQ(ext2_read(&im.fs, ext2_root(&im.fs), 0, buf, 8), -EISDIR);
    memset(name, 'n', sizeof(name));
    CHECK_EQ(ext2_lookup(&im.fs, ext2_root(&im.fs), name, 256, &ino), -ENAMETOOLONG);
    CHECK_EQ(ext2_lookup(&im.fs, ext2_root(&im.fs), name, 255, &ino), -ENOENT);
    CHECK_EQ(ext2_lookup(&im.fs, ext2_root(&im.fs), "..", 2, &ino), 0);
    CHECK_EQ(ino, 2);
    /* a read-only mount refuses changes */
    CHECK_EQ(ext2_write(&im.fs, file, 0, "x", 1), -EROFS);
    CHECK_EQ(ext2_create(&im.fs, 2, "new", 3, 0644, 0, 0, &ino), -EROFS);
    CHECK_EQ(ext2_getattr(&im.fs, 1000000, &(struct ext2_attr){0}), -EIO);
    CHECK_CONTAINS(ext2_last_error(&im.fs), "read1k.img: inode 1000000: ");
    eu_umount(&im);
}

TEST_CASES({files_match, "files_match"}, {sparse_file, "sparse_file"}, {symlinks, "symlinks"},
           {big_directory, "big_directory"}, {attributes, "attributes"}, {errors, "errors"}, );

int main(void)
{
    setup();
    eu_failures = test_main("ext2/read", test_cases_, sizeof(test_cases_) / sizeof(test_cases_[0]));
    eu_cleanup();
    return eu_failures;
}
