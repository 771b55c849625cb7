/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2 file contents: the block map and read, write and truncate.
 *
 * A file's logical block n is found through i_block: twelve direct
 * pointers, then one, two and three levels of indirect blocks of bs/4
 * pointers each.  A zero pointer is a hole and reads as zeros.  Writing
 * allocates what is missing on the way down, each new block zeroed, and
 * counts it in i_blocks.  Truncation frees the data blocks past the new end
 * and every indirect block whose whole range lies past it; a write that runs
 * out of space does the same for what it allocated beyond the size it
 * reached, so a full disk leaves no block unaccounted for.
 */
#include "ext2_priv.h"

#define LARGE_FILE_SIZE 0x80000000ull
#define LONG_MAX_BYTES  ((size_t)(~0ul >> 1)) /* the most a long return value can count */

static uint32_t ptr_shift(const struct ext2_fs *fs)
{
    return fs->log_bs - 2; /* log2 of pointers per block */
}

/* Blocks a file can address: direct plus the three indirect trees. */
static uint64_t max_blocks(const struct ext2_fs *fs)
{
    uint64_t p = 1ull << ptr_shift(fs);

    return EXT2_NDIR + p + p * p + p * p * p;
}

uint64_t ext2_max_size(const struct ext2_fs *fs)
{
    return max_blocks(fs) << fs->log_bs;
}

static int add_blocks(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, int sign)
{
    uint32_t n = fs->bs / 512;

    if (sign > 0 && in->blocks > UINT32_MAX - n)
        return -EFBIG;
    if (sign < 0)
        in->blocks = in->blocks >= n ? in->blocks - n : 0;
    else
        in->blocks += n;
    (void)ino;
    return 0;
}

/* Allocates a zeroed block for in near goal, counted in i_blocks. */
static int alloc_zeroed(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint32_t goal,
                        uint32_t *blk)
{
    uint8_t *b;
    int r;

    if ((r = add_blocks(fs, ino, in, 1)) < 0)
        return r;
    if ((r = ext2_balloc(fs, ino, goal, blk)) < 0 || (r = ext2_bget(fs, *blk, false, &b)) < 0) {
        add_blocks(fs, ino, in, -1);
        return r;
    }
    ext2_bput(fs, b, true);
    return 0;
}

/* The i_block slot and depth for logical block lblk, which becomes the index under it. */
static int map_root(const struct ext2_fs *fs, uint64_t *lblk, int *depth)
{
    uint32_t s = ptr_shift(fs);

    if (*lblk < EXT2_NDIR) {
        *depth = 0;
        return (int)*lblk;
    }
    *lblk -= EXT2_NDIR;
    for (int d = 1; d <= 3; d++) {
        uint64_t span = 1ull << (s * d);
        if (*lblk < span) {
            *depth = d;
            return EXT2_IND + d - 1;
        }
        *lblk -= span;
    }
    return -EFBIG;
}

/* Looks one level down from indirect block blk: child at idx, allocated if asked. */
static int step_down(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint32_t blk,
                     uint32_t idx, bool alloc, uint32_t *child)
{
    uint8_t *b;
    int r;

    if ((r = ext2_bget(fs, blk, true, &b)) < 0)
        return r;
    *child = get32(b + 4 * idx);
    if (*child) {
        ext2_bput(fs, b, false);
        return ext2_check_block(fs, ino, *child);
    }
    if (!alloc) {
        ext2_bput(fs, b, false);
        return 0;
    }
    r = alloc_zeroed(fs, ino, in, blk, child);
    if (r == 0)
        put32(b + 4 * idx, *child);
    ext2_bput(fs, b, r == 0);
    return r;
}

/* Maps logical block lblk of ino to *pblk (0: a hole); with alloc, fills holes.
 * in is updated in memory (pointers, i_blocks); the caller writes it back. */
