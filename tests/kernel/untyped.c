/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Untyped_Retype cases (seL4 13.0.0 decodeUntypedInvocation): one case per
 * object type, the watermark (objects follow earlier ones, each aligned to
 * its size; NotEnoughMemory reports the free bytes in MR0; an untyped with
 * no children starts again from 0), and every error with the details
 * libsel4 leaves in the message registers.  Objects come from the private
 * pool of alloc.c, which each case leaves as it found it.
 */
#include "alloc.h"

static seL4_Error retype(seL4_CPtr ut, seL4_Word type, seL4_Word bits, seL4_CPtr slot, seL4_Word n)
{
    return seL4_Untyped_Retype(ut, type, bits, ROOT, 0, 0, slot, n);
}

/* Makes one object of type from a fresh 2^ut_bits untyped; returns its cap's tag. */
static seL4_Word make_one(seL4_Word type, seL4_Word bits, seL4_Word ut_bits)
{
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, ut_bits), slot = alloc_slot();

    if (!ut || !slot || retype(ut, type, bits, slot, 1) != seL4_NoError)
        return TAG_NULL;
    return cap_type(slot);
}

#define MAKE_CASE(name, type, bits, ut_bits, tag)                                                  \
    static const char *name(seL4_BootInfo *bi)                                                     \
    {                                                                                              \
        BEGIN(bi);                                                                                 \
        CHECK(make_one(type, bits, ut_bits) == (tag), "retype did not make a cap of the type");    \
        return PASS;                                                                               \
    }

MAKE_CASE(retype_tcb, seL4_TCBObject, 0, 12, TAG_THREAD)
MAKE_CASE(retype_endpoint, seL4_EndpointObject, 0, 12, TAG_ENDPOINT)
MAKE_CASE(retype_notification, seL4_NotificationObject, 0, 12, TAG_NOTIFICATION)
MAKE_CASE(retype_4k_frame, seL4_X86_4K, 0, 12, TAG_FRAME)
MAKE_CASE(retype_2m_frame, seL4_X86_LargePageObject, 0, 21, TAG_FRAME)
MAKE_CASE(retype_page_table, seL4_X86_PageTableObject, 0, 12, TAG_PAGE_TABLE)
MAKE_CASE(retype_page_directory, seL4_X86_PageDirectoryObject, 0, 12, TAG_PAGE_DIRECTORY)
MAKE_CASE(retype_pdpt, seL4_X86_PDPTObject, 0, 12, TAG_PDPT)
MAKE_CASE(retype_pml4, seL4_X64_PML4Object, 0, 12, TAG_PML4)
MAKE_CASE(retype_untyped_min_size, seL4_UntypedObject, seL4_MinUntypedBits, 12, TAG_UNTYPED)

/*
 * A CNode of 2^bits slots: its last slot takes a cap, and a retype into it
 * is refused one slot past the end with RangeError 0..2^bits-1.
 */
static const char *cnode_of_size(seL4_BootInfo *bi, seL4_Word bits)
{
    BEGIN(bi);
    seL4_CPtr cn = alloc_obj(seL4_CapTableObject, bits);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0);
    seL4_CPtr pool = alloc_pool();
    CHECK(cn && ep, "cannot make the CNode and an endpoint");
    CHECK(cap_type(cn) == TAG_CNODE, "the new cap is not a CNode cap");
    CHECK(seL4_CNode_Copy(cn, (1ul << bits) - 1, (seL4_Uint8)bits, ROOT, ep, DEPTH,
                          seL4_AllRights) == seL4_NoError,
          "the CNode's last slot does not take a cap");
    CHECK(seL4_Untyped_Retype(pool, seL4_EndpointObject, 0, cn, 0, 0, 1ul << bits, 1) ==
              seL4_RangeError,
          "a retype one past the CNode's end is not RangeError");
    CHECK(MR(0) == 0 && MR(1) == (1ul << bits) - 1, "RangeError does not give 0..slots-1");
    return PASS;
}

static const char *retype_cnode_2_slots(seL4_BootInfo *bi)
{
    return cnode_of_size(bi, 1);
}

static const char *retype_cnode_16_slots(seL4_BootInfo *bi)
{
    return cnode_of_size(bi, 4);
}

static const char *retype_cnode_256_slots(seL4_BootInfo *bi)
{
    return cnode_of_size(bi, 8);
}

