/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2: mounting, the superblock and group descriptors, error messages,
 * attributes and sync.  The file list is in ext2_priv.h.
 *
 * Mount reads the superblock straight from the device and checks every
 * value the rest of the code divides by, shifts by or indexes with, and
 * every group's bitmaps and inode table (inside its own group, clear of the
 * superblock copies and of each other), before the cache is set up.  After
 * that, all block I/O goes through the cache; the superblock is kept here
 * and written by ext2_sync.  Free counts in the superblock are recomputed
 * from the group descriptors at mount, as Linux does.
 */
#include "ext2_priv.h"

#include <stdarg.h>

/* ---- error messages ---- */

struct msgbuf {
    char *p;
    size_t n, len;
};

static void msg_putc(struct msgbuf *m, char c)
{
    if (m->len + 1 < m->n)
        m->p[m->len++] = c;
    m->p[m->len < m->n ? m->len : m->n - 1] = '\0';
}

static void msg_puts(struct msgbuf *m, const char *s)
{
    while (*s)
        msg_putc(m, *s++);
}

static void msg_putu(struct msgbuf *m, unsigned long long v, unsigned base)
{
    char tmp[24];
    int i = 0;

    do {
        tmp[i++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (i)
        msg_putc(m, tmp[--i]);
}

/* A small printf for messages: %s, %u, %llu, %x, %o and %%. */
static void msg_vformat(struct msgbuf *m, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            msg_putc(m, *fmt);
            continue;
        }
        fmt++;
        if (*fmt == 's')
            msg_puts(m, va_arg(ap, const char *));
        else if (*fmt == 'u')
            msg_putu(m, va_arg(ap, unsigned), 10);
        else if (*fmt == 'x')
            msg_putu(m, va_arg(ap, unsigned), 16);
        else if (*fmt == 'o')
            msg_putu(m, va_arg(ap, unsigned), 8);
        else if (fmt[0] == 'l' && fmt[1] == 'l' && fmt[2] == 'u') {
            msg_putu(m, va_arg(ap, unsigned long long), 10);
            fmt += 2;
        } else if (*fmt == '%')
            msg_putc(m, '%');
        else
            return;
    }
}

/* Records "image: inode N: message" (no inode part for ino 0); returns -EIO. */
int ext2_corrupt(struct ext2_fs *fs, uint32_t ino, const char *fmt, ...)
{
    struct msgbuf m = {fs->err, sizeof(fs->err), 0};
    va_list ap;

    fs->err[0] = '\0';
    msg_puts(&m, fs->name);
    msg_puts(&m, ": ");
    if (ino) {
        msg_puts(&m, "inode ");
        msg_putu(&m, ino, 10);
        msg_puts(&m, ": ");
    }
    va_start(ap, fmt);
    msg_vformat(&m, fmt, ap);
    va_end(ap);
    return -EIO;
}

const char *ext2_last_error(const struct ext2_fs *fs)
{
    return fs->err;
}

void ext2_set_clock(struct ext2_fs *fs, uint32_t (*clock)(void))
{
    fs->clock = clock;
}

uint32_t ext2_now(struct ext2_fs *fs)
{
    return fs->clock ? fs->clock() : 0;
}

uint32_t ext2_root(const struct ext2_fs *fs)
{
    (void)fs;
    return EXT2_ROOT_INO;
}

/* ---- superblock and group descriptors ---- */

/* Adds delta to a 32-bit superblock counter. */
void ext2_sb_add(struct ext2_fs *fs, unsigned field, int delta)
{
    put32(fs->sb + field, get32(fs->sb + field) + (uint32_t)delta);
    fs->sb_dirty = true;
}

/* Pins the block holding group's descriptor; *gd points at the descriptor. */
int ext2_gd_get(struct ext2_fs *fs, uint32_t group, uint8_t **gd)
{
    uint32_t per = fs->bs / EXT2_GD_SIZE;
    uint8_t *b;
    int r = ext2_bget(fs, fs->first_data_block + 1 + group / per, true, &b);

    if (r < 0)
        return r;
    *gd = b + (group % per) * EXT2_GD_SIZE;
    return 0;
}

