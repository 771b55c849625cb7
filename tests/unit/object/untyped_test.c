// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of Untyped_Retype: every object type, the watermark and
 * alignment, reset when the children are gone (also preempted), and each
 * error seL4 returns with its details.
 */
#include "test.h"
#include "sim.h"

#include <object/untyped.h>
#include <arch/object/cap.h>

static cap_t cap_at(word_t i)
{
    return sim_slot(i)->cap;
}

static void retype_every_type(void)
{
    static const struct {
        word_t type, size, cap;
    } t[] = {
        {seL4_UntypedObject, 12, CAP_UNTYPED},
        {seL4_TCBObject, 0, CAP_THREAD},
        {seL4_EndpointObject, 0, CAP_ENDPOINT},
        {seL4_NotificationObject, 0, CAP_NOTIFICATION},
        {seL4_CapTableObject, 4, CAP_CNODE},
        {seL4_X86_PDPTObject, 0, CAP_PDPT},
        {seL4_X64_PML4Object, 0, CAP_PML4},
        {seL4_X86_4K, 0, CAP_FRAME},
        {seL4_X86_PageTableObject, 0, CAP_PAGE_TABLE},
        {seL4_X86_PageDirectoryObject, 0, CAP_PAGE_DIRECTORY},
    };

    sim_boot();
    for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
        word_t dest = SIM_FREE + i;

        CHECK_EQ(sim_retype(SIM_SLOT_UT, t[i].type, t[i].size, dest, 1), seL4_NoError);
        CHECK_EQ(cap_type(cap_at(dest)), t[i].cap);
        CHECK_EQ(cap_ptr(cap_at(dest)) % BIT(cap_size_bits(cap_at(dest))), 0);
        CHECK(cdt_is_parent_of(sim_slot(SIM_SLOT_UT), sim_slot(dest)));
        CHECK(sim_check());
    }
    CHECK_EQ(cap_cnode_radix(cap_at(SIM_FREE + 4)), 4);
    CHECK_EQ(cap_untyped_block_size(cap_at(SIM_FREE)), 12);
}

static void watermark_and_alignment(void)
{
    sim_boot();
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_EndpointObject, 0, SIM_FREE, 3), seL4_NoError);
    CHECK_EQ(cap_untyped_free_index(cap_at(SIM_SLOT_UT)), 3);
    CHECK_EQ(cap_ptr(cap_at(SIM_FREE + 2)), SIM_UT_PA + 32);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_TCBObject, 0, SIM_FREE + 3, 1), seL4_NoError);
    CHECK_EQ(cap_ptr(cap_at(SIM_FREE + 3)), SIM_UT_PA + BIT(seL4_TCBBits));
    CHECK_EQ(untyped_free_index_to_offset(cap_untyped_free_index(cap_at(SIM_SLOT_UT))),
             2 * BIT(seL4_TCBBits));
    CHECK(sim_check());
}

static void device_untyped(void)
{
    sim_boot();
    memset(sim_ptr(SIM_DEV_PA), 0xa5, 16);
    CHECK_EQ(sim_retype(SIM_SLOT_DEV, seL4_EndpointObject, 0, SIM_FREE, 1), seL4_InvalidArgument);
    CHECK_EQ(sim_err.invalid_argument_number, 1);
    CHECK_EQ(sim_retype(SIM_SLOT_DEV, seL4_X86_4K, 0, SIM_FREE, 1), seL4_NoError);
    CHECK_EQ(cap_frame_is_device(cap_at(SIM_FREE)), 1);
    CHECK_EQ(*(uint8_t *)sim_ptr(SIM_DEV_PA), 0xa5); /* device memory is never zeroed */
    CHECK_EQ(sim_retype(SIM_SLOT_DEV, seL4_UntypedObject, 12, SIM_FREE + 1, 1), seL4_NoError);
    CHECK_EQ(cap_untyped_is_device(cap_at(SIM_FREE + 1)), 1);
    CHECK(sim_check());
}

