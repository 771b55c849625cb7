// SPDX-License-Identifier: BSD-2-Clause
/*
 * The VFS (see vfs.h and docs/file-service.md), in five parts:
 *
 *   caches   the inode-attribute cache (mount, ino) -> struct vfs_attr and
 *            the directory-entry cache (mount, dir, name) -> ino, both
 *            fixed arrays evicted least-recently-used; every change made
 *            through the VFS forgets what it may have made stale
 *   grants   a client reaches a path if it lies inside a grant, or is a
 *            directory on the way to one (an ancestor); writing needs a
 *            writable grant that contains the path
 *   walk     path lookup, one component at a time, keeping the canonical
 *            path and a stack of (mount, ino) for every directory on it:
 *            ".." pops the stack (so it never leaves "/", and leaves a
 *            mount's root for the directory the mount covers), and grants
 *            are checked on the canonical path before each lookup, so
 *            nothing outside them is ever looked up
 *   mounts   the mount table and clients' set-up
 *   calls    the calls on paths, each a decode step (the walk and every
 *            check, changing nothing) and then one call into the file
 *            system; the calls on descriptors are in vfs_file.c
 *
 * Errors follow Linux for the same case; where this VFS adds a case, it
 * returns ENOENT for a path outside the client's grants (so it cannot tell
 * what exists there), EACCES for a change a grant does not allow, EROFS for
 * a change on a read-only mount, and EINVAL for a NUL inside a path.
 */
#include "vfs_impl.h"

#include <errno.h>
#include <string.h>

/* ---- caches ---------------------------------------------------------------- */

void vfs_icache_forget(struct vfs *v, int mnt, uint64_t ino)
{
    for (unsigned i = 0; i < VFS_ICACHE_SIZE; i++)
        if (v->icache[i].mnt == mnt && v->icache[i].ino == ino)
            v->icache[i].mnt = -1;
}

/* The attributes of (mnt, ino), from the cache or the file system. */
int vfs_get_attr(struct vfs *v, int mnt, uint64_t ino, struct vfs_attr *a)
{
    struct vfs_icache_entry *victim = &v->icache[0];
    struct vfs_mount *m = vfs_mnt_of(v, mnt);
    int r;

    for (unsigned i = 0; i < VFS_ICACHE_SIZE; i++) {
        struct vfs_icache_entry *e = &v->icache[i];
        if (e->mnt == mnt && e->ino == ino) {
            e->used = ++v->tick;
            v->stats.icache_hits++;
            *a = e->attr;
            return 0;
        }
        if (victim->mnt >= 0 && (e->mnt < 0 || e->used < victim->used))
            victim = e;
    }
    v->stats.icache_misses++;
    if ((r = m->ops->getattr(m->fs, ino, a)))
        return r;
    a->dev = (uint64_t)mnt + 1;
    a->ino = ino;
    victim->mnt = mnt, victim->ino = ino, victim->used = ++v->tick;
    victim->attr = *a;
    return 0;
}

static void dcache_forget_name(struct vfs *v, int mnt, uint64_t dir, const char *name, size_t len)
{
    for (unsigned i = 0; i < VFS_DCACHE_SIZE; i++) {
        struct vfs_dcache_entry *e = &v->dcache[i];
        if (e->mnt == mnt && e->dir == dir && e->len == len && memcmp(e->name, name, len) == 0)
            e->mnt = -1;
    }
}

/*
 * Forgets every entry naming `ino` or inside it: it may be freed and its
 * number reused.  Each removed name is also forgotten by name, so this
 * guards against a file system that frees more than the name it was asked
 * to remove (a directory's leftovers) rather than a case the VFS makes.
 */
static void dcache_forget_ino(struct vfs *v, int mnt, uint64_t ino)
{
    for (unsigned i = 0; i < VFS_DCACHE_SIZE; i++) {
        struct vfs_dcache_entry *e = &v->dcache[i];
        if (e->mnt == mnt && (e->ino == ino || e->dir == ino))
            e->mnt = -1;
    }
}

