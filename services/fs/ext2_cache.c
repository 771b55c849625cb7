/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2's block cache: a fixed number of block-sized slots carved from the
 * caller's memory, the data first and the slot table after it, found by
 * block number through a hash of EXT2_HASH_BUCKETS chains in struct ext2_fs.
 *
 * ext2_bget pins a block (so the pointer it returns stays valid until the
 * matching ext2_bput) and ext2_bput unpins it, marking it dirty if asked.
 * A hit is found through the hash, so it costs the same however large the
 * cache is.  A miss takes the least recently used unpinned slot, writing it
 * back first if dirty.  No operation pins more than a handful of blocks at
 * once, so EXT2_CACHE_MIN slots always leave one free; running out anyway is
 * a bug in the library and gives -ENOMEM rather than a crash.
 *
 * The disk sees runs, not single blocks, where it can: writing back a dirty
 * block takes the dirty blocks that follow it on the disk along (up to
 * EXT2_RUN_MAX), and ext2_cache_fill reads a run of blocks ahead in one
 * go.  With the device's readv and writev the run becomes requests that are
 * in flight together.  A large read of blocks the cache does not hold goes
 * past it (ext2_cache_read_direct): the disk is their latest copy, and a
 * stream through the cache would only push out what is worth keeping.
 */
#include "ext2_priv.h"

int ext2_cache_init(struct ext2_fs *fs, void *mem, size_t bytes)
{
    uintptr_t p = (uintptr_t)mem, aligned = (p + 63) & ~(uintptr_t)63;
    size_t lost = aligned - p, per = fs->bs + sizeof(struct ext2_cslot);
    size_t n = bytes > lost ? (bytes - lost) / per : 0;

    if (!mem || n < EXT2_CACHE_MIN)
        return -ENOMEM;
    if (n > UINT32_MAX / 2)
        n = UINT32_MAX / 2; /* slot numbers plus one fit in a chain link */
    fs->nslots = (uint32_t)n;
    fs->cdata = (uint8_t *)aligned;
    fs->slot = (struct ext2_cslot *)(aligned + n * fs->bs);
    memset(fs->slot, 0, n * sizeof(struct ext2_cslot));
    memset(fs->bucket, 0, sizeof(fs->bucket));
    return 0;
}

/* The valid slot holding blk, or -1. */
static long lookup(const struct ext2_fs *fs, uint32_t blk)
{
    for (uint32_t i = fs->bucket[blk % EXT2_HASH_BUCKETS]; i; i = fs->slot[i - 1].next)
        if (fs->slot[i - 1].blk == blk && fs->slot[i - 1].valid)
            return (long)i - 1;
    return -1;
}

/* Takes slot i out of its block's chain (it must be in one: valid or being filled). */
static void unhash(struct ext2_fs *fs, uint32_t i)
{
    uint32_t *link = &fs->bucket[fs->slot[i].blk % EXT2_HASH_BUCKETS];

    while (*link && *link != i + 1)
        link = &fs->slot[*link - 1].next;
    if (*link)
        *link = fs->slot[i].next;
    fs->slot[i].next = 0;
}

/* Gives slot i to blk: out of its old chain, into blk's.  Not valid until the caller says. */
static void rehash(struct ext2_fs *fs, uint32_t i, uint32_t blk)
{
    struct ext2_cslot *s = &fs->slot[i];
    uint32_t *head = &fs->bucket[blk % EXT2_HASH_BUCKETS];

    if (s->valid || s->next)
        unhash(fs, i);
    s->valid = 0;
    s->blk = blk;
    s->next = *head;
    *head = i + 1;
}

/* Moves count blocks from blk between the disk and bufs, as one run if the device can. */
static int dev_run(struct ext2_fs *fs, uint32_t blk, uint8_t *const *bufs, size_t count, bool write)
{
    uint64_t off = (uint64_t)blk * fs->bs;
    int r = 0;

    if (write && fs->dev.writev)
        return fs->dev.writev(fs->dev.ctx, off, bufs, count, fs->bs);
    if (!write && fs->dev.readv)
        return fs->dev.readv(fs->dev.ctx, off, bufs, count, fs->bs);
    for (size_t k = 0; k < count && r >= 0; k++, off += fs->bs)
        r = write ? fs->dev.write(fs->dev.ctx, off, bufs[k], fs->bs)
                  : fs->dev.read(fs->dev.ctx, off, bufs[k], fs->bs);
    return r < 0 ? r : 0;
}

/* Writes dirty slot i back, with the unpinned dirty blocks that follow it on the disk. */
static int write_slot(struct ext2_fs *fs, uint32_t i)
{
    uint8_t *bufs[EXT2_RUN_MAX];
    uint32_t run[EXT2_RUN_MAX], n = 0, blk = fs->slot[i].blk;
    long j = i;
    int r;

    if (!fs->slot[i].valid || !fs->slot[i].dirty)
        return 0;
    do {
        run[n] = (uint32_t)j;
        bufs[n++] = fs->cdata + (size_t)j * fs->bs;
    } while (n < EXT2_RUN_MAX && blk + n != 0 && (j = lookup(fs, blk + n)) >= 0 &&
             fs->slot[j].dirty && !fs->slot[j].pins);
    if ((r = dev_run(fs, blk, bufs, n, true)) < 0)
        return r;
    for (uint32_t k = 0; k < n; k++)
        fs->slot[run[k]].dirty = 0;
    return 0;
}

