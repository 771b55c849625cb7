// SPDX-License-Identifier: BSD-2-Clause
/*
 * Deleting and revoking caps, with seL4's semantics and its preemption.
 *
 * Deleting the last cap to a CNode or TCB must first empty the object's own
 * slots, which may hold the last caps to further CNodes, and so on without
 * bound.  As in seL4 the cap being deleted is turned into a Zombie that
 * remembers how many of the object's slots are still to be emptied; each
 * round empties the last one (reduce_zombie) and then passes a preemption
 * point.  A preempted delete leaves the Zombie in its slot, and deleting
 * that slot again simply carries on.  A Zombie whose slots contain a
 * Zombie of itself (a CNode holding its own last cap) is moved aside into
 * its own first slot so that the outer deletion can finish.
 *
 * Revoke deletes the children of a slot one at a time, passing a
 * preemption point after each, so it too can be restarted at any point.
 */
#include <object/cnode.h>
#include <object/objecttype.h>

struct finalise_slot_ret {
    status_t status;
    bool success; /* the slot's cap is finalised and the slot may be emptied */
    cap_t cleanup;
};

static status_t delete_slot(cte_t *slot, bool exposed);

status_t preemption_point(void)
{
    return arch_preemption_point() ? STATUS_PREEMPTED : seL4_NoError;
}

/* True once only a spent Zombie, or one naming just its own slot, is left. */
static bool cap_removable(cap_t c, const cte_t *slot)
{
    word_t n;

    if (cap_is_null(c))
        return true;
    kassert(cap_type(c) == CAP_ZOMBIE);
    n = cap_zombie_number(c);
    return n == 0 || (n == 1 && cte_at(cap_ptr(c)) == slot);
}

static bool cap_cyclic_zombie(cap_t c, const cte_t *slot)
{
    return cap_type(c) == CAP_ZOMBIE && cte_at(cap_ptr(c)) == slot;
}

/* Empties the last of the Zombie's remaining slots and counts it off. */
static status_t reduce_zombie_immediate(cte_t *slot)
{
    cap_t z = slot->cap, now;
    cte_t *first = cte_at(cap_ptr(z));
    word_t n = cap_zombie_number(z);
    cte_t *end = first + (n - 1);
    status_t st = delete_slot(end, false);

    if (st != seL4_NoError)
        return st;
    now = slot->cap;
    if (cap_is_null(now))
        return seL4_NoError;
    kassert(cap_type(now) == CAP_ZOMBIE);
    if (cap_ptr(now) == cap_ptr(z) && cap_zombie_number(now) == n &&
        cap_zombie_ztype(now) == cap_zombie_ztype(z)) {
        kassert(cap_is_null(end->cap));
        slot->cap = cap_zombie_set_number(now, n - 1);
    } else {
        /* Deleting end swapped our own cyclic Zombie into this slot. */
        kassert(cte_at(cap_ptr(now)) == slot && first != slot);
    }
    return seL4_NoError;
}

/*
 * One step of a Zombie's reduction.  Unexposed (inside another deletion),
 * the Zombie is instead swapped into its own first slot, where it becomes
 * cyclic and waits for whoever deletes that slot.
 */
static status_t reduce_zombie(cte_t *slot, bool immediate)
{
    cte_t *first;

    kassert(cap_type(slot->cap) == CAP_ZOMBIE);
    if (immediate)
        return reduce_zombie_immediate(slot);
    first = cte_at(cap_ptr(slot->cap));
    kassert(first != slot);
    if (cap_type(first->cap) == CAP_ZOMBIE)
        kassert(cte_at(cap_ptr(first->cap)) != first);
    cdt_swap(first->cap, first, slot->cap, slot);
    return seL4_NoError;
}

/* Finalises slot's cap until it can be emptied (seL4 finaliseSlot). */
static struct finalise_slot_ret finalise_slot(cte_t *slot, bool immediate)
{
    struct finalise_slot_ret ret = {seL4_NoError, true, cap_null()};
    struct finalise_ret fc;

    while (!cap_is_null(slot->cap)) {
        fc = cap_finalise(slot->cap, cdt_is_final(slot), false);
        if (cap_removable(fc.remainder, slot)) {
            ret.cleanup = fc.cleanup;
            return ret;
        }
        slot->cap = fc.remainder;
        if (!immediate && cap_cyclic_zombie(fc.remainder, slot)) {
            ret.success = false;
            return ret;
        }
        ret.status = reduce_zombie(slot, immediate);
        if (ret.status == seL4_NoError)
            ret.status = preemption_point();
        if (ret.status != seL4_NoError) {
            ret.success = false;
            return ret;
        }
    }
    return ret;
}

/* seL4 cteDelete: exposed deletions always empty the slot once finalised. */
static status_t delete_slot(cte_t *slot, bool exposed)
{
    struct finalise_slot_ret fs = finalise_slot(slot, exposed);

    if (fs.status != seL4_NoError)
        return fs.status;
    if ((exposed || fs.success) && !cap_is_null(slot->cap)) {
        cdt_empty_slot(slot);
        cap_post_deletion(fs.cleanup);
    }
    return seL4_NoError;
}

status_t cnode_delete(cte_t *slot)
{
    return delete_slot(slot, true);
}

status_t cnode_revoke(cte_t *slot)
{
    cte_t *child;
    status_t st;

    for (child = mdb_next(slot); child && cdt_is_parent_of(slot, child); child = mdb_next(slot)) {
        st = delete_slot(child, true);
        if (st == seL4_NoError)
            st = preemption_point();
        if (st != seL4_NoError)
            return st;
    }
    return seL4_NoError;
}
