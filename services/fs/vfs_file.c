// SPDX-License-Identifier: BSD-2-Clause
/*
 * The VFS's open files (see vfs.h): a client's table of VFS_MAX_FDS slots,
 * each a (mount, inode) with the open flags and an offset; for a directory
 * the offset is the file system's readdir cookie.  open() resolves the path
 * and checks the flags against what it found; after that the calls on a
 * descriptor check only what the descriptor allows (read, write), so a
 * grant is checked once, at open, as Linux checks permissions.  While open,
 * an inode is retained in its file system, so an unlinked file stays
 * readable and its number is not reused under the descriptor.
 */
#include "vfs_impl.h"

#include <errno.h>
#include <string.h>

/* ---- open files ------------------------------------------------------------ */

static struct vfs_file *file_get(struct vfs_client *c, int fd)
{
    if (fd < 0 || fd >= VFS_MAX_FDS || !c->files[fd].used)
        return NULL;
    return &c->files[fd];
}

static struct vfs_mount *file_mnt(struct vfs_client *c, const struct vfs_file *f)
{
    return vfs_mnt_of(c->vfs, f->mnt);
}

/* O_CREAT of a name that does not exist: the file is made and *t describes it. */
static int open_create(struct vfs_client *c, const char *path, size_t len, uint32_t mode,
                       struct target *t)
{
    struct vfs *v = c->vfs;
    struct vfs_mount *m;
    uint64_t ino;
    int r;

    if ((r = vfs_resolve(c, v, path, len, W_PARENT, t)))
        return r;
    if (!t->name || vfs_is_dot(t->name, t->len) || vfs_is_dotdot(t->name, t->len) || t->slash)
        return -EISDIR;
    if ((r = vfs_check_write(c, t->mnt, v->walk.path, t->parent_plen)))
        return r;
    m = vfs_mnt_of(v, t->mnt);
    if (!m->ops->create)
        return -EROFS;
    if ((r = m->ops->create(m->fs, t->ino, t->name, t->len, mode & 07777, c->uid, c->gid, &ino)))
        return r;
    vfs_icache_forget(v, t->mnt, t->ino);
    t->ino = ino;
    return vfs_get_attr(v, t->mnt, ino, &t->attr);
}

/* Opening what exists: its type against the flags, the right to write, O_TRUNC. */
static int open_existing(struct vfs_client *c, struct target *t, unsigned flags)
{
    struct vfs *v = c->vfs;
    struct vfs_mount *m = vfs_mnt_of(v, t->mnt);
    uint32_t type = t->attr.mode & VFS_S_IFMT;
    bool wr = (flags & VFS_O_ACCMODE) != VFS_O_RDONLY || (flags & VFS_O_TRUNC);
    int r;

    if (type == VFS_S_IFLNK)
        return -ELOOP; /* O_NOFOLLOW on a symlink */
    if ((flags & VFS_O_DIRECTORY) && type != VFS_S_IFDIR)
        return -ENOTDIR;
    if (type == VFS_S_IFDIR && (wr || (flags & VFS_O_CREAT)))
        return -EISDIR; /* Linux refuses O_CREAT on a directory even read-only */
    if (type != VFS_S_IFDIR && type != VFS_S_IFREG)
        return -ENXIO; /* devices, fifos and sockets are not served here */
    if (wr && (r = vfs_check_write(c, t->mnt, v->walk.path, t->plen)))
        return r;
    if ((flags & VFS_O_TRUNC) && t->attr.size) {
        if (!m->ops->truncate)
            return -EROFS;
        if ((r = m->ops->truncate(m->fs, t->ino, 0)))
            return r;
        vfs_icache_forget(v, t->mnt, t->ino);
    }
    return 0;
}

int vfs_open(struct vfs_client *c, const char *path, size_t len, unsigned flags, uint32_t mode)
{
    struct vfs *v = c->vfs;
    bool excl = (flags & (VFS_O_CREAT | VFS_O_EXCL)) == (VFS_O_CREAT | VFS_O_EXCL);
    struct target t;
    int fd = 0, r;

    if ((flags & VFS_O_ACCMODE) == VFS_O_ACCMODE)
        return -EINVAL;
    while (fd < VFS_MAX_FDS && c->files[fd].used)
        fd++;
    if (fd == VFS_MAX_FDS)
        return -EMFILE;
    r = vfs_resolve(c, v, path, len, (flags & VFS_O_NOFOLLOW) || excl ? 0 : W_FOLLOW, &t);
    if (r == -ENOENT && (flags & VFS_O_CREAT))
        r = open_create(c, path, len, mode, &t);
    else if (r == 0 && excl)
        r = -EEXIST;
    else if (r == 0)
        r = open_existing(c, &t, flags);
    if (r)
        return r;
    struct vfs_file *f = &c->files[fd];
    memset(f, 0, sizeof(*f));
    f->used = true;
    f->mnt = t.mnt, f->ino = t.ino, f->flags = flags;
    f->dir = VFS_S_ISDIR(t.attr.mode);
    f->filter_grant = -1;
    if (f->dir && vfs_granted(c, v->walk.path, t.plen) < 0) {
        /* a directory on the way to a grant: getdents shows only what leads there */
        for (size_t i = 0; i < c->ngrants; i++)
            if (vfs_inside(c->grants[i].path, strlen(c->grants[i].path), v->walk.path, t.plen))
                f->filter_grant = (int)i;
        f->filter_len = (uint32_t)t.plen;
    }
    if (file_mnt(c, f)->ops->retain)
        file_mnt(c, f)->ops->retain(file_mnt(c, f)->fs, f->ino);
    return fd;
}