/* Looks `name` up in directory (mnt, dir), through the cache. */
static int dlookup(struct vfs *v, int mnt, uint64_t dir, const char *name, size_t len,
                   uint64_t *ino)
{
    struct vfs_dcache_entry *victim = &v->dcache[0];
    struct vfs_mount *m = vfs_mnt_of(v, mnt);
    bool cacheable = len <= VFS_DCACHE_NAME;
    int r;

    for (unsigned i = 0; cacheable && i < VFS_DCACHE_SIZE; i++) {
        struct vfs_dcache_entry *e = &v->dcache[i];
        if (e->mnt == mnt && e->dir == dir && e->len == len && memcmp(e->name, name, len) == 0) {
            e->used = ++v->tick;
            v->stats.dcache_hits++;
            *ino = e->ino;
            return 0;
        }
        if (victim->mnt >= 0 && (e->mnt < 0 || e->used < victim->used))
            victim = e;
    }
    v->stats.dcache_misses++;
    if ((r = m->ops->lookup(m->fs, dir, name, len, ino)))
        return r;
    if (cacheable) {
        victim->mnt = mnt, victim->dir = dir, victim->ino = *ino, victim->used = ++v->tick;
        victim->len = (uint8_t)len;
        memcpy(victim->name, name, len);
    }
    return 0;
}

/* ---- grants ---------------------------------------------------------------- */

/* True if path p lies inside (or is) directory path g. */
bool vfs_inside(const char *p, size_t plen, const char *g, size_t glen)
{
    if (glen == 1)
        return true; /* g is "/" */
    return plen >= glen && memcmp(p, g, glen) == 0 && (plen == glen || p[glen] == '/');
}

/* The client may look at p: inside a grant, or on the way to one.  NULL: the VFS itself. */
bool vfs_visible(const struct vfs_client *c, const char *p, size_t plen)
{
    if (!c)
        return true;
    for (size_t i = 0; i < c->ngrants; i++) {
        const char *g = c->grants[i].path;
        size_t glen = strlen(g);
        if (vfs_inside(p, plen, g, glen) || vfs_inside(g, glen, p, plen))
            return true;
    }
    return false;
}

/* The grant containing p (a writable one first), or -1. */
int vfs_granted(const struct vfs_client *c, const char *p, size_t plen)
{
    int found = -1;

    for (size_t i = 0; c && i < c->ngrants; i++) {
        if (!vfs_inside(p, plen, c->grants[i].path, strlen(c->grants[i].path)))
            continue;
        if (c->grants[i].writable)
            return (int)i;
        found = (int)i;
    }
    return c ? found : 0;
}

/* May the client change what is at p?  0, -EACCES, or -EROFS for a read-only mount. */
int vfs_check_write(const struct vfs_client *c, int mnt, const char *p, size_t plen)
{
    int g = vfs_granted(c, p, plen);

    if (c && (g < 0 || !c->grants[g].writable))
        return -EACCES;
    return c ? (c->vfs->mounts[mnt].rdonly ? -EROFS : 0) : 0;
}

/* ---- walk ------------------------------------------------------------------ */

static void walk_root(struct vfs *v)
{
    struct vfs_walk *w = &v->walk;

    w->depth = 1;
    w->stack[0].mnt = 0;
    w->stack[0].ino = v->mounts[0].root;
    w->stack[0].plen = 1;
    w->path[0] = '/', w->path[1] = 0;
}

/* The mount whose root hides (mnt, ino), or -1. */
static int covering(struct vfs *v, int mnt, uint64_t ino)
{
    for (int i = 1; i < VFS_MAX_MOUNTS; i++)
        if (v->mounts[i].used && v->mounts[i].covered_mnt == mnt && v->mounts[i].covered_ino == ino)
            return i;
    return -1;
}

static struct vfs_step *top(struct vfs *v)
{
    return &v->walk.stack[v->walk.depth - 1];
}

/* Appends "/name" to the canonical path; -ENAMETOOLONG past 4095 bytes. */
static int path_push(struct vfs *v, size_t plen, const char *name, size_t len, size_t *out)
{
    char *p = v->walk.path;
    size_t n = plen + (plen > 1) + len;

    if (n >= VFS_PATH_MAX)
        return -ENAMETOOLONG;
    if (plen > 1)
        p[plen++] = '/';
    memcpy(p + plen, name, len);
    p[n] = 0;
    *out = n;
    return 0;
}

