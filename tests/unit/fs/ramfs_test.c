/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ramfs (services/fs/ramfs.c) through its fs_ops: data across direct,
 * indirect and double-indirect pages, holes, truncate, directories, rename
 * and link semantics, and ENOSPC: a call that runs out of inodes or pages
 * changes nothing, and everything freed comes back (no page leaks).
 */
#include "test.h"
#include "fsfix.h"

static const struct fs_ops *o = &ramfs_ops;

#define R(s) s, strlen(s)

static struct ramfs *mk(size_t pages, uint32_t inodes)
{
    size_t size = inodes * sizeof(struct ramfs_inode) + pages * RAMFS_PAGE;
    void *arena = malloc(size + sizeof(struct ramfs) + 8);
    struct ramfs *fs = arena;

    /* the struct first, the arena after it: both from one block freed by done() */
    if (ramfs_init(fs, (char *)arena + sizeof(*fs), size, inodes, NULL, NULL))
        abort();
    return fs;
}

static void done(struct ramfs *fs)
{
    free(fs);
}

static void init_errors(void)
{
    static unsigned char small[512];
    struct ramfs fs;

    CHECK_EQ(ramfs_init(&fs, small, sizeof(small), 0, NULL, NULL), -EINVAL);
    CHECK_EQ(ramfs_init(&fs, small, sizeof(small), 2, NULL, NULL), -ENOSPC); /* no page left */
    CHECK_EQ(ramfs_init(&fs, small, 100, 4, NULL, NULL), -ENOSPC);
}

static void data_pages_and_holes(void)
{
    struct ramfs *fs = mk(400, 8);
    uint32_t pages0;
    static unsigned char big[3 * RAMFS_PAGE + 17], back[sizeof(big)];
    struct vfs_attr a;
    uint64_t ino;

    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (unsigned char)(i * 7 + 1);
    CHECK_EQ(o->create(fs, RAMFS_ROOT, R("f"), 0644, 0, 0, &ino), 0);
    pages0 = fs->free_pages; /* the root's slot page taken */
    CHECK_EQ(o->write(fs, ino, 100, big, sizeof(big)), sizeof(big));
    CHECK_EQ(o->read(fs, ino, 100, back, sizeof(back)), sizeof(back));
    CHECK(memcmp(big, back, sizeof(big)) == 0);
    CHECK_EQ(o->read(fs, ino, 0, back, 100), 100);
    CHECK(back[0] == 0 && back[99] == 0);
    /* past the direct pages: page 10 needs the indirect page, page 300 the double one */
    uint64_t far = (uint64_t)(RAMFS_NDIRECT + RAMFS_PER_PAGE + 30) * RAMFS_PAGE + 5;
    uint32_t before = fs->free_pages;
    CHECK_EQ(o->write(fs, ino, far, "X", 1), 1);
    CHECK_EQ(before - fs->free_pages, 3); /* data, double-indirect, its second level */
    CHECK_EQ(o->write(fs, ino, RAMFS_NDIRECT * RAMFS_PAGE, "Y", 1), 1);
    CHECK_EQ(before - fs->free_pages, 5); /* data and the indirect page */
    CHECK_EQ(o->getattr(fs, ino, &a), 0);
    CHECK_EQ(a.size, far + 1);
    CHECK_EQ(a.blocks, (uint64_t)(pages0 - fs->free_pages) * 2);
    CHECK_EQ(o->read(fs, ino, far - 1, back, 4), 2);
    CHECK(back[0] == 0 && back[1] == 'X');
    /* truncate down frees; growing again reads zeros where data was */
    CHECK_EQ(o->truncate(fs, ino, 150), 0);
    CHECK_EQ(fs->free_pages, pages0 - 1);
    CHECK_EQ(o->truncate(fs, ino, 2000), 0);
    CHECK_EQ(o->read(fs, ino, 100, back, 1900), 1900);
    CHECK(memcmp(back, big, 50) == 0);
    CHECK_EQ(back[50], 0);
    CHECK_EQ(back[1899], 0);
    CHECK_EQ(o->truncate(fs, ino, (uint64_t)RAMFS_MAX_PAGES * RAMFS_PAGE + 1), -EFBIG);
    CHECK_EQ(o->write(fs, ino, (uint64_t)RAMFS_MAX_PAGES * RAMFS_PAGE, "x", 1), -EFBIG);
    CHECK_EQ(o->unlink(fs, RAMFS_ROOT, R("f")), 0);
    CHECK_EQ(fs->free_pages, pages0); /* every page back */
    CHECK_EQ(fs->free_inodes, 7);
    done(fs);
}

