// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of the x86_64 VSpace invocations (vspace.c): PDPT, page
 * directory, page table and frame Map/Unmap and GetAddress, success and
 * every error with seL4 13.0.0's details, the entries written, what
 * deleting and revoking mapped caps undoes, and the TLB hooks called.
 * 2 MiB and 1 GiB frames do not fit the simulated memory; they are boot
 * caps to device memory past its end, which mapping never touches and the
 * invariant checker never reads.
 */
#include "test.h"
#include "sim.h"

#include <arch/object/asid.h>
#include <arch/object/cap.h>
#include <arch/object/vspace.h>
#include <stdlib.h>

enum {
    POOL_UT = 20, /* a page-sized untyped for the pool */
    POOL,
    VS, /* the PML4, ASID 1 */
    PDPT,
    PD,
    PT,
    F1, /* 4 KiB frames */
    F2,
    VS2, /* a second PML4, ASID 2 */
    FREE = 40,
    LARGE = 50, /* a 2 MiB frame (boot cap) */
    HUGE,       /* a 1 GiB frame (boot cap) */
};

#define DEP        64
#define RW         (KAAL_CAP_ALLOW_READ | KAAL_CAP_ALLOW_WRITE)
#define VA         0x0000008040201000ul /* index 1 at every level */
#define TABLE_BITS (VS_PTE_PRESENT | VS_PTE_WRITE | VS_PTE_USER)
#define LARGE_PA   0x800000ul   /* just past the simulated memory */
#define HUGE_PA    0x40000000ul /* 1 GiB */

static cap_t cap_at(word_t i)
{
    return sim_slot(i)->cap;
}

