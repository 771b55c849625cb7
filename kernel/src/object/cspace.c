// SPDX-License-Identifier: BSD-2-Clause
/*
 * CSpace addressing, as seL4 defines it.
 *
 * A cptr is read from its most significant used bit down.  At each CNode
 * the next guard_size bits must equal the cap's guard, and the radix bits
 * after them index the node's slots; the walk continues into the slot's
 * cap while bits remain and that cap is a CNode.  The depth says how many
 * bits to use, so one cptr names a slot at any level.  Failures carry the
 * details a CapFault or a FailedLookup error reports: how many bits were
 * left, and what guard or depth was found.
 */
#include <object/cspace.h>

static struct resolve_ret resolve_fail(struct lookup_fault lf)
{
    return (struct resolve_ret){.status = seL4_FailedLookup, .fault = lf};
}

/* The guard_bits bits of cptr just below the top n_bits (0 when there are none). */
static word_t cptr_bits(word_t cptr, word_t n_bits, word_t width)
{
    if (width == 0)
        return 0;
    return (cptr >> (n_bits - width)) & cap_bits_mask(width);
}

struct resolve_ret cspace_resolve(cap_t root, word_t cptr, word_t n_bits)
{
    struct resolve_ret ret = {.status = seL4_NoError};
    word_t radix, guard_size, level, guard;
    cte_t *slot;

    if (cap_type(root) != CAP_CNODE)
        return resolve_fail((struct lookup_fault){.type = seL4_InvalidRoot});
    for (;;) {
        radix = cap_cnode_radix(root);
        guard_size = cap_cnode_guard_size(root);
        level = radix + guard_size;
        kassert(level != 0 && level <= seL4_WordBits);
        guard = cap_cnode_guard(root);
        if (guard_size > n_bits || cptr_bits(cptr, n_bits, guard_size) != guard)
            return resolve_fail((struct lookup_fault){.type = seL4_GuardMismatch,
                                                      .bits_left = n_bits,
                                                      .guard_found = guard,
                                                      .bits_found = guard_size});
        if (level > n_bits)
            return resolve_fail((struct lookup_fault){
                .type = seL4_DepthMismatch, .bits_left = n_bits, .bits_found = level});
        slot = cte_at(cap_ptr(root)) + cptr_bits(cptr, n_bits - guard_size, radix);
        n_bits -= level;
        if (n_bits == 0 || cap_type(slot->cap) != CAP_CNODE) {
            ret.slot = slot;
            ret.bits_remaining = n_bits;
            return ret;
        }
        root = slot->cap;
    }
}

struct lookup_slot_ret cspace_lookup_slot(bool is_source, cap_t root, word_t cptr, word_t depth,
                                          struct syscall_error *err)
{
    struct lookup_slot_ret ret = {.status = seL4_NoError};
    struct resolve_ret r;

    if (cap_type(root) != CAP_CNODE) {
        ret.status =
            syscall_error_lookup(err, is_source, (struct lookup_fault){.type = seL4_InvalidRoot});
        return ret;
    }
    if (depth < 1 || depth > seL4_WordBits) {
        ret.status = syscall_error_range(err, 1, seL4_WordBits);
        return ret;
    }
    r = cspace_resolve(root, cptr, depth);
    if (r.status != seL4_NoError) {
        ret.status = syscall_error_lookup(err, is_source, r.fault);
        return ret;
    }
    if (r.bits_remaining != 0) {
        /* The walk ended at a non-CNode with bits unused: seL4 reports 0 bits found. */
        ret.status = syscall_error_lookup(
            err, is_source,
            (struct lookup_fault){.type = seL4_DepthMismatch, .bits_left = r.bits_remaining});
        return ret;
    }
    ret.slot = r.slot;
    return ret;
}
