/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2 in the file service: the disk is a block class device (a driver on
 * the mount's channel, sharing the mount's region, <kaal/class/block.h>).
 * A transfer goes through the 64 KiB data area in windows: each window is
 * one request per KAAL_BLK_MAX_TRANSFER, all submitted before a single
 * notification and in flight together (the ext2 cache hands over runs of
 * up to 16 blocks: ext2_dev's readv and writev), and a read of a whole
 * data area leaves a read of the next one in flight (struct blkdev).  The
 * service waits for the completions with kaal_wait, inside the client's
 * protected call: the file service answers one call at a time, so the
 * others queue on its endpoint meanwhile.  The ext2 library (ext2.h) is
 * put behind struct fs_ops here.
 */
#include "service.h"

#include <kaal/class/block.h>
#include <kaal/component.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXT2_CACHE_BYTES (512u * 1024) /* the ext2 block cache, from the heap */
#define MAX_EXT2         4

/* A disk, and the read ahead that may be in flight in its data area: after a read of a whole
 * data area, the next data area's worth is asked for at once and not waited for, so the disk
 * works while the data goes back to the client.  A read of exactly those blocks takes them
 * from the data area; any other request first waits for it and drops it.  A write always
 * comes after that drop, so a read ahead never hands over blocks older than the disk's. */
struct blkdev {
    kaal_blk_t b;
    unsigned int ch;
    uint64_t blocks; /* the disk's size, in 512-byte blocks */
    bool ahead;      /* a read ahead is in flight: */
    uint32_t ahead_sent;
    uint64_t ahead_block;
    size_t ahead_bytes;
};

static struct blkdev disks[MAX_EXT2];
static struct ext2_fs ext2s[MAX_EXT2];
static unsigned int ndisks;

/* Waits for the completion of one request of d's; its slot's status, negated. */
static int blk_reap(struct blkdev *d)
{
    kaal_buf_desc_t desc;

    while (kaal_blk_reap(&d->b, &desc) != 0)
        if (kaal_queue_prepare_wait(&d->b.cmpl))
            kaal_wait(1ull << d->ch);
    return desc.id < KAAL_BLK_QUEUE_CAPACITY ? -(int)d->b.slot[desc.id].status : -EIO;
}

/* Waits for sent requests' completions; the first error. */
static int blk_collect(struct blkdev *d, uint32_t sent)
{
    int err = 0;

    for (uint32_t i = 0; i < sent; i++) {
        int e = blk_reap(d);
        err = err ? err : e;
    }
    return err;
}

/* Waits for the read ahead, if any, and forgets it; its error. */
static int blk_drain(struct blkdev *d)
{
    if (!d->ahead)
        return 0;
    d->ahead = false;
    return blk_collect(d, d->ahead_sent);
}

/* One request without data in slot 0; waits for it. */
static int blk_do(struct blkdev *d, uint32_t op, uint64_t block, uint32_t count)
{
    blk_drain(d);
    if (kaal_blk_submit(&d->b, 0, op, block, count, 0) != 0)
        return -EIO;
    if (kaal_blk_client_signal(&d->b))
        kaal_notify(d->ch);
    return blk_reap(d);
}

/* Sends the requests for bytes (whole 512-byte blocks, at most the data area) at block, between
 * the disk and the start of the data area: one per KAAL_BLK_MAX_TRANSFER, all in flight together,
 * with one notification.  How many went (fewer than asked only if the queue refused one). */
static uint32_t blk_send(struct blkdev *d, uint32_t op, uint64_t block, size_t bytes)
{
    uint32_t sent = 0;

    for (size_t at = 0; at < bytes; at += KAAL_BLK_MAX_TRANSFER, sent++) {
        size_t n = bytes - at < KAAL_BLK_MAX_TRANSFER ? bytes - at : KAAL_BLK_MAX_TRANSFER;
        if (kaal_blk_submit(&d->b, sent, op, block + at / KAAL_BLK_BLOCK_SIZE,
                            (uint32_t)(n / KAAL_BLK_BLOCK_SIZE), (uint32_t)at) != 0)
            break;
    }
    if (sent && kaal_blk_client_signal(&d->b))
        kaal_notify(d->ch);
    return sent;
}

/* Reads or writes a window as blk_send says and waits for every request; a read of what the
 * read ahead holds takes it from there instead. */
static int blk_window(struct blkdev *d, uint32_t op, uint64_t block, size_t bytes)
{
    bool hit =
        d->ahead && op == KAAL_BLK_READ && block == d->ahead_block && bytes <= d->ahead_bytes;
    uint32_t want = (uint32_t)((bytes + KAAL_BLK_MAX_TRANSFER - 1) / KAAL_BLK_MAX_TRANSFER);

    if (blk_drain(d) == 0 && hit)
        return 0;
    uint32_t sent = blk_send(d, op, block, bytes);
    int err = blk_collect(d, sent);
    return err ? err : sent < want ? -EIO : 0;
}

/* After a read of a whole data area that ended at block: the next data area's worth, asked
 * for and not waited for (unless it would pass the disk's end). */
static void blk_read_ahead(struct blkdev *d, uint64_t block)
{
    size_t bytes = KAAL_BLK_DATA_SIZE;
    uint32_t want = bytes / KAAL_BLK_MAX_TRANSFER;

    if (d->ahead || block + bytes / KAAL_BLK_BLOCK_SIZE > d->blocks)
        return;
    uint32_t sent = blk_send(d, KAAL_BLK_READ, block, bytes);
    if (sent < want) { /* the queue refused one: take back what went, and do without */
        blk_collect(d, sent);
        return;
    }
    d->ahead = true, d->ahead_sent = sent, d->ahead_block = block, d->ahead_bytes = bytes;
}

/* The pieces of a transfer: count blocks of bs bytes, piece i at bufs[i] (or, with bufs NULL,
 * one buffer of count * bs bytes at base). */
struct pieces {
    uint8_t *const *bufs;
    uint8_t *base;
    size_t count, bs;
};

static uint8_t *piece_at(const struct pieces *p, size_t i)
{
    return p->bufs ? p->bufs[i] : p->base + i * p->bs;
}

/* Moves the pieces from or to byte off in windows of the data area; off and the pieces whole
 * 512-byte blocks, as ext2's always are. */
static int blk_move(struct blkdev *d, uint64_t off, const struct pieces *p, bool write)
{
    size_t per = KAAL_BLK_DATA_SIZE / p->bs; /* pieces in one window */

    if (off % KAAL_BLK_BLOCK_SIZE || p->bs % KAAL_BLK_BLOCK_SIZE || p->bs > KAAL_BLK_DATA_SIZE)
        return -EINVAL;
    for (size_t first = 0; first < p->count; first += per) {
        size_t n = p->count - first < per ? p->count - first : per;
        if (write)
            for (size_t i = 0; i < n; i++)
                memcpy(d->b.data + i * p->bs, piece_at(p, first + i), p->bs);
        int err = blk_window(d, write ? KAAL_BLK_WRITE : KAAL_BLK_READ,
                             (off + first * p->bs) / KAAL_BLK_BLOCK_SIZE, n * p->bs);
        if (err)
            return err;
        if (!write)
            for (size_t i = 0; i < n; i++)
                memcpy(piece_at(p, first + i), d->b.data + i * p->bs, p->bs);
        if (!write && n * p->bs == KAAL_BLK_DATA_SIZE && first + n == p->count)
            blk_read_ahead(d, (off + (first + n) * p->bs) / KAAL_BLK_BLOCK_SIZE);
    }
    return 0;
}

/* ext2's device calls: a buffer is moved in 512-byte pieces' windows; a run in its blocks. */
static int blk_read(void *ctx, uint64_t off, void *buf, size_t len)
{
    struct pieces p = {0, buf, len / KAAL_BLK_BLOCK_SIZE, KAAL_BLK_BLOCK_SIZE};
    return len % KAAL_BLK_BLOCK_SIZE ? -EINVAL : blk_move(ctx, off, &p, false);
}

static int blk_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
    struct pieces p = {0, (uint8_t *)buf, len / KAAL_BLK_BLOCK_SIZE, KAAL_BLK_BLOCK_SIZE};
    return len % KAAL_BLK_BLOCK_SIZE ? -EINVAL : blk_move(ctx, off, &p, true);
}