/*
 * The symlink (mnt, ino) was met with `rest` (rlen bytes) still to walk: the
 * text to walk becomes its target followed by rest, in the other buffer.
 */
static int expand_link(struct vfs *v, const struct vfs_step *link, const char *rest, size_t rlen,
                       int *buf, size_t *end)
{
    struct vfs_mount *m = vfs_mnt_of(v, link->mnt);
    char *out = v->walk.rest[!*buf];
    int64_t t;

    if (++v->walk.links > VFS_SYMLOOP_MAX)
        return -ELOOP;
    if (!m->ops->readlink)
        return -EINVAL;
    if ((t = m->ops->readlink(m->fs, link->ino, out, VFS_PATH_MAX)) < 0)
        return (int)t;
    if (t == 0)
        return -ENOENT;
    if ((size_t)t + rlen >= VFS_PATH_MAX)
        return -ENAMETOOLONG;
    if (memchr(out, 0, (size_t)t))
        return -EINVAL;
    memcpy(out + t, rest, rlen);
    *buf = !*buf;
    *end = (size_t)t + rlen;
    if (out[0] == '/')
        walk_root(v);
    return 0;
}

static void walk_up(struct vfs *v)
{
    if (v->walk.depth > 1)
        v->walk.depth--; /* at "/", ".." is "/": a path never climbs out */
    v->walk.path[top(v)->plen] = 0;
}

/*
 * One plain component from the top of the stack.  Returns 0 having pushed
 * it (its attributes in *a), 1 if it is a symlink to follow (*link names
 * it; nothing pushed), or a negative errno.
 */
static int walk_step(const struct vfs_client *c, struct vfs *v, const char *name, size_t len,
                     bool follow, struct vfs_step *link, struct vfs_attr *a)
{
    struct vfs_step *t = top(v);
    size_t plen;
    uint64_t ino;
    int mnt = t->mnt, m, r;

    if ((r = path_push(v, t->plen, name, len, &plen)))
        return r;
    if (!vfs_visible(c, v->walk.path, plen))
        return -ENOENT; /* never looked up: nothing outside the grants shows */
    if ((r = dlookup(v, mnt, t->ino, name, len, &ino)))
        return r;
    while ((m = covering(v, mnt, ino)) >= 0)
        mnt = m, ino = v->mounts[m].root;
    if ((r = vfs_get_attr(v, mnt, ino, a)))
        return r;
    if (VFS_S_ISLNK(a->mode) && follow) {
        v->walk.path[t->plen] = 0;
        link->mnt = mnt, link->ino = ino;
        return 1;
    }
    struct vfs_step *s = &v->walk.stack[v->walk.depth++];
    s->mnt = mnt, s->ino = ino, s->plen = (uint32_t)plen;
    return 0;
}

/* Walks the text s from where the stack is (from "/" if s starts with '/'). */
static int walk_text(const struct vfs_client *c, struct vfs *v, const char *s, size_t n,
                     unsigned flags, struct target *t)
{
    struct vfs_walk *w = &v->walk;
    struct vfs_step link = {0, 0, 0};
    struct vfs_attr a;
    size_t pos = 0, end = n;
    int buf = 0, r;

    memcpy(w->rest[0], s, n);
    if (n && s[0] == '/')
        walk_root(v);
    for (;;) {
        const char *cur = w->rest[buf];
        size_t st, q;
        while (pos < end && cur[pos] == '/')
            pos++;
        if (pos == end)
            return 0;
        for (st = pos; pos < end && cur[pos] != '/';)
            pos++;
        for (q = pos; q < end && cur[q] == '/';)
            q++;
        bool last = q == end, slash = pos < end;
        if (pos - st > VFS_NAME_MAX)
            return -ENAMETOOLONG;
        if ((r = vfs_get_attr(v, top(v)->mnt, top(v)->ino, &a)))
            return r;
        if (!VFS_S_ISDIR(a.mode))
            return -ENOTDIR;
        if (last && (flags & W_PARENT)) {
            t->name = cur + st, t->len = pos - st, t->slash = slash;
            return 0;
        }
        if (vfs_is_dot(cur + st, pos - st))
            continue;
        if (vfs_is_dotdot(cur + st, pos - st)) {
            walk_up(v);
            continue;
        }
        bool follow = !last || slash || (flags & W_FOLLOW);
        if ((r = walk_step(c, v, cur + st, pos - st, follow, &link, &a)) < 0)
            return r;
        if (r == 1) {
            if ((r = expand_link(v, &link, cur + pos, end - pos, &buf, &end)))
                return r;
            pos = 0;
            continue;
        }
        if (last && slash && !VFS_S_ISDIR(a.mode))
            return -ENOTDIR;
    }
}

