/* SPDX-License-Identifier: BSD-2-Clause */
/* Test root task: a raw port read, which user level may not do (ports need IOPort caps). */
#include <kaal/debug.h>

void root_main(void *bi);

void root_main(void *bi)
{
    unsigned char v;

    (void)bi;
    kaal_debug_puts("[test] reading I/O port 0x3f8 directly\n");
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"((unsigned short)0x3f8));
    kaal_debug_puts("[test] FAILED: the port read did not fault\n");
    seL4_DebugHalt();
}
