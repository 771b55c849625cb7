/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The suite's root task: runs every case table in order, prints a result
 * line per case and a closing line the runner looks for, then halts.  A
 * case that faults never returns; the kernel reports the fault and the
 * runner counts the missing closing line as a failure.
 */
#include "suite.h"

#include <stdbool.h>

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
                                                   debug_api_cases,
                                                   iommu_cases};

enum outcome { OUT_PASS, OUT_FAIL, OUT_SKIP };

/* Whether why is a case's SKIPPED(...) rather than a failure. */
static bool is_skip(const char *why)
{
    const char *mark = SKIP_MARK;

    while (*mark && *why == *mark)
        why++, mark++;
    return *mark == '\0';
}

static enum outcome run_case(const struct kernel_case *c, seL4_BootInfo *bi)
{
    const char *why = c->fn(bi);
    bool skip = why && is_skip(why);

    kaal_debug_puts(!why ? "PASS: kernel/" : skip ? "SKIP: kernel/" : "FAIL: kernel/");
    kaal_debug_puts(c->name);
    if (why) {
        kaal_debug_puts(": ");
        kaal_debug_puts(skip ? why + sizeof(SKIP_MARK) - 1 : why);
    }
    kaal_debug_puts("\n");
    return !why ? OUT_PASS : skip ? OUT_SKIP : OUT_FAIL;
}

void root_main(seL4_BootInfo *bi)
{
    seL4_Word count[3] = {0, 0, 0};

    seL4_SetIPCBuffer(bi->ipcBuffer);
    kaal_debug_puts("[suite] KaaL kernel conformance suite\n");
    for (unsigned t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
        for (const struct kernel_case *c = tables[t]; c->fn; c++)
            count[run_case(c, bi)]++;
    }
    kaal_debug_puts("[suite] done: ");
    kaal_debug_put_dec(count[OUT_PASS]);
    kaal_debug_puts(" passed, ");
    kaal_debug_put_dec(count[OUT_FAIL]);
    kaal_debug_puts(" failed, ");
    kaal_debug_put_dec(count[OUT_SKIP]);
    kaal_debug_puts(" skipped\n");
    seL4_DebugHalt();
}
