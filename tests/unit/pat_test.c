// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of the PAT layout (<arch/pat.h>): each seL4_X86_VMAttributes
 * value, taken as the PAT index its PWT, PCD and PAT bits select, gets the
 * memory type seL4 gives it, whatever a boot loader left in entries 0-4,
 * and entries 5-7 are kept.
 */
#include "test.h"

#include <arch/object/vspace.h>
#include <arch/pat.h>
#include <sel4/constants.h>

#define RESET_PAT 0x0007040600070406ull /* the value at power-on (Intel SDM vol. 3, 11.12.4) */

/* The PAT index a leaf entry made with the attribute word attr selects. */
static unsigned index_of(unsigned attr)
{
    return ((attr & VS_ATTR_PAT) ? 4 : 0) | ((attr & VS_ATTR_PCD) ? 2 : 0) |
           ((attr & VS_ATTR_PWT) ? 1 : 0);
}

static void attributes_get_sel4_types(void)
{
    uint64_t pat = pat_value(RESET_PAT);

    CHECK_EQ(pat_entry(pat, index_of(seL4_X86_Default_VMAttributes)), PAT_WB);
    CHECK_EQ(pat_entry(pat, index_of(seL4_X86_WriteBack)), PAT_WB);
    CHECK_EQ(pat_entry(pat, index_of(seL4_X86_WriteThrough)), PAT_WT);
    CHECK_EQ(pat_entry(pat, index_of(seL4_X86_CacheDisabled)), PAT_UC_MINUS);
    CHECK_EQ(pat_entry(pat, index_of(seL4_X86_Uncacheable)), PAT_UC);
    CHECK_EQ(pat_entry(pat, index_of(seL4_X86_WriteCombining)), PAT_WC);
}

/* Only entry 4 differs from the reset value. */
static void reset_value_changes_entry_4_only(void)
{
    uint64_t pat = pat_value(RESET_PAT);

    for (unsigned i = 0; i < 8; i++)
        CHECK_EQ(pat_entry(pat, i), i == 4 ? (unsigned)PAT_WC : pat_entry(RESET_PAT, i));
}

/* Entries 0-4 are set whatever they held; 5-7 are left as they were. */
static void loader_changes_are_undone(void)
{
    uint64_t old = 0x0102030405010501ull, pat = pat_value(old);

    CHECK_EQ(pat_entry(pat, 0), PAT_WB);
    CHECK_EQ(pat_entry(pat, 1), PAT_WT);
    CHECK_EQ(pat_entry(pat, 2), PAT_UC_MINUS);
    CHECK_EQ(pat_entry(pat, 3), PAT_UC);
    CHECK_EQ(pat_entry(pat, 4), PAT_WC);
    CHECK_EQ(pat >> 40, old >> 40);
}

TEST_CASES({attributes_get_sel4_types, "attributes_get_sel4_types"},
           {reset_value_changes_entry_4_only, "reset_value_changes_entry_4_only"},
           {loader_changes_are_undone, "loader_changes_are_undone"}, );
TEST_MAIN("pat")
