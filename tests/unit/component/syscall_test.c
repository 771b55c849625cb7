/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The C library's system calls as a component serves them
 * (runtime/component/syscall.c), with the system side stubbed: output is
 * collected in a buffer, time is a variable and stopping is a longjmp.
 * Output to fds 1 and 2 gets the "[name] " prefix on each line; mmap hands
 * out heap pages and says once when there are none; exit and abort stop
 * the component with a line saying so; TLS goes to the stub; everything
 * else is ENOSYS.
 */
#include "../../../runtime/component/libc.h"
#include "test.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>

static char out[4096];
static size_t nout;
static uint64_t now_ns;
static uintptr_t tls;
static jmp_buf stopped;

void kaal_sys_putc(char c)
{
    if (nout + 1 < sizeof(out))
        out[nout++] = c;
    out[nout] = '\0';
}

const char *kaal_sys_name(void)
{
    return "comp";
}

static unsigned long stop_status, stop_signal;

_Noreturn void kaal_sys_stop(unsigned long status, unsigned long signal)
{
    stop_status = status;
    stop_signal = signal;
    longjmp(stopped, 1);
}

long kaal_sys_set_tls(uintptr_t p)
{
    tls = p;
    return 0;
}

uint64_t kaal_time_ns(void)
{
    return now_ns;
}

static long sys(long n, long a1, long a2, long a3, long a4, long a5)
{
    return __kaal_syscall(n, a1, a2, a3, a4, a5, 0);
}

static void reset(void)
{
    nout = 0;
    out[0] = '\0';
    /* End any line a previous case left open, then forget that output. */
    kaal_libc_log("");
    nout = 0;
    out[0] = '\0';
}

static void test_write_prefixes_lines(void)
{
    reset();
    CHECK_EQ(sys(SYS_write, 1, (long)"one\ntw", 6, 0, 0), 6);
    CHECK_EQ(sys(SYS_write, 2, (long)"o\n", 2, 0, 0), 2);
    CHECK_STR(out, "[comp] one\n[comp] two\n");
}

static void test_writev(void)
{
    struct iovec iov[3] = {{"a", 1}, {"", 0}, {"bc\n", 3}};

    reset();
    CHECK_EQ(sys(SYS_writev, 1, (long)iov, 3, 0, 0), 4);
    CHECK_STR(out, "[comp] abc\n");
    CHECK_EQ(sys(SYS_writev, 1, (long)iov, -1, 0, 0), -EINVAL);
}

static void test_other_fds(void)
{
    reset();
    CHECK_EQ(sys(SYS_write, 0, (long)"x", 1, 0, 0), -EBADF);
    CHECK_EQ(sys(SYS_write, 3, (long)"x", 1, 0, 0), -EBADF);
    CHECK_STR(out, "");
}

static void test_log_ends_open_line(void)
{
    reset();
    sys(SYS_write, 1, (long)"partial", 7, 0, 0);
    kaal_libc_log("note\n");
    CHECK_STR(out, "[comp] partial\n[comp] note\n");
}

static void test_no_heap(void)
{
    reset();
    kaal_heap_init(&kaal_libc_heap, NULL, 0);
    kaal_libc_heap_size = 0;
    CHECK_EQ(sys(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1),
             -ENOMEM);
    CHECK_CONTAINS(out, "[comp] malloc: no heap; give the component one with `heap:`");
    nout = 0;
    out[0] = '\0';
    CHECK_EQ(sys(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1),
             -ENOMEM);
    CHECK_STR(out, ""); /* said once */
}

static void test_mmap_munmap(void)
{
    unsigned char *mem = aligned_alloc(4096, 5 * 4096);
    const long anon = MAP_PRIVATE | MAP_ANONYMOUS;

    memset(mem, 0, 5 * 4096);
    kaal_heap_init(&kaal_libc_heap, mem, 5 * 4096);
    kaal_libc_heap_size = 5 * 4096;
    long p = sys(SYS_mmap, 0, 2 * 4096, PROT_NONE, anon, -1);
    CHECK_EQ(p, (long)(mem + 4096));
    CHECK_EQ(sys(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, 3), -ENOSYS);       /* a file */
    CHECK_EQ(sys(SYS_mmap, p, 4096, PROT_READ, anon | MAP_FIXED, -1), -ENOSYS); /* fixed */
    CHECK_EQ(sys(SYS_mmap, 0, 0, PROT_READ, anon, -1), -EINVAL);                /* empty */
    CHECK_EQ(sys(SYS_mmap, 0, 3 * 4096, PROT_READ, anon, -1), -ENOMEM);         /* 2 left */
    CHECK_EQ(sys(SYS_munmap, p, 2 * 4096, 0, 0, 0), 0);
    CHECK_EQ(sys(SYS_mmap, 0, 4 * 4096, PROT_READ, anon, -1), p);
    CHECK_EQ(sys(SYS_munmap, p + 1, 4096, 0, 0, 0), -EINVAL);
    CHECK_EQ(sys(SYS_brk, 0, 0, 0, 0, 0), 0); /* no break: malloc uses mmap */
    CHECK_EQ(sys(SYS_brk, 8192, 0, 0, 0, 0), 0);
    free(mem);
}

