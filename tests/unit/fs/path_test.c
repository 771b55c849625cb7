/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Path lookup in the VFS (services/fs/vfs.c): ".", "..", symlinks relative
 * and absolute, loops, mount crossing both ways, names and paths too long,
 * a NUL inside a path, ".." at "/", and the caches' invalidation.  The tree
 * is fsfix.h's: a cpio root with a ramfs on /tmp.
 */
#include "test.h"
#include "fsfix.h"

static void absolute_and_dots(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;

    CHECK_STR(fix_real(c, "/"), "/");
    CHECK_STR(fix_real(c, "/etc/passwd"), "/etc/passwd");
    CHECK_STR(fix_real(c, "//etc///passwd"), "/etc/passwd");
    CHECK_STR(fix_real(c, "/etc/./passwd"), "/etc/passwd");
    CHECK_STR(fix_real(c, "/./."), "/");
    CHECK_STR(fix_real(c, "/etc/../bin/sh"), "/bin/sh");
    CHECK_STR(fix_real(c, "/data/sub/"), "/data/sub");
    CHECK_STR(fix_cat(c, "/data/sub/c"), "charlie");
    fix_free(f);
}

static void dotdot_never_leaves_root(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;

    CHECK_STR(fix_real(c, "/.."), "/");
    CHECK_STR(fix_real(c, "/../../etc"), "/etc");
    CHECK_STR(fix_real(c, "/data/sub/../../../../secret/key"), "/secret/key");
    CHECK_STR(fix_real(c, "/up"), "/"); /* a symlink to ../../.. */
    CHECK_STR(fix_real(c, "/up/up/etc/passwd"), "/etc/passwd");
    CHECK_EQ(vfs_chdir(c, S("/data/sub")), 0);
    CHECK_STR(fix_real(c, "../../../../.."), "/");
    fix_free(f);
}

static void relative_to_cwd(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;

    CHECK_EQ(vfs_chdir(c, S("/data")), 0);
    CHECK_STR(fix_real(c, "a"), "/data/a");
    CHECK_STR(fix_real(c, "./sub/../b"), "/data/b");
    CHECK_STR(fix_real(c, "../etc/passwd"), "/etc/passwd");
    CHECK_STR(fix_cat(c, "rel"), "charlie");
    CHECK_EQ(vfs_chdir(c, S("a")), -ENOTDIR);
    CHECK_EQ(vfs_chdir(c, S("nothing")), -ENOENT);
    CHECK_EQ(vfs_chdir(c, S("/abs")), 0); /* through a symlink: the cwd is the real path */
    CHECK_STR(fix_real(c, "."), "/etc");
    CHECK_STR(fix_real(c, ".."), "/");
    fix_free(f);
}

static void symlinks(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;
    struct vfs_attr a;
    char buf[64];

    CHECK_STR(fix_real(c, "/etc/motd"), "/etc/passwd");
    CHECK_STR(fix_cat(c, "/etc/motd"), "root:x:0:0\n");
    CHECK_STR(fix_real(c, "/abs/passwd"), "/etc/passwd");
    CHECK_STR(fix_real(c, "/abs/../bin"), "/bin"); /* ".." after a symlink is the target's parent */
    CHECK_STR(fix_real(c, "/data/rel"), "/data/sub/c");
    CHECK_STR(fix_real(c, "/data/out"), "/secret/key");
    CHECK_EQ(vfs_lstat(c, S("/etc/motd"), &a), 0);
    CHECK(VFS_S_ISLNK(a.mode));
    CHECK_EQ(a.size, 6);
    CHECK_EQ(vfs_stat(c, S("/etc/motd"), &a), 0);
    CHECK(VFS_S_ISREG(a.mode));
    CHECK_EQ(vfs_readlink(c, S("/etc/motd"), buf, sizeof(buf)), 6);
    CHECK(memcmp(buf, "passwd", 6) == 0);
    CHECK_EQ(vfs_readlink(c, S("/etc/passwd"), buf, sizeof(buf)), -EINVAL);
    CHECK_EQ(vfs_readlink(c, S("/etc/motd"), buf, 3), 3); /* truncated, as Linux */
    /* a trailing slash follows even for lstat */
    CHECK_EQ(vfs_lstat(c, S("/abs/"), &a), 0);
    CHECK(VFS_S_ISDIR(a.mode));
    CHECK_EQ(vfs_lstat(c, S("/etc/motd/"), &a), -ENOTDIR);
    /* a dangling symlink */
    CHECK_EQ(vfs_symlink(c, S("/nowhere"), S("/tmp/dangle")), 0);
    CHECK_EQ(vfs_stat(c, S("/tmp/dangle"), &a), -ENOENT);
    CHECK_EQ(vfs_lstat(c, S("/tmp/dangle"), &a), 0);
    CHECK_EQ(vfs_symlink(c, S(""), S("/tmp/empty")), -ENOENT);
    fix_free(f);
}

