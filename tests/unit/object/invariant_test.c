// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of the invariant checker itself: a healthy universe passes,
 * and each kind of corruption it exists to catch is reported.
 */
#include "test.h"
#include "sim.h"

#include <object/endpoint.h>
#include <object/invariant.h>
#include <object/untyped.h>

static char msg[256];

static bool check(void)
{
    cte_t *roots[] = {sim_slot(SIM_SLOT_CNODE), sim_slot(SIM_SLOT_UT), sim_slot(SIM_SLOT_DEV)};

    return invariant_check(roots, ARRAY_SIZE(roots), msg, sizeof(msg));
}

static void populated(void)
{
    sim_boot();
    kassert(sim_retype(SIM_SLOT_UT, seL4_CapTableObject, 3, 20, 1) == seL4_NoError);
    kassert(sim_retype(SIM_SLOT_UT, seL4_EndpointObject, 0, 21, 2) == seL4_NoError);
    kassert(sim_mint(23, 21, 15, 5) == seL4_NoError);
    kassert(sim_copy(24, 23, 15) == seL4_NoError);
}

static void healthy_passes(void)
{
    populated();
    CHECK(check());
    CHECK_STR(msg, "");
}

static void broken_back_link(void)
{
    populated();
    mdb_set_prev(sim_slot(24), sim_slot(21));
    CHECK(!check());
    CHECK_CONTAINS(msg, "link back");
}

static void null_cap_linked(void)
{
    populated();
    sim_slot(24)->cap = cap_null();
    CHECK(!check());
    CHECK_CONTAINS(msg, "null cap");
}

static void cap_left_in_dead_cnode(void)
{
    populated();
    /* Write a cap into the CNode at 20, then drop the CNode's cap without emptying it. */
    kassert(sim_invoke(20, CNodeCopy, SIM_SLOT_CNODE, SIM_NONE, SIM_MR(0, 3, 21, 64, 15)) ==
            seL4_NoError);
    cdt_empty_slot(sim_slot(20));
    CHECK(!check());
    CHECK_CONTAINS(msg, "no live CNode");
}

static void overlapping_objects(void)
{
    populated();
    /* An endpoint cap over the CNode's memory, linked after the untyped. */
    cdt_insert_new(sim_slot(SIM_SLOT_UT), sim_slot(30),
                   cap_endpoint_new(cap_ptr(sim_slot(20)->cap) + 16, 0, 15));
    CHECK(!check());
    CHECK_CONTAINS(msg, "overlap");
}

static void object_above_watermark(void)
{
    populated();
    sim_slot(SIM_SLOT_UT)->cap = cap_untyped_set_free_index(sim_slot(SIM_SLOT_UT)->cap, 1);
    CHECK(!check());
    CHECK_CONTAINS(msg, "free index");
}

static void object_outside_its_untyped_list(void)
{
    populated();
    /* An endpoint inside the untyped's used region but in a list of its own. */
    sim_boot_cap(30, cap_endpoint_new(SIM_UT_PA + 0x800, 0, 15));
    CHECK(!check());
    CHECK_CONTAINS(msg, "not below untyped");
}

static void revocable_copy(void)
{
    populated();
    kassert(sim_copy(25, 20, 15) == seL4_NoError);
    mdb_set_flags(sim_slot(25), true, true);
    CHECK(!check());
    CHECK_CONTAINS(msg, "revocable");
}

static void misaligned_untyped(void)
{
    populated();
    sim_boot_cap(30, cap_untyped_new(SIM_UT_PA + 0x800, SIM_UT_BITS - 1, false, 0));
    CHECK(!check());
    CHECK_CONTAINS(msg, "aligned");
}

static void cycle(void)
{
    populated();
    mdb_set_next(sim_slot(24), sim_slot(SIM_SLOT_UT));
    mdb_set_prev(sim_slot(SIM_SLOT_UT), sim_slot(24));
    CHECK(!check());
}

static void zombie_with_full_slot_past_count(void)
{
    populated();
    /* CNode 20 (8 slots) with a cap in slot 5, as a Zombie that claims 3 slots left. */
    kassert(sim_invoke(20, CNodeCopy, SIM_SLOT_CNODE, SIM_NONE, SIM_MR(5, 3, 21, 64, 15)) ==
            seL4_NoError);
    sim_slot(20)->cap = cap_zombie_new(cap_ptr(sim_slot(20)->cap), 3, 3);
    CHECK(!check());
    CHECK_CONTAINS(msg, "past its count");
}

static void endpoint_state_without_queue(void)
{
    populated();
    ep_at(cap_ptr(sim_slot(21)->cap))->tail_state = EP_SEND;
    CHECK(!check());
    CHECK_CONTAINS(msg, "state and queue");
}

TEST_CASES({healthy_passes, "healthy_passes"}, {broken_back_link, "broken_back_link"},
           {null_cap_linked, "null_cap_linked"}, {cap_left_in_dead_cnode, "cap_left_in_dead_cnode"},
           {overlapping_objects, "overlapping_objects"},
           {object_above_watermark, "object_above_watermark"},
           {object_outside_its_untyped_list, "object_outside_its_untyped_list"},
           {zombie_with_full_slot_past_count, "zombie_with_full_slot_past_count"},
           {endpoint_state_without_queue, "endpoint_state_without_queue"},
           {revocable_copy, "revocable_copy"}, {misaligned_untyped, "misaligned_untyped"},
           {cycle, "cycle"}, );
TEST_MAIN("object/invariant")
