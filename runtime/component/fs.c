/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The file service's client library (<kaal/fs.h>) over the generated
 * stubs of the file protocol.  The buffer the client shares with the
 * service holds a call's paths and data: one path at its start, a second
 * path after the first, and data from the start for reads and writes,
 * which go in buffer-sized pieces.  Relative paths are joined to the
 * working directory here; the service sees only absolute paths.
 */
#include <kaal/fs.h>
#include <kaal/proto/fs.h>
#include <string.h>

static unsigned int fs_ch;
static unsigned char *fs_buf;
static size_t fs_size;
static char cwd[KAAL_PATH_MAX] = "/";

int kaal_file_connect(unsigned int ch, void *buffer, size_t size)
{
    if (!buffer || size < 4096)
        return -KAAL_EINVAL;
    fs_ch = ch, fs_buf = buffer, fs_size = size;
    strcpy(cwd, "/");
    return 0;
}

/* Writes path, made absolute, into the buffer at off; its length, or a negative errno. */
static int64_t put_path(const char *path, size_t off)
{
    size_t len = strlen(path), base = path[0] == '/' ? 0 : strlen(cwd);
    size_t sep = base && cwd[base - 1] != '/' ? 1 : 0;

    if (!fs_buf)
        return -KAAL_EBADF;
    if (base + sep + len >= KAAL_PATH_MAX || off + base + sep + len > fs_size)
        return -KAAL_ENAMETOOLONG;
    memcpy(fs_buf + off, cwd, base);
    memcpy(fs_buf + off + base, "/", sep);
    memcpy(fs_buf + off + base + sep, path, len);
    return (int64_t)(base + sep + len);
}

int kaal_file_open(const char *path, int flags, unsigned int mode)
{
    struct kaal_fs_open_out out = {0};
    int64_t n = put_path(path, 0);
    int err = n < 0 ? (int)n : kaal_fs_open(fs_ch, 0, (seL4_Word)n, (seL4_Uint32)flags, mode, &out);
    return err ? err : (int)out.fd;
}

int kaal_file_close(int fd)
{
    return kaal_fs_close(fs_ch, (seL4_Word)fd);
}

/* One piece of a read or write at off (or at the file offset if off is -1): its count. */
static int64_t piece(int fd, size_t len, int64_t off, int write)
{
    int err;
    seL4_Word n = 0;

    if (write && off < 0) {
        struct kaal_fs_write_out o = {0};
        err = kaal_fs_write(fs_ch, (seL4_Word)fd, 0, len, &o), n = o.count;
    } else if (write) {
        struct kaal_fs_pwrite_out o = {0};
        err = kaal_fs_pwrite(fs_ch, (seL4_Word)fd, (seL4_Word)off, 0, len, &o), n = o.count;
    } else if (off < 0) {
        struct kaal_fs_read_out o = {0};
        err = kaal_fs_read(fs_ch, (seL4_Word)fd, 0, len, &o), n = o.count;
    } else {
        struct kaal_fs_pread_out o = {0};
        err = kaal_fs_pread(fs_ch, (seL4_Word)fd, (seL4_Word)off, 0, len, &o), n = o.count;
    }
    return err ? err : (int64_t)(n <= len ? n : len);
}

/* Moves len bytes between buf and the file through the buffer; stops at a short piece. */
static int64_t transfer(int fd, void *buf, size_t len, int64_t off, int write)
{
    size_t done = 0;

    if (!fs_buf)
        return -KAAL_EBADF;
    while (done < len) {
        size_t want = len - done < fs_size ? len - done : fs_size;
        if (write)
            memcpy(fs_buf, (unsigned char *)buf + done, want);
        int64_t got = piece(fd, want, off < 0 ? -1 : off + (int64_t)done, write);
        if (got < 0)
            return done ? (int64_t)done : got;
        if (!write)
            memcpy((unsigned char *)buf + done, fs_buf, (size_t)got);
        done += (size_t)got;
        if ((size_t)got < want)
            break;
    }
    return (int64_t)done;
}

