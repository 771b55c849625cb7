/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The file service's protocol layer on the host: the client library
 * (runtime/component/fs.c, <kaal/fs.h>) calls the generated stubs, whose
 * channel call here runs the service's dispatch and handlers
 * (services/fs/proto.c) on the same IPC buffer, over a VFS with the
 * fixture's cpio root and a ramfs at /tmp.  Client 0 is granted "/"
 * read-write with a 4 KiB buffer (so large transfers go in pieces); client
 * 1 only /data, read-only.  What a component sees through the library,
 * and what a hostile client gets for malformed requests, is checked here
 * under ASan and UBSan; tests/system/files does the same in QEMU.
 */
#include "test.h"

#define svc_check(ok) CHECK(ok)
#include "svcfix.h"

static void files_round_trip(void)
{
    static unsigned char big[20000], back[20000];
    struct kaal_stat st;
    char buf[64];

    svc_setup();
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (unsigned char)(i * 13 + i / 7);
    int fd = kaal_file_open("/tmp/big", KAAL_O_RDWR | KAAL_O_CREAT, 0640);
    CHECK(fd >= 0);
    CHECK_EQ(kaal_file_write(fd, big, sizeof(big)), sizeof(big)); /* five pieces of 4 KiB */
    CHECK_EQ(kaal_file_fstat(fd, &st), 0);
    CHECK_EQ(st.size, sizeof(big));
    CHECK_EQ(st.mode, KAAL_S_IFREG | 0640);
    CHECK_EQ(kaal_file_pread(fd, back, sizeof(back), 0), sizeof(back));
    CHECK(memcmp(big, back, sizeof(big)) == 0);
    CHECK_EQ(kaal_file_seek(fd, -10, KAAL_SEEK_END), sizeof(big) - 10);
    CHECK_EQ(kaal_file_read(fd, buf, sizeof(buf)), 10);
    CHECK_EQ(kaal_file_read(fd, buf, sizeof(buf)), 0);
    CHECK_EQ(kaal_file_close(fd), 0);
    CHECK_EQ(kaal_file_close(fd), -KAAL_EBADF);
    CHECK_EQ(kaal_file_truncate("/tmp/big", 5), 0);
    CHECK_EQ(kaal_file_stat("/tmp/big", &st), 0);
    CHECK_EQ(st.size, 5);
}

static void names_and_links(void)
{
    struct kaal_stat st;
    char buf[64];

    svc_setup();
    CHECK_EQ(kaal_file_mkdir("/tmp/d", 0755), 0);
    CHECK_EQ(kaal_file_chdir("/tmp/d"), 0);
    CHECK_STR(kaal_file_cwd(), "/tmp/d");
    int fd = kaal_file_open("f", KAAL_O_WRONLY | KAAL_O_CREAT | KAAL_O_EXCL, 0600);
    CHECK(fd >= 0);
    CHECK_EQ(kaal_file_write(fd, "hello", 5), 5);
    kaal_file_close(fd);
    CHECK_EQ(kaal_file_open("f", KAAL_O_WRONLY | KAAL_O_CREAT | KAAL_O_EXCL, 0600), -KAAL_EEXIST);
    CHECK_EQ(kaal_file_symlink("f", "l"), 0); /* the target as given, not joined to the cwd */
    CHECK_EQ(kaal_file_readlink("/tmp/d/l", buf, sizeof(buf)), 1);
    CHECK_EQ(buf[0], 'f');
    CHECK_EQ(kaal_file_lstat("l", &st), 0);
    CHECK_EQ(st.mode & KAAL_S_IFMT, KAAL_S_IFLNK);
    CHECK_EQ(kaal_file_stat("l", &st), 0);
    CHECK_EQ(st.size, 5);
    CHECK_EQ(kaal_file_link("f", "g"), 0);
    CHECK_EQ(kaal_file_stat("g", &st), 0);
    CHECK_EQ(st.nlink, 2);
    CHECK_EQ(kaal_file_rename("g", "/tmp/h"), 0);
    CHECK_EQ(kaal_file_unlink("/tmp/h"), 0);
    CHECK_EQ(kaal_file_chmod("f", 0644), 0);
    CHECK_EQ(kaal_file_chown("f", 7, 0xffffffffu), 0);
    CHECK_EQ(kaal_file_stat("f", &st), 0);
    CHECK_EQ(st.mode, KAAL_S_IFREG | 0644);
    CHECK_EQ(st.uid, 7);
    struct kaal_timespec t[2] = {{100, 0}, {200, 5}};
    CHECK_EQ(kaal_file_utimens("f", t), 0);
    CHECK_EQ(kaal_file_stat("f", &st), 0);
    CHECK_EQ(st.mtime.sec, 200);
    CHECK_EQ(st.mtime.nsec, 5);
    CHECK_EQ(kaal_file_chdir("../.."), 0);
    CHECK_STR(kaal_file_cwd(), "/");
    CHECK_EQ(kaal_file_chdir("/etc/passwd"), -KAAL_ENOTDIR);
    CHECK_EQ(kaal_file_rmdir("/tmp/d"), -KAAL_ENOTEMPTY);
}

