/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Open files (services/fs/vfs_file.c): descriptor numbers, EBADF and
 * EMFILE, the open flags, offsets and lseek, pread/pwrite, O_APPEND,
 * ftruncate, an unlinked file kept while open, and getdents64's layout.
 */
#include "test.h"
#include "fsfix.h"

#include <stddef.h>

static void descriptors(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;
    char b[8];
    int fd;

    CHECK_EQ(vfs_open(c, S("/etc/passwd"), VFS_O_RDONLY, 0), 0);
    CHECK_EQ(vfs_open(c, S("/etc/passwd"), VFS_O_RDONLY, 0), 1);
    CHECK_EQ(vfs_close(c, 0), 0);
    CHECK_EQ(vfs_close(c, 0), -EBADF);
    CHECK_EQ(vfs_open(c, S("/etc/passwd"), VFS_O_RDONLY, 0), 0); /* the lowest free number */
    CHECK_EQ(vfs_read(c, 7, b, 1), -EBADF);
    CHECK_EQ(vfs_read(c, -1, b, 1), -EBADF);
    CHECK_EQ(vfs_read(c, VFS_MAX_FDS, b, 1), -EBADF);
    CHECK_EQ(vfs_write(c, 0, "x", 1), -EBADF); /* opened read-only */
    CHECK_EQ(vfs_lseek(c, 9, 0, VFS_SEEK_SET), -EBADF);
    for (fd = 2; fd < VFS_MAX_FDS; fd++)
        CHECK_EQ(vfs_open(c, S("/data/a"), VFS_O_RDONLY, 0), fd);
    CHECK_EQ(vfs_open(c, S("/data/a"), VFS_O_RDONLY, 0), -EMFILE);
    CHECK_EQ(vfs_close(c, 40), 0);
    CHECK_EQ(vfs_open(c, S("/data/a"), VFS_O_RDONLY, 0), 40);
    CHECK_EQ(vfs_open(c, S("/data/a"), 3, 0), -EINVAL);
    fix_free(f);
}

