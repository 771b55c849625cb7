/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CNode invocation cases (seL4 13.0.0 decodeCNodeInvocation): Copy, Mint,
 * Move, Mutate, Rotate, Delete, Revoke, CancelBadgedSends and SaveCaller,
 * what each does to the caps and their derivation, and every error with
 * the details libsel4 leaves in the message registers: FailedLookup gives
 * MR0 = 1 for the source (or pivot) and 0 for the destination, MR1 the
 * lookup failure type, MR2 the bits left, then bits found or guard found.
 *
 * Rights are observed without a second thread: a Call on an endpoint or
 * notification cap without write right is an InvalidCapability error
 * reply, and only a cap with every right may CancelBadgedSends.  Before a
 * Call on an endpoint cap that should have lost its write right, the case
 * checks through CancelBadgedSends that some right is gone, so a kernel
 * that masks nothing fails the case instead of blocking the suite.
 */
#include "alloc.h"

static seL4_Error copy(seL4_CPtr dest, seL4_CPtr src, seL4_CapRights_t rights)
{
    return seL4_CNode_Copy(ROOT, dest, DEPTH, ROOT, src, DEPTH, rights);
}

static seL4_Error mint(seL4_CPtr dest, seL4_CPtr src, seL4_CapRights_t rights, seL4_Word badge)
{
    return seL4_CNode_Mint(ROOT, dest, DEPTH, ROOT, src, DEPTH, rights, badge);
}

static seL4_Error move(seL4_CPtr dest, seL4_CPtr src)
{
    return seL4_CNode_Move(ROOT, dest, DEPTH, ROOT, src, DEPTH);
}

static seL4_Error rotate(seL4_CPtr dest, seL4_CPtr pivot, seL4_CPtr src)
{
    return seL4_CNode_Rotate(ROOT, dest, DEPTH, 0, ROOT, pivot, DEPTH, 0, ROOT, src, DEPTH);
}

/* The error label of an empty Call on cap: only for caps that cannot block the caller. */
static seL4_Word call_label(seL4_CPtr cap)
{
    return seL4_MessageInfo_get_label(seL4_Call(cap, seL4_MessageInfo_new(0, 0, 0, 0)));
}

static seL4_Word poll(seL4_CPtr ntfn)
{
    seL4_Word badge = ~0ul;

    seL4_Poll(ntfn, &badge);
    return badge;
}

static bool has_all_rights(seL4_CPtr ep)
{
    return seL4_CNode_CancelBadgedSends(ROOT, ep, DEPTH) == seL4_NoError;
}

/* ---- Copy ---------------------------------------------------------------- */

static const char *copy_endpoint(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), dest = alloc_slot();
    CHECK(ep, "cannot make an endpoint");
    CHECK(copy(dest, ep, seL4_AllRights) == seL4_NoError, "copy failed");
    CHECK(cap_type(dest) == TAG_ENDPOINT, "the copy is not an endpoint cap");
    CHECK(cap_type(ep) == TAG_ENDPOINT, "the original is gone");
    CHECK(has_all_rights(dest), "a copy with all rights lost a right");
    return PASS;
}

/* Caps seL4 lets the root task copy: TCB, CNode, assigned PML4, ASID caps, domain, frames. */
static const char *copy_boot_caps(seL4_BootInfo *bi)
{
    static const seL4_CPtr slots[] = {seL4_CapInitThreadTCB,       seL4_CapInitThreadCNode,
                                      seL4_CapInitThreadVSpace,    seL4_CapASIDControl,
                                      seL4_CapInitThreadASIDPool,  seL4_CapBootInfoFrame,
                                      seL4_CapInitThreadIPCBuffer, seL4_CapDomain};
    BEGIN(bi);
    for (unsigned i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
        seL4_CPtr dest = alloc_slot();
        CHECK(copy(dest, slots[i], seL4_AllRights) == seL4_NoError, "copy of a boot cap failed");
        CHECK(cap_type(dest) == cap_type(slots[i]), "a boot cap's copy has another type");
    }
    return PASS;
}

/* Deriving IRQControl or IOPortControl gives a null cap: Copy refuses it. */
static const char *copy_control_caps_is_illegal(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr dest = alloc_slot();
    CHECK(copy(dest, seL4_CapIRQControl, seL4_AllRights) == seL4_IllegalOperation,
          "copying IRQControl is not IllegalOperation");
    CHECK(copy(dest, seL4_CapIOPortControl, seL4_AllRights) == seL4_IllegalOperation,
          "copying IOPortControl is not IllegalOperation");
    CHECK(cap_type(dest) == TAG_NULL, "a refused copy wrote the destination");
    return PASS;
}