/*
 * Resolves path for client c (NULL: the VFS itself, every path, from "/").
 * With W_PARENT it stops at the last component's directory and names the
 * component.  Checks the path's form first: empty is ENOENT, 4096 bytes or
 * more ENAMETOOLONG, a NUL inside EINVAL.
 */
int vfs_resolve(const struct vfs_client *c, struct vfs *v, const char *path, size_t len,
                unsigned flags, struct target *t)
{
    struct vfs_step *s;
    int r;

    if (len == 0)
        return -ENOENT;
    if (len >= VFS_PATH_MAX)
        return -ENAMETOOLONG;
    if (memchr(path, 0, len))
        return -EINVAL;
    if (!v->mounts[0].used)
        return -ENOENT;
    memset(t, 0, sizeof(*t));
    v->walk.links = 0;
    walk_root(v);
    if (path[0] != '/' && c && (r = walk_text(c, v, c->cwd, strlen(c->cwd), W_FOLLOW, t)))
        return r;
    if ((r = walk_text(c, v, path, len, flags, t)))
        return r;
    s = top(v);
    t->mnt = s->mnt, t->ino = s->ino, t->plen = s->plen;
    if ((r = vfs_get_attr(v, s->mnt, s->ino, &t->attr)))
        return r;
    if (flags & W_PARENT) {
        t->parent_plen = s->plen;
        if (!t->name || vfs_is_dot(t->name, t->len) || vfs_is_dotdot(t->name, t->len))
            return 0;
        if ((r = path_push(v, s->plen, t->name, t->len, &t->plen)))
            return r;
        return vfs_visible(c, v->walk.path, t->plen) ? 0 : -ENOENT;
    }
    /* A directory on the way to a grant may be listed; nothing else outside one is reached. */
    if (vfs_granted(c, v->walk.path, t->plen) < 0 && !VFS_S_ISDIR(t->attr.mode))
        return -ENOENT;
    return 0;
}

/* ---- set-up ---------------------------------------------------------------- */

void vfs_init(struct vfs *v, struct vfs_timespec (*now)(void *ctx), void *now_ctx)
{
    memset(v, 0, sizeof(*v));
    for (int i = 0; i < VFS_MAX_MOUNTS; i++)
        v->mounts[i].covered_mnt = -1;
    for (int i = 0; i < VFS_ICACHE_SIZE; i++)
        v->icache[i].mnt = -1;
    for (int i = 0; i < VFS_DCACHE_SIZE; i++)
        v->dcache[i].mnt = -1;
    v->now = now, v->now_ctx = now_ctx;
}

int vfs_mount(struct vfs *v, const char *path, size_t len, const struct fs_ops *ops, void *fs,
              unsigned flags)
{
    struct target t;
    uint64_t root;
    int slot = 0, r;

    if ((flags & ~VFS_MOUNT_RDONLY) || !ops || !ops->root || !ops->lookup || !ops->getattr)
        return -EINVAL;
    if (!v->mounts[0].used) {
        if (len != 1 || path[0] != '/')
            return -EINVAL;
        t.mnt = -1, t.ino = 0;
    } else {
        if ((r = vfs_resolve(NULL, v, path, len, W_FOLLOW, &t)))
            return r;
        if (!VFS_S_ISDIR(t.attr.mode))
            return -ENOTDIR;
        if (t.ino == v->mounts[t.mnt].root)
            return -EBUSY; /* already a mount's root ("/" included) */
        while (slot < VFS_MAX_MOUNTS && v->mounts[slot].used)
            slot++;
        if (slot == VFS_MAX_MOUNTS)
            return -ENOMEM;
    }
    if ((r = ops->root(fs, &root)))
        return r;
    struct vfs_mount *m = &v->mounts[slot];
    m->used = true;
    m->rdonly = (flags & VFS_MOUNT_RDONLY) || !ops->write;
    m->ops = ops, m->fs = fs, m->root = root;
    m->covered_mnt = t.mnt, m->covered_ino = t.ino;
    return slot;
}

