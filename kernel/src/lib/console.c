/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel console: kprintf, panic and boot_fail.  Output goes to the
 * architecture's early console; this is only for boot messages, debug
 * output and panics, never for user-level I/O.
 *
 * With kaal.console=user the system console belongs to a user-level
 * driver once the root server runs: console_hand_over, called just before
 * the root server's first instruction, silences kprintf for good, so the
 * kernel's own messages (fault reports, idle, DebugHalt) go nowhere.  What
 * must still be seen goes through kprintf_always: panics, DMA the IOMMU
 * blocked (no user-level fault handler hears of it), and what a thread
 * asks the kernel to print with the debug system calls.
 *
 * The boot is quiet unless kaal.verbose is given: kinfo, which prints the
 * kernel's diagnostics (memory, the root server's image, ACPI, the timer),
 * prints only then; warnings, errors and fault reports use kprintf.
 */
#include <machine.h>
#include <panic.h>
#include <lib/printf.h>

static bool user_console; /* kaal.console=user was given */
static bool handed_over;  /* the root server runs and user_console: kprintf prints nothing */
static bool verbose;      /* kaal.verbose was given: kinfo prints */

static void console_put(char c, void *ctx)
{
    (void)ctx;
    if (c == '\n')
        arch_console_putchar('\r');
    arch_console_putchar(c);
}

static void discard(char c, void *ctx)
{
    (void)c;
    (void)ctx;
}

void console_set_user(bool user)
{
    user_console = user;
}

void console_set_verbose(bool on)
{
    verbose = on;
}

void console_hand_over(void)
{
    handed_over = user_console;
}

int kprintf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int n = kvformat(handed_over ? discard : console_put, NULL, fmt, ap);
    va_end(ap);
    return n;
}

int kinfo(const char *fmt, ...)
{
    va_list ap;

    if (!verbose || handed_over)
        return 0;
    va_start(ap, fmt);
    int n = kvformat(console_put, NULL, fmt, ap);
    va_end(ap);
    return n;
}

int kprintf_always(const char *fmt, ...)
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

    kprintf_always("[KaaL] KERNEL PANIC: ");
    va_start(ap, fmt);
    kvformat(console_put, NULL, fmt, ap);
    va_end(ap);
    kprintf_always("\n[KaaL] system halted\n");
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
