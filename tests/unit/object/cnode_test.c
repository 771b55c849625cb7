// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of the CNode invocations: Copy, Mint, Move, Mutate, Rotate,
 * Delete, Revoke, CancelBadgedSends and SaveCaller, each with success and
 * every error it can return, and where the new caps land in the
 * derivation tree.
 */
#include "test.h"
#include "sim.h"

#include <arch/object/cap.h>
#include <object/untyped.h>

#define EP  SIM_FREE       /* an endpoint retyped by setup() */
#define CN  (SIM_FREE + 1) /* a CNode of 2^4 slots */
#define D   (SIM_FREE + 2) /* a free slot to write to */
#define D2  (SIM_FREE + 3)
#define DEP 64

static cap_t cap_at(word_t i)
{
    return sim_slot(i)->cap;
}

static void setup(void)
{
    sim_boot();
    kassert(sim_retype(SIM_SLOT_UT, seL4_EndpointObject, 0, EP, 1) == seL4_NoError);
    kassert(sim_retype(SIM_SLOT_UT, seL4_CapTableObject, 4, CN, 1) == seL4_NoError);
}

static status_t cnode_call(word_t label, size_t len, const word_t *mr)
{
    return sim_invoke(SIM_SLOT_CNODE, label, SIM_SLOT_CNODE, SIM_SLOT_CNODE, len, mr);
}

static void copy_masks_rights_and_links_child(void)
{
    setup();
    CHECK_EQ(sim_copy(D, EP, KAAL_CAP_ALLOW_READ | KAAL_CAP_ALLOW_GRANT), seL4_NoError);
    CHECK_EQ(cap_type(cap_at(D)), CAP_ENDPOINT);
    CHECK_EQ(cap_endpoint_rights(cap_at(D)), KAAL_CAP_ALLOW_READ | KAAL_CAP_ALLOW_GRANT);
    CHECK_EQ(cap_ptr(cap_at(D)), cap_ptr(cap_at(EP)));
    CHECK(mdb_next(sim_slot(EP)) == sim_slot(D));
    CHECK(cdt_is_parent_of(sim_slot(EP), sim_slot(D)));
    CHECK(!mdb_revocable(sim_slot(D)));
    CHECK(!cdt_is_final(sim_slot(EP)));
    CHECK(sim_check());
}

static void copy_errors(void)
{
    setup();
    CHECK_EQ(cnode_call(UntypedRetype, SIM_MR(D, DEP, EP, DEP, 15)), seL4_IllegalOperation);
    CHECK_EQ(cnode_call(CNodeCopy, SIM_MR(D)), seL4_TruncatedMessage);
    CHECK_EQ(cnode_call(CNodeCopy, SIM_MR(D, DEP, EP)), seL4_TruncatedMessage);
    CHECK_EQ(cnode_call(CNodeCopy, SIM_MR(D, DEP, EP, DEP)), seL4_TruncatedMessage);
    CHECK_EQ(sim_invoke(SIM_SLOT_CNODE, CNodeCopy, SIM_NONE, SIM_NONE, SIM_MR(D, DEP, EP, DEP, 15)),
             seL4_TruncatedMessage);
    CHECK_EQ(cnode_call(CNodeCopy, SIM_MR(D, 0, EP, DEP, 15)), seL4_RangeError);
    CHECK_EQ(sim_err.range_min, 1);
    CHECK_EQ(sim_err.range_max, 64);
    CHECK_EQ(cnode_call(CNodeCopy, SIM_MR(EP, DEP, EP, DEP, 15)), seL4_DeleteFirst);
    CHECK_EQ(cnode_call(CNodeCopy, SIM_MR(D, DEP, D2, DEP, 15)), seL4_FailedLookup);
    CHECK_EQ(sim_err.failed_lookup_was_source, true);
    CHECK_EQ(sim_err.lookup_fault.type, seL4_MissingCapability);
    CHECK_EQ(sim_err.lookup_fault.bits_left, DEP);
    CHECK_EQ(cnode_call(CNodeCopy, SIM_MR(D, DEP, EP, 65, 15)), seL4_RangeError);
    CHECK_EQ(cnode_call(CNodeCopy, SIM_MR(D, 32, EP, DEP, 15)), seL4_FailedLookup);
    CHECK_EQ(sim_err.failed_lookup_was_source, false);
    CHECK_EQ(sim_err.lookup_fault.type, seL4_GuardMismatch);
    CHECK(sim_check());
}

