/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fixtures for the file-service tests: a newc archive writer (so each test
 * builds the exact archive it needs, good or broken), and a VFS with a cpio
 * root and a ramfs on /tmp, as the file service mounts them.
 */
#pragma once

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpio.h"
#include "ramfs.h"
#include "vfs.h"

#define S(x) x, strlen(x) /* a path as (pointer, length) */

/* ---- newc writer ------------------------------------------------------------ */

struct ar {
    char *buf;
    size_t len, cap;
    unsigned ino;
};

static inline void ar_bytes(struct ar *a, const void *p, size_t n)
{
    if (a->len + n + 4 > a->cap) {
        a->cap = (a->len + n + 4) * 2;
        a->buf = realloc(a->buf, a->cap);
    }
    memcpy(a->buf + a->len, p, n);
    a->len += n;
}

static inline void ar_pad(struct ar *a)
{
    while (a->len % 4)
        ar_bytes(a, "", 1);
}

/* One entry with explicit fields (ino, nlink), for hard links and odd cases. */
static inline void ar_entry_full(struct ar *a, const char *name, unsigned mode, const void *data,
                                 size_t size, unsigned ino, unsigned nlink)
{
    char h[111];
    snprintf(h, sizeof(h), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", ino, mode,
             0u, 0u, nlink, 1700000000u, (unsigned)size, 0u, 0u, 0u, 0u, (unsigned)strlen(name) + 1,
             0u);
    ar_bytes(a, h, 110);
    ar_bytes(a, name, strlen(name) + 1);
    ar_pad(a);
    ar_bytes(a, data, size);
    ar_pad(a);
}

static inline void ar_entry(struct ar *a, const char *name, unsigned mode, const char *data)
{
    size_t n = data ? strlen(data) : 0;
    ar_entry_full(a, name, mode, data ? data : "", n, ++a->ino + 100, VFS_S_ISDIR(mode) ? 2 : 1);
}

static inline void ar_file(struct ar *a, const char *name, const char *data)
{
    ar_entry(a, name, VFS_S_IFREG | 0644, data);
}

static inline void ar_dir(struct ar *a, const char *name)
{
    ar_entry(a, name, VFS_S_IFDIR | 0755, NULL);
}

static inline void ar_link(struct ar *a, const char *name, const char *target)
{
    ar_entry(a, name, VFS_S_IFLNK | 0777, target);
}

static inline void ar_trailer(struct ar *a)
{
    ar_entry_full(a, "TRAILER!!!", 0, "", 0, 0, 1);
}

/* ---- a VFS: "/" the archive below, "/tmp" a ramfs ----------------------------- */

struct fix {
    struct vfs vfs;
    struct cpio_fs cpio;
    struct ramfs ram;
    struct ar ar;
    unsigned char cpio_arena[64 * 1024];
    unsigned char ram_arena[256 * 1024];
    struct vfs_client root; /* granted "/" read-write */
    int64_t clock;
};

static inline struct vfs_timespec fix_now(void *ctx)
{
    struct fix *f = ctx;
    struct vfs_timespec t = {++f->clock, 0};
    return t;
}

static const struct vfs_grant fix_all[] = {{"/", true}};

/*
 * The archive: /etc/passwd, /etc/motd -> passwd, /bin/sh, /data/{a,b,sub/c},
 * /secret/key, /tmp (the ramfs mount point), /abs -> /etc, /loop -> loop,
 * /up -> ../../.., /data/out -> /secret/key, /data/rel -> sub/c.
 */
static inline void fix_archive(struct ar *a)
{
    ar_dir(a, ".");
    ar_dir(a, "etc");
    ar_file(a, "etc/passwd", "root:x:0:0\n");
    ar_link(a, "etc/motd", "passwd");
    ar_file(a, "bin/sh", "#!ELF");
    ar_dir(a, "data");
    ar_file(a, "data/a", "alpha");
    ar_file(a, "data/b", "bravo");
    ar_file(a, "data/sub/c", "charlie");
    ar_link(a, "data/out", "/secret/key");
    ar_link(a, "data/rel", "sub/c");
    ar_file(a, "secret/key", "hunter2");
    ar_dir(a, "tmp");
    ar_link(a, "abs", "/etc");
    ar_link(a, "loop", "loop");
    ar_link(a, "up", "../../..");
    ar_trailer(a);
}

static inline struct fix *fix_new(void)
{
    struct fix *f = calloc(1, sizeof(*f));
    int r;

    fix_archive(&f->ar);
    vfs_init(&f->vfs, fix_now, f);
    if ((r = cpio_init(&f->cpio, f->ar.buf, f->ar.len, f->cpio_arena, sizeof(f->cpio_arena)))) {
        printf("  fixture: %s\n", f->cpio.why);
        abort();
    }
    if (ramfs_init(&f->ram, f->ram_arena, sizeof(f->ram_arena), 64, fix_now, f) ||
        vfs_mount(&f->vfs, S("/"), &cpio_ops, &f->cpio, VFS_MOUNT_RDONLY) != 0 ||
        vfs_mount(&f->vfs, S("/tmp"), &ramfs_ops, &f->ram, 0) != 1 ||
        vfs_client_init(&f->root, &f->vfs, fix_all, 1, 0, 0))
        abort();
    return f;
}

static inline void fix_free(struct fix *f)
{
    vfs_client_close_all(&f->root);
    free(f->ar.buf);
    free(f);
}

/* The canonical path `path` resolves to (following a last symlink), or "E<errno>". */
static inline const char *fix_real(struct vfs_client *c, const char *path)
{
    static char buf[VFS_PATH_MAX + 16];
    int r = vfs_realpath(c, path, strlen(path), true, buf, sizeof(buf));
    if (r < 0)
        snprintf(buf, sizeof(buf), "E%d", -r);
    return buf;
}

/* Reads the whole file at path into a static buffer ("E<errno>" on failure). */
static inline const char *fix_cat(struct vfs_client *c, const char *path)
{
    static char buf[4096];
    int fd = vfs_open(c, path, strlen(path), VFS_O_RDONLY, 0);
    int64_t n;
    if (fd < 0) {
        snprintf(buf, sizeof(buf), "E%d", -fd);
        return buf;
    }
    n = vfs_read(c, fd, buf, sizeof(buf) - 1);
    vfs_close(c, fd);
    if (n < 0)
        snprintf(buf, sizeof(buf), "E%d", (int)-n);
    else
        buf[n] = 0;
    return buf;
}

/* Creates (or truncates) path with the given contents; 0 or a negative errno. */
static inline int fix_put(struct vfs_client *c, const char *path, const char *data)
{
    int fd = vfs_open(c, path, strlen(path), VFS_O_WRONLY | VFS_O_CREAT | VFS_O_TRUNC, 0644);
    int64_t n;
    if (fd < 0)
        return fd;
    n = vfs_write(c, fd, data, strlen(data));
    vfs_close(c, fd);
    return n < 0 ? (int)n : 0;
}