/* The entry at index in the table (or PML4) that slot's cap names. */
static uint64_t *entry(word_t slot, word_t index)
{
    return (uint64_t *)sim_ptr(cap_ptr(cap_at(slot))) + index;
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

static status_t map_table(word_t slot, word_t label, word_t vspace, vaddr_t va, word_t attr)
{
    return sim_invoke(slot, label, vspace, SIM_NONE, SIM_MR(va, attr));
}

static status_t map_frame(word_t slot, word_t vspace, vaddr_t va, word_t rights, word_t attr)
{
    return sim_invoke(slot, X86PageMap, vspace, SIM_NONE, SIM_MR(va, rights, attr));
}

static status_t invoke0(word_t slot, word_t label)
{
    return sim_invoke(slot, label, SIM_NONE, SIM_NONE, 0, NULL);
}

/* The four levels above VA, mapped into VS. */
static void map_levels(void)
{
    CHECK_EQ(map_table(PDPT, X86PDPTMap, VS, VA, 0), seL4_NoError);
    CHECK_EQ(map_table(PD, X86PageDirectoryMap, VS, VA, 0), seL4_NoError);
    CHECK_EQ(map_table(PT, X86PageTableMap, VS, VA, 0), seL4_NoError);
}

/* A pool, an assigned PML4, one of each table and two 4 KiB frames; nothing mapped. */
static void setup(void)
{
    sim_boot();
    kassert(sim_retype(SIM_SLOT_UT, seL4_UntypedObject, seL4_ASIDPoolBits, POOL_UT, 1) == 0);
    kassert(make_pool(POOL_UT, POOL) == seL4_NoError);
    kassert(sim_retype(SIM_SLOT_UT, seL4_X64_PML4Object, 0, VS, 1) == seL4_NoError);
    kassert(assign(POOL, VS) == seL4_NoError);
    kassert(sim_retype(SIM_SLOT_UT, seL4_X86_PDPTObject, 0, PDPT, 1) == seL4_NoError);
    kassert(sim_retype(SIM_SLOT_UT, seL4_X86_PageDirectoryObject, 0, PD, 1) == seL4_NoError);
    kassert(sim_retype(SIM_SLOT_UT, seL4_X86_PageTableObject, 0, PT, 1) == seL4_NoError);
    kassert(sim_retype(SIM_SLOT_UT, seL4_X86_4K, 0, F1, 2) == seL4_NoError);
    kassert(cap_pml4_mapped_asid(cap_at(VS)) == 1);
}

/* A second VSpace, ASID 2. */
static void setup_vs2(void)
{
    kassert(sim_retype(SIM_SLOT_UT, seL4_X64_PML4Object, 0, VS2, 1) == seL4_NoError);
    kassert(assign(POOL, VS2) == seL4_NoError);
}

static uint8_t *snap;

static void snapshot(void)
{
    if (!snap)
        snap = malloc(SIM_SIZE);
    kassert(snap);
    memcpy(snap, sim_ptr(SIM_BASE), SIM_SIZE);
}

static bool unchanged(void)
{
    return memcmp(snap, sim_ptr(SIM_BASE), SIM_SIZE) == 0;
}

/* A failed invocation returns err and changes no byte of memory (decode, then invoke). */
#define CHECK_FAILS(call, err)                                                                     \
    do {                                                                                           \
        snapshot();                                                                                \
        CHECK_EQ(call, err);                                                                       \
        CHECK(unchanged());                                                                        \
    } while (0)

static void map_all_levels(void)
{
    setup();
    CHECK_EQ(sim_vspace_hooks.kernel_copies, 1); /* the PML4's kernel half */
    CHECK_EQ(sim_vspace_hooks.last_pml4, cap_ptr(cap_at(VS)));
    map_levels();
    CHECK_EQ(*entry(VS, 1), cap_ptr(cap_at(PDPT)) | TABLE_BITS);
    CHECK_EQ(*entry(PDPT, 1), cap_ptr(cap_at(PD)) | TABLE_BITS);
    CHECK_EQ(*entry(PD, 1), cap_ptr(cap_at(PT)) | TABLE_BITS);
    /* Each table records the base of the region it translates and the ASID. */
    CHECK(cap_pdpt_is_mapped(cap_at(PDPT)));
    CHECK_EQ(cap_pdpt_mapped_address(cap_at(PDPT)), 0x8000000000ul);
    CHECK_EQ(cap_pdpt_mapped_asid(cap_at(PDPT)), 1);
    CHECK(cap_page_directory_is_mapped(cap_at(PD)));
    CHECK_EQ(cap_page_directory_mapped_address(cap_at(PD)), 0x8040000000ul);
    CHECK_EQ(cap_page_directory_mapped_asid(cap_at(PD)), 1);
    CHECK(cap_page_table_is_mapped(cap_at(PT)));
    CHECK_EQ(cap_page_table_mapped_address(cap_at(PT)), 0x8040200000ul);
    CHECK_EQ(cap_page_table_mapped_asid(cap_at(PT)), 1);
    CHECK_EQ(map_frame(F1, VS, VA, RW, 0), seL4_NoError);
    CHECK_EQ(*entry(PT, 1), cap_ptr(cap_at(F1)) | TABLE_BITS);
    CHECK_EQ(cap_frame_map_type(cap_at(F1)), FRAME_MAP_VSPACE);
    CHECK_EQ(cap_frame_mapped_address(cap_at(F1)), VA);
    CHECK_EQ(cap_frame_mapped_asid(cap_at(F1)), 1);
    CHECK_EQ(sim_vspace_hooks.page_flushes, 0); /* nothing was there before */
    /* Mapped tables can be copied now; the copy of a mapped frame is not mapped. */
    CHECK_EQ(sim_copy(FREE, PT, 15), seL4_NoError);
    CHECK_EQ(sim_copy(FREE + 1, F1, 15), seL4_NoError);
    CHECK_EQ(cap_frame_map_type(cap_at(FREE + 1)), FRAME_MAP_NONE);
    CHECK_EQ(cap_frame_mapped_asid(cap_at(FREE + 1)), 0);
    CHECK_EQ(sim_delete(FREE + 1), seL4_NoError); /* deleting the copy leaves the mapping */
    CHECK_EQ(*entry(PT, 1), cap_ptr(cap_at(F1)) | TABLE_BITS);
    CHECK(sim_check());
}

static void get_address(void)
{
    setup();
    CHECK_EQ(invoke0(F1, X86PageGetAddress), seL4_NoError);
    CHECK_EQ(sim_reply.length, 1);
    CHECK_EQ(sim_reply.mr[0], cap_ptr(cap_at(F1)));
    sim_boot_cap(HUGE, cap_frame_new(HUGE_PA, FRAME_1G, true));
    CHECK_EQ(invoke0(HUGE, X86PageGetAddress), seL4_NoError);
    CHECK_EQ(sim_reply.mr[0], HUGE_PA);
    CHECK_FAILS(invoke0(F1, X86PDPTMap), seL4_IllegalOperation);
    CHECK_FAILS(invoke0(VS, X86PageGetAddress), seL4_IllegalOperation); /* a PML4 has none */
    CHECK_FAILS(invoke0(VS, X86PageTableMap), seL4_IllegalOperation);
    CHECK_EQ(sim_reply.length, 0);
}

static void table_map_errors(void)
{
    setup();
    CHECK_FAILS(sim_invoke(PT, X86PageTableMap, VS, SIM_NONE, SIM_MR(VA)), seL4_TruncatedMessage);
    CHECK_FAILS(map_table(PT, X86PageTableMap, SIM_NONE, VA, 0), seL4_TruncatedMessage);
    CHECK_FAILS(map_table(PT, X86PageDirectoryMap, VS, VA, 0), seL4_IllegalOperation);
    CHECK_FAILS(map_table(PD, X86PageTableUnmap, VS, VA, 0), seL4_IllegalOperation);
    CHECK_FAILS(map_table(PT, X86PageTableMap, POOL, VA, 0), seL4_InvalidCapability);
    CHECK_EQ(sim_err.invalid_cap_number, 1);
    CHECK_FAILS(map_table(PT, X86PageTableMap, FREE, VA, 0), seL4_InvalidCapability); /* empty */
    CHECK_EQ(sim_err.invalid_cap_number, 1);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X64_PML4Object, 0, FREE, 1), seL4_NoError);
    CHECK_FAILS(map_table(PT, X86PageTableMap, FREE, VA, 0), seL4_InvalidCapability); /* no ASID */
    CHECK_EQ(sim_err.invalid_cap_number, 1);
    CHECK_FAILS(map_table(PDPT, X86PDPTMap, VS, 0x800000000000ul, 0), seL4_InvalidArgument);
    CHECK_EQ(sim_err.invalid_argument_number, 0);
    /* A missing upper level: seL4's MissingCapability with the bits it would translate. */
    CHECK_FAILS(map_table(PD, X86PageDirectoryMap, VS, VA, 0), seL4_FailedLookup);
    CHECK_EQ(sim_err.lookup_fault.type, seL4_MissingCapability);
    CHECK_EQ(sim_err.lookup_fault.bits_left, 39);
    CHECK_EQ(sim_err.failed_lookup_was_source, false);
    CHECK_EQ(map_table(PDPT, X86PDPTMap, VS, VA, 0), seL4_NoError);
    CHECK_FAILS(map_table(PT, X86PageTableMap, VS, VA, 0), seL4_FailedLookup);
    CHECK_EQ(sim_err.lookup_fault.bits_left, 30);
    CHECK_EQ(map_table(PD, X86PageDirectoryMap, VS, VA, 0), seL4_NoError);
    CHECK_EQ(map_table(PT, X86PageTableMap, VS, VA, 0), seL4_NoError);
    /* Already mapped: the invoked cap (0); an occupied slot: DeleteFirst. */
    CHECK_FAILS(map_table(PT, X86PageTableMap, VS, VA + 0x40000000ul, 0), seL4_InvalidCapability);
    CHECK_EQ(sim_err.invalid_cap_number, 0);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X86_PageTableObject, 0, FREE + 1, 1), seL4_NoError);
    CHECK_FAILS(map_table(FREE + 1, X86PageTableMap, VS, VA + 0x1000, 0), seL4_DeleteFirst);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X86_PageDirectoryObject, 0, FREE + 2, 1), seL4_NoError);
    CHECK_FAILS(map_table(FREE + 2, X86PageDirectoryMap, VS, VA, 0), seL4_DeleteFirst);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X86_PDPTObject, 0, FREE + 3, 1), seL4_NoError);
    CHECK_FAILS(map_table(FREE + 3, X86PDPTMap, VS, VA, 0), seL4_DeleteFirst);
    /* The vaddr is rounded down to the table's region, so this one fits next door. */
    CHECK_EQ(map_table(FREE + 1, X86PageTableMap, VS, VA + 0x1fffff, 0), seL4_NoError);
    CHECK_EQ(cap_page_table_mapped_address(cap_at(FREE + 1)), 0x8040400000ul);
    CHECK_EQ(*entry(PD, 2), cap_ptr(cap_at(FREE + 1)) | TABLE_BITS);
    /* Attributes go into the table entry too. */
    CHECK_EQ(map_table(FREE + 2, X86PageDirectoryMap, VS, 0x80c0000000ul, 3), seL4_NoError);
    CHECK_EQ(*entry(PDPT, 3), cap_ptr(cap_at(FREE + 2)) | TABLE_BITS | VS_PTE_PWT | VS_PTE_PCD);
    CHECK(sim_check());
}

