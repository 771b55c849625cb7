/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ramfs: a read-write file system in one caller-provided arena (for /tmp).
 *
 * The arena holds an inode table and then 1 KiB pages; both have free
 * lists, so what is deleted is reused.  A file's pages are found through
 * ten direct page numbers, one indirect page and one double-indirect page
 * (as ext2 does), so files up to about 64 MiB have holes that read as
 * zeros.  A directory is a file of fixed 264-byte entries.  Every change
 * first checks that the pages and inodes it needs are free: ENOSPC leaves
 * nothing half-made.  It implements struct fs_ops (ramfs_ops).
 */
#pragma once

#include "vfs.h"

#define RAMFS_PAGE      1024u
#define RAMFS_NDIRECT   10u
#define RAMFS_PER_PAGE  (RAMFS_PAGE / 4u)
#define RAMFS_MAX_PAGES (RAMFS_NDIRECT + RAMFS_PER_PAGE + RAMFS_PER_PAGE * RAMFS_PER_PAGE)
#define RAMFS_MAGIC     0x858458f6u /* Linux's RAMFS_MAGIC */
#define RAMFS_ROOT      1u

struct ramfs_inode {
    uint32_t mode; /* 0: free */
    uint32_t nlink;
    uint32_t uid, gid;
    uint64_t size;
    struct vfs_timespec atime, mtime, ctime;
    uint32_t parent;   /* a directory's parent (the root's is itself) */
    uint32_t open;     /* retain count: freed at nlink 0 only when this is 0 */
    uint32_t nextfree; /* free list */
    uint32_t pages;    /* pages allocated to it, index pages included */
    uint32_t direct[RAMFS_NDIRECT], ind, dind; /* page numbers, 1-based; 0 is a hole */
};

struct ramfs {
    struct ramfs_inode *inodes;
    uint32_t ninodes, free_inodes, inode_free_head;
    uint8_t *pages;
    uint32_t npages, free_pages, page_free_head;
    struct vfs_timespec (*now)(void *ctx);
    void *now_ctx;
};

/*
 * Makes an empty ramfs (a root directory, mode 0755 | S_IFDIR) in `arena`,
 * with room for `ninodes` inodes and the rest of the arena as pages.
 * `now` may be NULL (every time is 0).  Returns 0, or -ENOSPC if the arena
 * cannot hold the inodes and a page, -EINVAL if ninodes is 0.
 */
int ramfs_init(struct ramfs *fs, void *arena, size_t size, uint32_t ninodes,
               struct vfs_timespec (*now)(void *ctx), void *now_ctx);

extern const struct fs_ops ramfs_ops;
