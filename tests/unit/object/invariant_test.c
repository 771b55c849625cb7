// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of the invariant checker itself: a healthy universe passes,
 * and each kind of corruption it exists to catch is reported.  The IRQ
 * node is a root of every check; caps that name memory outside the
 * simulated memory (devices) are checked without being read.
 */
#include "test.h"
#include "sim.h"

#include <object/endpoint.h>
#include <object/invariant.h>
#include <object/irq.h>
#include <object/untyped.h>
#include <arch/object/cap.h>
#include <arch/object/irq.h>

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

static void device_frame_outside_memory(void)
{
    populated();
    /* Only CNodes, TCBs and Zombies are read through: this address has no memory here. */
    sim_boot_cap(30, cap_frame_new(0xfee00000ul, FRAME_4K, true));
    sim_boot_cap(31, cap_frame_new(0x40000000ul, FRAME_1G, true));
    CHECK(check());
    CHECK_STR(msg, "");
    kassert(sim_copy(32, 30, 15) == seL4_NoError);
    CHECK(check());
}

/* Two handler slots, a notification and its badged copy, which SetNotification copies on. */
enum { IH = 40, IH2, IN, INB };
#define IRQ IRQ_USER_MIN

static void irq_populated(void)
{
    populated();
    kassert(sim_invoke(SIM_SLOT_IRQ_CONTROL, X86IRQIssueIRQHandlerMSI, SIM_SLOT_CNODE, SIM_NONE,
                       SIM_MR(IH, 64, 0, 0, 0, 0, 0)) == seL4_NoError);
    kassert(sim_retype(SIM_SLOT_UT, seL4_NotificationObject, 0, IN, 1) == seL4_NoError);
    kassert(sim_mint(INB, IN, 15, 7) == seL4_NoError);
    kassert(sim_invoke(IH, IRQSetIRQHandler, INB, SIM_NONE, 0, NULL) == seL4_NoError);
}

static void irq_node_is_a_root(void)
{
    cte_t *node = irq_node_slot(IRQ);

    irq_populated();
    CHECK(mdb_next(sim_slot(INB)) == node);
    CHECK(check());
    CHECK_STR(msg, "");
    /* Derive the handler and the notification; the node's copy stays the last of its badge. */
    kassert(sim_copy(IH2, IH, 15) == seL4_NoError);
    kassert(sim_copy(44, INB, 15) == seL4_NoError);
    CHECK(check());
    /* Deleting the user's badged caps leaves the node's copy, still in the tree. */
    kassert(sim_delete(44) == seL4_NoError && sim_delete(INB) == seL4_NoError);
    CHECK(!cap_is_null(node->cap));
    CHECK(mdb_next(sim_slot(IN)) == node);
    CHECK(check());
    /* Deleting the handlers empties the node slot and frees the IRQ. */
    kassert(sim_delete(IH) == seL4_NoError && sim_delete(IH2) == seL4_NoError);
    CHECK(cap_is_null(node->cap));
    CHECK(check());
}

static void irq_node_unreachable_link(void)
{
    cte_t *node = irq_node_slot(IRQ), *after;

    irq_populated();
    /* The list skips the node's copy, which still names its old neighbour as its prev. */
    after = mdb_next(node);
    mdb_set_next(sim_slot(INB), after);
    if (after)
        mdb_set_prev(after, sim_slot(INB));
    mdb_set_next(node, NULL);
    CHECK(!check());
    CHECK_CONTAINS(msg, "link back");
}

static void irq_node_cap_outside_the_tree(void)
{
    irq_populated();
    /* A second copy written into another active IRQ's slot, linked to nothing. */
    kassert(sim_invoke(SIM_SLOT_IRQ_CONTROL, X86IRQIssueIRQHandlerMSI, SIM_SLOT_CNODE, SIM_NONE,
                       SIM_MR(IH2, 64, 0, 0, 0, 0, 1)) == seL4_NoError);
    irq_node_slot(IRQ + 1)->cap = sim_slot(IN)->cap;
    CHECK(!check());
    CHECK_CONTAINS(msg, "not below untyped");
}

static void irq_node_slot_of_inactive_irq(void)
{
    irq_populated();
    /* The node's copy moved by hand to the slot of an IRQ nobody holds. */
    cdt_move(irq_node_slot(IRQ)->cap, irq_node_slot(IRQ), irq_node_slot(IRQ + 2));
    CHECK(!check());
    CHECK_CONTAINS(msg, "IRQ node slot 18 is full but IRQ 18 is inactive");
}

static void irq_node_holds_other_cap(void)
{
    irq_populated();
    kassert(sim_invoke(IH, IRQClearIRQHandler, SIM_NONE, SIM_NONE, 0, NULL) == seL4_NoError);
    cdt_insert(sim_slot(21)->cap, sim_slot(21), irq_node_slot(IRQ)); /* an endpoint copy */
    CHECK(!check());
    CHECK_CONTAINS(msg, "IRQ node slot 16 holds cap type");
}

static void handler_of_inactive_irq(void)
{
    irq_populated();
    kassert(sim_invoke(IH, IRQClearIRQHandler, SIM_NONE, SIM_NONE, 0, NULL) == seL4_NoError);
    irq_deleted_handler(IRQ); /* as if the last handler had gone */
    CHECK(!check());
    CHECK_CONTAINS(msg, "names inactive IRQ 16");
}

TEST_CASES({healthy_passes, "healthy_passes"}, {broken_back_link, "broken_back_link"},
           {null_cap_linked, "null_cap_linked"}, {cap_left_in_dead_cnode, "cap_left_in_dead_cnode"},
           {overlapping_objects, "overlapping_objects"},
           {object_above_watermark, "object_above_watermark"},
           {object_outside_its_untyped_list, "object_outside_its_untyped_list"},
           {zombie_with_full_slot_past_count, "zombie_with_full_slot_past_count"},
           {endpoint_state_without_queue, "endpoint_state_without_queue"},
           {revocable_copy, "revocable_copy"}, {misaligned_untyped, "misaligned_untyped"},
           {cycle, "cycle"}, {device_frame_outside_memory, "device_frame_outside_memory"},
           {irq_node_is_a_root, "irq_node_is_a_root"},
           {irq_node_unreachable_link, "irq_node_unreachable_link"},
           {irq_node_cap_outside_the_tree, "irq_node_cap_outside_the_tree"},
           {irq_node_slot_of_inactive_irq, "irq_node_slot_of_inactive_irq"},
           {irq_node_holds_other_cap, "irq_node_holds_other_cap"},
           {handler_of_inactive_irq, "handler_of_inactive_irq"}, );
TEST_MAIN("object/invariant")