static void copy_refusals(void)
{
    setup();
    /* Reply, IRQControl and Zombie caps derive to nothing: IllegalOperation. */
    sim_boot_cap(D2, cap_new(CAP_IRQ_CONTROL));
    CHECK_EQ(sim_copy(D, D2, 15), seL4_IllegalOperation);
    /* An untyped with children could hand their memory out twice. */
    CHECK_EQ(sim_copy(D, SIM_SLOT_UT, 15), seL4_RevokeFirst);
    /* An unmapped page table: seL4 refuses to copy it. */
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X86_PageTableObject, 0, D2 + 1, 1), seL4_NoError);
    CHECK_EQ(sim_copy(D, D2 + 1, 15), seL4_IllegalOperation);
    CHECK(cap_is_null(cap_at(D)));
    CHECK(sim_check());
}

static void copy_untyped_marks_original_full(void)
{
    setup();
    CHECK_EQ(sim_copy(D, SIM_SLOT_DEV, 15), seL4_NoError);
    CHECK_EQ(cap_untyped_free_index(cap_at(SIM_SLOT_DEV)), untyped_max_free_index(SIM_DEV_BITS));
    CHECK_EQ(cap_untyped_free_index(cap_at(D)), 0);
    CHECK_EQ(sim_retype(SIM_SLOT_DEV, seL4_X86_4K, 0, D2, 1), seL4_NotEnoughMemory);
    CHECK_EQ(sim_retype(D, seL4_X86_4K, 0, D2, 1), seL4_NoError);
    CHECK(sim_check());
}

static void copy_frame_keeps_vm_rights_rule(void)
{
    setup();
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X86_4K, 0, D, 1), seL4_NoError);
    CHECK_EQ(sim_copy(D2, D, KAAL_CAP_ALLOW_READ), seL4_NoError);
    CHECK_EQ(cap_frame_vm_rights(cap_at(D2)), VM_READ_ONLY);
    CHECK_EQ(sim_copy(D2 + 1, D, KAAL_CAP_ALLOW_WRITE), seL4_NoError);
    CHECK_EQ(cap_frame_vm_rights(cap_at(D2 + 1)), VM_KERNEL_ONLY);
    CHECK(sim_check());
}

static void mint_badges_once(void)
{
    setup();
    CHECK_EQ(sim_mint(D, EP, 15, 0x42), seL4_NoError);
    CHECK_EQ(cap_endpoint_badge(cap_at(D)), 0x42);
    CHECK(mdb_revocable(sim_slot(D)));
    CHECK(mdb_first_badged(sim_slot(D)));
    /* A badged cap cannot be given another badge. */
    CHECK_EQ(sim_mint(D2, D, 15, 0x43), seL4_IllegalOperation);
    /* Minting it with the badge it has is no re-badge, but still refused (badge != 0). */
    CHECK_EQ(sim_mint(D2, D, 15, 0x42), seL4_IllegalOperation);
    CHECK_EQ(sim_copy(D2, D, 15), seL4_NoError);
    CHECK(cdt_is_parent_of(sim_slot(D), sim_slot(D2)));
    CHECK(!cdt_is_parent_of(sim_slot(D), sim_slot(EP)));
    CHECK_EQ(sim_invoke(SIM_SLOT_CNODE, CNodeMint, SIM_SLOT_CNODE, SIM_NONE,
                        SIM_MR(D2 + 1, DEP, EP, DEP, 15)),
             seL4_TruncatedMessage);
    CHECK(sim_check());
}

static void mint_sets_cnode_guard(void)
{
    word_t data = (60ul << CNODE_CAPDATA_GUARD_SHIFT) | 60; /* guard 60 bits + radix 4 = 64: fits */

    setup();
    CHECK_EQ(sim_mint(D, CN, 15, (5ul << CNODE_CAPDATA_GUARD_SHIFT) | 3), seL4_NoError);
    CHECK_EQ(cap_cnode_guard_size(cap_at(D)), 3);
    CHECK_EQ(cap_cnode_guard(cap_at(D)), 5);
    CHECK_EQ(sim_mint(D2, CN, 15, data), seL4_NoError);
    CHECK_EQ(sim_mint(D2 + 1, CN, 15, 61), seL4_IllegalOperation); /* 61 + radix 4 > 64 */
    CHECK(sim_check());
}

