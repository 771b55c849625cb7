/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ext2 library's insides, shared by its files:
 *
 *   ext2.c        mount, superblock and group descriptors, errors, attributes, sync
 *   ext2_cache.c  the block cache (LRU, write-back, pinned while in use)
 *   ext2_alloc.c  inodes on disk, bitmaps, allocation and freeing, metadata checks
 *   ext2_file.c   block maps (direct and 1-3 levels of indirect), read, write, truncate
 *   ext2_dir.c    directory blocks: entry checks, lookup, add, remove, readdir
 *   ext2_ops.c    create, mkdir, unlink, rmdir, rename, link, symlink, readlink
 *
 * On-disk values are little-endian and read byte by byte (get16/get32), so
 * the code runs on any host.
 */
#pragma once

#include "ext2.h"

#include <errno.h>
#include <string.h>

#define EXT2_MAGIC     0xEF53
#define EXT2_NDIR      12 /* direct block pointers in an inode */
#define EXT2_IND       12 /* i_block slots of the indirect trees */
#define EXT2_DIND      13
#define EXT2_TIND      14
#define EXT2_GD_SIZE   32
#define EXT2_MAX_LINKS 65000
#define EXT2_FAST_LINK 60 /* a symlink shorter than this lives in i_block */

/* Superblock field offsets (within the 1024 bytes at byte 1024). */
#define SB_INODES_COUNT 0
#define SB_BLOCKS_COUNT 4
#define SB_R_BLOCKS     8
#define SB_FREE_BLOCKS  12
#define SB_FREE_INODES  16
#define SB_FIRST_DATA   20
#define SB_LOG_BSIZE    24
#define SB_LOG_FSIZE    28
#define SB_BPG          32
#define SB_IPG          40
#define SB_WTIME        48
#define SB_MAGIC        56
#define SB_REV          76
#define SB_FIRST_INO    84
#define SB_INODE_SIZE   88
#define SB_COMPAT       92
#define SB_INCOMPAT     96
#define SB_RO_COMPAT    100
#define SB_RESERVED_GDT 206

#define INCOMPAT_FILETYPE    0x0002
#define RO_COMPAT_SPARSE     0x0001
#define RO_COMPAT_LARGE_FILE 0x0002
#define INCOMPAT_SUPPORTED   INCOMPAT_FILETYPE
#define RO_COMPAT_SUPPORTED  (RO_COMPAT_SPARSE | RO_COMPAT_LARGE_FILE)

/* Group descriptor field offsets. */
#define GD_BLOCK_BITMAP 0
#define GD_INODE_BITMAP 4
#define GD_INODE_TABLE  8
#define GD_FREE_BLOCKS  12
#define GD_FREE_INODES  14
#define GD_USED_DIRS    16

/* Mode bits. */
#define S_FMT     0170000
#define S_SOCK    0140000
#define S_LNK     0120000
#define S_REG     0100000
#define S_BLK     0060000
#define S_DIR     0040000
#define S_CHR     0020000
#define S_FIFO    0010000
#define IS_DIR(m) (((m)&S_FMT) == S_DIR)
#define IS_REG(m) (((m)&S_FMT) == S_REG)
#define IS_LNK(m) (((m)&S_FMT) == S_LNK)

#define EXT2_INDEX_FL 0x1000 /* hashed directory: we keep it linear, so the flag goes on change */