static const char *retype_cnode_4096_slots(seL4_BootInfo *bi)
{
    return cnode_of_size(bi, 12);
}

static const char *retype_256_objects_at_once(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr first = alloc_slots(256);
    CHECK(first && alloc_pool(), "no pool or slots");
    CHECK(retype(alloc_pool(), seL4_EndpointObject, 0, first, 256) == seL4_NoError,
          "retype of 256 endpoints failed");
    for (seL4_CPtr s = first; s < first + 256; s++)
        CHECK(cap_type(s) == TAG_ENDPOINT, "a slot of the window holds no endpoint");
    return PASS;
}

static const char *retype_huge_page_not_enough_memory(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr slot = alloc_slot(), pool = alloc_pool();
    CHECK(pool, "no pool");
    CHECK(retype(pool, seL4_X64_HugePageObject, 0, slot, 1) == seL4_NotEnoughMemory,
          "a 1 GiB frame from 8 MiB is not NotEnoughMemory");
    CHECK(MR(0) == 1ul << ALLOC_POOL_BITS, "NotEnoughMemory does not report the free bytes");
    CHECK(cap_type(slot) == TAG_NULL, "a cap appeared anyway");
    return PASS;
}

static const char *retype_bad_type(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr slot = alloc_slot(), pool = alloc_pool();
    CHECK(pool, "no pool");
    CHECK(retype(pool, seL4_ObjectTypeCount, 0, slot, 1) == seL4_InvalidArgument,
          "type seL4_ObjectTypeCount is not InvalidArgument");
    CHECK(MR(0) == 0, "InvalidArgument does not name argument 0 (the type)");
    CHECK(retype(pool, ~0ul, 0, slot, 1) == seL4_InvalidArgument && MR(0) == 0,
          "type ~0 is not InvalidArgument 0");
    return PASS;
}

static const char *retype_size_too_big(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr slot = alloc_slot(), pool = alloc_pool();
    CHECK(pool, "no pool");
    CHECK(retype(pool, seL4_UntypedObject, seL4_MaxUntypedBits + 1, slot, 1) == seL4_RangeError,
          "an untyped of 2^48 bytes is not RangeError");
    CHECK(MR(0) == 0 && MR(1) == seL4_MaxUntypedBits, "RangeError does not give 0..47");
    CHECK(retype(pool, seL4_UntypedObject, 64, slot, 1) == seL4_RangeError && MR(1) == 47,
          "size_bits 64 is not RangeError 0..47");
    /* A CNode's size is slots: 2^43 slots of 2^5 bytes is 2^48 bytes. */
    CHECK(retype(pool, seL4_CapTableObject, 43, slot, 1) == seL4_RangeError && MR(1) == 47,
          "a CNode of 2^48 bytes is not RangeError 0..47");
    return PASS;
}

static const char *retype_size_too_small(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr slot = alloc_slot(), pool = alloc_pool();
    CHECK(pool, "no pool");
    CHECK(retype(pool, seL4_CapTableObject, 0, slot, 1) == seL4_InvalidArgument && MR(0) == 1,
          "a CNode of one slot is not InvalidArgument 1");
    CHECK(retype(pool, seL4_UntypedObject, seL4_MinUntypedBits - 1, slot, 1) ==
                  seL4_InvalidArgument &&
              MR(0) == 1,
          "an untyped of 8 bytes is not InvalidArgument 1");
    return PASS;
}

static const char *retype_object_count_range(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr slot = alloc_slots(300), pool = alloc_pool();
    CHECK(slot && pool, "no pool or slots");
    CHECK(retype(pool, seL4_EndpointObject, 0, slot, 0) == seL4_RangeError,
          "0 objects is not RangeError");
    CHECK(MR(0) == 1 && MR(1) == 256, "RangeError does not give 1..256 (the fan-out limit)");
    CHECK(retype(pool, seL4_EndpointObject, 0, slot, 257) == seL4_RangeError && MR(0) == 1 &&
              MR(1) == 256,
          "257 objects is not RangeError 1..256");
    CHECK(cap_type(slot) == TAG_NULL, "a refused retype made a cap");
    return PASS;
}

