/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The page attribute table (IA32_PAT, Intel SDM vol. 3, 11.12): eight
 * memory types, one byte each; a leaf entry's PAT, PCD and PWT bits pick
 * entry 4*PAT + 2*PCD + PWT.  The bits of seL4_X86_VMAttributes are those
 * three (VS_ATTR_PWT, VS_ATTR_PCD, VS_ATTR_PAT), so an attribute word is
 * its PAT index.  The kernel programs the table as seL4 does
 * (init_pat_msr): entries 0-3 the reset defaults, so Default, WriteThrough,
 * CacheDisabled and Uncacheable are WB, WT, UC- and UC, and entry 4
 * write-combining for WriteCombining.
 */
#pragma once

#include <types.h>

#define MSR_PAT 0x277

/* Memory types of a PAT entry. */
enum {
    PAT_UC = 0,
    PAT_WC = 1,
    PAT_WT = 4,
    PAT_WP = 5,
    PAT_WB = 6,
    PAT_UC_MINUS = 7,
};

/* The memory type that entry i (0-7) of the PAT value pat selects. */
static inline unsigned pat_entry(uint64_t pat, unsigned i)
{
    return (pat >> (8 * i)) & 0xff;
}

/* The PAT value to program over old: entries 0-4 as seL4 sets them, 5-7 kept from old. */
static inline uint64_t pat_value(uint64_t old)
{
    return (old & ~0xffffffffffull) | (uint64_t)PAT_WC << 32 | (uint64_t)PAT_UC << 24 |
           (uint64_t)PAT_UC_MINUS << 16 | (uint64_t)PAT_WT << 8 | PAT_WB;
}