static void move_keeps_tree_position(void)
{
    setup();
    CHECK_EQ(sim_copy(D, EP, 15), seL4_NoError);
    CHECK_EQ(sim_move(D2, D), seL4_NoError);
    CHECK(cap_is_null(cap_at(D)));
    CHECK(mdb_next(sim_slot(EP)) == sim_slot(D2));
    CHECK(mdb_prev(sim_slot(D2)) == sim_slot(EP));
    CHECK_EQ(sim_move(EP, D2), seL4_DeleteFirst);
    CHECK_EQ(sim_move(D2 + 1, D), seL4_FailedLookup);
    CHECK_EQ(sim_err.lookup_fault.type, seL4_MissingCapability);
    /* A source in another CNode, looked up with that CNode as root: its slot 0 is empty. */
    CHECK_EQ(sim_invoke(SIM_SLOT_CNODE, CNodeMove, CN, SIM_NONE, SIM_MR(D, DEP, 0, 4)),
             seL4_FailedLookup);
    CHECK(sim_check());
}

static void mutate_rules(void)
{
    setup();
    CHECK_EQ(sim_mutate(D, CN, (1ul << CNODE_CAPDATA_GUARD_SHIFT) | 2), seL4_NoError);
    CHECK(cap_is_null(cap_at(CN)));
    CHECK_EQ(cap_cnode_guard(cap_at(D)), 1);
    CHECK_EQ(cap_cnode_guard_size(cap_at(D)), 2);
    /* Endpoints take a badge only through Mint. */
    CHECK_EQ(sim_mutate(D2, EP, 7), seL4_IllegalOperation);
    CHECK(!cap_is_null(cap_at(EP)));
    CHECK_EQ(
        sim_invoke(SIM_SLOT_CNODE, CNodeMutate, SIM_SLOT_CNODE, SIM_NONE, SIM_MR(D2, DEP, EP, DEP)),
        seL4_TruncatedMessage);
    CHECK(sim_check());
}

static status_t rotate(word_t dest, word_t pivot, word_t src, word_t pivot_data, word_t src_data)
{
    return cnode_call(CNodeRotate, SIM_MR(dest, DEP, pivot_data, pivot, DEP, src_data, src, DEP));
}

#define FR (SIM_FREE + 8) /* a 4 KiB frame, for Rotate: Mutate data leaves frames alone */

static void rotate_moves_two_caps(void)
{
    setup();
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X86_4K, 0, FR, 1), seL4_NoError);
    /* pivot -> dest, src -> pivot. */
    CHECK_EQ(rotate(D, CN, FR, 0, 0), seL4_NoError);
    CHECK_EQ(cap_type(cap_at(D)), CAP_CNODE);
    CHECK_EQ(cap_type(cap_at(CN)), CAP_FRAME);
    CHECK(cap_is_null(cap_at(FR)));
    CHECK(cdt_is_parent_of(sim_slot(SIM_SLOT_UT), sim_slot(D)));
    /* dest == src swaps the two. */
    CHECK_EQ(rotate(D, CN, D, 0, 0), seL4_NoError);
    CHECK_EQ(cap_type(cap_at(D)), CAP_FRAME);
    CHECK_EQ(cap_type(cap_at(CN)), CAP_CNODE);
    CHECK(sim_check());
}

static void rotate_errors(void)
{
    setup();
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X86_4K, 0, FR, 1), seL4_NoError);
    CHECK_EQ(cnode_call(CNodeRotate, SIM_MR(D, DEP, 0, CN, DEP, 0, FR)), seL4_TruncatedMessage);
    CHECK_EQ(sim_invoke(SIM_SLOT_CNODE, CNodeRotate, SIM_SLOT_CNODE, SIM_NONE,
                        SIM_MR(D, DEP, 0, CN, DEP, 0, FR, DEP)),
             seL4_TruncatedMessage);
    CHECK_EQ(rotate(D, FR, FR, 0, 0), seL4_IllegalOperation);  /* pivot == src */
    CHECK_EQ(rotate(CN, CN, FR, 0, 0), seL4_IllegalOperation); /* pivot == dest */
    CHECK_EQ(rotate(SIM_SLOT_UT, CN, FR, 0, 0), seL4_DeleteFirst);
    CHECK_EQ(rotate(D, CN, D2, 0, 0), seL4_FailedLookup);
    CHECK_EQ(sim_err.failed_lookup_was_source, true);
    CHECK_EQ(sim_err.lookup_fault.type, seL4_MissingCapability);
    CHECK_EQ(rotate(D, D2, FR, 0, 0), seL4_FailedLookup);
    CHECK_EQ(sim_err.failed_lookup_was_source, false);
    CHECK_EQ(rotate(D, 0, FR, 0, 0), seL4_FailedLookup); /* slot 0 is empty too */
    CHECK_EQ(cnode_call(CNodeRotate, SIM_MR(D, DEP, 0, CN, 0, 0, FR, DEP)), seL4_RangeError);
    /* Endpoints take no Mutate data, not even 0: seL4's updateCapData gives a null cap. */
    CHECK_EQ(rotate(D, CN, EP, 0, 0), seL4_IllegalOperation);
    CHECK_EQ(rotate(D, CN, FR, 63, 0), seL4_IllegalOperation); /* guard 63 + radix 4 > 64 */
    CHECK_EQ(rotate(D, CN, FR, 65, 0), seL4_NoError);          /* guard size 1, guard 1 */
    CHECK_EQ(cap_cnode_guard_size(cap_at(D)), 1);
    CHECK_EQ(cap_type(cap_at(CN)), CAP_FRAME);
    CHECK(sim_check());
}