static const char *retype_offset_beyond_cnode(seL4_BootInfo *bi)
{
    BEGIN(bi);
    CHECK(alloc_pool(), "no pool");
    CHECK(retype(alloc_pool(), seL4_EndpointObject, 0, 4096, 1) == seL4_RangeError,
          "node_offset 4096 in a 4096-slot CNode is not RangeError");
    CHECK(MR(0) == 0 && MR(1) == 4095, "RangeError does not give 0..4095");
    return PASS;
}

static const char *retype_window_overruns_cnode(seL4_BootInfo *bi)
{
    BEGIN(bi);
    CHECK(alloc_pool(), "no pool");
    CHECK(retype(alloc_pool(), seL4_EndpointObject, 0, 4090, 10) == seL4_RangeError,
          "10 objects from slot 4090 is not RangeError");
    CHECK(MR(0) == 1 && MR(1) == 6, "RangeError does not give 1..6 (the slots left)");
    return PASS;
}

/* Every slot of the window must be empty; a refused retype changes nothing. */
static const char *retype_dest_occupied(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr first = alloc_slots(3), pool = alloc_pool();
    CHECK(first && pool, "no pool or slots");
    CHECK(retype(pool, seL4_NotificationObject, 0, first + 1, 1) == seL4_NoError,
          "cannot fill the middle slot");
    CHECK(retype(pool, seL4_EndpointObject, 0, first, 3) == seL4_DeleteFirst,
          "a window with a full slot is not DeleteFirst");
    CHECK(cap_type(first) == TAG_NULL && cap_type(first + 2) == TAG_NULL,
          "the refused retype filled other slots");
    CHECK(cap_type(first + 1) == TAG_NOTIFICATION, "the full slot changed");
    return PASS;
}

/* With node_depth 0 the root cap itself is the destination and must be a CNode. */
static const char *retype_dest_root_not_cnode(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), empty = alloc_slot();
    CHECK(ep, "cannot make an endpoint");
    CHECK(seL4_Untyped_Retype(alloc_pool(), seL4_EndpointObject, 0, ep, 0, 0, 0, 1) ==
              seL4_FailedLookup,
          "an endpoint as destination root is not FailedLookup");
    CHECK(MR(0) == 0 && MR(1) == seL4_MissingCapability && MR(2) == 0,
          "FailedLookup is not (destination, MissingCapability, 0 bits left)");
    CHECK(seL4_Untyped_Retype(alloc_pool(), seL4_EndpointObject, 0, empty, 0, 0, 0, 1) ==
                  seL4_FailedLookup &&
              MR(0) == 0 && MR(1) == seL4_MissingCapability,
          "an empty slot as destination root is not FailedLookup MissingCapability");
    return PASS;
}

/* With a depth, node_index names a slot under the root; it must hold a CNode cap. */
static const char *retype_dest_index_not_cnode(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0);
    CHECK(ep, "cannot make an endpoint");
    CHECK(seL4_Untyped_Retype(alloc_pool(), seL4_EndpointObject, 0, ROOT, ep, DEPTH, 0, 1) ==
              seL4_FailedLookup,
          "an endpoint as destination CNode is not FailedLookup");
    CHECK(MR(0) == 0 && MR(1) == seL4_MissingCapability && MR(2) == DEPTH,
          "FailedLookup is not (destination, MissingCapability, depth bits left)");
    CHECK(seL4_Untyped_Retype(alloc_pool(), seL4_EndpointObject, 0, ep, 0, DEPTH, 0, 1) ==
                  seL4_FailedLookup &&
              MR(0) == 0 && MR(1) == seL4_InvalidRoot,
          "looking up through an endpoint root is not FailedLookup InvalidRoot");
    CHECK(seL4_Untyped_Retype(alloc_pool(), seL4_EndpointObject, 0, ROOT, ep, DEPTH + 1, 0, 1) ==
                  seL4_RangeError &&
              MR(0) == 1 && MR(1) == DEPTH,
          "node_depth 65 is not RangeError 1..64");
    return PASS;
}

