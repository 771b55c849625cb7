/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What mappings do to user code: cases run a helper thread in a second
 * VSpace whose image is the suite's own, mapped at its link addresses
 * (copies of the image's frame caps), so the helper runs this file's
 * functions and shares the root thread's data.  A case maps the frames
 * under test at DATA_VA or LARGE_VA in that VSpace only.  A helper ends
 * with ud2: the root thread, waiting on the helper's fault endpoint, gets
 * a UserException if the helper's access went through and a VMFault (with
 * the address and the page-fault error code as FSR) if it did not.
 * Covered: rights, shared frames, Unmap, remapping, a frame mapped over
 * another, deleting and revoking a frame, PageTable_Unmap, and a VSpace
 * that loses its ASID or its memory under a thread that still names it.
 */
#include "vspace_build.h"

#define HELPER_PRIO 200
#define STACK_WORDS 1024

/* Bits of the page-fault error code, which a VMFault carries as its FSR. */
#define PF_PRESENT 1ul
#define PF_WRITE   2ul
#define PF_USER    4ul

extern char __executable_start[];

static seL4_Word helper_stack[STACK_WORDS] __attribute__((aligned(16)));
static volatile seL4_Word helper_seen; /* what read_word() read */
static volatile seL4_Word spin_count;  /* spin() counts here */

/* ---- helper thread bodies (they run in the helper VSpace) --------------- */

static void write_magic(seL4_Word va)
{
    *(volatile seL4_Word *)va = MAGIC;
}

static void read_word(seL4_Word va)
{
    helper_seen = *(volatile seL4_Word *)va;
}

static void spin(seL4_Word unused)
{
    (void)unused;
    for (;;)
        spin_count++;
}

/* Where a helper starts: fn(arg), then an invalid opcode that reports "done" as a fault. */
static void helper_entry(seL4_Word arg, seL4_Word fn)
{
    ((void (*)(seL4_Word))fn)(arg);
    __asm__ volatile("ud2");
    for (;;)
        ;
}
/* ---- the helper VSpace -------------------------------------------------- */

/* A new VSpace with the suite's image mapped where it is linked, paging structures from ut. */
static seL4_CPtr image_space(seL4_BootInfo *bi, seL4_CPtr asid_pool, seL4_CPtr ut)
{
    seL4_Word lo = (seL4_Word)__executable_start & ~4095ul;
    seL4_Word n = bi->userImageFrames.end - bi->userImageFrames.start;
    seL4_CPtr vs = new_space(asid_pool, ut), copies = alloc_slots(n);

    if (!vs || !copies)
        return 0;
    for (seL4_Word i = 0; i < n; i++) {
        seL4_Word va = lo + (i << seL4_PageBits);
        if ((i == 0 || (va & (LARGE_BYTES - 1)) == 0) && !map_tables(ut, vs, va, TO_PT))
            return 0;
        if (seL4_CNode_Copy(ROOT, copies + i, DEPTH, ROOT, bi->userImageFrames.start + i, DEPTH,
                            seL4_AllRights) != seL4_NoError ||
            seL4_X86_Page_Map(copies + i, vs, va, seL4_AllRights, seL4_X86_Default_VMAttributes) !=
                seL4_NoError)
            return 0;
    }
    return vs;
}

/* A 4 KiB frame mapped at DATA_VA in vs with rights, and read-write at SCRATCH_VA in ours. */
static seL4_CPtr data_frame(seL4_CPtr vs, seL4_CapRights_t rights)
{
    seL4_CPtr frame = alloc_obj(seL4_X86_4K, 0);

    if (!frame || !map_tables(0, vs, DATA_VA, TO_PT) ||
        !map_tables(0, seL4_CapInitThreadVSpace, SCRATCH_VA, TO_PT) ||
        !map_in_root(frame, SCRATCH_VA) ||
        seL4_X86_Page_Map(frame, vs, DATA_VA, rights, seL4_X86_Default_VMAttributes) !=
            seL4_NoError)
        return 0;
    return frame;
}

