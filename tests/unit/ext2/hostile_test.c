/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ext2 library on damaged or hostile images, each made by changing one
 * thing in a good image with debugfs -w (or a byte patch): a bad superblock
 * or group descriptor is refused at mount with a reason; unsupported
 * features are refused or mounted read-only; a block pointer outside the
 * disk or into metadata, a bad rec_len, a directory loop and bitmaps that
 * disagree with the descriptors or with the files give -EIO and a message
 * naming the image and the inode, while the rest of the image still works.
 */
#define _GNU_SOURCE
#include "test.h"
#include "ext2_util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern int eu_failures;

static const char *good; /* the pristine image */
static const char *img;  /* the copy each case damages */

static void setup(void)
{
    const char *tree = eu_path("tree");

    good = strdup(eu_path("good.img"));
    img = strdup(eu_path("hostile.img"));
    eu_sh("mkdir -p '%s/a/b/c' '%s/d' && echo other > '%s/other.txt' && "
          "head -c 20000 /dev/zero | tr '\\0' v > '%s/victim' && "
          "head -c 1024 /dev/zero | tr '\\0' '\\377' > '%s/evil' && "
          "for i in 1 2 3 4 5; do echo $i > \"%s/d/file$i\"; done",
          tree, tree, tree, tree, tree, tree);
    if (eu_mkfs(good, 1024, 2048, tree, NULL) != 0)
        printf("  mke2fs failed\n");
}

/* A fresh copy of the good image with the debugfs -w commands applied. */
static void damage(const char *cmds)
{
    eu_sh("cp '%s' '%s'", good, img);
    if (cmds)
        eu_sh("debugfs -w -f - '%s' >/dev/null 2>&1 <<'EOF'\n%s\nEOF", img, cmds);
}

static long long debugfs_num(const char *cmd)
{
    char *out = eu_out(NULL, "debugfs -R '%s' '%s' 2>/dev/null", cmd, img);
    long long v = strtoll(out, NULL, 10);

    free(out);
    return v;
}

static void patch(uint64_t off, const void *bytes, size_t n)
{
    int fd = open(img, O_WRONLY);

    CHECK(fd >= 0 && pwrite(fd, bytes, n, (off_t)off) == (ssize_t)n);
    close(fd);
}

/* The other parts of the image still read. */
static void still_works(struct ext2_fs *fs)
{
    uint32_t ino;
    char buf[16] = {0};

    CHECK_EQ(eu_walk(fs, "other.txt", &ino), 0);
    CHECK_EQ(ext2_read(fs, ino, 0, buf, sizeof(buf)), 6);
    CHECK_STR(buf, "other\n");
}

static void refused(const char *cmds, int err, const char *why)
{
    struct eu_img im;

    damage(cmds);
    CHECK_EQ(eu_mount(&im, img, false), err);
    CHECK_CONTAINS(ext2_last_error(&im.fs), "hostile.img: ");
    CHECK_CONTAINS(ext2_last_error(&im.fs), why);
    eu_umount(&im);
}

static void bad_superblock(void)
{
    struct eu_img im;

    damage(NULL);
    patch(1024 + 56, "\x34\x12", 2);
    CHECK_EQ(eu_mount(&im, img, false), -EINVAL);
    CHECK_CONTAINS(ext2_last_error(&im.fs), "hostile.img: superblock: bad magic number (4660)");
    eu_umount(&im);
    refused("ssv rev_level 0", -EINVAL, "revision is not 1");
    refused("ssv log_block_size 7", -EINVAL, "block size");
    refused("ssv blocks_count 9999999", -EINVAL, "more blocks than the device holds");
    refused("ssv inodes_count 12345", -EINVAL, "inode count");
    refused("ssv blocks_per_group 0", -EINVAL, "blocks per group");
    refused("ssv inode_size 100", -EINVAL, "inode size");
    refused("ssv first_data_block 0", -EINVAL, "first data block");
    refused("ssv feature_incompat 0x42", -ENOTSUP, "unsupported incompatible features");
    refused("set_bg 0 inode_table 999999", -EINVAL, "group 0: bitmaps or inode table");
    refused("set_bg 0 block_bitmap 2", -EINVAL, "group 0: bitmaps or inode table");
    refused("set_bg 0 free_inodes_count 60000", -EINVAL, "group 0: free counts");
    refused("sif <2> mode 0100644", -EINVAL, "root inode is not a directory");
    /* a device shorter than the file system says */
    damage(NULL);
    CHECK_EQ(truncate(img, 1024 * 1024), 0);
    CHECK_EQ(eu_mount(&im, img, false), -EINVAL);
    CHECK_CONTAINS(ext2_last_error(&im.fs), "hostile.img: superblock: more blocks");
    eu_umount(&im);
    /* an unknown read-only feature: mounted, but read-only */
    damage("ssv feature_ro_compat 0x8003");
    CHECK_EQ(eu_mount(&im, img, false), 0);
    CHECK(im.fs.read_only);
    CHECK_EQ(ext2_create(&im.fs, 2, "x", 1, 0644, 0, 0, &(uint32_t){0}), -EROFS);
    still_works(&im.fs);
    eu_umount(&im);
}

