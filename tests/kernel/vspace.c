/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VSpace invocation cases: ASIDPool_Assign of new PML4s, PDPT,
 * PageDirectory, PageTable and Page Map with their errors, Page_GetAddress,
 * and mappings in the root thread's own VSpace (shared frames, 2 MiB
 * frames, cache attributes).  Error codes, details and their order are
 * seL4 13.0.0's (decodeX86FrameInvocation, decodeX86PageTableInvocation,
 * decodeX64PageDirectoryInvocation, decodeX64PDPTInvocation).  What
 * mappings do to user code in another VSpace is vspace_access.c's.
 */
#include "vspace_build.h"

#define KERNEL_VA 0xffff800000000000ul

/* ---- building VSpaces (vspace_build.h) --------------------------------------- */

seL4_CPtr obj(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr s;

    if (!ut)
        return alloc_obj(type, size_bits);
    s = alloc_slot();
    if (!s || seL4_Untyped_Retype(ut, type, size_bits, ROOT, 0, 0, s, 1) != seL4_NoError)
        return 0;
    return s;
}

static bool mapped_or_there(seL4_Error e)
{
    return e == seL4_NoError || e == seL4_DeleteFirst;
}

bool map_tables(seL4_CPtr ut, seL4_CPtr vs, seL4_Word va, int levels)
{
    seL4_CPtr pdpt = obj(ut, seL4_X86_PDPTObject, 0), pd = obj(ut, seL4_X86_PageDirectoryObject, 0);
    seL4_CPtr pt = levels == TO_PT ? obj(ut, seL4_X86_PageTableObject, 0) : 0;

    if (!pdpt || !pd || (levels == TO_PT && !pt))
        return false;
    if (!mapped_or_there(seL4_X86_PDPT_Map(pdpt, vs, va, seL4_X86_Default_VMAttributes)) ||
        !mapped_or_there(seL4_X86_PageDirectory_Map(pd, vs, va, seL4_X86_Default_VMAttributes)))
        return false;
    return levels != TO_PT ||
           mapped_or_there(seL4_X86_PageTable_Map(pt, vs, va, seL4_X86_Default_VMAttributes));
}

seL4_CPtr new_space(seL4_CPtr asid_pool, seL4_CPtr ut)
{
    seL4_CPtr vs = obj(ut, seL4_X64_PML4Object, 0);

    if (!vs || seL4_X86_ASIDPool_Assign(asid_pool, vs) != seL4_NoError)
        return 0;
    return vs;
}

bool map_in_root(seL4_CPtr frame, seL4_Word va)
{
    seL4_CPtr copy = alloc_slot();

    return copy &&
           seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, frame, DEPTH, seL4_AllRights) == seL4_NoError &&
           seL4_X86_Page_Map(copy, seL4_CapInitThreadVSpace, va, seL4_AllRights,
                             seL4_X86_Default_VMAttributes) == seL4_NoError;
}

/* ---- ASIDPool_Assign ----------------------------------------------------- */

static const char *vspace_unassigned_pml4_maps_nothing(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr pml4 = alloc_obj(seL4_X64_PML4Object, 0), pdpt = alloc_obj(seL4_X86_PDPTObject, 0);
    seL4_CPtr pd = alloc_obj(seL4_X86_PageDirectoryObject, 0);
    seL4_CPtr pt = alloc_obj(seL4_X86_PageTableObject, 0), frame = alloc_obj(seL4_X86_4K, 0);
    CHECK(pml4 && pdpt && pd && pt && frame, "cannot make the objects");
    CHECK(seL4_X86_PDPT_Map(pdpt, pml4, 0, 0) == seL4_InvalidCapability && MR(0) == 1,
          "PDPT_Map into an unassigned PML4 is not InvalidCapability 1");
    CHECK(seL4_X86_PageDirectory_Map(pd, pml4, 0, 0) == seL4_InvalidCapability && MR(0) == 1,
          "PageDirectory_Map into an unassigned PML4 is not InvalidCapability 1");
    CHECK(seL4_X86_PageTable_Map(pt, pml4, 0, 0) == seL4_InvalidCapability && MR(0) == 1,
          "PageTable_Map into an unassigned PML4 is not InvalidCapability 1");
    CHECK(seL4_X86_Page_Map(frame, pml4, 0, seL4_AllRights, 0) == seL4_InvalidCapability &&
              MR(0) == 1,
          "Page_Map into an unassigned PML4 is not InvalidCapability 1");
    CHECK(seL4_X86_PDPT_Map(pdpt, pd, 0, 0) == seL4_InvalidCapability && MR(0) == 1,
          "PDPT_Map into a page directory is not InvalidCapability 1");
    return PASS;
}

