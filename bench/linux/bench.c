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

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "boot") == 0)
        return boot_stamp();
    struct stamp empty = empty_loop();
    null_syscall(empty);
    pipe_round_trip(empty);
    yield_switch(empty, "yield_switch", SCHED_OTHER);
    yield_switch(empty, "yield_switch_fifo", SCHED_FIFO);
    printf("LINUX done\n");
    return 0;
}
