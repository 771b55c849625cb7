// SPDX-License-Identifier: BSD-2-Clause
/*
 * Untyped_Retype: carving kernel objects out of untyped memory.
 *
 * An untyped cap names a 2^block_size region and a free index, the
 * watermark below which memory has been handed out.  Retype places
 * num_objects objects of one type at the watermark (rounded up to the
 * objects' alignment) and puts the caps to them in consecutive empty slots
 * of a destination CNode, as children of the untyped.  When the untyped
 * has no children left (they were all revoked or deleted), the region is
 * first reset: zeroed from the watermark down in 2^RESET_CHUNK_BITS chunks
 * with a preemption point after each, and the watermark returns to 0.
 * A preempted reset leaves the watermark at the last cleared chunk, so
 * invoking the same retype again resumes it.
 *
 * Checks follow seL4 13.0.0 in order, each with its error and details.
 */
#include <lib/string.h>
#include <object/cnode.h>
#include <object/cspace.h>
#include <object/invocation.h>
#include <object/objecttype.h>
#include <object/untyped.h>
#include <sel4/objecttype.h>

/* Bytes zeroed between preemption points when an untyped is reset (seL4's default). */
#define RESET_CHUNK_BITS 8

struct retype {
    word_t type, user_size, obj_bits;
    cte_t *dest;  /* first destination slot */
    word_t count; /* objects to make */
    bool reset;   /* the untyped has no children: clear it and start from 0 */
    paddr_t base; /* where the first object goes */
    bool device;
};

/* Type and size arguments (message registers 0 and 1). */
static status_t check_type_size(struct retype *r, struct syscall_error *err)
{
    if (r->type >= seL4_ObjectTypeCount)
        return syscall_error_arg(err, 0);
    if (r->user_size >= seL4_WordBits)
        return syscall_error_range(err, 0, seL4_MaxUntypedBits);
    r->obj_bits = object_size_bits(r->type, r->user_size);
    if (r->obj_bits > seL4_MaxUntypedBits)
        return syscall_error_range(err, 0, seL4_MaxUntypedBits);
    if (r->type == seL4_CapTableObject && r->user_size == 0)
        return syscall_error_arg(err, 1);
    if (r->type == seL4_UntypedObject && r->user_size < seL4_MinUntypedBits)
        return syscall_error_arg(err, 1);
    return seL4_NoError;
}

/* Destination: CNode (root, index, depth), then a window (offset, count) of empty slots. */
static status_t check_destination(struct retype *r, const struct invocation *inv,
                                  struct syscall_error *err)
{
    cap_t cnode = inv_cap(inv, UntypedRetype, root)->cap;
    word_t depth = inv_arg(inv, UntypedRetype, node_depth);
    word_t offset = inv_arg(inv, UntypedRetype, node_offset), size;
    struct lookup_slot_ret lu;

    if (depth != 0) {
        lu = cspace_lookup_slot(false, cnode, inv_arg(inv, UntypedRetype, node_index), depth, err);
        if (lu.status != seL4_NoError)
            return lu.status;
        cnode = lu.slot->cap;
    }
    if (cap_type(cnode) != CAP_CNODE)
        return syscall_error_lookup(err, false, lookup_fault_missing(depth));
    size = BIT(cap_cnode_radix(cnode));
    if (offset > size - 1)
        return syscall_error_range(err, 0, size - 1);
    if (r->count < 1 || r->count > RETYPE_FAN_OUT_LIMIT)
        return syscall_error_range(err, 1, RETYPE_FAN_OUT_LIMIT);
    if (r->count > size - offset)
        return syscall_error_range(err, 1, size - offset);
    r->dest = cte_at(cap_ptr(cnode)) + offset;
    for (word_t i = 0; i < r->count; i++)
        if (cnode_ensure_empty(&r->dest[i], err) != seL4_NoError)
            return err->type;
    return seL4_NoError;
}

/* Room at the watermark, and device memory only for frames and untypeds. */
static status_t check_memory(struct retype *r, const cte_t *slot, struct syscall_error *err)
{
    cap_t ut = slot->cap;
    word_t index = r->reset ? 0 : cap_untyped_free_index(ut);
    word_t free_bytes = BIT(cap_untyped_block_size(ut)) - untyped_free_index_to_offset(index);

    if ((free_bytes >> r->obj_bits) < r->count) {
        err->memory_left = free_bytes;
        return syscall_error_set(err, seL4_NotEnoughMemory);
    }
    r->device = cap_untyped_is_device(ut);
    if (r->device && !arch_object_is_frame_type(r->type) && r->type != seL4_UntypedObject)
        return syscall_error_arg(err, 1);
    r->base = ROUND_UP(cap_ptr(ut) + untyped_free_index_to_offset(index), BIT(r->obj_bits));
    return seL4_NoError;
}

/* Clears the used part of the untyped in slot, top down, and lowers its watermark. */
static status_t untyped_reset(cte_t *slot)
{
    cap_t ut = slot->cap;
    paddr_t base = cap_ptr(ut);
    word_t bits = cap_untyped_block_size(ut);
    word_t offset = untyped_free_index_to_offset(cap_untyped_free_index(ut));
    status_t st;

    if (offset == 0)
        return seL4_NoError;
    if (cap_untyped_is_device(ut) || bits < RESET_CHUNK_BITS) {
        if (!cap_untyped_is_device(ut))
            memset(arch_paddr_to_ptr(base), 0, BIT(bits));
        slot->cap = cap_untyped_set_free_index(ut, 0);
        return seL4_NoError;
    }
    for (offset = ROUND_DOWN(offset - 1, BIT(RESET_CHUNK_BITS));; offset -= BIT(RESET_CHUNK_BITS)) {
        memset(arch_paddr_to_ptr(base + offset), 0, BIT(RESET_CHUNK_BITS));
        slot->cap = cap_untyped_set_free_index(slot->cap, offset >> seL4_MinUntypedBits);
        st = preemption_point();
        if (st != seL4_NoError || offset == 0)
            return st;
    }
}

static status_t invoke_retype(cte_t *slot, const struct retype *r)
{
    paddr_t end = r->base + (r->count << r->obj_bits);
    status_t st;

    if (r->reset) {
        st = untyped_reset(slot);
        if (st != seL4_NoError)
            return st;
    }
    slot->cap =
        cap_untyped_set_free_index(slot->cap, (end - cap_ptr(slot->cap)) >> seL4_MinUntypedBits);
    for (word_t i = 0; i < r->count; i++) {
        paddr_t pa = r->base + (i << r->obj_bits);
        cdt_insert_new(slot, &r->dest[i], object_create(r->type, pa, r->user_size, r->device));
    }
    return seL4_NoError;
}

status_t untyped_decode_invocation(cte_t *slot, const struct invocation *inv,
                                   struct syscall_error *err)
{
    struct retype r = {0};
    status_t st;

    if (inv->label != UntypedRetype)
        return syscall_error_set(err, seL4_IllegalOperation);
    if (!inv_complete(inv, UntypedRetype))
        return syscall_error_set(err, seL4_TruncatedMessage);
    r.type = inv_arg(inv, UntypedRetype, type);
    r.user_size = inv_arg(inv, UntypedRetype, size_bits);
    r.count = inv_arg(inv, UntypedRetype, num_objects);
    st = check_type_size(&r, err);
    if (st == seL4_NoError)
        st = check_destination(&r, inv, err);
    if (st != seL4_NoError)
        return st;
    r.reset = !cdt_has_children(slot);
    st = check_memory(&r, slot, err);
    if (st != seL4_NoError)
        return st;
    return invoke_retype(slot, &r);
}