static void block_pointers(void)
{
    struct eu_img im;
    uint32_t ino;
    uint8_t buf[100];

    damage("sif /victim block[0] 999999");
    CHECK_EQ(eu_mount(&im, img, false), 0);
    CHECK_EQ(eu_walk(&im.fs, "victim", &ino), 0);
    CHECK_EQ(ext2_read(&im.fs, ino, 0, buf, sizeof(buf)), -EIO);
    CHECK_CONTAINS(ext2_last_error(&im.fs), "hostile.img: inode ");
    CHECK_CONTAINS(ext2_last_error(&im.fs), ": block pointer 999999 outside the file system");
    CHECK_EQ(ext2_write(&im.fs, ino, 0, "x", 1), -EIO);
    CHECK_EQ(ext2_read(&im.fs, ino, 2048, buf, sizeof(buf)), (long)sizeof(buf));
    CHECK_EQ(buf[0], 'v');
    still_works(&im.fs);
    eu_umount(&im);

    /* into the group descriptors, and into the inode table */
    damage("sif /victim block[1] 2\nsif /victim block[2] 40");
    CHECK_EQ(eu_mount(&im, img, false), 0);
    CHECK_EQ(eu_walk(&im.fs, "victim", &ino), 0);
    CHECK_EQ(ext2_read(&im.fs, ino, 1024, buf, 1), -EIO);
    CHECK_CONTAINS(ext2_last_error(&im.fs), "block pointer 2 points at a superblock");
    CHECK_EQ(ext2_read(&im.fs, ino, 2048, buf, 1), -EIO);
    CHECK_CONTAINS(ext2_last_error(&im.fs), "block pointer 40 points at group 0's");
    eu_umount(&im);

    /* an indirect block full of 0xff pointers (evil's data block) */
    long long evil = debugfs_num("bmap /evil 0");
    char cmd[100];
    snprintf(cmd, sizeof(cmd), "sif /victim block[IND] %lld", evil);
    damage(cmd);
    CHECK_EQ(eu_mount(&im, img, false), 0);
    CHECK_EQ(eu_walk(&im.fs, "victim", &ino), 0);
    CHECK_EQ(ext2_read(&im.fs, ino, 13 * 1024, buf, 1), -EIO);
    CHECK_CONTAINS(ext2_last_error(&im.fs), "block pointer 4294967295 outside");
    CHECK_EQ(ext2_truncate(&im.fs, ino, 0), -EIO); /* freeing refuses the bad pointers */
    still_works(&im.fs);
    eu_umount(&im);
}

static void bad_directory_entries(void)
{
    static const struct {
        unsigned off;
        uint16_t value;
        const char *why;
    } t[] = {
        {4, 3, "rec_len 3"},       /* shorter than an entry */
        {4, 14, "rec_len 14"},     /* not a multiple of 4 */
        {4, 0, "rec_len 0"},       /* would loop forever */
        {4, 2000, "rec_len 2000"}, /* past the block */
        {6, 200, "name_len 200"},  /* the name runs past rec_len (file type byte stays 2) */
    };

    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        struct eu_img im;
        uint32_t d, ino;
        uint8_t v[2] = {(uint8_t)t[i].value, (uint8_t)(t[i].value >> 8)};
        damage(NULL);
        long long blk = debugfs_num("bmap /d 0");
        if (t[i].off == 6)
            v[1] = 2;
        patch((uint64_t)blk * 1024 + 12 + t[i].off, v, t[i].value < 256 && t[i].off == 6 ? 1 : 2);
        CHECK_EQ(eu_mount(&im, img, false), 0);
        CHECK_EQ(eu_walk(&im.fs, "d", &d), 0);
        CHECK_EQ(ext2_lookup(&im.fs, d, "file5", 5, &ino), -EIO);
        CHECK_CONTAINS(ext2_last_error(&im.fs), "hostile.img: inode ");
        CHECK_CONTAINS(ext2_last_error(&im.fs), t[i].why);
        CHECK_EQ(ext2_create(&im.fs, d, "new", 3, 0644, 0, 0, &ino), -EIO);
        CHECK_EQ(ext2_rmdir(&im.fs, 2, "d", 1), -EIO);
        still_works(&im.fs);
        eu_umount(&im);
    }
}

