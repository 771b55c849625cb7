/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ops: KaaL's side of the ext2-against-Linux test (tests/system/ext2linux.py,
 * docs/durability.md).  It applies the operations of ops.py's list, the
 * generated table <ext2linux_ops.h>, to /data (ext2 on virtio-blk) with the
 * file service's client library, syncs, and ends the run.  Linux applies
 * the same list as busybox commands to a copy of the same image, and the
 * runner compares the two images.  Each operation that fails prints
 * "FAILED: op N (...)"; the last line is "done N".
 */
#include <kaal/component.h>
#include <kaal/fs.h>
#include <sel4/arch/syscalls.h>
#include <stdio.h>
#include <string.h>

#define FS_CH     0
#define FS_BUFFER 0x21000000ul /* system.yaml: ops's map of its buffer */
#define FS_SIZE   (64u * 1024)
#define ROOT      "/data/"

enum op_kind {
    OP_MKDIR,
    OP_FILL,
    OP_APPEND,
    OP_PWRITE,
    OP_TRUNCATE,
    OP_RENAME,
    OP_LINK,
    OP_SYMLINK,
    OP_UNLINK,
    OP_RMDIR,
    OP_CHMOD,
};

/* One operation: a is a path (the target, for a symlink), b a second path or a text. */
struct op {
    enum op_kind kind;
    const char *a, *b;
    unsigned long num; /* a mode, size or offset */
};

#include <ext2linux_ops.h>

static char line[4096];

static const char *at(char *buf, size_t size, const char *path)
{
    snprintf(buf, size, "%s%s", ROOT, path);
    return buf;
}

/* Writes all of buf at off (or at the end, for an O_APPEND fd); 0 or a negative errno. */
static int put(int fd, const char *buf, size_t len, uint64_t off, int append)
{
    int64_t n = append ? kaal_file_write(fd, buf, len) : kaal_file_pwrite(fd, buf, len, off);
    return n == (int64_t)len ? 0 : n < 0 ? (int)n : -KAAL_EIO;
}

/* fill: text and a newline repeated to size bytes, as `yes text | head -c size` writes it. */
static int fill(const char *path, const char *text, unsigned long size)
{
    size_t unit = strlen(text) + 1, len = 0;
    int fd = kaal_file_open(path, KAAL_O_WRONLY | KAAL_O_CREAT | KAAL_O_TRUNC, 0644), err = 0;

    if (fd < 0)
        return fd;
    while (len + unit <= sizeof(line)) { /* whole units: each piece starts as the text does */
        memcpy(line + len, text, unit - 1);
        line[len + unit - 1] = '\n';
        len += unit;
    }
    for (unsigned long done = 0; done < size && !err; done += len)
        err = put(fd, line, size - done < len ? size - done : len, done, 0);
    kaal_file_close(fd);
    return err;
}

static int write_at(const char *path, const char *text, unsigned long off, int append)
{
    int fd = kaal_file_open(path, KAAL_O_WRONLY | (append ? KAAL_O_APPEND : 0), 0);
    if (fd < 0)
        return fd;
    int err = put(fd, text, strlen(text), off, append);
    kaal_file_close(fd);
    return err;
}

static char a[KAAL_PATH_MAX], b[KAAL_PATH_MAX];

static int apply(const struct op *o)
{
    switch (o->kind) {
    case OP_MKDIR:
        return kaal_file_mkdir(at(a, sizeof(a), o->a), (unsigned int)o->num);
    case OP_FILL:
        return fill(at(a, sizeof(a), o->a), o->b, o->num);
    case OP_APPEND:
        return write_at(at(a, sizeof(a), o->a), o->b, 0, 1);
    case OP_PWRITE:
        return write_at(at(a, sizeof(a), o->a), o->b, o->num, 0);
    case OP_TRUNCATE:
        return kaal_file_truncate(at(a, sizeof(a), o->a), o->num);
    case OP_RENAME:
        return kaal_file_rename(at(a, sizeof(a), o->a), at(b, sizeof(b), o->b));
    case OP_LINK:
        return kaal_file_link(at(a, sizeof(a), o->a), at(b, sizeof(b), o->b));
    case OP_SYMLINK:
        return kaal_file_symlink(o->a, at(b, sizeof(b), o->b)); /* the target as written */
    case OP_UNLINK:
        return kaal_file_unlink(at(a, sizeof(a), o->a));
    case OP_RMDIR:
        return kaal_file_rmdir(at(a, sizeof(a), o->a));
    case OP_CHMOD:
        return kaal_file_chmod(at(a, sizeof(a), o->a), (unsigned int)o->num);
    }
    return -KAAL_EINVAL;
}

void init(void)
{
    unsigned int n = sizeof(ops) / sizeof(ops[0]);

    if (kaal_file_connect(FS_CH, (void *)FS_BUFFER, FS_SIZE) != 0)
        printf("FAILED: connect\n");
    for (unsigned int i = 0; i < n; i++) {
        int err = apply(&ops[i]);
        if (err)
            printf("FAILED: op %u (%s %s): %d\n", i, ops[i].a, ops[i].b, err);
    }
    int err = kaal_file_sync();
    if (err)
        printf("FAILED: sync: %d\n", err);
    printf("done %u\n", n);
    fflush(stdout);
    seL4_DebugHalt();
}
