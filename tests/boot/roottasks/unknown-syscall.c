/* SPDX-License-Identifier: BSD-2-Clause */
/* Test root task: a system call number seL4 does not have. */
#include <kaal/debug.h>

void root_main(void *bi);

void root_main(void *bi)
{
    (void)bi;
    kaal_debug_puts("[test] system call 123\n");
    x64_sys_send_null(123, 0);
    kaal_debug_puts("[test] FAILED: the system call returned\n");
    seL4_DebugHalt();
}