/* A grant path must be canonical: "/" or "/a/b", no empty, "." or ".." components. */
static bool canonical(const char *p)
{
    size_t n = strlen(p);

    if (n == 0 || n >= VFS_PATH_MAX || p[0] != '/')
        return false;
    if (n == 1)
        return true;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && p[j] != '/')
            j++;
        size_t len = j - i - 1;
        if (len == 0 || len > VFS_NAME_MAX || vfs_is_dot(p + i + 1, len) ||
            vfs_is_dotdot(p + i + 1, len))
            return false;
        i = j;
    }
    return true;
}

int vfs_client_init(struct vfs_client *c, struct vfs *v, const struct vfs_grant *grants,
                    size_t ngrants, uint32_t uid, uint32_t gid)
{
    for (size_t i = 0; i < ngrants; i++)
        if (!grants[i].path || !canonical(grants[i].path))
            return -EINVAL;
    memset(c, 0, sizeof(*c));
    c->vfs = v;
    c->grants = grants, c->ngrants = ngrants;
    c->uid = uid, c->gid = gid;
    c->cwd[0] = '/';
    return 0;
}

void vfs_client_close_all(struct vfs_client *c)
{
    for (int fd = 0; fd < VFS_MAX_FDS; fd++)
        if (c->files[fd].used)
            vfs_close(c, fd);
}

/* ---- calls on paths ---------------------------------------------------------- */

int vfs_chdir(struct vfs_client *c, const char *path, size_t len)
{
    struct target t;
    int r = vfs_resolve(c, c->vfs, path, len, W_FOLLOW, &t);

    if (r)
        return r;
    if (!VFS_S_ISDIR(t.attr.mode))
        return -ENOTDIR;
    memcpy(c->cwd, c->vfs->walk.path, t.plen + 1);
    return 0;
}

int vfs_realpath(struct vfs_client *c, const char *path, size_t len, bool follow, char *buf,
                 size_t size)
{
    struct target t;
    int r = vfs_resolve(c, c->vfs, path, len, follow ? W_FOLLOW : 0, &t);

    if (r)
        return r;
    if (t.plen + 1 > size)
        return -ERANGE;
    memcpy(buf, c->vfs->walk.path, t.plen + 1);
    return (int)t.plen;
}

int vfs_stat(struct vfs_client *c, const char *path, size_t len, struct vfs_attr *attr)
{
    struct target t;
    int r = vfs_resolve(c, c->vfs, path, len, W_FOLLOW, &t);

    if (!r)
        *attr = t.attr;
    return r;
}

int vfs_lstat(struct vfs_client *c, const char *path, size_t len, struct vfs_attr *attr)
{
    struct target t;
    int r = vfs_resolve(c, c->vfs, path, len, 0, &t);

    if (!r)
        *attr = t.attr;
    return r;
}

/*
 * The decode step of every call that changes a directory entry: the parent
 * of `path`, its last name (which must be a plain name: the root gives
 * root_err, "." dot_err, ".." dotdot_err) and the right to change it.
 */
static int entry_target(struct vfs_client *c, const char *path, size_t len, int root_err,
                        int dot_err, int dotdot_err, struct target *t)
{
    int r = vfs_resolve(c, c->vfs, path, len, W_PARENT, t);

    if (r)
        return r;
    if (!t->name)
        return root_err;
    if (vfs_is_dot(t->name, t->len))
        return dot_err;
    if (vfs_is_dotdot(t->name, t->len))
        return dotdot_err;
    return vfs_check_write(c, t->mnt, c->vfs->walk.path, t->parent_plen);
}

/* After a name went away: what the caches knew of it, its inode and its directory. */
static void forget_entry(struct vfs *v, int mnt, uint64_t dir, const char *name, size_t len,
                         uint64_t ino)
{
    dcache_forget_name(v, mnt, dir, name, len);
    dcache_forget_ino(v, mnt, ino);
    vfs_icache_forget(v, mnt, ino);
    vfs_icache_forget(v, mnt, dir);
}

