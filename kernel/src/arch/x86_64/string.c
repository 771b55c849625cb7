/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * memcpy and memset with the string instructions.  Retype clears every new
 * object and every reset untyped chunk through memset, so a byte loop here
 * made allocating a page cost about four instructions per byte.  With the
 * direction flag clear (the kernel clears it on every entry), rep stosq and
 * rep movsq move eight bytes a step; the tail, and any unaligned call, goes
 * a byte at a time.
 */
#include <lib/string.h>

void *memcpy(void *dst, const void *src, size_t n)
{
    void *d = dst;
    size_t words = n / 8, bytes = n % 8;

    asm volatile("rep movsq" : "+D"(d), "+S"(src), "+c"(words) : : "memory");
    asm volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(bytes) : : "memory");
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    void *d = dst;
    size_t words = n / 8, bytes = n % 8;
    uint64_t pattern = 0x0101010101010101ull * (unsigned char)c;

    asm volatile("rep stosq" : "+D"(d), "+c"(words) : "a"(pattern) : "memory");
    asm volatile("rep stosb" : "+D"(d), "+c"(bytes) : "a"(pattern) : "memory");
    return dst;
}
