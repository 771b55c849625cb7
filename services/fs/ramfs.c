// SPDX-License-Identifier: BSD-2-Clause
/*
 * ramfs (see ramfs.h): four layers, bottom up.
 *
 *   pages     a free list of 1 KiB pages in the arena, handed out zeroed
 *   bmap      page number i of an inode through direct, indirect and
 *             double-indirect slots; pages_needed counts, before anything
 *             changes, how many pages a write would take
 *   data      byte-range read and write over bmap (holes read as zeros;
 *             bytes past the size in an allocated page are kept zero, so a
 *             file that grows again shows zeros there)
 *   dirs      a directory is a file of struct ramfs_dirent slots; a free
 *             slot has ino 0 and is reused before the file grows
 *
 * and then the struct fs_ops calls.  Each changing call checks every error
 * and counts the inodes and pages it needs first, then makes the change,
 * which cannot fail: ENOSPC leaves the file system as it was.
 */
#include "ramfs.h"

#include <errno.h>
#include <string.h>

#define MAX_SIZE ((uint64_t)RAMFS_MAX_PAGES * RAMFS_PAGE)

struct ramfs_dirent {
    uint32_t ino; /* 0: a free slot */
    uint8_t len;
    uint8_t type;
    char name[VFS_NAME_MAX];
    uint8_t pad[3];
};
#define DIRENT_SIZE ((uint32_t)sizeof(struct ramfs_dirent))
_Static_assert(sizeof(struct ramfs_dirent) == 264, "directory slots are 264 bytes");

static struct vfs_timespec now(struct ramfs *fs)
{
    struct vfs_timespec t = {0, 0};
    return fs->now ? fs->now(fs->now_ctx) : t;
}

static struct ramfs_inode *inode_get(struct ramfs *fs, uint64_t ino)
{
    if (ino == 0 || ino > fs->ninodes || fs->inodes[ino - 1].mode == 0)
        return NULL;
    return &fs->inodes[ino - 1];
}

static uint32_t inode_no(struct ramfs *fs, struct ramfs_inode *in)
{
    return (uint32_t)(in - fs->inodes) + 1;
}

/* ---- pages ----------------------------------------------------------------- */

static uint8_t *page_ptr(struct ramfs *fs, uint32_t p)
{
    return fs->pages + (size_t)(p - 1) * RAMFS_PAGE;
}

static uint32_t *page_words(struct ramfs *fs, uint32_t p)
{
    return (uint32_t *)(void *)page_ptr(fs, p);
}

/* A zeroed page; the caller has checked that one is free. */
static uint32_t page_alloc(struct ramfs *fs, struct ramfs_inode *in)
{
    uint32_t p = fs->page_free_head;

    fs->page_free_head = page_words(fs, p)[0];
    fs->free_pages--;
    memset(page_ptr(fs, p), 0, RAMFS_PAGE);
    in->pages++;
    return p;
}

static void page_free(struct ramfs *fs, struct ramfs_inode *in, uint32_t p)
{
    page_words(fs, p)[0] = fs->page_free_head;
    fs->page_free_head = p;
    fs->free_pages++;
    in->pages--;
}

/* ---- bmap ------------------------------------------------------------------ */

/* The slot that holds page `idx` of the inode; with `alloc` the index pages
 * on the way are made (the caller counted them), otherwise NULL if absent. */
static uint32_t *bmap_slot(struct ramfs *fs, struct ramfs_inode *in, uint32_t idx, bool alloc)
{
    if (idx < RAMFS_NDIRECT)
        return &in->direct[idx];
    idx -= RAMFS_NDIRECT;
    if (idx < RAMFS_PER_PAGE) {
        if (!in->ind) {
            if (!alloc)
                return NULL;
            in->ind = page_alloc(fs, in);
        }
        return &page_words(fs, in->ind)[idx];
    }
    idx -= RAMFS_PER_PAGE;
    if (!in->dind) {
        if (!alloc)
            return NULL;
        in->dind = page_alloc(fs, in);
    }
    uint32_t *l1 = &page_words(fs, in->dind)[idx / RAMFS_PER_PAGE];
    if (!*l1) {
        if (!alloc)
            return NULL;
        *l1 = page_alloc(fs, in);
    }
    return &page_words(fs, *l1)[idx % RAMFS_PER_PAGE];
}

