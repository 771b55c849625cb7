/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * nosy: a client of the file service granted /data read-only and nothing
 * else (tests/system/files/system.yaml).  It reads what it may, then tries
 * what it may not: writing, creating, removing and renaming under /data,
 * reaching /tmp, the root and /etc directly, through "..", and through a
 * symlink filecheck cannot make for it; a request whose buffer range lies
 * outside its buffer; and a call on its second channel, which has no
 * files: at all.  Each refusal must be the documented errno
 * (docs/file-service.md): ENOENT outside the grant, EACCES for a change
 * the grant does not allow, EINVAL for a range outside the buffer.
 * It starts when filecheck notifies it on channel FILECHECK_CH, so /data
 * holds filecheck's files, and ends the run with DebugHalt (the system
 * waits for the disk's interrupts, so the kernel idles on the way and
 * kaal.exit=idle cannot be the end).
 */
#include <kaal/component.h>
#include <kaal/fs.h>
#include <kaal/proto/fs.h>
#include <sel4/arch/syscalls.h>
#include <stdio.h>
#include <string.h>

#define FS_CH        0
#define FS_BARE_CH   1 /* a channel to the service with no files: */
#define FILECHECK_CH 2
#define FS_BUFFER    0x21000000ul
#define FS_SIZE      (64u * 1024)

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAILED", what);
}

void notified(unsigned int ch)
{
    char buf[64];
    struct kaal_stat st;

    kaal_file_connect(FS_CH, (void *)FS_BUFFER, FS_SIZE);
    int fd = kaal_file_open("/data/hello.txt", KAAL_O_RDONLY, 0);
    check(fd >= 0 && kaal_file_read(fd, buf, sizeof(buf)) == 18, "it may read /data/hello.txt");
    kaal_file_close(fd);
    check(kaal_file_open("/data/hello.txt", KAAL_O_WRONLY, 0) == -KAAL_EACCES &&
              kaal_file_open("/data/mine", KAAL_O_WRONLY | KAAL_O_CREAT, 0644) == -KAAL_EACCES,
          "writing or creating under its read-only grant: EACCES");
    check(kaal_file_unlink("/data/written.txt") == -KAAL_EACCES &&
              kaal_file_rename("/data/written.txt", "/data/x") == -KAAL_EACCES &&
              kaal_file_mkdir("/data/d", 0755) == -KAAL_EACCES,
          "unlink, rename and mkdir there: EACCES");
    check(kaal_file_stat("/tmp", &st) == -KAAL_ENOENT &&
              kaal_file_stat("/etc/motd", &st) == -KAAL_ENOENT &&
              kaal_file_open("/data/../etc/motd", KAAL_O_RDONLY, 0) == -KAAL_ENOENT,
          "/tmp, /etc and /data/../etc are not there for it: ENOENT");
    check(kaal_file_stat("/data/written.txt", &st) == 0 && st.size == 16,
          "it sees what filecheck wrote under /data");
    struct kaal_fs_open_out out;
    check(kaal_fs_open(FS_CH, FS_SIZE - 4, 8, KAAL_O_RDONLY, 0, &out) == -KAAL_EINVAL,
          "a path range outside its buffer: EINVAL");
    memcpy((char *)FS_BUFFER, "/data/hello.txt\0x", 17);
    check(kaal_fs_open(FS_CH, 0, 17, KAAL_O_RDONLY, 0, &out) == -KAAL_EINVAL,
          "a path with a NUL inside: EINVAL");
    char longname[300] = "/data/";
    memset(longname + 6, 'n', 256);
    check(kaal_file_stat(longname, &st) == -KAAL_ENAMETOOLONG, "a name of 256 bytes: ENAMETOOLONG");
    check(kaal_fs_open(FS_BARE_CH, 0, 1, KAAL_O_RDONLY, 0, &out) == -KAAL_EACCES,
          "a channel without files: is refused: EACCES");
    printf("done\n");
    fflush(stdout);
    (void)ch;
    seL4_DebugHalt();
}