/* Page tables of every level cannot be copied until they are mapped (or assigned). */
static const char *copy_unmapped_paging_is_illegal(seL4_BootInfo *bi)
{
    static const seL4_Word types[] = {seL4_X86_PageTableObject, seL4_X86_PageDirectoryObject,
                                      seL4_X86_PDPTObject, seL4_X64_PML4Object};
    BEGIN(bi);
    seL4_CPtr dest = alloc_slot();
    for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        seL4_CPtr t = alloc_obj(types[i], 0);
        CHECK(t, "cannot make a paging object");
        CHECK(copy(dest, t, seL4_AllRights) == seL4_IllegalOperation,
              "copying an unmapped paging object is not IllegalOperation");
    }
    CHECK(cap_type(dest) == TAG_NULL, "a refused copy wrote the destination");
    return PASS;
}

static const char *copy_frame(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr f = alloc_obj(seL4_X86_4K, 0), a = alloc_slot(), b = alloc_slot();
    CHECK(f, "cannot make a frame");
    CHECK(copy(a, f, seL4_AllRights) == seL4_NoError && cap_type(a) == TAG_FRAME,
          "copy of an unmapped frame failed");
    CHECK(copy(b, f, seL4_CanRead) == seL4_NoError && cap_type(b) == TAG_FRAME,
          "read-only copy of a frame failed");
    return PASS;
}

static const char *copy_untyped_with_children_is_revoke_first(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, 12), dest = alloc_slot();
    CHECK(ut, "cannot make an untyped");
    CHECK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, alloc_slot(), 1) ==
              seL4_NoError,
          "cannot give the untyped a child");
    CHECK(copy(dest, ut, seL4_AllRights) == seL4_RevokeFirst,
          "copying an untyped with children is not RevokeFirst");
    CHECK(cap_type(dest) == TAG_NULL, "a refused copy wrote the destination");
    return PASS;
}

static const char *copy_masks_endpoint_rights(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), ro = alloc_slot();
    CHECK(ep, "cannot make an endpoint");
    CHECK(copy(ro, ep, seL4_CanRead) == seL4_NoError, "read-only copy failed");
    CHECK(!has_all_rights(ro), "a read-only copy still has every right");
    CHECK(call_label(ro) == seL4_InvalidCapability && MR(0) == 0,
          "Call on an endpoint cap without write is not InvalidCapability 0");
    return PASS;
}

static const char *copy_cannot_add_rights(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), ro = alloc_slot(), again = alloc_slot();
    CHECK(ep, "cannot make an endpoint");
    CHECK(copy(ro, ep, seL4_CanRead) == seL4_NoError, "read-only copy failed");
    CHECK(copy(again, ro, seL4_AllRights) == seL4_NoError, "copy of the copy failed");
    CHECK(!has_all_rights(again), "copying a read-only cap with all rights gave all rights");
    CHECK(call_label(again) == seL4_InvalidCapability, "the write right came back");
    return PASS;
}

/* ---- Mint ---------------------------------------------------------------- */

/* A badged endpoint cannot be badged again, whatever the badge (seL4 updateCapData). */
static const char *mint_endpoint_badge_is_final(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), b = alloc_slot(), c = alloc_slot();
    CHECK(ep, "cannot make an endpoint");
    CHECK(mint(b, ep, seL4_AllRights, 5) == seL4_NoError && cap_type(b) == TAG_ENDPOINT,
          "mint of an endpoint with badge 5 failed");
    CHECK(mint(c, b, seL4_AllRights, 6) == seL4_IllegalOperation,
          "re-badging a badged endpoint is not IllegalOperation");
    CHECK(mint(c, b, seL4_AllRights, 0) == seL4_IllegalOperation,
          "minting a badged endpoint with badge 0 is not IllegalOperation");
    CHECK(copy(c, b, seL4_AllRights) == seL4_NoError, "a badged endpoint cannot be copied");
    CHECK(mint(alloc_slot(), ep, seL4_AllRights, 6) == seL4_NoError,
          "the unbadged original cannot be minted again");
    return PASS;
}

static const char *mint_badge_zero_leaves_unbadged(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), b = alloc_slot(), c = alloc_slot();
    CHECK(ep, "cannot make an endpoint");
    CHECK(mint(b, ep, seL4_AllRights, 0) == seL4_NoError, "mint with badge 0 failed");
    CHECK(mint(c, b, seL4_AllRights, 7) == seL4_NoError,
          "a cap minted with badge 0 is not unbadged");
    return PASS;
}