static void listings_and_mounts(void)
{
    struct kaal_dir d;
    struct kaal_dirent e;
    struct kaal_statfs sf;
    char path[64];
    unsigned int kind, n = 0, found = 0;
    int ro, r;

    svc_setup();
    CHECK_EQ(kaal_dir_open(&d, "/data"), 0);
    while ((r = kaal_dir_read(&d, &e)) == 1) {
        n++;
        found |= strcmp(e.name, "sub") == 0 && e.type == VFS_DT_DIR;
    }
    CHECK_EQ(r, 0);
    CHECK_EQ(n, 7); /* ., .., a, b, sub, out, rel */
    CHECK(found);
    CHECK_EQ(kaal_dir_close(&d), 0);
    CHECK_EQ(kaal_file_mount_info(0, path, sizeof(path), &kind, &ro), 0);
    CHECK_STR(path, "/");
    CHECK_EQ(kind, 1);
    CHECK_EQ(ro, 1);
    CHECK_EQ(kaal_file_mount_info(1, path, sizeof(path), &kind, &ro), 0);
    CHECK_STR(path, "/tmp");
    CHECK_EQ(ro, 0);
    CHECK_EQ(kaal_file_mount_info(2, path, sizeof(path), &kind, &ro), -KAAL_ENOENT);
    CHECK_EQ(kaal_file_statfs("/tmp/x/..", &sf), -KAAL_ENOENT);
    CHECK_EQ(kaal_file_statfs("/tmp", &sf), 0);
    CHECK_EQ(sf.type, RAMFS_MAGIC);
    CHECK_EQ(sf.read_only, 0);
    CHECK_EQ(kaal_file_statfs("/etc", &sf), 0);
    CHECK_EQ(sf.read_only, 1);
    CHECK_EQ(kaal_file_open("/etc/new", KAAL_O_WRONLY | KAAL_O_CREAT, 0644), -KAAL_EROFS);
    CHECK_EQ(kaal_file_sync(), 0);
}

/* Client 1, granted /data read-only, through the raw stubs: what a hostile client can send. */
static void hostile_requests(void)
{
    struct kaal_fs_open_out o;
    struct kaal_fs_stat_out so;
    unsigned char *b = buffers[1];

    svc_setup();
    memcpy(b, "/data/a", 7);
    CHECK_EQ(kaal_fs_open(1, 0, 7, KAAL_O_RDONLY, 0, &o), 0);
    CHECK_EQ(kaal_fs_open(1, 0, 7, KAAL_O_RDWR, 0, &o), -KAAL_EACCES);
    memcpy(b, "/data/a\0/secret/key", 19);
    CHECK_EQ(kaal_fs_open(1, 0, 19, KAAL_O_RDONLY, 0, &o), -KAAL_EINVAL); /* a NUL inside */
    memcpy(b, "/secret/key", 11);
    CHECK_EQ(kaal_fs_open(1, 0, 11, KAAL_O_RDONLY, 0, &o), -KAAL_ENOENT); /* outside the grant */
    CHECK_EQ(kaal_fs_open(1, BUF_SIZE - 2, 4, KAAL_O_RDONLY, 0, &o), -KAAL_EINVAL); /* range out */
    CHECK_EQ(kaal_fs_open(1, ~0ull, 2, KAAL_O_RDONLY, 0, &o), -KAAL_EINVAL);        /* overflow */
    CHECK_EQ(kaal_fs_open(1, 0, BUF_SIZE, KAAL_O_RDONLY, 0, &o), -KAAL_ENAMETOOLONG);
    CHECK_EQ(kaal_fs_read(1, 1ull << 40, 0, 16, 0), -KAAL_EBADF);  /* an fd no int holds */
    CHECK_EQ(kaal_fs_stat(1, 0, 0, 0, 0x4000, &so), -KAAL_EINVAL); /* an unknown stat flag */
    /* A request a word short, and a label no op has, never reach a handler. */
    seL4_SetMR(0, 0);
    seL4_MessageInfo_t r = loop_call(1, seL4_MessageInfo_new(KAAL_FS_OPEN, 0, 0, 3));
    CHECK_EQ(seL4_MessageInfo_get_label(r), KAAL_EBADMSG);
    r = loop_call(1, seL4_MessageInfo_new(99, 0, 0, 0));
    CHECK_EQ(seL4_MessageInfo_get_label(r), KAAL_ENOSYS);
}

TEST_CASES({files_round_trip, "files-round-trip"}, {names_and_links, "names-and-links"},
           {listings_and_mounts, "listings-and-mounts"}, {hostile_requests, "hostile-requests"}, );
TEST_MAIN("fs/service")