static void open_flags(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;
    char b[16];
    int fd;

    CHECK_EQ(vfs_open(c, S("/tmp/f"), VFS_O_RDONLY, 0), -ENOENT);
    CHECK((fd = vfs_open(c, S("/tmp/f"), VFS_O_RDWR | VFS_O_CREAT | VFS_O_EXCL, 0600)) >= 0);
    CHECK_EQ(vfs_write(c, fd, "hello world", 11), 11);
    CHECK_EQ(vfs_read(c, fd, b, sizeof(b)), 0); /* the offset is at the end */
    CHECK_EQ(vfs_close(c, fd), 0);
    CHECK_EQ(vfs_open(c, S("/tmp/f"), VFS_O_RDWR | VFS_O_CREAT | VFS_O_EXCL, 0600), -EEXIST);
    CHECK_EQ(vfs_open(c, S("/tmp/f"), VFS_O_RDONLY | VFS_O_DIRECTORY, 0), -ENOTDIR);
    CHECK_EQ(vfs_open(c, S("/tmp"), VFS_O_WRONLY, 0), -EISDIR);
    CHECK_EQ(vfs_open(c, S("/tmp"), VFS_O_RDWR | VFS_O_CREAT, 0644), -EISDIR);
    CHECK_EQ(vfs_open(c, S("/tmp"), VFS_O_RDONLY | VFS_O_CREAT, 0644), -EISDIR);
    CHECK_EQ(vfs_open(c, S("/tmp/"), VFS_O_RDWR | VFS_O_CREAT, 0644), -EISDIR);
    CHECK_EQ(vfs_open(c, S("/tmp/g/"), VFS_O_RDWR | VFS_O_CREAT, 0644), -EISDIR);
    CHECK_EQ(vfs_open(c, S("/tmp/f/"), VFS_O_RDONLY, 0), -ENOTDIR);
    CHECK_EQ(vfs_open(c, S("/tmp/none/f"), VFS_O_RDWR | VFS_O_CREAT, 0644), -ENOENT);
    CHECK((fd = vfs_open(c, S("/tmp"), VFS_O_RDONLY | VFS_O_DIRECTORY, 0)) >= 0);
    CHECK_EQ(vfs_read(c, fd, b, 1), -EISDIR);
    CHECK_EQ(vfs_write(c, fd, b, 1), -EBADF);
    vfs_close(c, fd);
    /* O_TRUNC */
    CHECK((fd = vfs_open(c, S("/tmp/f"), VFS_O_WRONLY | VFS_O_TRUNC, 0)) >= 0);
    CHECK_EQ(vfs_read(c, fd, b, 1), -EBADF); /* write-only */
    vfs_close(c, fd);
    CHECK_STR(fix_cat(c, "/tmp/f"), "");
    /* O_APPEND: every write at the end, whatever the offset */
    CHECK_EQ(fix_put(c, "/tmp/f", "abc"), 0);
    CHECK((fd = vfs_open(c, S("/tmp/f"), VFS_O_RDWR | VFS_O_APPEND, 0)) >= 0);
    CHECK_EQ(vfs_lseek(c, fd, 0, VFS_SEEK_SET), 0);
    CHECK_EQ(vfs_write(c, fd, "de", 2), 2);
    CHECK_EQ(vfs_lseek(c, fd, 0, VFS_SEEK_CUR), 5);
    vfs_close(c, fd);
    CHECK_STR(fix_cat(c, "/tmp/f"), "abcde");
    /* O_NOFOLLOW, O_CREAT|O_EXCL on a symlink */
    CHECK_EQ(vfs_symlink(c, S("f"), S("/tmp/l")), 0);
    CHECK_EQ(vfs_open(c, S("/tmp/l"), VFS_O_RDONLY | VFS_O_NOFOLLOW, 0), -ELOOP);
    CHECK_EQ(vfs_open(c, S("/tmp/l"), VFS_O_RDWR | VFS_O_CREAT | VFS_O_EXCL, 0644), -EEXIST);
    CHECK((fd = vfs_open(c, S("/tmp/l"), VFS_O_RDONLY | VFS_O_CREAT, 0644)) >= 0);
    CHECK_EQ(vfs_read(c, fd, b, 5), 5); /* O_CREAT alone follows to the file */
    vfs_close(c, fd);
    fix_free(f);
}