/* The pool entry of the root's ASID gone, then naming another PML4. */
static void stale_asid(void)
{
    setup();
    map_levels();
    CHECK_EQ(sim_delete(POOL), seL4_NoError);
    CHECK_FAILS(map_frame(F1, VS, VA, RW, 0), seL4_FailedLookup);
    CHECK_EQ(sim_err.lookup_fault.type, seL4_InvalidRoot);
    CHECK_EQ(sim_err.failed_lookup_was_source, false);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X86_PageTableObject, 0, FREE, 1), seL4_NoError);
    CHECK_FAILS(map_table(FREE, X86PageTableMap, VS, 0, 0), seL4_FailedLookup);
    CHECK_EQ(sim_err.lookup_fault.type, seL4_InvalidRoot);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_UntypedObject, 12, FREE + 1, 1), seL4_NoError);
    CHECK_EQ(make_pool(FREE + 1, POOL), seL4_NoError);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X64_PML4Object, 0, VS2, 1), seL4_NoError);
    CHECK_EQ(assign(POOL, VS2), seL4_NoError);
    CHECK_EQ(cap_pml4_mapped_asid(cap_at(VS2)), 1); /* VS's ASID, now another VSpace's */
    CHECK_FAILS(map_frame(F1, VS, VA, RW, 0), seL4_InvalidCapability);
    CHECK_EQ(sim_err.invalid_cap_number, 1);
    CHECK_FAILS(map_table(FREE, X86PageTableMap, VS, 0, 0), seL4_InvalidCapability);
    CHECK_EQ(sim_err.invalid_cap_number, 1);
    /* The tables' unmaps find ASID 1 naming VS2, which does not hold them: nothing changes. */
    CHECK_EQ(invoke0(PT, X86PageTableUnmap), seL4_NoError);
    CHECK_EQ(sim_vspace_hooks.vspace_flushes, 0);
    CHECK_EQ(*entry(PD, 1), cap_ptr(cap_at(PT)) | TABLE_BITS);
    CHECK(!cap_page_table_is_mapped(cap_at(PT)));
    CHECK(sim_check());
}