static void label_and_length_errors(void)
{
    sim_boot();
    CHECK_EQ(sim_invoke(SIM_SLOT_UT, CNodeCopy, SIM_SLOT_CNODE, SIM_NONE,
                        SIM_MR(seL4_EndpointObject, 0, 0, 0, SIM_FREE, 1)),
             seL4_IllegalOperation);
    CHECK_EQ(sim_invoke(SIM_SLOT_UT, UntypedRetype, SIM_SLOT_CNODE, SIM_NONE,
                        SIM_MR(seL4_EndpointObject, 0, 0, 0, SIM_FREE)),
             seL4_TruncatedMessage);
    CHECK_EQ(sim_invoke(SIM_SLOT_UT, UntypedRetype, SIM_NONE, SIM_NONE,
                        SIM_MR(seL4_EndpointObject, 0, 0, 0, SIM_FREE, 1)),
             seL4_TruncatedMessage);
}

static void type_and_size_errors(void)
{
    sim_boot();
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_ObjectTypeCount, 0, SIM_FREE, 1), seL4_InvalidArgument);
    CHECK_EQ(sim_err.invalid_argument_number, 0);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_UntypedObject, 64, SIM_FREE, 1), seL4_RangeError);
    CHECK_EQ(sim_err.range_min, 0);
    CHECK_EQ(sim_err.range_max, seL4_MaxUntypedBits);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_UntypedObject, 48, SIM_FREE, 1), seL4_RangeError);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_CapTableObject, 43, SIM_FREE, 1), seL4_RangeError);
    CHECK_EQ(sim_err.range_max, seL4_MaxUntypedBits);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_CapTableObject, 0, SIM_FREE, 1), seL4_InvalidArgument);
    CHECK_EQ(sim_err.invalid_argument_number, 1);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_UntypedObject, 3, SIM_FREE, 1), seL4_InvalidArgument);
    CHECK_EQ(sim_err.invalid_argument_number, 1);
    CHECK(sim_check());
}

static status_t retype_to(word_t index, word_t depth, word_t offset, word_t n)
{
    return sim_invoke(SIM_SLOT_UT, UntypedRetype, SIM_SLOT_CNODE, SIM_NONE,
                      SIM_MR(seL4_EndpointObject, 0, index, depth, offset, n));
}

static void destination_errors(void)
{
    sim_boot();
    /* node_depth 0 means the root itself; a non-zero depth looks a CNode up in it. */
    CHECK_EQ(retype_to(SIM_FREE, 64, 0, 1), seL4_FailedLookup);
    CHECK_EQ(sim_err.failed_lookup_was_source, false);
    CHECK_EQ(sim_err.lookup_fault.type, seL4_MissingCapability);
    CHECK_EQ(sim_err.lookup_fault.bits_left, 64);
    CHECK_EQ(retype_to(SIM_SLOT_UT, 64, 0, 1), seL4_FailedLookup); /* an untyped, not a CNode */
    CHECK_EQ(retype_to(SIM_SLOT_CNODE, 65, 0, 1), seL4_RangeError);
    CHECK_EQ(sim_err.range_min, 1);
    CHECK_EQ(sim_err.range_max, 64);
    CHECK_EQ(retype_to(SIM_SLOT_CNODE, 60, 0, 1), seL4_FailedLookup);
    CHECK_EQ(sim_err.lookup_fault.type, seL4_DepthMismatch);
    CHECK_EQ(retype_to(0, 0, 256, 1), seL4_RangeError);
    CHECK_EQ(sim_err.range_min, 0);
    CHECK_EQ(sim_err.range_max, 255);
    CHECK_EQ(retype_to(0, 0, SIM_FREE, 0), seL4_RangeError);
    CHECK_EQ(sim_err.range_min, 1);
    CHECK_EQ(sim_err.range_max, RETYPE_FAN_OUT_LIMIT);
    CHECK_EQ(retype_to(0, 0, 0, 257), seL4_RangeError);
    CHECK_EQ(retype_to(0, 0, 250, 7), seL4_RangeError);
    CHECK_EQ(sim_err.range_max, 6);
    CHECK_EQ(retype_to(0, 0, SIM_SLOT_DEV, 1), seL4_DeleteFirst);
    CHECK_EQ(retype_to(0, 0, SIM_SLOT_DEV - 1, 3), seL4_DeleteFirst);
    CHECK_EQ(sim_invoke(SIM_SLOT_UT, UntypedRetype, SIM_SLOT_UT, SIM_NONE,
                        SIM_MR(seL4_EndpointObject, 0, 0, 0, SIM_FREE, 1)),
             seL4_FailedLookup);
    CHECK_EQ(sim_err.lookup_fault.type, seL4_MissingCapability);
    CHECK_EQ(sim_err.lookup_fault.bits_left, 0);
    CHECK_EQ(cap_untyped_free_index(cap_at(SIM_SLOT_UT)), 0); /* nothing changed */
    CHECK(sim_check());
}

