/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Grants (least privilege): a client reaches only the paths the system
 * description grants it.  Outside them everything is ENOENT, found or not;
 * a change a grant does not allow is EACCES; a change on a read-only mount
 * is EROFS.  The client here has /data read-only and /tmp/w read-write.
 */
#include "test.h"
#include "fsfix.h"

static const struct vfs_grant grants[] = {{"/data", false}, {"/tmp/w", true}};

static struct fix *setup(struct vfs_client *c)
{
    struct fix *f = fix_new();

    if (vfs_mkdir(&f->root, S("/tmp/w"), 0755) || vfs_mkdir(&f->root, S("/tmp/other"), 0755) ||
        vfs_mkdir(&f->root, S("/tmp/wx"), 0755) || fix_put(&f->root, "/tmp/other/f", "other") ||
        fix_put(&f->root, "/tmp/wx/f", "wx") ||
        vfs_symlink(&f->root, S("/secret/key"), S("/tmp/w/esc")) ||
        vfs_client_init(c, &f->vfs, grants, 2, 1000, 1000))
        abort();
    return f;
}

static void read_only_grant_reads_but_never_writes(void)
{
    struct vfs_client c;
    struct fix *f = setup(&c);
    struct vfs_attr a;

    CHECK_STR(fix_cat(&c, "/data/a"), "alpha");
    CHECK_STR(fix_cat(&c, "/data/rel"), "charlie");
    CHECK_EQ(vfs_open(&c, S("/data/a"), VFS_O_WRONLY, 0), -EACCES);
    CHECK_EQ(vfs_open(&c, S("/data/a"), VFS_O_RDWR, 0), -EACCES);
    CHECK_EQ(vfs_open(&c, S("/data/a"), VFS_O_RDONLY | VFS_O_TRUNC, 0), -EACCES);
    CHECK_EQ(vfs_open(&c, S("/data/new"), VFS_O_WRONLY | VFS_O_CREAT, 0644), -EACCES);
    CHECK_EQ(vfs_mkdir(&c, S("/data/x"), 0755), -EACCES);
    CHECK_EQ(vfs_unlink(&c, S("/data/a")), -EACCES);
    CHECK_EQ(vfs_rmdir(&c, S("/data/sub")), -EACCES);
    CHECK_EQ(vfs_rename(&c, S("/data/a"), S("/data/z")), -EACCES);
    CHECK_EQ(vfs_rename(&c, S("/data/a"), S("/tmp/w/a")), -EACCES);
    CHECK_EQ(vfs_rename(&c, S("/tmp/w/esc"), S("/data/esc")), -EACCES);
    CHECK_EQ(vfs_symlink(&c, S("a"), S("/data/s")), -EACCES);
    CHECK_EQ(vfs_link(&c, S("/data/a"), S("/tmp/w/a")), -EACCES); /* no writable second name */
    CHECK_EQ(vfs_chmod(&c, S("/data/a"), 0777), -EACCES);
    CHECK_EQ(vfs_chown(&c, S("/data/a"), 1000, 1000), -EACCES);
    CHECK_EQ(vfs_truncate(&c, S("/data/a"), 0), -EACCES);
    CHECK_EQ(vfs_utimens(&c, S("/data/a"), NULL), -EACCES);
    CHECK_EQ(vfs_stat(&c, S("/data/a"), &a), 0);
    CHECK_EQ(a.size, 5); /* nothing changed */
    fix_free(f);
}

