// SPDX-License-Identifier: BSD-2-Clause
/*
 * CNode invocations, decoded then performed, with seL4 13.0.0's checks in
 * seL4's order (the order decides which error a doubly wrong call gets).
 *
 * Every CNode invocation first names a destination slot by (index, depth)
 * in the invoked CNode.  Copy, Mint, Move and Mutate take a source by
 * (root cap, index, depth); Rotate takes a pivot and a source.  Copy and
 * Mint derive the new cap (cap_derive: untypeds with children, unmapped
 * page tables and the like cannot be copied) and make it a child of the
 * source; Move and Mutate keep the cap's place in the derivation tree.
 * Nothing is changed until every check has passed; then the invoke step
 * cannot fail, except that Delete and Revoke may be preempted.
 */
#include <object/cnode.h>
#include <object/cspace.h>
#include <object/endpoint.h>
#include <object/invocation.h>
#include <object/objecttype.h>

status_t cnode_ensure_empty(const cte_t *slot, struct syscall_error *err)
{
    if (!cap_is_null(slot->cap))
        return syscall_error_set(err, seL4_DeleteFirst);
    return seL4_NoError;
}

/* The spec puts every CNode invocation's destination, and Copy's, Mint's, Move's and Mutate's
 * source, in the same words; the decoders below read them with Copy's names. */
#define SAME_WORD(a, b, c, d) _Static_assert(INV_##a##_##b##_WORD == INV_##c##_##d##_WORD, #a)
SAME_WORD(CNodeRevoke, index, CNodeCopy, dest_index);
SAME_WORD(CNodeRevoke, depth, CNodeCopy, dest_depth);
SAME_WORD(CNodeDelete, depth, CNodeCopy, dest_depth);
SAME_WORD(CNodeCancelBadgedSends, depth, CNodeCopy, dest_depth);
SAME_WORD(CNodeSaveCaller, depth, CNodeCopy, dest_depth);
SAME_WORD(CNodeRotate, dest_depth, CNodeCopy, dest_depth);
SAME_WORD(CNodeMint, src_depth, CNodeCopy, src_depth);
SAME_WORD(CNodeMove, src_depth, CNodeCopy, src_depth);
SAME_WORD(CNodeMutate, src_depth, CNodeCopy, src_depth);
SAME_WORD(CNodeMint, rights, CNodeCopy, rights);
_Static_assert(INV_CNodeMint_src_root_CAP == INV_CNodeCopy_src_root_CAP &&
                   INV_CNodeMove_src_root_CAP == INV_CNodeCopy_src_root_CAP &&
                   INV_CNodeMutate_src_root_CAP == INV_CNodeCopy_src_root_CAP,
               "the source's root is the first cap");

/* Looks up a source (or pivot) slot and requires a cap in it. */
static struct lookup_slot_ret lookup_full_slot(bool is_source, const cte_t *root, word_t index,
                                               word_t depth, struct syscall_error *err)
{
    struct lookup_slot_ret r = cspace_lookup_slot(is_source, root->cap, index, depth, err);

    if (r.status == seL4_NoError && cap_is_null(r.slot->cap))
        r.status = syscall_error_lookup(err, is_source, lookup_fault_missing(depth));
    return r;
}

/* The cap Copy or Mint would write, or a status (IllegalOperation for a null result). */
static struct derive_ret derive_for_copy(const struct invocation *inv, cte_t *src)
{
    struct derive_ret d = {seL4_TruncatedMessage, cap_null()};
    cap_t c;

    if (inv->label == CNodeCopy && !inv_has(inv, CNodeCopy, rights))
        return d;
    if (inv->label == CNodeMint && !inv_has(inv, CNodeMint, badge))
        return d;
    c = cap_mask_rights(inv_arg(inv, CNodeCopy, rights),
                        src->cap); /* Mint's rights: the same word */
    if (inv->label == CNodeMint)
        c = cap_update_data(false, inv_arg(inv, CNodeMint, badge), c);
    return cap_derive(src, c);
}