static void symlink_loops(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;
    char name[32], target[32];

    CHECK_STR(fix_real(c, "/loop"), "E40"); /* ELOOP */
    CHECK_STR(fix_real(c, "/loop/x"), "E40");
    CHECK_EQ(fix_put(c, "/tmp/f", "end"), 0);
    /* /tmp/l0 -> l1 -> ... -> l40 -> f: 41 links from l0, 40 from l1 */
    for (int i = 0; i <= 40; i++) {
        snprintf(name, sizeof(name), "/tmp/l%d", i);
        if (i == 40)
            snprintf(target, sizeof(target), "f");
        else
            snprintf(target, sizeof(target), "l%d", i + 1);
        CHECK_EQ(vfs_symlink(c, S(target), S(name)), 0);
    }
    CHECK_STR(fix_cat(c, "/tmp/l1"), "end");
    CHECK_STR(fix_cat(c, "/tmp/l0"), "E40");
    CHECK_EQ(vfs_open(c, S("/tmp/l0"), VFS_O_RDONLY | VFS_O_NOFOLLOW, 0), -ELOOP);
    /* two links pointing at each other */
    CHECK_EQ(vfs_symlink(c, S("pong"), S("/tmp/ping")), 0);
    CHECK_EQ(vfs_symlink(c, S("ping"), S("/tmp/pong")), 0);
    CHECK_STR(fix_real(c, "/tmp/ping"), "E40");
    fix_free(f);
}

static void mount_crossing(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;
    struct vfs_attr a, b;
    static unsigned char arena2[32 * 1024];
    struct ramfs r2;

    CHECK_EQ(vfs_stat(c, S("/tmp"), &a), 0);
    CHECK_EQ(a.dev, 2); /* mount 1: the ramfs's root, not the archive's tmp */
    CHECK_EQ(a.ino, RAMFS_ROOT);
    CHECK_EQ(vfs_stat(c, S("/etc"), &b), 0);
    CHECK_EQ(b.dev, 1);
    CHECK_STR(fix_real(c, "/tmp/.."), "/");
    CHECK_EQ(vfs_mkdir(c, S("/tmp/d"), 0755), 0);
    CHECK_STR(fix_cat(c, "/tmp/d/../../etc/passwd"), "root:x:0:0\n");
    CHECK_EQ(vfs_chdir(c, S("/tmp/d")), 0);
    CHECK_STR(fix_real(c, "../.."), "/");
    CHECK_STR(fix_real(c, "../../data/../tmp/d"), "/tmp/d");
    /* a mount inside a mount */
    CHECK_EQ(ramfs_init(&r2, arena2, sizeof(arena2), 8, NULL, NULL), 0);
    CHECK_EQ(vfs_mount(&f->vfs, S("/tmp/d"), &ramfs_ops, &r2, 0), 2);
    CHECK_EQ(fix_put(c, "/tmp/d/inner", "in r2"), 0);
    CHECK_STR(fix_cat(c, "/tmp/d/inner"), "in r2");
    CHECK_STR(fix_real(c, "/tmp/d/.."), "/tmp");
    CHECK_EQ(vfs_stat(c, S("/tmp/d/inner"), &a), 0);
    CHECK_EQ(a.dev, 3);
    CHECK_EQ(r2.free_inodes, 6); /* the file went to the inner ramfs */
    CHECK_EQ(vfs_rmdir(c, S("/tmp/d")), -EBUSY);
    CHECK_EQ(vfs_rename(c, S("/tmp/d/inner"), S("/tmp/x")), -EXDEV);
    CHECK_EQ(vfs_link(c, S("/tmp/d/inner"), S("/tmp/x")), -EXDEV);
    CHECK_EQ(vfs_rename(c, S("/etc/passwd"), S("/tmp/x")),
             -EROFS); /* the source mount is read-only */
    fix_free(f);
}

