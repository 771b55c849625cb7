/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Printing on the kernel's debug console from user level, through
 * seL4_DebugPutChar: for root tasks and tests that run before any console
 * driver exists.  Debug kernels only, as the system call itself.
 */
#pragma once

#include <sel4/arch/syscalls.h>

static inline void kaal_debug_puts(const char *s)
{
    while (*s)
        seL4_DebugPutChar(*s++);
}

/* v in decimal, a character at a time through put (for consoles other than the debug one too). */
static inline void kaal_put_dec_with(void (*put)(char), seL4_Word v)
{
    char buf[24];
    int n = 0;

    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        put(buf[--n]);
}

static inline void kaal_debug_put_dec(seL4_Word v)
{
    kaal_put_dec_with(seL4_DebugPutChar, v);
}

static inline void kaal_debug_put_hex(seL4_Word v)
{
    kaal_debug_puts("0x");
    for (int shift = 60; shift >= 0; shift -= 4) {
        if (v >> shift || shift == 0)
            seL4_DebugPutChar("0123456789abcdef"[(v >> shift) & 0xf]);
    }
}