int ext2_bmap(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint64_t lblk, bool alloc,
              uint32_t *pblk)
{
    int depth, slot = map_root(fs, &lblk, &depth);
    uint32_t s = ptr_shift(fs), b;
    int r;

    if (slot < 0)
        return slot;
    b = in->block[slot];
    if (b == 0) {
        uint32_t goal = slot > 0 ? in->block[slot - 1] : 0;
        if (!alloc) {
            *pblk = 0;
            return 0;
        }
        if (goal == 0)
            goal = fs->first_data_block + (ino - 1) / fs->ipg * fs->bpg;
        if ((r = alloc_zeroed(fs, ino, in, goal, &b)) < 0)
            return r;
        in->block[slot] = b;
    } else if ((r = ext2_check_block(fs, ino, b)) < 0) {
        return r;
    }
    for (int level = depth; level > 0 && b; level--) {
        uint32_t idx = (uint32_t)(lblk >> (s * (level - 1))) & ((1u << s) - 1);
        if ((r = step_down(fs, ino, in, b, idx, alloc, &b)) < 0)
            return r;
    }
    *pblk = b;
    return 0;
}

/* Frees the tree under blk (a data block at level 0) from logical block keep
 * on; base is the first logical block under it.  Returns 1 if blk itself was
 * freed, 0 if it stays, or a negative error. */
static int free_tree(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint32_t blk,
                     int level, uint64_t base, uint64_t keep)
{
    uint32_t s = ptr_shift(fs), n = 1u << s;
    uint64_t child_span = level > 0 ? 1ull << (s * (level - 1)) : 0;
    uint8_t *b;
    int r;

    if ((r = ext2_check_block(fs, ino, blk)) < 0)
        return r;
    if (level > 0) {
        if ((r = ext2_bget(fs, blk, true, &b)) < 0)
            return r;
        for (uint32_t i = 0; i < n && r >= 0; i++) {
            uint64_t cb = base + i * child_span;
            uint32_t child = get32(b + 4 * i);
            if (child == 0 || cb + child_span <= keep)
                continue;
            r = free_tree(fs, ino, in, child, level - 1, cb, keep);
            if (r == 1)
                put32(b + 4 * i, 0);
        }
        ext2_bput(fs, b, true);
        if (r < 0)
            return r;
    }
    if (base < keep)
        return 0;
    if ((r = ext2_bfree(fs, ino, blk)) < 0)
        return r;
    add_blocks(fs, ino, in, -1);
    return 1;
}

/* Frees ino's blocks from logical block nblocks on; in is updated in memory. */
int ext2_trunc_blocks(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint64_t nblocks)
{
    uint32_t s = ptr_shift(fs);
    uint64_t base = EXT2_NDIR;
    int r;

    for (uint32_t i = 0; i < EXT2_NDIR; i++) {
        if (i < nblocks || in->block[i] == 0)
            continue;
        if ((r = free_tree(fs, ino, in, in->block[i], 0, i, nblocks)) < 0)
            return r;
        in->block[i] = 0;
    }
    for (int d = 1; d <= 3; d++) {
        uint32_t *root = &in->block[EXT2_IND + d - 1];
        uint64_t span = 1ull << (s * d);
        if (*root && base + span > nblocks) {
            r = free_tree(fs, ino, in, *root, d, base, nblocks);
            if (r < 0)
                return r;
            if (r == 1)
                *root = 0;
        }
        base += span;
    }
    return 0;
}

static bool fast_symlink(const struct ext2_fs *fs, const struct ext2_inode *in)
{
    uint32_t acl = in->file_acl ? fs->bs / 512 : 0;

    return IS_LNK(in->mode) && in->blocks <= acl;
}

/* Drops ino's extended-attribute block reference. */
static int release_xattr(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in)
{
    uint8_t *b;
    uint32_t refs;
    int r;

    if (!in->file_acl)
        return 0;
    if ((r = ext2_check_block(fs, ino, in->file_acl)) < 0 ||
        (r = ext2_bget(fs, in->file_acl, true, &b)) < 0)
        return r;
    refs = get32(b + 4);
    if (get32(b) != 0xEA020000u || refs == 0) {
        ext2_bput(fs, b, false);
        return ext2_corrupt(fs, ino, "bad extended attribute block %u", in->file_acl);
    }
    put32(b + 4, refs - 1);
    ext2_bput(fs, b, true);
    if (refs == 1 && (r = ext2_bfree(fs, ino, in->file_acl)) < 0)
        return r;
    add_blocks(fs, ino, in, -1);
    in->file_acl = 0;
    return 0;
}

