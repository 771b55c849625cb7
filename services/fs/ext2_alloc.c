/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2's inodes on disk and its allocators.
 *
 * ext2_iget/ext2_iput move the fields the library uses between an inode
 * table block and struct ext2_inode, leaving every other byte of the
 * on-disk inode as it was.  Blocks and inodes are allocated from the
 * group bitmaps (a block near a goal, an inode in its parent's group
 * first); each change to a bitmap changes the group descriptor's and the
 * superblock's free counts with it, so they never disagree.
 *
 * Nothing from the disk is trusted: a block pointer is checked against the
 * file system's size and every group's metadata before use, a bitmap that
 * offers a metadata block or a live inode, or frees a free one, is reported
 * as corruption instead of being believed.
 */
#include "ext2_priv.h"

static bool is_power_of(uint32_t n, uint32_t base)
{
    while (n > 1 && n % base == 0)
        n /= base;
    return n == 1;
}

/* Whether group holds a superblock and descriptor copy (all do without sparse_super). */
bool ext2_group_has_super(const struct ext2_fs *fs, uint32_t group)
{
    if (group <= 1 || !(fs->ro_compat & RO_COMPAT_SPARSE))
        return true;
    return is_power_of(group, 3) || is_power_of(group, 5) || is_power_of(group, 7);
}

static uint64_t group_start(const struct ext2_fs *fs, uint32_t g)
{
    return fs->first_data_block + (uint64_t)g * fs->bpg;
}

static uint32_t group_blocks(const struct ext2_fs *fs, uint32_t g)
{
    uint64_t left = fs->blocks_count - group_start(fs, g);

    return left < fs->bpg ? (uint32_t)left : fs->bpg;
}

/* Returns 0 if blk may hold file data or an indirect block of ino. */
int ext2_check_block(struct ext2_fs *fs, uint32_t ino, uint32_t blk)
{
    uint32_t g, off, bb, ib, it;
    int r;

    if (blk < fs->first_data_block || blk >= fs->blocks_count)
        return ext2_corrupt(fs, ino, "block pointer %u outside the file system", blk);
    g = (blk - fs->first_data_block) / fs->bpg;
    off = (uint32_t)(blk - group_start(fs, g));
    if (off < 1 + fs->gdt_blocks + fs->reserved_gdt && ext2_group_has_super(fs, g))
        return ext2_corrupt(fs, ino, "block pointer %u points at a superblock or descriptors", blk);
    if ((r = ext2_group_place(fs, g, &bb, &ib, &it)) < 0)
        return r;
    if (blk == bb || blk == ib || (blk >= it && blk - it < fs->itable_blocks))
        return ext2_corrupt(fs, ino, "block pointer %u points at group %u's bitmaps or inodes", blk,
                            g);
    return 0;
}

/* Finds ino's bytes in the inode table: block and offset. */
static int inode_place(struct ext2_fs *fs, uint32_t ino, uint32_t *blk, uint32_t *off)
{
    uint32_t g, idx, bb, ib, it;
    uint64_t byte;
    int r;

    if (ino < 1 || ino > fs->inodes_count)
        return ext2_corrupt(fs, ino, "inode number outside 1..%u", fs->inodes_count);
    g = (ino - 1) / fs->ipg, idx = (ino - 1) % fs->ipg;
    if ((r = ext2_group_place(fs, g, &bb, &ib, &it)) < 0)
        return r;
    byte = (uint64_t)idx * fs->inode_size;
    *blk = it + (uint32_t)(byte >> fs->log_bs);
    *off = (uint32_t)(byte & (fs->bs - 1));
    return 0;
}

