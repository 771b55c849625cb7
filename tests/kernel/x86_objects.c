/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * x86_64 object cases that need no mapping: ASIDControl_MakePool and
 * ASIDPool_Assign (seL4 13.0.0 decodeX86MMUInvocation: eight pools of 512
 * ASIDs, pool 0 the root task's, ASID 0 never handed out) and
 * IOPortControl_Issue (decodeX86PortControlInvocation: ports are 16-bit,
 * an issued port stays taken until the last cap to its range is deleted).
 * The ports used, 0x5000 upwards, belong to no device QEMU's PC has.
 */
#include "alloc.h"

#define ASID_POOLS     8
#define ASIDS_PER_POOL 512
#define PORT           0x5000ul

static seL4_Error make_pool(seL4_CPtr ut, seL4_CPtr dest)
{
    return seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, ut, ROOT, dest, DEPTH);
}

static seL4_Error issue(seL4_Word first, seL4_Word last, seL4_CPtr dest)
{
    return seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, first, last, ROOT, dest, DEPTH);
}

static bool copyable(seL4_CPtr cap)
{
    seL4_CPtr dest = alloc_slot();

    return seL4_CNode_Copy(ROOT, dest, DEPTH, ROOT, cap, DEPTH, seL4_AllRights) == seL4_NoError;
}

/* ---- ASIDControl_MakePool ------------------------------------------------- */

static const char *asid_make_pool(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, seL4_ASIDPoolBits), pool = alloc_slot();
    CHECK(ut, "cannot make a 4 KiB untyped");
    CHECK(make_pool(ut, pool) == seL4_NoError, "MakePool failed");
    CHECK(cap_type(pool) == TAG_ASID_POOL, "the new cap is not an ASID pool cap");
    CHECK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, alloc_slot(), 1) ==
                  seL4_NotEnoughMemory &&
              MR(0) == 0,
          "the pool's untyped still has free memory");
    return PASS;
}

static const char *asid_make_pool_needs_4k_ram_untyped(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr big = alloc_obj(seL4_UntypedObject, 13), ep = alloc_obj(seL4_EndpointObject, 0);
    seL4_CPtr dev = alloc_device_untyped(bi, seL4_ASIDPoolBits), dev4k = alloc_slot();
    seL4_CPtr dest = alloc_slot();
    CHECK(big && ep && dev, "cannot make the objects");
    CHECK(make_pool(big, dest) == seL4_InvalidCapability && MR(0) == 1,
          "an 8 KiB untyped is not InvalidCapability 1");
    CHECK(make_pool(ep, dest) == seL4_InvalidCapability && MR(0) == 1,
          "an endpoint is not InvalidCapability 1");
    CHECK(seL4_Untyped_Retype(dev, seL4_UntypedObject, seL4_ASIDPoolBits, ROOT, 0, 0, dev4k, 1) ==
              seL4_NoError,
          "cannot make a 4 KiB device untyped");
    CHECK(make_pool(dev4k, dest) == seL4_InvalidCapability && MR(0) == 1,
          "a device untyped is not InvalidCapability 1");
    CHECK(cap_type(dest) == TAG_NULL, "a refused MakePool made a cap");
    return PASS;
}

static const char *asid_make_pool_untyped_with_children(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, seL4_ASIDPoolBits), dest = alloc_slot();
    CHECK(ut, "cannot make a 4 KiB untyped");
    CHECK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, alloc_slot(), 1) ==
              seL4_NoError,
          "cannot give the untyped a child");
    CHECK(make_pool(ut, dest) == seL4_RevokeFirst, "an untyped with children is not RevokeFirst");
    return PASS;
}

static const char *asid_make_pool_destination_errors(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, seL4_ASIDPoolBits);
    seL4_CPtr full = alloc_obj(seL4_EndpointObject, 0), dest = alloc_slot();
    CHECK(ut && full, "cannot make the objects");
    CHECK(make_pool(ut, full) == seL4_DeleteFirst, "a full destination is not DeleteFirst");
    CHECK(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, ut, ROOT, dest, 0) ==
                  seL4_RangeError &&
              MR(0) == 1 && MR(1) == 64,
          "destination depth 0 is not RangeError 1..64");
    CHECK(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, ut, full, dest, DEPTH) ==
                  seL4_FailedLookup &&
              MR(0) == 0 && MR(1) == seL4_InvalidRoot,
          "an endpoint as destination root is not FailedLookup InvalidRoot");
    CHECK(make_pool(ut, dest) == seL4_NoError, "the refused calls used up the untyped");
    return PASS;
}