static void mount_errors(void)
{
    struct fix *f = fix_new();
    static unsigned char arena2[16 * 1024];
    struct ramfs r2;
    struct vfs v;

    CHECK_EQ(ramfs_init(&r2, arena2, sizeof(arena2), 4, NULL, NULL), 0);
    CHECK_EQ(vfs_mount(&f->vfs, S("/nothing"), &ramfs_ops, &r2, 0), -ENOENT);
    CHECK_EQ(vfs_mount(&f->vfs, S("/etc/passwd"), &ramfs_ops, &r2, 0), -ENOTDIR);
    CHECK_EQ(vfs_mount(&f->vfs, S("/tmp"), &ramfs_ops, &r2, 0), -EBUSY);
    CHECK_EQ(vfs_mount(&f->vfs, S("/"), &ramfs_ops, &r2, 0), -EBUSY);
    CHECK_EQ(vfs_mount(&f->vfs, S("/etc"), &ramfs_ops, &r2, 7), -EINVAL);
    vfs_init(&v, NULL, NULL);
    CHECK_EQ(vfs_mount(&v, S("/tmp"), &ramfs_ops, &r2, 0), -EINVAL); /* "/" first */
    fix_free(f);
}

static void too_long_and_nul(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;
    static char p[VFS_PATH_MAX + 8];
    struct vfs_attr a;

    p[0] = '/';
    memset(p + 1, 'x', 256);
    CHECK_EQ(vfs_stat(c, p, 257, &a), -ENAMETOOLONG);
    CHECK_EQ(vfs_stat(c, p, 256, &a), -ENOENT); /* 255 bytes: allowed, and absent */
    CHECK_EQ(vfs_mkdir(c, p, 257, 0755), -ENAMETOOLONG);
    memcpy(p, "/tmp/", 5);
    memset(p + 5, 'y', 255);
    CHECK_EQ(vfs_mkdir(c, p, 260, 0755), 0);
    CHECK_EQ(vfs_stat(c, p, 260, &a), 0);
    memset(p, '/', VFS_PATH_MAX);
    CHECK_EQ(vfs_stat(c, p, VFS_PATH_MAX - 1, &a), 0); /* 4095 slashes: "/" */
    CHECK_EQ(vfs_stat(c, p, VFS_PATH_MAX, &a), -ENAMETOOLONG);
    CHECK_EQ(vfs_stat(c, "/etc\0/passwd", 12, &a), -EINVAL);
    CHECK_EQ(vfs_stat(c, "/etc/passwd\0", 12, &a), -EINVAL);
    CHECK_EQ(vfs_open(c, "/tmp/n\0x", 8, VFS_O_CREAT | VFS_O_WRONLY, 0644), -EINVAL);
    CHECK_EQ(vfs_stat(c, "", 0, &a), -ENOENT);
    /* a canonical path that would pass 4095 bytes: nested 255-byte directories */
    memcpy(p, "/tmp/", 5);
    size_t n = 4;
    int r = 0;
    for (int i = 0; i < 16 && r == 0; i++) {
        p[n] = '/';
        memset(p + n + 1, 'a' + i, 255);
        n += 256;
        r = vfs_mkdir(c, p, n, 0755);
    }
    CHECK_EQ(r, -ENAMETOOLONG);
    /* a symlink whose expansion passes the limit */
    memset(p, 'z', 4000);
    p[0] = '/';
    CHECK_EQ(vfs_symlink(c, p, 4000, S("/tmp/big")), 0);
    memcpy(p, "/tmp/big/", 9);
    memset(p + 9, 'q', 200);
    CHECK_EQ(vfs_stat(c, p, 209, &a), -ENAMETOOLONG);
    fix_free(f);
}

static void not_a_directory(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;
    struct vfs_attr a;

    CHECK_EQ(vfs_stat(c, S("/etc/passwd/x"), &a), -ENOTDIR);
    CHECK_EQ(vfs_stat(c, S("/etc/passwd/"), &a), -ENOTDIR);
    CHECK_EQ(vfs_stat(c, S("/etc/passwd/."), &a), -ENOTDIR);
    CHECK_EQ(vfs_stat(c, S("/etc/passwd/.."), &a), -ENOTDIR);
    CHECK_EQ(vfs_stat(c, S("/etc/nothing/x"), &a), -ENOENT);
    CHECK_EQ(vfs_mkdir(c, S("/etc/passwd/x"), 0755), -ENOTDIR);
    fix_free(f);
}