static const char *mint_masks_endpoint_rights(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), ro = alloc_slot();
    CHECK(ep, "cannot make an endpoint");
    CHECK(mint(ro, ep, seL4_NoWrite, 3) == seL4_NoError, "mint without write failed");
    CHECK(!has_all_rights(ro), "a minted cap without write has every right");
    CHECK(call_label(ro) == seL4_InvalidCapability, "the minted cap can still send");
    return PASS;
}

static const char *mint_notification_badge_is_final(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr n = alloc_obj(seL4_NotificationObject, 0), b = alloc_slot();
    CHECK(n, "cannot make a notification");
    CHECK(mint(b, n, seL4_AllRights, 1) == seL4_NoError && cap_type(b) == TAG_NOTIFICATION,
          "mint of a notification failed");
    CHECK(mint(alloc_slot(), b, seL4_AllRights, 2) == seL4_IllegalOperation,
          "re-badging a badged notification is not IllegalOperation");
    return PASS;
}

/* A notification cap without write cannot signal: Call is InvalidCapability, nothing arrives. */
static const char *mint_masks_notification_rights(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr n = alloc_obj(seL4_NotificationObject, 0), ro = alloc_slot(), wo = alloc_slot();
    CHECK(n, "cannot make a notification");
    CHECK(mint(ro, n, seL4_CanRead, 0x10) == seL4_NoError, "read-only mint failed");
    CHECK(mint(wo, n, seL4_CanWrite, 0x20) == seL4_NoError, "write-only mint failed");
    CHECK(call_label(ro) == seL4_InvalidCapability && MR(0) == 0,
          "Call on a notification cap without write is not InvalidCapability 0");
    CHECK(poll(n) == 0, "the read-only cap signalled");
    CHECK(call_label(wo) == seL4_NoError, "Call on a write-only notification cap failed");
    CHECK(poll(n) == 0x20, "the write-only cap's signal did not arrive with its badge");
    return PASS;
}

/* A badged copy outlives its original: deleting the original leaves the object. */
static const char *mint_copy_outlives_original(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr n = alloc_obj(seL4_NotificationObject, 0), b = alloc_slot();
    CHECK(n, "cannot make a notification");
    CHECK(mint(b, n, seL4_AllRights, 9) == seL4_NoError, "mint failed");
    CHECK(seL4_CNode_Delete(ROOT, n, DEPTH) == seL4_NoError, "delete of the original failed");
    CHECK(call_label(b) == seL4_NoError, "the badged copy cannot signal any more");
    CHECK(poll(b) == 9, "the badged copy does not reach the notification");
    return PASS;
}

/* A guard on a CNode cap: depth guard+radix bits, and the guard bits must match. */
static const char *mint_cnode_guard(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr cn = alloc_obj(seL4_CapTableObject, 4), ep = alloc_obj(seL4_EndpointObject, 0);
    seL4_CPtr g = alloc_slot(), back = alloc_slot();
    CHECK(cn && ep, "cannot make the objects");
    CHECK(mint(g, cn, seL4_AllRights, seL4_CNode_CapData_new(5, 4).words[0]) == seL4_NoError,
          "mint of a CNode cap with a guard failed");
    CHECK(cap_type(g) == TAG_CNODE, "the guarded cap is not a CNode cap");
    CHECK(seL4_CNode_Copy(g, 5 << 4 | 3, 8, ROOT, ep, DEPTH, seL4_AllRights) == seL4_NoError,
          "guard 5 and slot 3 in 8 bits do not name slot 3");
    CHECK(seL4_CNode_Move(ROOT, back, DEPTH, cn, 3, 4) == seL4_NoError &&
              cap_type(back) == TAG_ENDPOINT,
          "the copy is not in slot 3 of the CNode");
    CHECK(seL4_CNode_Copy(g, 6 << 4 | 3, 8, ROOT, ep, DEPTH, seL4_AllRights) == seL4_FailedLookup,
          "a wrong guard is not FailedLookup");
    CHECK(MR(0) == 0 && MR(1) == seL4_GuardMismatch && MR(2) == 8 && MR(3) == 5 && MR(4) == 4,
          "GuardMismatch is not (dest, 8 bits left, guard 5 found, 4 bits)");
    return PASS;
}

static const char *mint_cnode_guard_too_long(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr cn = alloc_obj(seL4_CapTableObject, 4), g = alloc_slot();
    CHECK(cn, "cannot make a CNode");
    CHECK(mint(g, cn, seL4_AllRights, seL4_CNode_CapData_new(0, 61).words[0]) ==
              seL4_IllegalOperation,
          "a guard of 61 bits on a 4-bit CNode is not IllegalOperation");
    CHECK(mint(g, cn, seL4_AllRights, seL4_CNode_CapData_new(0, 60).words[0]) == seL4_NoError,
          "a guard of 60 bits on a 4-bit CNode is refused");
    return PASS;
}

