/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cpiofs: a read-only file system over a cpio "newc" archive in memory (the
 * root file system the root server carries).  cpio_init checks the whole
 * archive once and builds a tree of nodes in a caller-provided arena; the
 * file data stays in the archive and is read from there.  Directories that
 * paths imply are made even when the archive has no entry for them; hard
 * links (regular files with the same ino, dev and nlink > 1) share one
 * inode, the data coming from the entry that carries it.  It implements the
 * reading half of struct fs_ops (cpio_ops).
 */
#pragma once

#include "vfs.h"

#define CPIO_MAGIC    0x63706e63u /* "cpnc": statfs's type; Linux has none for this */
#define CPIO_ROOT     1u
#define CPIO_WHY_SIZE 160

struct cpio_node {
    const char *name; /* the last component, in the archive; "" for the root */
    uint32_t namelen;
    uint32_t parent, child, lastchild, sibling; /* node numbers; 0 is none (and the root) */
    uint32_t inode;                             /* the node holding this name's attributes */
    uint32_t mode, uid, gid, nlink, mtime;
    uint32_t ino, devmajor, devminor; /* as the archive gives them (hard links) */
    uint32_t rdevmajor, rdevminor;
    const uint8_t *data;
    uint32_t size;
    bool explicit; /* the archive has an entry for it (not only implied) */
};

struct cpio_fs {
    const uint8_t *archive;
    size_t size;
    struct cpio_node *nodes;
    uint32_t n, cap;
    char why[CPIO_WHY_SIZE]; /* why cpio_init refused the archive */
};

/*
 * Checks `archive` and builds the file system, its nodes in `arena`.  The
 * archive and the arena must outlive the file system.  Returns 0, or
 * -EINVAL for a malformed archive and -ENOMEM when the arena is too small;
 * either way fs->why says what and where ("entry 3 at offset 0x1a4: ...").
 */
int cpio_init(struct cpio_fs *fs, const void *archive, size_t size, void *arena, size_t arena_size);

extern const struct fs_ops cpio_ops;