static int blk_readv(void *ctx, uint64_t off, uint8_t *const *bufs, size_t count, size_t bs)
{
    struct pieces p = {bufs, 0, count, bs};
    return blk_move(ctx, off, &p, false);
}

static int blk_writev(void *ctx, uint64_t off, uint8_t *const *bufs, size_t count, size_t bs)
{
    struct pieces p = {bufs, 0, count, bs};
    return blk_move(ctx, off, &p, true);
}

static int blk_flush(void *ctx)
{
    return blk_do(ctx, KAAL_BLK_FLUSH, 0, 0);
}

/* ---- struct fs_ops over the ext2 library ----------------------------------------- */

/* ext2 numbers inodes in 32 bits: a larger number names nothing there. */
#define INO(x)     ((uint32_t)(x))
#define BAD_INO(x) ((x) > UINT32_MAX)

static int e_root(void *fs, uint64_t *ino)
{
    *ino = ext2_root(fs);
    return 0;
}

static int e_lookup(void *fs, uint64_t dir, const char *name, size_t len, uint64_t *ino)
{
    uint32_t i = 0;
    int err = BAD_INO(dir) ? -ENOENT : ext2_lookup(fs, INO(dir), name, len, &i);
    *ino = i;
    return err;
}

static int e_getattr(void *fs, uint64_t ino, struct vfs_attr *a)
{
    struct ext2_attr e;
    int err = BAD_INO(ino) ? -ENOENT : ext2_getattr(fs, INO(ino), &e);
    if (err)
        return err;
    *a = (struct vfs_attr){.mode = e.mode,
                           .nlink = e.nlink,
                           .uid = e.uid,
                           .gid = e.gid,
                           .size = e.size,
                           .blocks = e.blocks,
                           .ino = e.ino,
                           .atime = {e.atime, 0},
                           .mtime = {e.mtime, 0},
                           .ctime = {e.ctime, 0}};
    return 0;
}