static void test_heap_exhausted_once(void)
{
    unsigned char *mem = aligned_alloc(4096, 3 * 4096);
    const long anon = MAP_PRIVATE | MAP_ANONYMOUS;

    memset(mem, 0, 3 * 4096);
    kaal_heap_init(&kaal_libc_heap, mem, 3 * 4096);
    kaal_libc_heap_size = 3 * 4096;
    reset();
    CHECK(sys(SYS_mmap, 0, 4096, PROT_READ, anon, -1) > 0);
    CHECK_EQ(sys(SYS_mmap, 0, 8192, PROT_READ, anon, -1), -ENOMEM);
    CHECK_STR(out, "[comp] malloc: heap exhausted: 4 KiB of its 12 KiB `heap:` in use, 8 KiB "
                   "more asked for; malloc returns NULL (raise `heap:` in the system "
                   "description)\n");
    CHECK_EQ(sys(SYS_mmap, 0, 8192, PROT_READ, anon, -1), -ENOMEM);
    CHECK_EQ(sys(SYS_write, 1, (long)"x\n", 2, 0, 0), 2);
    CHECK_CONTAINS(out, "description)\n[comp] x\n"); /* not logged again */
    free(mem);
}

static void test_clock(void)
{
    struct timespec ts;

    now_ns = 5 * 1000000000ull + 123;
    CHECK_EQ(sys(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0, 0, 0), 0);
    CHECK_EQ(ts.tv_sec, 5);
    CHECK_EQ(ts.tv_nsec, 123);
    CHECK_EQ(sys(SYS_clock_gettime, CLOCK_REALTIME, (long)&ts, 0, 0, 0), 0);
    CHECK_EQ(ts.tv_sec, 5);
}

static void test_exit_stops(void)
{
    reset();
    if (!setjmp(stopped)) {
        sys(SYS_exit_group, 3, 0, 0, 0, 0);
        CHECK(!"exit_group returned");
    }
    CHECK_STR(out, "[comp] exit with status 3: the component stops\n");
    CHECK_EQ(stop_status, 3); /* what the root server is told */
    CHECK_EQ(stop_signal, 0);
}

static void test_abort_stops(void)
{
    reset();
    sys(SYS_write, 2, (long)"Assertion failed: x", 19, 0, 0);
    if (!setjmp(stopped)) {
        sys(SYS_tkill, 1, SIGABRT, 0, 0, 0);
        CHECK(!"tkill returned");
    }
    CHECK_STR(out, "[comp] Assertion failed: x\n[comp] killed by its own signal 6 (abort): the "
                   "component stops\n");
    CHECK_EQ(stop_signal, SIGABRT);
    CHECK_EQ(stop_status, 0);
}

static void test_tls(void)
{
    CHECK_EQ(sys(SYS_arch_prctl, 0x1002, 0x1234000, 0, 0, 0), 0);
    CHECK_EQ(tls, 0x1234000);
    CHECK_EQ(sys(SYS_arch_prctl, 0x1003, 0, 0, 0, 0), -EINVAL); /* ARCH_GET_FS */
    CHECK_EQ(sys(SYS_set_thread_area, 0x5678000, 0, 0, 0, 0), 0);
    CHECK_EQ(tls, 0x5678000);
    CHECK_EQ(sys(SYS_set_tid_address, 0, 0, 0, 0, 0), 1);
}

static void test_enosys(void)
{
    CHECK_EQ(sys(SYS_ioctl, 1, 0x5413 /* TIOCGWINSZ */, 0, 0, 0), -ENOTTY);
    CHECK_EQ(sys(SYS_open, (long)"/etc/passwd", 0, 0, 0, 0), -ENOSYS);
    CHECK_EQ(sys(SYS_getpid, 0, 0, 0, 0, 0), -ENOSYS);
    CHECK_EQ(sys(SYS_rt_sigprocmask, 0, 0, 0, 8, 0), -ENOSYS);
    CHECK_EQ(sys(SYS_read, 0, 0, 0, 0, 0), -ENOSYS);
}

TEST_CASES({test_write_prefixes_lines, "write: a prefix per line, across calls and fds"},
           {test_writev, "writev"}, {test_other_fds, "other fds are EBADF"},
           {test_log_ends_open_line, "a runtime log line ends an open line first"},
           {test_no_heap, "no heap: ENOMEM, said once"},
           {test_heap_exhausted_once, "heap exhausted: ENOMEM, said once"},
           {test_mmap_munmap, "mmap and munmap over the heap (the refusal is not said again)"},
           {test_clock, "clock_gettime from kaal_time_ns"},
           {test_exit_stops, "exit stops the component"},
           {test_abort_stops, "abort stops the component"}, {test_tls, "TLS and thread id"},
           {test_enosys, "the rest is ENOSYS"}, );
TEST_MAIN("component/syscall")