/* Pages (data and index) that writing pages first..last would allocate. */
static uint64_t pages_needed(struct ramfs *fs, struct ramfs_inode *in, uint32_t first,
                             uint32_t last)
{
    uint64_t n = 0;
    bool ind_new = false, dind_new = false;
    uint32_t l1_new = UINT32_MAX; /* the last second-level page already counted */

    for (uint32_t idx = first; idx <= last; idx++) {
        if (idx < RAMFS_NDIRECT) {
            n += in->direct[idx] == 0;
        } else if (idx < RAMFS_NDIRECT + RAMFS_PER_PAGE) {
            if (in->ind)
                n += page_words(fs, in->ind)[idx - RAMFS_NDIRECT] == 0;
            else
                n += 1 + !ind_new, ind_new = true;
        } else {
            uint32_t j = idx - RAMFS_NDIRECT - RAMFS_PER_PAGE, hi = j / RAMFS_PER_PAGE;
            uint32_t l1 = in->dind ? page_words(fs, in->dind)[hi] : 0;
            if (!in->dind && !dind_new)
                n++, dind_new = true;
            if (l1)
                n += page_words(fs, l1)[j % RAMFS_PER_PAGE] == 0;
            else
                n += 1 + (hi != l1_new), l1_new = hi;
        }
    }
    return n;
}

/* Frees every page of the inode from page `first` on, and index pages left empty. */
static void free_from(struct ramfs *fs, struct ramfs_inode *in, uint32_t first)
{
    for (uint32_t i = first; i < RAMFS_NDIRECT; i++)
        if (in->direct[i])
            page_free(fs, in, in->direct[i]), in->direct[i] = 0;
    if (in->ind) {
        uint32_t *w = page_words(fs, in->ind);
        uint32_t from = first > RAMFS_NDIRECT ? first - RAMFS_NDIRECT : 0;
        for (uint32_t i = from; i < RAMFS_PER_PAGE; i++)
            if (w[i])
                page_free(fs, in, w[i]), w[i] = 0;
        if (first <= RAMFS_NDIRECT)
            page_free(fs, in, in->ind), in->ind = 0;
    }
    if (in->dind) {
        uint32_t *d = page_words(fs, in->dind);
        for (uint32_t hi = 0; hi < RAMFS_PER_PAGE; hi++) {
            uint32_t base = RAMFS_NDIRECT + RAMFS_PER_PAGE + hi * RAMFS_PER_PAGE;
            if (!d[hi] || base + RAMFS_PER_PAGE <= first)
                continue;
            uint32_t *w = page_words(fs, d[hi]);
            for (uint32_t lo = 0; lo < RAMFS_PER_PAGE; lo++)
                if (base + lo >= first && w[lo])
                    page_free(fs, in, w[lo]), w[lo] = 0;
            if (first <= base)
                page_free(fs, in, d[hi]), d[hi] = 0;
        }
        if (first <= RAMFS_NDIRECT + RAMFS_PER_PAGE)
            page_free(fs, in, in->dind), in->dind = 0;
    }
}

/* ---- data ------------------------------------------------------------------ */

static void data_read(struct ramfs *fs, struct ramfs_inode *in, uint64_t off, void *buf, size_t len)
{
    uint8_t *out = buf;

    while (len) {
        uint32_t idx = (uint32_t)(off / RAMFS_PAGE), at = (uint32_t)(off % RAMFS_PAGE);
        size_t n = RAMFS_PAGE - at < len ? RAMFS_PAGE - at : len;
        uint32_t *slot = bmap_slot(fs, in, idx, false);
        if (slot && *slot)
            memcpy(out, page_ptr(fs, *slot) + at, n);
        else
            memset(out, 0, n);
        out += n, off += n, len -= n;
    }
}

