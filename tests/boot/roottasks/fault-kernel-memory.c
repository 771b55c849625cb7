/* SPDX-License-Identifier: BSD-2-Clause */
/* Test root task: a read of the kernel image, which is mapped but not for user level. */
#include <kaal/debug.h>

void root_main(void *bi);

void root_main(void *bi)
{
    (void)bi;
    kaal_debug_puts("[test] reading the kernel at 0xffffffff80100000\n");
    seL4_Word v = *(volatile seL4_Word *)0xffffffff80100000ul;
    kaal_debug_puts("[test] FAILED: read kernel memory: ");
    kaal_debug_put_hex(v);
    kaal_debug_puts("\n");
    seL4_DebugHalt();
}
