// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of CSpace addressing: guards and radixes over several levels,
 * lookups that stop early at a non-CNode, and every lookup failure with
 * the details seL4 reports (InvalidRoot, MissingCapability, DepthMismatch,
 * GuardMismatch).
 */
#include "test.h"
#include "sim.h"

/*
 * Two levels built by hand in the boot region: L1 at 0x8000 (radix 4,
 * guard 0x5 of 3 bits) whose slot 9 holds L2 at 0xc000 (radix 2, guard
 * 0x1 of 1 bit), whose slot 3 holds an endpoint-looking cap.
 */
#define L1_PA (SIM_BASE + 0x8000ul)
#define L2_PA (SIM_BASE + 0xc000ul)

static cap_t l1;

static void build(void)
{
    sim_boot();
    l1 = cap_cnode_new(L1_PA, 4, 3, 0x5);
    cte_at(L1_PA)[9].cap = cap_cnode_new(L2_PA, 2, 1, 0x1);
    cte_at(L2_PA)[3].cap = cap_endpoint_new(SIM_BASE + 0xe000, 0, 15);
}

/* cptr bits, most significant first: guard 101, index 1001, guard 1, index 11. */
#define FULL 0x2cful /* 101 1001 1 11 = 10 bits */

static void two_levels(void)
{
    struct resolve_ret r;

    build();
    r = cspace_resolve(l1, FULL, 10);
    CHECK_EQ(r.status, seL4_NoError);
    CHECK(r.slot == cte_at(L2_PA) + 3);
    CHECK_EQ(r.bits_remaining, 0);
    /* Seven bits name L1's slot 9 itself. */
    r = cspace_resolve(l1, FULL >> 3, 7);
    CHECK(r.slot == cte_at(L1_PA) + 9);
    CHECK_EQ(r.bits_remaining, 0);
    /* High bits beyond the depth are ignored. */
    r = cspace_resolve(l1, FULL | (0xfful << 20), 10);
    CHECK(r.slot == cte_at(L2_PA) + 3);
}

static void stops_at_non_cnode(void)
{
    struct resolve_ret r;

    build();
    r = cspace_resolve(l1, (FULL << 5) | 0x1f, 15);
    CHECK_EQ(r.status, seL4_NoError);
    CHECK(r.slot == cte_at(L2_PA) + 3);
    CHECK_EQ(r.bits_remaining, 5);
    /* An empty slot stops the walk too. */
    r = cspace_resolve(l1, (0x5ul << 4 | 2) << 3, 10);
    CHECK(r.slot == cte_at(L1_PA) + 2);
    CHECK_EQ(r.bits_remaining, 3);
}

static void failures(void)
{
    struct resolve_ret r;

    build();
    r = cspace_resolve(cap_endpoint_new(SIM_BASE, 0, 15), 0, 64);
    CHECK_EQ(r.status, seL4_FailedLookup);
    CHECK_EQ(r.fault.type, seL4_InvalidRoot);
    r = cspace_resolve(l1, 0x4ul << 7, 10); /* guard 100 instead of 101 */
    CHECK_EQ(r.fault.type, seL4_GuardMismatch);
    CHECK_EQ(r.fault.bits_left, 10);
    CHECK_EQ(r.fault.guard_found, 0x5); /* seL4 reports the cap's guard */
    CHECK_EQ(r.fault.bits_found, 3);
    r = cspace_resolve(l1, 0x5, 2); /* fewer bits than the guard */
    CHECK_EQ(r.fault.type, seL4_GuardMismatch);
    CHECK_EQ(r.fault.bits_left, 2);
    r = cspace_resolve(l1, 0x5ul << 2, 5); /* guard fits, radix does not */
    CHECK_EQ(r.fault.type, seL4_DepthMismatch);
    CHECK_EQ(r.fault.bits_left, 5);
    CHECK_EQ(r.fault.bits_found, 7);
    r = cspace_resolve(l1, FULL >> 1, 9); /* second level's guard matched, radix short */
    CHECK_EQ(r.fault.type, seL4_DepthMismatch);
    CHECK_EQ(r.fault.bits_left, 2);
    CHECK_EQ(r.fault.bits_found, 3);
    r = cspace_resolve(l1, (FULL & ~0x4ul), 10); /* second guard 0, not 1 */
    CHECK_EQ(r.fault.type, seL4_GuardMismatch);
    CHECK_EQ(r.fault.bits_left, 3);
    CHECK_EQ(r.fault.guard_found, 1);
}

static void lookup_slot_for_cnode_ops(void)
{
    struct syscall_error err = {0};
    struct lookup_slot_ret r;

    build();
    r = cspace_lookup_slot(true, l1, FULL, 10, &err);
    CHECK_EQ(r.status, seL4_NoError);
    r = cspace_lookup_slot(true, cap_null(), FULL, 10, &err);
    CHECK_EQ(r.status, seL4_FailedLookup);
    CHECK_EQ(err.lookup_fault.type, seL4_InvalidRoot);
    CHECK_EQ(err.failed_lookup_was_source, true);
    r = cspace_lookup_slot(false, l1, FULL, 0, &err);
    CHECK_EQ(r.status, seL4_RangeError);
    CHECK_EQ(err.range_min, 1);
    CHECK_EQ(err.range_max, 64);
    r = cspace_lookup_slot(false, l1, FULL, 65, &err);
    CHECK_EQ(r.status, seL4_RangeError);
    /* Depth left over at a non-CNode is a DepthMismatch with 0 bits found. */
    r = cspace_lookup_slot(false, l1, FULL << 2, 12, &err);
    CHECK_EQ(r.status, seL4_FailedLookup);
    CHECK_EQ(err.failed_lookup_was_source, false);
    CHECK_EQ(err.lookup_fault.type, seL4_DepthMismatch);
    CHECK_EQ(err.lookup_fault.bits_left, 2);
    CHECK_EQ(err.lookup_fault.bits_found, 0);
}

static void root_cnode_of_the_universe(void)
{
    struct resolve_ret r;

    sim_boot();
    r = cspace_resolve(sim_slot(SIM_SLOT_CNODE)->cap, SIM_SLOT_UT, 64);
    CHECK(r.slot == sim_slot(SIM_SLOT_UT));
    r = cspace_resolve(sim_slot(SIM_SLOT_CNODE)->cap, 1ul << 63 | SIM_SLOT_UT, 64);
    CHECK_EQ(r.fault.type, seL4_GuardMismatch);
    CHECK_EQ(r.fault.bits_found, 56);
}

TEST_CASES({two_levels, "two_levels"}, {stops_at_non_cnode, "stops_at_non_cnode"},
           {failures, "failures"}, {lookup_slot_for_cnode_ops, "lookup_slot_for_cnode_ops"},
           {root_cnode_of_the_universe, "root_cnode_of_the_universe"}, );
TEST_MAIN("object/cspace")