static const char *vspace_assign_then_map(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr pml4 = alloc_obj(seL4_X64_PML4Object, 0), pdpt = alloc_obj(seL4_X86_PDPTObject, 0);
    seL4_CPtr frame = alloc_obj(seL4_X86_4K, 0), other = alloc_slot();
    CHECK(pml4 && pdpt && frame, "cannot make the objects");
    CHECK(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4) == seL4_NoError,
          "Assign of a new PML4 failed");
    CHECK(cap_type(pml4) == TAG_PML4, "the assigned cap is no longer a PML4 cap");
    CHECK(seL4_X86_PDPT_Map(pdpt, pml4, 0, 0) == seL4_NoError, "PDPT_Map into it failed");
    CHECK(map_tables(0, pml4, DATA_VA, TO_PT), "PD and PT maps into it failed");
    CHECK(seL4_X86_Page_Map(frame, pml4, DATA_VA, seL4_AllRights, 0) == seL4_NoError,
          "Page_Map into it failed");
    /* Assigned, its copies name the same VSpace: a frame may be mapped through either. */
    CHECK(seL4_CNode_Copy(ROOT, other, DEPTH, ROOT, pml4, DEPTH, seL4_AllRights) == seL4_NoError,
          "cannot copy the assigned PML4");
    CHECK(seL4_X86_Page_Map(frame, other, DATA_VA, seL4_CanRead, 0) == seL4_NoError,
          "remap through a copy of the PML4 cap failed");
    return PASS;
}

static const char *vspace_assign_errors(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr pml4 = alloc_obj(seL4_X64_PML4Object, 0), frame = alloc_obj(seL4_X86_4K, 0);
    CHECK(pml4 && frame, "cannot make the objects");
    CHECK(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4) == seL4_NoError,
          "the first Assign failed");
    CHECK(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4) == seL4_InvalidCapability &&
              MR(0) == 1,
          "assigning an assigned PML4 is not InvalidCapability 1");
    CHECK(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, frame) == seL4_InvalidCapability &&
              MR(0) == 1,
          "assigning a frame is not InvalidCapability 1");
    CHECK(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, alloc_slot()) ==
                  seL4_InvalidCapability &&
              MR(0) == 1,
          "assigning an empty slot is not InvalidCapability 1");
    CHECK(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadVSpace, pml4) == seL4_IllegalOperation,
          "Assign invoked on a PML4 cap is not IllegalOperation");
    return PASS;
}