/* ---- helper threads ------------------------------------------------------ */

/* Starts fn(arg) in a new thread in vs with fault endpoint ep; its TCB's slot, or 0. */
static seL4_CPtr start_helper(seL4_CPtr vs, seL4_CPtr ep, void (*fn)(seL4_Word), seL4_Word arg)
{
    seL4_CPtr tcb = alloc_obj(seL4_TCBObject, 0);
    seL4_UserContext regs = {0};

    if (!tcb || seL4_TCB_Configure(tcb, ep, ROOT, 0, vs, 0, 0, 0) != seL4_NoError ||
        seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, HELPER_PRIO, HELPER_PRIO) !=
            seL4_NoError)
        return 0;
    regs.rip = (seL4_Word)helper_entry;
    regs.rsp = (seL4_Word)&helper_stack[STACK_WORDS - 1]; /* as if called: rsp+8 16-aligned */
    regs.rdi = arg;
    regs.rsi = (seL4_Word)fn;
    regs.rflags = 0x202;
    if (seL4_TCB_WriteRegisters(tcb, 1, 0, 20, &regs) != seL4_NoError)
        return 0;
    return tcb;
}

/*
 * Runs fn(arg) in a helper thread in vs until it faults: the fault's label
 * (seL4_Fault_UserException if fn returned, seL4_Fault_VMFault if its
 * access faulted) with the fault message in MR 0-3, or ~0 if it could not
 * start.  The helper stays blocked on its fault until the case ends.
 */
static seL4_Word run_helper(seL4_CPtr vs, void (*fn)(seL4_Word), seL4_Word arg)
{
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0);

    if (!ep || !start_helper(vs, ep, fn, arg))
        return ~0ul;
    return seL4_MessageInfo_get_label(seL4_Recv(ep, 0));
}

/* True if the last fault message is a VMFault at addr from a data access with this FSR. */
static bool vm_fault_at(seL4_Word addr, seL4_Word fsr)
{
    return MR(1) == addr && MR(2) == 0 && MR(3) == fsr;
}

/* Lets ready helpers at HELPER_PRIO run until the root thread's turn comes round again. */
static void share_cpu(void)
{
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, HELPER_PRIO);
    seL4_Yield();
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, seL4_MaxPrio);
}

/* ---- rights, sharing, unmapping ------------------------------------------- */

static const char *vspace_read_only_write_faults(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = image_space(bi, seL4_CapInitThreadASIDPool, 0);
    CHECK(vs && data_frame(vs, seL4_CanRead), "cannot build the helper's VSpace");
    CHECK(run_helper(vs, write_magic, DATA_VA + 0x18) == seL4_Fault_VMFault,
          "a write to a read-only page did not fault");
    CHECK(vm_fault_at(DATA_VA + 0x18, PF_PRESENT | PF_WRITE | PF_USER),
          "the VMFault is not a user write to a present page at the address written");
    CHECK(MR(0) >= (seL4_Word)write_magic && MR(0) < (seL4_Word)write_magic + 32,
          "the VMFault's IP is not in the writing function");
    CHECK(*scratch(0x18) == 0, "the refused write reached the frame");
    return PASS;
}

/* A read-only page reads what the root thread wrote: one frame, two VSpaces. */
static const char *vspace_read_only_read_works(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = image_space(bi, seL4_CapInitThreadASIDPool, 0);
    CHECK(vs && data_frame(vs, seL4_CanRead), "cannot build the helper's VSpace");
    *scratch(0x20) = MAGIC;
    helper_seen = 0;
    CHECK(run_helper(vs, read_word, DATA_VA + 0x20) == seL4_Fault_UserException,
          "a read of a read-only page faulted");
    CHECK(helper_seen == MAGIC, "the helper did not read what the root thread wrote");
    return PASS;
}