static inline uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Unless said otherwise: 0 or a negative errno; -EIO (with ext2_corrupt's message)
 * for a bad image.  ino arguments name the inode that messages blame. */

/* ext2.c */
/* Records "image: inode N: message" for ext2_last_error; returns -EIO. */
int ext2_corrupt(struct ext2_fs *fs, uint32_t ino, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The time for timestamps (0 without a clock). */
uint32_t ext2_now(struct ext2_fs *fs);
/* Pins group's descriptor (*gd) in the cache; ext2_gd_put unpins it. */
int ext2_gd_get(struct ext2_fs *fs, uint32_t group, uint8_t **gd);
void ext2_gd_put(struct ext2_fs *fs, uint8_t *gd, bool dirty);
/* group's block bitmap, inode bitmap and inode table blocks (remembered for the last group). */
int ext2_group_place(struct ext2_fs *fs, uint32_t group, uint32_t *bb, uint32_t *ib, uint32_t *it);
/* Adds delta to the superblock's 32-bit counter at offset field. */
void ext2_sb_add(struct ext2_fs *fs, unsigned field, int delta);

/* ext2_cache.c */
/* Carves the caller's memory into cache slots; -ENOMEM if fewer than EXT2_CACHE_MIN fit. */
int ext2_cache_init(struct ext2_fs *fs, void *mem, size_t bytes);
/* Pins block blk and points *data at its bytes; fill=false gives zeros without a read. */
int ext2_bget(struct ext2_fs *fs, uint32_t blk, bool fill, uint8_t **data);
/* Unpins a block from ext2_bget; dirty marks it to be written back. */
void ext2_bput(struct ext2_fs *fs, uint8_t *data, bool dirty);
/* Writes every dirty block to the device (no flush). */
int ext2_cache_flush(struct ext2_fs *fs);
/* Whether blk is in the cache. */
bool ext2_cache_has(const struct ext2_fs *fs, uint32_t blk);
/* Reads blocks blk.. into the cache in one run, stopping at count (at most EXT2_RUN_MAX) or at
 * the first block already there; nothing stays pinned. */
int ext2_cache_fill(struct ext2_fs *fs, uint32_t blk, uint32_t count);
/* Reads blocks blk.. straight into dst, not into the cache, stopping at count (at most
 * EXT2_RUN_MAX) or at the first block the cache holds; how many it read. */
int ext2_cache_read_direct(struct ext2_fs *fs, uint32_t blk, uint32_t count, uint8_t *dst);

/* ext2_alloc.c */
/* Whether group holds a copy of the superblock and descriptors. */
bool ext2_group_has_super(const struct ext2_fs *fs, uint32_t group);
/* 0 if blk may be a data or indirect block: inside the fs and not metadata. */
int ext2_check_block(struct ext2_fs *fs, uint32_t ino, uint32_t blk);
/* Reads ino's fields into *in, or writes them back from it; other bytes stay. */
int ext2_iget(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in);
int ext2_iput(struct ext2_fs *fs, uint32_t ino, const struct ext2_inode *in);
/* Zeroes all of ino's on-disk bytes. */
int ext2_iclear(struct ext2_fs *fs, uint32_t ino);
/* ext2_iget for an inode a name refers to: -EIO unless it is a live file of a known type. */
int ext2_iget_used(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in);
/* Takes a free block near goal (-ENOSPC if none); its contents are undefined. */
int ext2_balloc(struct ext2_fs *fs, uint32_t ino, uint32_t goal, uint32_t *blk);
/* Gives blk back; -EIO if it is metadata or already free. */
int ext2_bfree(struct ext2_fs *fs, uint32_t ino, uint32_t blk);
/* Takes a free inode, in dir's group first (-ENOSPC if none); it is not written. */
int ext2_ialloc(struct ext2_fs *fs, uint32_t dir, bool is_dir, uint32_t *ino);
/* Gives ino back; -EIO if it is already free. */
int ext2_ifree(struct ext2_fs *fs, uint32_t ino, bool is_dir);
/* -EIO if any group's bitmaps disagree with its free counts. */
int ext2_check_bitmaps(struct ext2_fs *fs);

/* ext2_file.c */
/* Maps logical block lblk to *pblk (0: hole); alloc fills holes.  Updates *in, not the disk. */
int ext2_bmap(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint64_t lblk, bool alloc,
              uint32_t *pblk);
/* Frees every block from logical block nblocks on.  Updates *in, not the disk. */
int ext2_trunc_blocks(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint64_t nblocks);
/* Frees ino's blocks and the inode itself (its last link is gone). */
int ext2_release(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in);
/* The largest file size the block map can address. */
uint64_t ext2_max_size(const struct ext2_fs *fs);

/* ext2_dir.c */
/* -ENOENT for an empty name, -ENAMETOOLONG, -EINVAL for '/' or NUL in it. */
int ext2_check_name(const char *name, size_t len);
/* The inode that name in dir refers to (-ENOENT if none), not checked further. */
int ext2_dir_find(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t *ino);
/* Adds an entry (dir must not hold name), growing dir by a block if it must. */
int ext2_dir_add(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t ino,
                 uint16_t mode);
/* Removes the entry name (-ENOENT if none). */
int ext2_dir_remove(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len);
/* Points the existing entry name at ino. */
int ext2_dir_set(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t ino,
                 uint16_t mode);
/* 1 if dir holds only "." and "..", 0 if more. */
int ext2_dir_empty(struct ext2_fs *fs, uint32_t dir);
/* Gives the new directory ino its first block with "." and ".."; updates *in. */
int ext2_dir_init(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint32_t parent);
/* ext2_iget_used for a directory: -ENOTDIR if it is not one. */
int ext2_get_dir(struct ext2_fs *fs, uint32_t dir, struct ext2_inode *in);