int vfs_close(struct vfs_client *c, int fd)
{
    struct vfs_file *f = file_get(c, fd);

    if (!f)
        return -EBADF;
    if (file_mnt(c, f)->ops->release) {
        file_mnt(c, f)->ops->release(file_mnt(c, f)->fs, f->ino);
        /* the inode may be gone now, its number free for reuse */
        vfs_icache_forget(c->vfs, f->mnt, f->ino);
    }
    f->used = false;
    return 0;
}

/* Linux's cap on one read or write. */
#define RW_MAX 0x7ffff000u

static int64_t file_read(struct vfs_client *c, struct vfs_file *f, void *buf, size_t len,
                         uint64_t off)
{
    struct vfs_mount *m = file_mnt(c, f);

    if ((f->flags & VFS_O_ACCMODE) == VFS_O_WRONLY)
        return -EBADF;
    if (f->dir)
        return -EISDIR;
    return m->ops->read(m->fs, f->ino, off, buf, len < RW_MAX ? len : RW_MAX);
}

static int64_t file_write(struct vfs_client *c, struct vfs_file *f, const void *buf, size_t len,
                          uint64_t off)
{
    struct vfs_mount *m = file_mnt(c, f);
    int64_t r;

    if ((f->flags & VFS_O_ACCMODE) == VFS_O_RDONLY)
        return -EBADF;
    if (!m->ops->write)
        return -EROFS;
    if (len > RW_MAX)
        len = RW_MAX;
    if (off > (uint64_t)INT64_MAX - len)
        return -EFBIG;
    r = m->ops->write(m->fs, f->ino, off, buf, len);
    vfs_icache_forget(c->vfs, f->mnt, f->ino);
    return r;
}

int64_t vfs_read(struct vfs_client *c, int fd, void *buf, size_t len)
{
    struct vfs_file *f = file_get(c, fd);
    int64_t r;

    if (!f)
        return -EBADF;
    if ((r = file_read(c, f, buf, len, f->off)) > 0)
        f->off += (uint64_t)r;
    return r;
}

int64_t vfs_write(struct vfs_client *c, int fd, const void *buf, size_t len)
{
    struct vfs_file *f = file_get(c, fd);
    struct vfs_attr a;
    uint64_t off;
    int64_t r;

    if (!f)
        return -EBADF;
    off = f->off;
    if ((f->flags & VFS_O_APPEND) && (f->flags & VFS_O_ACCMODE) != VFS_O_RDONLY) {
        if ((r = vfs_get_attr(c->vfs, f->mnt, f->ino, &a)))
            return r;
        off = a.size;
    }
    if ((r = file_write(c, f, buf, len, off)) >= 0)
        f->off = off + (uint64_t)r;
    return r;
}

int64_t vfs_pread(struct vfs_client *c, int fd, void *buf, size_t len, int64_t off)
{
    struct vfs_file *f = file_get(c, fd);

    if (!f)
        return -EBADF;
    return off < 0 ? -EINVAL : file_read(c, f, buf, len, (uint64_t)off);
}

int64_t vfs_pwrite(struct vfs_client *c, int fd, const void *buf, size_t len, int64_t off)
{
    struct vfs_file *f = file_get(c, fd);

    if (!f)
        return -EBADF;
    return off < 0 ? -EINVAL : file_write(c, f, buf, len, (uint64_t)off);
}

