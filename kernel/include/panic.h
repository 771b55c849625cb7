/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * panic() is for states the kernel must never reach: it prints the message
 * and stops the machine.  Users' mistakes are error codes, never panics.
 * boot_fail() is the boot-time variant for unusable boot input: it names
 * the problem and says how to fix it.
 */
#pragma once

#include <types.h>

NORETURN void panic(const char *fmt, ...) PRINTF_FMT(1, 2);
NORETURN void boot_fail(const char *hint, const char *fmt, ...) PRINTF_FMT(2, 3);

/*
 * kassert checks what must always hold.  The release kernel (DEBUG=0) leaves
 * the checks out, as seL4's release builds do; the expression is still
 * compiled (never evaluated), so it cannot go stale.  The debug kernel and
 * the host tests of the object code keep them.
 */
#ifdef CONFIG_KERNEL_NO_ASSERTIONS
#define kassert(e) ((void)sizeof(!(e)))
#else
#define kassert(e)                                                                                 \
    do {                                                                                           \
        if (!(e))                                                                                  \
            panic("assertion failed: %s (%s:%d)", #e, __FILE__, __LINE__);                         \
    } while (0)
#endif
