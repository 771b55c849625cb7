/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A portable ext2 (revision 1) file-system library for the file service.
 *
 * The caller supplies a block device (struct ext2_dev) and the memory of a
 * block cache; the library allocates nothing.  Files are named by inode
 * number; every function returns 0 (or a byte count) on success and a
 * negative errno value on failure.  An image that breaks the format gives
 * -EIO, and ext2_last_error() then says what was wrong in a line naming the
 * image and the inode ("disk.img: inode 12: block pointer 999999 outside
 * the file system").  See docs/ext2.md for what is supported.
 *
 * Not thread-safe: one caller at a time per struct ext2_fs.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The block device: byte offsets; each call returns 0 or -errno.  readv and writev are
 * optional: they move count blocks of bs bytes that lie one after another on the disk from
 * byte off, block i at bufs[i], so a device can keep several requests in flight; without
 * them the cache moves a run block by block with read and write. */
struct ext2_dev {
    void *ctx;
    uint64_t size_bytes;
    int (*read)(void *ctx, uint64_t off, void *buf, size_t len);
    int (*write)(void *ctx, uint64_t off, const void *buf, size_t len);
    int (*flush)(void *ctx);
    int (*readv)(void *ctx, uint64_t off, uint8_t *const *bufs, size_t count, size_t bs);
    int (*writev)(void *ctx, uint64_t off, uint8_t *const *bufs, size_t count, size_t bs);
};

/* One cache slot's bookkeeping; the slots live in the caller's cache memory. */
struct ext2_cslot {
    uint32_t blk;
    uint32_t lru;  /* tick of the last use */
    uint32_t next; /* the next slot of its hash chain, plus one; 0 ends the chain */
    uint16_t pins;
    uint8_t valid, dirty;
};

#define EXT2_NBLOCKS 15 /* i_block's slots: direct pointers, then the indirect trees */

/* An inode as the library uses it; ext2_iput writes back only these fields. */
struct ext2_inode {
    uint16_t mode, links;
    uint32_t uid, gid;
    uint64_t size;
    uint32_t atime, ctime, mtime, dtime;
    uint32_t blocks; /* 512-byte units */
    uint32_t flags;
    uint32_t block[EXT2_NBLOCKS];
    uint32_t file_acl;
};

#define EXT2_RUN_MAX      16  /* blocks the cache reads ahead or writes back in one run */
#define EXT2_HASH_BUCKETS 256 /* the cache's hash of block numbers; a power of two */

#define EXT2_NAME_MAX   255
#define EXT2_ERR_MAX    192
#define EXT2_ROOT_INO   2
#define EXT2_CACHE_MIN  16 /* fewest cache slots ext2_mount accepts */
#define EXT2_IMAGE_NAME 48

/* A mounted file system.  The fields are the library's; callers use the functions. */
struct ext2_fs {
    struct ext2_dev dev;
    char name[EXT2_IMAGE_NAME];
    bool read_only;
    uint32_t (*clock)(void); /* seconds since 1970 for timestamps; NULL: 0 */

    uint32_t bs, log_bs; /* block size and log2(block size) */
    uint32_t blocks_count, inodes_count, first_data_block;
    uint32_t bpg, ipg, groups, inode_size, first_ino;
    uint32_t gdt_blocks, reserved_gdt, itable_blocks;
    uint32_t compat, incompat, ro_compat;
    uint8_t sb[1024]; /* the primary superblock as read; written back by ext2_sync */
    bool sb_dirty;

    struct ext2_cslot *slot;
    uint8_t *cdata;
    uint32_t nslots, tick;
    uint32_t bucket[EXT2_HASH_BUCKETS]; /* by block number: the first slot of a chain, plus one */
    /* Where the last group asked about keeps its bitmaps and inode table: they never move, so
     * a lookup of an inode or a check of a block pointer needs no descriptor block. */
    bool gplace_valid;
    uint32_t gplace_group, gplace_bb, gplace_ib, gplace_it;
    /* The last inode ext2_iget parsed, until ext2_iput or ext2_iclear changes an inode. */
    bool imemo_valid;
    uint32_t imemo_ino;
    struct ext2_inode imemo;

    char err[EXT2_ERR_MAX];
};

/* File attributes, as ext2_getattr fills them and ext2_setattr reads them. */
struct ext2_attr {
    uint32_t ino;
    uint16_t mode; /* type and permission bits, as in stat's st_mode */
    uint16_t nlink;
    uint32_t uid, gid;
    uint64_t size;
    uint32_t atime, mtime, ctime;
    uint64_t blocks; /* 512-byte units, as in stat's st_blocks */
    uint32_t blksize;
};

/* ext2_setattr's mask bits. */
#define EXT2_SET_MODE  0x01 /* permission bits only; the type stays */
#define EXT2_SET_UID   0x02
#define EXT2_SET_GID   0x04
#define EXT2_SET_ATIME 0x08
#define EXT2_SET_MTIME 0x10
#define EXT2_SET_SIZE  0x20 /* as ext2_truncate */

struct ext2_statfs {
    uint32_t bsize;
    uint64_t blocks, bfree, bavail; /* bavail leaves out the reserved blocks */
    uint64_t files, ffree;
    uint32_t namelen;
};

/* Directory entry types, as readdir reports them (DT_* values). */
#define EXT2_DT_UNKNOWN 0
#define EXT2_DT_FIFO    1
#define EXT2_DT_CHR     2
#define EXT2_DT_DIR     4
#define EXT2_DT_BLK     6
#define EXT2_DT_REG     8
#define EXT2_DT_LNK     10
#define EXT2_DT_SOCK    12

/* One readdir entry; return 0 to go on, nonzero to stop before taking this entry. */
typedef int (*ext2_filldir_t)(void *arg, const char *name, size_t len, uint32_t ino, unsigned type);

/* Mounts the image on dev, caching blocks in cache_mem (at least EXT2_CACHE_MIN
 * blocks' worth).  Returns -EINVAL for a bad image (see ext2_last_error),
 * -ENOTSUP for unsupported features.  Unknown read-only features mount read-only. */
int ext2_mount(struct ext2_fs *fs, const struct ext2_dev *dev, void *cache_mem, size_t cache_bytes,
               bool read_only, const char *image_name);
/* Writes everything back and flushes; the fs is unusable afterwards. */
int ext2_unmount(struct ext2_fs *fs);
/* The message of the last -EIO or mount refusal, "" if none. */
const char *ext2_last_error(const struct ext2_fs *fs);
/* Sets the source of timestamps (NULL: every timestamp written is 0). */
void ext2_set_clock(struct ext2_fs *fs, uint32_t (*clock)(void));

/* The root directory's inode number (2). */
uint32_t ext2_root(const struct ext2_fs *fs);
/* The inode of name in dir: -ENOENT, -ENOTDIR, -ENAMETOOLONG as POSIX says. */
int ext2_lookup(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t *ino);
/* Fills *attr from inode ino. */
int ext2_getattr(struct ext2_fs *fs, uint32_t ino, struct ext2_attr *attr);
/* Sets the fields of attr that mask names; ctime becomes now. */
int ext2_setattr(struct ext2_fs *fs, uint32_t ino, const struct ext2_attr *attr, unsigned mask);

/* Returns bytes read (0 at or past the end); holes read as zeros. */
long ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf, size_t len);
/* Returns bytes written; fewer than len (or -ENOSPC if none) when the disk fills. */
long ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t off, const void *buf, size_t len);
/* Sets a regular file's size: freed blocks past it, a hole (zeros) when it grows. */
int ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size);