/* ---- Move and Mutate ------------------------------------------------------ */

static const char *move_cap(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), dest = alloc_slot();
    CHECK(ep, "cannot make an endpoint");
    CHECK(move(dest, ep) == seL4_NoError, "move failed");
    CHECK(cap_type(dest) == TAG_ENDPOINT, "the destination has no endpoint cap");
    CHECK(cap_type(ep) == TAG_NULL, "the source still holds a cap");
    CHECK(move(dest, dest) == seL4_DeleteFirst, "a move onto itself is not DeleteFirst");
    return PASS;
}

/* A moved cap keeps its place in the derivation tree: revoking its parent removes it. */
static const char *move_keeps_derivation(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ut = alloc_obj(seL4_UntypedObject, 12), a = alloc_slot(), b = alloc_slot();
    CHECK(ut, "cannot make an untyped");
    CHECK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, a, 1) == seL4_NoError,
          "retype failed");
    CHECK(move(b, a) == seL4_NoError, "move failed");
    CHECK(seL4_CNode_Revoke(ROOT, ut, DEPTH) == seL4_NoError, "revoke failed");
    CHECK(cap_type(b) == TAG_NULL, "the moved cap survived the revoke of its untyped");
    return PASS;
}

static const char *mutate_cnode_sets_guard(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr cn = alloc_obj(seL4_CapTableObject, 4), ep = alloc_obj(seL4_EndpointObject, 0);
    seL4_CPtr g = alloc_slot();
    CHECK(cn && ep, "cannot make the objects");
    CHECK(seL4_CNode_Mutate(ROOT, g, DEPTH, ROOT, cn, DEPTH,
                            seL4_CNode_CapData_new(0, 60).words[0]) == seL4_NoError,
          "mutate of a CNode cap failed");
    CHECK(cap_type(cn) == TAG_NULL, "mutate left the source");
    CHECK(seL4_CNode_Copy(g, 7, DEPTH, ROOT, ep, DEPTH, seL4_AllRights) == seL4_NoError,
          "the mutated cap does not resolve a full word with a 60-bit guard");
    CHECK(seL4_CNode_Copy(g, 7, 4, ROOT, ep, DEPTH, seL4_AllRights) == seL4_FailedLookup &&
              MR(1) == seL4_GuardMismatch,
          "the mutated cap resolves 4 bits despite its 60-bit guard");
    return PASS;
}

/* Mutate keeps badges: on an endpoint or notification it has nothing to set (seL4). */
static const char *mutate_endpoint_is_illegal(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), dest = alloc_slot();
    CHECK(ep, "cannot make an endpoint");
    CHECK(seL4_CNode_Mutate(ROOT, dest, DEPTH, ROOT, ep, DEPTH, 0) == seL4_IllegalOperation,
          "mutate of an endpoint cap is not IllegalOperation");
    CHECK(cap_type(ep) == TAG_ENDPOINT && cap_type(dest) == TAG_NULL,
          "a refused mutate moved the cap");
    return PASS;
}

static const char *mutate_frame_moves_it(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr f = alloc_obj(seL4_X86_4K, 0), dest = alloc_slot();
    CHECK(f, "cannot make a frame");
    CHECK(seL4_CNode_Mutate(ROOT, dest, DEPTH, ROOT, f, DEPTH, 0x1234) == seL4_NoError,
          "mutate of a frame cap failed");
    CHECK(cap_type(dest) == TAG_FRAME && cap_type(f) == TAG_NULL, "mutate did not move the cap");
    return PASS;
}

/* ---- Rotate --------------------------------------------------------------- */

/* Pivot to dest, then src to pivot.  Frames and untypeds: Rotate keeps their data. */
static const char *rotate_three_slots(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr src = alloc_obj(seL4_X86_4K, 0), pivot = alloc_obj(seL4_UntypedObject, 12);
    seL4_CPtr dest = alloc_slot();
    CHECK(src && pivot, "cannot make the objects");
    CHECK(rotate(dest, pivot, src) == seL4_NoError, "rotate failed");
    CHECK(cap_type(dest) == TAG_UNTYPED, "dest does not hold the pivot's cap");
    CHECK(cap_type(pivot) == TAG_FRAME, "pivot does not hold the source's cap");
    CHECK(cap_type(src) == TAG_NULL, "the source still holds a cap");
    return PASS;
}

static const char *rotate_swaps_when_dest_is_src(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr a = alloc_obj(seL4_X86_4K, 0), b = alloc_obj(seL4_UntypedObject, 12);
    CHECK(a && b, "cannot make the objects");
    CHECK(rotate(a, b, a) == seL4_NoError, "rotate with dest == src failed");
    CHECK(cap_type(a) == TAG_UNTYPED && cap_type(b) == TAG_FRAME, "the two caps were not swapped");
    return PASS;
}