/* A CNode named by (index, depth) or passed as root with depth 0 receives the objects. */
static const char *retype_into_other_cnode(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr cn = alloc_obj(seL4_CapTableObject, 4), back = alloc_slot(), back2 = alloc_slot();
    CHECK(cn, "cannot make a CNode");
    CHECK(seL4_Untyped_Retype(alloc_pool(), seL4_NotificationObject, 0, ROOT, cn, DEPTH, 3, 1) ==
              seL4_NoError,
          "retype into a CNode named by index and depth failed");
    CHECK(seL4_Untyped_Retype(alloc_pool(), seL4_EndpointObject, 0, cn, 0, 0, 5, 1) == seL4_NoError,
          "retype into a CNode passed as root failed");
    CHECK(seL4_CNode_Move(ROOT, back, DEPTH, cn, 3, 4) == seL4_NoError &&
              seL4_CNode_Move(ROOT, back2, DEPTH, cn, 5, 4) == seL4_NoError,
          "the new caps are not in slots 3 and 5 of the CNode");
    CHECK(cap_type(back) == TAG_NOTIFICATION && cap_type(back2) == TAG_ENDPOINT,
          "the caps in the other CNode are of the wrong type");
    return PASS;
}

/* Device untypeds make only frames and untypeds (InvalidArgument 1 otherwise). */
static const char *retype_device_only_frames(seL4_BootInfo *bi)
{
    static const seL4_Word refused[] = {seL4_TCBObject,           seL4_EndpointObject,
                                        seL4_NotificationObject,  seL4_CapTableObject,
                                        seL4_X86_PageTableObject, seL4_X86_PageDirectoryObject,
                                        seL4_X86_PDPTObject,      seL4_X64_PML4Object};
    BEGIN(bi);
    seL4_CPtr dev = alloc_device_untyped(bi, 13), slot = alloc_slot(), slot2 = alloc_slot();
    CHECK(dev, "no device untyped of 8 KiB");
    for (unsigned i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
        CHECK(retype(dev, refused[i], 4, slot, 1) == seL4_InvalidArgument && MR(0) == 1,
              "a device untyped made a kernel object, or not with InvalidArgument 1");
    CHECK(retype(dev, seL4_X86_4K, 0, slot, 1) == seL4_NoError && cap_type(slot) == TAG_FRAME,
          "a device untyped did not make a 4 KiB frame");
    CHECK(retype(dev, seL4_UntypedObject, 12, slot2, 1) == seL4_NoError &&
              cap_type(slot2) == TAG_UNTYPED,
          "a device untyped did not make a child untyped");
    CHECK(retype(slot2, seL4_EndpointObject, 0, alloc_slot(), 1) == seL4_InvalidArgument,
          "a device untyped's child untyped made an endpoint");
    return PASS;
}

/* Objects go at the watermark, each aligned to its own size. */
static const char *watermark_objects_follow(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, 12);
    CHECK(ut, "cannot make a 4 KiB untyped");
    CHECK(retype(ut, seL4_EndpointObject, 0, alloc_slot(), 1) == seL4_NoError, "endpoint failed");
    CHECK(retype(ut, seL4_NotificationObject, 0, alloc_slot(), 1) == seL4_NoError,
          "notification failed");
    /* 16 bytes of endpoint, then the notification aligned to 32: 64 bytes used. */
    CHECK(retype(ut, seL4_X86_4K, 0, alloc_slot(), 1) == seL4_NotEnoughMemory,
          "a 4 KiB frame still fitted");
    CHECK(MR(0) == 4096 - 64, "free bytes after an endpoint and a notification are not 4032");
    return PASS;
}

/* An untyped of two TCBs' size: the TCB after an endpoint goes to its second half. */
static const char *watermark_aligns_objects(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, seL4_TCBBits + 1);
    CHECK(ut, "cannot make an untyped of two TCBs");
    CHECK(retype(ut, seL4_EndpointObject, 0, alloc_slot(), 1) == seL4_NoError, "endpoint failed");
    CHECK(retype(ut, seL4_TCBObject, 0, alloc_slot(), 1) == seL4_NoError,
          "a TCB did not fit after an endpoint");
    /* The TCB went to offset 2^seL4_TCBBits, its alignment, and ends the untyped. */
    CHECK(retype(ut, seL4_EndpointObject, 0, alloc_slot(), 1) == seL4_NotEnoughMemory,
          "an endpoint fitted after the TCB");
    CHECK(MR(0) == 0, "free bytes after a TCB in the second half are not 0");
    return PASS;
}

static const char *watermark_full_untyped(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, 12), first = alloc_slots(256);
    CHECK(ut && first, "cannot make a 4 KiB untyped");
    CHECK(retype(ut, seL4_EndpointObject, 0, first, 256) == seL4_NoError,
          "256 endpoints do not fit in 4 KiB");
    CHECK(retype(ut, seL4_EndpointObject, 0, alloc_slot(), 1) == seL4_NotEnoughMemory,
          "a 257th endpoint fitted");
    CHECK(MR(0) == 0, "a full untyped does not report 0 free bytes");
    return PASS;
}