static const char *vspace_read_write_shared(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = image_space(bi, seL4_CapInitThreadASIDPool, 0);
    CHECK(vs && data_frame(vs, seL4_ReadWrite), "cannot build the helper's VSpace");
    CHECK(run_helper(vs, write_magic, DATA_VA + 0x28) == seL4_Fault_UserException,
          "a write to a read-write page faulted");
    CHECK(*scratch(0x28) == MAGIC, "the helper's write is not in the root thread's mapping");
    return PASS;
}

static const char *vspace_large_read_only_write_faults(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = image_space(bi, seL4_CapInitThreadASIDPool, 0);
    seL4_CPtr large = alloc_obj(seL4_X86_LargePageObject, 0);
    CHECK(vs && large, "cannot build the helper's VSpace");
    CHECK(map_tables(0, vs, LARGE_VA, TO_PD) &&
              seL4_X86_Page_Map(large, vs, LARGE_VA, seL4_CanRead, 0) == seL4_NoError,
          "read-only Map of a 2 MiB frame failed");
    CHECK(run_helper(vs, read_word, LARGE_VA + 0x1ffff8) == seL4_Fault_UserException,
          "a read of a read-only 2 MiB page faulted");
    CHECK(run_helper(vs, write_magic, LARGE_VA + 0x123450) == seL4_Fault_VMFault,
          "a write to a read-only 2 MiB page did not fault");
    CHECK(vm_fault_at(LARGE_VA + 0x123450, PF_PRESENT | PF_WRITE | PF_USER),
          "the VMFault is not a user write to a present page at the address written");
    return PASS;
}

/* A rights mask without Read leaves the mapping to the kernel: user reads fault (seL4
 * maskVMRights gives VMKernelOnly). */
static const char *vspace_no_read_right_is_kernel_only(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = image_space(bi, seL4_CapInitThreadASIDPool, 0);
    CHECK(vs && data_frame(vs, seL4_CanWrite), "cannot build the helper's VSpace");
    CHECK(run_helper(vs, read_word, DATA_VA) == seL4_Fault_VMFault,
          "a read of a write-only mapping did not fault");
    CHECK(vm_fault_at(DATA_VA, PF_PRESENT | PF_USER),
          "the VMFault is not a user read of a present page");
    return PASS;
}

/* The frame cap's own rights bound the mapping's, whatever Map asks for. */
static const char *vspace_read_only_cap_maps_read_only(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = image_space(bi, seL4_CapInitThreadASIDPool, 0);
    seL4_CPtr frame = alloc_obj(seL4_X86_4K, 0), ro = alloc_slot();
    CHECK(vs && frame && map_tables(0, vs, DATA_VA, TO_PT), "cannot build the helper's VSpace");
    CHECK(seL4_CNode_Copy(ROOT, ro, DEPTH, ROOT, frame, DEPTH, seL4_CanRead) == seL4_NoError,
          "cannot make a read-only copy of the frame cap");
    CHECK(seL4_X86_Page_Map(ro, vs, DATA_VA, seL4_AllRights, 0) == seL4_NoError,
          "Map of the read-only cap with all rights failed");
    CHECK(run_helper(vs, write_magic, DATA_VA) == seL4_Fault_VMFault &&
              vm_fault_at(DATA_VA, PF_PRESENT | PF_WRITE | PF_USER),
          "a write through a read-only cap's mapping did not fault");
    return PASS;
}

