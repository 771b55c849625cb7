/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What vfs.c (caches, grants, path lookup, set-up, calls on paths) shares
 * with vfs_file.c (open files and the calls on them).  Private to the VFS.
 */
#pragma once

#include "vfs.h"

enum { W_FOLLOW = 1, W_PARENT = 2 };

/* What a walk found: the object, or with W_PARENT its directory and last name. */
struct target {
    int mnt;
    uint64_t ino;
    struct vfs_attr attr;
    const char *name; /* W_PARENT: the last component, in the walk's buffer; NULL for "/" */
    size_t len;
    bool slash;         /* the last component had a '/' after it */
    size_t plen;        /* walk.path: the object's canonical path (W_PARENT: parent + name) */
    size_t parent_plen; /* W_PARENT: the directory's part of it */
};

static inline bool vfs_is_dot(const char *s, size_t n)
{
    return n == 1 && s[0] == '.';
}

static inline bool vfs_is_dotdot(const char *s, size_t n)
{
    return n == 2 && s[0] == '.' && s[1] == '.';
}

static inline struct vfs_mount *vfs_mnt_of(struct vfs *v, int mnt)
{
    return &v->mounts[mnt];
}

/* The attributes of (mnt, ino), from the inode cache or the file system. */
int vfs_get_attr(struct vfs *v, int mnt, uint64_t ino, struct vfs_attr *a);

/* Drops (mnt, ino) from the inode cache. */
void vfs_icache_forget(struct vfs *v, int mnt, uint64_t ino);

/* True if path p (plen bytes) lies inside, or is, directory path g. */
bool vfs_inside(const char *p, size_t plen, const char *g, size_t glen);

/* True if the client may look at p: inside a grant or on the way to one (c NULL: always). */
bool vfs_visible(const struct vfs_client *c, const char *p, size_t plen);

/* The grant containing p (a writable one first), or -1; 0 for c NULL. */
int vfs_granted(const struct vfs_client *c, const char *p, size_t plen);

/* 0 if the client may change what is at p; -EACCES outside a writable grant, -EROFS on a
 * read-only mount. */
int vfs_check_write(const struct vfs_client *c, int mnt, const char *p, size_t plen);

/*
 * Resolves path for client c (NULL: the VFS itself: every path, from "/").
 * With W_PARENT it stops at the last component's directory and names that
 * component.  The canonical path is left in v->walk.path.  Returns 0 or a
 * negative errno: ENOENT for an empty path or one outside the grants,
 * ENAMETOOLONG for 4096 bytes or more, EINVAL for a NUL inside it.
 */
int vfs_resolve(const struct vfs_client *c, struct vfs *v, const char *path, size_t len,
                unsigned flags, struct target *t);
