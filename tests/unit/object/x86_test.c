// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of the x86_64 invocations that need no hardware:
 * ASIDControl_MakePool, ASIDPool_Assign and IOPortControl_Issue, with
 * success, every error, and what deleting pools, PML4s and port caps
 * gives back.
 */
#include "test.h"
#include "sim.h"

#include <arch/object/asid.h>
#include <arch/object/cap.h>
#include <arch/object/ioport.h>
#include <object/untyped.h>

#define U   20 /* a page-sized untyped */
#define P   21 /* an ASID pool cap */
#define V   22 /* a PML4 */
#define D   23 /* free */
#define DEP 64

static cap_t cap_at(word_t i)
{
    return sim_slot(i)->cap;
}

static status_t make_pool(word_t ut, word_t dest)
{
    return sim_invoke(SIM_SLOT_ASID_CONTROL, X86ASIDControlMakePool, ut, SIM_SLOT_CNODE,
                      SIM_MR(dest, DEP));
}

static status_t assign(word_t pool, word_t vspace)
{
    return sim_invoke(pool, X86ASIDPoolAssign, vspace, SIM_NONE, 0, NULL);
}

static void setup(void)
{
    sim_boot();
    kassert(sim_retype(SIM_SLOT_UT, seL4_UntypedObject, seL4_ASIDPoolBits, U, 1) == seL4_NoError);
    kassert(sim_retype(SIM_SLOT_UT, seL4_X64_PML4Object, 0, V, 1) == seL4_NoError);
}

static void make_pool_and_assign(void)
{
    setup();
    CHECK_EQ(make_pool(U, P), seL4_NoError);
    CHECK_EQ(cap_type(cap_at(P)), CAP_ASID_POOL);
    CHECK_EQ(cap_asid_pool_asid_base(cap_at(P)), 0);
    CHECK_EQ(cap_untyped_free_index(cap_at(U)), untyped_max_free_index(seL4_ASIDPoolBits));
    CHECK(asid_pool_for(0) != NULL);
    CHECK_EQ(sim_copy(D, V, 15), seL4_IllegalOperation); /* unassigned PML4 */
    CHECK_EQ(assign(P, V), seL4_NoError);
    CHECK(cap_pml4_is_mapped(cap_at(V)));
    CHECK_EQ(cap_pml4_mapped_asid(cap_at(V)), 1); /* ASID 0 is never used */
    CHECK_EQ(asid_pool_for(1)->vspace[1], cap_ptr(cap_at(V)));
    CHECK_EQ(sim_copy(D, V, 15), seL4_NoError);
    CHECK(sim_check());
    /* The last cap to an assigned PML4 frees its ASID. */
    CHECK_EQ(sim_delete(V), seL4_NoError);
    CHECK_EQ(asid_pool_for(1)->vspace[1], cap_ptr(cap_at(D)));
    CHECK_EQ(sim_delete(D), seL4_NoError);
    CHECK_EQ(asid_pool_for(1)->vspace[1], 0);
    /* The last cap to a pool frees its place in the table. */
    CHECK_EQ(sim_delete(P), seL4_NoError);
    CHECK(asid_pool_for(0) == NULL);
    CHECK(sim_check());
}