/* Entries naming an inode past the last one, or a reserved one (7, the resize inode). */
static void entry_inode_numbers(void)
{
    static const struct {
        uint32_t ino;
        const char *why;
    } t[] = {{0x7fffffff, "entry at 24 names inode 2147483647"},
             {7, "inode 7: reserved or out-of-range inode number"}};

    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        struct eu_img im;
        uint32_t d, ino;
        uint8_t v[4] = {(uint8_t)t[i].ino, (uint8_t)(t[i].ino >> 8), (uint8_t)(t[i].ino >> 16),
                        (uint8_t)(t[i].ino >> 24)};
        damage(NULL);
        long long blk = debugfs_num("bmap /d 0");
        patch((uint64_t)blk * 1024 + 24, v, 4); /* the entry after "." and ".." */
        CHECK_EQ(eu_mount(&im, img, false), 0);
        CHECK_EQ(eu_walk(&im.fs, "d", &d), 0);
        int eio = 0, found = 0;
        for (char n = '1'; n <= '5'; n++) { /* the patched entry is one of these */
            char name[] = {'f', 'i', 'l', 'e', n};
            int r = ext2_lookup(&im.fs, d, name, 5, &ino);
            eio += r == -EIO;
            found += r == 0;
        }
        CHECK(eio >= 1);
        CHECK_EQ(eio + found, 5);
        CHECK_CONTAINS(ext2_last_error(&im.fs), "hostile.img: inode ");
        CHECK_CONTAINS(ext2_last_error(&im.fs), t[i].why);
        still_works(&im.fs);
        eu_umount(&im);
    }
}

static void directory_loop(void)
{
    struct eu_img im;
    uint32_t b, c, ino;
    uint8_t v[4];

    /* b's ".." names c, c's names b: no way up to the root */
    damage(NULL);
    long long bblk = debugfs_num("bmap /a/b 0");
    long long cino;
    char *out = eu_out(NULL, "debugfs -R 'stat /a/b/c' '%s' 2>/dev/null", img);
    cino = strtoll(strstr(out, "Inode: ") + 7, NULL, 10);
    free(out);
    v[0] = (uint8_t)cino, v[1] = (uint8_t)(cino >> 8), v[2] = v[3] = 0;
    patch((uint64_t)bblk * 1024 + 12, v, 4);
    CHECK_EQ(eu_mount(&im, img, false), 0);
    CHECK_EQ(eu_walk(&im.fs, "a/b", &b), 0);
    CHECK_EQ(eu_walk(&im.fs, "a/b/c", &c), 0);
    CHECK_EQ(ext2_lookup(&im.fs, b, "..", 2, &ino), 0);
    CHECK_EQ(ino, c);
    CHECK_EQ(ext2_rename(&im.fs, 2, "d", 1, c, "moved", 5), -EIO);
    CHECK_CONTAINS(ext2_last_error(&im.fs), "hostile.img: inode ");
    CHECK_CONTAINS(ext2_last_error(&im.fs), "directory loop");
    CHECK_EQ(ext2_lookup(&im.fs, 2, "d", 1, &ino), 0); /* nothing moved */
    still_works(&im.fs);
    eu_umount(&im);
}

/* Group 0's free count from dumpe2fs of the good image ("N free blocks," or "N free inodes,"). */
static long long group0_free(const char *what)
{
    char *out = eu_out(NULL, "dumpe2fs '%s' 2>/dev/null | grep -m1 -o '[0-9]* %s'", good, what);
    long long v = strtoll(out, NULL, 10);

    free(out);
    return v;
}