int ext2_iget(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in)
{
    uint32_t blk, off;
    uint8_t *b, *p;
    int r;

    if (fs->imemo_valid && fs->imemo_ino == ino) {
        *in = fs->imemo;
        return 0;
    }
    if ((r = inode_place(fs, ino, &blk, &off)) < 0 || (r = ext2_bget(fs, blk, true, &b)) < 0)
        return r;
    p = b + off;
    in->mode = get16(p);
    in->uid = get16(p + 2) | (uint32_t)get16(p + 120) << 16;
    in->size = get32(p + 4);
    in->atime = get32(p + 8);
    in->ctime = get32(p + 12);
    in->mtime = get32(p + 16);
    in->dtime = get32(p + 20);
    in->gid = get16(p + 24) | (uint32_t)get16(p + 122) << 16;
    in->links = get16(p + 26);
    in->blocks = get32(p + 28);
    in->flags = get32(p + 32);
    for (int i = 0; i < EXT2_NBLOCKS; i++)
        in->block[i] = get32(p + 40 + 4 * i);
    in->file_acl = get32(p + 104);
    if (IS_REG(in->mode))
        in->size |= (uint64_t)get32(p + 108) << 32;
    ext2_bput(fs, b, false);
    fs->imemo = *in, fs->imemo_ino = ino, fs->imemo_valid = true;
    return 0;
}

int ext2_iput(struct ext2_fs *fs, uint32_t ino, const struct ext2_inode *in)
{
    uint32_t blk, off;
    uint8_t *b, *p;
    int r;

    fs->imemo_valid = false; /* the next ext2_iget reads back what this one stored */
    if ((r = inode_place(fs, ino, &blk, &off)) < 0 || (r = ext2_bget(fs, blk, true, &b)) < 0)
        return r;
    p = b + off;
    put16(p, in->mode);
    put16(p + 2, (uint16_t)in->uid);
    put16(p + 120, (uint16_t)(in->uid >> 16));
    put32(p + 4, (uint32_t)in->size);
    put32(p + 8, in->atime);
    put32(p + 12, in->ctime);
    put32(p + 16, in->mtime);
    put32(p + 20, in->dtime);
    put16(p + 24, (uint16_t)in->gid);
    put16(p + 122, (uint16_t)(in->gid >> 16));
    put16(p + 26, in->links);
    put32(p + 28, in->blocks);
    put32(p + 32, in->flags);
    for (int i = 0; i < EXT2_NBLOCKS; i++)
        put32(p + 40 + 4 * i, in->block[i]);
    put32(p + 104, in->file_acl);
    if (IS_REG(in->mode))
        put32(p + 108, (uint32_t)(in->size >> 32));
    ext2_bput(fs, b, true);
    return 0;
}

/* Zeroes all of ino's on-disk bytes, for a newly allocated inode. */
int ext2_iclear(struct ext2_fs *fs, uint32_t ino)
{
    uint32_t blk, off;
    uint8_t *b;
    int r;

    fs->imemo_valid = false;
    if ((r = inode_place(fs, ino, &blk, &off)) < 0 || (r = ext2_bget(fs, blk, true, &b)) < 0)
        return r;
    memset(b + off, 0, fs->inode_size);
    ext2_bput(fs, b, true);
    return 0;
}

/* As ext2_iget, for an inode a name or the caller refers to: it must be in use. */
int ext2_iget_used(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in)
{
    int r;

    if (ino != EXT2_ROOT_INO && (ino < fs->first_ino || ino > fs->inodes_count))
        return ext2_corrupt(fs, ino, "reserved or out-of-range inode number used for a file");
    if ((r = ext2_iget(fs, ino, in)) < 0)
        return r;
    if (in->links == 0 || (in->mode & S_FMT) == 0)
        return ext2_corrupt(fs, ino, "refers to a free inode (links %u, mode 0%o)", in->links,
                            in->mode);
    if (in->blocks / (fs->bs / 512) > fs->blocks_count)
        return ext2_corrupt(fs, ino, "i_blocks %u is more than the file system holds", in->blocks);
    if (IS_REG(in->mode) && in->size > ext2_max_size(fs))
        return ext2_corrupt(fs, ino, "size %llu beyond what a block map can address",
                            (unsigned long long)in->size);
    switch (in->mode & S_FMT) {
    case S_REG:
    case S_DIR:
    case S_LNK:
    case S_CHR:
    case S_BLK:
    case S_FIFO:
    case S_SOCK:
        return 0;
    default:
        return ext2_corrupt(fs, ino, "unknown file type in mode 0%o", in->mode);
    }
}

/* Finds a clear bit in [from, n) then [0, from); returns the bit or -1. */
static long find_clear(const uint8_t *map, uint32_t n, uint32_t from)
{
    for (uint32_t k = 0; k < n;) {
        uint32_t i = (from + k) % n;
        if (i % 8 == 0 && map[i / 8] == 0xff && k + 8 <= n) {
            k += 8;
            continue;
        }
        if (!(map[i / 8] & (1u << (i % 8))))
            return i;
        k++;
    }
    return -1;
}

