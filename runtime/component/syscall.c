/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The C library's system calls, served in the component (libc.h).
 *
 * A component has no files, processes or signals: musl needs only a few
 * system calls to work, and those are answered here, under Linux's x86_64
 * numbers and conventions so musl itself is unchanged:
 *
 *   write, writev     fd 1 and 2 go to the component's log, each line
 *                     after "[name] ", as kaal_log's do; other fds: EBADF
 *   mmap, munmap      anonymous private pages from the heap (heap.c);
 *                     ENOMEM when it is full, logged once
 *   brk               the break is 0 and never moves, so musl's malloc
 *                     uses mmap for everything
 *   clock_gettime     kaal_time_ns() for every clock (time.c)
 *   exit, exit_group  the component stops, and says so
 *   tkill, tgkill     a signal to itself (abort(), a failed assert) stops it
 *   arch_prctl (ARCH_SET_FS), set_thread_area
 *                     the TLS base, for errno and the rest of musl's TLS
 *   set_tid_address   thread id 1: a component has one thread
 *   ioctl             ENOTTY (so stdout is not taken for a terminal)
 *
 * Everything else returns -ENOSYS, which musl turns into errno = ENOSYS.
 */
#include "libc.h"

#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>

#ifndef ARCH_SET_FS
#define ARCH_SET_FS 0x1002
#endif

struct kaal_heap kaal_libc_heap;
size_t kaal_libc_heap_size;

/* 1 when the next byte written starts a line, which gets the "[name] " prefix first. */
static int line_start = 1;

static void put_string(const char *s)
{
    while (*s)
        kaal_sys_putc(*s++);
}

static void put_byte(char c)
{
    if (line_start) {
        kaal_sys_putc('[');
        put_string(kaal_sys_name());
        put_string("] ");
    }
    kaal_sys_putc(c);
    line_start = c == '\n';
}

static void put_dec(unsigned long v)
{
    char buf[24];
    int i = 0;

    do
        buf[i++] = (char)('0' + v % 10);
    while (v /= 10);
    while (i > 0)
        put_byte(buf[--i]);
}

void kaal_libc_log(const char *s)
{
    /* A line of the component's own output left unfinished is ended first. */
    if (!line_start)
        put_byte('\n');
    while (*s)
        put_byte(*s++);
}

static long sys_write(long fd, const char *buf, size_t len)
{
    if (fd != 1 && fd != 2)
        return -EBADF;
    for (size_t i = 0; i < len; i++)
        put_byte(buf[i]);
    return (long)len;
}

static long sys_writev(long fd, const struct iovec *iov, long cnt)
{
    long total = 0;

    if (cnt < 0 || cnt > 1024)
        return -EINVAL;
    for (long i = 0; i < cnt; i++) {
        long r = sys_write(fd, iov[i].iov_base, iov[i].iov_len);
        if (r < 0)
            return r;
        total += r;
    }
    return total;
}

/* The heap is full, or there is none: said once, with what to change. */
static void heap_refused(size_t len)
{
    static int said[2]; /* [0]: no heap, [1]: heap full */
    int full = kaal_libc_heap_size != 0;

    if (said[full])
        return;
    said[full] = 1;
    if (!full) {
        kaal_libc_log("malloc: no heap; give the component one with `heap:` (a size) in the "
                      "system description\n");
        return;
    }
    kaal_libc_log("malloc: heap exhausted: ");
    put_dec(kaal_libc_heap.in_use * KAAL_HEAP_PAGE / 1024);
    put_string(" KiB of its ");
    put_dec(kaal_libc_heap_size / 1024);
    put_string(" KiB `heap:` in use, ");
    put_dec((len + 1023) / 1024);
    put_string(" KiB more asked for; malloc returns NULL (raise `heap:` in the system "
               "description)\n");
    line_start = 1;
}

static long sys_mmap(long addr, size_t len, long flags, long fd)
{
    void *p;

    if (addr != 0 || (flags & MAP_FIXED) || !(flags & MAP_ANONYMOUS) || fd != -1)
        return -ENOSYS; /* only fresh anonymous memory: there are no files */
    if (len == 0)
        return -EINVAL;
    p = kaal_heap_map(&kaal_libc_heap, len);
    if (!p) {
        heap_refused(len);
        return -ENOMEM;
    }
    return (long)p;
}

static long sys_munmap(void *addr, size_t len)
{
    return kaal_heap_unmap(&kaal_libc_heap, addr, len) ? -EINVAL : 0;
}

static long sys_clock_gettime(struct timespec *ts)
{
    uint64_t ns = kaal_time_ns();

    ts->tv_sec = (time_t)(ns / 1000000000u);
    ts->tv_nsec = (long)(ns % 1000000000u);
    return 0;
}

static _Noreturn void stop(const char *what, unsigned long code, int is_signal)
{
    kaal_libc_log(what);
    put_dec(code);
    put_string(code == SIGABRT && what[0] == 'k' ? " (abort): the component stops\n"
                                                 : ": the component stops\n");
    line_start = 1;
    kaal_sys_stop(is_signal ? 0 : code, is_signal ? code : 0);
}

long __kaal_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
    (void)a6;
    switch (n) {
    case SYS_write:
        return sys_write(a1, (const char *)a2, (size_t)a3);
    case SYS_writev:
        return sys_writev(a1, (const struct iovec *)a2, a3);
    case SYS_mmap:
        return sys_mmap(a1, (size_t)a2, a4, a5);
    case SYS_munmap:
        return sys_munmap((void *)a1, (size_t)a2);
    case SYS_brk:
        return 0;
    case SYS_clock_gettime:
        return sys_clock_gettime((struct timespec *)a2);
    case SYS_exit:
    case SYS_exit_group:
        stop("exit with status ", (unsigned long)a1 & 0xff, 0);
    case SYS_tkill:
        stop("killed by its own signal ", (unsigned long)a2, 1);
    case SYS_tgkill:
        stop("killed by its own signal ", (unsigned long)a3, 1);
    case SYS_arch_prctl:
        return a1 == ARCH_SET_FS ? kaal_sys_set_tls((uintptr_t)a2) : -EINVAL;
    case SYS_set_thread_area:
        return kaal_sys_set_tls((uintptr_t)a1);
    case SYS_set_tid_address:
        return 1;
    case SYS_ioctl:
        return -ENOTTY;
    default:
        return -ENOSYS;
    }
}