static void make_pool_errors(void)
{
    setup();
    CHECK_EQ(
        sim_invoke(SIM_SLOT_ASID_CONTROL, X86ASIDPoolAssign, U, SIM_SLOT_CNODE, SIM_MR(P, DEP)),
        seL4_IllegalOperation);
    CHECK_EQ(
        sim_invoke(SIM_SLOT_ASID_CONTROL, X86ASIDControlMakePool, U, SIM_SLOT_CNODE, SIM_MR(P)),
        seL4_TruncatedMessage);
    CHECK_EQ(sim_invoke(SIM_SLOT_ASID_CONTROL, X86ASIDControlMakePool, U, SIM_NONE, SIM_MR(P, DEP)),
             seL4_TruncatedMessage);
    CHECK_EQ(make_pool(V, P), seL4_InvalidCapability);
    CHECK_EQ(sim_err.invalid_cap_number, 1);
    CHECK_EQ(make_pool(SIM_SLOT_UT, P), seL4_InvalidCapability); /* not one page */
    CHECK_EQ(sim_retype(SIM_SLOT_DEV, seL4_UntypedObject, 12, D, 1), seL4_NoError);
    CHECK_EQ(make_pool(D, P), seL4_InvalidCapability); /* device memory */
    CHECK_EQ(sim_retype(U, seL4_EndpointObject, 0, P, 1), seL4_NoError);
    CHECK_EQ(make_pool(U, D + 1), seL4_RevokeFirst);
    CHECK_EQ(sim_revoke(U), seL4_NoError);
    CHECK_EQ(
        sim_invoke(SIM_SLOT_ASID_CONTROL, X86ASIDControlMakePool, U, SIM_SLOT_CNODE, SIM_MR(P, 0)),
        seL4_RangeError);
    CHECK_EQ(make_pool(U, V), seL4_DeleteFirst);
    CHECK(asid_pool_for(0) == NULL);
    CHECK(sim_check());
}

static void all_pools_taken(void)
{
    sim_boot();
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_UntypedObject, 12, 30, 9), seL4_NoError);
    for (word_t i = 0; i < ASID_POOLS; i++) {
        CHECK_EQ(make_pool(30 + i, 40 + i), seL4_NoError);
        CHECK_EQ(cap_asid_pool_asid_base(cap_at(40 + i)), i << ASID_LOW_BITS);
    }
    CHECK_EQ(make_pool(30 + ASID_POOLS, 40 + ASID_POOLS), seL4_DeleteFirst);
    CHECK_EQ(sim_delete(43), seL4_NoError);
    CHECK_EQ(make_pool(30 + ASID_POOLS, 40 + ASID_POOLS), seL4_NoError);
    CHECK_EQ(cap_asid_pool_asid_base(cap_at(40 + ASID_POOLS)), 3ul << ASID_LOW_BITS);
    CHECK(sim_check());
}

static void assign_errors(void)
{
    setup();
    CHECK_EQ(make_pool(U, P), seL4_NoError);
    CHECK_EQ(sim_invoke(P, X86ASIDControlMakePool, V, SIM_NONE, 0, NULL), seL4_IllegalOperation);
    CHECK_EQ(sim_invoke(P, X86ASIDPoolAssign, SIM_NONE, SIM_NONE, 0, NULL), seL4_TruncatedMessage);
    CHECK_EQ(assign(P, U), seL4_InvalidCapability);
    CHECK_EQ(sim_err.invalid_cap_number, 1);
    CHECK_EQ(assign(P, V), seL4_NoError);
    CHECK_EQ(assign(P, V), seL4_InvalidCapability); /* already assigned */
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X64_PML4Object, 0, D, 1), seL4_NoError);
    for (word_t i = 0; i < BIT(ASID_LOW_BITS); i++)
        if (!asid_pool_for(0)->vspace[i])
            asid_pool_for(0)->vspace[i] = SIM_BASE; /* fill the pool by hand */
    CHECK_EQ(assign(P, D), seL4_DeleteFirst);
    /* A pool cap whose table entry went away, then one whose entry names another pool. */
    asid_pool_delete(0, cap_ptr(cap_at(P)));
    CHECK_EQ(assign(P, D), seL4_FailedLookup);
    CHECK_EQ(sim_err.lookup_fault.type, seL4_InvalidRoot);
    CHECK_EQ(sim_err.failed_lookup_was_source, false);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_UntypedObject, 12, D + 1, 1), seL4_NoError);
    CHECK_EQ(make_pool(D + 1, D + 2), seL4_NoError);
    CHECK_EQ(assign(P, D), seL4_InvalidCapability);
    CHECK_EQ(sim_err.invalid_cap_number, 0);
}