static void offsets_and_lseek(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;
    char b[16] = {0};
    int fd;

    CHECK_EQ(fix_put(c, "/tmp/f", "0123456789"), 0);
    CHECK((fd = vfs_open(c, S("/tmp/f"), VFS_O_RDWR, 0)) >= 0);
    CHECK_EQ(vfs_read(c, fd, b, 4), 4);
    CHECK(memcmp(b, "0123", 4) == 0);
    CHECK_EQ(vfs_read(c, fd, b, 4), 4);
    CHECK(memcmp(b, "4567", 4) == 0);
    CHECK_EQ(vfs_lseek(c, fd, -3, VFS_SEEK_END), 7);
    CHECK_EQ(vfs_read(c, fd, b, 16), 3);
    CHECK(memcmp(b, "789", 3) == 0);
    CHECK_EQ(vfs_lseek(c, fd, -2, VFS_SEEK_CUR), 8);
    CHECK_EQ(vfs_lseek(c, fd, -9, VFS_SEEK_CUR), -EINVAL);
    CHECK_EQ(vfs_lseek(c, fd, 0, 3), -EINVAL);
    CHECK_EQ(vfs_lseek(c, fd, INT64_MAX, VFS_SEEK_END), -EINVAL);
    CHECK_EQ(vfs_lseek(c, fd, 8, VFS_SEEK_SET), 8); /* the failures left it */
    /* past the end: a read gives 0, a write leaves a hole of zeros */
    CHECK_EQ(vfs_lseek(c, fd, 2000, VFS_SEEK_SET), 2000);
    CHECK_EQ(vfs_read(c, fd, b, 4), 0);
    CHECK_EQ(vfs_write(c, fd, "Z", 1), 1);
    CHECK_EQ(vfs_pread(c, fd, b, 4, 1998), 3);
    CHECK(b[0] == 0 && b[1] == 0 && b[2] == 'Z');
    /* pread/pwrite leave the offset */
    CHECK_EQ(vfs_pwrite(c, fd, "AB", 2, 0), 2);
    CHECK_EQ(vfs_lseek(c, fd, 0, VFS_SEEK_CUR), 2001);
    CHECK_EQ(vfs_pread(c, fd, b, 3, 0), 3);
    CHECK(memcmp(b, "AB2", 3) == 0);
    CHECK_EQ(vfs_pread(c, fd, b, 3, -1), -EINVAL);
    CHECK_EQ(vfs_pwrite(c, fd, b, 3, -1), -EINVAL);
    /* ftruncate and fstat */
    struct vfs_attr a;
    CHECK_EQ(vfs_ftruncate(c, fd, 4), 0);
    CHECK_EQ(vfs_fstat(c, fd, &a), 0);
    CHECK_EQ(a.size, 4);
    CHECK_EQ(vfs_ftruncate(c, fd, -1), -EINVAL);
    CHECK_EQ(vfs_fsync(c, fd), 0);
    vfs_close(c, fd);
    CHECK((fd = vfs_open(c, S("/tmp/f"), VFS_O_RDONLY, 0)) >= 0);
    CHECK_EQ(vfs_ftruncate(c, fd, 0), -EINVAL); /* not open for writing */
    CHECK_EQ(vfs_fsync(c, 33), -EBADF);
    vfs_close(c, fd);
    fix_free(f);
}

static void unlinked_while_open(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;
    uint32_t free_before = f->ram.free_inodes;
    char b[8] = {0};
    struct vfs_attr a;
    int fd;

    CHECK_EQ(fix_put(c, "/tmp/f", "kept"), 0);
    CHECK((fd = vfs_open(c, S("/tmp/f"), VFS_O_RDONLY, 0)) >= 0);
    CHECK_EQ(vfs_unlink(c, S("/tmp/f")), 0);
    CHECK_EQ(fix_put(c, "/tmp/g", "new file"), 0); /* must not get the open inode */
    CHECK_EQ(vfs_read(c, fd, b, 4), 4);
    CHECK(memcmp(b, "kept", 4) == 0);
    CHECK_EQ(vfs_fstat(c, fd, &a), 0);
    CHECK_EQ(a.nlink, 0);
    CHECK_EQ(f->ram.free_inodes, free_before - 2);
    vfs_close(c, fd);
    CHECK_EQ(f->ram.free_inodes, free_before - 1); /* freed at the last close */
    /* a directory removed while open lists nothing */
    char dents[256];
    CHECK_EQ(vfs_mkdir(c, S("/tmp/d"), 0755), 0);
    CHECK((fd = vfs_open(c, S("/tmp/d"), VFS_O_RDONLY, 0)) >= 0);
    CHECK_EQ(vfs_rmdir(c, S("/tmp/d")), 0);
    CHECK_EQ(vfs_getdents(c, fd, dents, sizeof(dents)), 0);
    CHECK_EQ(vfs_fstat(c, fd, &a), 0);
    CHECK_EQ(a.nlink, 0);
    vfs_close(c, fd);
    CHECK_EQ(f->ram.free_inodes, free_before - 1);
    fix_free(f);
}

