/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Linux baseline of `make bench`: a static program (musl-gcc -static)
 * that Debian's kernel runs from a busybox initramfs (bench/linux/init).
 * It uses only the Linux system call ABI, so the same binary is meant to
 * run on KaaL's POSIX layer once that exists.
 *
 *   kaal-linux-bench boot    one line: the time stamp counter and the
 *                            kernel's uptime now, at the start of init
 *   kaal-linux-bench         the micro-benchmarks, one line each
 *   kaal-linux-bench fs DIR  the file benchmarks on the ext2 disk mounted at
 *                            DIR (and on /tmp, a tmpfs), as bench/fs/fsbench.c
 *                            measures them on KaaL: a cached 4 KiB pread, and,
 *                            if DIR/stream.txt names N MiB, N MiB written in
 *                            1 MiB writes then fsync'd, and read back after the
 *                            page cache is dropped, as dd does
 *
 * A figure's line is "LINUX <name> <ticks> ticks <ns> ns": TSC ticks
 * and CLOCK_MONOTONIC nanoseconds per operation.  Under QEMU -icount
 * shift=0 the TSC advances one tick per guest instruction (and jumps over
 * idle time), so ticks are instructions and repeat run to run; under plain
 * TCG the nanoseconds are the wall-time figure.  The runner
 * (bench/linux/run.py) keeps the one that fits the run.  Other facts are
 * "LINUX-INFO <name> <number> ...".
 *
 * Batch figures time ROUNDS operations and subtract an empty loop of the
 * same length, as bench/kernel does.  The two-process figures run a child
 * made by fork(); the machine has one CPU, so every round trip is two
 * context switches between two address spaces.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 10000

struct stamp {
    uint64_t tsc, ns;
};

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi)::"memory");
    return ((uint64_t)hi << 32) | lo;
}

static struct stamp now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (struct stamp){rdtsc(), (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec};
}

static void die(const char *what)
{
    printf("LINUX FAILED %s: %s\n", what, strerror(errno));
    exit(1);
}

/* Prints one figure: (end - start - empty) / ops, in ticks and nanoseconds. */
static void report(const char *name, struct stamp start, struct stamp end, struct stamp empty,
                   unsigned long ops)
{
    double ticks = (double)(end.tsc - start.tsc) - (double)empty.tsc;
    double ns = (double)(end.ns - start.ns) - (double)empty.ns;

    printf("LINUX %s %.2f ticks %.1f ns\n", name, ticks > 0 ? ticks / ops : 0,
           ns > 0 ? ns / ops : 0);
    fflush(stdout);
}

/* What the loop around ROUNDS operations costs by itself, as a (ticks, ns) pair. */
static struct stamp empty_loop(void)
{
    struct stamp a = now();
    for (int i = 0; i < ROUNDS; i++)
        __asm__ volatile("" ::: "memory");
    struct stamp b = now();
    return (struct stamp){b.tsc - a.tsc, b.ns - a.ns};
}

static void null_syscall(struct stamp empty)
{
    for (int pass = 0; pass < 2; pass++) { /* the first pass warms up */
        struct stamp a = now();
        for (int i = 0; i < ROUNDS; i++)
            syscall(SYS_getppid);
        struct stamp b = now();
        if (pass)
            report("null_syscall", a, b, empty, ROUNDS);
    }
}

/* The child of the pipe benchmark: echoes every byte back until its input closes. */
static void pipe_echo(int in, int out)
{
    char c;

    while (read(in, &c, 1) == 1)
        if (write(out, &c, 1) != 1)
            _exit(1);
    _exit(0);
}

/* One byte to the child and back: two pipe writes, two reads, two switches. */
static void pipe_round_trip(struct stamp empty)
{
    int to[2], from[2];
    char c = 'x';

    if (pipe(to) || pipe(from))
        die("pipe");
    pid_t child = fork();
    if (child < 0)
        die("fork");
    if (child == 0) {
        close(to[1]);
        close(from[0]);
        pipe_echo(to[0], from[1]);
    }
    close(to[0]);
    close(from[1]);
    for (int pass = 0; pass < 2; pass++) {
        struct stamp a = now();
        for (int i = 0; i < ROUNDS; i++)
            if (write(to[1], &c, 1) != 1 || read(from[0], &c, 1) != 1)
                die("pipe round trip");
        struct stamp b = now();
        if (pass)
            report("pipe_round_trip", a, b, empty, ROUNDS);
    }
    close(to[1]);
    if (waitpid(child, 0, 0) != child)
        die("waitpid");
    close(from[0]);
}

/* The calling process's scheduling policy.  musl's sched_setscheduler() only
 * says ENOSYS (Linux applies it to one thread, not the process), so the
 * system call is made directly; this process has a single thread. */