static void delete_and_revoke(void)
{
    setup();
    CHECK_EQ(sim_copy(D, EP, 15), seL4_NoError);
    CHECK_EQ(sim_mint(D2, EP, 15, 9), seL4_NoError);
    CHECK_EQ(sim_delete(D2 + 1), seL4_NoError); /* deleting an empty slot does nothing */
    CHECK_EQ(sim_revoke(EP), seL4_NoError);
    CHECK(cap_is_null(cap_at(D)));
    CHECK(cap_is_null(cap_at(D2)));
    CHECK(!cap_is_null(cap_at(EP)));
    CHECK_EQ(sim_delete(EP), seL4_NoError);
    CHECK(cap_is_null(cap_at(EP)));
    CHECK_EQ(cnode_call(CNodeDelete, SIM_MR(EP)), seL4_TruncatedMessage);
    CHECK_EQ(cnode_call(CNodeRevoke, SIM_MR(EP, 0)), seL4_RangeError);
    CHECK(sim_check());
}

static void revoke_badge_keeps_others(void)
{
    setup();
    CHECK_EQ(sim_mint(D, EP, 15, 1), seL4_NoError);
    CHECK_EQ(sim_copy(D2, D, 15), seL4_NoError);
    CHECK_EQ(sim_mint(D2 + 1, EP, 15, 2), seL4_NoError);
    CHECK_EQ(sim_copy(D2 + 2, EP, 15), seL4_NoError);
    CHECK_EQ(sim_revoke(D), seL4_NoError);
    CHECK(cap_is_null(cap_at(D2)));
    CHECK(!cap_is_null(cap_at(D2 + 1)));
    CHECK(!cap_is_null(cap_at(D2 + 2)));
    /* Deleting the badge's original hands its role to the next cap with that badge. */
    CHECK_EQ(sim_copy(D2 + 3, D2 + 1, 15), seL4_NoError);
    CHECK_EQ(sim_delete(D2 + 1), seL4_NoError);
    CHECK(mdb_first_badged(sim_slot(D2 + 3)));
    CHECK(sim_check());
}

static void cancel_badged_sends(void)
{
    setup();
    CHECK_EQ(sim_mint(D, EP, 15, 3), seL4_NoError);
    CHECK_EQ(cnode_call(CNodeCancelBadgedSends, SIM_MR(D, DEP)), seL4_NoError);
    CHECK_EQ(cnode_call(CNodeCancelBadgedSends, SIM_MR(EP, DEP)), seL4_NoError);
    CHECK_EQ(sim_mint(D2, EP, KAAL_CAP_ALLOW_WRITE | KAAL_CAP_ALLOW_READ | KAAL_CAP_ALLOW_GRANT, 3),
             seL4_NoError);
    CHECK_EQ(cnode_call(CNodeCancelBadgedSends, SIM_MR(D2, DEP)), seL4_IllegalOperation);
    CHECK_EQ(cnode_call(CNodeCancelBadgedSends, SIM_MR(CN, DEP)), seL4_IllegalOperation);
    CHECK_EQ(cnode_call(CNodeCancelBadgedSends, SIM_MR(D2 + 1, DEP)), seL4_IllegalOperation);
    CHECK(sim_check());
}