/* Writes the range; the caller has checked pages_needed against free_pages. */
static void data_write(struct ramfs *fs, struct ramfs_inode *in, uint64_t off, const void *buf,
                       size_t len)
{
    const uint8_t *src = buf;

    while (len) {
        uint32_t idx = (uint32_t)(off / RAMFS_PAGE), at = (uint32_t)(off % RAMFS_PAGE);
        size_t n = RAMFS_PAGE - at < len ? RAMFS_PAGE - at : len;
        uint32_t *slot = bmap_slot(fs, in, idx, true);
        if (!*slot)
            *slot = page_alloc(fs, in);
        memcpy(page_ptr(fs, *slot) + at, src, n);
        src += n, off += n, len -= n;
    }
    if (off > in->size)
        in->size = off;
}

static uint64_t write_cost(struct ramfs *fs, struct ramfs_inode *in, uint64_t off, size_t len)
{
    if (len == 0)
        return 0;
    return pages_needed(fs, in, (uint32_t)(off / RAMFS_PAGE),
                        (uint32_t)((off + len - 1) / RAMFS_PAGE));
}

/* ---- inodes ---------------------------------------------------------------- */

static void inode_put_free(struct ramfs *fs, struct ramfs_inode *in)
{
    free_from(fs, in, 0);
    memset(in, 0, sizeof(*in));
    in->nextfree = fs->inode_free_head;
    fs->inode_free_head = inode_no(fs, in);
    fs->free_inodes++;
}

/* Frees the inode once no name and no open file refers to it. */
static void drop_if_dead(struct ramfs *fs, struct ramfs_inode *in)
{
    if (in->nlink == 0 && in->open == 0)
        inode_put_free(fs, in);
}

/* A fresh inode; the caller has checked free_inodes. */
static struct ramfs_inode *inode_alloc(struct ramfs *fs, uint32_t mode, uint32_t uid, uint32_t gid)
{
    struct ramfs_inode *in = &fs->inodes[fs->inode_free_head - 1];

    fs->inode_free_head = in->nextfree;
    fs->free_inodes--;
    memset(in, 0, sizeof(*in));
    in->mode = mode;
    in->uid = uid, in->gid = gid;
    in->atime = in->mtime = in->ctime = now(fs);
    return in;
}

static void touch(struct ramfs *fs, struct ramfs_inode *in, bool mtime)
{
    in->ctime = now(fs);
    if (mtime)
        in->mtime = in->ctime;
}

/* ---- dirs ------------------------------------------------------------------ */

static unsigned dtype(uint32_t mode)
{
    return (mode & VFS_S_IFMT) >> 12;
}

static uint32_t dir_slots(struct ramfs_inode *dir)
{
    return (uint32_t)(dir->size / DIRENT_SIZE);
}

static void slot_read(struct ramfs *fs, struct ramfs_inode *dir, uint32_t i, struct ramfs_dirent *e)
{
    data_read(fs, dir, (uint64_t)i * DIRENT_SIZE, e, sizeof(*e));
}

/* The slot holding `name`, or -ENOENT. */
static int64_t dir_find(struct ramfs *fs, struct ramfs_inode *dir, const char *name, size_t len,
                        struct ramfs_dirent *e)
{
    for (uint32_t i = 0; i < dir_slots(dir); i++) {
        slot_read(fs, dir, i, e);
        if (e->ino && e->len == len && memcmp(e->name, name, len) == 0)
            return i;
    }
    return -ENOENT;
}

/* A slot for a new entry (the first free one, or one past the end) and the pages it takes. */
static uint32_t dir_free_slot(struct ramfs *fs, struct ramfs_inode *dir, uint64_t *cost)
{
    struct ramfs_dirent e;
    uint32_t i;

    for (i = 0; i < dir_slots(dir); i++) {
        slot_read(fs, dir, i, &e);
        if (!e.ino)
            break;
    }
    *cost = write_cost(fs, dir, (uint64_t)i * DIRENT_SIZE, DIRENT_SIZE);
    return i;
}