/* A new file (regular, or a fifo or socket by mode's type) named name in dir: *ino. */
int ext2_create(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint16_t mode,
                uint32_t uid, uint32_t gid, uint32_t *ino);
/* A new empty directory named name in dir: *ino. */
int ext2_mkdir(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint16_t mode,
               uint32_t uid, uint32_t gid, uint32_t *ino);
/* Removes a non-directory's name; the inode goes with its last link. */
int ext2_unlink(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len);
/* Returns -ENOTEMPTY if the directory holds more than "." and "..". */
int ext2_rmdir(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len);
/* POSIX rename: replaces a target of a compatible type; -EINVAL when moving a
 * directory under itself. */
int ext2_rename(struct ext2_fs *fs, uint32_t sdir, const char *sname, size_t slen, uint32_t ddir,
                const char *dname, size_t dlen);
/* A new name in dir for the existing non-directory ino. */
int ext2_link(struct ext2_fs *fs, uint32_t ino, uint32_t dir, const char *name, size_t len);
/* A new symlink name in dir to target (shorter than a block): *ino. */
int ext2_symlink(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, const char *target,
                 size_t tlen, uint32_t uid, uint32_t gid, uint32_t *ino);
/* Copies the target (not terminated) into buf; returns its length, at most len. */
long ext2_readlink(struct ext2_fs *fs, uint32_t ino, char *buf, size_t len);

/* Calls fn for each entry from *cookie on ("." and ".." included) and moves
 * *cookie past each one fn takes.  Returns 0 at the end or when fn stops.
 * fn must not call into the library for this fs: the block stays pinned. */
int ext2_readdir(struct ext2_fs *fs, uint32_t dir, uint64_t *cookie, ext2_filldir_t fn, void *arg);

/* Fills *st with the superblock's counts. */
int ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *st);
/* Writes every dirty block and the superblock, then flushes the device. */
int ext2_sync(struct ext2_fs *fs);
/* Makes ino's data and metadata durable (today: the whole of ext2_sync). */
int ext2_fsync(struct ext2_fs *fs, uint32_t ino);