int vfs_mkdir(struct vfs_client *c, const char *path, size_t len, uint32_t mode)
{
    struct target t;
    struct vfs_mount *m;
    uint64_t ino;
    int r = entry_target(c, path, len, -EEXIST, -EEXIST, -EEXIST, &t);

    if (r)
        return r;
    m = vfs_mnt_of(c->vfs, t.mnt);
    if (!m->ops->mkdir)
        return -EROFS;
    r = m->ops->mkdir(m->fs, t.ino, t.name, t.len, mode & 07777, c->uid, c->gid, &ino);
    vfs_icache_forget(c->vfs, t.mnt, t.ino);
    return r;
}

int vfs_rmdir(struct vfs_client *c, const char *path, size_t len)
{
    struct target t;
    struct vfs_mount *m;
    uint64_t ino;
    int r = entry_target(c, path, len, -EBUSY, -EINVAL, -ENOTEMPTY, &t);

    if (r)
        return r;
    m = vfs_mnt_of(c->vfs, t.mnt);
    if ((r = dlookup(c->vfs, t.mnt, t.ino, t.name, t.len, &ino)))
        return r;
    if (covering(c->vfs, t.mnt, ino) >= 0)
        return -EBUSY; /* a mount point */
    if (!m->ops->rmdir)
        return -EROFS;
    if ((r = m->ops->rmdir(m->fs, t.ino, t.name, t.len)))
        return r;
    forget_entry(c->vfs, t.mnt, t.ino, t.name, t.len, ino);
    return 0;
}

int vfs_unlink(struct vfs_client *c, const char *path, size_t len)
{
    struct target t;
    struct vfs_mount *m;
    struct vfs_attr a;
    uint64_t ino;
    int r = entry_target(c, path, len, -EISDIR, -EISDIR, -EISDIR, &t);

    if (r)
        return r;
    m = vfs_mnt_of(c->vfs, t.mnt);
    if ((r = dlookup(c->vfs, t.mnt, t.ino, t.name, t.len, &ino)) ||
        (r = vfs_get_attr(c->vfs, t.mnt, ino, &a)))
        return r;
    if (VFS_S_ISDIR(a.mode))
        return -EISDIR;
    if (t.slash)
        return -ENOTDIR;
    if (!m->ops->unlink)
        return -EROFS;
    if ((r = m->ops->unlink(m->fs, t.ino, t.name, t.len)))
        return r;
    forget_entry(c->vfs, t.mnt, t.ino, t.name, t.len, ino);
    return 0;
}

/* rename's checks once both ends are walked (the source's path is in walk.aux). */
static int rename_check(struct vfs *v, const struct target *s, const struct vfs_attr *sa,
                        const struct target *d, uint64_t sino)
{
    uint64_t dino;
    int r;

    if (s->mnt != d->mnt)
        return -EXDEV;
    if (!VFS_S_ISDIR(sa->mode) && (s->slash || d->slash))
        return -ENOTDIR;
    if (VFS_S_ISDIR(sa->mode) && vfs_inside(v->walk.path, d->plen, v->walk.aux, s->plen))
        return d->plen == s->plen ? 1 : -EINVAL; /* onto itself, or into itself */
    r = dlookup(v, d->mnt, d->ino, d->name, d->len, &dino);
    if (r == 0 && dino == sino)
        return 1; /* two names of one file: nothing to do */
    if (r == 0 && covering(v, d->mnt, dino) >= 0)
        return -EBUSY;
    if (!vfs_mnt_of(v, s->mnt)->ops->rename)
        return -EROFS;
    return r == -ENOENT ? 0 : r;
}