static void getdents_layout(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;
    _Alignas(8) unsigned char buf[512];
    int fd = vfs_open(c, S("/data"), VFS_O_RDONLY | VFS_O_DIRECTORY, 0);
    int64_t n;

    CHECK_EQ(offsetof(struct vfs_dirent64, d_off), 8);
    CHECK_EQ(offsetof(struct vfs_dirent64, d_reclen), 16);
    CHECK_EQ(offsetof(struct vfs_dirent64, d_type), 18);
    CHECK_EQ(offsetof(struct vfs_dirent64, d_name), 19);
    CHECK(fd >= 0);
    CHECK_EQ(vfs_getdents(c, fd, buf, 20), -EINVAL); /* not even one entry fits */
    n = vfs_getdents(c, fd, buf, sizeof(buf));
    /* ".", "..", a, b, sub, out, rel: each 24 bytes (19 + name + NUL, rounded to 8) */
    CHECK_EQ(n, 7 * 24);
    const char *want[] = {".", "..", "a", "b", "sub", "out", "rel"};
    const unsigned types[] = {VFS_DT_DIR, VFS_DT_DIR, VFS_DT_REG, VFS_DT_REG,
                              VFS_DT_DIR, VFS_DT_LNK, VFS_DT_LNK};
    int64_t off = 0, prev_off = 0;
    for (int i = 0; i < 7 && off < n; i++) {
        struct vfs_dirent64 *d = (void *)(buf + off);
        struct vfs_attr a;
        char path[600];
        CHECK_STR(d->d_name, want[i]);
        CHECK_EQ(d->d_reclen, 24);
        CHECK_EQ(d->d_reclen % 8, 0);
        CHECK_EQ(d->d_type, types[i]);
        CHECK(d->d_off != prev_off);
        for (unsigned j = 19 + (unsigned)strlen(d->d_name); j < d->d_reclen; j++)
            CHECK_EQ(buf[off + j], 0); /* NUL and padding */
        snprintf(path, sizeof(path), "/data/%s", d->d_name);
        CHECK_EQ(vfs_lstat(c, S(path), &a), 0);
        if (i != 1)
            CHECK_EQ(d->d_ino, a.ino);
        prev_off = d->d_off;
        off += d->d_reclen;
    }
    CHECK_EQ(vfs_getdents(c, fd, buf, sizeof(buf)), 0); /* the end */
    /* a small buffer takes a few per call; seeking back to a d_off resumes there */
    CHECK_EQ(vfs_lseek(c, fd, 0, VFS_SEEK_SET), 0);
    CHECK_EQ(vfs_getdents(c, fd, buf, 50), 48);
    struct vfs_dirent64 *second = (void *)(buf + 24);
    int64_t after_dotdot = second->d_off;
    CHECK_EQ(vfs_getdents(c, fd, buf, 50), 48);
    CHECK_STR(((struct vfs_dirent64 *)(void *)buf)->d_name, "a");
    CHECK_EQ(vfs_lseek(c, fd, after_dotdot, VFS_SEEK_SET), after_dotdot);
    CHECK_EQ(vfs_getdents(c, fd, buf, 24), 24);
    CHECK_STR(((struct vfs_dirent64 *)(void *)buf)->d_name, "a");
    CHECK_EQ(vfs_lseek(c, fd, 0, VFS_SEEK_END), -EINVAL);
    vfs_close(c, fd);
    /* ramfs: a long name's record and entries removed between calls */
    char name[80] = "/tmp/";
    memset(name + 5, 'n', 40);
    CHECK_EQ(fix_put(c, name, ""), 0);
    CHECK_EQ(fix_put(c, "/tmp/x", ""), 0);
    CHECK_EQ(fix_put(c, "/tmp/five5", ""), 0); /* 19 + 5 = 24: the NUL takes 8 more */
    CHECK((fd = vfs_open(c, S("/tmp"), VFS_O_RDONLY, 0)) >= 0);
    memset(buf, 0xff, sizeof(buf));
    n = vfs_getdents(c, fd, buf, sizeof(buf));
    CHECK_EQ(n, 24 + 24 + 64 + 24 + 32); /* 19 + 40 + 1 = 60, rounded to 64 */
    struct vfs_dirent64 *five = (void *)(buf + n - 32);
    CHECK_STR(five->d_name, "five5");
    CHECK_EQ(five->d_reclen, 32);
    CHECK_EQ(buf[n - 32 + 24], 0);
    vfs_close(c, fd);
    CHECK_EQ(vfs_getdents(c, fd, buf, sizeof(buf)), -EBADF);
    CHECK((fd = vfs_open(c, S("/tmp/x"), VFS_O_RDONLY, 0)) >= 0);
    CHECK_EQ(vfs_getdents(c, fd, buf, sizeof(buf)), -ENOTDIR);
    vfs_close(c, fd);
    fix_free(f);
}