static void frame_map_errors(void)
{
    setup();
    CHECK_FAILS(sim_invoke(F1, X86PageMap, VS, SIM_NONE, SIM_MR(VA, RW)), seL4_TruncatedMessage);
    CHECK_FAILS(map_frame(F1, SIM_NONE, VA, RW, 0), seL4_TruncatedMessage);
    CHECK_FAILS(map_frame(F1, PT, VA, RW, 0), seL4_InvalidCapability);
    CHECK_EQ(sim_err.invalid_cap_number, 1);
    CHECK_FAILS(map_frame(F1, VS, 0x800000000000ul, RW, 0), seL4_InvalidArgument);
    CHECK_EQ(sim_err.invalid_argument_number, 0);
    /* The last page of user space ends past USER_TOP (seL4 checks the frame's end). */
    CHECK_FAILS(map_frame(F1, VS, 0x7ffffffff000ul, RW, 0), seL4_InvalidArgument);
    CHECK_FAILS(map_frame(F1, VS, 0x7ffffffff800ul, RW, 0), seL4_InvalidArgument); /* not 5 */
    CHECK_FAILS(map_frame(F1, VS, 0x7fffffffe000ul, RW, 0), seL4_FailedLookup);    /* it fits */
    CHECK_FAILS(map_frame(F1, VS, ~0ul & ~0xffful, RW, 0), seL4_InvalidArgument);
    CHECK_FAILS(map_frame(F1, VS, VA + 0x800, RW, 0), seL4_AlignmentError);
    /* No PDPT, PD, PT in turn. */
    CHECK_FAILS(map_frame(F1, VS, VA, RW, 0), seL4_FailedLookup);
    CHECK_EQ(sim_err.lookup_fault.type, seL4_MissingCapability);
    CHECK_EQ(sim_err.lookup_fault.bits_left, 39);
    CHECK_EQ(sim_err.failed_lookup_was_source, false);
    CHECK_EQ(map_table(PDPT, X86PDPTMap, VS, VA, 0), seL4_NoError);
    CHECK_FAILS(map_frame(F1, VS, VA, RW, 0), seL4_FailedLookup);
    CHECK_EQ(sim_err.lookup_fault.bits_left, 30);
    CHECK_EQ(map_table(PD, X86PageDirectoryMap, VS, VA, 0), seL4_NoError);
    CHECK_FAILS(map_frame(F1, VS, VA, RW, 0), seL4_FailedLookup);
    CHECK_EQ(sim_err.lookup_fault.bits_left, 21);
    CHECK_EQ(map_table(PT, X86PageTableMap, VS, VA, 0), seL4_NoError);
    CHECK_EQ(map_frame(F1, VS, VA, RW, 0), seL4_NoError);
    /* A mapped cap maps again only where it is. */
    CHECK_FAILS(map_frame(F1, VS, VA + 0x1000, RW, 0), seL4_InvalidArgument);
    CHECK_EQ(sim_err.invalid_argument_number, 0);
    CHECK(sim_check());
}

