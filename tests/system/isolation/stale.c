/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * stale: memory from the memory manager is gone once freed.  It allocates
 * 16 KiB, uses it, frees it, then reads it again: the root server must
 * report a VMFault at that address and stop it.
 */
#include "check.h"

#include <kaal/broker.h>

#define HEAP 0x40000000ul

void init(void)
{
    struct kaal_broker_mem_alloc_out got;
    struct kaal_broker_mem_free_out back;
    volatile seL4_Word *p = (volatile seL4_Word *)HEAP;

    check(kaal_broker_mem_alloc(KAAL_SLOT_BROKER, HEAP, 16384, &got) == 0 && got.quota_left == 0,
          "16 KiB from the memory manager, its whole quota");
    p[0] = 42;
    p[2047] = 43;
    check(p[0] == 42 && p[2047] == 43, "the memory is usable");
    check(kaal_broker_mem_free(KAAL_SLOT_BROKER, HEAP, &back) == 0 && back.quota_left == 16384,
          "freed, the quota is back");
    kaal_log("reading freed memory\n");
    check(p[0] == 42, "freed memory still readable");
}
