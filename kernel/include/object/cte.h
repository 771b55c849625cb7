/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Capability table entries (slots) and the capability derivation tree.
 *
 * A slot is exactly 2^seL4_SlotBits = 32 bytes: the cap (two words) and the
 * slot's node in the derivation tree (two words).  As in seL4 the tree is
 * kept as one doubly linked list in depth-first order: a cap's descendants
 * follow it, and "b is a child of a" is decided locally by cdt_is_parent_of
 * (a is revocable, names the region b names, and for badged endpoints and
 * notifications the badges agree).  prev and next are physical addresses of
 * slots (0 = none), so word 0 is prev and word 1 is next plus two flags:
 * revocable (this cap may have children) and first_badged (this is the
 * first cap carrying its badge, so caps after it with the badge are its
 * children).
 */
#pragma once

#include <machine.h>
#include <object/cap.h>
#include <sel4/constants.h>

typedef struct mdb_node {
    word_t w[2];
} mdb_node_t;

typedef struct cte {
    cap_t cap;
    mdb_node_t mdb;
} cte_t;

_Static_assert(sizeof(cte_t) == 1ul << seL4_SlotBits, "a slot is 2^seL4_SlotBits bytes");

#define MDB_PTR_MASK        MASK(CAP_PTR_BITS)
#define MDB_REVOCABLE_BIT   BIT(48)
#define MDB_FIRST_BADGE_BIT BIT(49)

/* The slot at physical address pa, or NULL for 0. */
static inline cte_t *cte_at(paddr_t pa)
{
    return pa ? (cte_t *)arch_paddr_to_ptr(pa) : NULL;
}

/* The physical address of slot (0 for NULL). */
static inline paddr_t cte_paddr(const cte_t *slot)
{
    return slot ? arch_ptr_to_paddr(slot) : 0;
}

static inline cte_t *mdb_prev(const cte_t *slot)
{
    return cte_at(slot->mdb.w[0] & MDB_PTR_MASK);
}

static inline cte_t *mdb_next(const cte_t *slot)
{
    return cte_at(slot->mdb.w[1] & MDB_PTR_MASK);
}

static inline void mdb_set_prev(cte_t *slot, const cte_t *prev)
{
    slot->mdb.w[0] = cte_paddr(prev);
}

static inline void mdb_set_next(cte_t *slot, const cte_t *next)
{
    slot->mdb.w[1] = (slot->mdb.w[1] & ~MDB_PTR_MASK) | cte_paddr(next);
}

static inline bool mdb_revocable(const cte_t *slot)
{
    return slot->mdb.w[1] & MDB_REVOCABLE_BIT;
}

static inline bool mdb_first_badged(const cte_t *slot)
{
    return slot->mdb.w[1] & MDB_FIRST_BADGE_BIT;
}

static inline void mdb_set_flags(cte_t *slot, bool revocable, bool first_badged)
{
    slot->mdb.w[1] &= MDB_PTR_MASK;
    slot->mdb.w[1] |=
        (revocable ? MDB_REVOCABLE_BIT : 0) | (first_badged ? MDB_FIRST_BADGE_BIT : 0);
}

/* True if child directly follows-in-tree parent (seL4 isMDBParentOf); needs list order. */
bool cdt_is_parent_of(const cte_t *parent, const cte_t *child);

/* True if no other slot holds a cap to the object slot's cap names (seL4 isFinalCapability). */
bool cdt_is_final(const cte_t *slot);

/* Writes cap, derived from src's cap, into the empty dest as src's child (seL4 cteInsert). */
void cdt_insert(cap_t cap, cte_t *src, cte_t *dest);

/* Writes a cap to a newly made object into the empty dest below parent (insertNewCap). */
void cdt_insert_new(cte_t *parent, cte_t *dest, cap_t cap);

/* Moves src's place in the tree to the empty dest, which then holds cap (seL4 cteMove). */
void cdt_move(cap_t cap, cte_t *src, cte_t *dest);

/* Exchanges the places of two slots, giving them cap1 and cap2 (seL4 cteSwap). */
void cdt_swap(cap_t cap1, cte_t *slot1, cap_t cap2, cte_t *slot2);

/* Unlinks slot from the tree and empties it; its cap must already be finalised. */
void cdt_empty_slot(cte_t *slot);

/* True if slot has children in the tree (the RevokeFirst test of seL4). */
bool cdt_has_children(const cte_t *slot);