static status_t issue(word_t first, word_t last, word_t dest, word_t depth)
{
    return sim_invoke(SIM_SLOT_IO_PORT_CONTROL, X86IOPortControlIssue, SIM_SLOT_CNODE, SIM_NONE,
                      SIM_MR(first, last, dest, depth));
}

static void io_port_issue(void)
{
    sim_boot();
    CHECK_EQ(issue(0x103f8, 0x3ff, D, DEP), seL4_NoError); /* ports are 16 bits */
    CHECK_EQ(cap_io_port_first_port(cap_at(D)), 0x3f8);
    CHECK_EQ(cap_io_port_last_port(cap_at(D)), 0x3ff);
    CHECK(mdb_revocable(sim_slot(D)));
    CHECK(cdt_is_parent_of(sim_slot(SIM_SLOT_IO_PORT_CONTROL), sim_slot(D)));
    CHECK(!ioport_range_free(0x3f8, 0x3f8));
    CHECK_EQ(issue(0x3f0, 0x3f8, D + 1, DEP), seL4_RevokeFirst);
    CHECK_EQ(sim_copy(D + 1, D, 15), seL4_NoError);
    CHECK_EQ(sim_delete(D), seL4_NoError);
    CHECK(!ioport_range_free(0x3f8, 0x3ff)); /* the copy still holds them */
    CHECK_EQ(sim_delete(D + 1), seL4_NoError);
    CHECK(ioport_range_free(0x3f8, 0x3ff));
    CHECK_EQ(issue(0x60, 0x64, D, DEP), seL4_NoError);
    CHECK_EQ(issue(0x70, 0x71, D + 1, DEP), seL4_NoError);
    CHECK_EQ(sim_revoke(SIM_SLOT_IO_PORT_CONTROL), seL4_NoError);
    CHECK(ioport_range_free(0, 0xffff));
    CHECK_EQ(sim_copy(D, SIM_SLOT_IO_PORT_CONTROL, 15), seL4_IllegalOperation);
    CHECK(sim_check());
}

static void io_port_issue_errors(void)
{
    sim_boot();
    CHECK_EQ(sim_invoke(SIM_SLOT_IO_PORT_CONTROL, X86IOPortIn8, SIM_SLOT_CNODE, SIM_NONE,
                        SIM_MR(1, 2, D, DEP)),
             seL4_IllegalOperation);
    CHECK_EQ(sim_invoke(SIM_SLOT_IO_PORT_CONTROL, X86IOPortControlIssue, SIM_SLOT_CNODE, SIM_NONE,
                        SIM_MR(1, 2, D)),
             seL4_TruncatedMessage);
    CHECK_EQ(sim_invoke(SIM_SLOT_IO_PORT_CONTROL, X86IOPortControlIssue, SIM_NONE, SIM_NONE,
                        SIM_MR(1, 2, D, DEP)),
             seL4_TruncatedMessage);
    CHECK_EQ(issue(5, 4, D, DEP), seL4_InvalidArgument);
    CHECK_EQ(sim_err.invalid_argument_number, 1);
    CHECK_EQ(issue(4, 5, D, 0), seL4_RangeError);
    CHECK_EQ(issue(4, 5, SIM_SLOT_UT, DEP), seL4_DeleteFirst);
    CHECK(ioport_range_free(4, 5));
    /* A port outside the new cap's range (irq_test.c tests In and Out). */
    CHECK_EQ(issue(4, 5, D, DEP), seL4_NoError);
    CHECK_EQ(sim_invoke(D, X86IOPortIn8, SIM_NONE, SIM_NONE, SIM_MR(6)), seL4_IllegalOperation);
    CHECK(sim_check());
}

TEST_CASES({make_pool_and_assign, "make_pool_and_assign"}, {make_pool_errors, "make_pool_errors"},
           {all_pools_taken, "all_pools_taken"}, {assign_errors, "assign_errors"},
           {io_port_issue, "io_port_issue"}, {io_port_issue_errors, "io_port_issue_errors"}, );
TEST_MAIN("object/x86")