int64_t kaal_file_read(int fd, void *buf, size_t len)
{
    return transfer(fd, buf, len, -1, 0);
}

int64_t kaal_file_write(int fd, const void *buf, size_t len)
{
    return transfer(fd, (void *)buf, len, -1, 1);
}

int64_t kaal_file_pread(int fd, void *buf, size_t len, uint64_t off)
{
    return off > INT64_MAX ? -KAAL_EINVAL : transfer(fd, buf, len, (int64_t)off, 0);
}

int64_t kaal_file_pwrite(int fd, const void *buf, size_t len, uint64_t off)
{
    return off > INT64_MAX ? -KAAL_EINVAL : transfer(fd, (void *)buf, len, (int64_t)off, 1);
}

int64_t kaal_file_pread_shared(int fd, size_t len, uint64_t off, const void **data)
{
    if (!fs_buf)
        return -KAAL_EBADF;
    if (off > INT64_MAX)
        return -KAAL_EINVAL;
    int64_t got = piece(fd, len < fs_size ? len : fs_size, (int64_t)off, 0);
    if (got >= 0)
        *data = fs_buf;
    return got;
}

int64_t kaal_file_seek(int fd, int64_t off, int whence)
{
    struct kaal_fs_lseek_out out = {0};
    int err = kaal_fs_lseek(fs_ch, (seL4_Word)fd, (seL4_Word)off, (seL4_Uint32)whence, &out);
    return err ? err : (int64_t)out.position;
}

#define AT_SYMLINK_NOFOLLOW 0x100 /* Linux's newfstatat flags */
#define AT_EMPTY_PATH       0x1000

/* newfstatat through the protocol: path (NULL: the open file fd) with flags. */
static int stat_call(int fd, const char *path, uint32_t flags, struct kaal_stat *st)
{
    struct kaal_fs_stat_out o = {0};
    int64_t n = path ? put_path(path, 0) : 0;
    int err = n < 0 ? (int)n : kaal_fs_stat(fs_ch, (seL4_Word)fd, 0, (seL4_Word)n, flags, &o);
    if (err)
        return err;
    st->dev = o.dev, st->ino = o.ino, st->mode = (uint32_t)o.mode;
    st->nlink = (uint32_t)o.nlink, st->uid = (uint32_t)o.uid, st->gid = (uint32_t)o.gid;
    st->size = o.size, st->blocks = o.blocks, st->blksize = o.blksize;
    st->atime = (struct kaal_timespec){(int64_t)o.atime_sec, (int64_t)o.atime_nsec};
    st->mtime = (struct kaal_timespec){(int64_t)o.mtime_sec, (int64_t)o.mtime_nsec};
    st->ctime = (struct kaal_timespec){(int64_t)o.ctime_sec, (int64_t)o.ctime_nsec};
    return 0;
}

int kaal_file_stat(const char *path, struct kaal_stat *st)
{
    return stat_call(-1, path, 0, st);
}

int kaal_file_lstat(const char *path, struct kaal_stat *st)
{
    return stat_call(-1, path, AT_SYMLINK_NOFOLLOW, st);
}

int kaal_file_fstat(int fd, struct kaal_stat *st)
{
    return fs_buf ? stat_call(fd, NULL, AT_EMPTY_PATH, st) : -KAAL_EBADF;
}

/* The ops that take one path and words: the path goes first, n is its length. */
#define ONE_PATH(path, call)                                                                       \
    do {                                                                                           \
        int64_t n = put_path(path, 0);                                                             \
        return n < 0 ? (int)n : (call);                                                            \
    } while (0)

int kaal_file_mkdir(const char *path, unsigned int mode)
{
    ONE_PATH(path, kaal_fs_mkdir(fs_ch, 0, (seL4_Word)n, mode));
}

int kaal_file_rmdir(const char *path)
{
    ONE_PATH(path, kaal_fs_rmdir(fs_ch, 0, (seL4_Word)n));
}

int kaal_file_unlink(const char *path)
{
    ONE_PATH(path, kaal_fs_unlink(fs_ch, 0, (seL4_Word)n));
}