/* A frame mapped through one ASID's PML4 cannot be mapped with another's. */
static void frame_other_asid(void)
{
    setup();
    setup_vs2();
    CHECK_EQ(cap_pml4_mapped_asid(cap_at(VS2)), 2);
    map_levels();
    CHECK_EQ(map_frame(F1, VS, VA, RW, 0), seL4_NoError);
    CHECK_FAILS(map_frame(F1, VS2, VA, RW, 0), seL4_InvalidCapability);
    CHECK_EQ(sim_err.invalid_cap_number, 1);
    /* Its unmapped copy can go there, once VS2 has the tables. */
    CHECK_EQ(sim_copy(FREE, F1, 15), seL4_NoError);
    CHECK_FAILS(map_frame(FREE, VS2, VA, RW, 0), seL4_FailedLookup);
    CHECK(sim_check());
}

static void rights_and_attributes(void)
{
    paddr_t f1;

    setup();
    map_levels();
    f1 = cap_ptr(cap_at(F1));
    /* A read-only cap cannot map writable. */
    CHECK_EQ(sim_copy(FREE, F1, KAAL_CAP_ALLOW_READ), seL4_NoError);
    CHECK_EQ(cap_frame_vm_rights(cap_at(FREE)), VM_READ_ONLY);
    CHECK_EQ(map_frame(FREE, VS, VA, RW, 0), seL4_NoError);
    CHECK_EQ(*entry(PT, 1), f1 | VS_PTE_PRESENT | VS_PTE_USER);
    CHECK_EQ(invoke0(FREE, X86PageUnmap), seL4_NoError);
    /* Rights given to Map reduce a read-write cap's. */
    CHECK_EQ(map_frame(F1, VS, VA, KAAL_CAP_ALLOW_READ, 0), seL4_NoError);
    CHECK_EQ(*entry(PT, 1), f1 | VS_PTE_PRESENT | VS_PTE_USER);
    /* Mapping again where it is changes rights and attributes, and flushes the old one. */
    CHECK_EQ(map_frame(F1, VS, VA, RW, 1), seL4_NoError); /* WriteThrough */
    CHECK_EQ(*entry(PT, 1), f1 | TABLE_BITS | VS_PTE_PWT);
    CHECK_EQ(sim_vspace_hooks.page_flushes, 2); /* FREE's unmap, then this */
    CHECK_EQ(sim_vspace_hooks.last_va, VA);
    CHECK_EQ(sim_vspace_hooks.last_pml4, cap_ptr(cap_at(VS)));
    CHECK_EQ(map_frame(F1, VS, VA, RW, 2), seL4_NoError); /* CacheDisabled */
    CHECK_EQ(*entry(PT, 1), f1 | TABLE_BITS | VS_PTE_PCD);
    CHECK_EQ(map_frame(F1, VS, VA, RW, 3), seL4_NoError); /* Uncacheable */
    CHECK_EQ(*entry(PT, 1), f1 | TABLE_BITS | VS_PTE_PCD | VS_PTE_PWT);
    CHECK_EQ(map_frame(F1, VS, VA, RW, 4), seL4_NoError); /* WriteCombining: PAT entry 4 */
    CHECK_EQ(*entry(PT, 1), f1 | TABLE_BITS | VS_PTE_PAT_4K);
    /* Write without read leaves a kernel-only mapping: supervisor, writable (as seL4). */
    CHECK_EQ(map_frame(F1, VS, VA, KAAL_CAP_ALLOW_WRITE, 0), seL4_NoError);
    CHECK_EQ(*entry(PT, 1), f1 | VS_PTE_PRESENT | VS_PTE_WRITE);
    CHECK(sim_check());
}