static int group_field_add(struct ext2_fs *fs, uint32_t g, unsigned field, int delta)
{
    uint8_t *gd;
    int r = ext2_gd_get(fs, g, &gd);

    if (r < 0)
        return r;
    put16(gd + field, (uint16_t)(get16(gd + field) + delta));
    ext2_gd_put(fs, gd, true);
    return 0;
}

/* Takes a clear bit from group g's bitmap at bitmap_field: *bit, or -ENOSPC if none. */
static int take_bit(struct ext2_fs *fs, uint32_t g, unsigned bitmap_field, unsigned count_field,
                    uint32_t n, uint32_t from, uint32_t *bit)
{
    uint8_t *gd, *map;
    uint32_t bm, nfree;
    long i;
    int r;

    if ((r = ext2_gd_get(fs, g, &gd)) < 0)
        return r;
    bm = get32(gd + bitmap_field), nfree = get16(gd + count_field);
    ext2_gd_put(fs, gd, false);
    if (nfree == 0)
        return -ENOSPC;
    if ((r = ext2_bget(fs, bm, true, &map)) < 0)
        return r;
    i = find_clear(map, n, from < n ? from : 0);
    if (i < 0) {
        ext2_bput(fs, map, false);
        return ext2_corrupt(fs, 0, "group %u: descriptor counts %u free, its bitmap none", g,
                            nfree);
    }
    map[i / 8] |= (uint8_t)(1u << (i % 8));
    ext2_bput(fs, map, true);
    *bit = (uint32_t)i;
    return group_field_add(fs, g, count_field, -1);
}

/* Gives bit back to group g's bitmap; -EIO if it was clear already. */
static int give_bit(struct ext2_fs *fs, uint32_t ino, uint32_t g, unsigned bitmap_field,
                    unsigned count_field, uint32_t bit, const char *what, uint32_t id)
{
    uint8_t *gd, *map;
    uint32_t bm;
    int r;

    if ((r = ext2_gd_get(fs, g, &gd)) < 0)
        return r;
    bm = get32(gd + bitmap_field);
    ext2_gd_put(fs, gd, false);
    if ((r = ext2_bget(fs, bm, true, &map)) < 0)
        return r;
    if (!(map[bit / 8] & (1u << (bit % 8)))) {
        ext2_bput(fs, map, false);
        return ext2_corrupt(fs, ino, "%s %u freed but already free in the bitmap", what, id);
    }
    map[bit / 8] &= (uint8_t) ~(1u << (bit % 8));
    ext2_bput(fs, map, true);
    return group_field_add(fs, g, count_field, 1);
}

/* Allocates a block for ino, near goal; its contents are undefined. */
int ext2_balloc(struct ext2_fs *fs, uint32_t ino, uint32_t goal, uint32_t *blk)
{
    uint32_t g0 = 0, from = 0;

    if (get32(fs->sb + SB_FREE_BLOCKS) == 0)
        return -ENOSPC;
    if (goal >= fs->first_data_block && goal < fs->blocks_count) {
        g0 = (goal - fs->first_data_block) / fs->bpg;
        from = (uint32_t)(goal - group_start(fs, g0));
    }
    for (uint32_t k = 0; k < fs->groups; k++) {
        uint32_t g = (g0 + k) % fs->groups, bit;
        int r = take_bit(fs, g, GD_BLOCK_BITMAP, GD_FREE_BLOCKS, group_blocks(fs, g),
                         k == 0 ? from : 0, &bit);
        if (r == -ENOSPC)
            continue;
        if (r < 0)
            return r;
        ext2_sb_add(fs, SB_FREE_BLOCKS, -1);
        *blk = (uint32_t)(group_start(fs, g) + bit);
        if ((r = ext2_check_block(fs, 0, *blk)) < 0)
            return ext2_corrupt(fs, ino, "group %u's bitmap offers metadata block %u", g, *blk);
        return 0;
    }
    return -ENOSPC;
}