int64_t vfs_lseek(struct vfs_client *c, int fd, int64_t off, int whence)
{
    struct vfs_file *f = file_get(c, fd);
    struct vfs_attr a;
    int64_t base;
    int r;

    if (!f)
        return -EBADF;
    if (f->dir) { /* a directory's offset is a readdir cookie: set or read it, nothing else */
        if (whence == VFS_SEEK_SET && off >= 0)
            return (int64_t)(f->off = (uint64_t)off);
        return whence == VFS_SEEK_CUR && off == 0 ? (int64_t)f->off : -EINVAL;
    }
    switch (whence) {
    case VFS_SEEK_SET:
        base = 0;
        break;
    case VFS_SEEK_CUR:
        base = (int64_t)f->off;
        break;
    case VFS_SEEK_END:
        if ((r = vfs_get_attr(c->vfs, f->mnt, f->ino, &a)))
            return r;
        base = (int64_t)a.size;
        break;
    default:
        return -EINVAL;
    }
    if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
        return -EINVAL;
    f->off = (uint64_t)(base + off);
    return base + off;
}

int vfs_fstat(struct vfs_client *c, int fd, struct vfs_attr *attr)
{
    struct vfs_file *f = file_get(c, fd);

    return f ? vfs_get_attr(c->vfs, f->mnt, f->ino, attr) : -EBADF;
}

struct dents {
    struct vfs_client *c;
    struct vfs_file *f;
    uint8_t *buf;
    size_t len, pos;
    bool full;
};

/* A directory outside the grants shows only the names that lead to one. */
static bool dent_visible(struct dents *d, const char *name, size_t len)
{
    const struct vfs_grant *g = &d->c->grants[d->f->filter_grant];
    char *p = d->c->vfs->walk.aux;
    size_t n = d->f->filter_len;

    if (vfs_is_dot(name, len) || vfs_is_dotdot(name, len))
        return true;
    memcpy(p, g->path, n);
    if (n > 1)
        p[n++] = '/';
    if (n + len >= VFS_PATH_MAX)
        return false;
    memcpy(p + n, name, len);
    return vfs_visible(d->c, p, n + len);
}

/* readdir's callback: one struct linux_dirent64, 8-byte aligned, NUL-ended name. */
static int emit_dirent(void *ctx, uint64_t ino, unsigned type, const char *name, size_t len,
                       uint64_t next)
{
    struct dents *d = ctx;
    size_t reclen = (offsetof(struct vfs_dirent64, d_name) + len + 1 + 7) & ~(size_t)7;
    int64_t off = (int64_t)next;
    uint16_t rl = (uint16_t)reclen;
    uint8_t *r = d->buf + d->pos;

    if (d->f->filter_grant >= 0 && !dent_visible(d, name, len))
        return 0; /* skipped, not shown */
    if (d->pos + reclen > d->len) {
        d->full = true;
        return 1;
    }
    memset(r, 0, reclen);
    memcpy(r + offsetof(struct vfs_dirent64, d_ino), &ino, sizeof(ino));
    memcpy(r + offsetof(struct vfs_dirent64, d_off), &off, sizeof(off));
    memcpy(r + offsetof(struct vfs_dirent64, d_reclen), &rl, sizeof(rl));
    r[offsetof(struct vfs_dirent64, d_type)] = (uint8_t)type;
    memcpy(r + offsetof(struct vfs_dirent64, d_name), name, len);
    d->pos += reclen;
    return 0;
}

int64_t vfs_getdents(struct vfs_client *c, int fd, void *buf, size_t len)
{
    struct vfs_file *f = file_get(c, fd);
    struct dents d = {c, f, buf, len, 0, false};
    int r;

    if (!f)
        return -EBADF;
    if (!f->dir || !file_mnt(c, f)->ops->readdir)
        return -ENOTDIR;
    r = file_mnt(c, f)->ops->readdir(file_mnt(c, f)->fs, f->ino, &f->off, emit_dirent, &d);
    if (r < 0)
        return r;
    if (d.pos == 0 && d.full)
        return -EINVAL; /* the buffer cannot hold the next entry */
    return (int64_t)d.pos;
}

int vfs_ftruncate(struct vfs_client *c, int fd, int64_t size)
{
    struct vfs_file *f = file_get(c, fd);
    struct vfs_mount *m;
    int r;

    if (!f)
        return -EBADF;
    if (f->dir || (f->flags & VFS_O_ACCMODE) == VFS_O_RDONLY || size < 0)
        return -EINVAL;
    m = file_mnt(c, f);
    if (!m->ops->truncate)
        return -EROFS;
    r = m->ops->truncate(m->fs, f->ino, (uint64_t)size);
    vfs_icache_forget(c->vfs, f->mnt, f->ino);
    return r;
}

int vfs_fsync(struct vfs_client *c, int fd)
{
    struct vfs_file *f = file_get(c, fd);

    if (!f)
        return -EBADF;
    return file_mnt(c, f)->ops->fsync ? file_mnt(c, f)->ops->fsync(file_mnt(c, f)->fs, f->ino) : 0;
}
