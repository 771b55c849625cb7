/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2 directories: linear lists of entries (inode, rec_len, name_len,
 * file type, name) that tile each block exactly.
 *
 * Every walk goes through one iterator, which checks each entry before
 * anyone looks at it: rec_len at least 8, a multiple of 4 and inside the
 * block, the name inside rec_len, not empty and free of '/' and NUL, the
 * inode number in range, and no holes in a directory.  Adding an entry
 * takes the first unused entry or the first slack after a live one that is
 * large enough, and only then a new block at the end; removing one folds it
 * into the entry before it in the same block (or clears the inode of a
 * block's first entry).
 *
 * Directories that mke2fs or e2fsck indexed (dir_index) read the same way,
 * since the index blocks look like empty entries; a change clears the index
 * flag, as a kernel without htree support does.
 */
#include "ext2_priv.h"

#define NO_PREV UINT32_MAX

struct dir_it {
    uint32_t dir;
    struct ext2_inode in;
    uint64_t nblocks, lblk;
    uint32_t pblk, off, prev, skip_to;
    uint8_t *b; /* the current block, pinned; NULL between blocks */
    bool dirty;
};

static uint32_t rec_len(const uint8_t *e)
{
    return get16(e + 4);
}

static uint32_t name_len(const struct ext2_fs *fs, const uint8_t *e)
{
    return (fs->incompat & INCOMPAT_FILETYPE) ? e[6] : get16(e + 6);
}

static uint32_t entry_size(uint32_t nlen)
{
    return (8 + nlen + 3) & ~3u;
}

/* Returns 0 if dir is a directory whose size is whole blocks; fills *in. */
int ext2_get_dir(struct ext2_fs *fs, uint32_t dir, struct ext2_inode *in)
{
    int r = ext2_iget_used(fs, dir, in);

    if (r < 0)
        return r;
    if (!IS_DIR(in->mode))
        return -ENOTDIR;
    if (in->size == 0 || in->size % fs->bs)
        return ext2_corrupt(fs, dir, "directory size %llu is not a whole number of blocks",
                            (unsigned long long)in->size);
    /* No directory holds more blocks than the disk: this bounds every walk. */
    if (in->size >> fs->log_bs > fs->blocks_count)
        return ext2_corrupt(fs, dir, "directory size %llu larger than the file system",
                            (unsigned long long)in->size);
    return 0;
}

static int it_open(struct ext2_fs *fs, struct dir_it *it, uint32_t dir, uint64_t pos)
{
    int r = ext2_get_dir(fs, dir, &it->in);

    if (r < 0)
        return r;
    it->dir = dir;
    it->nblocks = it->in.size >> fs->log_bs;
    it->lblk = pos >> fs->log_bs;
    it->skip_to = (uint32_t)(pos & (fs->bs - 1));
    it->b = NULL;
    it->dirty = false;
    return 0;
}

static void it_close(struct ext2_fs *fs, struct dir_it *it)
{
    if (it->b)
        ext2_bput(fs, it->b, it->dirty);
    it->b = NULL;
    it->dirty = false;
}

static int check_entry(struct ext2_fs *fs, struct dir_it *it, uint32_t off)
{
    const uint8_t *e = it->b + off;
    uint32_t rec, nlen;

    if (off + 8 > fs->bs)
        return ext2_corrupt(fs, it->dir, "directory block %llu: entry at %u runs past the block",
                            (unsigned long long)it->lblk, off);
    rec = rec_len(e), nlen = name_len(fs, e);
    if (rec < 8 || rec % 4 || off + rec > fs->bs || 8 + nlen > rec)
        return ext2_corrupt(fs, it->dir,
                            "directory block %llu: bad entry at %u (rec_len %u, name_len %u)",
                            (unsigned long long)it->lblk, off, rec, nlen);
    if (get32(e) > fs->inodes_count)
        return ext2_corrupt(fs, it->dir, "directory block %llu: entry at %u names inode %u",
                            (unsigned long long)it->lblk, off, get32(e));
    if (get32(e) && (nlen == 0 || memchr(e + 8, '/', nlen) || memchr(e + 8, '\0', nlen)))
        return ext2_corrupt(fs, it->dir, "directory block %llu: entry at %u has a bad name",
                            (unsigned long long)it->lblk, off);
    return 0;
}

/* Moves to the next entry (used or not): 1 with it->b + it->off at it, 0 at the end. */
static int it_next(struct ext2_fs *fs, struct dir_it *it)
{
    int r;

    for (;;) {
        uint32_t cur;
        if (!it->b) {
            if (it->lblk >= it->nblocks)
                return 0;
            if ((r = ext2_bmap(fs, it->dir, &it->in, it->lblk, false, &it->pblk)) < 0)
                return r;
            if (it->pblk == 0)
                return ext2_corrupt(fs, it->dir, "hole at directory block %llu",
                                    (unsigned long long)it->lblk);
            if ((r = ext2_bget(fs, it->pblk, true, &it->b)) < 0) {
                it->b = NULL;
                return r;
            }
            it->off = NO_PREV;
            cur = 0;
        } else {
            cur = it->off + rec_len(it->b + it->off);
        }
        if (cur >= fs->bs) {
            it_close(fs, it);
            it->lblk++;
            it->skip_to = 0;
            continue;
        }
        if ((r = check_entry(fs, it, cur)) < 0) {
            it_close(fs, it);
            return r;
        }
        it->prev = it->off;
        it->off = cur;
        if (cur >= it->skip_to)
            return 1;
    }
}

/* Name checks for a new entry (also "." and ".." are refused by the callers). */
int ext2_check_name(const char *name, size_t len)
{
    if (len == 0)
        return -ENOENT;
    if (len > EXT2_NAME_MAX)
        return -ENAMETOOLONG;
    if (memchr(name, '/', len) || memchr(name, '\0', len))
        return -EINVAL;
    return 0;
}

static bool is_dot(const char *name, size_t len)
{
    return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/* Leaves the iterator at the live entry called name: 1, or 0 if there is none. */
static int find(struct ext2_fs *fs, struct dir_it *it, uint32_t dir, const char *name, size_t len)
{
    int r = ext2_check_name(name, len);

    if (r < 0 || (r = it_open(fs, it, dir, 0)) < 0)
        return r;
    while ((r = it_next(fs, it)) > 0) {
        const uint8_t *e = it->b + it->off;
        if (get32(e) && name_len(fs, e) == len && memcmp(e + 8, name, len) == 0)
            return 1;
    }
    return r;
}

int ext2_dir_find(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t *ino)
{
    struct dir_it it;
    int r = find(fs, &it, dir, name, len);

    if (r <= 0)
        return r == 0 ? -ENOENT : r;
    *ino = get32(it.b + it.off);
    it_close(fs, &it);
    return 0;
}

int ext2_lookup(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t *ino)
{
    struct ext2_inode in;
    int r = ext2_dir_find(fs, dir, name, len, ino);

    return r < 0 ? r : ext2_iget_used(fs, *ino, &in);
}

static uint8_t file_type(const struct ext2_fs *fs, uint16_t mode)
{
    static const uint8_t types[16] = {[S_REG >> 12] = 1, [S_DIR >> 12] = 2,  [S_CHR >> 12] = 3,
                                      [S_BLK >> 12] = 4, [S_FIFO >> 12] = 5, [S_SOCK >> 12] = 6,
                                      [S_LNK >> 12] = 7};

    return (fs->incompat & INCOMPAT_FILETYPE) ? types[(mode & S_FMT) >> 12] : 0;
}

static void put_entry(const struct ext2_fs *fs, uint8_t *e, uint32_t ino, uint32_t rec,
                      const char *name, size_t len, uint16_t mode)
{
    put32(e, ino);
    put16(e + 4, (uint16_t)rec);
    e[6] = (uint8_t)len;
    e[7] = file_type(fs, mode);
    memcpy(e + 8, name, len);
}

/* Marks dir changed: new mtime and ctime, and no longer indexed. */
static int touch_dir(struct ext2_fs *fs, uint32_t dir)
{
    struct ext2_inode in;
    int r = ext2_iget(fs, dir, &in);

    if (r < 0)
        return r;
    in.flags &= ~(uint32_t)EXT2_INDEX_FL;
    in.mtime = in.ctime = ext2_now(fs);
    return ext2_iput(fs, dir, &in);
}

/* Puts the entry into free room in an existing block: 1 if it fitted, 0 if not. */
static int add_in_place(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
                        uint32_t ino, uint16_t mode)
{
    uint32_t need = entry_size((uint32_t)len);
    struct dir_it it;
    int r = it_open(fs, &it, dir, 0);

    while (r >= 0 && (r = it_next(fs, &it)) > 0) {
        uint8_t *e = it.b + it.off;
        uint32_t rec = rec_len(e), used = get32(e) ? entry_size(name_len(fs, e)) : 0;
        if (rec - used < need)
            continue;
        if (used) {
            put16(e + 4, (uint16_t)used);
            e += used;
        }
        put_entry(fs, e, ino, rec - used, name, len, mode);
        it.dirty = true;
        it_close(fs, &it);
        return 1;
    }
    return r;
}

/* Adds name -> ino to dir, which must not hold name already. */
int ext2_dir_add(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t ino,
                 uint16_t mode)
{
    struct ext2_inode in;
    uint32_t pblk;
    uint8_t *b;
    int r = add_in_place(fs, dir, name, len, ino, mode);

    if (r == 0) { /* a new block at the end */
        if ((r = ext2_get_dir(fs, dir, &in)) < 0)
            return r;
        r = ext2_bmap(fs, dir, &in, in.size >> fs->log_bs, true, &pblk);
        if (r == 0 && (r = ext2_bget(fs, pblk, true, &b)) == 0) {
            put_entry(fs, b, ino, fs->bs, name, len, mode);
            ext2_bput(fs, b, true);
            in.size += fs->bs;
        } else if (r < 0) { /* an indirect block may have come before the failure */
            ext2_trunc_blocks(fs, dir, &in, in.size >> fs->log_bs);
        }
        int w = ext2_iput(fs, dir, &in);
        if (r == 0)
            r = w;
    }
    return r < 0 ? r : touch_dir(fs, dir);
}

int ext2_dir_remove(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len)
{
    struct dir_it it;
    int r = find(fs, &it, dir, name, len);

    if (r <= 0)
        return r == 0 ? -ENOENT : r;
    if (it.prev == NO_PREV)
        put32(it.b + it.off, 0);
    else
        put16(it.b + it.prev + 4, (uint16_t)(rec_len(it.b + it.prev) + rec_len(it.b + it.off)));
    it.dirty = true;
    it_close(fs, &it);
    return touch_dir(fs, dir);
}

/* Points the existing entry name at ino (rename over a target, "..") */
int ext2_dir_set(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t ino,
                 uint16_t mode)
{
    struct dir_it it;
    int r = find(fs, &it, dir, name, len);

    if (r <= 0)
        return r == 0 ? -ENOENT : r;
    put32(it.b + it.off, ino);
    it.b[it.off + 7] = file_type(fs, mode);
    it.dirty = true;
    it_close(fs, &it);
    return touch_dir(fs, dir);
}

/* 1 if dir holds nothing but "." and "..", 0 if it holds more. */
int ext2_dir_empty(struct ext2_fs *fs, uint32_t dir)
{
    struct dir_it it;
    int r = it_open(fs, &it, dir, 0);

    while (r >= 0 && (r = it_next(fs, &it)) > 0) {
        const uint8_t *e = it.b + it.off;
        if (get32(e) && !is_dot((const char *)e + 8, name_len(fs, e))) {
            it_close(fs, &it);
            return 0;
        }
    }
    return r < 0 ? r : 1;
}

/* Gives the new directory ino its first block with "." and "..". */
int ext2_dir_init(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint32_t parent)
{
    uint32_t pblk;
    uint8_t *b;
    int r = ext2_bmap(fs, ino, in, 0, true, &pblk);

    if (r < 0 || (r = ext2_bget(fs, pblk, true, &b)) < 0)
        return r;
    put_entry(fs, b, ino, 12, ".", 1, S_DIR);
    put_entry(fs, b + 12, parent, fs->bs - 12, "..", 2, S_DIR);
    ext2_bput(fs, b, true);
    in->size = fs->bs;
    return 0;
}

static unsigned dt_type(uint8_t ft)
{
    static const uint8_t dt[8] = {EXT2_DT_UNKNOWN, EXT2_DT_REG,  EXT2_DT_DIR,  EXT2_DT_CHR,
                                  EXT2_DT_BLK,     EXT2_DT_FIFO, EXT2_DT_SOCK, EXT2_DT_LNK};

    return ft < 8 ? dt[ft] : EXT2_DT_UNKNOWN;
}

int ext2_readdir(struct ext2_fs *fs, uint32_t dir, uint64_t *cookie, ext2_filldir_t fn, void *arg)
{
    struct dir_it it;
    int r = it_open(fs, &it, dir, *cookie);

    if (r < 0)
        return r;
    while ((r = it_next(fs, &it)) > 0) {
        const uint8_t *e = it.b + it.off;
        uint8_t ft = (fs->incompat & INCOMPAT_FILETYPE) ? e[7] : 0;
        if (get32(e) == 0)
            continue;
        if (fn(arg, (const char *)e + 8, name_len(fs, e), get32(e), dt_type(ft))) {
            *cookie = (it.lblk << fs->log_bs) + it.off;
            it_close(fs, &it);
            return 0;
        }
        *cookie = (it.lblk << fs->log_bs) + it.off + rec_len(e);
    }
    if (r == 0)
        *cookie = it.nblocks << fs->log_bs;
    return r;
}