int kaal_file_truncate(const char *path, uint64_t size)
{
    ONE_PATH(path, kaal_fs_truncate(fs_ch, 0, (seL4_Word)n, size));
}

int kaal_file_chmod(const char *path, unsigned int mode)
{
    ONE_PATH(path, kaal_fs_chmod(fs_ch, 0, (seL4_Word)n, mode));
}

int kaal_file_chown(const char *path, uint32_t uid, uint32_t gid)
{
    ONE_PATH(path, kaal_fs_chown(fs_ch, 0, (seL4_Word)n, uid, gid));
}

int kaal_file_utimens(const char *path, const struct kaal_timespec t[2])
{
    ONE_PATH(path,
             kaal_fs_utimens(fs_ch, 0, (seL4_Word)n, (seL4_Word)t[0].sec, (seL4_Word)t[0].nsec,
                             (seL4_Word)t[1].sec, (seL4_Word)t[1].nsec, 0));
}

/* Puts two paths in the buffer, b after a; 0 with their lengths, or a negative errno. */
static int put_two(const char *a, const char *b, int64_t *na, int64_t *nb)
{
    *na = put_path(a, 0);
    if (*na < 0)
        return (int)*na;
    *nb = put_path(b, (size_t)*na);
    return *nb < 0 ? (int)*nb : 0;
}

int kaal_file_rename(const char *from, const char *to)
{
    int64_t a = 0, b = 0;
    int err = put_two(from, to, &a, &b);
    return err ? err : kaal_fs_rename(fs_ch, 0, (seL4_Word)a, (seL4_Word)a, (seL4_Word)b);
}

int kaal_file_link(const char *from, const char *to)
{
    int64_t a = 0, b = 0;
    int err = put_two(from, to, &a, &b);
    return err ? err : kaal_fs_link(fs_ch, 0, (seL4_Word)a, (seL4_Word)a, (seL4_Word)b);
}

int kaal_file_symlink(const char *target, const char *path)
{
    size_t tlen = strlen(target);
    int64_t n;

    if (!fs_buf)
        return -KAAL_EBADF;
    if (tlen >= KAAL_PATH_MAX || tlen > fs_size)
        return -KAAL_ENAMETOOLONG;
    memcpy(fs_buf, target, tlen); /* the link's text, as it is: not joined to the cwd */
    n = put_path(path, tlen);
    return n < 0 ? (int)n : kaal_fs_symlink(fs_ch, 0, tlen, tlen, (seL4_Word)n);
}

int64_t kaal_file_readlink(const char *path, char *buf, size_t len)
{
    struct kaal_fs_readlink_out o = {0};
    int64_t n = put_path(path, 0);
    if (n < 0)
        return n;
    size_t room = fs_size - (size_t)n < len ? fs_size - (size_t)n : len;
    int err = kaal_fs_readlink(fs_ch, 0, (seL4_Word)n, (seL4_Word)n, room, &o);
    if (err)
        return err;
    size_t got = o.count < room ? o.count : room;
    memcpy(buf, fs_buf + n, got);
    return (int64_t)got;
}

int kaal_file_ftruncate(int fd, uint64_t size)
{
    return kaal_fs_ftruncate(fs_ch, (seL4_Word)fd, size);
}

int kaal_file_fsync(int fd)
{
    return kaal_fs_fsync(fs_ch, (seL4_Word)fd);
}

int kaal_file_statfs(const char *path, struct kaal_statfs *st)
{
    struct kaal_fs_statfs_out o = {0};
    int64_t n = put_path(path, 0);
    int err = n < 0 ? (int)n : kaal_fs_statfs(fs_ch, 0, (seL4_Word)n, &o);
    if (!err)
        *st = (struct kaal_statfs){o.type,  o.bsize, o.blocks,  o.bfree,         o.bavail,
                                   o.files, o.ffree, o.namelen, o.read_only != 0};
    return err;
}

int kaal_file_sync(void)
{
    return kaal_fs_sync(fs_ch);
}

