/* SPDX-License-Identifier: BSD-2-Clause */
/* Test root task: an invalid instruction. */
#include <kaal/debug.h>

void root_main(void *bi);

void root_main(void *bi)
{
    (void)bi;
    kaal_debug_puts("[test] executing ud2\n");
    __asm__ volatile("ud2");
    kaal_debug_puts("[test] FAILED: ud2 did not fault\n");
    seL4_DebugHalt();
}