int vfs_rename(struct vfs_client *c, const char *from, size_t flen, const char *to, size_t tlen)
{
    struct vfs *v = c->vfs;
    struct target s, d;
    struct vfs_attr sa;
    struct vfs_mount *m;
    uint64_t sino, dino = 0;
    bool had_dst;
    int r;

    if ((r = entry_target(c, from, flen, -EBUSY, -EBUSY, -EBUSY, &s))) /* Linux's rename */
        return r;
    memcpy(v->walk.name, s.name, s.len); /* the next walk reuses the buffers */
    s.name = v->walk.name;
    memcpy(v->walk.aux, v->walk.path, s.plen + 1);
    if ((r = dlookup(v, s.mnt, s.ino, s.name, s.len, &sino)) ||
        (r = vfs_get_attr(v, s.mnt, sino, &sa)))
        return r;
    if (covering(v, s.mnt, sino) >= 0)
        return -EBUSY;
    if ((r = entry_target(c, to, tlen, -EBUSY, -EBUSY, -EBUSY, &d)))
        return r;
    if ((r = rename_check(v, &s, &sa, &d, sino)))
        return r > 0 ? 0 : r;
    had_dst = dlookup(v, d.mnt, d.ino, d.name, d.len, &dino) == 0;
    m = vfs_mnt_of(v, s.mnt);
    if ((r = m->ops->rename(m->fs, s.ino, s.name, s.len, d.ino, d.name, d.len)))
        return r;
    forget_entry(v, s.mnt, s.ino, s.name, s.len, sino);
    dcache_forget_name(v, d.mnt, d.ino, d.name, d.len);
    vfs_icache_forget(v, d.mnt, d.ino);
    if (had_dst)
        forget_entry(v, d.mnt, d.ino, d.name, d.len, dino);
    return 0;
}

int vfs_link(struct vfs_client *c, const char *from, size_t flen, const char *to, size_t tlen)
{
    struct vfs *v = c->vfs;
    struct target s, d;
    struct vfs_mount *m;
    int r;

    if ((r = vfs_resolve(c, v, from, flen, 0, &s)))
        return r;
    if (VFS_S_ISDIR(s.attr.mode))
        return -EPERM;
    /* a second name must not let the client write what its grants keep read-only */
    if ((r = vfs_check_write(c, s.mnt, v->walk.path, s.plen)))
        return r;
    if ((r = entry_target(c, to, tlen, -EEXIST, -EEXIST, -EEXIST, &d)))
        return r;
    if (d.mnt != s.mnt)
        return -EXDEV;
    m = vfs_mnt_of(v, d.mnt);
    if (!m->ops->link)
        return -EROFS;
    if ((r = m->ops->link(m->fs, s.ino, d.ino, d.name, d.len)))
        return r;
    vfs_icache_forget(v, s.mnt, s.ino);
    vfs_icache_forget(v, d.mnt, d.ino);
    return 0;
}

int vfs_symlink(struct vfs_client *c, const char *target, size_t tlen, const char *path, size_t len)
{
    struct target t;
    struct vfs_mount *m;
    uint64_t ino;
    int r;

    if (tlen == 0)
        return -ENOENT;
    if (tlen >= VFS_PATH_MAX)
        return -ENAMETOOLONG;
    if (memchr(target, 0, tlen))
        return -EINVAL;
    if ((r = entry_target(c, path, len, -EEXIST, -EEXIST, -EEXIST, &t)))
        return r;
    m = vfs_mnt_of(c->vfs, t.mnt);
    if (!m->ops->symlink)
        return -EROFS;
    r = m->ops->symlink(m->fs, t.ino, t.name, t.len, target, tlen, c->uid, c->gid, &ino);
    vfs_icache_forget(c->vfs, t.mnt, t.ino);
    return r;
}

int64_t vfs_readlink(struct vfs_client *c, const char *path, size_t len, char *buf, size_t size)
{
    struct target t;
    struct vfs_mount *m;
    int r = vfs_resolve(c, c->vfs, path, len, 0, &t);

    if (r)
        return r;
    m = vfs_mnt_of(c->vfs, t.mnt);
    if (!VFS_S_ISLNK(t.attr.mode) || size == 0 || !m->ops->readlink)
        return -EINVAL;
    return m->ops->readlink(m->fs, t.ino, buf, size);
}

/* The decode step of calls that change an inode found by path (following symlinks). */
static int inode_target(struct vfs_client *c, const char *path, size_t len, struct target *t)
{
    int r = vfs_resolve(c, c->vfs, path, len, W_FOLLOW, t);

    return r ? r : vfs_check_write(c, t->mnt, c->vfs->walk.path, t->plen);
}