int kaal_file_mount_info(unsigned int index, char *path, size_t size, unsigned int *kind,
                         int *read_only)
{
    struct kaal_fs_mount_out o = {0};

    if (!fs_buf || size == 0)
        return -KAAL_EINVAL;
    int err = kaal_fs_mount(fs_ch, index, 0, fs_size < KAAL_PATH_MAX ? fs_size : KAAL_PATH_MAX, &o);
    if (err)
        return err;
    size_t len = o.length < size - 1 ? o.length : size - 1;
    memcpy(path, fs_buf, len);
    path[len] = '\0';
    *kind = (unsigned int)o.kind, *read_only = o.read_only != 0;
    return 0;
}

/* Makes the absolute path p lexically canonical in place: no '.', '..', '//' or trailing '/'. */
static void canonical(char *p)
{
    size_t out = 0;

    for (size_t i = 0; p[i];) {
        while (p[i] == '/')
            i++;
        size_t start = i;
        while (p[i] && p[i] != '/')
            i++;
        size_t len = i - start;
        if (len == 0 || (len == 1 && p[start] == '.'))
            continue;
        if (len == 2 && p[start] == '.' && p[start + 1] == '.') {
            while (out > 0 && p[out - 1] != '/')
                out--;
            out -= out > 0; /* and the '/' before it; ".." at the root stays there */
            continue;
        }
        p[out++] = '/';
        memmove(p + out, p + start, len);
        out += len;
    }
    if (out == 0)
        p[out++] = '/';
    p[out] = '\0';
}

int kaal_file_chdir(const char *path)
{
    char next[KAAL_PATH_MAX];
    struct kaal_stat st;
    int64_t n = put_path(path, 0);

    if (n < 0)
        return (int)n;
    memcpy(next, fs_buf, (size_t)n);
    next[n] = '\0';
    canonical(next);
    int err = kaal_file_stat(next, &st);
    if (err)
        return err;
    if ((st.mode & KAAL_S_IFMT) != KAAL_S_IFDIR)
        return -KAAL_ENOTDIR;
    strcpy(cwd, next);
    return 0;
}

const char *kaal_file_cwd(void)
{
    return cwd;
}

int kaal_dir_open(struct kaal_dir *d, const char *path)
{
    int fd = kaal_file_open(path, KAAL_O_RDONLY | KAAL_O_DIRECTORY, 0);
    if (fd < 0)
        return fd;
    d->fd = fd, d->pos = d->len = 0;
    return 0;
}

/* Reads a batch of linux_dirent64 records into d->buf; their bytes, 0 at the end, or an errno. */
static int fill(struct kaal_dir *d)
{
    struct kaal_fs_getdents_out o = {0};
    size_t want = sizeof(d->buf) < fs_size ? sizeof(d->buf) : fs_size;
    int err = kaal_fs_getdents(fs_ch, (seL4_Word)d->fd, 0, want, &o);
    if (err)
        return err;
    d->len = (unsigned int)(o.count < want ? o.count : want);
    d->pos = 0;
    memcpy(d->buf, fs_buf, d->len);
    return (int)d->len;
}

int kaal_dir_read(struct kaal_dir *d, struct kaal_dirent *e)
{
    if (d->pos >= d->len) {
        int got = fill(d);
        if (got <= 0)
            return got;
    }
    /* linux_dirent64: d_ino at 0, d_off at 8, d_reclen at 16, d_type at 18, the name at 19. */
    const unsigned char *r = d->buf + d->pos;
    uint16_t reclen;
    memcpy(&e->ino, r, 8);
    memcpy(&reclen, r + 16, 2);
    if (reclen < 20 || d->pos + reclen > d->len)
        return -KAAL_EIO; /* a record the service should never send */
    e->type = r[18];
    size_t max =
        (size_t)reclen - 19 < sizeof(e->name) - 1 ? (size_t)reclen - 19 : sizeof(e->name) - 1;
    size_t len = strnlen((const char *)r + 19, max);
    memcpy(e->name, r + 19, len);
    e->name[len] = '\0';
    d->pos += reclen;
    return 1;
}

int kaal_dir_close(struct kaal_dir *d)
{
    return kaal_file_close(d->fd);
}