void ext2_gd_put(struct ext2_fs *fs, uint8_t *gd, bool dirty)
{
    ext2_bput(fs, gd - ((size_t)(gd - fs->cdata) % fs->bs), dirty);
}

int ext2_group_place(struct ext2_fs *fs, uint32_t group, uint32_t *bb, uint32_t *ib, uint32_t *it)
{
    uint8_t *gd;
    int r;

    if (!fs->gplace_valid || fs->gplace_group != group) {
        if ((r = ext2_gd_get(fs, group, &gd)) < 0)
            return r;
        fs->gplace_bb = get32(gd + GD_BLOCK_BITMAP), fs->gplace_ib = get32(gd + GD_INODE_BITMAP);
        fs->gplace_it = get32(gd + GD_INODE_TABLE);
        ext2_gd_put(fs, gd, false);
        fs->gplace_group = group, fs->gplace_valid = true;
    }
    *bb = fs->gplace_bb, *ib = fs->gplace_ib, *it = fs->gplace_it;
    return 0;
}

static int refuse(struct ext2_fs *fs, int err, const char *what, unsigned long long v)
{
    ext2_corrupt(fs, 0, "superblock: %s (%llu)", what, v);
    return err;
}

static uint32_t div_up(uint64_t a, uint32_t b)
{
    return (uint32_t)((a + b - 1) / b);
}

/* Checks the geometry in fs->sb and fills the fields of fs derived from it. */
static int check_geometry(struct ext2_fs *fs)
{
    const uint8_t *sb = fs->sb;
    uint32_t log = get32(sb + SB_LOG_BSIZE);

    if (get16(sb + SB_MAGIC) != EXT2_MAGIC)
        return refuse(fs, -EINVAL, "bad magic number", get16(sb + SB_MAGIC));
    if (get32(sb + SB_REV) != 1)
        return refuse(fs, -EINVAL, "revision is not 1", get32(sb + SB_REV));
    if (log > 2)
        return refuse(fs, -EINVAL, "block size is not 1, 2 or 4 KiB: log", log);
    fs->log_bs = 10 + log;
    fs->bs = 1u << fs->log_bs;
    fs->blocks_count = get32(sb + SB_BLOCKS_COUNT);
    fs->inodes_count = get32(sb + SB_INODES_COUNT);
    fs->first_data_block = get32(sb + SB_FIRST_DATA);
    fs->bpg = get32(sb + SB_BPG);
    fs->ipg = get32(sb + SB_IPG);
    fs->inode_size = get16(sb + SB_INODE_SIZE);
    fs->first_ino = get32(sb + SB_FIRST_INO);
    fs->reserved_gdt = get16(sb + SB_RESERVED_GDT);
    if (fs->first_data_block != (fs->bs == 1024 ? 1u : 0u))
        return refuse(fs, -EINVAL, "wrong first data block", fs->first_data_block);
    if ((uint64_t)fs->blocks_count * fs->bs > fs->dev.size_bytes)
        return refuse(fs, -EINVAL, "more blocks than the device holds", fs->blocks_count);
    if (fs->blocks_count <= fs->first_data_block + 3)
        return refuse(fs, -EINVAL, "too few blocks", fs->blocks_count);
    if (fs->bpg < 8 || fs->bpg > 8 * fs->bs || fs->bpg % 8)
        return refuse(fs, -EINVAL, "bad blocks per group", fs->bpg);
    if (fs->ipg < 1 || fs->ipg > 8 * fs->bs)
        return refuse(fs, -EINVAL, "bad inodes per group", fs->ipg);
    if (fs->inode_size < 128 || fs->inode_size > fs->bs || (fs->inode_size & (fs->inode_size - 1)))
        return refuse(fs, -EINVAL, "bad inode size", fs->inode_size);
    fs->groups = div_up(fs->blocks_count - fs->first_data_block, fs->bpg);
    if ((uint64_t)fs->groups * fs->ipg != fs->inodes_count)
        return refuse(fs, -EINVAL, "inode count is not groups * inodes per group",
                      fs->inodes_count);
    if (fs->first_ino < 11 || fs->first_ino >= fs->inodes_count)
        return refuse(fs, -EINVAL, "bad first inode", fs->first_ino);
    fs->gdt_blocks = div_up((uint64_t)fs->groups * EXT2_GD_SIZE, fs->bs);
    fs->itable_blocks = div_up((uint64_t)fs->ipg * fs->inode_size, fs->bs);
    if ((uint64_t)1 + fs->gdt_blocks + fs->reserved_gdt + 2 + fs->itable_blocks > fs->bpg)
        return refuse(fs, -EINVAL, "group descriptors and inode table do not fit in a group",
                      fs->gdt_blocks);
    return 0;
}