/* seL4 x86 lets a frame replace a frame; only a table in the way is DeleteFirst. */
static void two_frames_one_address(void)
{
    paddr_t f2;

    setup();
    map_levels();
    f2 = cap_ptr(cap_at(F2));
    CHECK_EQ(map_frame(F1, VS, VA, RW, 0), seL4_NoError);
    CHECK_EQ(map_frame(F2, VS, VA, RW, 0), seL4_NoError);
    CHECK_EQ(*entry(PT, 1), f2 | TABLE_BITS);
    CHECK_EQ(sim_vspace_hooks.page_flushes, 1); /* F1's translation */
    /* F1 still says mapped; its unmap finds F2 there and leaves it. */
    CHECK_EQ(cap_frame_map_type(cap_at(F1)), FRAME_MAP_VSPACE);
    CHECK_EQ(invoke0(F1, X86PageUnmap), seL4_NoError);
    CHECK_EQ(*entry(PT, 1), f2 | TABLE_BITS);
    CHECK_EQ(sim_vspace_hooks.page_flushes, 1);
    CHECK_EQ(cap_frame_map_type(cap_at(F1)), FRAME_MAP_NONE);
    CHECK_EQ(cap_frame_mapped_address(cap_at(F1)), 0);
    CHECK_EQ(cap_frame_mapped_asid(cap_at(F1)), 0);
    /* A large frame over a PD entry that holds a page table, and a PT over a large frame. */
    sim_boot_cap(LARGE, cap_frame_new(LARGE_PA, FRAME_2M, true));
    CHECK_FAILS(map_frame(LARGE, VS, VA & ~MASK(21), RW, 0), seL4_DeleteFirst);
    CHECK_EQ(map_frame(LARGE, VS, 0x8040400000ul, RW, 0), seL4_NoError);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X86_PageTableObject, 0, FREE, 1), seL4_NoError);
    CHECK_FAILS(map_table(FREE, X86PageTableMap, VS, 0x8040400000ul, 0), seL4_DeleteFirst);
    /* A 4 KiB frame below a large one: the PD entry is no table, so no PT is found. */
    CHECK_FAILS(map_frame(F1, VS, 0x8040401000ul, RW, 0), seL4_FailedLookup);
    CHECK_EQ(sim_err.lookup_fault.bits_left, 21);
    /* A huge frame over a PDPT entry that holds a PD, and a PD over a huge frame. */
    sim_boot_cap(HUGE, cap_frame_new(HUGE_PA, FRAME_1G, true));
    CHECK_FAILS(map_frame(HUGE, VS, 0x8040000000ul, RW, 0), seL4_DeleteFirst);
    CHECK_EQ(map_frame(HUGE, VS, 0x8080000000ul, RW, 0), seL4_NoError);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X86_PageDirectoryObject, 0, FREE + 1, 1), seL4_NoError);
    CHECK_FAILS(map_table(FREE + 1, X86PageDirectoryMap, VS, 0x8080000000ul, 0), seL4_DeleteFirst);
    CHECK_EQ(sim_delete(LARGE), seL4_NoError);
    CHECK_EQ(sim_delete(HUGE), seL4_NoError);
    CHECK_EQ(*entry(PD, 2), 0);
    CHECK_EQ(*entry(PDPT, 2), 0);
    CHECK(sim_check());
}

static void unmap_then_map_again(void)
{
    setup();
    map_levels();
    CHECK_EQ(invoke0(F1, X86PageUnmap), seL4_NoError); /* not mapped: nothing to do */
    CHECK_EQ(sim_vspace_hooks.page_flushes, 0);
    CHECK_EQ(map_frame(F1, VS, VA, RW, 0), seL4_NoError);
    CHECK_EQ(invoke0(F1, X86PageUnmap), seL4_NoError);
    CHECK_EQ(*entry(PT, 1), 0);
    CHECK_EQ(sim_vspace_hooks.page_flushes, 1);
    CHECK_EQ(sim_vspace_hooks.last_va, VA);
    CHECK_EQ(sim_vspace_hooks.last_pml4, cap_ptr(cap_at(VS)));
    CHECK_EQ(cap_frame_map_type(cap_at(F1)), FRAME_MAP_NONE);
    CHECK_EQ(map_frame(F1, VS, VA + 0x5000, RW, 0), seL4_NoError);
    CHECK_EQ(*entry(PT, 6), cap_ptr(cap_at(F1)) | TABLE_BITS);
    CHECK_EQ(cap_frame_mapped_address(cap_at(F1)), VA + 0x5000);
    CHECK(sim_check());
}