/* Frees everything ino holds and the inode itself (its last link is gone). */
int ext2_release(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in)
{
    bool is_dir = IS_DIR(in->mode);
    int r = 0;

    if (fast_symlink(fs, in))
        memset(in->block, 0, sizeof(in->block));
    else if ((in->mode & S_FMT) == S_REG || is_dir || IS_LNK(in->mode))
        r = ext2_trunc_blocks(fs, ino, in, 0);
    if (r == 0)
        r = release_xattr(fs, ino, in);
    if (r < 0)
        return r;
    in->links = 0;
    in->size = 0;
    /* e2fsck reads dtime 0 as "in use", and a dtime below the inode count as a link of the
     * orphan list (when the superblock's times look real).  A clock that counts from boot, as
     * the file service's does, gives such values: they become the inode count. */
    in->dtime = ext2_now(fs);
    if (in->dtime < fs->inodes_count)
        in->dtime = fs->inodes_count;
    if ((r = ext2_iput(fs, ino, in)) < 0)
        return r;
    return ext2_ifree(fs, ino, is_dir);
}

static int get_reg(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in)
{
    int r = ext2_iget_used(fs, ino, in);

    if (r < 0)
        return r;
    if (IS_DIR(in->mode))
        return -EISDIR;
    return IS_REG(in->mode) ? 0 : -EINVAL;
}

static uint64_t blocks_for(const struct ext2_fs *fs, uint64_t size);

/* How many of the blocks from logical lblk (at pblk on the disk) up to max and the file's end
 * follow each other on the disk: at least 1. */
static long contiguous(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint64_t lblk,
                       uint32_t pblk, uint32_t max)
{
    uint64_t end = blocks_for(fs, in->size);
    uint32_t n = 1, next;
    int r;

    while (n < max && lblk + n < end) {
        if ((r = ext2_bmap(fs, ino, in, lblk + n, false, &next)) < 0)
            return r;
        if (next != pblk + n)
            break;
        n++;
    }
    return n;
}

/* On a miss of data block pblk (logical lblk), reads it with the blocks after it that follow it
 * on the disk too, up to EXT2_RUN_MAX and the file's end: one run, not a request per block. */
static int read_ahead(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint64_t lblk,
                      uint32_t pblk)
{
    long n;

    if (ext2_cache_has(fs, pblk))
        return 0;
    if ((n = contiguous(fs, ino, in, lblk, pblk, EXT2_RUN_MAX)) < 0)
        return (int)n;
    return ext2_cache_fill(fs, pblk, (uint32_t)n);
}

/* A read of at least two whole blocks from logical lblk (at pblk, not cached) goes straight
 * into dst; the blocks read (0 if it does not apply), or an error. */
static long read_direct(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint64_t lblk,
                        uint32_t pblk, uint8_t *dst, size_t len)
{
    uint64_t whole = len >> fs->log_bs;
    long n;

    if (whole < 2 || ext2_cache_has(fs, pblk))
        return 0;
    n = contiguous(fs, ino, in, lblk, pblk, whole < EXT2_RUN_MAX ? (uint32_t)whole : EXT2_RUN_MAX);
    return n < 0 ? n : ext2_cache_read_direct(fs, pblk, (uint32_t)n, dst);
}

long ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf, size_t len)
{
    struct ext2_inode in;
    uint8_t *out = buf;
    size_t done = 0;
    int r = get_reg(fs, ino, &in);

    if (r < 0)
        return r;
    if (off >= in.size)
        return 0;
    if (len > in.size - off)
        len = (size_t)(in.size - off);
    if (len > LONG_MAX_BYTES)
        len = LONG_MAX_BYTES;
    while (done < len) {
        uint64_t pos = off + done;
        uint32_t in_blk = (uint32_t)(pos & (fs->bs - 1)), pblk;
        size_t n = fs->bs - in_blk < len - done ? fs->bs - in_blk : len - done;
        uint8_t *b;
        if ((r = ext2_bmap(fs, ino, &in, pos >> fs->log_bs, false, &pblk)) < 0)
            return r;
        long direct = in_blk || pblk == 0 ? 0
                                          : read_direct(fs, ino, &in, pos >> fs->log_bs, pblk,
                                                        out + done, len - done);
        if (direct < 0)
            return direct;
        if (direct > 0) {
            done += (size_t)direct << fs->log_bs;
            continue;
        }
        if (pblk == 0) {
            memset(out + done, 0, n);
        } else {
            if ((r = read_ahead(fs, ino, &in, pos >> fs->log_bs, pblk)) < 0 ||
                (r = ext2_bget(fs, pblk, true, &b)) < 0)
                return r;
            memcpy(out + done, b + in_blk, n);
            ext2_bput(fs, b, false);
        }
        done += n;
    }
    return (long)done;
}