static const char *vspace_unmap_then_access_faults(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = image_space(bi, seL4_CapInitThreadASIDPool, 0);
    seL4_CPtr frame = vs ? data_frame(vs, seL4_ReadWrite) : 0;
    CHECK(frame, "cannot build the helper's VSpace");
    CHECK(run_helper(vs, write_magic, DATA_VA) == seL4_Fault_UserException,
          "a write to the mapped page faulted");
    CHECK(seL4_X86_Page_Unmap(frame) == seL4_NoError, "Unmap failed");
    CHECK(run_helper(vs, write_magic, DATA_VA + 8) == seL4_Fault_VMFault &&
              vm_fault_at(DATA_VA + 8, PF_WRITE | PF_USER),
          "a write after Unmap is not a VMFault on a page not present");
    CHECK(run_helper(vs, read_word, DATA_VA) == seL4_Fault_VMFault && vm_fault_at(DATA_VA, PF_USER),
          "a read after Unmap is not a VMFault on a page not present");
    CHECK(seL4_X86_Page_Unmap(frame) == seL4_NoError, "Unmap of an unmapped frame failed");
    CHECK(seL4_X86_Page_Map(frame, vs, DATA_VA + 0x1000, seL4_AllRights, 0) == seL4_NoError,
          "an unmapped frame could not be mapped elsewhere");
    CHECK(run_helper(vs, read_word, DATA_VA + 0x1000) == seL4_Fault_UserException &&
              helper_seen == MAGIC,
          "the frame mapped again does not hold what was written before");
    return PASS;
}

/* seL4 allows a mapped frame to be mapped again at its address with other rights. */
static const char *vspace_remap_with_new_rights(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = image_space(bi, seL4_CapInitThreadASIDPool, 0);
    seL4_CPtr frame = vs ? data_frame(vs, seL4_CanRead) : 0;
    CHECK(frame, "cannot build the helper's VSpace");
    CHECK(run_helper(vs, write_magic, DATA_VA) == seL4_Fault_VMFault,
          "a write to the read-only page did not fault");
    CHECK(seL4_X86_Page_Map(frame, vs, DATA_VA, seL4_ReadWrite, 0) == seL4_NoError,
          "the read-write remap failed");
    CHECK(run_helper(vs, write_magic, DATA_VA) == seL4_Fault_UserException,
          "a write after the read-write remap faulted");
    CHECK(*scratch(0) == MAGIC, "the write did not reach the frame");
    CHECK(seL4_X86_Page_Map(frame, vs, DATA_VA, seL4_CanRead, 0) == seL4_NoError,
          "the read-only remap failed");
    CHECK(run_helper(vs, write_magic, DATA_VA + 8) == seL4_Fault_VMFault &&
              vm_fault_at(DATA_VA + 8, PF_PRESENT | PF_WRITE | PF_USER),
          "a write after the read-only remap did not fault");
    return PASS;
}

/* Mapping a frame where another one is replaces it; unmapping the first then leaves the second. */
static const char *vspace_map_replaces_frame(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = image_space(bi, seL4_CapInitThreadASIDPool, 0);
    seL4_CPtr first = vs ? data_frame(vs, seL4_ReadWrite) : 0, second = alloc_obj(seL4_X86_4K, 0);
    CHECK(first && second, "cannot build the helper's VSpace");
    CHECK(seL4_X86_Page_Map(second, vs, DATA_VA, seL4_ReadWrite, 0) == seL4_NoError,
          "Map over a mapped frame failed");
    CHECK(run_helper(vs, write_magic, DATA_VA) == seL4_Fault_UserException,
          "a write to the new frame faulted");
    CHECK(*scratch(0) == 0, "the write went to the replaced frame");
    CHECK(seL4_X86_Page_Unmap(first) == seL4_NoError, "Unmap of the replaced frame failed");
    CHECK(run_helper(vs, read_word, DATA_VA) == seL4_Fault_UserException && helper_seen == MAGIC,
          "unmapping the replaced frame removed the new one");
    return PASS;
}

static const char *vspace_delete_frame_unmaps(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = image_space(bi, seL4_CapInitThreadASIDPool, 0);
    seL4_CPtr frame = vs ? data_frame(vs, seL4_ReadWrite) : 0;
    CHECK(frame, "cannot build the helper's VSpace");
    CHECK(run_helper(vs, write_magic, DATA_VA) == seL4_Fault_UserException,
          "a write to the mapped page faulted");
    CHECK(seL4_CNode_Delete(ROOT, frame, DEPTH) == seL4_NoError, "Delete failed");
    CHECK(*scratch(0) == MAGIC, "deleting one cap disturbed the root thread's mapping");
    CHECK(run_helper(vs, write_magic, DATA_VA) == seL4_Fault_VMFault &&
              vm_fault_at(DATA_VA, PF_WRITE | PF_USER),
          "a write after deleting the mapped cap did not fault");
    return PASS;
}