int vfs_truncate(struct vfs_client *c, const char *path, size_t len, int64_t size)
{
    struct target t;
    struct vfs_mount *m;
    int r;

    if (size < 0)
        return -EINVAL;
    if ((r = vfs_resolve(c, c->vfs, path, len, W_FOLLOW, &t)))
        return r;
    if (VFS_S_ISDIR(t.attr.mode))
        return -EISDIR;
    if (!VFS_S_ISREG(t.attr.mode))
        return -EINVAL;
    if ((r = vfs_check_write(c, t.mnt, c->vfs->walk.path, t.plen)))
        return r;
    m = vfs_mnt_of(c->vfs, t.mnt);
    if (!m->ops->truncate)
        return -EROFS;
    r = m->ops->truncate(m->fs, t.ino, (uint64_t)size);
    vfs_icache_forget(c->vfs, t.mnt, t.ino);
    return r;
}

static int change_attr(struct vfs_client *c, const char *path, size_t len, const struct vfs_attr *a,
                       unsigned mask)
{
    struct target t;
    struct vfs_mount *m;
    int r = inode_target(c, path, len, &t);

    if (r || mask == 0)
        return r; /* nothing to change (UTIME_OMIT twice, chown -1 -1): nothing changes */
    m = vfs_mnt_of(c->vfs, t.mnt);
    if (!m->ops->setattr)
        return -EROFS;
    r = m->ops->setattr(m->fs, t.ino, a, mask);
    vfs_icache_forget(c->vfs, t.mnt, t.ino);
    return r;
}

int vfs_chmod(struct vfs_client *c, const char *path, size_t len, uint32_t mode)
{
    struct vfs_attr a = {.mode = mode & 07777};

    return change_attr(c, path, len, &a, VFS_ATTR_MODE);
}

int vfs_chown(struct vfs_client *c, const char *path, size_t len, uint32_t uid, uint32_t gid)
{
    struct vfs_attr a = {.uid = uid, .gid = gid};
    unsigned mask = (uid != UINT32_MAX ? VFS_ATTR_UID : 0) | (gid != UINT32_MAX ? VFS_ATTR_GID : 0);

    return change_attr(c, path, len, &a, mask);
}

/* One utimens time: UTIME_OMIT leaves it, UTIME_NOW is `now`; -EINVAL for a bad tv_nsec. */
static int utime_field(const struct vfs_timespec *in, struct vfs_timespec now,
                       struct vfs_timespec *out, unsigned bit, unsigned *mask)
{
    if (in && in->nsec == VFS_UTIME_OMIT)
        return 0;
    if (!in || in->nsec == VFS_UTIME_NOW)
        *out = now;
    else if (in->nsec < 0 || in->nsec >= 1000000000)
        return -EINVAL;
    else
        *out = *in;
    *mask |= bit;
    return 0;
}

int vfs_utimens(struct vfs_client *c, const char *path, size_t len,
                const struct vfs_timespec times[2])
{
    struct vfs *v = c->vfs;
    struct vfs_timespec now = {0, 0};
    struct vfs_attr a;
    unsigned mask = 0;
    int r;

    if (v->now)
        now = v->now(v->now_ctx); /* one reading: both times NOW are the same time */
    memset(&a, 0, sizeof(a));
    if ((r = utime_field(times ? &times[0] : NULL, now, &a.atime, VFS_ATTR_ATIME, &mask)) ||
        (r = utime_field(times ? &times[1] : NULL, now, &a.mtime, VFS_ATTR_MTIME, &mask)))
        return r;
    return change_attr(c, path, len, &a, mask);
}

int vfs_statfs(struct vfs_client *c, const char *path, size_t len, struct vfs_statfs *st)
{
    struct target t;
    struct vfs_mount *m;
    int r = vfs_resolve(c, c->vfs, path, len, W_FOLLOW, &t);

    if (r)
        return r;
    m = vfs_mnt_of(c->vfs, t.mnt);
    memset(st, 0, sizeof(*st));
    r = m->ops->statfs ? m->ops->statfs(m->fs, st) : 0;
    st->read_only = m->rdonly;
    return r;
}

int vfs_sync(struct vfs *v)
{
    int first = 0;

    for (int i = 0; i < VFS_MAX_MOUNTS; i++) {
        struct vfs_mount *m = &v->mounts[i];
        int r = m->used && m->ops->sync ? m->ops->sync(m->fs) : 0;
        if (r && !first)
            first = r;
    }
    return first;
}
