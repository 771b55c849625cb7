/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The file service's VFS: one name space over several file systems, served
 * to clients that each see only the paths the system description grants
 * them (docs/file-service.md).
 *
 * A file system plugs in through struct fs_ops, an inode-number interface:
 * every object is a 64-bit inode number, every call returns 0 (or a byte
 * count) or a negative errno.  The VFS owns everything above that: the mount
 * table, path lookup (symlinks, "..", mount crossing), an inode-attribute
 * cache and a directory-entry cache, per-client open-file tables and the
 * grants.  It allocates nothing: struct vfs and struct vfs_client are the
 * caller's memory, and nothing in here calls malloc.
 *
 * Portable C11: only <stdint.h>, <stddef.h>, <stdbool.h>, <string.h> and
 * <errno.h>, so the same code builds for the host tests and, against musl,
 * for the file-service component.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Limits (Linux's) ------------------------------------------------------ */

#define VFS_NAME_MAX    255  /* bytes in one path component */
#define VFS_PATH_MAX    4096 /* bytes in a path, its NUL included: at most 4095 characters */
#define VFS_SYMLOOP_MAX 40
#define VFS_MAX_MOUNTS  16
#define VFS_MAX_FDS     64
#define VFS_ICACHE_SIZE 128
#define VFS_DCACHE_SIZE 256
#define VFS_DCACHE_NAME 40 /* longer names are looked up, not cached */

/* ---- Linux x86_64 values of the flags and modes the protocol carries ------- */

#define VFS_O_ACCMODE   03
#define VFS_O_RDONLY    00
#define VFS_O_WRONLY    01
#define VFS_O_RDWR      02
#define VFS_O_CREAT     0100
#define VFS_O_EXCL      0200
#define VFS_O_TRUNC     01000
#define VFS_O_APPEND    02000
#define VFS_O_DIRECTORY 0200000
#define VFS_O_NOFOLLOW  0400000

#define VFS_SEEK_SET 0
#define VFS_SEEK_CUR 1
#define VFS_SEEK_END 2

#define VFS_S_IFMT     0170000
#define VFS_S_IFSOCK   0140000
#define VFS_S_IFLNK    0120000
#define VFS_S_IFREG    0100000
#define VFS_S_IFBLK    0060000
#define VFS_S_IFDIR    0040000
#define VFS_S_IFCHR    0020000
#define VFS_S_IFIFO    0010000
#define VFS_S_ISDIR(m) (((m)&VFS_S_IFMT) == VFS_S_IFDIR)
#define VFS_S_ISREG(m) (((m)&VFS_S_IFMT) == VFS_S_IFREG)
#define VFS_S_ISLNK(m) (((m)&VFS_S_IFMT) == VFS_S_IFLNK)

/* d_type of a directory entry (Linux DT_*). */
#define VFS_DT_UNKNOWN 0
#define VFS_DT_FIFO    1
#define VFS_DT_CHR     2
#define VFS_DT_DIR     4
#define VFS_DT_BLK     6
#define VFS_DT_REG     8
#define VFS_DT_LNK     10
#define VFS_DT_SOCK    12

/* utimens: a tv_nsec of UTIME_NOW or UTIME_OMIT (Linux's values). */
#define VFS_UTIME_NOW  ((1l << 30) - 1l)
#define VFS_UTIME_OMIT ((1l << 30) - 2l)

/* ---- What file systems and the VFS exchange ------------------------------- */

struct vfs_timespec {
    int64_t sec;
    int64_t nsec;
};

struct vfs_attr {
    uint32_t mode; /* VFS_S_IF* type and permission bits */
    uint32_t nlink;
    uint32_t uid, gid;
    uint64_t size;
    uint64_t blocks; /* 512-byte units allocated */
    uint64_t ino;
    uint64_t dev; /* filled in by the VFS: the mount's number */
    struct vfs_timespec atime, mtime, ctime;
};

/* setattr mask: which fields of the struct vfs_attr to apply. */
#define VFS_ATTR_MODE  0x01 /* permission bits only; the type never changes */
#define VFS_ATTR_UID   0x02
#define VFS_ATTR_GID   0x04
#define VFS_ATTR_SIZE  0x08
#define VFS_ATTR_ATIME 0x10
#define VFS_ATTR_MTIME 0x20
#define VFS_ATTR_CTIME 0x40

struct vfs_statfs {
    uint64_t type; /* a magic number, as Linux's f_type */
    uint64_t bsize;
    uint64_t blocks, bfree, bavail;
    uint64_t files, ffree;
    uint64_t namemax;
    bool read_only; /* set by the VFS: the mount is read-only (Linux's ST_RDONLY) */
};

/*
 * readdir's callback: one entry and the cookie that follows it.  Returns 0
 * to go on, or non-zero when it took nothing (the caller's buffer is full):
 * readdir then stops with *cookie at this entry.
 */
typedef int (*vfs_emit_fn)(void *ctx, uint64_t ino, unsigned type, const char *name, size_t len,
                           uint64_t next);

/*
 * A file system.  `fs` is its own state.  Names are (pointer, length), never
 * "." or ".." (the VFS resolves those itself) and never containing '/' or
 * NUL.  Calls that change a directory check what the file system knows
 * (EEXIST, ENOENT, ENOTEMPTY, ENOTDIR, EISDIR, ENOSPC); the VFS has already
 * checked grants, read-only mounts and the path.  A read-only file system
 * may leave every changing call NULL: the VFS mounts it read-only.
 * retain/release are optional: while an inode is retained (it is open) the
 * file system must not free or reuse it, even at nlink 0.
 */
struct fs_ops {
    int (*root)(void *fs, uint64_t *ino);
    int (*lookup)(void *fs, uint64_t dir, const char *name, size_t len, uint64_t *ino);
    int (*getattr)(void *fs, uint64_t ino, struct vfs_attr *attr);
    int64_t (*read)(void *fs, uint64_t ino, uint64_t off, void *buf, size_t len);
    int64_t (*write)(void *fs, uint64_t ino, uint64_t off, const void *buf, size_t len);
    int (*truncate)(void *fs, uint64_t ino, uint64_t size);
    int (*create)(void *fs, uint64_t dir, const char *name, size_t len, uint32_t mode, uint32_t uid,
                  uint32_t gid, uint64_t *ino);
    int (*mkdir)(void *fs, uint64_t dir, const char *name, size_t len, uint32_t mode, uint32_t uid,
                 uint32_t gid, uint64_t *ino);
    int (*unlink)(void *fs, uint64_t dir, const char *name, size_t len);
    int (*rmdir)(void *fs, uint64_t dir, const char *name, size_t len);
    int (*rename)(void *fs, uint64_t sdir, const char *sname, size_t slen, uint64_t ddir,
                  const char *dname, size_t dlen);
    int (*link)(void *fs, uint64_t ino, uint64_t dir, const char *name, size_t len);
    int (*symlink)(void *fs, uint64_t dir, const char *name, size_t len, const char *target,
                   size_t tlen, uint32_t uid, uint32_t gid, uint64_t *ino);
    int64_t (*readlink)(void *fs, uint64_t ino, char *buf, size_t len);
    int (*setattr)(void *fs, uint64_t ino, const struct vfs_attr *attr, unsigned mask);
    int (*readdir)(void *fs, uint64_t dir, uint64_t *cookie, vfs_emit_fn emit, void *ctx);
    int (*statfs)(void *fs, struct vfs_statfs *st);
    int (*sync)(void *fs);
    int (*fsync)(void *fs, uint64_t ino);
    void (*retain)(void *fs, uint64_t ino);
    void (*release)(void *fs, uint64_t ino);
};

/* ---- The VFS's own state --------------------------------------------------- */

#define VFS_MOUNT_RDONLY 1

struct vfs_mount {
    bool used;
    bool rdonly;
    const struct fs_ops *ops;
    void *fs;
    uint64_t root;   /* the file system's root inode */
    int covered_mnt; /* the directory this mount hides: mount and inode; -1 for "/" */
    uint64_t covered_ino;
};

struct vfs_icache_entry {
    int mnt; /* -1: empty */
    uint64_t ino;
    uint64_t used; /* LRU tick */
    struct vfs_attr attr;
};

struct vfs_dcache_entry {
    int mnt; /* -1: empty */
    uint64_t dir, ino;
    uint64_t used;
    uint8_t len;
    char name[VFS_DCACHE_NAME];
};

/* One step of a walk: where it is, and how long the canonical path was there. */
struct vfs_step {
    int mnt;
    uint64_t ino;
    uint32_t plen;
};

/* Scratch for path lookup, kept here rather than on a component's small stack. */
struct vfs_walk {
    struct vfs_step stack[VFS_PATH_MAX / 2 + 1];
    unsigned depth;
    unsigned links;              /* symlinks followed in this lookup */
    char path[VFS_PATH_MAX + 1]; /* canonical path of stack[depth - 1] */
    char rest[2][VFS_PATH_MAX + 1];
    char aux[VFS_PATH_MAX + 1];  /* a second path: rename's source, getdents' names */
    char name[VFS_NAME_MAX + 1]; /* a second name: rename's source */
};

struct vfs_stats {
    uint64_t icache_hits, icache_misses, dcache_hits, dcache_misses;
};

struct vfs {
    struct vfs_mount mounts[VFS_MAX_MOUNTS];
    struct vfs_icache_entry icache[VFS_ICACHE_SIZE];
    struct vfs_dcache_entry dcache[VFS_DCACHE_SIZE];
    uint64_t tick;
    struct vfs_stats stats;
    struct vfs_timespec (*now)(void *ctx);
    void *now_ctx;
    struct vfs_walk walk;
};

/* A grant: a canonical absolute path ("/", or "/a/b" without a trailing '/'). */
struct vfs_grant {
    const char *path;
    bool writable;
};

struct vfs_file {
    bool used;
    int mnt;
    uint64_t ino;
    unsigned flags; /* VFS_O_* as opened */
    uint64_t off;   /* byte offset, or a directory's readdir cookie */
    bool dir;
    int filter_grant; /* >= 0: a directory outside every grant, listed through this one */
    uint32_t filter_len;
};

struct vfs_client {
    struct vfs *vfs;
    const struct vfs_grant *grants;
    size_t ngrants;
    uint32_t uid, gid; /* owner of what this client creates */
    char cwd[VFS_PATH_MAX];
    struct vfs_file files[VFS_MAX_FDS];
};

/* linux_dirent64, as getdents64 fills it. */
struct vfs_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[];
};