/* Revoking the original cap deletes the copy that maps the frame, and with it the mapping. */
static const char *vspace_revoke_frame_unmaps(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = image_space(bi, seL4_CapInitThreadASIDPool, 0),
              frame = alloc_obj(seL4_X86_4K, 0);
    seL4_CPtr copy = alloc_slot();
    CHECK(vs && frame && map_tables(0, vs, DATA_VA, TO_PT), "cannot build the helper's VSpace");
    CHECK(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, frame, DEPTH, seL4_AllRights) == seL4_NoError &&
              seL4_X86_Page_Map(copy, vs, DATA_VA, seL4_ReadWrite, 0) == seL4_NoError,
          "cannot map a copy of the frame cap");
    CHECK(run_helper(vs, write_magic, DATA_VA) == seL4_Fault_UserException,
          "a write to the mapped page faulted");
    CHECK(seL4_CNode_Revoke(ROOT, frame, DEPTH) == seL4_NoError, "Revoke failed");
    CHECK(cap_type(copy) == TAG_NULL, "Revoke left the copy");
    CHECK(run_helper(vs, read_word, DATA_VA) == seL4_Fault_VMFault && vm_fault_at(DATA_VA, PF_USER),
          "a read after revoking the frame did not fault");
    return PASS;
}

/* Unmap of a page table needs its last cap, and takes everything mapped through it along. */
static const char *vspace_page_table_unmap(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr vs = image_space(bi, seL4_CapInitThreadASIDPool, 0),
              frame = alloc_obj(seL4_X86_4K, 0);
    seL4_CPtr pt = alloc_obj(seL4_X86_PageTableObject, 0), copy = alloc_slot();
    CHECK(vs && frame && pt && map_tables(0, vs, DATA_VA, TO_PD), "cannot build the VSpace");
    CHECK(seL4_X86_PageTable_Map(pt, vs, DATA_VA, 0) == seL4_NoError &&
              seL4_X86_Page_Map(frame, vs, DATA_VA, seL4_ReadWrite, 0) == seL4_NoError,
          "cannot map the table and the frame");
    CHECK(run_helper(vs, write_magic, DATA_VA) == seL4_Fault_UserException,
          "a write to the mapped page faulted");
    CHECK(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, pt, DEPTH, seL4_AllRights) == seL4_NoError,
          "cannot copy the mapped page table cap");
    CHECK(seL4_X86_PageTable_Unmap(pt) == seL4_RevokeFirst,
          "Unmap of a page table with a copy is not RevokeFirst");
    CHECK(seL4_CNode_Delete(ROOT, copy, DEPTH) == seL4_NoError, "cannot delete the copy");
    CHECK(seL4_X86_PageTable_Unmap(pt) == seL4_NoError, "Unmap of the page table failed");
    CHECK(run_helper(vs, read_word, DATA_VA) == seL4_Fault_VMFault && vm_fault_at(DATA_VA, PF_USER),
          "a read through an unmapped page table did not fault");
    /* Unmap cleared the table: mapped again, it maps nothing until the frame is mapped anew. */
    CHECK(seL4_X86_PageTable_Map(pt, vs, DATA_VA, 0) == seL4_NoError, "remap of the PT failed");
    CHECK(run_helper(vs, read_word, DATA_VA) == seL4_Fault_VMFault,
          "the page table kept its entries across Unmap");
    return PASS;
}

/* ---- a VSpace lost under a thread ------------------------------------------ */

/* Runs the root thread's turn away until the spinning helper has counted. */
static bool helper_spun(void)
{
    spin_count = 0;
    for (int i = 0; i < 100 && spin_count == 0; i++)
        share_cpu();
    return spin_count != 0;
}