int ext2_bfree(struct ext2_fs *fs, uint32_t ino, uint32_t blk)
{
    uint32_t g;
    int r = ext2_check_block(fs, ino, blk);

    if (r < 0)
        return r;
    g = (blk - fs->first_data_block) / fs->bpg;
    r = give_bit(fs, ino, g, GD_BLOCK_BITMAP, GD_FREE_BLOCKS, (uint32_t)(blk - group_start(fs, g)),
                 "block", blk);
    if (r < 0)
        return r;
    ext2_sb_add(fs, SB_FREE_BLOCKS, 1);
    return 0;
}

/* Allocates an inode, in dir's group if it has one free; the inode is not written. */
int ext2_ialloc(struct ext2_fs *fs, uint32_t dir, bool is_dir, uint32_t *ino)
{
    uint32_t g0 = (dir - 1) / fs->ipg;

    if (get32(fs->sb + SB_FREE_INODES) == 0)
        return -ENOSPC;
    for (uint32_t k = 0; k < fs->groups; k++) {
        uint32_t g = (g0 + k) % fs->groups, bit, first = g == 0 ? fs->first_ino - 1 : 0;
        struct ext2_inode in;
        int r = take_bit(fs, g, GD_INODE_BITMAP, GD_FREE_INODES, fs->ipg, first, &bit);
        if (r == -ENOSPC)
            continue;
        if (r < 0)
            return r;
        ext2_sb_add(fs, SB_FREE_INODES, -1);
        *ino = g * fs->ipg + bit + 1;
        if (is_dir && (r = group_field_add(fs, g, GD_USED_DIRS, 1)) < 0)
            return r;
        if (*ino < fs->first_ino)
            return ext2_corrupt(fs, *ino, "inode bitmap offers a reserved inode");
        if ((r = ext2_iget(fs, *ino, &in)) < 0)
            return r;
        if (in.links != 0)
            return ext2_corrupt(fs, *ino, "inode bitmap marks a live inode (links %u) free",
                                in.links);
        return 0;
    }
    return -ENOSPC;
}

int ext2_ifree(struct ext2_fs *fs, uint32_t ino, bool is_dir)
{
    uint32_t g = (ino - 1) / fs->ipg;
    int r =
        give_bit(fs, ino, g, GD_INODE_BITMAP, GD_FREE_INODES, (ino - 1) % fs->ipg, "inode", ino);

    if (r < 0)
        return r;
    ext2_sb_add(fs, SB_FREE_INODES, 1);
    return is_dir ? group_field_add(fs, g, GD_USED_DIRS, -1) : 0;
}

static uint32_t count_clear(const uint8_t *map, uint32_t n)
{
    uint32_t c = 0;

    for (uint32_t i = 0; i < n; i++)
        c += !(map[i / 8] & (1u << (i % 8)));
    return c;
}

/* Counts one bitmap's clear bits against the descriptor's free count. */
static int check_bitmap(struct ext2_fs *fs, uint32_t g, unsigned bitmap_field, unsigned count_field,
                        uint32_t n, const char *what)
{
    uint8_t *gd, *map;
    uint32_t bm, nfree, have;
    int r;

    if ((r = ext2_gd_get(fs, g, &gd)) < 0)
        return r;
    bm = get32(gd + bitmap_field), nfree = get16(gd + count_field);
    ext2_gd_put(fs, gd, false);
    if ((r = ext2_bget(fs, bm, true, &map)) < 0)
        return r;
    have = count_clear(map, n);
    ext2_bput(fs, map, false);
    if (have != nfree)
        return ext2_corrupt(fs, 0, "group %u: %s bitmap has %u free, the descriptor says %u", g,
                            what, have, nfree);
    return 0;
}

/* Checks every group's bitmaps against its free counts; -EIO at the first disagreement. */
int ext2_check_bitmaps(struct ext2_fs *fs)
{
    for (uint32_t g = 0; g < fs->groups; g++) {
        int r = check_bitmap(fs, g, GD_BLOCK_BITMAP, GD_FREE_BLOCKS, group_blocks(fs, g), "block");
        if (r == 0)
            r = check_bitmap(fs, g, GD_INODE_BITMAP, GD_FREE_INODES, fs->ipg, "inode");
        if (r < 0)
            return r;
    }
    return 0;
}