static const char *rotate_pivot_must_differ(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr a = alloc_obj(seL4_X86_4K, 0), b = alloc_obj(seL4_UntypedObject, 12);
    seL4_CPtr dest = alloc_slot();
    CHECK(a && b, "cannot make the objects");
    CHECK(rotate(dest, a, a) == seL4_IllegalOperation, "pivot == src is not IllegalOperation");
    CHECK(rotate(b, b, a) == seL4_IllegalOperation, "pivot == dest is not IllegalOperation");
    CHECK(cap_type(a) == TAG_FRAME && cap_type(b) == TAG_UNTYPED && cap_type(dest) == TAG_NULL,
          "a refused rotate moved caps");
    return PASS;
}

static const char *rotate_dest_occupied(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr a = alloc_obj(seL4_X86_4K, 0), b = alloc_obj(seL4_UntypedObject, 12);
    seL4_CPtr c = alloc_obj(seL4_X86_4K, 0);
    CHECK(a && b && c, "cannot make the objects");
    CHECK(rotate(c, b, a) == seL4_DeleteFirst, "a full dest is not DeleteFirst");
    return PASS;
}

static const char *rotate_empty_source_or_pivot(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr a = alloc_obj(seL4_X86_4K, 0), empty = alloc_slot(), dest = alloc_slot();
    CHECK(a, "cannot make a frame");
    CHECK(rotate(dest, a, empty) == seL4_FailedLookup, "an empty source is not FailedLookup");
    CHECK(MR(0) == 1 && MR(1) == seL4_MissingCapability && MR(2) == DEPTH,
          "an empty source is not (source, MissingCapability, 64 bits left)");
    CHECK(rotate(dest, empty, a) == seL4_FailedLookup, "an empty pivot is not FailedLookup");
    CHECK(MR(0) == 0 && MR(1) == seL4_MissingCapability && MR(2) == DEPTH,
          "an empty pivot is not (not source, MissingCapability, 64 bits left)");
    return PASS;
}

/* seL4 looks the pivot up as a source (lookupPivotSlot): its lookup failures say source. */
static const char *rotate_pivot_lookup_fails_as_source(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr a = alloc_obj(seL4_X86_4K, 0), ep = alloc_obj(seL4_EndpointObject, 0);
    seL4_CPtr dest = alloc_slot();
    CHECK(a && ep, "cannot make the objects");
    CHECK(seL4_CNode_Rotate(ROOT, dest, DEPTH, 0, ep, 1, DEPTH, 0, ROOT, a, DEPTH) ==
              seL4_FailedLookup,
          "an endpoint as pivot root is not FailedLookup");
    CHECK(MR(1) == seL4_InvalidRoot, "an endpoint as pivot root is not InvalidRoot");
    CHECK(MR(0) == 1, "a failed pivot lookup is not reported as the source's");
    return PASS;
}

static const char *rotate_endpoint_is_illegal(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), b = alloc_obj(seL4_UntypedObject, 12);
    seL4_CPtr dest = alloc_slot();
    CHECK(ep && b, "cannot make the objects");
    CHECK(rotate(dest, b, ep) == seL4_IllegalOperation,
          "rotating an endpoint cap is not IllegalOperation");
    CHECK(cap_type(ep) == TAG_ENDPOINT && cap_type(dest) == TAG_NULL,
          "a refused rotate moved caps");
    return PASS;
}

/* ---- Delete, Revoke --------------------------------------------------------- */

static const char *delete_cap(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), empty = alloc_slot();
    CHECK(ep, "cannot make an endpoint");
    CHECK(seL4_CNode_Delete(ROOT, ep, DEPTH) == seL4_NoError, "delete failed");
    CHECK(cap_type(ep) == TAG_NULL, "the slot still holds a cap");
    CHECK(seL4_CNode_Delete(ROOT, empty, DEPTH) == seL4_NoError,
          "deleting an empty slot is an error");
    return PASS;
}

static const char *revoke_deletes_descendants(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), a = alloc_slot(), b = alloc_slot();
    seL4_CPtr c = alloc_slot();
    CHECK(ep, "cannot make an endpoint");
    CHECK(copy(a, ep, seL4_AllRights) == seL4_NoError, "copy failed");
    CHECK(mint(b, a, seL4_AllRights, 4) == seL4_NoError, "mint of the copy failed");
    CHECK(copy(c, b, seL4_AllRights) == seL4_NoError, "copy of the badged cap failed");
    CHECK(seL4_CNode_Revoke(ROOT, ep, DEPTH) == seL4_NoError, "revoke failed");
    CHECK(cap_type(a) == TAG_NULL && cap_type(b) == TAG_NULL && cap_type(c) == TAG_NULL,
          "revoke left a descendant");
    CHECK(cap_type(ep) == TAG_ENDPOINT, "revoke removed the revoked cap itself");
    return PASS;
}