/* Pool 0 is the root task's: seven more can be made, then DeleteFirst until one goes. */
static const char *asid_pools_run_out(seL4_BootInfo *bi)
{
    seL4_CPtr uts[ASID_POOLS], pools[ASID_POOLS];
    unsigned made = 0;
    BEGIN(bi);
    for (unsigned i = 0; i < ASID_POOLS; i++) {
        uts[i] = alloc_obj(seL4_UntypedObject, seL4_ASIDPoolBits);
        pools[i] = alloc_slot();
        CHECK(uts[i], "cannot make the untypeds");
    }
    while (made < ASID_POOLS && make_pool(uts[made], pools[made]) == seL4_NoError)
        made++;
    CHECK(made == ASID_POOLS - 1, "the number of pools made besides the root's is not 7");
    CHECK(make_pool(uts[made], pools[made]) == seL4_DeleteFirst,
          "MakePool with every pool in use is not DeleteFirst");
    CHECK(make_pool(alloc_slot(), pools[made]) == seL4_DeleteFirst,
          "with every pool in use, a bad untyped is not DeleteFirst first");
    CHECK(seL4_CNode_Delete(ROOT, pools[2], DEPTH) == seL4_NoError, "cannot delete a pool");
    CHECK(seL4_CNode_Revoke(ROOT, uts[2], DEPTH) == seL4_NoError, "cannot revoke its untyped");
    CHECK(make_pool(uts[made], pools[made]) == seL4_NoError,
          "deleting a pool did not free its place");
    return PASS;
}

/* ---- ASIDPool_Assign ------------------------------------------------------ */

static const char *asid_assign_pml4(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr pml4 = alloc_obj(seL4_X64_PML4Object, 0);
    CHECK(pml4, "cannot make a PML4");
    CHECK(!copyable(pml4), "an unassigned PML4 can be copied");
    CHECK(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4) == seL4_NoError,
          "Assign to the root task's pool failed");
    CHECK(copyable(pml4), "an assigned PML4 cannot be copied");
    return PASS;
}

static const char *asid_assign_twice(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr pml4 = alloc_obj(seL4_X64_PML4Object, 0);
    CHECK(pml4, "cannot make a PML4");
    CHECK(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4) == seL4_NoError,
          "the first Assign failed");
    CHECK(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4) == seL4_InvalidCapability,
          "assigning an assigned PML4 is not InvalidCapability");
    CHECK(MR(0) == 1, "InvalidCapability does not name cap 1 (the PML4)");
    CHECK(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, seL4_CapInitThreadVSpace) ==
              seL4_InvalidCapability,
          "assigning the root task's own VSpace is not InvalidCapability");
    return PASS;
}

static const char *asid_assign_needs_pml4(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr pdpt = alloc_obj(seL4_X86_PDPTObject, 0), ep = alloc_obj(seL4_EndpointObject, 0);
    CHECK(pdpt && ep, "cannot make the objects");
    CHECK(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pdpt) == seL4_InvalidCapability &&
              MR(0) == 1,
          "assigning a PDPT is not InvalidCapability 1");
    CHECK(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, ep) == seL4_InvalidCapability &&
              MR(0) == 1,
          "assigning an endpoint is not InvalidCapability 1");
    return PASS;
}