/* ---- Set-up ---------------------------------------------------------------- */

/* Empties the VFS.  `now` (may be NULL: time 0) stamps utimens(UTIME_NOW). */
void vfs_init(struct vfs *v, struct vfs_timespec (*now)(void *ctx), void *now_ctx);

/*
 * Mounts `fs` at the directory `path` (absolute, resolved with every grant):
 * "/" first, then others on directories that exist.  Returns the mount's
 * number (>= 0), or -EBUSY (already a mount there, or "/" twice), -EINVAL
 * ("/" not first, bad flags), -ENOTDIR, -ENOENT, -ENOMEM (table full).
 */
int vfs_mount(struct vfs *v, const char *path, size_t len, const struct fs_ops *ops, void *fs,
              unsigned flags);

/*
 * Makes a client that may reach only `grants` (kept by reference, so they
 * must outlive it).  Returns 0, or -EINVAL if a grant's path is not
 * canonical.  Its cwd is "/".
 */
int vfs_client_init(struct vfs_client *c, struct vfs *v, const struct vfs_grant *grants,
                    size_t ngrants, uint32_t uid, uint32_t gid);

/* Closes every open file of the client. */
void vfs_client_close_all(struct vfs_client *c);

/* ---- Operations: each returns 0 or a count, or a negative errno ------------ */