/* A PML4 cap takes no invocation on x86_64: seL4 answers IllegalOperation to every label. */
static const char *vspace_pml4_takes_no_invocation(seL4_BootInfo *bi)
{
    static const seL4_Word labels[] = {X86PDPTMap, X86PageMap, X86PageUnmap, X86PageGetAddress,
                                       X86ASIDPoolAssign};
    BEGIN(bi);
    seL4_CPtr pml4 = new_space(seL4_CapInitThreadASIDPool, 0);
    seL4_Word mrs[3] = {DATA_VA, 0, 0};
    CHECK(pml4, "cannot make a VSpace");
    for (unsigned i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        CHECK(seL4_MessageInfo_get_label(raw_call(pml4, labels[i], 3, mrs, 1, &pml4)) ==
                  seL4_IllegalOperation,
              "an invocation of a PML4 cap is not IllegalOperation");
    return PASS;
}

/* ---- mapping paging structures ------------------------------------------- */

static const char *vspace_pdpt_map(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = new_space(seL4_CapInitThreadASIDPool, 0);
    seL4_CPtr a = alloc_obj(seL4_X86_PDPTObject, 0), b = alloc_obj(seL4_X86_PDPTObject, 0);
    CHECK(vs && a && b, "cannot make the objects");
    CHECK(seL4_X86_PDPT_Map(a, vs, 0x8000000000ul + 0x1234, 0) == seL4_NoError,
          "PDPT_Map failed (the address is rounded down to 512 GiB)");
    CHECK(seL4_X86_PDPT_Map(b, vs, 0x8000000000ul + 0x4000000000ul, 0) == seL4_DeleteFirst,
          "a second PDPT in the same 512 GiB is not DeleteFirst");
    CHECK(seL4_X86_PDPT_Map(a, vs, 0x10000000000ul, 0) == seL4_InvalidCapability && MR(0) == 0,
          "mapping a mapped PDPT again is not InvalidCapability 0");
    CHECK(seL4_X86_PDPT_Map(b, vs, 0x10000000000ul, 0) == seL4_NoError,
          "a PDPT in the next 512 GiB was refused");
    return PASS;
}

static const char *vspace_page_directory_map(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = new_space(seL4_CapInitThreadASIDPool, 0),
              pdpt = alloc_obj(seL4_X86_PDPTObject, 0);
    seL4_CPtr a = alloc_obj(seL4_X86_PageDirectoryObject, 0);
    seL4_CPtr b = alloc_obj(seL4_X86_PageDirectoryObject, 0);
    CHECK(vs && pdpt && a && b, "cannot make the objects");
    CHECK(seL4_X86_PageDirectory_Map(a, vs, 0x40000000ul, 0) == seL4_FailedLookup,
          "PageDirectory_Map without a PDPT is not FailedLookup");
    CHECK(MR(0) == 0 && MR(1) == seL4_MissingCapability && MR(2) == 39,
          "the lookup failure is not MissingCapability with 39 bits left");
    CHECK(seL4_X86_PDPT_Map(pdpt, vs, 0, 0) == seL4_NoError, "PDPT_Map failed");
    CHECK(seL4_X86_PageDirectory_Map(a, vs, 0x40000000ul + 0x5000, 0) == seL4_NoError,
          "PageDirectory_Map failed (the address is rounded down to 1 GiB)");
    CHECK(seL4_X86_PageDirectory_Map(b, vs, 0x40000000ul, 0) == seL4_DeleteFirst,
          "a second PD in the same 1 GiB is not DeleteFirst");
    CHECK(seL4_X86_PageDirectory_Map(a, vs, 0x80000000ul, 0) == seL4_InvalidCapability &&
              MR(0) == 0,
          "mapping a mapped PD again is not InvalidCapability 0");
    return PASS;
}

static const char *vspace_page_table_map(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = new_space(seL4_CapInitThreadASIDPool, 0),
              pdpt = alloc_obj(seL4_X86_PDPTObject, 0);
    seL4_CPtr pd = alloc_obj(seL4_X86_PageDirectoryObject, 0);
    seL4_CPtr a = alloc_obj(seL4_X86_PageTableObject, 0),
              b = alloc_obj(seL4_X86_PageTableObject, 0);
    CHECK(vs && pdpt && pd && a && b, "cannot make the objects");
    CHECK(seL4_X86_PageTable_Map(a, vs, DATA_VA, 0) == seL4_FailedLookup && MR(0) == 0 &&
              MR(1) == seL4_MissingCapability && MR(2) == 39,
          "PageTable_Map without a PDPT is not FailedLookup, MissingCapability, 39 bits");
    CHECK(seL4_X86_PDPT_Map(pdpt, vs, DATA_VA, 0) == seL4_NoError, "PDPT_Map failed");
    CHECK(seL4_X86_PageTable_Map(a, vs, DATA_VA, 0) == seL4_FailedLookup &&
              MR(1) == seL4_MissingCapability && MR(2) == 30,
          "PageTable_Map without a PD is not FailedLookup, MissingCapability, 30 bits");
    CHECK(seL4_X86_PageDirectory_Map(pd, vs, DATA_VA, 0) == seL4_NoError, "PD map failed");
    CHECK(seL4_X86_PageTable_Map(a, vs, DATA_VA + 0x1000, 0) == seL4_NoError,
          "PageTable_Map failed (the address is rounded down to 2 MiB)");
    CHECK(seL4_X86_PageTable_Map(b, vs, DATA_VA, 0) == seL4_DeleteFirst,
          "a second PT in the same 2 MiB is not DeleteFirst");
    CHECK(seL4_X86_PageTable_Map(a, vs, DATA_VA + LARGE_BYTES, 0) == seL4_InvalidCapability &&
              MR(0) == 0,
          "mapping a mapped PT again is not InvalidCapability 0");
    return PASS;
}

/* A frame needs every level above it: the lookup failure says how many bits were left. */
static const char *vspace_frame_map_needs_tables(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = new_space(seL4_CapInitThreadASIDPool, 0), small = alloc_obj(seL4_X86_4K, 0);
    seL4_CPtr large = alloc_obj(seL4_X86_LargePageObject, 0);
    CHECK(vs && small && large, "cannot make the objects");
    CHECK(seL4_X86_Page_Map(small, vs, DATA_VA, seL4_AllRights, 0) == seL4_FailedLookup &&
              MR(0) == 0 && MR(1) == seL4_MissingCapability && MR(2) == 39,
          "a 4 KiB Map without a PDPT is not FailedLookup with 39 bits left");
    CHECK(seL4_X86_Page_Map(large, vs, LARGE_VA, seL4_AllRights, 0) == seL4_FailedLookup &&
              MR(2) == 39,
          "a 2 MiB Map without a PDPT is not FailedLookup with 39 bits left");
    CHECK(map_tables(0, vs, DATA_VA, TO_PD), "cannot map the PDPT and PD");
    CHECK(seL4_X86_Page_Map(small, vs, DATA_VA, seL4_AllRights, 0) == seL4_FailedLookup &&
              MR(1) == seL4_MissingCapability && MR(2) == 21,
          "a 4 KiB Map without a PT is not FailedLookup with 21 bits left");
    CHECK(seL4_X86_Page_Map(large, vs, LARGE_VA, seL4_AllRights, 0) == seL4_NoError,
          "a 2 MiB Map into the PD failed");
    CHECK(seL4_X86_Page_Map(small, vs, LARGE_VA + 0x1000, seL4_AllRights, 0) == seL4_FailedLookup &&
              MR(2) == 21,
          "a 4 KiB Map inside a 2 MiB frame is not FailedLookup with 21 bits left");
    return PASS;
}

/* A 2 MiB frame and a page table compete for one PD entry: whichever is there wins. */
static const char *vspace_large_frame_and_table_exclude(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = new_space(seL4_CapInitThreadASIDPool, 0);
    seL4_CPtr large = alloc_obj(seL4_X86_LargePageObject, 0);
    seL4_CPtr pt = alloc_obj(seL4_X86_PageTableObject, 0);
    seL4_CPtr pt2 = alloc_obj(seL4_X86_PageTableObject, 0);
    CHECK(vs && large && pt && pt2, "cannot make the objects");
    CHECK(map_tables(0, vs, DATA_VA, TO_PD), "cannot map the PDPT and PD");
    CHECK(seL4_X86_PageTable_Map(pt, vs, DATA_VA, 0) == seL4_NoError, "PT map failed");
    CHECK(seL4_X86_Page_Map(large, vs, DATA_VA, seL4_AllRights, 0) == seL4_DeleteFirst,
          "a 2 MiB Map over a page table is not DeleteFirst");
    CHECK(seL4_X86_Page_Map(large, vs, LARGE_VA, seL4_AllRights, 0) == seL4_NoError,
          "a 2 MiB Map failed");
    CHECK(seL4_X86_PageTable_Map(pt2, vs, LARGE_VA, 0) == seL4_DeleteFirst,
          "a PT map over a 2 MiB frame is not DeleteFirst");
    return PASS;
}

/* ---- addresses ----------------------------------------------------------- */

/* Frames must end at or below seL4_UserTop; tables must start at or below it. */
static const char *vspace_kernel_half_refused(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = new_space(seL4_CapInitThreadASIDPool, 0), frame = alloc_obj(seL4_X86_4K, 0);
    seL4_CPtr large = alloc_obj(seL4_X86_LargePageObject, 0);
    seL4_CPtr pdpt = alloc_obj(seL4_X86_PDPTObject, 0);
    seL4_CPtr pd = alloc_obj(seL4_X86_PageDirectoryObject, 0);
    seL4_CPtr pt = alloc_obj(seL4_X86_PageTableObject, 0);
    CHECK(vs && frame && large && pdpt && pd && pt, "cannot make the objects");
    CHECK(seL4_X86_Page_Map(frame, vs, KERNEL_VA, seL4_AllRights, 0) == seL4_InvalidArgument &&
              MR(0) == 0,
          "a frame in the kernel half is not InvalidArgument 0");
    CHECK(seL4_X86_Page_Map(frame, vs, 0x0000800000000000ul, seL4_AllRights, 0) ==
              seL4_InvalidArgument,
          "a frame at the first non-canonical address is not InvalidArgument");
    CHECK(seL4_X86_Page_Map(frame, vs, seL4_UserTop, seL4_AllRights, 0) == seL4_InvalidArgument,
          "a frame at seL4_UserTop is not InvalidArgument");
    CHECK(seL4_X86_Page_Map(frame, vs, ~0xffful, seL4_AllRights, 0) == seL4_InvalidArgument,
          "a frame whose end wraps round is not InvalidArgument");
    CHECK(seL4_X86_Page_Map(large, vs, seL4_UserTop & ~(LARGE_BYTES - 1), seL4_AllRights, 0) ==
              seL4_InvalidArgument,
          "a 2 MiB frame that ends past seL4_UserTop is not InvalidArgument");
    CHECK(seL4_X86_Page_Map(frame, vs, seL4_UserTop - 0x1000, seL4_AllRights, 0) ==
              seL4_FailedLookup,
          "the last user page did not pass the address check");
    CHECK(seL4_X86_PDPT_Map(pdpt, vs, KERNEL_VA, 0) == seL4_InvalidArgument && MR(0) == 0,
          "a PDPT in the kernel half is not InvalidArgument 0");
    CHECK(seL4_X86_PageDirectory_Map(pd, vs, KERNEL_VA, 0) == seL4_InvalidArgument && MR(0) == 0,
          "a PD in the kernel half is not InvalidArgument 0");
    CHECK(seL4_X86_PageTable_Map(pt, vs, KERNEL_VA, 0) == seL4_InvalidArgument && MR(0) == 0,
          "a PT in the kernel half is not InvalidArgument 0");
    CHECK(seL4_X86_PDPT_Map(pdpt, vs, seL4_UserTop, 0) == seL4_NoError,
          "a PDPT for the last user 512 GiB was refused");
    return PASS;
}

/* The alignment check comes after the address and VSpace checks, before the table lookup. */
static const char *vspace_misaligned_frame(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = new_space(seL4_CapInitThreadASIDPool, 0), frame = alloc_obj(seL4_X86_4K, 0);
    seL4_CPtr large = alloc_obj(seL4_X86_LargePageObject, 0);
    seL4_CPtr unassigned = alloc_obj(seL4_X64_PML4Object, 0);
    CHECK(vs && frame && large && unassigned, "cannot make the objects");
    CHECK(seL4_X86_Page_Map(frame, vs, DATA_VA + 0x800, seL4_AllRights, 0) == seL4_AlignmentError,
          "a 4 KiB frame at a misaligned address (no tables there) is not AlignmentError");
    CHECK(seL4_X86_Page_Map(large, vs, LARGE_VA + 0x1000, seL4_AllRights, 0) == seL4_AlignmentError,
          "a 2 MiB frame at a 4 KiB boundary is not AlignmentError");
    CHECK(seL4_X86_Page_Map(frame, vs, KERNEL_VA + 0x800, seL4_AllRights, 0) ==
              seL4_InvalidArgument,
          "a misaligned kernel address is not InvalidArgument first");
    CHECK(seL4_X86_Page_Map(frame, unassigned, DATA_VA + 0x800, seL4_AllRights, 0) ==
              seL4_InvalidCapability,
          "a misaligned address into an unassigned PML4 is not InvalidCapability first");
    CHECK(map_tables(0, vs, LARGE_VA, TO_PD), "cannot map the PDPT and PD");
    CHECK(seL4_X86_Page_Map(large, vs, LARGE_VA + 0x1000, seL4_AllRights, 0) == seL4_AlignmentError,
          "a misaligned 2 MiB frame is not AlignmentError with its PD present");
    return PASS;
}

/* A mapped frame cap maps only where it is: other VSpace InvalidCapability 1, other address
 * InvalidArgument 0, the same place again (new rights) is allowed. */
static const char *vspace_mapped_frame_maps_once(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr a = new_space(seL4_CapInitThreadASIDPool, 0),
              b = new_space(seL4_CapInitThreadASIDPool, 0);
    seL4_CPtr frame = alloc_obj(seL4_X86_4K, 0), copy = alloc_slot();
    CHECK(a && b && frame && copy, "cannot make the objects");
    CHECK(map_tables(0, a, DATA_VA, TO_PT) && map_tables(0, b, DATA_VA, TO_PT),
          "cannot map the tables");
    CHECK(seL4_X86_Page_Map(frame, a, DATA_VA, seL4_AllRights, 0) == seL4_NoError, "Map failed");
    CHECK(seL4_X86_Page_Map(frame, b, DATA_VA, seL4_AllRights, 0) == seL4_InvalidCapability &&
              MR(0) == 1,
          "a mapped frame into another VSpace is not InvalidCapability 1");
    CHECK(seL4_X86_Page_Map(frame, a, DATA_VA + 0x1000, seL4_AllRights, 0) ==
                  seL4_InvalidArgument &&
              MR(0) == 0,
          "a mapped frame at another address is not InvalidArgument 0");
    CHECK(seL4_X86_Page_Map(frame, a, DATA_VA, seL4_CanRead, seL4_X86_WriteThrough) == seL4_NoError,
          "mapping a frame again where it is was refused");
    /* A copy of the cap is a new, unmapped cap: it may map the same frame elsewhere. */
    CHECK(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, frame, DEPTH, seL4_AllRights) == seL4_NoError,
          "cannot copy the mapped frame cap");
    CHECK(seL4_X86_Page_Map(copy, b, DATA_VA, seL4_AllRights, 0) == seL4_NoError,
          "a copy of a mapped frame cap could not map it in another VSpace");
    return PASS;
}

