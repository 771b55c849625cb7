/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Many files through the ext2 library against a model: thousands of files
 * created in a few directories, then a random mix (fixed seed) of rewrites
 * (new contents, growing or shrinking), unlinks, renames (onto free names
 * and over existing files, across directories), hard links and remounts.
 * At the end every file reads back as the model says, e2fsck -fn finds
 * nothing to fix, and debugfs's rdump of the whole tree matches the model
 * file for file and byte for byte.
 *
 * make test-unit runs a short form (1 KiB and 4 KiB blocks, a few thousand
 * files); EXT2_HEAVY=1 (make test-ext2-heavy) runs the long one.  Sizes go up
 * to 300 or 400 KiB, into the double-indirect range of 1 KiB blocks, and the
 * images are large enough that the disk never fills (full_disk in
 * write_test.c is about that).
 */
#define _GNU_SOURCE
#include "test.h"
#include "ext2_util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

extern int eu_failures;

#define NDIRS 8

struct file {
    bool live;
    uint32_t dir;  /* index into dirs */
    uint32_t seed; /* contents: eu_fill(seed) */
    uint32_t size;
    uint32_t linked; /* index of the other name of the same inode + 1, or 0 */
};

static struct {
    unsigned nfiles, nops, max_size, kib, inodes;
} cfg;

static uint64_t rng = 88172645463325252ull;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return n ? (uint32_t)(rng % n) : 0;
}

static struct file *files;
static uint32_t dirs[NDIRS];
static uint8_t *buf, *buf2;

static void name_of(unsigned i, char *name, size_t n)
{
    snprintf(name, n, "file-%06u", i);
}

static uint32_t file_size(void)
{
    uint32_t r = rnd(100);

    return r < 10 ? 0 : r < 90 ? rnd(9000) : rnd(cfg.max_size);
}

/* Writes f's contents in chunks of random sizes, then cuts the file to size. */
static int put_contents(struct ext2_fs *fs, uint32_t ino, struct file *f)
{
    size_t done = 0;

    eu_fill(buf, f->size, f->seed, 0);
    while (done < f->size) {
        size_t n = 1 + rnd(5000);
        if (n > f->size - done)
            n = f->size - done;
        long w = ext2_write(fs, ino, done, buf + done, n);
        if (w != (long)n)
            return (int)w;
        done += n;
    }
    return ext2_truncate(fs, ino, f->size);
}

static void create_all(struct ext2_fs *fs)
{
    char name[32];
    int bad = 0;

    for (int d = 0; d < NDIRS; d++) {
        snprintf(name, sizeof(name), "dir%d", d);
        CHECK_EQ(ext2_mkdir(fs, 2, name, strlen(name), 0755, 0, 0, &dirs[d]), 0);
    }
    for (unsigned i = 0; i < cfg.nfiles; i++) {
        struct file *f = &files[i];
        uint32_t ino;
        *f = (struct file){true, rnd(NDIRS), rnd(1u << 30), file_size(), 0};
        name_of(i, name, sizeof(name));
        bad += ext2_create(fs, dirs[f->dir], name, strlen(name), 0644, 0, 0, &ino) != 0;
        bad += put_contents(fs, ino, f) != 0;
    }
    CHECK_EQ(bad, 0);
}

static int lookup(struct ext2_fs *fs, unsigned i, uint32_t *ino)
{
    char name[32];

    name_of(i, name, sizeof(name));
    return ext2_lookup(fs, dirs[files[i].dir], name, strlen(name), ino);
}

/* Forgets name i; its link partner, if any, stays as a file of one name. */
static void forget(unsigned i)
{
    if (files[i].linked)
        files[files[i].linked - 1].linked = 0;
    files[i].live = false;
    files[i].linked = 0;
}

static int one_op(struct ext2_fs *fs)
{
    unsigned i = rnd(cfg.nfiles), j = rnd(cfg.nfiles);
    struct file *f = &files[i];
    char a[32], b[32];
    uint32_t ino;
    int op = (int)rnd(100), r;

    name_of(i, a, sizeof(a));
    name_of(j, b, sizeof(b));
    if (!f->live) { /* bring a name back */
        *f = (struct file){true, rnd(NDIRS), rnd(1u << 30), file_size(), 0};
        if ((r = ext2_create(fs, dirs[f->dir], a, strlen(a), 0644, 0, 0, &ino)) < 0)
            return r;
        return put_contents(fs, ino, f);
    }
    if (op < 40) { /* rewrite, shared with a link partner */
        if ((r = lookup(fs, i, &ino)) < 0)
            return r;
        f->seed = rnd(1u << 30), f->size = file_size();
        if (f->linked) {
            files[f->linked - 1].seed = f->seed;
            files[f->linked - 1].size = f->size;
        }
        return put_contents(fs, ino, f);
    }
    if (op < 60) { /* unlink */
        forget(i);
        return ext2_unlink(fs, dirs[f->dir], a, strlen(a));
    }
    if (op < 90) { /* rename i to name j in some directory, over j if it lives */
        uint32_t nd = rnd(NDIRS);
        if (i == j || (files[j].live && files[j].linked == i + 1))
            return 0;
        if (files[j].live &&
            (r = ext2_rename(fs, dirs[f->dir], a, strlen(a), dirs[files[j].dir], b, strlen(b))) < 0)
            return r;
        if (!files[j].live &&
            (r = ext2_rename(fs, dirs[f->dir], a, strlen(a), dirs[nd], b, strlen(b))) < 0)
            return r;
        if (files[j].live)
            nd = files[j].dir, forget(j);
        files[j] = *f;
        files[j].dir = nd;
        if (f->linked)
            files[f->linked - 1].linked = j + 1;
        f->live = false, f->linked = 0;
        return 0;
    }
    /* a hard link j to i */
    if (files[j].live || f->linked)
        return 0;
    uint32_t nd = rnd(NDIRS);
    if ((r = lookup(fs, i, &ino)) < 0 || (r = ext2_link(fs, ino, dirs[nd], b, strlen(b))) < 0)
        return r;
    files[j] = *f;
    files[j].dir = nd;
    files[j].linked = i + 1;
    f->linked = j + 1;
    return 0;
}