/* A new pool has 512 ASIDs for 512 PML4s; the 513th is DeleteFirst until one is deleted. */
static const char *asid_pool_fills_up(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, seL4_ASIDPoolBits), pool = alloc_slot();
    seL4_CPtr pml4s = alloc_slots(ASIDS_PER_POOL + 1), p = alloc_pool();
    CHECK(ut && pml4s && p, "cannot make the objects");
    CHECK(make_pool(ut, pool) == seL4_NoError, "MakePool failed");
    for (seL4_Word i = 0; i < ASIDS_PER_POOL + 1; i += 256) {
        seL4_Word n = ASIDS_PER_POOL + 1 - i < 256 ? ASIDS_PER_POOL + 1 - i : 256;
        CHECK(seL4_Untyped_Retype(p, seL4_X64_PML4Object, 0, ROOT, 0, 0, pml4s + i, n) ==
                  seL4_NoError,
              "cannot make 513 PML4s");
    }
    for (seL4_Word i = 0; i < ASIDS_PER_POOL; i++)
        CHECK(seL4_X86_ASIDPool_Assign(pool, pml4s + i) == seL4_NoError,
              "a new pool did not take 512 PML4s");
    CHECK(seL4_X86_ASIDPool_Assign(pool, pml4s + ASIDS_PER_POOL) == seL4_DeleteFirst,
          "a full pool is not DeleteFirst");
    CHECK(seL4_CNode_Delete(ROOT, pml4s + 100, DEPTH) == seL4_NoError, "delete failed");
    CHECK(seL4_X86_ASIDPool_Assign(pool, pml4s + ASIDS_PER_POOL) == seL4_NoError,
          "deleting an assigned PML4 did not free its ASID");
    return PASS;
}

static const char *asid_wrong_labels_and_truncation(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, seL4_ASIDPoolBits);
    seL4_Word mrs[2] = {alloc_slot(), DEPTH};
    CHECK(ut, "cannot make an untyped");
    CHECK(seL4_MessageInfo_get_label(raw_call(seL4_CapASIDControl, X86ASIDPoolAssign, 0, 0, 1,
                                              &ut)) == seL4_IllegalOperation,
          "ASIDControl invoked with Assign is not IllegalOperation");
    CHECK(seL4_MessageInfo_get_label(raw_call(seL4_CapInitThreadASIDPool, X86ASIDControlMakePool, 2,
                                              mrs, 1, &ut)) == seL4_IllegalOperation,
          "an ASID pool invoked with MakePool is not IllegalOperation");
    CHECK(seL4_MessageInfo_get_label(raw_call(seL4_CapASIDControl, X86ASIDControlMakePool, 2, mrs,
                                              1, &ut)) == seL4_TruncatedMessage,
          "MakePool with one cap is not TruncatedMessage");
    CHECK(seL4_MessageInfo_get_label(raw_call(seL4_CapInitThreadASIDPool, X86ASIDPoolAssign, 0, 0,
                                              0, 0)) == seL4_TruncatedMessage,
          "Assign without a cap is not TruncatedMessage");
    return PASS;
}

/* ---- IOPortControl_Issue -------------------------------------------------- */

static const char *ioport_issue(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr a = alloc_slot(), b = alloc_slot();
    CHECK(issue(PORT, PORT + 7, a) == seL4_NoError, "Issue of 8 ports failed");
    CHECK(cap_type(a) == TAG_IO_PORT, "the new cap is not an IOPort cap");
    CHECK(issue(PORT + 0x10, PORT + 0x10, b) == seL4_NoError && cap_type(b) == TAG_IO_PORT,
          "Issue of a single port failed");
    return PASS;
}

static const char *ioport_issue_first_after_last(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr a = alloc_slot();
    CHECK(issue(PORT + 7, PORT, a) == seL4_InvalidArgument, "first > last is not InvalidArgument");
    CHECK(MR(0) == 1, "InvalidArgument does not name argument 1 (the last port)");
    CHECK(cap_type(a) == TAG_NULL, "a refused Issue made a cap");
    return PASS;
}

static const char *ioport_issue_overlap(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr a = alloc_slot(), b = alloc_slot();
    CHECK(issue(PORT, PORT + 7, a) == seL4_NoError, "the first Issue failed");
    CHECK(issue(PORT + 4, PORT + 0xf, b) == seL4_RevokeFirst,
          "an overlapping range is not RevokeFirst");
    CHECK(issue(PORT + 2, PORT + 3, b) == seL4_RevokeFirst, "a range inside is not RevokeFirst");
    CHECK(issue(PORT - 8, PORT, b) == seL4_RevokeFirst, "a range ending on it is not RevokeFirst");
    CHECK(issue(PORT + 8, PORT + 0xf, b) == seL4_NoError, "the adjacent range was refused");
    return PASS;
}