/* True if the helper stopped counting and its fault is the fetch of its next instruction. */
static bool helper_stopped(seL4_CPtr ep)
{
    seL4_Word seen = spin_count;

    for (int i = 0; i < 3; i++)
        share_cpu();
    return spin_count == seen &&
           seL4_MessageInfo_get_label(seL4_NBRecv(ep, 0)) == seL4_Fault_VMFault && MR(1) == MR(0) &&
           MR(0) >= (seL4_Word)spin && MR(0) < (seL4_Word)spin + 32;
}

/*
 * A thread whose VSpace loses its ASID (its pool deleted) no longer runs in
 * it, though the PML4 is still there: seL4's setVMRoot falls back to the
 * kernel's PML4, where the thread's next fetch faults.  Run on, the PML4
 * would go on mapping frames whose caps are gone.
 */
static const char *vspace_pool_deleted_under_thread(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, seL4_ASIDPoolBits), pool = alloc_slot();
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), vs = 0;
    CHECK(ut && ep, "cannot make the objects");
    CHECK(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, ut, ROOT, pool, DEPTH) == seL4_NoError,
          "MakePool failed");
    CHECK((vs = image_space(bi, pool, 0)) && start_helper(vs, ep, spin, 0),
          "cannot start a helper in a VSpace of the new pool");
    CHECK(helper_spun(), "the helper did not run");
    CHECK(seL4_CNode_Delete(ROOT, pool, DEPTH) == seL4_NoError, "cannot delete the pool");
    CHECK(helper_stopped(ep), "the helper did not fault at its next fetch once its pool was gone");
    return PASS;
}

/*
 * The PML4 of a thread is deleted (revoking its untyped also deletes the
 * TCB's VSpace cap) and its memory retyped, zeroed, while the thread
 * exists: the kernel must not be running on it, and the thread faults at
 * its next fetch instead of running in freed tables.
 */
static const char *vspace_pml4_reused_under_thread(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, 16), ep = alloc_obj(seL4_EndpointObject, 0);
    seL4_CPtr frames = alloc_slots(16), vs = 0, tcb = 0;
    seL4_UserContext regs;
    CHECK(ut && ep && frames, "cannot make the objects");
    CHECK((vs = image_space(bi, seL4_CapInitThreadASIDPool, ut)) &&
              (tcb = start_helper(vs, ep, spin, 0)),
          "cannot start a helper in a VSpace made from the untyped");
    CHECK(helper_spun(), "the helper did not run");
    CHECK(seL4_CNode_Revoke(ROOT, ut, DEPTH) == seL4_NoError && cap_type(vs) == TAG_NULL,
          "cannot revoke the VSpace's untyped");
    /* All 64 KiB again, zeroed: the PML4 and its tables among them. */
    CHECK(seL4_Untyped_Retype(ut, seL4_X86_4K, 0, ROOT, 0, 0, frames, 16) == seL4_NoError,
          "cannot retype the untyped's memory");
    CHECK(helper_stopped(ep), "the helper did not fault at its next fetch once its PML4 was gone");
    CHECK(seL4_TCB_ReadRegisters(tcb, 0, 0, 20, &regs) == seL4_NoError && regs.rip == MR(0),
          "the helper's TCB does not hold the faulting rip");
    return PASS;
}

const struct kernel_case vspace_access_cases[] = {
    CASE(vspace_read_only_write_faults),
    CASE(vspace_read_only_read_works),
    CASE(vspace_read_write_shared),
    CASE(vspace_large_read_only_write_faults),
    CASE(vspace_no_read_right_is_kernel_only),
    CASE(vspace_read_only_cap_maps_read_only),
    CASE(vspace_unmap_then_access_faults),
    CASE(vspace_remap_with_new_rights),
    CASE(vspace_map_replaces_frame),
    CASE(vspace_delete_frame_unmaps),
    CASE(vspace_revoke_frame_unmaps),
    CASE(vspace_page_table_unmap),
    CASE(vspace_pool_deleted_under_thread),
    CASE(vspace_pml4_reused_under_thread),
    END_OF_CASES,
};
