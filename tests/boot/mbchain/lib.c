/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The freestanding basics mbchain needs: output on COM1 (polled, no set-up:
 * the kernel programs the UART itself later), a small printf, the QEMU exit
 * used on every error, and memory and string helpers.  Numbers are printed
 * in hex with shifts only, so no 64-bit division from libgcc is needed.
 */
#include "mbchain.h"

#define COM1            0x3f8
#define COM1_LSR        (COM1 + 5)
#define LSR_THR_EMPTY   0x20
#define DEBUG_EXIT_PORT 0xf4
#define EXIT_MBCHAIN    3 /* QEMU exit status 7: not one of the kernel's codes (0-2) */

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static void con_putc(char c)
{
    if (c == '\n')
        con_putc('\r');
    while (!(inb(COM1_LSR) & LSR_THR_EMPTY))
        ;
    outb(COM1, (uint8_t)c);
}

static void con_puts(const char *s)
{
    while (*s)
        con_putc(*s++);
}

static void con_hex(uint64_t v)
{
    int shift = 60;

    while (shift > 0 && !((v >> shift) & 0xf))
        shift -= 4;
    for (; shift >= 0; shift -= 4)
        con_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}

static void con_dec(uint32_t v)
{
    char buf[12];
    int n = 0;

    do {
        buf[n++] = (char)('0' + v % 10); /* 32-bit division: native, no libgcc */
        v /= 10;
    } while (v);
    while (n)
        con_putc(buf[--n]);
}

static void con_vprintf(const char *fmt, va_list ap)
{
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            con_putc(*f);
            continue;
        }
        if (*++f == '#') { /* the only flag: a 0x prefix */
            con_puts("0x");
            f++;
        }
        switch (*f) {
        case 's':
            con_puts(va_arg(ap, const char *));
            break;
        case 'u':
            con_dec(va_arg(ap, uint32_t));
            break;
        case 'x':
            con_hex(va_arg(ap, uint32_t));
            break;
        case 'l': /* only %llx */
            con_hex(va_arg(ap, uint64_t));
            f += 2;
            break;
        default: /* %c and %% are not needed; a lone % at the end ends the string */
            return;
        }
    }
}

void con_printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    con_vprintf(fmt, ap);
    va_end(ap);
}

void mbchain_fail(const char *fmt, ...)
{
    va_list ap;

    con_puts("[mbchain] error: ");
    va_start(ap, fmt);
    con_vprintf(fmt, ap);
    va_end(ap);
    con_puts("\n[mbchain] stopping (exit code 3)\n");
    __asm__ volatile("cli");
    outl(DEBUG_EXIT_PORT, EXIT_MBCHAIN);
    for (;;)
        __asm__ volatile("hlt");
}

bool str_copy(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);

    if (n >= size)
        return false;
    memcpy(dst, src, n + 1);
    return true;
}
