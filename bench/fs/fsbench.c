/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fsbench: the file service's figures for make bench (bench/fs/run.py),
 * measured by a native client through <kaal/fs.h>, from init():
 *
 *   cached_read_ext2    a 4 KiB pread of a file on the ext2 disk that was
 *                       read once already, so its blocks are in the file
 *                       service's ext2 block cache (kaal_file_pread: the
 *                       service copies from its cache into the buffer it
 *                       shares with the client, the library from there into
 *                       the caller's buffer)
 *   cached_read_ext2_shared
 *                       the same read left in the shared buffer
 *                       (kaal_file_pread_shared: one copy, as Linux's read(2)
 *                       makes from its page cache)
 *   cached_read_ramfs   kaal_file_pread on the ramfs at /tmp
 *   seq_write           N MiB written in 1 MiB writes to a new file on
 *                       the disk, then fsync
 *   seq_read            that file read back in 1 MiB reads
 *
 * N is the number in /data/stream.txt, which the runner puts on the disk
 * (64 for make bench's plain-TCG runs, a few for the smoke test); without
 * that file there is no stream.  "N verify" there (the smoke test) also
 * checks every byte read back, not only each chunk's first word.  Under icount the disk's requests
 * finish in host time while the virtual clock runs on, which makes a stream both slow and
 * unrepeatable there, so the icount runs leave it out.
 *
 * Lines are "FSBENCH <name> <ticks> ticks" (hundredths for a per-read
 * figure).  Under QEMU -icount shift=0 the TSC counts instructions; under
 * plain TCG the runner converts ticks to time with the kernel's TSC
 * frequency.  The method is bench/kernel's: a batch of reads minus an
 * empty loop of the same length.  A timer interrupt that lands in a batch
 * would add the kernel's tick to it, and where the ticks fall depends on
 * how long the disk took at boot, so each figure is the least of several
 * short batches, one that no tick fell in, and repeats run to run.
 * bench/linux/bench.c measures the same on Linux.  The run ends with
 * DebugHalt: the file service waits for the disk's interrupts, so the
 * kernel idles on the way and kaal.exit=idle cannot be the end.
 */
#include <kaal/component.h>
#include <kaal/fs.h>
#include <sel4/arch/syscalls.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define FS_CH     0
#define FS_BUFFER 0x21000000ul /* system.yaml: fsbench's map of its buffer */
#define FS_SIZE   (64u * 1024)
#define READ_LEN  4096u
#define BATCH     200 /* reads per batch: about 1e6 instructions, a tenth of a 10 ms tick */
#define BATCHES   10
#define CHUNK     (1u << 20)
#define MAX_MIB   1024u

static unsigned char chunk[CHUNK], page[READ_LEN];

static inline uint64_t tsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi)::"memory");
    return ((uint64_t)hi << 32) | lo;
}

static int fail(const char *what, long err)
{
    printf("FSBENCH FAILED %s: %ld\n", what, err);
    return -1;
}

/* The least of BATCHES empty loops of BATCH rounds. */
static uint64_t empty_loop(void)
{
    uint64_t best = UINT64_MAX;

    for (int b = 0; b < BATCHES; b++) {
        uint64_t t0 = tsc();
        for (int i = 0; i < BATCH; i++)
            __asm__ volatile("" ::: "memory");
        uint64_t t = tsc() - t0;
        best = t < best ? t : best;
    }
    return best;
}

/* One 4 KiB read at offset 0 into page, or left in the shared buffer: true if it came whole. */
static inline int read_page(int fd, int shared)
{
    const void *data;

    if (shared)
        return kaal_file_pread_shared(fd, READ_LEN, 0, &data) == READ_LEN;
    return kaal_file_pread(fd, page, READ_LEN, 0) == READ_LEN;
}

/* A 4 KiB pread of path at offset 0, read once before: the least batch, less the empty loop. */
static int cached_read(const char *name, const char *path, int shared, uint64_t empty)
{
    int fd = kaal_file_open(path, KAAL_O_RDONLY, 0);
    uint64_t best = UINT64_MAX;
    int short_reads = 0;

    if (fd < 0)
        return fail(path, fd);
    if (kaal_file_pread(fd, page, READ_LEN, 0) != READ_LEN)
        return fail("the first read", 0);
    for (int b = 0; b < BATCHES; b++) {
        uint64_t t0 = tsc();
        for (int i = 0; i < BATCH; i++)
            short_reads += !read_page(fd, shared);
        uint64_t t = tsc() - t0;
        best = t < best ? t : best;
    }
    kaal_file_close(fd);
    if (short_reads)
        return fail("a cached read came back short", short_reads);
    uint64_t hundredths = best > empty ? (best - empty) * 100 / BATCH : 0;
    printf("FSBENCH %s %llu.%02llu ticks\n", name, (unsigned long long)(hundredths / 100),
           (unsigned long long)(hundredths % 100));
    return 0;
}