static const char *vspace_map_truncated_and_wrong_labels(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = new_space(seL4_CapInitThreadASIDPool, 0), frame = alloc_obj(seL4_X86_4K, 0);
    seL4_CPtr pt = alloc_obj(seL4_X86_PageTableObject, 0);
    seL4_Word mrs[3] = {DATA_VA, KAAL_CAP_ALL_RIGHTS, 0};
    CHECK(vs && frame && pt, "cannot make the objects");
    CHECK(seL4_MessageInfo_get_label(raw_call(frame, X86PageMap, 2, mrs, 1, &vs)) ==
              seL4_TruncatedMessage,
          "Page_Map with 2 words is not TruncatedMessage");
    CHECK(seL4_MessageInfo_get_label(raw_call(frame, X86PageMap, 3, mrs, 0, 0)) ==
              seL4_TruncatedMessage,
          "Page_Map without the VSpace cap is not TruncatedMessage");
    CHECK(seL4_MessageInfo_get_label(raw_call(pt, X86PageTableMap, 1, mrs, 1, &vs)) ==
              seL4_TruncatedMessage,
          "PageTable_Map with 1 word is not TruncatedMessage");
    CHECK(seL4_MessageInfo_get_label(raw_call(pt, X86PageMap, 3, mrs, 1, &vs)) ==
              seL4_IllegalOperation,
          "a page table invoked with Page_Map is not IllegalOperation");
    CHECK(seL4_MessageInfo_get_label(raw_call(frame, X86PageTableMap, 2, mrs, 1, &vs)) ==
              seL4_IllegalOperation,
          "a frame invoked with PageTable_Map is not IllegalOperation");
    return PASS;
}