static const char *not_enough_memory_reports_free_bytes(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, 12), first = alloc_slots(2);
    CHECK(ut && first, "cannot make a 4 KiB untyped");
    CHECK(retype(ut, seL4_X86_PageTableObject, 0, first, 2) == seL4_NotEnoughMemory,
          "two page tables fitted in 4 KiB");
    CHECK(MR(0) == 4096, "a fresh 4 KiB untyped does not report 4096 free bytes");
    CHECK(cap_type(first) == TAG_NULL, "the refused retype made one of the two");
    return PASS;
}

static const char *revoke_resets_untyped(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, 12), a = alloc_slot(), b = alloc_slot();
    CHECK(ut, "cannot make a 4 KiB untyped");
    CHECK(retype(ut, seL4_X86_4K, 0, a, 1) == seL4_NoError, "the first frame failed");
    CHECK(retype(ut, seL4_X86_4K, 0, b, 1) == seL4_NotEnoughMemory, "a second frame fitted");
    CHECK(seL4_CNode_Revoke(ROOT, ut, DEPTH) == seL4_NoError, "revoke failed");
    CHECK(cap_type(a) == TAG_NULL, "revoke left the frame cap");
    CHECK(cap_type(ut) == TAG_UNTYPED, "revoke removed the untyped itself");
    CHECK(retype(ut, seL4_X86_4K, 0, b, 1) == seL4_NoError,
          "the revoked untyped cannot make the frame again");
    return PASS;
}

static const char *delete_last_child_resets_untyped(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, 12), a = alloc_slot();
    CHECK(ut, "cannot make a 4 KiB untyped");
    CHECK(retype(ut, seL4_X86_4K, 0, a, 1) == seL4_NoError, "the first frame failed");
    CHECK(seL4_CNode_Delete(ROOT, a, DEPTH) == seL4_NoError, "delete failed");
    CHECK(retype(ut, seL4_X86_4K, 0, a, 1) == seL4_NoError,
          "an untyped whose only child was deleted cannot make the frame again");
    return PASS;
}

static const char *watermark_kept_while_children_remain(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, 13), a = alloc_slots(2);
    CHECK(ut && a, "cannot make an 8 KiB untyped");
    CHECK(retype(ut, seL4_X86_4K, 0, a, 2) == seL4_NoError, "two frames failed");
    CHECK(seL4_CNode_Delete(ROOT, a, DEPTH) == seL4_NoError, "delete failed");
    CHECK(retype(ut, seL4_X86_4K, 0, a, 1) == seL4_NotEnoughMemory,
          "a frame fitted while the second one still exists");
    CHECK(MR(0) == 0, "free bytes are not 0 while a child remains");
    return PASS;
}

/* Copying an untyped marks the original full, so only the copy can be retyped. */
static const char *copied_untyped_original_is_full(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, 12), copy = alloc_slot();
    CHECK(ut, "cannot make a 4 KiB untyped");
    CHECK(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, ut, DEPTH, seL4_AllRights) == seL4_NoError,
          "copy of a fresh untyped failed");
    CHECK(cap_type(copy) == TAG_UNTYPED, "the copy is not an untyped cap");
    CHECK(retype(ut, seL4_EndpointObject, 0, alloc_slot(), 1) == seL4_NotEnoughMemory && MR(0) == 0,
          "the original of a copied untyped is not full");
    CHECK(retype(copy, seL4_EndpointObject, 0, alloc_slot(), 1) == seL4_NoError,
          "the copy of an untyped cannot be retyped");
    return PASS;
}

static const char *revoke_untyped_deletes_objects(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, 16), first = alloc_slots(4);
    seL4_CPtr child = alloc_slot(), grandchild = alloc_slot();
    CHECK(ut && first, "cannot make an untyped");
    CHECK(retype(ut, seL4_TCBObject, 0, first, 4) == seL4_NoError, "four TCBs failed");
    CHECK(retype(ut, seL4_UntypedObject, 12, child, 1) == seL4_NoError, "child untyped failed");
    CHECK(retype(child, seL4_NotificationObject, 0, grandchild, 1) == seL4_NoError,
          "an object from the child untyped failed");
    CHECK(seL4_CNode_Revoke(ROOT, ut, DEPTH) == seL4_NoError, "revoke failed");
    for (seL4_CPtr s = first; s < first + 4; s++)
        CHECK(cap_type(s) == TAG_NULL, "revoke left a TCB cap");
    CHECK(cap_type(child) == TAG_NULL && cap_type(grandchild) == TAG_NULL,
          "revoke left the child untyped or its object");
    return PASS;
}

