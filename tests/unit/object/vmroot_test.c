// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of what losing an ASID does to the VSpace the CPU runs on
 * (seL4's setVMRoot after deleteASID and deleteASIDPool): the last cap to
 * an assigned PML4, its pool, or the untyped it came from goes, and the
 * simulated CR3 (sim_cr3.h) leaves that PML4 for the kernel's own; other
 * PML4s, copies and unassigned PML4s leave it alone.
 */
#include "test.h"
#include "sim.h"
#include "sim_cr3.h"

#include <arch/object/asid.h>
#include <arch/object/cap.h>

enum {
    POOL_UT = 20, /* a page-sized untyped for the pool */
    POOL,
    VS_UT, /* a 16 KiB untyped holding VS */
    VS,    /* ASID 1 */
    VS2,   /* ASID 2 */
    COPY,
    FREE,
};

#define DEP 64

static cap_t cap_at(word_t i)
{
    return sim_slot(i)->cap;
}

/* A pool with two assigned PML4s, VS (from VS_UT) and VS2; CR3 on VS. */
static void setup(void)
{
    sim_boot();
    kassert(sim_retype(SIM_SLOT_UT, seL4_UntypedObject, seL4_ASIDPoolBits, POOL_UT, 1) == 0);
    kassert(sim_invoke(SIM_SLOT_ASID_CONTROL, X86ASIDControlMakePool, POOL_UT, SIM_SLOT_CNODE,
                       SIM_MR(POOL, DEP)) == seL4_NoError);
    kassert(sim_retype(SIM_SLOT_UT, seL4_UntypedObject, 14, VS_UT, 1) == seL4_NoError);
    kassert(sim_retype(VS_UT, seL4_X64_PML4Object, 0, VS, 1) == seL4_NoError);
    kassert(sim_retype(SIM_SLOT_UT, seL4_X64_PML4Object, 0, VS2, 1) == seL4_NoError);
    kassert(sim_invoke(POOL, X86ASIDPoolAssign, VS, SIM_NONE, 0, NULL) == seL4_NoError);
    kassert(sim_invoke(POOL, X86ASIDPoolAssign, VS2, SIM_NONE, 0, NULL) == seL4_NoError);
    sim_cr3 = cap_ptr(cap_at(VS));
    sim_vspace_invalidations = 0;
}

static void delete_current_pml4(void)
{
    setup();
    CHECK_EQ(asid_vspace(1), cap_ptr(cap_at(VS)));
    CHECK_EQ(sim_delete(VS), seL4_NoError);
    CHECK_EQ(asid_vspace(1), 0);
    CHECK_EQ(sim_cr3, SIM_KERNEL_PML4);
    CHECK_EQ(sim_vspace_invalidations, 1);
    CHECK(sim_check());
}

static void delete_other_pml4(void)
{
    setup();
    CHECK_EQ(sim_delete(VS2), seL4_NoError);
    CHECK_EQ(sim_cr3, cap_ptr(cap_at(VS)));
    CHECK_EQ(sim_vspace_invalidations, 1);
    CHECK_EQ(asid_vspace(1), cap_ptr(cap_at(VS)));
}

/* Only the last cap frees the ASID. */
static void delete_copy_then_last_cap(void)
{
    setup();
    CHECK_EQ(sim_copy(COPY, VS, KAAL_CAP_ALL_RIGHTS), seL4_NoError);
    CHECK_EQ(sim_delete(VS), seL4_NoError);
    CHECK_EQ(sim_vspace_invalidations, 0);
    CHECK_EQ(sim_cr3, cap_ptr(cap_at(COPY)));
    CHECK_EQ(sim_delete(COPY), seL4_NoError);
    CHECK_EQ(sim_vspace_invalidations, 1);
    CHECK_EQ(sim_cr3, SIM_KERNEL_PML4);
}

static void delete_unassigned_pml4(void)
{
    setup();
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X64_PML4Object, 0, FREE, 1), seL4_NoError);
    CHECK_EQ(sim_delete(FREE), seL4_NoError);
    CHECK_EQ(sim_vspace_invalidations, 0);
    CHECK_EQ(sim_cr3, cap_ptr(cap_at(VS)));
}

/* Revoking the untyped deletes the PML4 on the way: CR3 leaves it before it can be reused. */
static void revoke_untyped_of_current_pml4(void)
{
    setup();
    paddr_t pml4 = cap_ptr(cap_at(VS));
    CHECK_EQ(sim_revoke(VS_UT), seL4_NoError);
    CHECK_EQ(sim_cr3, SIM_KERNEL_PML4);
    CHECK_EQ(sim_retype(VS_UT, seL4_X86_4K, 0, FREE, 4), seL4_NoError);
    CHECK_EQ(cap_ptr(cap_at(FREE)), pml4); /* the memory is reused, and was not in CR3 */
    CHECK(sim_check());
}

/* Every PML4 of a deleted pool loses its ASID; the caps still say "mapped". */
static void delete_pool(void)
{
    setup();
    sim_cr3 = cap_ptr(cap_at(VS2));
    CHECK_EQ(sim_delete(POOL), seL4_NoError);
    CHECK_EQ(sim_vspace_invalidations, 2);
    CHECK_EQ(sim_cr3, SIM_KERNEL_PML4);
    CHECK_EQ(asid_vspace(1), 0);
    CHECK_EQ(asid_vspace(2), 0);
    CHECK(cap_pml4_is_mapped(cap_at(VS)));
    /* Deleting the PML4s afterwards finds no pool: nothing more to invalidate. */
    CHECK_EQ(sim_delete(VS), seL4_NoError);
    CHECK_EQ(sim_vspace_invalidations, 2);
    CHECK(sim_check());
}

TEST_CASES({delete_current_pml4, "delete_current_pml4"}, {delete_other_pml4, "delete_other_pml4"},
           {delete_copy_then_last_cap, "delete_copy_then_last_cap"},
           {delete_unassigned_pml4, "delete_unassigned_pml4"},
           {revoke_untyped_of_current_pml4, "revoke_untyped_of_current_pml4"},
           {delete_pool, "delete_pool"}, );
TEST_MAIN("object/vmroot")