static void large_and_huge_frames(void)
{
    setup();
    sim_boot_cap(LARGE, cap_frame_new(LARGE_PA, FRAME_2M, true));
    sim_boot_cap(HUGE, cap_frame_new(HUGE_PA, FRAME_1G, true));
    CHECK_FAILS(map_frame(HUGE, VS, 0x8040000000ul, RW, 0), seL4_FailedLookup);
    CHECK_EQ(sim_err.lookup_fault.bits_left, 39);
    CHECK_EQ(map_table(PDPT, X86PDPTMap, VS, VA, 0), seL4_NoError);
    CHECK_FAILS(map_frame(HUGE, VS, 0x8040200000ul, RW, 0), seL4_AlignmentError);
    CHECK_FAILS(map_frame(LARGE, VS, 0x8040200000ul, RW, 0), seL4_FailedLookup);
    CHECK_EQ(sim_err.lookup_fault.bits_left, 30);
    /* The last 1 GiB of user space ends past USER_TOP. */
    CHECK_FAILS(map_frame(HUGE, VS, 0x7fffc0000000ul, RW, 0), seL4_InvalidArgument);
    /* 1 GiB: PS; seL4 leaves the PAT bit clear even for WriteCombining. */
    CHECK_EQ(map_frame(HUGE, VS, 0x8080000000ul, RW, 4 | 2), seL4_NoError);
    CHECK_EQ(*entry(PDPT, 2), HUGE_PA | TABLE_BITS | VS_PTE_LARGE | VS_PTE_PCD);
    CHECK_EQ(map_table(PD, X86PageDirectoryMap, VS, VA, 0), seL4_NoError);
    CHECK_FAILS(map_frame(LARGE, VS, 0x8040201000ul, RW, 0), seL4_AlignmentError);
    CHECK_EQ(map_frame(LARGE, VS, 0x8040200000ul, RW, 4), seL4_NoError);
    CHECK_EQ(*entry(PD, 1), LARGE_PA | TABLE_BITS | VS_PTE_LARGE | VS_PTE_PAT_LARGE);
    CHECK_EQ(cap_frame_mapped_address(cap_at(LARGE)), 0x8040200000ul);
    CHECK(sim_check()); /* both mapped, their memory outside the simulation */
    /* Unmap compares the page's address without the PAT bit. */
    CHECK_EQ(invoke0(LARGE, X86PageUnmap), seL4_NoError);
    CHECK_EQ(*entry(PD, 1), 0);
    CHECK_EQ(invoke0(HUGE, X86PageUnmap), seL4_NoError);
    CHECK_EQ(*entry(PDPT, 2), 0);
    CHECK_EQ(sim_vspace_hooks.page_flushes, 2);
    /* Deleting a mapped large frame cap unmaps it. */
    CHECK_EQ(map_frame(LARGE, VS, 0x8040200000ul, RW, 0), seL4_NoError);
    CHECK_EQ(sim_delete(LARGE), seL4_NoError);
    CHECK_EQ(*entry(PD, 1), 0);
    CHECK_EQ(sim_delete(HUGE), seL4_NoError);
    CHECK(sim_check());
}

/* Revoking the untyped a mapped frame came from unmaps it. */
static void revoke_untyped_unmaps(void)
{
    setup();
    map_levels();
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_UntypedObject, 14, FREE, 1), seL4_NoError);
    CHECK_EQ(sim_retype(FREE, seL4_X86_4K, 0, FREE + 1, 3), seL4_NoError);
    CHECK_EQ(map_frame(FREE + 1, VS, VA, RW, 0), seL4_NoError);
    CHECK_EQ(map_frame(FREE + 3, VS, VA + 0x2000, RW, 0), seL4_NoError);
    CHECK_EQ(*entry(PT, 1), cap_ptr(cap_at(FREE + 1)) | TABLE_BITS);
    CHECK_EQ(sim_revoke(FREE), seL4_NoError);
    CHECK(cap_is_null(cap_at(FREE + 1)));
    CHECK_EQ(*entry(PT, 1), 0);
    CHECK_EQ(*entry(PT, 3), 0);
    CHECK_EQ(sim_vspace_hooks.page_flushes, 2);
    CHECK_EQ(sim_vspace_hooks.last_pml4, cap_ptr(cap_at(VS)));
    CHECK(sim_check());
    /* Revoking the untyped of everything: the tables, the PML4 and the frames all go. */
    CHECK_EQ(map_frame(F1, VS, VA, RW, 0), seL4_NoError);
    CHECK_EQ(sim_revoke(SIM_SLOT_UT), seL4_NoError);
    CHECK(cap_is_null(cap_at(F1)));
    CHECK(cap_is_null(cap_at(VS)));
    CHECK(asid_pool_for(1) == NULL);
    CHECK(sim_check());
}

/* Deleting a page table leaves the frames below saying "mapped"; their unmap finds nothing. */
static void delete_table_below_frame(void)
{
    setup();
    map_levels();
    CHECK_EQ(map_frame(F1, VS, VA, RW, 0), seL4_NoError);
    CHECK_EQ(sim_copy(FREE, PT, 15), seL4_NoError);
    CHECK_EQ(sim_delete(PT), seL4_NoError); /* not the last cap */
    CHECK_EQ(*entry(PD, 1), cap_ptr(cap_at(FREE)) | TABLE_BITS);
    CHECK_EQ(sim_vspace_hooks.vspace_flushes, 0);
    CHECK_EQ(sim_delete(FREE), seL4_NoError);
    CHECK_EQ(*entry(PD, 1), 0);
    CHECK_EQ(sim_vspace_hooks.vspace_flushes, 1);
    CHECK_EQ(sim_vspace_hooks.last_pml4, cap_ptr(cap_at(VS)));
    CHECK_EQ(cap_frame_map_type(cap_at(F1)), FRAME_MAP_VSPACE);
    CHECK_EQ(invoke0(F1, X86PageUnmap), seL4_NoError);
    CHECK_EQ(sim_vspace_hooks.page_flushes, 0);
    CHECK_EQ(cap_frame_map_type(cap_at(F1)), FRAME_MAP_NONE);
    /* A new table in the old place holds nothing of F1's. */
    CHECK_EQ(map_frame(F2, VS, VA, RW, 0), seL4_FailedLookup);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_X86_PageTableObject, 0, PT, 1), seL4_NoError);
    CHECK_EQ(map_table(PT, X86PageTableMap, VS, VA, 0), seL4_NoError);
    CHECK_EQ(map_frame(F2, VS, VA, RW, 0), seL4_NoError);
    CHECK(sim_check());
}