static void not_enough_memory(void)
{
    sim_boot();
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X86_LargePageObject, 0, SIM_FREE, 1),
             seL4_NotEnoughMemory);
    CHECK_EQ(sim_err.memory_left, BIT(SIM_UT_BITS));
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_UntypedObject, 19, SIM_FREE, 1), seL4_NoError);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_UntypedObject, 19, SIM_FREE + 1, 2),
             seL4_NotEnoughMemory);
    CHECK_EQ(sim_err.memory_left, BIT(19));
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_UntypedObject, 19, SIM_FREE + 1, 1), seL4_NoError);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_EndpointObject, 0, SIM_FREE + 2, 1),
             seL4_NotEnoughMemory);
    CHECK_EQ(sim_err.memory_left, 0);
    CHECK(sim_check());
}

static void reset_after_children_go(void)
{
    sim_boot();
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X86_4K, 0, SIM_FREE, 4), seL4_NoError);
    memset(sim_ptr(cap_ptr(cap_at(SIM_FREE))), 0x5a, BIT(seL4_PageBits));
    CHECK_EQ(sim_revoke(SIM_SLOT_UT), seL4_NoError);
    CHECK(cap_is_null(cap_at(SIM_FREE)));
    /* The watermark only drops when the untyped is next used. */
    CHECK_EQ(cap_untyped_free_index(cap_at(SIM_SLOT_UT)), 4 * BIT(seL4_PageBits - 4));
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_EndpointObject, 0, SIM_FREE, 1), seL4_NoError);
    CHECK_EQ(cap_ptr(cap_at(SIM_FREE)), SIM_UT_PA);
    CHECK_EQ(cap_untyped_free_index(cap_at(SIM_SLOT_UT)), 1);
    CHECK_EQ(((uint8_t *)sim_ptr(SIM_UT_PA))[100], 0);
    CHECK(sim_check());
}

/* Retypes many pages, revokes them, then retypes with the reset preempted every few chunks. */
static void preempted_reset_matches(void)
{
    static uint8_t plain[SIM_SIZE];
    int restarts = 0;

    for (int round = 0; round < 2; round++) {
        sim_boot();
        CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X86_4K, 0, SIM_FREE, 64), seL4_NoError);
        CHECK_EQ(sim_revoke(SIM_SLOT_UT), seL4_NoError);
        if (round == 1) {
            while (true) {
                sim_preempt_after(7);
                status_t st = sim_invoke(SIM_SLOT_UT, UntypedRetype, SIM_SLOT_CNODE, SIM_NONE,
                                         SIM_MR(seL4_TCBObject, 0, 0, 0, SIM_FREE, 2));
                if (st != STATUS_PREEMPTED) {
                    CHECK_EQ(st, seL4_NoError);
                    break;
                }
                restarts++;
                CHECK(sim_check());
            }
            sim_preempt_after(0);
            CHECK(restarts > 100);
            CHECK(memcmp(plain, sim_ptr(SIM_BASE), SIM_SIZE) == 0);
        } else {
            CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_TCBObject, 0, SIM_FREE, 2), seL4_NoError);
            memcpy(plain, sim_ptr(SIM_BASE), SIM_SIZE);
        }
    }
}

TEST_CASES({retype_every_type, "retype_every_type"},
           {watermark_and_alignment, "watermark_and_alignment"}, {device_untyped, "device_untyped"},
           {label_and_length_errors, "label_and_length_errors"},
           {type_and_size_errors, "type_and_size_errors"},
           {destination_errors, "destination_errors"}, {not_enough_memory, "not_enough_memory"},
           {reset_after_children_go, "reset_after_children_go"},
           {preempted_reset_matches, "preempted_reset_matches"}, );
TEST_MAIN("object/untyped")