static void save_caller(void)
{
    struct tcb *t = sim_tcb();

    setup();
    CHECK_EQ(cnode_call(CNodeSaveCaller, SIM_MR(EP, DEP)), seL4_DeleteFirst);
    CHECK_EQ(cnode_call(CNodeSaveCaller, SIM_MR(D, DEP)), seL4_NoError); /* no caller: nothing */
    CHECK(cap_is_null(cap_at(D)));
    tcb_setup_reply_master(t);
    cdt_insert(cap_reply_new(SIM_TCB_PA, false, KAAL_CAP_ALLOW_GRANT), &t->cnode[TCB_REPLY],
               &t->cnode[TCB_CALLER]);
    CHECK_EQ(cnode_call(CNodeSaveCaller, SIM_MR(D, DEP)), seL4_NoError);
    CHECK_EQ(cap_type(cap_at(D)), CAP_REPLY);
    CHECK(cap_is_null(t->cnode[TCB_CALLER].cap));
    CHECK(mdb_prev(sim_slot(D)) == &t->cnode[TCB_REPLY]);
    CHECK(sim_check());
}

static void wrong_label_and_short_message(void)
{
    setup();
    CHECK_EQ(cnode_call(CNodeSaveCaller + 1, SIM_MR(D, DEP)), seL4_IllegalOperation);
    CHECK_EQ(cnode_call(CNodeRevoke - 1, SIM_MR(D, DEP)), seL4_IllegalOperation);
    CHECK_EQ(sim_invoke(SIM_SLOT_CNODE, CNodeDelete, SIM_NONE, SIM_NONE, 0, NULL),
             seL4_TruncatedMessage);
    CHECK_EQ(sim_invoke(D, CNodeDelete, SIM_NONE, SIM_NONE, SIM_MR(EP, DEP)),
             seL4_InvalidCapability);
    CHECK_EQ(sim_invoke(EP, CNodeDelete, SIM_NONE, SIM_NONE, SIM_MR(EP, DEP)),
             seL4_IllegalOperation);
}

/* Every CNode invocation first looks up its destination, with the same errors. */
static void destination_lookup_errors(void)
{
    setup();
    for (word_t label = CNodeRevoke; label <= CNodeSaveCaller; label++) {
        const word_t bad_depth[] = {D, 0, EP, DEP, 15, 0, 0, 0};
        const word_t bad_guard[] = {1ul << 63, DEP, EP, DEP, 15, 0, 0, 0};
        const word_t short_walk[] = {D << 4, DEP - 4 + 8, EP, DEP, 15, 0, 0, 0};

        CHECK_EQ(cnode_call(label, 8, bad_depth), seL4_RangeError);
        CHECK_EQ(sim_err.range_min, 1);
        CHECK_EQ(sim_err.range_max, 64);
        CHECK_EQ(cnode_call(label, 8, bad_guard), seL4_FailedLookup);
        CHECK_EQ(sim_err.failed_lookup_was_source, false);
        CHECK_EQ(sim_err.lookup_fault.type, seL4_GuardMismatch);
        CHECK_EQ(sim_err.lookup_fault.bits_left, 64);
        CHECK_EQ(sim_err.lookup_fault.bits_found, 56);
        CHECK_EQ(cnode_call(label, 8, short_walk), seL4_RangeError); /* depth 68 */
    }
    CHECK(sim_check());
}

TEST_CASES({copy_masks_rights_and_links_child, "copy_masks_rights_and_links_child"},
           {copy_errors, "copy_errors"}, {copy_refusals, "copy_refusals"},
           {copy_untyped_marks_original_full, "copy_untyped_marks_original_full"},
           {copy_frame_keeps_vm_rights_rule, "copy_frame_vm_rights"},
           {mint_badges_once, "mint_badges_once"}, {mint_sets_cnode_guard, "mint_sets_cnode_guard"},
           {move_keeps_tree_position, "move_keeps_tree_position"}, {mutate_rules, "mutate_rules"},
           {rotate_moves_two_caps, "rotate_moves_two_caps"}, {rotate_errors, "rotate_errors"},
           {delete_and_revoke, "delete_and_revoke"},
           {revoke_badge_keeps_others, "revoke_badge_keeps_others"},
           {cancel_badged_sends, "cancel_badged_sends"}, {save_caller, "save_caller"},
           {wrong_label_and_short_message, "wrong_label_and_short_message"},
           {destination_lookup_errors, "destination_lookup_errors"}, );
TEST_MAIN("object/cnode")