static void caches_follow_changes(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;
    struct vfs_attr a;
    char name[32];

    CHECK_EQ(fix_put(c, "/tmp/x", "one"), 0);
    uint64_t hits = f->vfs.stats.dcache_hits;
    CHECK_EQ(vfs_stat(c, S("/tmp/x"), &a), 0);
    CHECK_EQ(vfs_stat(c, S("/tmp/x"), &a), 0);
    CHECK(f->vfs.stats.dcache_hits >= hits + 2);
    CHECK(VFS_S_ISREG(a.mode));
    CHECK_EQ(a.size, 3);
    CHECK_EQ(vfs_unlink(c, S("/tmp/x")), 0);
    CHECK_EQ(vfs_stat(c, S("/tmp/x"), &a), -ENOENT);
    CHECK_EQ(vfs_mkdir(c, S("/tmp/x"), 0700), 0); /* same name, the inode number reused */
    CHECK_EQ(vfs_stat(c, S("/tmp/x"), &a), 0);
    CHECK(VFS_S_ISDIR(a.mode));
    CHECK_EQ(a.mode & 0777, 0700);
    CHECK_EQ(fix_put(c, "/tmp/x/in", "two"), 0);
    CHECK_EQ(vfs_rename(c, S("/tmp/x"), S("/tmp/y")), 0);
    CHECK_EQ(vfs_stat(c, S("/tmp/x"), &a), -ENOENT);
    CHECK_EQ(vfs_stat(c, S("/tmp/x/in"), &a), -ENOENT);
    CHECK_STR(fix_cat(c, "/tmp/y/in"), "two");
    CHECK_EQ(vfs_unlink(c, S("/tmp/y/in")), 0);
    CHECK_EQ(vfs_rmdir(c, S("/tmp/y")), 0);
    CHECK_EQ(vfs_stat(c, S("/tmp/y"), &a), -ENOENT);
    CHECK_EQ(fix_put(c, "/tmp/y", "three"), 0);
    CHECK_EQ(vfs_stat(c, S("/tmp/y"), &a), 0);
    CHECK(VFS_S_ISREG(a.mode));
    CHECK_EQ(a.size, 5);
    /* a rename over an existing file: the old name now shows the moved file */
    CHECK_EQ(fix_put(c, "/tmp/z", "zulu"), 0);
    CHECK_EQ(vfs_stat(c, S("/tmp/y"), &a), 0);
    CHECK_EQ(vfs_rename(c, S("/tmp/z"), S("/tmp/y")), 0);
    CHECK_STR(fix_cat(c, "/tmp/y"), "zulu");
    CHECK_EQ(vfs_stat(c, S("/tmp/y"), &a), 0);
    CHECK_EQ(a.size, 4);
    /* more names than the caches hold: every lookup still right */
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof(name), "/tmp/n%d", i);
        CHECK_EQ(vfs_mkdir(c, S(name), 0755), 0);
    }
    for (int i = 0; i < VFS_DCACHE_SIZE + 20; i++) {
        snprintf(name, sizeof(name), "/tmp/n%d/../n%d", i % 40, (i + 1) % 40);
        CHECK_EQ(vfs_stat(c, S(name), &a), 0);
    }
    /* the cwd removed under the client */
    CHECK_EQ(vfs_chdir(c, S("/tmp/n3")), 0);
    CHECK_EQ(vfs_rmdir(c, S("/tmp/n3")), 0);
    CHECK_EQ(vfs_stat(c, S("."), &a), -ENOENT);
    fix_free(f);
}