/* Copy, Mint, Move or Mutate, decoded: cap (derived, or src's with new data) goes to dest, as a
 * child of src's or in its place in the derivation tree. */
static void invoke_copy_like(cap_t cap, cte_t *src, cte_t *dest, bool is_move)
{
    if (is_move)
        cdt_move(cap, src, dest);
    else
        cdt_insert(cap, src, dest);
}

/* Copy, Mint, Move and Mutate: one source slot, one empty destination. */
static status_t decode_copy_like(cte_t *dest, const struct invocation *inv,
                                 struct syscall_error *err)
{
    bool is_move = inv->label == CNodeMove || inv->label == CNodeMutate;
    struct lookup_slot_ret src;
    struct derive_ret d = {seL4_NoError, cap_null()};

    /* Copy's names; Mint, Move and Mutate have the source in the same words and cap. */
    if (!inv_has(inv, CNodeCopy, src_depth) || !inv_cap(inv, CNodeCopy, src_root))
        return syscall_error_set(err, seL4_TruncatedMessage);
    if (cnode_ensure_empty(dest, err) != seL4_NoError)
        return err->type;
    src = lookup_full_slot(true, inv_cap(inv, CNodeCopy, src_root),
                           inv_arg(inv, CNodeCopy, src_index), inv_arg(inv, CNodeCopy, src_depth),
                           err);
    if (src.status != seL4_NoError)
        return src.status;
    if (inv->label == CNodeMove) {
        d.cap = src.slot->cap;
    } else if (inv->label == CNodeMutate) {
        if (!inv_has(inv, CNodeMutate, badge))
            return syscall_error_set(err, seL4_TruncatedMessage);
        d.cap = cap_update_data(true, inv_arg(inv, CNodeMutate, badge), src.slot->cap);
    } else {
        d = derive_for_copy(inv, src.slot);
        if (d.status != seL4_NoError)
            return syscall_error_set(err, d.status);
    }
    if (cap_is_null(d.cap))
        return syscall_error_set(err, seL4_IllegalOperation);
    invoke_copy_like(d.cap, src.slot, dest, is_move);
    return seL4_NoError;
}

/* Rotate: pivot moves to dest, then src to pivot (dest may be src: then a swap). */
static void invoke_rotate(cap_t src_cap, cap_t pivot_cap, cte_t *src, cte_t *pivot, cte_t *dest)
{
    if (src == dest) {
        cdt_swap(src_cap, src, pivot_cap, pivot);
        return;
    }
    cdt_move(pivot_cap, pivot, dest);
    cdt_move(src_cap, src, pivot);
}

static status_t decode_rotate(cte_t *dest, const struct invocation *inv, struct syscall_error *err)
{
    struct lookup_slot_ret src, pivot;
    cap_t new_src, new_pivot;

    if (!inv_complete(inv, CNodeRotate))
        return syscall_error_set(err, seL4_TruncatedMessage);
    src = cspace_lookup_slot(true, inv_cap(inv, CNodeRotate, src_root)->cap,
                             inv_arg(inv, CNodeRotate, src_index),
                             inv_arg(inv, CNodeRotate, src_depth), err);
    if (src.status != seL4_NoError)
        return src.status;
    pivot = cspace_lookup_slot(true, inv_cap(inv, CNodeRotate, pivot_root)->cap,
                               inv_arg(inv, CNodeRotate, pivot_index),
                               inv_arg(inv, CNodeRotate, pivot_depth), err);
    if (pivot.status != seL4_NoError)
        return pivot.status;
    if (pivot.slot == src.slot || pivot.slot == dest)
        return syscall_error_set(err, seL4_IllegalOperation);
    if (src.slot != dest && cnode_ensure_empty(dest, err) != seL4_NoError)
        return err->type;
    if (cap_is_null(src.slot->cap))
        return syscall_error_lookup(err, true,
                                    lookup_fault_missing(inv_arg(inv, CNodeRotate, src_depth)));
    if (cap_is_null(pivot.slot->cap))
        return syscall_error_lookup(err, false,
                                    lookup_fault_missing(inv_arg(inv, CNodeRotate, pivot_depth)));
    /* The pivot's cap goes to dest with dest's badge, the source's to the pivot with its own. */
    new_src = cap_update_data(true, inv_arg(inv, CNodeRotate, pivot_badge), src.slot->cap);
    new_pivot = cap_update_data(true, inv_arg(inv, CNodeRotate, dest_badge), pivot.slot->cap);
    if (cap_is_null(new_src) || cap_is_null(new_pivot))
        return syscall_error_set(err, seL4_IllegalOperation);
    invoke_rotate(new_src, new_pivot, src.slot, pivot.slot, dest);
    return seL4_NoError;
}