static int check_features(struct ext2_fs *fs)
{
    fs->compat = get32(fs->sb + SB_COMPAT);
    fs->incompat = get32(fs->sb + SB_INCOMPAT);
    fs->ro_compat = get32(fs->sb + SB_RO_COMPAT);
    if (fs->incompat & ~(uint32_t)INCOMPAT_SUPPORTED)
        return refuse(fs, -ENOTSUP, "unsupported incompatible features",
                      fs->incompat & ~(uint32_t)INCOMPAT_SUPPORTED);
    if (fs->ro_compat & ~(uint32_t)RO_COMPAT_SUPPORTED)
        fs->read_only = true;
    return 0;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

/* Checks one group descriptor's placement and counts; sums the free counts. */
static int check_group(struct ext2_fs *fs, uint32_t g, uint64_t *fb, uint64_t *fi)
{
    uint64_t start = fs->first_data_block + (uint64_t)g * fs->bpg;
    uint64_t end = start + fs->bpg < fs->blocks_count ? start + fs->bpg : fs->blocks_count;
    uint64_t meta = ext2_group_has_super(fs, g) ? 1 + fs->gdt_blocks + fs->reserved_gdt : 0;
    uint8_t *gd;
    uint32_t bb, ib, it, nb, ni;
    int r = ext2_gd_get(fs, g, &gd);

    if (r < 0)
        return r;
    bb = get32(gd + GD_BLOCK_BITMAP), ib = get32(gd + GD_INODE_BITMAP);
    it = get32(gd + GD_INODE_TABLE);
    nb = get16(gd + GD_FREE_BLOCKS), ni = get16(gd + GD_FREE_INODES);
    ext2_gd_put(fs, gd, false);
    if (bb < start + meta || bb >= end || ib < start + meta || ib >= end || bb == ib ||
        it < start + meta || it + (uint64_t)fs->itable_blocks > end ||
        overlaps(bb, 1, it, fs->itable_blocks) || overlaps(ib, 1, it, fs->itable_blocks))
        return ext2_corrupt(fs, 0, "group %u: bitmaps or inode table outside the group", g);
    if (nb > end - start || ni > fs->ipg)
        return ext2_corrupt(fs, 0, "group %u: free counts larger than the group", g);
    *fb += nb;
    *fi += ni;
    return 0;
}

static int check_groups(struct ext2_fs *fs)
{
    uint64_t fb = 0, fi = 0;

    for (uint32_t g = 0; g < fs->groups; g++) {
        int r = check_group(fs, g, &fb, &fi);
        if (r < 0)
            return r;
    }
    if (get32(fs->sb + SB_FREE_BLOCKS) != fb || get32(fs->sb + SB_FREE_INODES) != fi) {
        put32(fs->sb + SB_FREE_BLOCKS, (uint32_t)fb);
        put32(fs->sb + SB_FREE_INODES, (uint32_t)fi);
        fs->sb_dirty = !fs->read_only;
    }
    return 0;
}

static void set_name(struct ext2_fs *fs, const char *name)
{
    size_t n = name ? strlen(name) : 0;

    if (n >= sizeof(fs->name))
        n = sizeof(fs->name) - 1;
    memcpy(fs->name, name ? name : "", n);
    fs->name[n] = '\0';
}

int ext2_mount(struct ext2_fs *fs, const struct ext2_dev *dev, void *cache_mem, size_t cache_bytes,
               bool read_only, const char *image_name)
{
    struct ext2_inode root;
    int r;

    memset(fs, 0, sizeof(*fs));
    set_name(fs, image_name);
    fs->dev = *dev;
    fs->read_only = read_only;
    if (dev->size_bytes < 2048)
        return refuse(fs, -EINVAL, "device smaller than 2 KiB", dev->size_bytes);
    r = dev->read(dev->ctx, 1024, fs->sb, sizeof(fs->sb));
    if (r < 0)
        return r;
    if ((r = check_geometry(fs)) < 0 || (r = check_features(fs)) < 0)
        return r;
    if ((r = ext2_cache_init(fs, cache_mem, cache_bytes)) < 0)
        return refuse(fs, r, "cache memory too small for the block size", cache_bytes);
    if ((r = check_groups(fs)) < 0)
        return -EINVAL;
    /* Bitmaps that disagree with their counts: readable, but not safe to allocate from. */
    if (!fs->read_only && ext2_check_bitmaps(fs) < 0)
        fs->read_only = true;
    if ((r = ext2_iget_used(fs, EXT2_ROOT_INO, &root)) < 0)
        return -EINVAL;
    if (!IS_DIR(root.mode))
        return refuse(fs, -EINVAL, "root inode is not a directory", root.mode);
    return 0;
}

int ext2_sync(struct ext2_fs *fs)
{
    int r;

    if (fs->read_only)
        return 0;
    if ((r = ext2_cache_flush(fs)) < 0)
        return r;
    if (fs->sb_dirty) {
        put32(fs->sb + SB_WTIME, ext2_now(fs));
        if ((r = fs->dev.write(fs->dev.ctx, 1024, fs->sb, sizeof(fs->sb))) < 0)
            return r;
        fs->sb_dirty = false;
    }
    return fs->dev.flush ? fs->dev.flush(fs->dev.ctx) : 0;
}

int ext2_fsync(struct ext2_fs *fs, uint32_t ino)
{
    struct ext2_inode in;
    int r = ext2_iget_used(fs, ino, &in);

    return r < 0 ? r : ext2_sync(fs);
}

int ext2_unmount(struct ext2_fs *fs)
{
    int r = ext2_sync(fs);

    fs->nslots = 0;
    return r;
}

/* ---- attributes ---- */

int ext2_getattr(struct ext2_fs *fs, uint32_t ino, struct ext2_attr *a)
{
    struct ext2_inode in;
    int r = ext2_iget_used(fs, ino, &in);

    if (r < 0)
        return r;
    memset(a, 0, sizeof(*a));
    a->ino = ino;
    a->mode = in.mode;
    a->nlink = in.links;
    a->uid = in.uid;
    a->gid = in.gid;
    a->size = in.size;
    a->atime = in.atime;
    a->mtime = in.mtime;
    a->ctime = in.ctime;
    a->blocks = in.blocks;
    a->blksize = fs->bs;
    return 0;
}

int ext2_setattr(struct ext2_fs *fs, uint32_t ino, const struct ext2_attr *a, unsigned mask)
{
    struct ext2_inode in;
    int r;

    if (fs->read_only)
        return -EROFS;
    if (mask & EXT2_SET_SIZE) {
        if ((r = ext2_truncate(fs, ino, a->size)) < 0)
            return r;
    }
    if ((r = ext2_iget_used(fs, ino, &in)) < 0)
        return r;
    if (mask & EXT2_SET_MODE)
        in.mode = (uint16_t)((in.mode & S_FMT) | (a->mode & 07777));
    if (mask & EXT2_SET_UID)
        in.uid = a->uid;
    if (mask & EXT2_SET_GID)
        in.gid = a->gid;
    if (mask & EXT2_SET_ATIME)
        in.atime = a->atime;
    if (mask & EXT2_SET_MTIME)
        in.mtime = a->mtime;
    in.ctime = ext2_now(fs);
    return ext2_iput(fs, ino, &in);
}

int ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *st)
{
    uint32_t free = get32(fs->sb + SB_FREE_BLOCKS), resv = get32(fs->sb + SB_R_BLOCKS);

    memset(st, 0, sizeof(*st));
    st->bsize = fs->bs;
    st->blocks = fs->blocks_count;
    st->bfree = free;
    st->bavail = free > resv ? free - resv : 0;
    st->files = fs->inodes_count;
    st->ffree = get32(fs->sb + SB_FREE_INODES);
    st->namelen = EXT2_NAME_MAX;
    return 0;
}
