/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Between the C library's system call layer and the component runtime.
 *
 * musl, as mk/libc.mk builds it, makes every system call by calling
 * __kaal_syscall (runtime/libc/syscall_arch.h).  syscall.c serves those
 * calls and is portable: it reaches the system only through the kaal_sys_*
 * functions below, which libc.c and time.c define for a component and the
 * host unit test (tests/unit/component/syscall_test.c) defines with stubs.
 */
#pragma once

#include "heap.h"

#include <stddef.h>
#include <stdint.h>

/* Serves Linux x86_64 system call n with arguments a1..a6; a result or -errno. */
long __kaal_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6);

/* The heap mmap serves: set up by libc.c before init() (no pages if `heap:` is 0). */
extern struct kaal_heap kaal_libc_heap;

/* Bytes of heap the system description gave (`heap:`), for the messages; 0 if none. */
extern size_t kaal_libc_heap_size;

/* --- What syscall.c needs from the system ------------------------------ */

/* Writes byte c to the component's log (the kernel's debug console). */
void kaal_sys_putc(char c);

/* The component's name, for the prefix of each line it writes. */
const char *kaal_sys_name(void);

/* Stops the component for good after the runtime said why: exit status, or signal if not 0.
 * The root server is told (the broker's exit op), so ps shows it exited; does not return. */
_Noreturn void kaal_sys_stop(unsigned long status, unsigned long signal);

/* Makes p the thread's TLS base (the fs segment base); 0 or -errno. */
long kaal_sys_set_tls(uintptr_t p);

/* Nanoseconds since the machine started, the time source of clock_gettime and time().  The one
 * place time comes from (time.c): a user-level timer driver may replace it. */
uint64_t kaal_time_ns(void);

/* --- What syscall.c offers the runtime ---------------------------------- */

/* Writes s to the log as the component's own output: "[name] " before each line. */
void kaal_libc_log(const char *s);

/* Maps the heap of heap_size bytes, sets the C library up (TLS, stdio) and calls run(), which
 * must not return.  Called once, by the runtime's start-up (runtime.c). */
_Noreturn void kaal_libc_start(uint64_t heap_size, int (*run)(int, char **, char **));