/* Only a cap with every right may cancel the sends of its badge. */
static bool has_cancel_send_rights(cap_t c)
{
    return cap_type(c) == CAP_ENDPOINT && cap_endpoint_rights(c) == KAAL_CAP_ALL_RIGHTS;
}

/* CancelBadgedSends, decoded: the sends of c's badge to its endpoint fail. */
static void invoke_cancel_badged_sends(cap_t c)
{
    /* An unbadged cap names no particular sender, so there is nothing to cancel. */
    if (cap_endpoint_badge(c) != 0)
        ep_cancel_badged_sends(ep_at(cap_ptr(c)), cap_endpoint_badge(c));
}

static status_t decode_cancel_badged_sends(cte_t *dest, struct syscall_error *err)
{
    if (!has_cancel_send_rights(dest->cap))
        return syscall_error_set(err, seL4_IllegalOperation);
    invoke_cancel_badged_sends(dest->cap);
    return seL4_NoError;
}

/* SaveCaller, decoded: the one-shot reply cap in caller, if any, moves to the empty dest. */
static void invoke_save_caller(cte_t *caller, cte_t *dest)
{
    if (cap_is_null(caller->cap))
        return;
    kassert(cap_type(caller->cap) == CAP_REPLY);
    if (!cap_reply_master(caller->cap))
        cdt_move(caller->cap, caller, dest);
}

/* SaveCaller: moves the invoker's caller (reply) cap into dest, if it has one. */
static status_t decode_save_caller(cte_t *dest, const struct invocation *inv,
                                   struct syscall_error *err)
{
    if (cnode_ensure_empty(dest, err) != seL4_NoError)
        return err->type;
    if (inv->thread)
        invoke_save_caller(&inv->thread->cnode[TCB_CALLER], dest);
    return seL4_NoError;
}

status_t cnode_decode_invocation(cte_t *slot, const struct invocation *inv,
                                 struct syscall_error *err)
{
    struct lookup_slot_ret dest;

    if (inv->label < CNodeRevoke || inv->label > CNodeSaveCaller)
        return syscall_error_set(err, seL4_IllegalOperation);
    /* Every CNode invocation names its destination first, in the same two words (asserted
     * above); Copy's names stand for all. */
    if (!inv_has(inv, CNodeCopy, dest_depth))
        return syscall_error_set(err, seL4_TruncatedMessage);
    dest = cspace_lookup_slot(false, slot->cap, inv_arg(inv, CNodeCopy, dest_index),
                              inv_arg(inv, CNodeCopy, dest_depth), err);
    if (dest.status != seL4_NoError)
        return dest.status;
    switch (inv->label) {
    case CNodeCopy:
    case CNodeMint:
    case CNodeMove:
    case CNodeMutate:
        return decode_copy_like(dest.slot, inv, err);
    case CNodeRevoke:
        return cnode_revoke(dest.slot);
    case CNodeDelete:
        return cnode_delete(dest.slot);
    case CNodeSaveCaller:
        return decode_save_caller(dest.slot, inv, err);
    case CNodeCancelBadgedSends:
        return decode_cancel_badged_sends(dest.slot, err);
    default:
        return decode_rotate(dest.slot, inv, err);
    }
}