static int64_t e_read(void *fs, uint64_t ino, uint64_t off, void *buf, size_t len)
{
    return BAD_INO(ino) ? -ENOENT : ext2_read(fs, INO(ino), off, buf, len);
}

static int64_t e_write(void *fs, uint64_t ino, uint64_t off, const void *buf, size_t len)
{
    return BAD_INO(ino) ? -ENOENT : ext2_write(fs, INO(ino), off, buf, len);
}

static int e_truncate(void *fs, uint64_t ino, uint64_t size)
{
    return BAD_INO(ino) ? -ENOENT : ext2_truncate(fs, INO(ino), size);
}

static int e_create(void *fs, uint64_t dir, const char *name, size_t len, uint32_t mode,
                    uint32_t uid, uint32_t gid, uint64_t *ino)
{
    uint32_t i = 0;
    int err = ext2_create(fs, INO(dir), name, len, (uint16_t)mode, uid, gid, &i);
    *ino = i;
    return err;
}

static int e_mkdir(void *fs, uint64_t dir, const char *name, size_t len, uint32_t mode,
                   uint32_t uid, uint32_t gid, uint64_t *ino)
{
    uint32_t i = 0;
    int err = ext2_mkdir(fs, INO(dir), name, len, (uint16_t)mode, uid, gid, &i);
    *ino = i;
    return err;
}

static int e_unlink(void *fs, uint64_t dir, const char *name, size_t len)
{
    return ext2_unlink(fs, INO(dir), name, len);
}

static int e_rmdir(void *fs, uint64_t dir, const char *name, size_t len)
{
    return ext2_rmdir(fs, INO(dir), name, len);
}

static int e_rename(void *fs, uint64_t sdir, const char *sname, size_t slen, uint64_t ddir,
                    const char *dname, size_t dlen)
{
    return ext2_rename(fs, INO(sdir), sname, slen, INO(ddir), dname, dlen);
}

static int e_link(void *fs, uint64_t ino, uint64_t dir, const char *name, size_t len)
{
    return ext2_link(fs, INO(ino), INO(dir), name, len);
}

static int e_symlink(void *fs, uint64_t dir, const char *name, size_t len, const char *target,
                     size_t tlen, uint32_t uid, uint32_t gid, uint64_t *ino)
{
    uint32_t i = 0;
    int err = ext2_symlink(fs, INO(dir), name, len, target, tlen, uid, gid, &i);
    *ino = i;
    return err;
}

static int64_t e_readlink(void *fs, uint64_t ino, char *buf, size_t len)
{
    return BAD_INO(ino) ? -ENOENT : ext2_readlink(fs, INO(ino), buf, len);
}

static int e_setattr(void *fs, uint64_t ino, const struct vfs_attr *a, unsigned mask)
{
    struct ext2_attr e = {.mode = (uint16_t)a->mode,
                          .uid = a->uid,
                          .gid = a->gid,
                          .size = a->size,
                          .atime = (uint32_t)a->atime.sec,
                          .mtime = (uint32_t)a->mtime.sec};
    unsigned m =
        (mask & VFS_ATTR_MODE ? EXT2_SET_MODE : 0) | (mask & VFS_ATTR_UID ? EXT2_SET_UID : 0) |
        (mask & VFS_ATTR_GID ? EXT2_SET_GID : 0) | (mask & VFS_ATTR_SIZE ? EXT2_SET_SIZE : 0) |
        (mask & VFS_ATTR_ATIME ? EXT2_SET_ATIME : 0) | (mask & VFS_ATTR_MTIME ? EXT2_SET_MTIME : 0);
    return BAD_INO(ino) ? -ENOENT : ext2_setattr(fs, INO(ino), &e, m);
}