static void dir_put(struct ramfs *fs, struct ramfs_inode *dir, uint32_t slot, const char *name,
                    size_t len, struct ramfs_inode *in)
{
    struct ramfs_dirent e;

    memset(&e, 0, sizeof(e));
    e.ino = inode_no(fs, in);
    e.len = (uint8_t)len;
    e.type = (uint8_t)dtype(in->mode);
    memcpy(e.name, name, len);
    data_write(fs, dir, (uint64_t)slot * DIRENT_SIZE, &e, sizeof(e));
    touch(fs, dir, true);
}

static void dir_clear(struct ramfs *fs, struct ramfs_inode *dir, uint32_t slot)
{
    uint32_t zero = 0;

    data_write(fs, dir, (uint64_t)slot * DIRENT_SIZE, &zero, sizeof(zero));
    touch(fs, dir, true);
}

static bool dir_empty(struct ramfs *fs, struct ramfs_inode *dir)
{
    struct ramfs_dirent e;

    for (uint32_t i = 0; i < dir_slots(dir); i++) {
        slot_read(fs, dir, i, &e);
        if (e.ino)
            return false;
    }
    return true;
}

/* The directory `ino`, or an error: -ENOENT if it is gone or being removed, -ENOTDIR. */
static int dir_get(struct ramfs *fs, uint64_t ino, struct ramfs_inode **dir)
{
    *dir = inode_get(fs, ino);
    if (!*dir || (*dir)->nlink == 0)
        return -ENOENT;
    return VFS_S_ISDIR((*dir)->mode) ? 0 : -ENOTDIR;
}

/* ---- fs_ops ---------------------------------------------------------------- */

int ramfs_init(struct ramfs *fs, void *arena, size_t size, uint32_t ninodes,
               struct vfs_timespec (*now_fn)(void *ctx), void *now_ctx)
{
    uintptr_t a = ((uintptr_t)arena + 7) & ~(uintptr_t)7;
    size_t skip = a - (uintptr_t)arena, table = (size_t)ninodes * sizeof(struct ramfs_inode);

    if (ninodes == 0)
        return -EINVAL;
    if (size < skip || size - skip < table || (size - skip - table) / RAMFS_PAGE == 0)
        return -ENOSPC;
    memset(fs, 0, sizeof(*fs));
    fs->now = now_fn, fs->now_ctx = now_ctx;
    fs->inodes = (struct ramfs_inode *)a;
    fs->ninodes = ninodes;
    memset(fs->inodes, 0, table);
    fs->pages = (uint8_t *)a + table;
    size_t npages = (size - skip - table) / RAMFS_PAGE;
    fs->npages = npages > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)npages;
    for (uint32_t p = fs->npages; p >= 1; p--) {
        page_words(fs, p)[0] = fs->page_free_head;
        fs->page_free_head = p;
    }
    fs->free_pages = fs->npages;
    for (uint32_t i = ninodes; i >= 1; i--) {
        fs->inodes[i - 1].nextfree = fs->inode_free_head;
        fs->inode_free_head = i;
    }
    fs->free_inodes = ninodes;
    struct ramfs_inode *root = inode_alloc(fs, VFS_S_IFDIR | 0755, 0, 0);
    root->nlink = 2;
    root->parent = RAMFS_ROOT;
    return 0;
}

static int ramfs_root(void *p, uint64_t *ino)
{
    (void)p;
    *ino = RAMFS_ROOT;
    return 0;
}

static int ramfs_lookup(void *p, uint64_t dino, const char *name, size_t len, uint64_t *ino)
{
    struct ramfs *fs = p;
    struct ramfs_inode *dir;
    struct ramfs_dirent e;
    int r = dir_get(fs, dino, &dir);

    if (r)
        return r;
    if (len > VFS_NAME_MAX)
        return -ENAMETOOLONG;
    if (dir_find(fs, dir, name, len, &e) < 0)
        return -ENOENT;
    *ino = e.ino;
    return 0;
}

