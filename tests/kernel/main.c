/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The suite's root task: runs every case table in order, prints a result
 * line per case and a closing line the runner looks for, then halts.  A
 * case that faults never returns; the kernel reports the fault and the
 * runner counts the missing closing line as a failure.
 */
#include "suite.h"

void root_main(seL4_BootInfo *bi);

KAAL_DEFINE_IPC_BUFFER();

/* bootcaps_cases runs before any table that carves from the boot untypeds. */
static const struct kernel_case *const tables[] = {bootinfo_cases,
                                                   bootcaps_cases,
                                                   syscall_cases,
                                                   cpu_cases,
                                                   untyped_cases,
                                                   cnode_cases,
                                                   notification_single_cases,
                                                   x86_object_cases,
                                                   vspace_cases,
                                                   vspace_access_cases,
                                                   domain_cases,
                                                   short_cases,
                                                   thread_cases,
                                                   debug_api_cases};

static int run_case(const struct kernel_case *c, seL4_BootInfo *bi)
{
    const char *why = c->fn(bi);

    kaal_debug_puts(why ? "FAIL: kernel/" : "PASS: kernel/");
    kaal_debug_puts(c->name);
    if (why) {
        kaal_debug_puts(": ");
        kaal_debug_puts(why);
    }
    kaal_debug_puts("\n");
    return why == 0;
}

void root_main(seL4_BootInfo *bi)
{
    seL4_Word passed = 0, failed = 0;

    seL4_SetIPCBuffer(bi->ipcBuffer);
    kaal_debug_puts("[suite] KaaL kernel conformance suite\n");
    for (unsigned t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
        for (const struct kernel_case *c = tables[t]; c->fn; c++) {
            if (run_case(c, bi))
                passed++;
            else
                failed++;
        }
    }
    kaal_debug_puts("[suite] done: ");
    kaal_debug_put_dec(passed);
    kaal_debug_puts(" passed, ");
    kaal_debug_put_dec(failed);
    kaal_debug_puts(" failed\n");
    seL4_DebugHalt();
}