static void attributes(void)
{
    struct fix *f = fix_new();
    struct vfs_client *c = &f->root;
    struct vfs_timespec t[2] = {{100, 5}, {200, VFS_UTIME_OMIT}};
    struct vfs_attr a, b;

    CHECK_EQ(fix_put(c, "/tmp/f", "x"), 0);
    CHECK_EQ(vfs_stat(c, S("/tmp/f"), &a), 0);
    CHECK_EQ(vfs_utimens(c, S("/tmp/f"), t), 0);
    CHECK_EQ(vfs_stat(c, S("/tmp/f"), &b), 0);
    CHECK_EQ(b.atime.sec, 100);
    CHECK_EQ(b.atime.nsec, 5);
    CHECK_EQ(b.mtime.sec, a.mtime.sec); /* omitted */
    CHECK(b.ctime.sec > a.ctime.sec);
    t[0].nsec = VFS_UTIME_OMIT;
    CHECK_EQ(vfs_utimens(c, S("/tmp/f"), t), 0);
    CHECK_EQ(vfs_stat(c, S("/tmp/f"), &a), 0);
    CHECK_EQ(a.ctime.sec, b.ctime.sec); /* both omitted: nothing changes */
    t[1].nsec = 1000000000;
    CHECK_EQ(vfs_utimens(c, S("/tmp/f"), t), -EINVAL);
    CHECK_EQ(vfs_utimens(c, S("/tmp/f"), NULL), 0);
    CHECK_EQ(vfs_stat(c, S("/tmp/f"), &b), 0);
    CHECK(b.mtime.sec > a.mtime.sec && b.atime.sec == b.mtime.sec);
    CHECK_EQ(vfs_chmod(c, S("/tmp/f"), 04751), 0);
    CHECK_EQ(vfs_chown(c, S("/tmp/f"), 7, UINT32_MAX), 0);
    CHECK_EQ(vfs_stat(c, S("/tmp/f"), &a), 0);
    CHECK_EQ(a.mode, VFS_S_IFREG | 04751);
    CHECK_EQ(a.uid, 7);
    CHECK_EQ(a.gid, 0);
    CHECK_EQ(vfs_truncate(c, S("/tmp/f"), 3000), 0);
    CHECK_EQ(vfs_stat(c, S("/tmp/f"), &a), 0);
    CHECK_EQ(a.size, 3000);
    CHECK_EQ(vfs_truncate(c, S("/tmp"), 0), -EISDIR);
    CHECK_EQ(vfs_truncate(c, S("/tmp/f"), -1), -EINVAL);
    struct vfs_statfs st;
    CHECK_EQ(vfs_statfs(c, S("/tmp/f"), &st), 0);
    CHECK_EQ(st.type, RAMFS_MAGIC);
    CHECK_EQ(vfs_statfs(c, S("/etc"), &st), 0);
    CHECK_EQ(st.type, CPIO_MAGIC);
    CHECK_EQ(vfs_sync(&f->vfs), 0);
    fix_free(f);
}

TEST_CASES({descriptors, "descriptors-ebadf-emfile"}, {open_flags, "open-flags"},
           {offsets_and_lseek, "offsets-lseek-pread-pwrite"},
           {unlinked_while_open, "unlinked-while-open"}, {getdents_layout, "getdents64-layout"},
           {attributes, "utimens-chmod-chown-truncate-statfs"}, );
TEST_MAIN("fs/file")