static int ramfs_getattr(void *p, uint64_t ino, struct vfs_attr *a)
{
    struct ramfs *fs = p;
    struct ramfs_inode *in = inode_get(fs, ino);

    if (!in)
        return -ENOENT;
    memset(a, 0, sizeof(*a));
    a->mode = in->mode, a->nlink = in->nlink, a->uid = in->uid, a->gid = in->gid;
    a->size = in->size;
    a->blocks = (uint64_t)in->pages * (RAMFS_PAGE / 512);
    a->ino = ino;
    a->atime = in->atime, a->mtime = in->mtime, a->ctime = in->ctime;
    return 0;
}

static int64_t ramfs_read(void *p, uint64_t ino, uint64_t off, void *buf, size_t len)
{
    struct ramfs *fs = p;
    struct ramfs_inode *in = inode_get(fs, ino);

    if (!in)
        return -ENOENT;
    if (VFS_S_ISDIR(in->mode))
        return -EISDIR;
    if (off >= in->size)
        return 0;
    if (len > in->size - off)
        len = (size_t)(in->size - off);
    data_read(fs, in, off, buf, len);
    return (int64_t)len;
}

static int64_t ramfs_write(void *p, uint64_t ino, uint64_t off, const void *buf, size_t len)
{
    struct ramfs *fs = p;
    struct ramfs_inode *in = inode_get(fs, ino);

    if (!in)
        return -ENOENT;
    if (VFS_S_ISDIR(in->mode))
        return -EISDIR;
    if (len == 0)
        return 0;
    if (off >= MAX_SIZE || len > MAX_SIZE - off)
        return -EFBIG;
    if (write_cost(fs, in, off, len) > fs->free_pages)
        return -ENOSPC;
    data_write(fs, in, off, buf, len);
    touch(fs, in, true);
    return (int64_t)len;
}

static int do_truncate(struct ramfs *fs, struct ramfs_inode *in, uint64_t size)
{
    if (VFS_S_ISDIR(in->mode))
        return -EISDIR;
    if (size > MAX_SIZE)
        return -EFBIG;
    if (size < in->size) {
        uint32_t keep = (uint32_t)((size + RAMFS_PAGE - 1) / RAMFS_PAGE);
        free_from(fs, in, keep);
        if (size % RAMFS_PAGE) {
            /* keep bytes past the size zero, so growing again shows zeros */
            uint32_t *slot = bmap_slot(fs, in, keep - 1, false);
            if (slot && *slot)
                memset(page_ptr(fs, *slot) + size % RAMFS_PAGE, 0, RAMFS_PAGE - size % RAMFS_PAGE);
        }
    }
    in->size = size;
    touch(fs, in, true);
    return 0;
}

static int ramfs_truncate(void *p, uint64_t ino, uint64_t size)
{
    struct ramfs *fs = p;
    struct ramfs_inode *in = inode_get(fs, ino);

    return in ? do_truncate(fs, in, size) : -ENOENT;
}

/* create, mkdir and symlink: every check, then an inode with `data` as its contents. */
static int new_node(struct ramfs *fs, uint64_t dino, const char *name, size_t len, uint32_t mode,
                    uint32_t uid, uint32_t gid, const void *data, size_t dlen, uint64_t *ino)
{
    struct ramfs_inode *dir, *in;
    struct ramfs_dirent e;
    uint64_t cost;
    int r = dir_get(fs, dino, &dir);

    if (r)
        return r;
    if (len == 0 || len > VFS_NAME_MAX)
        return len ? -ENAMETOOLONG : -ENOENT;
    if (dir_find(fs, dir, name, len, &e) >= 0)
        return -EEXIST;
    uint32_t slot = dir_free_slot(fs, dir, &cost);
    cost += (dlen + RAMFS_PAGE - 1) / RAMFS_PAGE; /* below 4096 bytes: direct pages only */
    if (fs->free_inodes == 0 || cost > fs->free_pages)
        return -ENOSPC;
    in = inode_alloc(fs, mode, uid, gid);
    in->nlink = 1;
    if (VFS_S_ISDIR(mode)) {
        in->nlink = 2;
        in->parent = (uint32_t)dino;
        dir->nlink++;
    }
    data_write(fs, in, 0, data, dlen);
    dir_put(fs, dir, slot, name, len, in);
    *ino = inode_no(fs, in);
    return 0;
}