static int set_policy(int policy, const struct sched_param *prio)
{
    return (int)syscall(SYS_sched_setscheduler, 0, policy, prio);
}

/*
 * sched_yield between two processes of the same priority (policy SCHED_OTHER
 * or SCHED_FIFO; the child inherits it).  Each counts its yields in a
 * shared page; the figure is the time over all yields of both, and a line
 * says how evenly they alternated.  Under CFS (SCHED_OTHER) a yield does not
 * always switch, so one process may yield several times in a row; under
 * SCHED_FIFO a yield puts the caller behind the other process, so every
 * yield switches, as seL4_Yield between two threads of one priority does.
 */
static void yield_switch(struct stamp empty, const char *name, int policy)
{
    struct sched_param prio = {.sched_priority = policy == SCHED_FIFO ? 1 : 0};
    volatile unsigned long *count =
        mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

    if (count == MAP_FAILED)
        die("mmap");
    if (set_policy(policy, &prio))
        die("sched_setscheduler");
    count[0] = count[1] = 0;
    pid_t child = fork();
    if (child < 0)
        die("fork");
    if (child == 0) {
        while (!count[1]) {
            sched_yield();
            count[0]++;
        }
        _exit(0);
    }
    for (int i = 0; i < 100; i++) /* let the child start */
        sched_yield();
    unsigned long before = count[0];
    struct stamp a = now();
    for (int i = 0; i < ROUNDS; i++)
        sched_yield();
    struct stamp b = now();
    unsigned long theirs = count[0] - before;
    count[1] = 1;
    prio.sched_priority = 0;
    if (set_policy(SCHED_OTHER, &prio)) /* the child may run to its end now */
        die("sched_setscheduler");
    if (waitpid(child, 0, 0) != child)
        die("waitpid");
    report(name, a, b, empty, ROUNDS + theirs);
    printf("LINUX-INFO %s_child_yields %lu (the parent's: %d)\n", name, theirs, ROUNDS);
    munmap((void *)count, 4096);
}

/* Memory in use now, from /proc/meminfo: MemTotal - MemFree, in KiB; 0 if unreadable. */
static unsigned long mem_used_kib(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    char line[128];
    unsigned long total = 0, free_kib = 0, v;

    if (!f)
        return 0;
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "MemTotal: %lu kB", &v) == 1)
            total = v;
        else if (sscanf(line, "MemFree: %lu kB", &v) == 1)
            free_kib = v;
    }
    fclose(f);
    return total - free_kib;
}

/* The time since the machine started (TSC) and since Linux's clock started (/proc/uptime). */
static int boot_stamp(void)
{
    uint64_t tsc = rdtsc();
    double uptime = 0;
    FILE *f = fopen("/proc/uptime", "r");

    if (!f || fscanf(f, "%lf", &uptime) != 1)
        die("reading /proc/uptime");
    fclose(f);
    printf("LINUX boot_to_init %llu ticks %.0f ns\n", (unsigned long long)tsc, uptime * 1e9);
    printf("LINUX-INFO mem_used_kib %lu\n", mem_used_kib());
    return 0;
}

/* ---- The file benchmarks (bench/fs/fsbench.c measures the same on KaaL) ----------------- */

#define READ_LEN   4096
#define FS_BATCH   200 /* reads per batch, as fsbench.c; the least of FS_BATCHES is kept */
#define FS_BATCHES 10
#define CHUNK      (1 << 20)
#define MAX_MIB    1024

static unsigned char chunk[CHUNK], page[READ_LEN];

/* The least of FS_BATCHES batches of FS_BATCH empty rounds, ticks and ns each. */
static struct stamp fs_empty(void)
{
    struct stamp best = {UINT64_MAX, UINT64_MAX};

    for (int b = 0; b < FS_BATCHES; b++) {
        struct stamp a = now();
        for (int i = 0; i < FS_BATCH; i++)
            __asm__ volatile("" ::: "memory");
        struct stamp z = now();
        best.tsc = z.tsc - a.tsc < best.tsc ? z.tsc - a.tsc : best.tsc;
        best.ns = z.ns - a.ns < best.ns ? z.ns - a.ns : best.ns;
    }
    return best;
}

/* A 4 KiB pread of path at offset 0, read once before: the least batch, less the empty one.  A
 * timer tick inside a batch adds to it, so the least batch is one without. */