static void directories(void)
{
    struct ramfs *fs = mk(64, 16);
    struct vfs_attr a;
    uint64_t d, e, f, x;

    CHECK_EQ(o->mkdir(fs, RAMFS_ROOT, R("d"), 0755, 1, 2, &d), 0);
    CHECK_EQ(o->mkdir(fs, d, R("e"), 0755, 1, 2, &e), 0);
    CHECK_EQ(o->create(fs, d, R("f"), 0644, 1, 2, &f), 0);
    CHECK_EQ(o->mkdir(fs, d, R("f"), 0755, 0, 0, &x), -EEXIST);
    CHECK_EQ(o->create(fs, f, R("x"), 0644, 0, 0, &x), -ENOTDIR);
    CHECK_EQ(o->lookup(fs, d, R("e"), &x), 0);
    CHECK_EQ(x, e);
    CHECK_EQ(o->lookup(fs, d, R("zz"), &x), -ENOENT);
    CHECK_EQ(o->getattr(fs, d, &a), 0);
    CHECK_EQ(a.nlink, 3); /* ".", its name, e's ".." */
    CHECK_EQ(a.uid, 1);
    CHECK_EQ(o->getattr(fs, RAMFS_ROOT, &a), 0);
    CHECK_EQ(a.nlink, 3);
    CHECK_EQ(o->rmdir(fs, RAMFS_ROOT, R("d")), -ENOTEMPTY);
    CHECK_EQ(o->rmdir(fs, d, R("f")), -ENOTDIR);
    CHECK_EQ(o->unlink(fs, d, R("e")), -EISDIR);
    CHECK_EQ(o->rmdir(fs, d, R("e")), 0);
    CHECK_EQ(o->getattr(fs, d, &a), 0);
    CHECK_EQ(a.nlink, 2);
    CHECK_EQ(o->mkdir(fs, e, R("in-removed"), 0755, 0, 0, &x), -ENOENT);
    CHECK_EQ(o->symlink(fs, d, R("s"), R("target"), 0, 0, &x), 0);
    char buf[16];
    CHECK_EQ(o->readlink(fs, x, buf, sizeof(buf)), 6);
    CHECK(memcmp(buf, "target", 6) == 0);
    CHECK_EQ(o->readlink(fs, f, buf, sizeof(buf)), -EINVAL);
    /* setattr keeps the type */
    struct vfs_attr s = {.mode = 0600 | VFS_S_IFDIR, .uid = 9};
    CHECK_EQ(o->setattr(fs, f, &s, VFS_ATTR_MODE | VFS_ATTR_UID), 0);
    CHECK_EQ(o->getattr(fs, f, &a), 0);
    CHECK_EQ(a.mode, VFS_S_IFREG | 0600);
    CHECK_EQ(a.uid, 9);
    done(fs);
}

static void rename_and_link(void)
{
    struct ramfs *fs = mk(64, 16);
    struct vfs_attr a;
    uint64_t d1, d2, sub, f, g, x;
    char b[8];

    o->mkdir(fs, RAMFS_ROOT, R("d1"), 0755, 0, 0, &d1);
    o->mkdir(fs, RAMFS_ROOT, R("d2"), 0755, 0, 0, &d2);
    o->mkdir(fs, d1, R("sub"), 0755, 0, 0, &sub);
    o->create(fs, d1, R("f"), 0644, 0, 0, &f);
    o->create(fs, d2, R("g"), 0644, 0, 0, &g);
    o->write(fs, f, 0, "eff", 3);
    CHECK_EQ(o->rename(fs, d1, R("f"), d2, R("g")), 0); /* over a file: g's inode freed */
    CHECK_EQ(o->getattr(fs, g, &a), -ENOENT);
    CHECK_EQ(o->lookup(fs, d2, R("g"), &x), 0);
    CHECK_EQ(x, f);
    CHECK_EQ(o->lookup(fs, d1, R("f"), &x), -ENOENT);
    CHECK_EQ(o->rename(fs, d1, R("sub"), d2, R("g")), -ENOTDIR);
    CHECK_EQ(o->rename(fs, d2, R("g"), d1, R("sub")), -EISDIR);
    CHECK_EQ(o->rename(fs, RAMFS_ROOT, R("d1"), sub, R("loop")), -EINVAL);
    CHECK_EQ(o->rename(fs, RAMFS_ROOT, R("d1"), d1, R("loop")), -EINVAL);
    CHECK_EQ(o->rename(fs, d1, R("nope"), d2, R("x")), -ENOENT);
    /* a directory moves: nlinks follow */
    CHECK_EQ(o->rename(fs, d1, R("sub"), d2, R("sub2")), 0);
    CHECK_EQ(o->getattr(fs, d1, &a), 0);
    CHECK_EQ(a.nlink, 2);
    CHECK_EQ(o->getattr(fs, d2, &a), 0);
    CHECK_EQ(a.nlink, 3);
    CHECK_EQ(o->mkdir(fs, d1, R("empty"), 0755, 0, 0, &x), 0);
    CHECK_EQ(o->rename(fs, d2, R("sub2"), d1, R("empty")), 0); /* over an empty directory */
    CHECK_EQ(o->getattr(fs, x, &a), -ENOENT);
    CHECK_EQ(o->getattr(fs, d1, &a), 0);
    CHECK_EQ(a.nlink, 3);
    o->create(fs, sub, R("full"), 0644, 0, 0, &x);
    CHECK_EQ(o->mkdir(fs, d2, R("e2"), 0755, 0, 0, &x), 0);
    CHECK_EQ(o->rename(fs, d2, R("e2"), d1, R("empty")), -ENOTEMPTY);
    CHECK_EQ(o->rename(fs, d2, R("g"), d2, R("g")), 0);
    /* links */
    CHECK_EQ(o->link(fs, f, d1, R("f-again")), 0);
    CHECK_EQ(o->link(fs, f, d1, R("f-again")), -EEXIST);
    CHECK_EQ(o->link(fs, d2, d1, R("dirlink")), -EPERM);
    CHECK_EQ(o->getattr(fs, f, &a), 0);
    CHECK_EQ(a.nlink, 2);
    CHECK_EQ(o->rename(fs, d1, R("f-again"), d2, R("g")), 0); /* two names of one file */
    CHECK_EQ(o->unlink(fs, d2, R("g")), 0);
    CHECK_EQ(o->read(fs, f, 0, b, 3), 3);
    CHECK(memcmp(b, "eff", 3) == 0);
    done(fs);
}