static int ramfs_create(void *p, uint64_t dir, const char *name, size_t len, uint32_t mode,
                        uint32_t uid, uint32_t gid, uint64_t *ino)
{
    mode = (mode & 07777) | VFS_S_IFREG;
    return new_node(p, dir, name, len, mode, uid, gid, NULL, 0, ino);
}

static int ramfs_mkdir(void *p, uint64_t dir, const char *name, size_t len, uint32_t mode,
                       uint32_t uid, uint32_t gid, uint64_t *ino)
{
    mode = (mode & 07777) | VFS_S_IFDIR;
    return new_node(p, dir, name, len, mode, uid, gid, NULL, 0, ino);
}

static int ramfs_symlink(void *p, uint64_t dir, const char *name, size_t len, const char *target,
                         size_t tlen, uint32_t uid, uint32_t gid, uint64_t *ino)
{
    if (tlen == 0)
        return -ENOENT;
    if (tlen >= VFS_PATH_MAX)
        return -ENAMETOOLONG;
    return new_node(p, dir, name, len, VFS_S_IFLNK | 0777, uid, gid, target, tlen, ino);
}

/* The entry name names in directory dino, for unlink and rmdir: the directory, the entry's
 * inode and its slot; 0, or -ENOENT or dir_get's error. */
static int entry_get(struct ramfs *fs, uint64_t dino, const char *name, size_t len,
                     struct ramfs_inode **dir, struct ramfs_inode **in, uint32_t *slot)
{
    struct ramfs_dirent e;
    int r = dir_get(fs, dino, dir);
    int64_t s;

    if (r)
        return r;
    if ((s = dir_find(fs, *dir, name, len, &e)) < 0)
        return -ENOENT;
    *in = inode_get(fs, e.ino);
    *slot = (uint32_t)s;
    return 0;
}

static int ramfs_unlink(void *p, uint64_t dino, const char *name, size_t len)
{
    struct ramfs *fs = p;
    struct ramfs_inode *dir, *in;
    uint32_t slot;
    int r = entry_get(fs, dino, name, len, &dir, &in, &slot);

    if (r)
        return r;
    if (VFS_S_ISDIR(in->mode))
        return -EISDIR;
    dir_clear(fs, dir, slot);
    in->nlink--;
    touch(fs, in, false);
    drop_if_dead(fs, in);
    return 0;
}

static int ramfs_rmdir(void *p, uint64_t dino, const char *name, size_t len)
{
    struct ramfs *fs = p;
    struct ramfs_inode *dir, *in;
    uint32_t slot;
    int r = entry_get(fs, dino, name, len, &dir, &in, &slot);

    if (r)
        return r;
    if (!VFS_S_ISDIR(in->mode))
        return -ENOTDIR;
    if (!dir_empty(fs, in))
        return -ENOTEMPTY;
    dir_clear(fs, dir, slot);
    dir->nlink--;
    in->nlink = 0;
    drop_if_dead(fs, in);
    return 0;
}

/* True if directory `a` is `b` or one of b's ancestors. */
static bool is_ancestor(struct ramfs *fs, uint32_t a, uint32_t b)
{
    for (uint32_t i = 0; i <= fs->ninodes; i++) {
        if (b == a)
            return true;
        if (b == RAMFS_ROOT)
            return false;
        b = fs->inodes[b - 1].parent;
    }
    return false;
}

