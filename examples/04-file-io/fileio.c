/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tutorial 04: file I/O (README.md).  fileio writes a file on the ext2
 * disk mounted at /data, reads it back, and lists the directory, through
 * the file service's client library, <kaal/fs.h>.  The system description
 * gives it channel 0 to the file service, its 64 KiB buffer at FS_BUFFER,
 * and /data, read-write: nothing else of the file system is there for it.
 */
#include <kaal/component.h>
#include <kaal/fs.h>
#include <stdio.h>
#include <string.h>

#define FS_CH     0            /* the channel to the file service (system.yaml) */
#define FS_BUFFER 0x21000000ul /* where system.yaml maps the buffer we share with it */
#define FS_SIZE   (64u * 1024)

static const char greeting[] = "Hello from tutorial 04!\n";

/* Prints what went wrong and returns 1 if err is an error. */
static int failed(const char *what, long err)
{
    if (err >= 0)
        return 0;
    printf("%s: %s\n", what, kaal_strerror(err));
    return 1;
}

static void write_file(void)
{
    int fd =
        kaal_file_open("/data/greeting.txt", KAAL_O_WRONLY | KAAL_O_CREAT | KAAL_O_TRUNC, 0644);
    if (failed("open /data/greeting.txt", fd))
        return;
    int64_t n = kaal_file_write(fd, greeting, strlen(greeting));
    if (!failed("write", (long)n) && !failed("fsync", kaal_file_fsync(fd)))
        printf("wrote %lld bytes to /data/greeting.txt and synced them to the disk\n",
               (long long)n);
    kaal_file_close(fd);
}

static void read_file(const char *path)
{
    char buf[256];
    int fd = kaal_file_open(path, KAAL_O_RDONLY, 0);
    if (failed(path, fd))
        return;
    int64_t n = kaal_file_read(fd, buf, sizeof(buf) - 1);
    kaal_file_close(fd);
    if (failed("read", (long)n))
        return;
    buf[n] = '\0';
    printf("%s says: %s", path, buf);
}

static void list_dir(const char *path)
{
    struct kaal_dir d;
    struct kaal_dirent e;
    char full[KAAL_PATH_MAX];
    struct kaal_stat st;

    if (failed(path, kaal_dir_open(&d, path)))
        return;
    printf("%s holds:\n", path);
    while (kaal_dir_read(&d, &e) == 1) {
        if (strcmp(e.name, ".") == 0 || strcmp(e.name, "..") == 0)
            continue;
        snprintf(full, sizeof(full), "%s/%s", path, e.name);
        if (kaal_file_stat(full, &st) != 0)
            continue;
        if ((st.mode & KAAL_S_IFMT) == KAAL_S_IFDIR)
            printf("  %s/ (a directory)\n", e.name);
        else
            printf("  %s (%llu bytes)\n", e.name, (unsigned long long)st.size);
    }
    kaal_dir_close(&d);
}

void init(void)
{
    kaal_file_connect(FS_CH, (void *)FS_BUFFER, FS_SIZE);
    read_file("/data/notes.txt");
    write_file();
    read_file("/data/greeting.txt");
    list_dir("/data");
    failed("and /etc, which it was not granted", kaal_file_open("/etc/passwd", KAAL_O_RDONLY, 0));
    printf("done\n");
}