struct seen {
    char seen[32];
    int left;
};

static int emit(void *p, uint64_t ino, unsigned type, const char *name, size_t len, uint64_t next)
{
    struct seen *ctx = p;
    (void)ino, (void)type, (void)next;
    if (ctx->left-- == 0)
        return 1;
    strncat(ctx->seen, name, len);
    strcat(ctx->seen, " ");
    return 0;
}

static void readdir_cookies(void)
{
    struct ramfs *fs = mk(64, 16);
    char names[8][4] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    uint64_t x, cookie = 0;

    for (int i = 0; i < 8; i++)
        o->create(fs, RAMFS_ROOT, names[i], 1, 0644, 0, 0, &x);
    o->unlink(fs, RAMFS_ROOT, R("c"));
    struct seen ctx = {"", 3};
    CHECK_EQ(o->readdir(fs, RAMFS_ROOT, &cookie, emit, &ctx), 0);
    CHECK_STR(ctx.seen, ". .. a ");
    ctx.left = 100;
    CHECK_EQ(o->readdir(fs, RAMFS_ROOT, &cookie, emit, &ctx), 0);
    CHECK_STR(ctx.seen, ". .. a b d e f g h ");
    done(fs);
}

/* Fills the file system, then checks that each failing call changed nothing. */
static void enospc_leaves_nothing_half_made(void)
{
    struct ramfs *fs = mk(24, 4);
    static char page[RAMFS_PAGE * 40];
    struct vfs_attr a;
    uint64_t f, x, d;

    CHECK_EQ(o->create(fs, RAMFS_ROOT, R("f"), 0644, 0, 0, &f), 0);
    CHECK_EQ(o->mkdir(fs, RAMFS_ROOT, R("d"), 0755, 0, 0, &d), 0); /* root: slots 0, 1 */
    uint32_t free0 = fs->free_pages;
    /* a write larger than what is free: refused whole */
    CHECK_EQ(o->write(fs, f, 0, page, (size_t)(free0 + 1) * RAMFS_PAGE), -ENOSPC);
    CHECK_EQ(fs->free_pages, free0);
    /* exactly as many data pages as are free: the indirect page makes it one too many */
    CHECK_EQ(o->write(fs, f, 0, page, (size_t)free0 * RAMFS_PAGE), -ENOSPC);
    CHECK_EQ(fs->free_pages, free0);
    CHECK_EQ(o->getattr(fs, f, &a), 0);
    CHECK_EQ(a.size, 0);
    /* pages 0..9 direct and 10.. indirect: filling to the last free page takes the index too */
    CHECK_EQ(o->write(fs, f, 0, page, (size_t)(free0 - 1) * RAMFS_PAGE), (free0 - 1) * RAMFS_PAGE);
    CHECK_EQ(fs->free_pages, 0);
    CHECK_EQ(o->write(fs, f, (uint64_t)(free0 - 1) * RAMFS_PAGE, "x", 1), -ENOSPC);
    CHECK_EQ(o->write(fs, f, 5, "rewrite", 7), 7); /* allocated pages still take writes */
    /* a new name in a directory whose slots need a new page */
    CHECK_EQ(o->getattr(fs, d, &a), 0);
    CHECK_EQ(a.size, 0);
    CHECK_EQ(o->create(fs, d, R("g"), 0644, 0, 0, &x), -ENOSPC);
    CHECK_EQ(o->lookup(fs, d, R("g"), &x), -ENOENT);
    CHECK_EQ(fs->free_inodes, 1);
    CHECK_EQ(o->mkdir(fs, d, R("g"), 0755, 0, 0, &x), -ENOSPC);
    CHECK_EQ(o->symlink(fs, RAMFS_ROOT, R("s"), R("t"), 0, 0, &x), -ENOSPC); /* target page */
    CHECK_EQ(o->lookup(fs, RAMFS_ROOT, R("s"), &x), -ENOENT);
    CHECK_EQ(fs->free_inodes, 1);
    CHECK_EQ(o->link(fs, f, d, R("l")), -ENOSPC);
    CHECK_EQ(o->rename(fs, RAMFS_ROOT, R("f"), d, R("f")), -ENOSPC);
    CHECK_EQ(o->lookup(fs, RAMFS_ROOT, R("f"), &x), 0);
    CHECK_EQ(o->getattr(fs, f, &a), 0);
    CHECK_EQ(a.nlink, 1);
    /* the root's page has room for a third slot: a file takes the last inode */
    CHECK_EQ(o->create(fs, RAMFS_ROOT, R("h"), 0644, 0, 0, &x), 0);
    CHECK_EQ(fs->free_inodes, 0);
    CHECK_EQ(o->create(fs, RAMFS_ROOT, R("i"), 0644, 0, 0, &x), -ENOSPC);
    CHECK_EQ(o->lookup(fs, RAMFS_ROOT, R("i"), &x), -ENOENT);
    struct vfs_statfs st;
    CHECK_EQ(o->statfs(fs, &st), 0);
    CHECK_EQ(st.bfree, 0);
    CHECK_EQ(st.ffree, 0);
    CHECK_EQ(st.namemax, 255);
    /* freeing makes it all usable again */
    CHECK_EQ(o->truncate(fs, f, 0), 0);
    CHECK_EQ(fs->free_pages, free0);
    CHECK_EQ(o->create(fs, d, R("g"), 0644, 0, 0, &x), -ENOSPC); /* inodes still out */
    CHECK_EQ(o->unlink(fs, RAMFS_ROOT, R("h")), 0);
    CHECK_EQ(o->create(fs, d, R("g"), 0644, 0, 0, &x), 0);
    done(fs);
}

