/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * welcome: prints one line on the console and then waits for ever.  It
 * writes through the kernel's debug output, which shares COM1 with the
 * 16550 driver; its priority, above the shell's, puts the line before the
 * shell's first prompt.
 */
#include <kaal/component.h>
#include <kaal/debug.h>

void init(void)
{
    kaal_debug_puts("Welcome to KaaL!\n");
}