int vfs_chdir(struct vfs_client *c, const char *path, size_t len);
int vfs_open(struct vfs_client *c, const char *path, size_t len, unsigned flags, uint32_t mode);
int vfs_close(struct vfs_client *c, int fd);
int64_t vfs_read(struct vfs_client *c, int fd, void *buf, size_t len);
int64_t vfs_write(struct vfs_client *c, int fd, const void *buf, size_t len);
int64_t vfs_pread(struct vfs_client *c, int fd, void *buf, size_t len, int64_t off);
int64_t vfs_pwrite(struct vfs_client *c, int fd, const void *buf, size_t len, int64_t off);
int64_t vfs_lseek(struct vfs_client *c, int fd, int64_t off, int whence);
int vfs_fstat(struct vfs_client *c, int fd, struct vfs_attr *attr);
int vfs_stat(struct vfs_client *c, const char *path, size_t len, struct vfs_attr *attr);
int vfs_lstat(struct vfs_client *c, const char *path, size_t len, struct vfs_attr *attr);
int64_t vfs_getdents(struct vfs_client *c, int fd, void *buf, size_t len);
int vfs_mkdir(struct vfs_client *c, const char *path, size_t len, uint32_t mode);
int vfs_rmdir(struct vfs_client *c, const char *path, size_t len);
int vfs_unlink(struct vfs_client *c, const char *path, size_t len);
int vfs_rename(struct vfs_client *c, const char *from, size_t flen, const char *to, size_t tlen);
int vfs_link(struct vfs_client *c, const char *from, size_t flen, const char *to, size_t tlen);
int vfs_symlink(struct vfs_client *c, const char *target, size_t tlen, const char *path,
                size_t len);
int64_t vfs_readlink(struct vfs_client *c, const char *path, size_t len, char *buf, size_t size);
int vfs_truncate(struct vfs_client *c, const char *path, size_t len, int64_t size);
int vfs_ftruncate(struct vfs_client *c, int fd, int64_t size);
int vfs_fsync(struct vfs_client *c, int fd);
int vfs_chmod(struct vfs_client *c, const char *path, size_t len, uint32_t mode);
int vfs_chown(struct vfs_client *c, const char *path, size_t len, uint32_t uid, uint32_t gid);
int vfs_utimens(struct vfs_client *c, const char *path, size_t len,
                const struct vfs_timespec times[2]);
int vfs_statfs(struct vfs_client *c, const char *path, size_t len, struct vfs_statfs *st);
int vfs_sync(struct vfs *v);

/*
 * Resolves `path` for the client as open() would (following a trailing
 * symlink if `follow`) and writes its canonical absolute path, NUL ended,
 * into buf.  Returns the path's length, or a negative errno.  For tests and
 * the fuzzer: the grants' invariants are stated over this path.
 */
int vfs_realpath(struct vfs_client *c, const char *path, size_t len, bool follow, char *buf,
                 size_t size);