/* mib MiB to path in 1 MiB writes, each chunk's first word its number, then fsync. */
static int seq_write(const char *path, unsigned int mib)
{
    int fd = kaal_file_open(path, KAAL_O_WRONLY | KAAL_O_CREAT | KAAL_O_TRUNC, 0644);

    if (fd < 0)
        return fail(path, fd);
    uint64_t t0 = tsc();
    for (uint64_t n = 0; n < mib; n++) {
        memcpy(chunk, &n, sizeof(n));
        int64_t got = kaal_file_write(fd, chunk, CHUNK);
        if (got != CHUNK)
            return fail("a 1 MiB write", (long)got);
    }
    int err = kaal_file_fsync(fd);
    uint64_t t = tsc() - t0;
    kaal_file_close(fd);
    if (err)
        return fail("fsync", err);
    printf("FSBENCH seq_write %llu ticks %u MiB\n", (unsigned long long)t, mib);
    return 0;
}

/* Whether chunk n read back is what seq_write wrote: its number, then the pattern. */
static int chunk_ok(uint64_t n)
{
    for (size_t i = sizeof(n); i < CHUNK; i++)
        if (chunk[i] != (unsigned char)(i * 7 + i / 251))
            return 0;
    return memcmp(chunk, &n, sizeof(n)) == 0;
}

/* path read back in 1 MiB reads; each chunk must start with its number (and, with verify, hold
 * the whole pattern), and then the end. */
static int seq_read(const char *path, unsigned int mib, int verify)
{
    int fd = kaal_file_open(path, KAAL_O_RDONLY, 0);

    if (fd < 0)
        return fail(path, fd);
    uint64_t t0 = tsc();
    for (uint64_t n = 0; n < mib; n++) {
        int64_t got = kaal_file_read(fd, chunk, CHUNK);
        if (got != CHUNK)
            return fail("a 1 MiB read", (long)got);
        if (memcmp(chunk, &n, sizeof(n)) != 0 || (verify && !chunk_ok(n)))
            return fail("a chunk read back is not the one written there", (long)n);
    }
    uint64_t t = tsc() - t0;
    int64_t past = kaal_file_read(fd, chunk, CHUNK);
    kaal_file_close(fd);
    if (past != 0)
        return fail("the file goes on past what was written", (long)past);
    printf("FSBENCH seq_read %llu ticks %u MiB\n", (unsigned long long)t, mib);
    return 0;
}

/* Puts 4 KiB on the ramfs for its cached read. */
static int make_ram_file(const char *path)
{
    int fd = kaal_file_open(path, KAAL_O_WRONLY | KAAL_O_CREAT | KAAL_O_TRUNC, 0644);

    if (fd < 0)
        return fail(path, fd);
    int64_t n = kaal_file_write(fd, chunk, READ_LEN);
    kaal_file_close(fd);
    return n == READ_LEN ? 0 : fail("writing the ramfs file", (long)n);
}

/* The stream's size in MiB from /data/stream.txt (0 without it), and whether it says verify. */
static unsigned int stream_mib(int *verify)
{
    char text[32] = {0};
    unsigned int mib = 0;
    int fd = kaal_file_open("/data/stream.txt", KAAL_O_RDONLY, 0);

    if (fd < 0)
        return 0;
    kaal_file_read(fd, text, sizeof(text) - 1);
    kaal_file_close(fd);
    for (const char *p = text; *p >= '0' && *p <= '9'; p++)
        mib = mib * 10 + (unsigned int)(*p - '0');
    *verify = strstr(text, "verify") != 0;
    return mib <= MAX_MIB ? mib : 0;
}

static void run(void)
{
    if (kaal_file_connect(FS_CH, (void *)FS_BUFFER, FS_SIZE) != 0) {
        fail("connect", 0);
        return;
    }
    for (size_t i = 0; i < CHUNK; i++)
        chunk[i] = (unsigned char)(i * 7 + i / 251);
    uint64_t empty = empty_loop();
    if (cached_read("cached_read_ext2", "/data/cached.bin", 0, empty) ||
        cached_read("cached_read_ext2_shared", "/data/cached.bin", 1, empty) ||
        make_ram_file("/tmp/cached.bin") ||
        cached_read("cached_read_ramfs", "/tmp/cached.bin", 0, empty))
        return;
    int verify = 0;
    unsigned int mib = stream_mib(&verify);
    if (mib && (seq_write("/data/big.bin", mib) || seq_read("/data/big.bin", mib, verify)))
        return;
    printf("FSBENCH done\n");
}

void init(void)
{
    run();
    seL4_DebugHalt();
}
