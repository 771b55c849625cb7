// SPDX-License-Identifier: BSD-2-Clause
/*
 * The capability derivation tree (seL4's mapping database).
 *
 * The tree is a doubly linked list of slots in depth-first order; nothing
 * stores depth or parent.  A slot's children are the run of slots right
 * after it for which cdt_is_parent_of holds, so every operation keeps one
 * rule: a derived cap goes right after the cap it came from, and a slot
 * that leaves the list hands its place to its neighbours.  Badged
 * endpoints make the one exception to "same object = descendant": a badged
 * cap minted from an unbadged one starts its own subtree, marked by the
 * first_badged flag, so revoking the badge removes only its copies.
 */
#include <object/cte.h>
#include <object/objecttype.h>
#include <object/untyped.h>

bool cdt_is_parent_of(const cte_t *parent, const cte_t *child)
{
    word_t badge;

    if (!mdb_revocable(parent))
        return false;
    if (!cap_same_region_as(parent->cap, child->cap))
        return false;
    switch (cap_type(parent->cap)) {
    case CAP_ENDPOINT:
        badge = cap_endpoint_badge(parent->cap);
        break;
    case CAP_NOTIFICATION:
        badge = cap_notification_badge(parent->cap);
        break;
    default:
        return true;
    }
    /* An unbadged original is the parent of all its badged minted caps. */
    if (badge == 0)
        return true;
    return badge == cap_raw_get(child->cap, 1, 0, 64) && !mdb_first_badged(child);
}

bool cdt_is_final(const cte_t *slot)
{
    const cte_t *prev = mdb_prev(slot), *next = mdb_next(slot);

    /* Caps to one object are always adjacent in the list, so neighbours decide. */
    if (prev && cap_same_object_as(prev->cap, slot->cap))
        return false;
    return !next || !cap_same_object_as(slot->cap, next->cap);
}

bool cdt_has_children(const cte_t *slot)
{
    const cte_t *next = mdb_next(slot);

    return next && cdt_is_parent_of(slot, next);
}

/* Links dest, whose mdb already names its prev, between prev and prev's old next. */
static void link_after(cte_t *prev, cte_t *dest, cte_t *next)
{
    mdb_set_prev(dest, prev);
    mdb_set_next(dest, next);
    if (prev)
        mdb_set_next(prev, dest);
    if (next)
        mdb_set_prev(next, dest);
}

/* Copying an untyped marks the original full, so only the copy's subtree can retype. */
static void untyped_mark_full_if_copied(cte_t *src, cap_t new_cap)
{
    cap_t s = src->cap;

    if (cap_type(s) != CAP_UNTYPED || cap_type(new_cap) != CAP_UNTYPED)
        return;
    if (cap_ptr(s) != cap_ptr(new_cap) ||
        cap_untyped_block_size(s) != cap_untyped_block_size(new_cap))
        return;
    src->cap = cap_untyped_set_free_index(s, untyped_max_free_index(cap_untyped_block_size(s)));
}

void cdt_insert(cap_t cap, cte_t *src, cte_t *dest)
{
    bool revocable = cap_is_revocable(cap, src->cap);

    kassert(cap_is_null(dest->cap));
    kassert(!mdb_prev(dest) && !mdb_next(dest));
    untyped_mark_full_if_copied(src, cap);
    dest->cap = cap;
    mdb_set_flags(dest, revocable, revocable);
    link_after(src, dest, mdb_next(src));
}

void cdt_insert_new(cte_t *parent, cte_t *dest, cap_t cap)
{
    kassert(cap_is_null(dest->cap));
    dest->cap = cap;
    mdb_set_flags(dest, true, true);
    link_after(parent, dest, mdb_next(parent));
}

void cdt_move(cap_t cap, cte_t *src, cte_t *dest)
{
    cte_t *prev = mdb_prev(src), *next = mdb_next(src);

    kassert(cap_is_null(dest->cap));
    kassert(!mdb_prev(dest) && !mdb_next(dest));
    dest->cap = cap;
    dest->mdb = src->mdb;
    src->cap = cap_null();
    src->mdb = (mdb_node_t){{0, 0}};
    if (prev)
        mdb_set_next(prev, dest);
    if (next)
        mdb_set_prev(next, dest);
}

/* Points the neighbours named by slot's own links back at slot. */
static void relink_neighbours(cte_t *slot)
{
    cte_t *prev = mdb_prev(slot), *next = mdb_next(slot);

    if (prev)
        mdb_set_next(prev, slot);
    if (next)
        mdb_set_prev(next, slot);
}

void cdt_swap(cap_t cap1, cte_t *slot1, cap_t cap2, cte_t *slot2)
{
    mdb_node_t m1 = slot1->mdb, m2 = slot2->mdb;

    kassert(slot1 != slot2);
    slot1->cap = cap2;
    slot2->cap = cap1;
    slot1->mdb = m2;
    slot2->mdb = m1;
    /* Adjacent slots name each other; fix the self-references the exchange made. */
    if (mdb_prev(slot1) == slot1)
        mdb_set_prev(slot1, slot2);
    if (mdb_next(slot1) == slot1)
        mdb_set_next(slot1, slot2);
    if (mdb_prev(slot2) == slot2)
        mdb_set_prev(slot2, slot1);
    if (mdb_next(slot2) == slot2)
        mdb_set_next(slot2, slot1);
    relink_neighbours(slot1);
    relink_neighbours(slot2);
}

void cdt_empty_slot(cte_t *slot)
{
    paddr_t prev_pa, next_pa;
    cte_t *prev, *next;

    if (cap_is_null(slot->cap))
        return;
    /* The neighbours take each other's addresses from slot's own links, unconverted. */
    prev_pa = slot->mdb.w[0] & MDB_PTR_MASK;
    next_pa = slot->mdb.w[1] & MDB_PTR_MASK;
    prev = cte_at(prev_pa);
    next = cte_at(next_pa);
    if (prev)
        prev->mdb.w[1] = (prev->mdb.w[1] & ~MDB_PTR_MASK) | next_pa;
    if (next) {
        next->mdb.w[0] = prev_pa;
        /* The first cap after a badged original inherits its role as the badge's root. */
        mdb_set_flags(next, mdb_revocable(next), mdb_first_badged(next) || mdb_first_badged(slot));
    }
    slot->cap = cap_null();
    slot->mdb = (mdb_node_t){{0, 0}};
}