static void nothing_outside_the_grants(void)
{
    struct vfs_client c;
    struct fix *f = setup(&c);
    struct vfs_attr a;

    CHECK_STR(fix_cat(&c, "/secret/key"), "E2");
    CHECK_STR(fix_cat(&c, "/data/../secret/key"), "E2");
    CHECK_STR(fix_cat(&c, "/data/sub/../../secret/key"), "E2");
    CHECK_STR(fix_cat(&c, "/data/out"), "E2"); /* a symlink pointing outside */
    CHECK_STR(fix_cat(&c, "/tmp/w/esc"), "E2");
    CHECK_STR(fix_cat(&c, "/etc/passwd"), "E2");
    CHECK_STR(fix_cat(&c, "/abs/passwd"), "E2");
    CHECK_EQ(vfs_stat(&c, S("/secret"), &a), -ENOENT);
    CHECK_EQ(vfs_stat(&c, S("/nonexistent"), &a), -ENOENT);  /* same answer: nothing shows */
    CHECK_EQ(vfs_stat(&c, S("/etc/passwd/x"), &a), -ENOENT); /* not ENOTDIR: no probing */
    CHECK_STR(fix_cat(&c, "/tmp/other/f"), "E2");
    CHECK_STR(fix_cat(&c, "/tmp/wx/f"), "E2"); /* a prefix of the name is not a grant */
    CHECK_EQ(vfs_open(&c, S("/newtop"), VFS_O_WRONLY | VFS_O_CREAT, 0644), -ENOENT);
    CHECK_EQ(vfs_mkdir(&c, S("/tmp/new"), 0755), -ENOENT);
    /* the client's own symlink cannot point it out either */
    CHECK_EQ(vfs_symlink(&c, S("../../etc/passwd"), S("/tmp/w/up")), 0);
    CHECK_STR(fix_cat(&c, "/tmp/w/up"), "E2");
    CHECK_EQ(vfs_symlink(&c, S("/data/a"), S("/tmp/w/in")), 0);
    CHECK_STR(fix_cat(&c, "/tmp/w/in"), "alpha"); /* inside a grant: fine */
    /* relative paths and the cwd */
    CHECK_EQ(vfs_chdir(&c, S("/data")), 0);
    CHECK_STR(fix_cat(&c, "../secret/key"), "E2");
    CHECK_STR(fix_cat(&c, "b"), "bravo");
    CHECK_EQ(vfs_chdir(&c, S("/etc")), -ENOENT);
    CHECK_EQ(vfs_chdir(&c, S("..")), 0); /* "/" leads to the grants: it may be passed */
    CHECK_STR(fix_real(&c, "."), "/");
    CHECK_STR(fix_real(&c, "data/../tmp/w/../w"), "/tmp/w");
    fix_free(f);
}

static void writable_grant_writes(void)
{
    struct vfs_client c;
    struct fix *f = setup(&c);
    struct vfs_attr a;

    CHECK_EQ(fix_put(&c, "/tmp/w/f", "hello"), 0);
    CHECK_STR(fix_cat(&c, "/tmp/w/f"), "hello");
    CHECK_EQ(vfs_stat(&c, S("/tmp/w/f"), &a), 0);
    CHECK_EQ(a.uid, 1000);
    CHECK_EQ(vfs_mkdir(&c, S("/tmp/w/d"), 0755), 0);
    CHECK_EQ(vfs_rename(&c, S("/tmp/w/f"), S("/tmp/w/d/g")), 0);
    CHECK_EQ(vfs_unlink(&c, S("/tmp/w/d/g")), 0);
    CHECK_EQ(vfs_rmdir(&c, S("/tmp/w/d")), 0);
    CHECK_EQ(vfs_rename(&c, S("/tmp/w/esc"), S("/tmp/other/esc")), -ENOENT);
    /* the grant's own directory entry lives outside it */
    CHECK_EQ(vfs_rmdir(&c, S("/tmp/w")), -EACCES);
    CHECK_EQ(vfs_rename(&c, S("/tmp/w"), S("/tmp/w2")), -EACCES);
    CHECK_EQ(vfs_chmod(&c, S("/"), 0777), -EACCES);
    fix_free(f);
}

