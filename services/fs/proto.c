/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The file protocol's handlers (sdk/interface/fs.proto): each decodes what
 * the generated dispatch has already checked (label, words, buffer ranges
 * inside the client's buffer) and calls the VFS for the client the call
 * came from.  Paths are copied out of the shared buffer before anything
 * looks at them, so a client that rewrites its buffer during a call gains
 * nothing; data moves straight between the buffer and the file system.
 * The VFS's errors are Linux's errno values, which are KaaL's (<kaal/error.h>),
 * so they go back unchanged.
 */
#include "service.h"

#include <kaal/broker.h>
#include <string.h>

#define AT_SYMLINK_NOFOLLOW 0x100 /* Linux's */

/* The two paths an op can carry (rename, link, symlink), copied out of the buffer. */
static char path_a[VFS_PATH_MAX], path_b[VFS_PATH_MAX];

/* Copies the range r of c's buffer into buf as a NUL-ended path: its length, or -ENAMETOOLONG,
 * or -EINVAL if it holds a NUL. */
static int take_path(const struct fs_client *c, const struct kaal_proto_range *r, char *buf)
{
    if (r->length >= VFS_PATH_MAX)
        return -ENAMETOOLONG;
    memcpy(buf, c->buffer + r->offset, r->length);
    buf[r->length] = '\0';
    return memchr(buf, '\0', r->length) ? -EINVAL : (int)r->length;
}

/* An fd word as the VFS takes it: anything too large for one is -1, which is EBADF there. */
static int fd_of(seL4_Word w)
{
    return w < VFS_MAX_FDS ? (int)w : -1;
}

static unsigned char *at(const struct fs_client *c, const struct kaal_proto_range *r)
{
    return c->buffer + r->offset;
}

#define AT_EMPTY_PATH 0x1000 /* Linux's */

static void put_attr(struct kaal_fs_stat_out *out, const struct vfs_attr *a)
{
    out->dev = a->dev, out->ino = a->ino, out->mode = a->mode, out->nlink = a->nlink;
    out->uid = a->uid, out->gid = a->gid, out->size = a->size, out->blocks = a->blocks;
    out->blksize = 4096;
    out->atime_sec = (seL4_Word)a->atime.sec, out->atime_nsec = (seL4_Word)a->atime.nsec;
    out->mtime_sec = (seL4_Word)a->mtime.sec, out->mtime_nsec = (seL4_Word)a->mtime.nsec;
    out->ctime_sec = (seL4_Word)a->ctime.sec, out->ctime_nsec = (seL4_Word)a->ctime.nsec;
}

/* A count or a negative errno from the VFS, as a handler's result and out word. */
static int count(int64_t n, seL4_Word *out)
{
    if (n < 0)
        return (int)n;
    *out = (seL4_Word)n;
    return 0;
}

static int op_open(void *ctx, const struct kaal_fs_open_in *in, struct kaal_fs_open_out *out)
{
    struct fs_client *c = ctx;
    int n = take_path(c, &in->path, path_a);
    return n < 0 ? n : count(vfs_open(&c->vc, path_a, (size_t)n, in->flags, in->mode), &out->fd);
}

static int op_close(void *ctx, const struct kaal_fs_close_in *in)
{
    return vfs_close(&((struct fs_client *)ctx)->vc, fd_of(in->fd));
}

static int op_read(void *ctx, const struct kaal_fs_read_in *in, struct kaal_fs_read_out *out)
{
    struct fs_client *c = ctx;
    return count(vfs_read(&c->vc, fd_of(in->fd), at(c, &in->dest), in->dest.length), &out->count);
}

static int op_write(void *ctx, const struct kaal_fs_write_in *in, struct kaal_fs_write_out *out)
{
    struct fs_client *c = ctx;
    return count(vfs_write(&c->vc, fd_of(in->fd), at(c, &in->src), in->src.length), &out->count);
}

static int op_pread(void *ctx, const struct kaal_fs_pread_in *in, struct kaal_fs_pread_out *out)
{
    struct fs_client *c = ctx;
    return count(
        vfs_pread(&c->vc, fd_of(in->fd), at(c, &in->dest), in->dest.length, (int64_t)in->offset),
        &out->count);
}

static int op_pwrite(void *ctx, const struct kaal_fs_pwrite_in *in, struct kaal_fs_pwrite_out *out)
{
    struct fs_client *c = ctx;
    return count(
        vfs_pwrite(&c->vc, fd_of(in->fd), at(c, &in->src), in->src.length, (int64_t)in->offset),
        &out->count);
}

static int op_lseek(void *ctx, const struct kaal_fs_lseek_in *in, struct kaal_fs_lseek_out *out)
{
    struct fs_client *c = ctx;
    return count(vfs_lseek(&c->vc, fd_of(in->fd), (int64_t)in->offset, (int)in->whence),
                 &out->position);
}

/* newfstatat: a path, a final symlink itself, or with AT_EMPTY_PATH and no path the open file. */
static int op_stat(void *ctx, const struct kaal_fs_stat_in *in, struct kaal_fs_stat_out *out)
{
    struct fs_client *c = ctx;
    struct vfs_attr a;
    int err, n = take_path(c, &in->path, path_a);

    if (in->flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    if (n == 0 && (in->flags & AT_EMPTY_PATH))
        err = vfs_fstat(&c->vc, fd_of(in->fd), &a);
    else if (n < 0)
        err = n;
    else if (in->flags & AT_SYMLINK_NOFOLLOW)
        err = vfs_lstat(&c->vc, path_a, (size_t)n, &a);
    else
        err = vfs_stat(&c->vc, path_a, (size_t)n, &a);
    if (err == 0)
        put_attr(out, &a);
    return err;
}

static int op_getdents(void *ctx, const struct kaal_fs_getdents_in *in,
                       struct kaal_fs_getdents_out *out)
{
    struct fs_client *c = ctx;
    return count(vfs_getdents(&c->vc, fd_of(in->fd), at(c, &in->dest), in->dest.length),
                 &out->count);
}

static int op_mkdir(void *ctx, const struct kaal_fs_mkdir_in *in)
{
    struct fs_client *c = ctx;
    int n = take_path(c, &in->path, path_a);
    return n < 0 ? n : vfs_mkdir(&c->vc, path_a, (size_t)n, in->mode);
}

static int op_rmdir(void *ctx, const struct kaal_fs_rmdir_in *in)
{
    struct fs_client *c = ctx;
    int n = take_path(c, &in->path, path_a);
    return n < 0 ? n : vfs_rmdir(&c->vc, path_a, (size_t)n);
}

static int op_unlink(void *ctx, const struct kaal_fs_unlink_in *in)
{
    struct fs_client *c = ctx;
    int n = take_path(c, &in->path, path_a);
    return n < 0 ? n : vfs_unlink(&c->vc, path_a, (size_t)n);
}

/* An op on two paths, from and to, each taken out of the buffer first. */
static int two_paths(struct fs_client *c, const struct kaal_proto_range *a,
                     const struct kaal_proto_range *b, int *na, int *nb)
{
    *na = take_path(c, a, path_a);
    *nb = take_path(c, b, path_b);
    return *na < 0 ? *na : *nb < 0 ? *nb : 0;
}

static int op_rename(void *ctx, const struct kaal_fs_rename_in *in)
{
    struct fs_client *c = ctx;
    int na, nb, err = two_paths(c, &in->from, &in->to, &na, &nb);
    return err ? err : vfs_rename(&c->vc, path_a, (size_t)na, path_b, (size_t)nb);
}

static int op_link(void *ctx, const struct kaal_fs_link_in *in)
{
    struct fs_client *c = ctx;
    int na, nb, err = two_paths(c, &in->from, &in->to, &na, &nb);
    return err ? err : vfs_link(&c->vc, path_a, (size_t)na, path_b, (size_t)nb);
}

static int op_symlink(void *ctx, const struct kaal_fs_symlink_in *in)
{
    struct fs_client *c = ctx;
    int na, nb, err = two_paths(c, &in->target, &in->path, &na, &nb);
    return err ? err : vfs_symlink(&c->vc, path_a, (size_t)na, path_b, (size_t)nb);
}

static int op_readlink(void *ctx, const struct kaal_fs_readlink_in *in,
                       struct kaal_fs_readlink_out *out)
{
    struct fs_client *c = ctx;
    int n = take_path(c, &in->path, path_a);
    return n < 0 ? n
                 : count(vfs_readlink(&c->vc, path_a, (size_t)n, (char *)at(c, &in->dest),
                                      in->dest.length),
                         &out->count);
}

static int op_truncate(void *ctx, const struct kaal_fs_truncate_in *in)
{
    struct fs_client *c = ctx;
    int n = take_path(c, &in->path, path_a);
    return n < 0 ? n : vfs_truncate(&c->vc, path_a, (size_t)n, (int64_t)in->size);
}

static int op_ftruncate(void *ctx, const struct kaal_fs_ftruncate_in *in)
{
    return vfs_ftruncate(&((struct fs_client *)ctx)->vc, fd_of(in->fd), (int64_t)in->size);
}

static int op_fsync(void *ctx, const struct kaal_fs_fsync_in *in)
{
    return vfs_fsync(&((struct fs_client *)ctx)->vc, fd_of(in->fd));
}

static int op_chmod(void *ctx, const struct kaal_fs_chmod_in *in)
{
    struct fs_client *c = ctx;
    int n = take_path(c, &in->path, path_a);
    return n < 0 ? n : vfs_chmod(&c->vc, path_a, (size_t)n, in->mode);
}

static int op_chown(void *ctx, const struct kaal_fs_chown_in *in)
{
    struct fs_client *c = ctx;
    int n = take_path(c, &in->path, path_a);
    return n < 0 ? n : vfs_chown(&c->vc, path_a, (size_t)n, in->uid, in->gid);
}

static int op_utimens(void *ctx, const struct kaal_fs_utimens_in *in)
{
    struct fs_client *c = ctx;
    struct vfs_timespec t[2] = {{(int64_t)in->atime_sec, (int64_t)in->atime_nsec},
                                {(int64_t)in->mtime_sec, (int64_t)in->mtime_nsec}};
    int n = take_path(c, &in->path, path_a);
    if (n < 0)
        return n;
    if (in->flags & ~AT_SYMLINK_NOFOLLOW)
        return -EINVAL;
    if (in->flags & AT_SYMLINK_NOFOLLOW)
        return -EOPNOTSUPP; /* a symlink's own times: the VFS changes only what links name */
    return vfs_utimens(&c->vc, path_a, (size_t)n, t);
}

static int op_statfs(void *ctx, const struct kaal_fs_statfs_in *in, struct kaal_fs_statfs_out *out)
{
    struct fs_client *c = ctx;
    struct vfs_statfs st;
    int n = take_path(c, &in->path, path_a);
    int err = n < 0 ? n : vfs_statfs(&c->vc, path_a, (size_t)n, &st);
    if (err)
        return err;
    out->type = st.type, out->bsize = st.bsize, out->blocks = st.blocks;
    out->bfree = st.bfree, out->bavail = st.bavail, out->files = st.files;
    out->ffree = st.ffree, out->namelen = st.namemax, out->read_only = st.read_only;
    return 0;
}

static int op_sync(void *ctx)
{
    (void)ctx;
    return vfs_sync(&fs_vfs);
}

static int op_mount(void *ctx, const struct kaal_fs_mount_in *in, struct kaal_fs_mount_out *out)
{
    struct fs_client *c = ctx;
    seL4_Word n = in->index;

    for (unsigned int i = 0; i < fs_nmounts; i++) {
        const struct fs_mount *m = &fs_mounts[i];
        if (!m->mounted || n--)
            continue;
        size_t len = strlen(m->path);
        memcpy(at(c, &in->dest), m->path, len < in->dest.length ? len : in->dest.length);
        out->length = len, out->kind = m->kind, out->read_only = m->read_only;
        return 0;
    }
    return -ENOENT;
}

static seL4_Word buffer_size(void *ctx, unsigned int buffer)
{
    (void)buffer;
    return ((struct fs_client *)ctx)->buffer_size;
}

static const struct kaal_fs_server server = {
    .open = op_open,
    .close = op_close,
    .read = op_read,
    .write = op_write,
    .pread = op_pread,
    .pwrite = op_pwrite,
    .lseek = op_lseek,
    .stat = op_stat,
    .getdents = op_getdents,
    .mkdir = op_mkdir,
    .rmdir = op_rmdir,
    .unlink = op_unlink,
    .rename = op_rename,
    .link = op_link,
    .symlink = op_symlink,
    .readlink = op_readlink,
    .truncate = op_truncate,
    .ftruncate = op_ftruncate,
    .fsync = op_fsync,
    .chmod = op_chmod,
    .chown = op_chown,
    .utimens = op_utimens,
    .statfs = op_statfs,
    .sync = op_sync,
    .mount = op_mount,
    .buffer_size = buffer_size,
};

seL4_MessageInfo_t fs_serve(struct fs_client *c, seL4_MessageInfo_t msginfo)
{
    return kaal_fs_dispatch(&server, c, msginfo);
}