/* The least recently used unpinned slot (-1 if every slot is pinned). */
static long victim(const struct ext2_fs *fs)
{
    long v = -1;

    for (uint32_t i = 0; i < fs->nslots; i++) {
        const struct ext2_cslot *s = &fs->slot[i];
        if (s->pins)
            continue;
        if (!s->valid)
            return i;
        if (v < 0 || s->lru < fs->slot[v].lru)
            v = i;
    }
    return v;
}

/* A slot for blk, not yet valid: a victim, written back first if dirty. */
static long take_slot(struct ext2_fs *fs, uint32_t blk)
{
    long i = victim(fs);
    int r;

    if (i < 0)
        return -ENOMEM;
    if ((r = write_slot(fs, (uint32_t)i)) < 0)
        return r;
    rehash(fs, (uint32_t)i, blk);
    fs->slot[i].dirty = 0;
    return i;
}

int ext2_bget(struct ext2_fs *fs, uint32_t blk, bool fill, uint8_t **data)
{
    long i = lookup(fs, blk);
    struct ext2_cslot *s;
    uint8_t *d;
    int r;

    if (i < 0) {
        if ((i = take_slot(fs, blk)) < 0)
            return (int)i;
        d = fs->cdata + (size_t)i * fs->bs;
        if (fill && (r = fs->dev.read(fs->dev.ctx, (uint64_t)blk * fs->bs, d, fs->bs)) < 0) {
            unhash(fs, (uint32_t)i);
            return r;
        }
        fs->slot[i].valid = 1;
    }
    s = &fs->slot[i];
    d = fs->cdata + (size_t)i * fs->bs;
    if (!fill) {
        memset(d, 0, fs->bs);
        s->dirty = 1;
    }
    s->pins++;
    s->lru = ++fs->tick;
    *data = d;
    return 0;
}

void ext2_bput(struct ext2_fs *fs, uint8_t *data, bool dirty)
{
    struct ext2_cslot *s = &fs->slot[(size_t)(data - fs->cdata) / fs->bs];

    if (s->pins)
        s->pins--;
    if (dirty)
        s->dirty = 1;
}

bool ext2_cache_has(const struct ext2_fs *fs, uint32_t blk)
{
    return lookup(fs, blk) >= 0;
}

int ext2_cache_fill(struct ext2_fs *fs, uint32_t blk, uint32_t count)
{
    uint8_t *bufs[EXT2_RUN_MAX];
    uint32_t run[EXT2_RUN_MAX], n = 0;
    int r = 0;

    if (count > EXT2_RUN_MAX)
        count = EXT2_RUN_MAX;
    /* Each slot taken is pinned at once, so the next victim is another one. */
    for (; n < count && lookup(fs, blk + n) < 0; n++) {
        long i = take_slot(fs, blk + n);
        if (i < 0) {
            r = (int)i;
            break;
        }
        fs->slot[i].pins++;
        run[n] = (uint32_t)i;
        bufs[n] = fs->cdata + (size_t)i * fs->bs;
    }
    if (r == 0 && n)
        r = dev_run(fs, blk, bufs, n, false);
    for (uint32_t k = 0; k < n; k++) {
        struct ext2_cslot *s = &fs->slot[run[k]];
        s->pins--;
        if (r < 0) {
            unhash(fs, run[k]);
            continue;
        }
        s->valid = 1;
        s->lru = ++fs->tick;
    }
    return r;
}

int ext2_cache_read_direct(struct ext2_fs *fs, uint32_t blk, uint32_t count, uint8_t *dst)
{
    uint8_t *bufs[EXT2_RUN_MAX];
    uint32_t n = 0;

    if (count > EXT2_RUN_MAX)
        count = EXT2_RUN_MAX;
    while (n < count && lookup(fs, blk + n) < 0) {
        bufs[n] = dst + (size_t)n * fs->bs;
        n++;
    }
    int r = n ? dev_run(fs, blk, bufs, n, false) : 0;
    return r < 0 ? r : (int)n;
}

/* Writes every dirty block back, in runs: each pass writes the dirty blocks that start a run
 * (their disk predecessor is not a dirty block here), until a pass finds nothing.  The lowest
 * dirty block always starts one, so every pass writes something while anything is dirty. */
int ext2_cache_flush(struct ext2_fs *fs)
{
    bool wrote = true;

    while (wrote) {
        wrote = false;
        for (uint32_t i = 0; i < fs->nslots; i++) {
            struct ext2_cslot *s = &fs->slot[i];
            long prev = s->blk ? lookup(fs, s->blk - 1) : -1;
            if (!s->valid || !s->dirty || (prev >= 0 && fs->slot[prev].dirty))
                continue;
            int r = write_slot(fs, i);
            if (r < 0)
                return r;
            wrote = true;
        }
    }
    return 0;
}
