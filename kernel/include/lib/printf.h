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

/* Prints the kernel's own message on the kernel console (the early serial port), or nothing
 * once the console is handed over to user level; returns the count of characters formatted. */
int kprintf(const char *fmt, ...) PRINTF_FMT(1, 2);

/* Like kprintf, but only with kaal.verbose (console_set_verbose(true)): the kernel's boot
 * diagnostics; returns the count of characters printed. */
int kinfo(const char *fmt, ...) PRINTF_FMT(1, 2);

/* Prints on the kernel console even after the hand-over: only for panics and for what a
 * thread asks to print through the debug system calls. */
int kprintf_always(const char *fmt, ...) PRINTF_FMT(1, 2);

/* Records kaal.console=user (user true): the console is to go to user level at the hand-over. */
void console_set_user(bool user);

/* Records kaal.verbose (on true): kinfo prints from now on. */
void console_set_verbose(bool on);

/* Called as the root server is about to run: from now on, if console_set_user(true) was called,
 * kprintf prints nothing. */
void console_hand_over(void);