/* ---- Page_GetAddress ----------------------------------------------------- */

/* The untyped's physical address plus the object's offset in it, as Retype placed it. */
static const char *vspace_get_address_device(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr dev = alloc_device_untyped(bi, 14), first = alloc_slot(), frames = alloc_slots(2);
    CHECK(dev && first && frames, "no device untyped of 16 KiB");
    seL4_Word paddr = bi->untypedList[dev - bi->untyped.start].paddr;
    CHECK(seL4_Untyped_Retype(dev, seL4_UntypedObject, 13, ROOT, 0, 0, first, 1) == seL4_NoError,
          "cannot carve 8 KiB from the device untyped (does it have children?)");
    CHECK(seL4_Untyped_Retype(dev, seL4_X86_4K, 0, ROOT, 0, 0, frames, 2) == seL4_NoError,
          "cannot make two device frames after it");
    seL4_X86_Page_GetAddress_t a = seL4_X86_Page_GetAddress(frames);
    seL4_X86_Page_GetAddress_t b = seL4_X86_Page_GetAddress(frames + 1);
    CHECK(a.error == seL4_NoError && b.error == seL4_NoError, "GetAddress failed");
    CHECK(a.paddr == paddr + 0x2000, "the first frame is not at the untyped's address + 8 KiB");
    CHECK(b.paddr == paddr + 0x3000, "the second frame is not at the untyped's address + 12 KiB");
    return PASS;
}