static void cached_read(const char *name, const char *path, struct stamp empty)
{
    int fd = open(path, O_RDONLY), short_reads = 0;
    struct stamp best = {UINT64_MAX, UINT64_MAX};

    if (fd < 0)
        die(path);
    if (pread(fd, page, READ_LEN, 0) != READ_LEN)
        die("the first cached read");
    for (int b = 0; b < FS_BATCHES; b++) {
        struct stamp a = now();
        for (int i = 0; i < FS_BATCH; i++)
            short_reads += pread(fd, page, READ_LEN, 0) != READ_LEN;
        struct stamp z = now();
        best.tsc = z.tsc - a.tsc < best.tsc ? z.tsc - a.tsc : best.tsc;
        best.ns = z.ns - a.ns < best.ns ? z.ns - a.ns : best.ns;
    }
    close(fd);
    if (short_reads)
        die("a cached read came back short");
    report(name, (struct stamp){0, 0}, best, empty, FS_BATCH);
}

/* Puts 4 KiB at path, for the tmpfs's cached read. */
static void make_file(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    if (fd < 0 || write(fd, chunk, READ_LEN) != READ_LEN || close(fd))
        die(path);
}

/* The stream's size in MiB from DIR/stream.txt; 0 without it. */
static unsigned int stream_mib(const char *dir)
{
    char path[256], text[16] = {0};
    unsigned int mib = 0;

    snprintf(path, sizeof(path), "%s/stream.txt", dir);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    if (read(fd, text, sizeof(text) - 1) < 0)
        die(path);
    close(fd);
    for (const char *p = text; *p >= '0' && *p <= '9'; p++)
        mib = mib * 10 + (unsigned int)(*p - '0');
    return mib <= MAX_MIB ? mib : 0;
}

/* Prints a stream's line: its ticks and ns in all, not per operation. */
static void report_stream(const char *name, struct stamp a, struct stamp z, unsigned int mib)
{
    printf("LINUX %s %llu ticks %llu ns %u MiB\n", name, (unsigned long long)(z.tsc - a.tsc),
           (unsigned long long)(z.ns - a.ns), mib);
    fflush(stdout);
}

/* mib MiB to path in 1 MiB writes, each chunk's first word its number, then fsync; dd
 * bs=1M conv=fsync does the same. */
static void seq_write(const char *path, unsigned int mib)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    if (fd < 0)
        die(path);
    struct stamp a = now();
    for (uint64_t n = 0; n < mib; n++) {
        memcpy(chunk, &n, sizeof(n));
        if (write(fd, chunk, CHUNK) != CHUNK)
            die("a 1 MiB write");
    }
    if (fsync(fd))
        die("fsync");
    struct stamp z = now();
    close(fd);
    report_stream("seq_write", a, z, mib);
}

/* Drops the clean page cache, so the read comes from the disk, as KaaL's does (its cache is
 * 512 KiB).  On a system without /proc/sys/vm this does nothing. */
static void drop_caches(void)
{
    int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

    sync();
    if (fd >= 0) {
        if (write(fd, "3", 1) != 1)
            die("dropping the page cache");
        close(fd);
    }
}

/* path read back in 1 MiB reads; each chunk must start with its number, and then the end. */
static void seq_read(const char *path, unsigned int mib)
{
    int fd = open(path, O_RDONLY);

    if (fd < 0)
        die(path);
    struct stamp a = now();
    for (uint64_t n = 0; n < mib; n++) {
        if (read(fd, chunk, CHUNK) != CHUNK)
            die("a 1 MiB read");
        if (memcmp(chunk, &n, sizeof(n)) != 0) {
            errno = EIO;
            die("a chunk read back is not the one written there");
        }
    }
    struct stamp z = now();
    if (read(fd, chunk, CHUNK) != 0)
        die("the file goes on past what was written");
    close(fd);
    report_stream("seq_read", a, z, mib);
}

static int fs_bench(const char *dir)
{
    char path[256];
    struct stamp empty = fs_empty();

    for (size_t i = 0; i < CHUNK; i++)
        chunk[i] = (unsigned char)(i * 7 + i / 251);
    snprintf(path, sizeof(path), "%s/cached.bin", dir);
    cached_read("cached_read_ext2", path, empty);
    make_file("/tmp/cached.bin");
    cached_read("cached_read_tmpfs", "/tmp/cached.bin", empty);
    unsigned int mib = stream_mib(dir);
    if (mib) {
        snprintf(path, sizeof(path), "%s/big.bin", dir);
        seq_write(path, mib);
        drop_caches();
        seq_read(path, mib);
    }
    printf("LINUX fs done\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "boot") == 0)
        return boot_stamp();
    if (argc > 2 && strcmp(argv[1], "fs") == 0)
        return fs_bench(argv[2]);
    struct stamp empty = empty_loop();
    null_syscall(empty);
    pipe_round_trip(empty);
    yield_switch(empty, "yield_switch", SCHED_OTHER);
    yield_switch(empty, "yield_switch_fifo", SCHED_FIFO);
    printf("LINUX done\n");
    return 0;
}
