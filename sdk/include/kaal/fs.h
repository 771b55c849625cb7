/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The native client library of the file service (services/fs): files for
 * a component, through the file protocol (<kaal/proto/fs.h>, generated
 * from sdk/interface/fs.proto) on the channel and buffer its system
 * description gives it (`files:` and `buffer:` on the channel,
 * docs/system-description.md).  docs/file-service.md describes the service.
 *
 *     kaal_file_connect(FS_CH, (void *)FS_BUFFER_VADDR, FS_BUFFER_SIZE);
 *     int fd = kaal_file_open("/tmp/hello", KAAL_O_WRONLY | KAAL_O_CREAT, 0644);
 *     kaal_file_write(fd, "hi\n", 3);
 *     kaal_file_close(fd);
 *
 * Every function returns 0 (or a count, or a file descriptor) or a
 * negative errno of <kaal/error.h>, which are Linux's values.  Paths may be
 * relative to the working directory, which the library keeps (the service
 * takes every path from the root).  Reads and writes larger than the
 * buffer go through it in pieces.  Functions are for one thread, like the
 * component that calls them, and any context: each is a protected call.
 */
#pragma once

#include <kaal/error.h>
#include <sel4/simple_types.h>
#include <stddef.h>
#include <stdint.h>

/* open flags, modes and whence: Linux's values. */
#define KAAL_O_RDONLY    00
#define KAAL_O_WRONLY    01
#define KAAL_O_RDWR      02
#define KAAL_O_CREAT     0100
#define KAAL_O_EXCL      0200
#define KAAL_O_TRUNC     01000
#define KAAL_O_APPEND    02000
#define KAAL_O_DIRECTORY 0200000
#define KAAL_O_NOFOLLOW  0400000
#define KAAL_SEEK_SET    0
#define KAAL_SEEK_CUR    1
#define KAAL_SEEK_END    2
#define KAAL_S_IFMT      0170000
#define KAAL_S_IFDIR     0040000
#define KAAL_S_IFREG     0100000
#define KAAL_S_IFLNK     0120000
#define KAAL_PATH_MAX    4096 /* bytes of a path with its NUL, as Linux */

struct kaal_timespec {
    int64_t sec, nsec;
};

/* A file's attributes (stat). */
struct kaal_stat {
    uint64_t dev, ino;
    uint32_t mode, nlink, uid, gid;
    uint64_t size, blocks, blksize;
    struct kaal_timespec atime, mtime, ctime;
};

/* A file system's figures (statfs). */
struct kaal_statfs {
    uint64_t type, bsize, blocks, bfree, bavail, files, ffree, namelen;
    int read_only;
};

/* One directory entry, as kaal_dir_read gives it. */
struct kaal_dirent {
    uint64_t ino;
    unsigned int type; /* Linux's DT_*: 4 a directory, 8 a file, 10 a symlink */
    char name[256];
};

/* An open directory: its fd and the entries read ahead. */
struct kaal_dir {
    int fd;
    unsigned int pos, len;
    unsigned char buf[2048];
};

/* Uses channel ch and the buffer (its mapping here, size bytes, at least 4 KiB) for every call
 * after; 0 or -EINVAL.  The working directory is "/". */
int kaal_file_connect(unsigned int ch, void *buffer, size_t size);

int kaal_file_open(const char *path, int flags, unsigned int mode); /* an fd */
int kaal_file_close(int fd);
int64_t kaal_file_read(int fd, void *buf, size_t len);
int64_t kaal_file_write(int fd, const void *buf, size_t len);
int64_t kaal_file_pread(int fd, void *buf, size_t len, uint64_t off);
int64_t kaal_file_pwrite(int fd, const void *buf, size_t len, uint64_t off);
/* pread without the copy out of the buffer shared with the service: reads up to len bytes
 * (at most the buffer's size) at off into that buffer and points *data at them there; a
 * count or a negative errno.  The bytes stay valid until the next call into this library. */
int64_t kaal_file_pread_shared(int fd, size_t len, uint64_t off, const void **data);
int64_t kaal_file_seek(int fd, int64_t off, int whence);
int kaal_file_stat(const char *path, struct kaal_stat *st);  /* follows a final symlink */
int kaal_file_lstat(const char *path, struct kaal_stat *st); /* does not */
int kaal_file_fstat(int fd, struct kaal_stat *st);
int kaal_file_mkdir(const char *path, unsigned int mode);
int kaal_file_rmdir(const char *path);
int kaal_file_unlink(const char *path);
int kaal_file_rename(const char *from, const char *to);
int kaal_file_link(const char *from, const char *to);
int kaal_file_symlink(const char *target, const char *path);
int64_t kaal_file_readlink(const char *path, char *buf, size_t len); /* not NUL-ended */
int kaal_file_truncate(const char *path, uint64_t size);
int kaal_file_ftruncate(int fd, uint64_t size);
int kaal_file_fsync(int fd);
int kaal_file_chmod(const char *path, unsigned int mode);
int kaal_file_chown(const char *path, uint32_t uid, uint32_t gid);
/* times[0] the access time, times[1] the modification time; nsec may be Linux's UTIME_NOW. */
int kaal_file_utimens(const char *path, const struct kaal_timespec times[2]);
int kaal_file_statfs(const char *path, struct kaal_statfs *st);
int kaal_file_sync(void);

/* Mount number index: its path into path (size bytes, NUL-ended), its kind (KAAL_BROKER_FS_*)
 * and whether it is read-only; -ENOENT past the last. */
int kaal_file_mount_info(unsigned int index, char *path, size_t size, unsigned int *kind,
                         int *read_only);

/* Changes the working directory (it must be a directory the client may reach). */
int kaal_file_chdir(const char *path);

/* The working directory, absolute. */
const char *kaal_file_cwd(void);

/* Opens the directory path for kaal_dir_read. */
int kaal_dir_open(struct kaal_dir *d, const char *path);

/* The next entry into *e: 1, or 0 at the end, or a negative errno. */
int kaal_dir_read(struct kaal_dir *d, struct kaal_dirent *e);

int kaal_dir_close(struct kaal_dir *d);