static const char *revoke_keeps_siblings_and_parent(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), a = alloc_slot(), b = alloc_slot();
    seL4_CPtr a2 = alloc_slot();
    CHECK(ep, "cannot make an endpoint");
    CHECK(mint(a, ep, seL4_AllRights, 1) == seL4_NoError &&
              mint(b, ep, seL4_AllRights, 2) == seL4_NoError &&
              copy(a2, a, seL4_AllRights) == seL4_NoError,
          "cannot make the caps");
    CHECK(seL4_CNode_Revoke(ROOT, a, DEPTH) == seL4_NoError, "revoke failed");
    CHECK(cap_type(a2) == TAG_NULL, "revoke left the badged cap's copy");
    CHECK(cap_type(a) == TAG_ENDPOINT && cap_type(b) == TAG_ENDPOINT &&
              cap_type(ep) == TAG_ENDPOINT,
          "revoke removed the cap, a sibling or the parent");
    CHECK(seL4_CNode_Revoke(ROOT, alloc_slot(), DEPTH) == seL4_NoError,
          "revoking an empty slot is an error");
    return PASS;
}

/* ---- Errors shared by every CNode invocation -------------------------------- */

static const char *copy_dest_occupied(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), n = alloc_obj(seL4_NotificationObject, 0);
    CHECK(ep && n, "cannot make the objects");
    CHECK(copy(n, ep, seL4_AllRights) == seL4_DeleteFirst, "copy onto a cap is not DeleteFirst");
    CHECK(mint(n, ep, seL4_AllRights, 1) == seL4_DeleteFirst, "mint onto a cap is not DeleteFirst");
    CHECK(move(n, ep) == seL4_DeleteFirst, "move onto a cap is not DeleteFirst");
    CHECK(cap_type(n) == TAG_NOTIFICATION && cap_type(ep) == TAG_ENDPOINT,
          "a refused operation changed a slot");
    return PASS;
}

static const char *copy_empty_source(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr empty = alloc_slot(), dest = alloc_slot();
    CHECK(copy(dest, empty, seL4_AllRights) == seL4_FailedLookup,
          "copy from an empty slot is not FailedLookup");
    CHECK(MR(0) == 1, "FailedLookup does not say it was the source");
    CHECK(MR(1) == seL4_MissingCapability && MR(2) == DEPTH,
          "an empty source is not MissingCapability with 64 bits left");
    CHECK(move(dest, empty) == seL4_FailedLookup && MR(0) == 1,
          "move from an empty slot is not FailedLookup of the source");
    return PASS;
}

static const char *copy_source_root_not_cnode(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), dest = alloc_slot();
    CHECK(ep, "cannot make an endpoint");
    CHECK(seL4_CNode_Copy(ROOT, dest, DEPTH, ep, 1, DEPTH, seL4_AllRights) == seL4_FailedLookup,
          "an endpoint as source root is not FailedLookup");
    CHECK(MR(0) == 1 && MR(1) == seL4_InvalidRoot,
          "an endpoint as source root is not (source, InvalidRoot)");
    return PASS;
}

static const char *cnode_depth_out_of_range(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), dest = alloc_slot();
    CHECK(ep, "cannot make an endpoint");
    CHECK(seL4_CNode_Copy(ROOT, dest, 0, ROOT, ep, DEPTH, seL4_AllRights) == seL4_RangeError,
          "destination depth 0 is not RangeError");
    CHECK(MR(0) == 1 && MR(1) == 64, "RangeError does not give 1..64");
    CHECK(seL4_CNode_Copy(ROOT, dest, 65, ROOT, ep, DEPTH, seL4_AllRights) == seL4_RangeError &&
              MR(0) == 1 && MR(1) == 64,
          "destination depth 65 is not RangeError 1..64");
    CHECK(seL4_CNode_Copy(ROOT, dest, DEPTH, ROOT, ep, 0, seL4_AllRights) == seL4_RangeError,
          "source depth 0 is not RangeError");
    CHECK(seL4_CNode_Delete(ROOT, ep, 0) == seL4_RangeError,
          "Delete with depth 0 is not RangeError");
    return PASS;
}