/* The errors Linux gives for each call's corner cases, through the VFS. */
static void entry_errors(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;

    CHECK_EQ(vfs_mkdir(c, S("/tmp/d"), 0755), 0);
    CHECK_EQ(fix_put(c, "/tmp/d/f", "x"), 0);
    CHECK_EQ(vfs_mkdir(c, S("/tmp/d"), 0755), -EEXIST);
    CHECK_EQ(vfs_mkdir(c, S("/tmp/d/f"), 0755), -EEXIST);
    CHECK_EQ(vfs_mkdir(c, S("/"), 0755), -EEXIST);
    CHECK_EQ(vfs_mkdir(c, S("/tmp/d/.."), 0755), -EEXIST);
    CHECK_EQ(vfs_mkdir(c, S("/tmp/new/"), 0755), 0); /* a trailing slash is fine */
    CHECK_EQ(vfs_rmdir(c, S("/tmp/d")), -ENOTEMPTY);
    CHECK_EQ(vfs_rmdir(c, S("/tmp/d/f")), -ENOTDIR);
    CHECK_EQ(vfs_rmdir(c, S("/tmp/d/.")), -EINVAL);
    CHECK_EQ(vfs_rmdir(c, S("/tmp/d/..")), -ENOTEMPTY);
    CHECK_EQ(vfs_rmdir(c, S("/")), -EBUSY);
    CHECK_EQ(vfs_rmdir(c, S("/tmp")), -EROFS); /* "/" is read-only (EBUSY: mount-crossing) */
    CHECK_EQ(vfs_rmdir(c, S("/tmp/none")), -ENOENT);
    CHECK_EQ(vfs_unlink(c, S("/tmp/d")), -EISDIR);
    CHECK_EQ(vfs_unlink(c, S("/tmp/d/f/")), -ENOTDIR);
    CHECK_EQ(vfs_unlink(c, S("/tmp/none")), -ENOENT);
    CHECK_EQ(vfs_unlink(c, S("/")), -EISDIR);
    CHECK_EQ(vfs_rename(c, S("/tmp/d"), S("/tmp/d/sub")), -EINVAL);
    CHECK_EQ(vfs_rename(c, S("/tmp/d"), S("/tmp/d")), 0);
    CHECK_EQ(vfs_rename(c, S("/tmp/d/f"), S("/tmp/new")), -EISDIR);
    CHECK_EQ(vfs_rename(c, S("/tmp/d"), S("/tmp/d/f")), -EINVAL);
    CHECK_EQ(vfs_rename(c, S("/tmp/new"), S("/tmp/d/f")), -ENOTDIR);
    CHECK_EQ(vfs_rename(c, S("/tmp/new"), S("/tmp/d")), -ENOTEMPTY);
    CHECK_EQ(vfs_rename(c, S("/"), S("/tmp/x")), -EBUSY);
    CHECK_EQ(vfs_rename(c, S("/tmp/d/."), S("/tmp/x")), -EBUSY);
    CHECK_EQ(vfs_rename(c, S("/tmp/d/.."), S("/tmp/x")), -EBUSY);
    CHECK_EQ(vfs_rename(c, S("/tmp/d/f"), S("/tmp/d/.")), -EBUSY);
    CHECK_EQ(vfs_rename(c, S("/tmp"), S("/tmp2")), -EROFS);
    CHECK_EQ(vfs_rename(c, S("/tmp/d/f/"), S("/tmp/g")), -ENOTDIR);
    CHECK_EQ(vfs_rename(c, S("/tmp/none"), S("/tmp/g")), -ENOENT);
    CHECK_EQ(vfs_link(c, S("/tmp/d"), S("/tmp/dl")), -EPERM);
    CHECK_EQ(vfs_link(c, S("/tmp/d/f"), S("/tmp/new")), -EEXIST);
    CHECK_EQ(vfs_link(c, S("/tmp/d/f"), S("/tmp/hl")), 0);
    CHECK_EQ(vfs_symlink(c, S("x"), S("/tmp/hl")), -EEXIST);
    CHECK_EQ(vfs_symlink(c, "a\0b", 3, S("/tmp/s")), -EINVAL);
    CHECK_EQ(vfs_rename(c, S("/tmp/hl"), S("/tmp/d/f")), 0); /* two names of one file */
    CHECK_STR(fix_cat(c, "/tmp/hl"), "x");
    CHECK_EQ(vfs_rename(c, S("/tmp/hl"), S("/tmp/d/g")), 0);
    CHECK_STR(fix_cat(c, "/tmp/d/g"), "x");
    CHECK_STR(fix_cat(c, "/tmp/hl"), "E2");
    fix_free(f);
}

TEST_CASES({absolute_and_dots, "absolute-and-dots"},
           {dotdot_never_leaves_root, "dotdot-never-leaves-root"},
           {relative_to_cwd, "relative-to-cwd"}, {symlinks, "symlinks"},
           {symlink_loops, "symlink-loops-eloop"}, {mount_crossing, "mount-crossing"},
           {mount_errors, "mount-errors"}, {too_long_and_nul, "too-long-and-nul"},
           {not_a_directory, "enotdir"}, {caches_follow_changes, "caches-follow-changes"},
           {entry_errors, "entry-errors"}, );
TEST_MAIN("fs/path")