/* Unmap of a table needs its last cap, clears its entry and zeroes it. */
static void table_unmap(void)
{
    static const word_t slots[] = {PT, PD, PDPT};
    static const word_t labels[] = {X86PageTableUnmap, X86PageDirectoryUnmap, X86PDPTUnmap};
    static const word_t above[] = {PD, PDPT, VS};

    setup();
    map_levels();
    CHECK_EQ(map_frame(F1, VS, VA, RW, 0), seL4_NoError);
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(sim_copy(FREE, slots[i], 15), seL4_NoError);
        CHECK_FAILS(invoke0(slots[i], labels[i]), seL4_RevokeFirst);
        CHECK_EQ(sim_delete(FREE), seL4_NoError);
        CHECK(*entry(above[i], 1) != 0);
        CHECK_EQ(invoke0(slots[i], labels[i]), seL4_NoError);
        CHECK_EQ(*entry(above[i], 1), 0);
        CHECK_EQ(*entry(slots[i], 1), 0); /* zeroed */
        CHECK_EQ(sim_vspace_hooks.vspace_flushes, (unsigned long)i + 1);
        CHECK_EQ(invoke0(slots[i], labels[i]), seL4_NoError); /* unmapped: nothing to do */
        CHECK_EQ(sim_vspace_hooks.vspace_flushes, (unsigned long)i + 1);
        CHECK(sim_check());
    }
    CHECK(!cap_page_table_is_mapped(cap_at(PT)));
    CHECK_EQ(cap_page_table_mapped_address(cap_at(PT)), 0);
    CHECK_EQ(cap_page_table_mapped_asid(cap_at(PT)), 0);
    CHECK(!cap_pdpt_is_mapped(cap_at(PDPT)));
    /* An unmapped table cannot be copied (as before) but can be mapped again. */
    CHECK_EQ(sim_copy(FREE, PD, 15), seL4_IllegalOperation);
    map_levels();
    CHECK_EQ(invoke0(F1, X86PageUnmap), seL4_NoError);
    CHECK_EQ(sim_vspace_hooks.page_flushes, 0); /* its entry went with the PT's contents */
    CHECK(sim_check());
}

/* Deleting the PML4 frees the ASID; every cap mapped through it then unmaps nothing. */
static void delete_pml4(void)
{
    setup();
    map_levels();
    CHECK_EQ(map_frame(F1, VS, VA, RW, 0), seL4_NoError);
    CHECK_EQ(sim_delete(VS), seL4_NoError);
    CHECK_EQ(asid_pool_for(1)->vspace[1], 0);
    CHECK_EQ(cap_frame_map_type(cap_at(F1)), FRAME_MAP_VSPACE);
    CHECK_EQ(invoke0(F1, X86PageUnmap), seL4_NoError);
    CHECK_EQ(sim_delete(PT), seL4_NoError);
    CHECK_EQ(invoke0(PD, X86PageDirectoryUnmap), seL4_NoError);
    CHECK_EQ(sim_delete(PDPT), seL4_NoError);
    CHECK_EQ(sim_vspace_hooks.page_flushes, 0);
    CHECK_EQ(sim_vspace_hooks.vspace_flushes, 0);
    CHECK(sim_check());
}

TEST_CASES({map_all_levels, "map_all_levels"}, {get_address, "get_address"},
           {table_map_errors, "table_map_errors"}, {stale_asid, "stale_asid"},
           {frame_map_errors, "frame_map_errors"}, {frame_other_asid, "frame_other_asid"},
           {rights_and_attributes, "rights_and_attributes"},
           {two_frames_one_address, "two_frames_one_address"},
           {unmap_then_map_again, "unmap_then_map_again"},
           {large_and_huge_frames, "large_and_huge_frames"},
           {revoke_untyped_unmaps, "revoke_untyped_unmaps"},
           {delete_table_below_frame, "delete_table_below_frame"}, {table_unmap, "table_unmap"},
           {delete_pml4, "delete_pml4"}, );
TEST_MAIN("object/vspace")