static void bitmaps_disagree(void)
{
    struct eu_img im;
    uint32_t ino;
    char cmd[100];

    /* a descriptor's count that the bitmap does not bear out: read-only, with the reason */
    damage("set_bg 0 free_blocks_count 5");
    CHECK_EQ(eu_mount(&im, img, false), 0);
    CHECK(im.fs.read_only);
    CHECK_CONTAINS(ext2_last_error(&im.fs), "hostile.img: group 0: block bitmap has ");
    CHECK_CONTAINS(ext2_last_error(&im.fs), "the descriptor says 5");
    still_works(&im.fs);
    eu_umount(&im);

    /* a file's block marked free (counts kept in step): freeing it again is caught */
    long long blk = debugfs_num("bmap /victim 3"), nfree = group0_free("free blocks,");
    snprintf(cmd, sizeof(cmd), "freeb %lld\nset_bg 0 free_blocks_count %lld", blk, nfree + 1);
    damage(cmd);
    CHECK_EQ(eu_mount(&im, img, false), 0);
    CHECK(!im.fs.read_only);
    CHECK_EQ(ext2_unlink(&im.fs, 2, "victim", 6), -EIO);
    snprintf(cmd, sizeof(cmd), ": block %lld freed but already free in the bitmap", blk);
    CHECK_CONTAINS(ext2_last_error(&im.fs), cmd);
    CHECK_CONTAINS(ext2_last_error(&im.fs), "hostile.img: inode ");
    still_works(&im.fs);
    eu_umount(&im);

    /* a live inode marked free: not handed out again */
    snprintf(cmd, sizeof(cmd), "freei /other.txt\nset_bg 0 free_inodes_count %lld",
             group0_free("free inodes,") + 1);
    damage(cmd);
    CHECK_EQ(eu_mount(&im, img, false), 0);
    long long other = 0;
    char *out = eu_out(NULL, "debugfs -R 'stat /other.txt' '%s' 2>/dev/null", img);
    other = strtoll(strstr(out, "Inode: ") + 7, NULL, 10);
    free(out);
    int r = 0;
    for (int i = 0; i < 100 && r == 0; i++) {
        char name[16];
        snprintf(name, sizeof(name), "n%d", i);
        r = ext2_create(&im.fs, 2, name, strlen(name), 0644, 0, 0, &ino);
        CHECK(r < 0 || ino != (uint32_t)other);
    }
    CHECK_EQ(r, -EIO);
    snprintf(cmd, sizeof(cmd), "inode %lld: inode bitmap marks a live inode", other);
    CHECK_CONTAINS(ext2_last_error(&im.fs), cmd);
    still_works(&im.fs);
    eu_umount(&im);
}

static void free_inode_named(void)
{
    struct eu_img im;
    uint32_t d, ino;

    /* a directory entry naming an inode that is not in use */
    damage("sif /d/file3 links_count 0");
    CHECK_EQ(eu_mount(&im, img, true), 0);
    CHECK_EQ(eu_walk(&im.fs, "d", &d), 0);
    CHECK_EQ(ext2_lookup(&im.fs, d, "file3", 5, &ino), -EIO);
    CHECK_CONTAINS(ext2_last_error(&im.fs), "refers to a free inode");
    CHECK_EQ(ext2_lookup(&im.fs, d, "file2", 5, &ino), 0);
    eu_umount(&im);
    /* counts no file could have */
    damage("sif /d/file4 blocks 4000000000\nsif /d/file5 size 0x7fffffffffffff");
    CHECK_EQ(eu_mount(&im, img, true), 0);
    CHECK_EQ(eu_walk(&im.fs, "d/file4", &ino), -EIO);
    CHECK_CONTAINS(ext2_last_error(&im.fs), "i_blocks 4000000000 is more than");
    CHECK_EQ(eu_walk(&im.fs, "d/file5", &ino), -EIO);
    CHECK_CONTAINS(ext2_last_error(&im.fs), "size 36028797018963967 beyond");
    CHECK_EQ(eu_walk(&im.fs, "d/file2", &ino), 0);
    eu_umount(&im);
    /* a symlink whose length does not fit where it says it lives */
    damage("symlink /s x\nsif /s size 3000");
    CHECK_EQ(eu_mount(&im, img, true), 0);
    CHECK_EQ(eu_walk(&im.fs, "s", &ino), 0);
    char buf[64];
    CHECK_EQ(ext2_readlink(&im.fs, ino, buf, sizeof(buf)), -EIO);
    CHECK_CONTAINS(ext2_last_error(&im.fs), "symlink length 3000");
    eu_umount(&im);
}

TEST_CASES({bad_superblock, "bad_superblock"}, {block_pointers, "block_pointers"},
           {bad_directory_entries, "bad_directory_entries"},
           {entry_inode_numbers, "entry_inode_numbers"}, {directory_loop, "directory_loop"},
           {bitmaps_disagree, "bitmaps_disagree"}, {free_inode_named, "free_inode_named"}, );

int main(void)
{
    setup();
    eu_failures =
        test_main("ext2/hostile", test_cases_, sizeof(test_cases_) / sizeof(test_cases_[0]));
    eu_cleanup();
    return eu_failures;
}