/* One directory entry, as ext2_readdir hands it over. */
struct one_entry {
    bool have;
    uint32_t ino;
    unsigned int type;
    size_t len;
    char name[EXT2_NAME_MAX + 1];
};

/* Takes the first entry offered and stops at the second, so *cookie ends just past the first. */
static int take_one(void *arg, const char *name, size_t len, uint32_t ino, unsigned type)
{
    struct one_entry *e = arg;
    if (e->have)
        return 1;
    e->have = true, e->ino = ino, e->type = type, e->len = len;
    memcpy(e->name, name, len);
    return 0;
}

/* VFS readdir: an entry at a time, so each emit has the cookie after it (the entry's d_off). */
static int e_readdir(void *fs, uint64_t dir, uint64_t *cookie, vfs_emit_fn emit, void *ctx)
{
    for (;;) {
        struct one_entry e = {0};
        uint64_t next = *cookie;
        int err = ext2_readdir(fs, INO(dir), &next, take_one, &e);
        if (err || !e.have)
            return err;
        if (emit(ctx, e.ino, e.type, e.name, e.len, next))
            return 0;
        *cookie = next;
    }
}

static int e_statfs(void *fs, struct vfs_statfs *st)
{
    struct ext2_statfs e;
    int err = ext2_statfs(fs, &e);
    if (err)
        return err;
    *st = (struct vfs_statfs){.type = 0xef53, /* EXT2_SUPER_MAGIC, as Linux's f_type */
                              .bsize = e.bsize,
                              .blocks = e.blocks,
                              .bfree = e.bfree,
                              .bavail = e.bavail,
                              .files = e.files,
                              .ffree = e.ffree,
                              .namemax = e.namelen};
    return 0;
}

static int e_sync(void *fs)
{
    return ext2_sync(fs);
}

static int e_fsync(void *fs, uint64_t ino)
{
    return BAD_INO(ino) ? -ENOENT : ext2_fsync(fs, INO(ino));
}

static const struct fs_ops ext2_ops = {
    .root = e_root,
    .lookup = e_lookup,
    .getattr = e_getattr,
    .read = e_read,
    .write = e_write,
    .truncate = e_truncate,
    .create = e_create,
    .mkdir = e_mkdir,
    .unlink = e_unlink,
    .rmdir = e_rmdir,
    .rename = e_rename,
    .link = e_link,
    .symlink = e_symlink,
    .readlink = e_readlink,
    .setattr = e_setattr,
    .readdir = e_readdir,
    .statfs = e_statfs,
    .sync = e_sync,
    .fsync = e_fsync,
};

static uint32_t seconds(void)
{
    return (uint32_t)time(0);
}

int fs_ext2_mount(struct fs_mount *m)
{
    struct kaal_blk_slot cap;

    if (ndisks == MAX_EXT2)
        return printf("mount %s: more than %d ext2 mounts\n", m->path, MAX_EXT2), -ENOMEM;
    struct blkdev *d = &disks[ndisks];
    struct ext2_fs *fs = &ext2s[ndisks];
    void *cache = malloc(EXT2_CACHE_BYTES);
    if (m->size < KAAL_BLK_REGION_SIZE || kaal_blk_init(&d->b, (void *)m->vaddr) != 0 || !cache)
        return printf("mount %s: no block region or no memory for the cache\n", m->path), -ENOMEM;
    d->ch = m->channel;
    int err = blk_do(d, KAAL_BLK_CAPACITY, 0, 0);
    cap = d->b.slot[0];
    d->blocks = cap.blocks;
    if (err)
        return printf("mount %s: the block driver on channel %u answered %d\n", m->path, m->channel,
                      err),
               err;
    struct ext2_dev dev = {
        d, cap.blocks * KAAL_BLK_BLOCK_SIZE, blk_read, blk_write, blk_flush, blk_readv, blk_writev};
    char name[32];
    snprintf(name, sizeof(name), "disk on channel %u", m->channel);
    err = ext2_mount(fs, &dev, cache, EXT2_CACHE_BYTES, m->read_only, name);
    if (err)
        return printf("mount %s: %s\n", m->path, ext2_last_error(fs)), err;
    ext2_set_clock(fs, seconds);
    m->read_only = m->read_only || fs->read_only;
    m->ops = &ext2_ops, m->fs = fs;
    ndisks++;
    return 0;
}