/* The scratch pool restarts at its base in every case; its base is aligned to its size. */
static const char *vspace_get_address_ram(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr small = alloc_obj(seL4_X86_4K, 0), ut = alloc_obj(seL4_UntypedObject, 14);
    seL4_CPtr large = alloc_obj(seL4_X86_LargePageObject, 0), in_ut = alloc_slot(),
              copy = alloc_slot();
    CHECK(small && ut && large && in_ut, "cannot make the objects");
    CHECK(seL4_Untyped_Retype(ut, seL4_X86_4K, 0, ROOT, 0, 0, in_ut, 1) == seL4_NoError,
          "cannot make a frame in the child untyped");
    seL4_Word base = seL4_X86_Page_GetAddress(small).paddr;
    CHECK(base != 0 && (base & ((1ul << ALLOC_POOL_BITS) - 1)) == 0,
          "the first frame of the pool is not at an 8 MiB aligned address");
    CHECK(seL4_X86_Page_GetAddress(in_ut).paddr == base + 0x4000,
          "a frame in a 16 KiB untyped after one page is not at base + 16 KiB");
    CHECK(seL4_X86_Page_GetAddress(large).paddr == base + LARGE_BYTES,
          "the 2 MiB frame is not at base + 2 MiB");
    /* Copies and mappings do not change it. */
    CHECK(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, large, DEPTH, seL4_CanRead) == seL4_NoError,
          "cannot copy the frame cap");
    CHECK(map_tables(0, seL4_CapInitThreadVSpace, SCRATCH_LARGE_VA, TO_PD) &&
              seL4_X86_Page_Map(copy, seL4_CapInitThreadVSpace, SCRATCH_LARGE_VA, seL4_CanRead,
                                0) == seL4_NoError,
          "cannot map the copy");
    CHECK(seL4_X86_Page_GetAddress(copy).paddr == base + LARGE_BYTES,
          "a mapped copy reports another address");
    return PASS;
}

