/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel formatted output.  kvformat() is the one formatter: it knows
 * %c %s %d %i %u %x %X %p %%, the length modifiers l, ll and z, a field
 * width and the '0', '-' and '#' flags.  kprintf() sends its output to the
 * kernel console; ksnprintf() formats into a buffer (and is what the host
 * tests exercise).
 */
#pragma once

#include <stdarg.h>
#include <types.h>

typedef void (*kputc_fn)(char c, void *ctx);

/* Formats fmt with ap, calling put for each character; returns the count. */
int kvformat(kputc_fn put, void *ctx, const char *fmt, va_list ap);

/* Like snprintf: always NUL-terminates when size > 0; returns the full length. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...) PRINTF_FMT(3, 4);

/* Prints to the kernel console (the early serial port). */
int kprintf(const char *fmt, ...) PRINTF_FMT(1, 2);