static void check_all(struct ext2_fs *fs)
{
    int bad = 0;

    for (unsigned i = 0; i < cfg.nfiles; i++) {
        uint32_t ino;
        if (!files[i].live)
            continue;
        eu_fill(buf, files[i].size, files[i].seed, 0);
        if (lookup(fs, i, &ino) < 0 ||
            ext2_read(fs, ino, 0, buf2, cfg.max_size + 1) != (long)files[i].size ||
            memcmp(buf, buf2, files[i].size) != 0) {
            if (bad++ < 5)
                printf("  file %u reads wrong\n", i);
        }
    }
    CHECK_EQ(bad, 0);
}

/* debugfs rdump of every directory, compared with the model. */
static void check_on_host(const char *img)
{
    const char *out = eu_path("rdump");
    int bad = 0, live = 0, seen = 0;

    eu_sh("rm -rf '%s' && mkdir -p '%s'", out, out);
    for (int d = 0; d < NDIRS; d++)
        eu_sh("debugfs -R 'rdump /dir%d %s' '%s' >/dev/null 2>&1", d, out, img);
    for (unsigned i = 0; i < cfg.nfiles; i++) {
        char path[700], name[32];
        FILE *f;
        if (!files[i].live)
            continue;
        live++;
        name_of(i, name, sizeof(name));
        snprintf(path, sizeof(path), "%s/dir%u/%s", out, files[i].dir, name);
        f = fopen(path, "rb");
        size_t n = f ? fread(buf2, 1, cfg.max_size + 1, f) : (size_t)-1;
        if (f)
            fclose(f);
        eu_fill(buf, files[i].size, files[i].seed, 0);
        if (n != files[i].size || memcmp(buf, buf2, n) != 0) {
            if (bad++ < 5)
                printf("  debugfs: %s differs (%zd bytes, want %u)\n", path, (ssize_t)n,
                       files[i].size);
        }
    }
    for (int d = 0; d < NDIRS; d++) { /* and nothing else is there */
        char path[700];
        snprintf(path, sizeof(path), "%s/dir%d", out, d);
        DIR *dir = opendir(path);
        struct dirent *e;
        while (dir && (e = readdir(dir)) != NULL)
            seen += e->d_name[0] != '.';
        if (dir)
            closedir(dir);
    }
    CHECK_EQ(bad, 0);
    CHECK_EQ(seen, live);
    CHECK(live > 0);
}

static void run(unsigned bs, const char *name)
{
    const char *img = eu_path(name);
    char extra[32];
    struct eu_img im;
    int errs = 0;

    snprintf(extra, sizeof(extra), "-N %u", cfg.inodes);
    CHECK_EQ(eu_mkfs(img, bs, cfg.kib, NULL, extra), 0);
    files = calloc(cfg.nfiles, sizeof(*files));
    if (eu_mount(&im, img, false) != 0) {
        CHECK(0);
        return;
    }
    create_all(&im.fs);
    for (unsigned k = 0; k < cfg.nops; k++) {
        int r = one_op(&im.fs);
        if (r < 0 && errs++ < 5)
            printf("  op %u: %d (%s)\n", k, r, ext2_last_error(&im.fs));
        if (k % (cfg.nops / 4 + 1) == 0) { /* remount now and then */
            CHECK_EQ(eu_umount(&im), 0);
            CHECK_EQ(eu_mount(&im, img, false), 0);
        }
    }
    CHECK_EQ(errs, 0);
    check_all(&im.fs);
    CHECK_EQ(eu_umount(&im), 0);
    CHECK_EQ(eu_fsck(img), 0);
    check_on_host(img);
    free(files);
}

static void heavy_1k(void)
{
    run(1024, "heavy1k.img");
}

static void heavy_4k(void)
{
    run(4096, "heavy4k.img");
}

TEST_CASES({heavy_1k, "heavy_1k"}, {heavy_4k, "heavy_4k"}, );

int main(void)
{
    const char *h = getenv("EXT2_HEAVY");

    if (h && *h && strcmp(h, "0") != 0)
        cfg = (typeof(cfg)){20000, 60000, 400 * 1024, 1024 * 1024, 32768};
    else
        cfg = (typeof(cfg)){2500, 4000, 300 * 1024, 96 * 1024, 4096};
    buf = malloc(cfg.max_size + 1);
    buf2 = malloc(cfg.max_size + 1);
    eu_failures = test_main(h && *h && strcmp(h, "0") != 0 ? "ext2/heavy-long" : "ext2/heavy",
                            test_cases_, sizeof(test_cases_) / sizeof(test_cases_[0]));
    eu_cleanup();
    free(buf);
    free(buf2);
    return eu_failures;
}