static void listing_a_directory_on_the_way(void)
{
    struct vfs_client c;
    struct fix *f = setup(&c);
    char buf[1024], names[256] = "";
    int fd = vfs_open(&c, S("/"), VFS_O_RDONLY | VFS_O_DIRECTORY, 0);
    int64_t n;

    CHECK(fd >= 0);
    while ((n = vfs_getdents(&c, fd, buf, sizeof(buf))) > 0)
        for (int64_t off = 0; off < n;) {
            struct vfs_dirent64 *d = (void *)(buf + off);
            strcat(names, d->d_name);
            strcat(names, " ");
            off += d->d_reclen;
        }
    CHECK_EQ(n, 0);
    CHECK_STR(names, ". .. data tmp ");
    vfs_close(&c, fd);
    names[0] = 0;
    fd = vfs_open(&c, S("/tmp"), VFS_O_RDONLY, 0);
    CHECK(fd >= 0);
    while ((n = vfs_getdents(&c, fd, buf, sizeof(buf))) > 0)
        for (int64_t off = 0; off < n;) {
            struct vfs_dirent64 *d = (void *)(buf + off);
            strcat(names, d->d_name);
            strcat(names, " ");
            off += d->d_reclen;
        }
    CHECK_STR(names, ". .. w ");
    vfs_close(&c, fd);
    fix_free(f);
}

static void a_file_on_the_way_is_not_reachable(void)
{
    static const struct vfs_grant odd[] = {{"/etc/passwd/sub", false}};
    struct fix *f = fix_new();
    struct vfs_client c;
    struct vfs_attr a;

    CHECK_EQ(vfs_client_init(&c, &f->vfs, odd, 1, 0, 0), 0);
    CHECK_EQ(vfs_stat(&c, S("/etc"), &a), 0);
    CHECK_STR(fix_cat(&c, "/etc/passwd"), "E2");
    CHECK_EQ(vfs_stat(&c, S("/etc/passwd"), &a), -ENOENT);
    fix_free(f);
}

static void grants_must_be_canonical(void)
{
    static const char *bad[] = {"data", "/data/", "/a//b", "/a/./b", "/a/../b", "", "/.."};
    struct fix *f = fix_new();
    struct vfs_client c;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct vfs_grant g = {bad[i], true};
        CHECK_EQ(vfs_client_init(&c, &f->vfs, &g, 1, 0, 0), -EINVAL);
    }
    struct vfs_grant ok = {"/a/b", true};
    CHECK_EQ(vfs_client_init(&c, &f->vfs, &ok, 1, 0, 0), 0);
    fix_free(f);
}

static void read_only_mount_is_erofs(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;

    CHECK_EQ(vfs_open(c, S("/etc/passwd"), VFS_O_WRONLY, 0), -EROFS);
    CHECK_EQ(vfs_open(c, S("/etc/new"), VFS_O_WRONLY | VFS_O_CREAT, 0644), -EROFS);
    CHECK_EQ(vfs_mkdir(c, S("/etc/x"), 0755), -EROFS);
    CHECK_EQ(vfs_unlink(c, S("/etc/passwd")), -EROFS);
    CHECK_EQ(vfs_rename(c, S("/etc/passwd"), S("/etc/p2")), -EROFS);
    CHECK_EQ(vfs_symlink(c, S("x"), S("/etc/s")), -EROFS);
    CHECK_EQ(vfs_chmod(c, S("/etc/passwd"), 0600), -EROFS);
    CHECK_EQ(vfs_truncate(c, S("/etc/passwd"), 0), -EROFS);
    CHECK_STR(fix_cat(c, "/etc/passwd"), "root:x:0:0\n");
    fix_free(f);
}

TEST_CASES({read_only_grant_reads_but_never_writes, "read-only-grant-never-writes"},
           {nothing_outside_the_grants, "nothing-outside-the-grants"},
           {writable_grant_writes, "writable-grant-writes"},
           {listing_a_directory_on_the_way, "listing-shows-only-the-way"},
           {a_file_on_the_way_is_not_reachable, "file-on-the-way-unreachable"},
           {grants_must_be_canonical, "grants-must-be-canonical"},
           {read_only_mount_is_erofs, "read-only-mount-erofs"}, );
TEST_MAIN("fs/grant")
