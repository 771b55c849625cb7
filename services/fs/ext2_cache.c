/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2's block cache: a fixed number of block-sized slots carved from the
 * caller's memory, the slot table first and the data after it.
 *
 * ext2_bget pins a block (so the pointer it returns stays valid until the
 * matching ext2_bput) and ext2_bput unpins it, marking it dirty if asked.
 * A miss takes the least recently used unpinned slot, writing it back first
 * if dirty.  No operation pins more than a handful of blocks at once, so
 * EXT2_CACHE_MIN slots always leave one free; running out anyway is a bug
 * in the library and gives -ENOMEM rather than a crash.
 */
#include "ext2_priv.h"

int ext2_cache_init(struct ext2_fs *fs, void *mem, size_t bytes)
{
    uintptr_t p = (uintptr_t)mem, aligned = (p + 63) & ~(uintptr_t)63;
    size_t lost = aligned - p, per = fs->bs + sizeof(struct ext2_cslot);
    size_t n = bytes > lost ? (bytes - lost) / per : 0;

    if (!mem || n < EXT2_CACHE_MIN)
        return -ENOMEM;
    if (n > UINT32_MAX)
        n = UINT32_MAX;
    fs->nslots = (uint32_t)n;
    fs->cdata = (uint8_t *)aligned;
    fs->slot = (struct ext2_cslot *)(aligned + n * fs->bs);
    memset(fs->slot, 0, n * sizeof(struct ext2_cslot));
    return 0;
}

static int write_slot(struct ext2_fs *fs, uint32_t i)
{
    struct ext2_cslot *s = &fs->slot[i];
    int r;

    if (!s->valid || !s->dirty)
        return 0;
    r = fs->dev.write(fs->dev.ctx, (uint64_t)s->blk * fs->bs, fs->cdata + (size_t)i * fs->bs,
                      fs->bs);
    if (r < 0)
        return r;
    s->dirty = 0;
    return 0;
}

/* The slot holding blk, or the slot to reuse for it (-1 if every slot is pinned). */
static long find_slot(struct ext2_fs *fs, uint32_t blk, bool *hit)
{
    long victim = -1;

    for (uint32_t i = 0; i < fs->nslots; i++) {
        struct ext2_cslot *s = &fs->slot[i];
        if (s->valid && s->blk == blk) {
            *hit = true;
            return i;
        }
        if (s->pins)
            continue;
        if (victim < 0 || !s->valid || (fs->slot[victim].valid && s->lru < fs->slot[victim].lru))
            victim = i;
    }
    *hit = false;
    return victim;
}

int ext2_bget(struct ext2_fs *fs, uint32_t blk, bool fill, uint8_t **data)
{
    bool hit;
    long i = find_slot(fs, blk, &hit);
    struct ext2_cslot *s;
    uint8_t *d;
    int r;

    if (i < 0)
        return -ENOMEM;
    s = &fs->slot[i];
    d = fs->cdata + (size_t)i * fs->bs;
    if (!hit) {
        if ((r = write_slot(fs, (uint32_t)i)) < 0)
            return r;
        s->valid = 0;
        if (fill) {
            r = fs->dev.read(fs->dev.ctx, (uint64_t)blk * fs->bs, d, fs->bs);
            if (r < 0)
                return r;
        }
        s->blk = blk;
        s->valid = 1;
        s->dirty = 0;
    }
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

/* Writes every dirty block back. */
int ext2_cache_flush(struct ext2_fs *fs)
{
    for (uint32_t i = 0; i < fs->nslots; i++) {
        int r = write_slot(fs, i);
        if (r < 0)
            return r;
    }
    return 0;
}
