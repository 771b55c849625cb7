/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * writer: the workload of the power-cut test (tests/system/powercut.py,
 * docs/durability.md).  It changes /data (ext2) without end, one step per
 * number n, and after each fsync that returned it logs the file that is
 * now durable:
 *
 *     synced N /dD/fN SIZE FNV        (FNV: FNV-1a 32 of the file's bytes)
 *
 * A synced file is never touched again, except when the disk runs low:
 * then the oldest is removed, and "unlinking N /dD/fN" is logged (and
 * flushed) before the unlink starts.  So the runner knows exactly which
 * files must be on the disk whole after a cut at any moment.
 *
 * Two steps of three make a durable file: a hidden name is created, filled
 * with other bytes past the final size, truncated to a third, overwritten
 * and extended with the final bytes in chunks of another size, renamed to
 * its final name and only then fsync'd, so the data, the inode and the new
 * directory entry must all be on the disk.  The third step is scratch that
 * is never synced: a file is written, an older one renamed, an older one
 * unlinked, a directory made and removed.  A new directory dD is made
 * every FILES_PER_DIR steps.  The bytes of file n at offset off are
 * pattern(n, off), which the runner computes too.
 */
#include <kaal/component.h>
#include <kaal/fs.h>
#include <sel4/arch/syscalls.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define FS_CH         0
#define FS_BUFFER     0x21000000ul /* system.yaml: writer's map of its buffer */
#define FS_SIZE       (64u * 1024)
#define FILES_PER_DIR 40
#define MAX_SIZE      100000u
#define LOW_KIB       3072u /* below this much free space, the oldest synced file goes */
#define CHUNK_MAX     8192u

static unsigned char chunk[CHUNK_MAX];
static uint32_t oldest; /* the oldest synced file not yet removed */

/* Byte off of file n; the off >> 10 term tells one KiB block from another. */
static uint8_t pattern(uint32_t n, uint64_t off)
{
    return (uint8_t)(n * 151u + off * 7u + (off >> 10) * 13u);
}

/* Step n's final size: mostly up to MAX_SIZE (past the direct blocks of 1 KiB), some small. */
static uint32_t size_of(uint32_t n)
{
    return n % 11 == 0 ? n % 700 : (n * 7919u + 1237u) % MAX_SIZE;
}

static void path_of(char *buf, size_t size, const char *prefix, uint32_t n)
{
    snprintf(buf, size, "/data/d%u/%s%u", (unsigned)(n / FILES_PER_DIR), prefix, (unsigned)n);
}

/* Writes len bytes of file gen's pattern at off in chunks of step bytes; 0 or an errno. */
static int fill(int fd, uint32_t gen, uint64_t off, uint64_t len, uint32_t step, uint8_t xor)
{
    for (uint64_t done = 0; done < len;) {
        uint32_t n = len - done < step ? (uint32_t)(len - done) : step;
        for (uint32_t i = 0; i < n; i++)
            chunk[i] = pattern(gen, off + done + i) ^ xor;
        int64_t w = kaal_file_pwrite(fd, chunk, n, off + done);
        if (w != n)
            return w < 0 ? (int)w : -KAAL_EIO;
        done += n;
    }
    return 0;
}

static uint32_t fnv(uint32_t n, uint32_t size)
{
    uint32_t h = 2166136261u;
    for (uint32_t off = 0; off < size; off++)
        h = (h ^ pattern(n, off)) * 16777619u;
    return h;
}

/* Ends the run: QEMU stops before the cut, which the runner reports with this line. */
static void fail(const char *what, uint32_t n, int err)
{
    printf("FAILED: %s of step %u: %d\n", what, (unsigned)n, err);
    fflush(stdout);
    seL4_DebugHalt();
}

/* Makes file n durable under its final name. */
static void durable(uint32_t n)
{
    char tmp[64], path[64];
    uint32_t size = size_of(n), step = 1000u + n * 37u % (CHUNK_MAX - 1000u);
    int err;

    path_of(tmp, sizeof(tmp), ".t", n);
    path_of(path, sizeof(path), "f", n);
    int fd = kaal_file_open(tmp, KAAL_O_RDWR | KAAL_O_CREAT | KAAL_O_TRUNC, 0644);
    if (fd < 0)
        fail("open", n, fd);
    if ((err = fill(fd, n + 0x10000u, 0, size + 3000u, CHUNK_MAX, 0x5a)) != 0)
        fail("first write", n, err);
    if ((err = kaal_file_ftruncate(fd, size / 3)) != 0)
        fail("truncate", n, err);
    if ((err = fill(fd, n, 0, size, step, 0)) != 0)
        fail("overwrite", n, err);
    if ((err = kaal_file_rename(tmp, path)) != 0)
        fail("rename", n, err);
    if ((err = kaal_file_fsync(fd)) != 0)
        fail("fsync", n, err);
    kaal_file_close(fd);
    printf("synced %u %s %u %u\n", (unsigned)n, path + 5, (unsigned)size, (unsigned)fnv(n, size));
    fflush(stdout);
}

/* Scratch for step n: never synced, so the runner checks only that e2fsck can mend it. */
static void scratch(uint32_t n)
{
    char path[64], old[64], to[64];

    path_of(path, sizeof(path), "s", n);
    int fd = kaal_file_open(path, KAAL_O_WRONLY | KAAL_O_CREAT | KAAL_O_EXCL, 0600);
    if (fd < 0 || fill(fd, n + 0x20000u, 0, size_of(n), CHUNK_MAX, 0) != 0)
        fail("scratch write", n, fd);
    kaal_file_close(fd);
    if (n >= 3) {
        path_of(old, sizeof(old), "s", n - 3);
        path_of(to, sizeof(to), "r", n - 3);
        if (kaal_file_rename(old, to) != 0)
            fail("scratch rename", n, 0);
    }
    if (n >= 6) {
        path_of(old, sizeof(old), "r", n - 6);
        if (kaal_file_unlink(old) != 0)
            fail("scratch unlink", n, 0);
    }
    path_of(to, sizeof(to), "x", n);
    if (kaal_file_mkdir(to, 0700) != 0 || kaal_file_rmdir(to) != 0)
        fail("mkdir and rmdir", n, 0);
}

/* While the disk is low, removes the oldest synced file, saying so first. */
static void make_room(uint32_t n)
{
    struct kaal_statfs sf;
    char path[64];

    while (kaal_file_statfs("/data", &sf) == 0 && sf.bavail * sf.bsize < LOW_KIB * 1024u &&
           oldest < n) {
        if (oldest % 3 != 2) {
            path_of(path, sizeof(path), "f", oldest);
            printf("unlinking %u %s\n", (unsigned)oldest, path + 5);
            fflush(stdout);
            kaal_file_unlink(path);
        }
        oldest++;
    }
}

void init(void)
{
    char dir[32];

    if (kaal_file_connect(FS_CH, (void *)FS_BUFFER, FS_SIZE) != 0)
        fail("connect", 0, 0);
    printf("start\n");
    fflush(stdout);
    for (uint32_t n = 0;; n++) {
        if (n % FILES_PER_DIR == 0) {
            snprintf(dir, sizeof(dir), "/data/d%u", (unsigned)(n / FILES_PER_DIR));
            if (kaal_file_mkdir(dir, 0755) != 0)
                fail("mkdir", n, 0);
        }
        make_room(n);
        if (n % 3 == 2)
            scratch(n);
        else
            durable(n);
    }
}