/* Only the last cap to a range gives the ports back. */
static const char *ioport_freed_with_last_cap(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr a = alloc_slot(), copy = alloc_slot(), b = alloc_slot();
    CHECK(issue(PORT, PORT + 7, a) == seL4_NoError, "Issue failed");
    CHECK(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, a, DEPTH, seL4_AllRights) == seL4_NoError &&
              cap_type(copy) == TAG_IO_PORT,
          "copy of an IOPort cap failed");
    CHECK(seL4_CNode_Delete(ROOT, a, DEPTH) == seL4_NoError, "delete failed");
    CHECK(issue(PORT, PORT + 7, b) == seL4_RevokeFirst, "ports came back while a copy remains");
    CHECK(seL4_CNode_Delete(ROOT, copy, DEPTH) == seL4_NoError, "delete of the copy failed");
    CHECK(issue(PORT, PORT + 7, b) == seL4_NoError, "deleting the last cap did not free the ports");
    return PASS;
}

/* A refused Issue takes no ports, whatever refused it. */
static const char *ioport_issue_destination_errors(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr full = alloc_obj(seL4_EndpointObject, 0), a = alloc_slot();
    CHECK(full, "cannot make an endpoint");
    CHECK(issue(PORT, PORT + 7, full) == seL4_DeleteFirst, "a full destination is not DeleteFirst");
    CHECK(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, PORT, PORT + 7, ROOT, a, 0) ==
                  seL4_RangeError &&
              MR(0) == 1 && MR(1) == 64,
          "destination depth 0 is not RangeError 1..64");
    CHECK(issue(PORT, PORT + 7, a) == seL4_NoError, "a refused Issue kept the ports");
    return PASS;
}

/* Port numbers are the low 16 bits of the words: 0x15000 is port 0x5000. */
static const char *ioport_numbers_are_16_bit(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr a = alloc_slot(), b = alloc_slot();
    CHECK(issue(0x10000ul | PORT, 0x10000ul | (PORT + 3), a) == seL4_NoError,
          "Issue with bits above 16 failed");
    CHECK(issue(PORT, PORT, b) == seL4_RevokeFirst, "0x15000 did not take port 0x5000");
    return PASS;
}

static const char *ioport_control_wrong_label_and_truncation(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr root = ROOT;
    seL4_Word mrs[4] = {PORT, PORT, alloc_slot(), DEPTH};
    CHECK(seL4_MessageInfo_get_label(raw_call(seL4_CapIOPortControl, X86IOPortIn8, 1, mrs, 0, 0)) ==
              seL4_IllegalOperation,
          "IOPortControl invoked with In8 is not IllegalOperation");
    CHECK(seL4_MessageInfo_get_label(raw_call(seL4_CapIOPortControl, X86IOPortControlIssue, 3, mrs,
                                              1, &root)) == seL4_TruncatedMessage,
          "Issue with 3 words is not TruncatedMessage");
    CHECK(seL4_MessageInfo_get_label(raw_call(seL4_CapIOPortControl, X86IOPortControlIssue, 4, mrs,
                                              0, 0)) == seL4_TruncatedMessage,
          "Issue without the root cap is not TruncatedMessage");
    return PASS;
}

const struct kernel_case x86_object_cases[] = {
    CASE(asid_make_pool),
    CASE(asid_make_pool_needs_4k_ram_untyped),
    CASE(asid_make_pool_untyped_with_children),
    CASE(asid_make_pool_destination_errors),
    CASE(asid_pools_run_out),
    CASE(asid_assign_pml4),
    CASE(asid_assign_twice),
    CASE(asid_assign_needs_pml4),
    CASE(asid_pool_fills_up),
    CASE(asid_wrong_labels_and_truncation),
    CASE(ioport_issue),
    CASE(ioport_issue_first_after_last),
    CASE(ioport_issue_overlap),
    CASE(ioport_freed_with_last_cap),
    CASE(ioport_issue_destination_errors),
    CASE(ioport_numbers_are_16_bit),
    CASE(ioport_control_wrong_label_and_truncation),
    END_OF_CASES,
};
