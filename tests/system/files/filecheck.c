/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * filecheck: the file service (services/fs) through its client library
 * (<kaal/fs.h>), from init(), on the three file systems of
 * tests/system/files/system.yaml: the cpio root packed from
 * tests/system/files/root/, a ramfs at /tmp and an ext2 disk at /data that
 * tests/system/files.py made with mke2fs -d.  Each check prints "ok: ..."
 * or "FAILED: ..."; the runner looks for every ok line in order, then reads
 * the disk back on the host with e2fsprogs.
 */
#include <kaal/component.h>
#include <kaal/fs.h>
#include <stdio.h>
#include <string.h>

#define FS_CH     0
#define NOSY_CH   1            /* notified when this is done: nosy starts then */
#define FS_BUFFER 0x21000000ul /* system.yaml: filecheck's map of its buffer */
#define FS_SIZE   (64u * 1024)
#define BIG       (200u * 1024) /* more than the buffer: the library moves it in pieces */

static unsigned char big[BIG], back[BIG];

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAILED", what);
}

/* The whole of file path into buf (size bytes at most); its length or a negative errno. */
static long slurp(const char *path, char *buf, size_t size)
{
    int fd = kaal_file_open(path, KAAL_O_RDONLY, 0);
    if (fd < 0)
        return fd;
    long n = (long)kaal_file_read(fd, buf, size - 1);
    kaal_file_close(fd);
    if (n >= 0)
        buf[n] = '\0';
    return n;
}

/* Writes text to path, made or emptied. */
static int spill(const char *path, const char *text)
{
    int fd = kaal_file_open(path, KAAL_O_WRONLY | KAAL_O_CREAT | KAAL_O_TRUNC, 0644);
    if (fd < 0)
        return fd;
    long n = (long)kaal_file_write(fd, text, strlen(text));
    kaal_file_close(fd);
    return n == (long)strlen(text) ? 0 : -1;
}

/* True if directory path lists name. */
static int lists(const char *path, const char *name)
{
    struct kaal_dir d;
    struct kaal_dirent e;
    int found = 0;

    if (kaal_dir_open(&d, path) != 0)
        return 0;
    while (kaal_dir_read(&d, &e) == 1)
        found |= strcmp(e.name, name) == 0;
    kaal_dir_close(&d);
    return found;
}

static void root_cpio(void)
{
    char buf[256];
    struct kaal_stat st;

    check(slurp("/etc/motd", buf, sizeof(buf)) > 0 &&
              strcmp(buf, "Welcome to the files test!\n") == 0,
          "the cpio root's /etc/motd reads back as packed");
    check(kaal_file_stat("/etc", &st) == 0 && (st.mode & KAAL_S_IFMT) == KAAL_S_IFDIR,
          "/etc is a directory");
    check(lists("/", "etc") && lists("/", "tmp") && lists("/", "data"),
          "/ lists etc, tmp and data");
    check(kaal_file_open("/etc/new", KAAL_O_WRONLY | KAAL_O_CREAT, 0644) == -KAAL_EROFS,
          "the cpio root is read-only: EROFS");
    check(kaal_file_stat("/etc/none", &st) == -KAAL_ENOENT, "a missing file is ENOENT");
}

static void ramfs_tmp(void)
{
    char buf[256];

    check(spill("/tmp/a", "alpha\n") == 0 && slurp("/tmp/a", buf, sizeof(buf)) == 6 &&
              strcmp(buf, "alpha\n") == 0,
          "/tmp: a file written reads back");
    check(kaal_file_mkdir("/tmp/d", 0755) == 0 && kaal_file_rename("/tmp/a", "/tmp/d/b") == 0 &&
              slurp("/tmp/d/b", buf, sizeof(buf)) == 6 && !lists("/tmp", "a"),
          "/tmp: mkdir and rename move the file");
    check(kaal_file_rmdir("/tmp/d") == -KAAL_ENOTEMPTY, "rmdir of a full directory: ENOTEMPTY");
    check(kaal_file_chdir("/tmp/d") == 0 && slurp("b", buf, sizeof(buf)) == 6 &&
              strcmp(kaal_file_cwd(), "/tmp/d") == 0,
          "chdir, then a relative path");
    check(kaal_file_chdir("..") == 0 && strcmp(kaal_file_cwd(), "/tmp") == 0, "chdir ..");
    check(kaal_file_symlink("d/b", "/tmp/link") == 0 && slurp("/tmp/link", buf, sizeof(buf)) == 6,
          "a symlink is followed");
    struct kaal_stat ls, fs;
    check(kaal_file_lstat("/tmp/link", &ls) == 0 && (ls.mode & KAAL_S_IFMT) == KAAL_S_IFLNK &&
              kaal_file_stat("/tmp/link", &fs) == 0 && (fs.mode & KAAL_S_IFMT) == KAAL_S_IFREG,
          "lstat sees the symlink, stat the file");
    for (unsigned int i = 0; i < BIG; i++)
        big[i] = (unsigned char)(i * 7 + i / 251);
    int fd = kaal_file_open("/tmp/big", KAAL_O_RDWR | KAAL_O_CREAT, 0600);
    check(fd >= 0 && kaal_file_write(fd, big, BIG) == BIG &&
              kaal_file_seek(fd, 0, KAAL_SEEK_SET) == 0 && kaal_file_read(fd, back, BIG) == BIG &&
              memcmp(big, back, BIG) == 0,
          "/tmp: 200 KiB through a 64 KiB buffer, written and read back");
    struct kaal_stat st;
    check(kaal_file_fstat(fd, &st) == 0 && st.size == BIG &&
              (st.mode & KAAL_S_IFMT) == KAAL_S_IFREG,
          "fstat of the open file: 200 KiB, a regular file");
    kaal_file_close(fd);
}

static void ext2_data(void)
{
    char buf[256];
    struct kaal_statfs sf;

    check(slurp("/data/hello.txt", buf, sizeof(buf)) > 0 && strcmp(buf, "hello from mke2fs\n") == 0,
          "/data: a file mke2fs -d put there reads back");
    check(spill("/data/written.txt", "written by KaaL\n") == 0, "/data: a new file is written");
    check(kaal_file_mkdir("/data/newdir", 0755) == 0 &&
              spill("/data/newdir/inner.txt", "inner\n") == 0,
          "/data: a directory and a file in it");
    check(kaal_file_unlink("/data/remove-me.txt") == 0, "/data: a file is unlinked");
    int fd = kaal_file_open("/data/big.bin", KAAL_O_WRONLY | KAAL_O_CREAT | KAAL_O_TRUNC, 0644);
    check(fd >= 0 && kaal_file_write(fd, big, BIG) == BIG && kaal_file_fsync(fd) == 0,
          "/data: 200 KiB written and fsync'd");
    kaal_file_close(fd);
    if (kaal_file_statfs("/data", &sf) == 0 && sf.type == 0xef53 &&
        (sf.bsize == 1024 || sf.bsize == 4096))
        printf("ok: /data: statfs says ext2 with %u KiB blocks\n", (unsigned int)(sf.bsize / 1024));
    else
        check(0, "/data: statfs says ext2 with 1 or 4 KiB blocks");
    check(kaal_file_sync() == 0, "sync");
}

void init(void)
{
    check(kaal_file_connect(FS_CH, (void *)FS_BUFFER, FS_SIZE) == 0, "connected");
    root_cpio();
    ramfs_tmp();
    ext2_data();
    printf("done\n");
    kaal_notify(NOSY_CH);
}