/* ---- mappings in the root thread's own VSpace ------------------------------ */

/* Two caps to one frame mapped at two addresses: one memory behind both. */
static const char *vspace_shared_frame_two_addresses(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr frame = alloc_obj(seL4_X86_4K, 0), copy = alloc_slot();
    CHECK(frame && copy, "cannot make the frame");
    CHECK(map_tables(0, seL4_CapInitThreadVSpace, SCRATCH_VA, TO_PT), "cannot map the tables");
    CHECK(seL4_X86_Page_Map(frame, seL4_CapInitThreadVSpace, SCRATCH_VA, seL4_AllRights, 0) ==
              seL4_NoError,
          "Map failed");
    CHECK(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, frame, DEPTH, seL4_AllRights) == seL4_NoError,
          "cannot copy the frame cap");
    CHECK(seL4_X86_Page_Map(copy, seL4_CapInitThreadVSpace, SCRATCH_VA + 0x3000, seL4_AllRights,
                            0) == seL4_NoError,
          "Map of the copy failed");
    CHECK(*scratch(0x3000) == 0 && *scratch(0xff8) == 0, "a new frame is not zeroed");
    *scratch(0x10) = MAGIC;
    CHECK(*scratch(0x3010) == MAGIC, "a write through one mapping is not seen through the other");
    *scratch(0x3ff8) = ~MAGIC;
    CHECK(*scratch(0xff8) == ~MAGIC, "a write through the copy is not seen through the original");
    CHECK(seL4_X86_Page_Unmap(frame) == seL4_NoError, "Unmap failed");
    CHECK(*scratch(0x3010) == MAGIC, "unmapping one mapping disturbed the other");
    return PASS;
}

static const char *vspace_large_frame_in_root(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr large = alloc_obj(seL4_X86_LargePageObject, 0);
    volatile seL4_Word *p = (volatile seL4_Word *)SCRATCH_LARGE_VA;
    seL4_Word last = LARGE_BYTES / sizeof(seL4_Word) - 1;
    CHECK(large, "cannot make a 2 MiB frame");
    CHECK(map_tables(0, seL4_CapInitThreadVSpace, SCRATCH_LARGE_VA, TO_PD),
          "cannot map the tables");
    CHECK(seL4_X86_Page_Map(large, seL4_CapInitThreadVSpace, SCRATCH_LARGE_VA, seL4_AllRights, 0) ==
              seL4_NoError,
          "Map of a 2 MiB frame failed");
    CHECK(p[0] == 0 && p[last / 2] == 0 && p[last] == 0, "a new 2 MiB frame is not zeroed");
    p[0] = MAGIC;
    p[last] = MAGIC + 1;
    CHECK(p[0] == MAGIC && p[last] == MAGIC + 1, "the 2 MiB frame does not hold what was written");
    return PASS;
}

/*
 * Memory that held data is zero in every byte when it is retyped again: the
 * first frame is filled with ones, its untyped revoked, and the frame made
 * again from the same memory must read as zero at every offset, the last
 * bytes of the page included.
 */
static const char *vspace_reused_memory_is_zero(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, seL4_PageBits), frame = alloc_slot();
    volatile unsigned char *p = (volatile unsigned char *)SCRATCH_VA;
    unsigned nonzero = 0;
    CHECK(ut && frame, "cannot make the untyped");
    CHECK(map_tables(0, seL4_CapInitThreadVSpace, SCRATCH_VA, TO_PT), "cannot map the tables");
    for (int round = 0; round < 2; round++) {
        CHECK(seL4_Untyped_Retype(ut, seL4_X86_4K, 0, ROOT, 0, 0, frame, 1) == seL4_NoError,
              "cannot retype the untyped into a frame");
        CHECK(seL4_X86_Page_Map(frame, seL4_CapInitThreadVSpace, SCRATCH_VA, seL4_AllRights, 0) ==
                  seL4_NoError,
              "Map failed");
        for (unsigned i = 0; i < 1u << seL4_PageBits; i++)
            nonzero += p[i] != 0;
        CHECK(nonzero == 0, "a frame made from memory that held data is not zero in every byte");
        for (unsigned i = 0; i < 1u << seL4_PageBits; i++)
            p[i] = 0xff;
        CHECK(seL4_CNode_Revoke(ROOT, ut, DEPTH) == seL4_NoError, "cannot revoke the untyped");
    }
    return PASS;
}