/* Checks come in seL4's order: the type before the object count, memory before device. */
static const char *retype_check_order(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr pool = alloc_pool(), slot = alloc_slot();
    seL4_CPtr dev = alloc_device_untyped(bi, 12);
    CHECK(pool && dev, "no pool or device untyped");
    CHECK(retype(pool, seL4_ObjectTypeCount, 0, 4096, 0) == seL4_InvalidArgument,
          "a bad type did not win over a bad offset and count");
    CHECK(retype(pool, seL4_EndpointObject, 0, 4096, 0) == seL4_RangeError && MR(1) == 4095,
          "a bad offset did not win over a bad count");
    CHECK(retype(dev, seL4_CapTableObject, 42, slot, 1) == seL4_NotEnoughMemory,
          "a device untyped too small for the object is not NotEnoughMemory first");
    return PASS;
}

static const char *untyped_wrong_label(seL4_BootInfo *bi)
{
    BEGIN(bi);
    CHECK(alloc_pool(), "no pool");
    seL4_MessageInfo_t r = raw_call(alloc_pool(), CNodeRevoke, 0, 0, 0, 0);
    CHECK(seL4_MessageInfo_get_label(r) == seL4_IllegalOperation,
          "an untyped invoked with a CNode label is not IllegalOperation");
    return PASS;
}

static const char *untyped_truncated_message(seL4_BootInfo *bi)
{
    static const seL4_Word mrs[6] = {seL4_EndpointObject, 0, 0, 0, 0, 1};
    BEGIN(bi);
    seL4_CPtr root = ROOT, pool = alloc_pool();
    CHECK(pool, "no pool");
    seL4_MessageInfo_t r = raw_call(pool, UntypedRetype, 5, mrs, 1, &root);
    CHECK(seL4_MessageInfo_get_label(r) == seL4_TruncatedMessage,
          "Retype with 5 words is not TruncatedMessage");
    r = raw_call(pool, UntypedRetype, 6, mrs, 0, 0);
    CHECK(seL4_MessageInfo_get_label(r) == seL4_TruncatedMessage,
          "Retype without the root cap is not TruncatedMessage");
    return PASS;
}

const struct kernel_case untyped_cases[] = {
    CASE(retype_tcb),
    CASE(retype_endpoint),
    CASE(retype_notification),
    CASE(retype_4k_frame),
    CASE(retype_2m_frame),
    CASE(retype_page_table),
    CASE(retype_page_directory),
    CASE(retype_pdpt),
    CASE(retype_pml4),
    CASE(retype_untyped_min_size),
    CASE(retype_cnode_2_slots),
    CASE(retype_cnode_16_slots),
    CASE(retype_cnode_256_slots),
    CASE(retype_cnode_4096_slots),
    CASE(retype_256_objects_at_once),
    CASE(retype_huge_page_not_enough_memory),
    CASE(retype_bad_type),
    CASE(retype_size_too_big),
    CASE(retype_size_too_small),
    CASE(retype_object_count_range),
    CASE(retype_offset_beyond_cnode),
    CASE(retype_window_overruns_cnode),
    CASE(retype_dest_occupied),
    CASE(retype_dest_root_not_cnode),
    CASE(retype_dest_index_not_cnode),
    CASE(retype_into_other_cnode),
    CASE(retype_device_only_frames),
    CASE(watermark_objects_follow),
    CASE(watermark_aligns_objects),
    CASE(watermark_full_untyped),
    CASE(not_enough_memory_reports_free_bytes),
    CASE(revoke_resets_untyped),
    CASE(delete_last_child_resets_untyped),
    CASE(watermark_kept_while_children_remain),
    CASE(copied_untyped_original_is_full),
    CASE(revoke_untyped_deletes_objects),
    CASE(retype_check_order),
    CASE(untyped_wrong_label),
    CASE(untyped_truncated_message),
    END_OF_CASES,
};
