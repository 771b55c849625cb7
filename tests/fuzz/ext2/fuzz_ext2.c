/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for the ext2 library (services/fs): the input is a disk
 * image.  It is mounted from a private copy in memory and walked: readdir
 * of every directory down to a depth limit (in small batches, resuming by
 * cookie), getattr of every entry, reads of regular files, readlink of
 * symlinks.  If it mounts read-write, a few changes follow (create, write,
 * mkdir, rename, link, symlink, truncate, unlink, rmdir), then sync, and the
 * changed copy is mounted again and walked once more.
 *
 * Properties beyond "no crash, no sanitizer report, no endless loop": a
 * read or readlink never returns more than was asked; every -EIO comes
 * with a message that starts with the image's name; a file this target
 * wrote reads back at the length it wrote whenever nothing failed.
 */
#include "ext2.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DEPTH       6
#define MAX_VISITS  400
#define READ_LIMIT  (64 * 1024)
#define CACHE_BYTES (24 * (4096 + 64))
#define NAME        "fuzz.img"

struct mem {
    uint8_t *p;
    size_t n;
};

static void require(int ok)
{
    if (!ok)
        __builtin_trap();
}

static int mem_read(void *ctx, uint64_t off, void *buf, size_t len)
{
    struct mem *m = ctx;

    if (off > m->n || len > m->n - off)
        return -EIO;
    memcpy(buf, m->p + off, len);
    return 0;
}

static int mem_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
    struct mem *m = ctx;

    if (off > m->n || len > m->n - off)
        return -EIO;
    memcpy(m->p + off, buf, len);
    return 0;
}

static int mem_flush(void *ctx)
{
    (void)ctx;
    return 0;
}

/* Every failure that blames the image names it. */
static void checked(struct ext2_fs *fs, long r)
{
    if (r == -EIO)
        require(strncmp(ext2_last_error(fs), NAME ": ", strlen(NAME) + 2) == 0);
}

struct batch {
    int n;
    uint32_t ino[8];
    unsigned type[8];
};

static int take(void *arg, const char *name, size_t len, uint32_t ino, unsigned type)
{
    struct batch *b = arg;

    require(len >= 1 && len <= EXT2_NAME_MAX && name != NULL);
    if (b->n == 8)
        return 1;
    if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
        type = 0xff; /* not descended into */
    b->ino[b->n] = ino;
    b->type[b->n++] = type;
    return 0;
}

static uint8_t readbuf[READ_LIMIT];

static void visit_file(struct ext2_fs *fs, uint32_t ino, const struct ext2_attr *a)
{
    char link[4096];
    long r;

    if ((a->mode & 0170000) == 0100000) {
        r = ext2_read(fs, ino, 0, readbuf, sizeof(readbuf));
        checked(fs, r);
        require(r <= (long)sizeof(readbuf));
        r = ext2_read(fs, ino, a->size > 100 ? a->size - 100 : 0, readbuf, 4096);
        checked(fs, r);
        require(r <= 4096);
    } else if ((a->mode & 0170000) == 0120000) {
        r = ext2_readlink(fs, ino, link, sizeof(link));
        checked(fs, r);
        require(r <= (long)sizeof(link));
    }
}

static void walk(struct ext2_fs *fs, uint32_t dir, int depth, int *visits)
{
    uint64_t cookie = 0, last;

    do {
        struct batch b = {0};
        last = cookie;
        int r = ext2_readdir(fs, dir, &cookie, take, &b);
        checked(fs, r);
        if (r < 0)
            return;
        for (int i = 0; i < b.n && (*visits)++ < MAX_VISITS; i++) {
            struct ext2_attr a;
            r = ext2_getattr(fs, b.ino[i], &a);
            checked(fs, r);
            if (r < 0 || b.type[i] == 0xff)
                continue;
            if ((a.mode & 0170000) == 0040000) {
                if (depth < DEPTH)
                    walk(fs, b.ino[i], depth + 1, visits);
            } else {
                visit_file(fs, b.ino[i], &a);
            }
        }
    } while (cookie != last && *visits < MAX_VISITS);
}

static void changes(struct ext2_fs *fs)
{
    uint32_t root = ext2_root(fs), f = 0, d = 0, s = 0;
    long w = 0;
    int r, ok;

    memset(readbuf, 'w', 5000);
    ok = (r = ext2_create(fs, root, "fz", 2, 0644, 1, 2, &f)) == 0;
    checked(fs, r);
    if (ok) {
        w = ext2_write(fs, f, 3000, readbuf, 5000);
        checked(fs, w);
        ok = w == 5000;
    }
    r = ext2_mkdir(fs, root, "fzd", 3, 0755, 0, 0, &d);
    checked(fs, r);
    ok &= r == 0;
    if (ok) {
        ok &= (r = ext2_rename(fs, root, "fz", 2, d, "moved", 5)) == 0;
        checked(fs, r);
    }
    if (ok) {
        struct ext2_attr a;
        r = ext2_getattr(fs, f, &a);
        checked(fs, r);
        require(r < 0 || a.size == 8000);
        w = ext2_read(fs, f, 0, readbuf, sizeof(readbuf));
        checked(fs, w);
        require(w < 0 || w == 8000);
    }
    checked(fs, ext2_link(fs, f, root, "again", 5));
    checked(fs, ext2_symlink(fs, d, "sl", 2, (const char *)readbuf, 100, 0, 0, &s));
    checked(fs, ext2_truncate(fs, f, 10));
    checked(fs, ext2_unlink(fs, root, "again", 5));
    checked(fs, ext2_rename(fs, d, "moved", 5, root, "fzd", 3)); /* a file over a dir: refused */
    checked(fs, ext2_unlink(fs, d, "sl", 2));
    checked(fs, ext2_unlink(fs, d, "moved", 5));
    checked(fs, ext2_rmdir(fs, root, "fzd", 3));
    checked(fs, ext2_sync(fs));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t cache[CACHE_BYTES];
    struct mem m = {malloc(size ? size : 1), size};
    struct ext2_dev dev = {
        .ctx = &m, .size_bytes = size, .read = mem_read, .write = mem_write, .flush = mem_flush};
    struct ext2_fs fs;
    int visits = 0;

    memcpy(m.p, data, size);
    if (ext2_mount(&fs, &dev, cache, sizeof(cache), false, NAME) == 0) {
        walk(&fs, ext2_root(&fs), 0, &visits);
        if (!fs.read_only)
            changes(&fs);
        ext2_unmount(&fs);
        visits = 0;
        if (ext2_mount(&fs, &dev, cache, sizeof(cache), true, NAME) == 0) {
            walk(&fs, ext2_root(&fs), 0, &visits);
            ext2_unmount(&fs);
        }
    }
    free(m.p);
    return 0;
}