/* The root CNode has a 52-bit guard: fewer bits than that cannot pass it. */
static const char *lookup_guard_mismatch(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), dest = alloc_slot();
    CHECK(ep, "cannot make an endpoint");
    CHECK(seL4_CNode_Copy(ROOT, dest, 12, ROOT, ep, DEPTH, seL4_AllRights) == seL4_FailedLookup,
          "12 bits in the root CNode is not FailedLookup");
    CHECK(MR(0) == 0 && MR(1) == seL4_GuardMismatch,
          "it is not a GuardMismatch of the destination");
    CHECK(MR(2) == 12 && MR(3) == 0 && MR(4) == 64 - 12,
          "GuardMismatch is not (12 bits left, guard 0 found, 52 bits)");
    return PASS;
}

/* Enough bits for the guard but not for guard and radix: DepthMismatch. */
static const char *lookup_depth_mismatch(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr dest = alloc_slot();
    /* cptr 1: its top 52 of 60 bits are zero, so it passes the guard and runs out of bits. */
    CHECK(seL4_CNode_Copy(ROOT, dest, DEPTH, ROOT, 1, 60, seL4_AllRights) == seL4_FailedLookup,
          "60 bits in the root CNode is not FailedLookup");
    CHECK(MR(0) == 1 && MR(1) == seL4_DepthMismatch, "it is not a DepthMismatch of the source");
    CHECK(MR(2) == 60 && MR(3) == 64, "DepthMismatch is not (60 bits left, 64 bits found)");
    return PASS;
}

/* Bits left over after a slot that holds no CNode: DepthMismatch with 0 bits found. */
static const char *lookup_bits_left_after_leaf(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr cn = alloc_obj(seL4_CapTableObject, 8), ep = alloc_obj(seL4_EndpointObject, 0);
    CHECK(cn && ep, "cannot make the objects");
    CHECK(seL4_CNode_Copy(cn, 9, 8, ROOT, ep, DEPTH, seL4_AllRights) == seL4_NoError,
          "copy into the CNode failed");
    CHECK(seL4_CNode_Delete(cn, 9 << 4, 12) == seL4_FailedLookup,
          "4 bits left after an endpoint is not FailedLookup");
    CHECK(MR(0) == 0 && MR(1) == seL4_DepthMismatch && MR(2) == 4 && MR(3) == 0,
          "it is not DepthMismatch (4 bits left, 0 found)");
    return PASS;
}

static const char *lookup_walks_two_levels(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr top = alloc_obj(seL4_CapTableObject, 4), low = alloc_obj(seL4_CapTableObject, 4);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), back = alloc_slot();
    CHECK(top && low && ep, "cannot make the objects");
    CHECK(seL4_CNode_Copy(top, 2, 4, ROOT, low, DEPTH, seL4_AllRights) == seL4_NoError,
          "cannot put the lower CNode in slot 2 of the upper one");
    CHECK(seL4_CNode_Copy(top, 2 << 4 | 7, 8, ROOT, ep, DEPTH, seL4_AllRights) == seL4_NoError,
          "8 bits through two CNodes do not name a slot");
    CHECK(seL4_CNode_Move(ROOT, back, DEPTH, low, 7, 4) == seL4_NoError &&
              cap_type(back) == TAG_ENDPOINT,
          "the cap is not in slot 7 of the lower CNode");
    return PASS;
}

/* ---- CancelBadgedSends, SaveCaller, labels ----------------------------------- */

static const char *cancel_badged_sends(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), n = alloc_obj(seL4_NotificationObject, 0);
    seL4_CPtr badged = alloc_slot(), ro = alloc_slot(), empty = alloc_slot();
    CHECK(ep && n, "cannot make the objects");
    CHECK(mint(badged, ep, seL4_AllRights, 3) == seL4_NoError &&
              mint(ro, ep, seL4_CanRead, 4) == seL4_NoError,
          "cannot mint the caps");
    CHECK(seL4_CNode_CancelBadgedSends(ROOT, badged, DEPTH) == seL4_NoError,
          "CancelBadgedSends on a badged cap with all rights failed");
    CHECK(seL4_CNode_CancelBadgedSends(ROOT, ep, DEPTH) == seL4_NoError,
          "CancelBadgedSends on an unbadged cap failed");
    CHECK(seL4_CNode_CancelBadgedSends(ROOT, ro, DEPTH) == seL4_IllegalOperation,
          "CancelBadgedSends without every right is not IllegalOperation");
    CHECK(seL4_CNode_CancelBadgedSends(ROOT, n, DEPTH) == seL4_IllegalOperation,
          "CancelBadgedSends on a notification is not IllegalOperation");
    CHECK(seL4_CNode_CancelBadgedSends(ROOT, empty, DEPTH) == seL4_IllegalOperation,
          "CancelBadgedSends on an empty slot is not IllegalOperation");
    return PASS;
}