/* Through the VFS: ENOSPC comes back to the client and the name does not appear. */
static void enospc_through_the_vfs(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;
    static char chunk[RAMFS_PAGE * 8];
    struct vfs_attr a;
    int64_t r = 0;
    int fd;

    CHECK((fd = vfs_open(c, S("/tmp/fill"), VFS_O_WRONLY | VFS_O_CREAT, 0644)) >= 0);
    while ((r = vfs_write(c, fd, chunk, sizeof(chunk))) > 0)
        ;
    CHECK_EQ(r, -ENOSPC);
    while ((r = vfs_write(c, fd, chunk, RAMFS_PAGE)) > 0)
        ;
    CHECK_EQ(r, -ENOSPC);
    vfs_close(c, fd);
    CHECK_EQ(vfs_mkdir(c, S("/tmp/full"), 0755), 0);  /* the root's slot page has room */
    CHECK_EQ(fix_put(c, "/tmp/full/x", ""), -ENOSPC); /* the new directory has no page */
    CHECK_EQ(vfs_stat(c, S("/tmp/full/x"), &a), -ENOENT);
    CHECK_EQ(vfs_unlink(c, S("/tmp/fill")), 0);
    CHECK_EQ(fix_put(c, "/tmp/full/x", "room again"), 0);
    CHECK_STR(fix_cat(c, "/tmp/full/x"), "room again");
    fix_free(f);
}

TEST_CASES({init_errors, "init-errors"}, {data_pages_and_holes, "data-pages-and-holes"},
           {directories, "directories"}, {rename_and_link, "rename-and-link"},
           {readdir_cookies, "readdir-cookies"},
           {enospc_leaves_nothing_half_made, "enospc-nothing-half-made"},
           {enospc_through_the_vfs, "enospc-through-the-vfs"}, );
TEST_MAIN("fs/ramfs")