/* The checks rename makes once both entries are known (Linux's order). */
static int rename_check(struct ramfs *fs, struct ramfs_inode *src, struct ramfs_inode *dst,
                        uint64_t ddir)
{
    if (VFS_S_ISDIR(src->mode) && is_ancestor(fs, inode_no(fs, src), (uint32_t)ddir))
        return -EINVAL;
    if (!dst)
        return 0;
    if (VFS_S_ISDIR(src->mode) && !VFS_S_ISDIR(dst->mode))
        return -ENOTDIR;
    if (!VFS_S_ISDIR(src->mode) && VFS_S_ISDIR(dst->mode))
        return -EISDIR;
    if (VFS_S_ISDIR(dst->mode) && !dir_empty(fs, dst))
        return -ENOTEMPTY;
    return 0;
}

static int ramfs_rename(void *p, uint64_t sdino, const char *sname, size_t slen, uint64_t ddino,
                        const char *dname, size_t dlen)
{
    struct ramfs *fs = p;
    struct ramfs_inode *sdir, *ddir, *src, *dst = NULL;
    struct ramfs_dirent se, de;
    int64_t sslot, dslot;
    uint64_t cost = 0;
    int r;

    if ((r = dir_get(fs, sdino, &sdir)) || (r = dir_get(fs, ddino, &ddir)))
        return r;
    if (dlen == 0 || dlen > VFS_NAME_MAX)
        return dlen ? -ENAMETOOLONG : -ENOENT;
    if ((sslot = dir_find(fs, sdir, sname, slen, &se)) < 0)
        return -ENOENT;
    src = inode_get(fs, se.ino);
    if ((dslot = dir_find(fs, ddir, dname, dlen, &de)) >= 0) {
        dst = inode_get(fs, de.ino);
        if (dst == src)
            return 0;
    }
    if ((r = rename_check(fs, src, dst, ddino)))
        return r;
    if (!dst) {
        dslot = dir_free_slot(fs, ddir, &cost);
        if (cost > fs->free_pages)
            return -ENOSPC;
    }
    /* Nothing fails from here on. */
    dir_put(fs, ddir, (uint32_t)dslot, dname, dlen, src);
    dir_clear(fs, sdir, (uint32_t)sslot);
    if (VFS_S_ISDIR(src->mode) && sdir != ddir) {
        sdir->nlink--, ddir->nlink++;
        src->parent = (uint32_t)ddino;
    }
    touch(fs, src, false);
    if (dst) {
        if (VFS_S_ISDIR(dst->mode))
            ddir->nlink--, dst->nlink = 0;
        else
            dst->nlink--;
        touch(fs, dst, false);
        drop_if_dead(fs, dst);
    }
    return 0;
}

static int ramfs_link(void *p, uint64_t ino, uint64_t dino, const char *name, size_t len)
{
    struct ramfs *fs = p;
    struct ramfs_inode *dir, *in = inode_get(fs, ino);
    struct ramfs_dirent e;
    uint64_t cost;
    int r = dir_get(fs, dino, &dir);

    if (r)
        return r;
    if (!in || in->nlink == 0)
        return -ENOENT;
    if (VFS_S_ISDIR(in->mode))
        return -EPERM;
    if (len == 0 || len > VFS_NAME_MAX)
        return len ? -ENAMETOOLONG : -ENOENT;
    if (dir_find(fs, dir, name, len, &e) >= 0)
        return -EEXIST;
    if (in->nlink == UINT32_MAX)
        return -EMLINK;
    uint32_t slot = dir_free_slot(fs, dir, &cost);
    if (cost > fs->free_pages)
        return -ENOSPC;
    dir_put(fs, dir, slot, name, len, in);
    in->nlink++;
    touch(fs, in, false);
    return 0;
}

static int64_t ramfs_readlink(void *p, uint64_t ino, char *buf, size_t len)
{
    struct ramfs *fs = p;
    struct ramfs_inode *in = inode_get(fs, ino);

    if (!in)
        return -ENOENT;
    if (!VFS_S_ISLNK(in->mode))
        return -EINVAL;
    if (len > in->size)
        len = (size_t)in->size;
    data_read(fs, in, 0, buf, len);
    return (int64_t)len;
}