/* Sets a new size, with large_file in the superblock once a file reaches 2 GiB. */
static void set_size(struct ext2_fs *fs, struct ext2_inode *in, uint64_t size)
{
    in->size = size;
    if (size >= LARGE_FILE_SIZE && !(fs->ro_compat & RO_COMPAT_LARGE_FILE)) {
        fs->ro_compat |= RO_COMPAT_LARGE_FILE;
        put32(fs->sb + SB_RO_COMPAT, fs->ro_compat);
        fs->sb_dirty = true;
    }
}

static uint64_t blocks_for(const struct ext2_fs *fs, uint64_t size)
{
    return (size + fs->bs - 1) >> fs->log_bs;
}

/* Copies len bytes of buf into the file at off; returns bytes copied or an error. */
static long write_blocks(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint64_t off,
                         const uint8_t *buf, size_t len)
{
    size_t done = 0;
    int r = 0;

    while (done < len) {
        uint64_t pos = off + done;
        uint32_t in_blk = (uint32_t)(pos & (fs->bs - 1)), pblk;
        size_t n = fs->bs - in_blk < len - done ? fs->bs - in_blk : len - done;
        uint8_t *b;
        if ((r = ext2_bmap(fs, ino, in, pos >> fs->log_bs, true, &pblk)) < 0)
            break;
        if ((r = ext2_bget(fs, pblk, n != fs->bs, &b)) < 0)
            break;
        memcpy(b + in_blk, buf + done, n);
        ext2_bput(fs, b, true);
        done += n;
    }
    return done ? (long)done : r;
}

long ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t off, const void *buf, size_t len)
{
    struct ext2_inode in;
    long done;
    int r;

    if (fs->read_only)
        return -EROFS;
    if ((r = get_reg(fs, ino, &in)) < 0)
        return r;
    if (len == 0)
        return 0;
    if (off >= ext2_max_size(fs) || len > ext2_max_size(fs) - off)
        return -EFBIG;
    if (len > LONG_MAX_BYTES)
        len = LONG_MAX_BYTES;
    done = write_blocks(fs, ino, &in, off, buf, len);
    if (done > 0 && off + (uint64_t)done > in.size)
        set_size(fs, &in, off + (uint64_t)done);
    if (done < (long)len) /* free what the failed part allocated past the end */
        ext2_trunc_blocks(fs, ino, &in, blocks_for(fs, in.size));
    if (done > 0)
        in.mtime = in.ctime = ext2_now(fs);
    if ((r = ext2_iput(fs, ino, &in)) < 0)
        return r;
    return done;
}

/* Zeroes the file's bytes from size to the end of that block, so a later extension reads 0. */
static int zero_tail(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint64_t size)
{
    uint32_t in_blk = (uint32_t)(size & (fs->bs - 1)), pblk;
    uint8_t *b;
    int r;

    if (in_blk == 0)
        return 0;
    if ((r = ext2_bmap(fs, ino, in, size >> fs->log_bs, false, &pblk)) < 0 || pblk == 0)
        return r;
    if ((r = ext2_bget(fs, pblk, true, &b)) < 0)
        return r;
    memset(b + in_blk, 0, fs->bs - in_blk);
    ext2_bput(fs, b, true);
    return 0;
}

int ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size)
{
    struct ext2_inode in;
    int r;

    if (fs->read_only)
        return -EROFS;
    if ((r = get_reg(fs, ino, &in)) < 0)
        return r;
    if (size > ext2_max_size(fs))
        return -EFBIG;
    if (size < in.size) {
        if ((r = zero_tail(fs, ino, &in, size)) < 0 ||
            (r = ext2_trunc_blocks(fs, ino, &in, blocks_for(fs, size))) < 0) {
            ext2_iput(fs, ino, &in);
            return r;
        }
    }
    set_size(fs, &in, size);
    in.mtime = in.ctime = ext2_now(fs);
    return ext2_iput(fs, ino, &in);
}
