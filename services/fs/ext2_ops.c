/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2 namespace operations: create, mkdir, unlink, rmdir, link, symlink,
 * readlink and rename.
 *
 * Each one checks everything it can (names, types, existence, emptiness,
 * link limits) before its first change, and makes the change that can run
 * out of space (the new directory entry) before the ones that cannot.  A new
 * inode that cannot get its entry is released again, so a full disk leaves
 * no half-made file behind.
 */
#include "ext2_priv.h"

#define ANCESTOR_DEPTH 4096 /* ".." steps before a chain counts as a loop */

static bool is_dot(const char *name, size_t len)
{
    return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/* Checks that name can be added to dir: a directory without that name. */
static int check_new(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len)
{
    struct ext2_inode d;
    uint32_t ino;
    int r;

    if (fs->read_only)
        return -EROFS;
    if ((r = ext2_check_name(name, len)) < 0)
        return r;
    if ((r = ext2_get_dir(fs, dir, &d)) < 0)
        return r;
    if (is_dot(name, len))
        return -EEXIST;
    r = ext2_dir_find(fs, dir, name, len, &ino);
    return r == 0 ? -EEXIST : r == -ENOENT ? 0 : r;
}

static int adjust_links(struct ext2_fs *fs, uint32_t ino, int delta)
{
    struct ext2_inode in;
    int r = ext2_iget(fs, ino, &in);

    if (r < 0)
        return r;
    in.links = (uint16_t)(in.links + delta);
    in.ctime = ext2_now(fs);
    return ext2_iput(fs, ino, &in);
}

/* Allocates and writes a fresh inode near dir. */
static int new_inode(struct ext2_fs *fs, uint32_t dir, uint16_t mode, uint32_t uid, uint32_t gid,
                     uint32_t *ino, struct ext2_inode *in)
{
    int r = ext2_ialloc(fs, dir, IS_DIR(mode), ino);

    if (r < 0)
        return r;
    if ((r = ext2_iclear(fs, *ino)) < 0)
        return r;
    memset(in, 0, sizeof(*in));
    in->mode = mode;
    in->uid = uid;
    in->gid = gid;
    in->links = IS_DIR(mode) ? 2 : 1;
    in->atime = in->ctime = in->mtime = ext2_now(fs);
    return ext2_iput(fs, *ino, in);
}

/* Undoes new_inode after a later step failed; returns err. */
static int undo_new(struct ext2_fs *fs, uint32_t ino, int err)
{
    struct ext2_inode in;

    if (ext2_iget(fs, ino, &in) == 0)
        ext2_release(fs, ino, &in);
    return err;
}

/* Links the new inode into dir; on failure releases it. */
static int attach(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t ino,
                  uint16_t mode)
{
    int r = ext2_dir_add(fs, dir, name, len, ino, mode);

    return r < 0 ? undo_new(fs, ino, r) : 0;
}

int ext2_create(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint16_t mode,
                uint32_t uid, uint32_t gid, uint32_t *ino)
{
    struct ext2_inode in;
    int r = check_new(fs, dir, name, len);

    if (r < 0)
        return r;
    if ((mode & S_FMT) == 0)
        mode |= S_REG;
    if (IS_DIR(mode) || IS_LNK(mode))
        return -EINVAL;
    if ((r = new_inode(fs, dir, mode, uid, gid, ino, &in)) < 0)
        return r;
    return attach(fs, dir, name, len, *ino, mode);
}

int ext2_mkdir(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint16_t mode,
               uint32_t uid, uint32_t gid, uint32_t *ino)
{
    struct ext2_inode in, parent;
    int r = check_new(fs, dir, name, len);

    if (r < 0 || (r = ext2_iget(fs, dir, &parent)) < 0)
        return r;
    if (parent.links >= EXT2_MAX_LINKS)
        return -EMLINK;
    mode = (uint16_t)(S_DIR | (mode & 07777));
    if ((r = new_inode(fs, dir, mode, uid, gid, ino, &in)) < 0)
        return r;
    r = ext2_dir_init(fs, *ino, &in, dir);
    if (ext2_iput(fs, *ino, &in) < 0 || r < 0)
        return undo_new(fs, *ino, r < 0 ? r : -EIO);
    if ((r = attach(fs, dir, name, len, *ino, mode)) < 0)
        return r;
    return adjust_links(fs, dir, 1);
}

/* Drops one link of ino, releasing it with the last. */
static int drop_link(struct ext2_fs *fs, uint32_t ino)
{
    struct ext2_inode in;
    int r = ext2_iget(fs, ino, &in);

    if (r < 0)
        return r;
    in.links = in.links > 0 ? in.links - 1 : 0;
    in.ctime = ext2_now(fs);
    return in.links ? ext2_iput(fs, ino, &in) : ext2_release(fs, ino, &in);
}

int ext2_unlink(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len)
{
    struct ext2_inode in;
    uint32_t ino;
    int r;

    if (fs->read_only)
        return -EROFS;
    if (is_dot(name, len))
        return -EISDIR;
    if ((r = ext2_lookup(fs, dir, name, len, &ino)) < 0 || (r = ext2_iget(fs, ino, &in)) < 0)
        return r;
    if (IS_DIR(in.mode))
        return -EISDIR;
    if ((r = ext2_dir_remove(fs, dir, name, len)) < 0)
        return r;
    return drop_link(fs, ino);
}

/* Removes the empty directory ino (named name in dir) and its parent's link. */
static int remove_dir(struct ext2_fs *fs, uint32_t dir, uint32_t ino)
{
    struct ext2_inode in;
    int r = ext2_iget(fs, ino, &in);

    if (r < 0)
        return r;
    in.links = 0;
    if ((r = ext2_release(fs, ino, &in)) < 0)
        return r;
    return adjust_links(fs, dir, -1);
}

int ext2_rmdir(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len)
{
    struct ext2_inode in;
    uint32_t ino;
    int r;

    if (fs->read_only)
        return -EROFS;
    if (len == 1 && name[0] == '.')
        return -EINVAL;
    if (len == 2 && name[0] == '.' && name[1] == '.')
        return -ENOTEMPTY;
    if ((r = ext2_lookup(fs, dir, name, len, &ino)) < 0 || (r = ext2_iget(fs, ino, &in)) < 0)
        return r;
    if (!IS_DIR(in.mode))
        return -ENOTDIR;
    if ((r = ext2_dir_empty(fs, ino)) <= 0)
        return r == 0 ? -ENOTEMPTY : r;
    if ((r = ext2_dir_remove(fs, dir, name, len)) < 0)
        return r;
    return remove_dir(fs, dir, ino);
}

int ext2_link(struct ext2_fs *fs, uint32_t ino, uint32_t dir, const char *name, size_t len)
{
    struct ext2_inode in;
    int r = check_new(fs, dir, name, len);

    if (r < 0 || (r = ext2_iget_used(fs, ino, &in)) < 0)
        return r;
    if (IS_DIR(in.mode))
        return -EPERM;
    if (in.links >= EXT2_MAX_LINKS)
        return -EMLINK;
    if ((r = ext2_dir_add(fs, dir, name, len, ino, in.mode)) < 0)
        return r;
    return adjust_links(fs, ino, 1);
}

int ext2_symlink(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, const char *target,
                 size_t tlen, uint32_t uid, uint32_t gid, uint32_t *ino)
{
    struct ext2_inode in;
    uint8_t fast[EXT2_NBLOCKS * 4] = {0};
    uint32_t pblk;
    uint8_t *b;
    int r = check_new(fs, dir, name, len);

    if (r < 0)
        return r;
    if (tlen == 0)
        return -ENOENT;
    if (tlen >= fs->bs)
        return -ENAMETOOLONG;
    if ((r = new_inode(fs, dir, S_LNK | 0777, uid, gid, ino, &in)) < 0)
        return r;
    if (tlen < EXT2_FAST_LINK) {
        memcpy(fast, target, tlen);
        for (int i = 0; i < EXT2_NBLOCKS; i++)
            in.block[i] = get32(fast + 4 * i);
    } else {
        r = ext2_bmap(fs, *ino, &in, 0, true, &pblk);
        if (r == 0 && (r = ext2_bget(fs, pblk, true, &b)) == 0) {
            memcpy(b, target, tlen);
            ext2_bput(fs, b, true);
        }
    }
    in.size = tlen;
    if (ext2_iput(fs, *ino, &in) < 0 || r < 0)
        return undo_new(fs, *ino, r < 0 ? r : -EIO);
    return attach(fs, dir, name, len, *ino, S_LNK);
}

long ext2_readlink(struct ext2_fs *fs, uint32_t ino, char *buf, size_t len)
{
    struct ext2_inode in;
    uint8_t fast[EXT2_NBLOCKS * 4];
    uint32_t pblk, acl;
    uint8_t *b;
    int r = ext2_iget_used(fs, ino, &in);

    if (r < 0)
        return r;
    if (!IS_LNK(in.mode))
        return -EINVAL;
    if (in.size == 0 || in.size >= fs->bs)
        return ext2_corrupt(fs, ino, "symlink length %llu", (unsigned long long)in.size);
    if (len > in.size)
        len = (size_t)in.size;
    acl = in.file_acl ? fs->bs / 512 : 0;
    if (in.blocks <= acl) {
        if (in.size >= sizeof(fast))
            return ext2_corrupt(fs, ino, "fast symlink of %llu bytes", (unsigned long long)in.size);
        for (int i = 0; i < EXT2_NBLOCKS; i++)
            put32(fast + 4 * i, in.block[i]);
        memcpy(buf, fast, len);
        return (long)len;
    }
    if ((r = ext2_bmap(fs, ino, &in, 0, false, &pblk)) < 0)
        return r;
    if (pblk == 0)
        return ext2_corrupt(fs, ino, "symlink without its block");
    if ((r = ext2_bget(fs, pblk, true, &b)) < 0)
        return r;
    memcpy(buf, b, len);
    ext2_bput(fs, b, false);
    return (long)len;
}

/* -EINVAL if dir is ino or lies under it (following ".." up to the root). */
static int check_not_under(struct ext2_fs *fs, uint32_t ino, uint32_t dir)
{
    for (int depth = 0; depth < ANCESTOR_DEPTH; depth++) {
        int r;
        if (dir == ino)
            return -EINVAL;
        if (dir == EXT2_ROOT_INO)
            return 0;
        if ((r = ext2_dir_find(fs, dir, "..", 2, &dir)) < 0)
            return r;
    }
    return ext2_corrupt(fs, dir, "no way to the root through \"..\" (a directory loop)");
}

/* Checks that the existing target d may be replaced by s. */
static int check_target(struct ext2_fs *fs, const struct ext2_inode *s, uint32_t dino,
                        const struct ext2_inode *d)
{
    int r;

    if (IS_DIR(s->mode) && !IS_DIR(d->mode))
        return -ENOTDIR;
    if (!IS_DIR(s->mode) && IS_DIR(d->mode))
        return -EISDIR;
    if (IS_DIR(d->mode) && (r = ext2_dir_empty(fs, dino)) <= 0)
        return r == 0 ? -ENOTEMPTY : r;
    return 0;
}

int ext2_rename(struct ext2_fs *fs, uint32_t sdir, const char *sname, size_t slen, uint32_t ddir,
                const char *dname, size_t dlen)
{
    struct ext2_inode s, d, dd;
    uint32_t sino, dino = 0;
    int r;

    if (fs->read_only)
        return -EROFS;
    if ((r = ext2_check_name(dname, dlen)) < 0)
        return r;
    if (is_dot(sname, slen) || is_dot(dname, dlen))
        return -EINVAL;
    if ((r = ext2_get_dir(fs, ddir, &dd)) < 0)
        return r;
    if ((r = ext2_lookup(fs, sdir, sname, slen, &sino)) < 0 || (r = ext2_iget(fs, sino, &s)) < 0)
        return r;
    r = ext2_lookup(fs, ddir, dname, dlen, &dino);
    if (r < 0 && r != -ENOENT)
        return r;
    if (dino == sino)
        return 0;
    if (IS_DIR(s.mode) && (r = check_not_under(fs, sino, ddir)) < 0)
        return r;
    if (dino && ((r = ext2_iget(fs, dino, &d)) < 0 || (r = check_target(fs, &s, dino, &d)) < 0))
        return r;
    if (IS_DIR(s.mode) && !dino && sdir != ddir && dd.links >= EXT2_MAX_LINKS)
        return -EMLINK;

    /* The one step that can run out of space comes first. */
    r = dino ? ext2_dir_set(fs, ddir, dname, dlen, sino, s.mode)
             : ext2_dir_add(fs, ddir, dname, dlen, sino, s.mode);
    if (r < 0 || (r = ext2_dir_remove(fs, sdir, sname, slen)) < 0)
        return r;
    if (IS_DIR(s.mode) && sdir != ddir) {
        if ((r = ext2_dir_set(fs, sino, "..", 2, ddir, S_DIR)) < 0 ||
            (r = adjust_links(fs, sdir, -1)) < 0 || (r = adjust_links(fs, ddir, 1)) < 0)
            return r;
    }
    if ((r = adjust_links(fs, sino, 0)) < 0) /* ctime */
        return r;
    if (!dino)
        return 0;
    return IS_DIR(d.mode) ? remove_dir(fs, ddir, dino) : drop_link(fs, dino);
}
