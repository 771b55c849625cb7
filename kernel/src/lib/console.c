/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel console: kprintf, panic and boot_fail.  Output goes to the
 * architecture's early console; this is only for boot messages, debug
 * output and panics, never for user-level I/O.
 */
#include <machine.h>
#include <panic.h>
#include <lib/printf.h>

static void console_put(char c, void *ctx)
{
    (void)ctx;
    if (c == '\n')
        arch_console_putchar('\r');
    arch_console_putchar(c);
}

int kprintf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int n = kvformat(console_put, NULL, fmt, ap);
    va_end(ap);
    return n;
}

void panic(const char *fmt, ...)
{
    va_list ap;

    kprintf("[KaaL] KERNEL PANIC: ");
    va_start(ap, fmt);
    kvformat(console_put, NULL, fmt, ap);
    va_end(ap);
    kprintf("\n[KaaL] system halted\n");
    arch_halt(KAAL_EXIT_PANIC);
}

void boot_fail(const char *hint, const char *fmt, ...)
{
    va_list ap;

    kprintf("[KaaL] boot error: ");
    va_start(ap, fmt);
    kvformat(console_put, NULL, fmt, ap);
    va_end(ap);
    kprintf("\n");
    if (hint)
        kprintf("[KaaL] hint: %s\n", hint);
    kprintf("[KaaL] system halted\n");
    arch_halt(KAAL_EXIT_BOOT);
}