static int ramfs_setattr(void *p, uint64_t ino, const struct vfs_attr *a, unsigned mask)
{
    struct ramfs *fs = p;
    struct ramfs_inode *in = inode_get(fs, ino);
    int r;

    if (!in)
        return -ENOENT;
    if ((mask & VFS_ATTR_SIZE) && (r = do_truncate(fs, in, a->size)))
        return r;
    if (mask & VFS_ATTR_MODE)
        in->mode = (in->mode & VFS_S_IFMT) | (a->mode & 07777);
    if (mask & VFS_ATTR_UID)
        in->uid = a->uid;
    if (mask & VFS_ATTR_GID)
        in->gid = a->gid;
    if (mask & VFS_ATTR_ATIME)
        in->atime = a->atime;
    if (mask & VFS_ATTR_MTIME)
        in->mtime = a->mtime;
    in->ctime = (mask & VFS_ATTR_CTIME) ? a->ctime : now(fs);
    return 0;
}

static int ramfs_readdir(void *p, uint64_t dino, uint64_t *cookie, vfs_emit_fn emit, void *ctx)
{
    struct ramfs *fs = p;
    struct ramfs_inode *dir;
    struct ramfs_dirent e;
    int r = dir_get(fs, dino, &dir);

    if (r == -ENOENT && dir)
        return 0; /* removed while open: empty, as Linux shows it */
    if (r)
        return r;
    if (*cookie == 0) {
        if (emit(ctx, dino, VFS_DT_DIR, ".", 1, 1))
            return 0;
        *cookie = 1;
    }
    if (*cookie == 1) {
        if (emit(ctx, dir->parent, VFS_DT_DIR, "..", 2, 2))
            return 0;
        *cookie = 2;
    }
    for (uint64_t i = *cookie - 2; i < dir_slots(dir); i++) {
        slot_read(fs, dir, (uint32_t)i, &e);
        if (e.ino && emit(ctx, e.ino, e.type, e.name, e.len, i + 3))
            return 0;
        *cookie = i + 3;
    }
    return 0;
}

static int ramfs_statfs(void *p, struct vfs_statfs *st)
{
    struct ramfs *fs = p;

    memset(st, 0, sizeof(*st));
    st->type = RAMFS_MAGIC;
    st->bsize = RAMFS_PAGE;
    st->blocks = fs->npages;
    st->bfree = st->bavail = fs->free_pages;
    st->files = fs->ninodes;
    st->ffree = fs->free_inodes;
    st->namemax = VFS_NAME_MAX;
    return 0;
}

static int ramfs_sync(void *p)
{
    (void)p;
    return 0;
}

static int ramfs_fsync(void *p, uint64_t ino)
{
    return inode_get(p, ino) ? 0 : -ENOENT;
}

static void ramfs_retain(void *p, uint64_t ino)
{
    struct ramfs_inode *in = inode_get(p, ino);

    if (in)
        in->open++;
}

static void ramfs_release(void *p, uint64_t ino)
{
    struct ramfs_inode *in = inode_get(p, ino);

    if (in && in->open) {
        in->open--;
        drop_if_dead(p, in);
    }
}

const struct fs_ops ramfs_ops = {
    .root = ramfs_root,
    .lookup = ramfs_lookup,
    .getattr = ramfs_getattr,
    .read = ramfs_read,
    .write = ramfs_write,
    .truncate = ramfs_truncate,
    .create = ramfs_create,
    .mkdir = ramfs_mkdir,
    .unlink = ramfs_unlink,
    .rmdir = ramfs_rmdir,
    .rename = ramfs_rename,
    .link = ramfs_link,
    .symlink = ramfs_symlink,
    .readlink = ramfs_readlink,
    .setattr = ramfs_setattr,
    .readdir = ramfs_readdir,
    .statfs = ramfs_statfs,
    .sync = ramfs_sync,
    .fsync = ramfs_fsync,
    .retain = ramfs_retain,
    .release = ramfs_release,
};
