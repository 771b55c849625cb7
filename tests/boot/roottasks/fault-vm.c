/* SPDX-License-Identifier: BSD-2-Clause */
/* Test root task: a write to an address nothing maps. */
#include <kaal/debug.h>

void root_main(void *bi);

void root_main(void *bi)
{
    (void)bi;
    kaal_debug_puts("[test] writing to 0xdead0000\n");
    *(volatile seL4_Word *)0xdead0000ul = 1;
    kaal_debug_puts("[test] FAILED: the write did not fault\n");
    seL4_DebugHalt();
}