/* Every cache attribute maps (WriteCombining selects PAT entry 4); bits above the three the
 * attributes use are ignored, as seL4's vmAttributesFromWord ignores them. */
static const char *vspace_cache_attributes(seL4_BootInfo *bi)
{
    static const seL4_Word attrs[] = {seL4_X86_Default_VMAttributes, seL4_X86_WriteThrough,
                                      seL4_X86_CacheDisabled,        seL4_X86_Uncacheable,
                                      seL4_X86_WriteCombining,       ~0ul};
    BEGIN(bi);
    seL4_CPtr frame = alloc_obj(seL4_X86_4K, 0), large = alloc_obj(seL4_X86_LargePageObject, 0);
    CHECK(frame && large, "cannot make the frames");
    CHECK(map_tables(0, seL4_CapInitThreadVSpace, SCRATCH_VA, TO_PT), "cannot map the tables");
    for (unsigned i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
        CHECK(seL4_X86_Page_Map(frame, seL4_CapInitThreadVSpace, SCRATCH_VA, seL4_AllRights,
                                attrs[i]) == seL4_NoError,
              "Map of a 4 KiB frame with a cache attribute failed");
        *scratch(8 * i) = MAGIC + i;
        __asm__ volatile("sfence" ::: "memory"); /* drains write-combining buffers */
        CHECK(*scratch(8 * i) == MAGIC + i, "the frame does not hold what was written");
        CHECK(seL4_X86_Page_Map(large, seL4_CapInitThreadVSpace, SCRATCH_LARGE_VA, seL4_AllRights,
                                attrs[i]) == seL4_NoError,
              "Map of a 2 MiB frame with a cache attribute failed");
    }
    CHECK(*scratch(0) == MAGIC, "an earlier write was lost");
    return PASS;
}

/* A PML4 whose ASID pool is gone maps nothing (FailedLookup) and cannot be assigned again. */
static const char *vspace_deleted_pool_leaves_stale_pml4(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, seL4_ASIDPoolBits), pool = alloc_slot();
    seL4_CPtr frame = alloc_obj(seL4_X86_4K, 0), vs = 0;
    CHECK(ut && frame, "cannot make the objects");
    CHECK(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, ut, ROOT, pool, DEPTH) == seL4_NoError,
          "MakePool failed");
    CHECK((vs = new_space(pool, 0)) && map_tables(0, vs, DATA_VA, TO_PT),
          "cannot build a VSpace in the new pool");
    CHECK(seL4_CNode_Delete(ROOT, pool, DEPTH) == seL4_NoError, "cannot delete the pool");
    CHECK(seL4_X86_Page_Map(frame, vs, DATA_VA, seL4_AllRights, 0) == seL4_FailedLookup &&
              MR(0) == 0 && MR(1) == seL4_InvalidRoot,
          "Map into a PML4 whose pool is gone is not FailedLookup, InvalidRoot");
    CHECK(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vs) == seL4_InvalidCapability,
          "a PML4 with a stale ASID was assigned again");
    return PASS;
}

const struct kernel_case vspace_cases[] = {
    CASE(vspace_unassigned_pml4_maps_nothing),
    CASE(vspace_assign_then_map),
    CASE(vspace_assign_errors),
    CASE(vspace_pml4_takes_no_invocation),
    CASE(vspace_pdpt_map),
    CASE(vspace_page_directory_map),
    CASE(vspace_page_table_map),
    CASE(vspace_frame_map_needs_tables),
    CASE(vspace_large_frame_and_table_exclude),
    CASE(vspace_kernel_half_refused),
    CASE(vspace_misaligned_frame),
    CASE(vspace_mapped_frame_maps_once),
    CASE(vspace_map_truncated_and_wrong_labels),
    CASE(vspace_get_address_device),
    CASE(vspace_get_address_ram),
    CASE(vspace_shared_frame_two_addresses),
    CASE(vspace_large_frame_in_root),
    CASE(vspace_reused_memory_is_zero),
    CASE(vspace_cache_attributes),
    CASE(vspace_deleted_pool_leaves_stale_pml4),
    END_OF_CASES,
};