/* The root thread has no caller: SaveCaller succeeds and leaves the slot empty. */
static const char *save_caller_without_caller(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr dest = alloc_slot(), full = alloc_obj(seL4_EndpointObject, 0);
    CHECK(full, "cannot make an endpoint");
    CHECK(seL4_CNode_SaveCaller(ROOT, dest, DEPTH) == seL4_NoError, "SaveCaller failed");
    CHECK(cap_type(dest) == TAG_NULL, "SaveCaller without a caller put a cap in the slot");
    CHECK(seL4_CNode_SaveCaller(ROOT, full, DEPTH) == seL4_DeleteFirst,
          "SaveCaller into a full slot is not DeleteFirst");
    return PASS;
}

static const char *cnode_wrong_label(seL4_BootInfo *bi)
{
    static const seL4_Word mrs[2] = {0, DEPTH};
    BEGIN(bi);
    CHECK(seL4_MessageInfo_get_label(raw_call(ROOT, UntypedRetype, 2, mrs, 0, 0)) ==
              seL4_IllegalOperation,
          "a CNode invoked with the Retype label is not IllegalOperation");
    return PASS;
}

/* TruncatedMessage comes from each length check, after the slot checks that precede it. */
static const char *cnode_truncated_message(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), dest = alloc_slot(), root = ROOT;
    seL4_Word mrs[6] = {dest, DEPTH, ep, DEPTH, seL4_AllRights.words[0], 1};
    CHECK(ep, "cannot make an endpoint");
    CHECK(seL4_MessageInfo_get_label(raw_call(ROOT, CNodeDelete, 1, mrs, 0, 0)) ==
              seL4_TruncatedMessage,
          "Delete with one word is not TruncatedMessage");
    CHECK(seL4_MessageInfo_get_label(raw_call(ROOT, CNodeCopy, 4, mrs, 0, 0)) ==
              seL4_TruncatedMessage,
          "Copy without the source root cap is not TruncatedMessage");
    CHECK(seL4_MessageInfo_get_label(raw_call(ROOT, CNodeCopy, 4, mrs, 1, &root)) ==
              seL4_TruncatedMessage,
          "Copy without its rights word is not TruncatedMessage");
    CHECK(seL4_MessageInfo_get_label(raw_call(ROOT, CNodeMint, 5, mrs, 1, &root)) ==
              seL4_TruncatedMessage,
          "Mint without its badge word is not TruncatedMessage");
    CHECK(cap_type(dest) == TAG_NULL, "a truncated Copy or Mint wrote the destination");
    return PASS;
}

const struct kernel_case cnode_cases[] = {
    CASE(copy_endpoint),
    CASE(copy_boot_caps),
    CASE(copy_control_caps_is_illegal),
    CASE(copy_unmapped_paging_is_illegal),
    CASE(copy_frame),
    CASE(copy_untyped_with_children_is_revoke_first),
    CASE(copy_masks_endpoint_rights),
    CASE(copy_cannot_add_rights),
    CASE(mint_endpoint_badge_is_final),
    CASE(mint_badge_zero_leaves_unbadged),
    CASE(mint_masks_endpoint_rights),
    CASE(mint_notification_badge_is_final),
    CASE(mint_masks_notification_rights),
    CASE(mint_copy_outlives_original),
    CASE(mint_cnode_guard),
    CASE(mint_cnode_guard_too_long),
    CASE(move_cap),
    CASE(move_keeps_derivation),
    CASE(mutate_cnode_sets_guard),
    CASE(mutate_endpoint_is_illegal),
    CASE(mutate_frame_moves_it),
    CASE(rotate_three_slots),
    CASE(rotate_swaps_when_dest_is_src),
    CASE(rotate_pivot_must_differ),
    CASE(rotate_dest_occupied),
    CASE(rotate_empty_source_or_pivot),
    CASE(rotate_pivot_lookup_fails_as_source),
    CASE(rotate_endpoint_is_illegal),
    CASE(delete_cap),
    CASE(revoke_deletes_descendants),
    CASE(revoke_keeps_siblings_and_parent),
    CASE(copy_dest_occupied),
    CASE(copy_empty_source),
    CASE(copy_source_root_not_cnode),
    CASE(cnode_depth_out_of_range),
    CASE(lookup_guard_mismatch),
    CASE(lookup_depth_mismatch),
    CASE(lookup_bits_left_after_leaf),
    CASE(lookup_walks_two_levels),
    CASE(cancel_badged_sends),
    CASE(save_caller_without_caller),
    CASE(cnode_wrong_label),
    CASE(cnode_truncated_message),
    END_OF_CASES,
};
