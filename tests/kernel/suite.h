/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * KaaL's in-guest kernel conformance suite, in the manner of seL4's
 * sel4test: a root task, built only against sdk/, that runs a table of
 * cases and prints one line per case, "PASS: kernel/<name>" or
 * "FAIL: kernel/<name>: <why>".  A case returns NULL on success or a short
 * reason.  A case with nothing to check on the machine it runs on (one
 * that needs hardware the machine lacks) returns SKIPPED("why"), printed
 * as "SKIP: kernel/<name>: why" and counted neither way.
 */
#pragma once

#include <kaal/bootinfo.h>
#include <kaal/debug.h>
#include <sel4/bootinfo_types.h>
#include <sel4/sel4.h>

struct kernel_case {
    const char *(*fn)(seL4_BootInfo *bi);
    const char *name;
};

/* The case tables, one per area (one per file: bootinfo.c, bootcaps.c, cnode.c ...). */
extern const struct kernel_case bootinfo_cases[];
extern const struct kernel_case syscall_cases[];
extern const struct kernel_case cpu_cases[];
extern const struct kernel_case thread_cases[];
extern const struct kernel_case bootcaps_cases[];
extern const struct kernel_case untyped_cases[];
extern const struct kernel_case cnode_cases[];
extern const struct kernel_case notification_single_cases[];
extern const struct kernel_case x86_object_cases[];
extern const struct kernel_case vspace_cases[];
extern const struct kernel_case vspace_access_cases[];
extern const struct kernel_case domain_cases[];
extern const struct kernel_case short_cases[];
extern const struct kernel_case debug_api_cases[]; /* empty without CONFIG_HARDWARE_DEBUG_API */
extern const struct kernel_case iommu_cases[];     /* empty without CONFIG_IOMMU */

#define CASE(fn)                                                                                   \
    {                                                                                              \
        fn, #fn                                                                                    \
    }
#define END_OF_CASES                                                                               \
    {                                                                                              \
        0, 0                                                                                       \
    }
#define SKIP_MARK    "skipped: "
#define SKIPPED(why) (SKIP_MARK why)
#define REQUIRE(cond, why)                                                                         \
    do {                                                                                           \
        if (!(cond))                                                                               \
            return why;                                                                            \
    } while (0)
