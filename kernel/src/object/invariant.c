// SPDX-License-Identifier: BSD-2-Clause
/*
 * The object model's invariant checker, for host tests, the fuzzer and
 * debug kernels.  It is a reader only and trusts nothing it reads.
 *
 * It gathers every slot of the derivation-tree lists that pass through the
 * given root slots, through the kernel's IRQ node and through every slot
 * of every live CNode and TCB it finds (checking the links both ways and
 * that each walk ends), then rebuilds the tree from the list order with a
 * stack of ancestors, as cdt_is_parent_of defines it, and checks:
 *   - each listed slot holds a cap and sits inside a live CNode or TCB (or
 *     the Zombie emptying one) or in the IRQ node: no cap survives in
 *     memory whose object was deleted;
 *   - the IRQ node holds only notification caps, each in the slot of an
 *     active IRQ, and every IRQHandler cap names an active IRQ;
 *   - revocable implies first_badged, and only originals (made by retype
 *     or at boot), badge-minting endpoint caps, IRQ handlers and I/O ports
 *     are revocable below a non-untyped parent;
 *   - every object is aligned to its size; a Zombie's slots past its count
 *     are empty; an endpoint's or notification's queue is empty exactly
 *     when its state says so;
 *   - each untyped's free index is within its block, and every object in
 *     an untyped's region is its descendant and lies below its watermark;
 *   - no two live objects overlap unless one is an untyped containing the
 *     other (caps to one object name the same base and size).
 * The checks are quadratic in the number of caps: fine for tests and debug
 * kernels, which is what this is for.
 */
#include <lib/printf.h>
#include <object/endpoint.h>
#include <object/invariant.h>
#include <object/irq.h>
#include <object/notification.h>
#include <object/tcb.h>
#include <object/untyped.h>

struct checker {
    char *msg;
    size_t size;
    cte_t *const *roots;
    size_t n_roots;
    size_t n;     /* slots gathered */
    size_t depth; /* ancestors on the stack */
};

static cte_t *slots[INVARIANT_MAX_CAPS];
static cte_t *stack[INVARIANT_MAX_CAPS];

#define VIOLATION(c, ...) (ksnprintf((c)->msg, (c)->size, __VA_ARGS__), false)

static bool gathered(const struct checker *c, const cte_t *s)
{
    for (size_t i = 0; i < c->n; i++)
        if (slots[i] == s)
            return true;
    return false;
}

/* Finds the head of s's list, checking back links on the way. */
static bool list_head(struct checker *c, cte_t *s, cte_t **head)
{
    size_t steps = 0;

    for (cte_t *p = mdb_prev(s); p; s = p, p = mdb_prev(s)) {
        if (mdb_next(p) != s)
            return VIOLATION(c, "slot %#lx: prev %#lx does not link back", cte_paddr(s),
                             cte_paddr(p));
        if (++steps > INVARIANT_MAX_CAPS)
            return VIOLATION(c, "derivation list through %#lx has a cycle", cte_paddr(s));
    }
    *head = s;
    return true;
}

/* Appends the list starting at head to the gathered slots. */
static bool gather_list(struct checker *c, cte_t *head)
{
    for (cte_t *s = head; s; s = mdb_next(s)) {
        if (c->n == INVARIANT_MAX_CAPS)
            return VIOLATION(c, "more than %d caps (or a cycle)", INVARIANT_MAX_CAPS);
        if (mdb_next(s) && mdb_prev(mdb_next(s)) != s)
            return VIOLATION(c, "slot %#lx: next %#lx does not link back", cte_paddr(s),
                             cte_paddr(mdb_next(s)));
        if (cap_is_null(s->cap))
            return VIOLATION(c, "null cap at %#lx is linked in the derivation tree", cte_paddr(s));
        slots[c->n++] = s;
    }
    return true;
}

/* Gathers the list through s, unless s is empty (then it must be unlinked) or known. */
static bool gather_from(struct checker *c, cte_t *s)
{
    cte_t *head;

    if (cap_is_null(s->cap)) {
        if (mdb_prev(s) || mdb_next(s))
            return VIOLATION(c, "empty slot %#lx is linked in the derivation tree", cte_paddr(s));
        return true;
    }
    if (gathered(c, s))
        return true;
    if (!list_head(c, s, &head))
        return false;
    return gather_list(c, head);
}

/* How many slots a CNode, TCB or Zombie cap holds, from its first byte (0 for others). */
static word_t container_slots(cap_t c)
{
    if (cap_type(c) == CAP_CNODE)
        return BIT(cap_cnode_radix(c));
    if (cap_type(c) == CAP_THREAD)
        return TCB_CNODE_ENTRIES;
    if (cap_type(c) == CAP_ZOMBIE)
        return cap_zombie_ztype(c) == ZOMBIE_TYPE_TCB ? TCB_CNODE_ENTRIES
                                                      : BIT(cap_zombie_ztype(c));
    return 0;
}

/* The first slot of container cap s, once its address is one slots can be read at. */
static bool container_first(struct checker *c, const cte_t *s, cte_t **first)
{
    paddr_t pa = cap_ptr(s->cap);

    if (pa == 0 || pa % BIT(cap_size_bits(s->cap)) != 0)
        return VIOLATION(c, "cap type %lu at %#lx: container %#lx is not aligned to its size",
                         cap_type(s->cap), cte_paddr(s), pa);
    *first = cte_at(pa);
    return true;
}

/*
 * Gathers the lists through the roots and the IRQ node, then through every
 * slot of every live container.  Only a container's address is turned into
 * a pointer: other caps may name memory the kernel does not map (devices).
 */
static bool gather(struct checker *c)
{
    for (size_t i = 0; i < c->n_roots; i++)
        if (!gather_from(c, c->roots[i]))
            return false;
    for (word_t irq = 0; irq < IRQ_COUNT; irq++)
        if (!gather_from(c, irq_node_slot(irq)))
            return false;
    for (size_t i = 0; i < c->n; i++) {
        word_t n = container_slots(slots[i]->cap);
        cte_t *first;

        if (n == 0)
            continue;
        if (!container_first(c, slots[i], &first))
            return false;
        for (word_t j = 0; j < n; j++)
            if (!gather_from(c, &first[j]))
                return false;
    }
    return true;
}

/* The memory a physical cap names: [*base, *end). */
static void region(cap_t cap, paddr_t *base, paddr_t *end)
{
    *base = cap_ptr(cap);
    *end = *base + BIT(cap_size_bits(cap));
}

/* True if slot s lies among the slots of a CNode, TCB or Zombie cap c. */
static bool holds_slot(cap_t c, const cte_t *s)
{
    paddr_t pa = cte_paddr(s), base = cap_ptr(c);
    word_t n = container_slots(c);

    return n && pa >= base && pa < base + n * sizeof(cte_t) && (pa - base) % sizeof(cte_t) == 0;
}

/* True if s is a slot of the IRQ node, with its IRQ in *irq. */
static bool in_irq_node(const cte_t *s, word_t *irq)
{
    /* Addresses, not pointer arithmetic: s need not lie in the node's array. */
    uintptr_t node = (uintptr_t)irq_node_slot(0), at = (uintptr_t)s;

    if (at < node || at - node >= IRQ_COUNT * sizeof(cte_t) || (at - node) % sizeof(cte_t) != 0)
        return false;
    *irq = (at - node) / sizeof(cte_t);
    return true;
}

/* A slot of the IRQ node holds a notification cap for an active IRQ; handlers name active IRQs. */
static bool check_irq(struct checker *c, const cte_t *s)
{
    word_t irq;

    if (in_irq_node(s, &irq)) {
        if (cap_type(s->cap) != CAP_NOTIFICATION)
            return VIOLATION(c, "IRQ node slot %lu holds cap type %lu", irq, cap_type(s->cap));
        if (!irq_is_active(irq))
            return VIOLATION(c, "IRQ node slot %lu is full but IRQ %lu is inactive", irq, irq);
    }
    if (cap_type(s->cap) == CAP_IRQ_HANDLER && !irq_is_active(cap_irq_handler_irq(s->cap)))
        return VIOLATION(c, "handler cap at %#lx names inactive IRQ %lu", cte_paddr(s),
                         cap_irq_handler_irq(s->cap));
    return true;
}

static bool check_container(struct checker *c, const cte_t *s)
{
    word_t irq;

    if (in_irq_node(s, &irq))
        return true;
    for (size_t i = 0; i < c->n; i++)
        if (holds_slot(slots[i]->cap, s))
            return true;
    return VIOLATION(c, "cap type %lu at %#lx is in no live CNode or TCB", cap_type(s->cap),
                     cte_paddr(s));
}

/* Which caps may be revocable below a parent that is not an untyped. */
static bool check_revocable(struct checker *c, const cte_t *s, const cte_t *parent)
{
    cap_t cap = s->cap, p;

    if (mdb_revocable(s) && !mdb_first_badged(s))
        return VIOLATION(c, "slot %#lx is revocable but not first-badged", cte_paddr(s));
    if (!mdb_revocable(s) || !parent || cap_type(parent->cap) == CAP_UNTYPED)
        return true;
    p = parent->cap;
    if ((cap_type(cap) == CAP_ENDPOINT || cap_type(cap) == CAP_NOTIFICATION) &&
        cap_raw_get(p, 1, 0, 64) == 0 && cap_raw_get(cap, 1, 0, 64) != 0)
        return true;
    if (cap_type(cap) == CAP_IRQ_HANDLER || cap_type(cap) >= CAP_ARCH_FIRST)
        return true; /* handlers below IRQControl, ports below IOPortControl */
    return VIOLATION(c, "slot %#lx: revocable cap type %lu is a copy of slot %#lx", cte_paddr(s),
                     cap_type(cap), cte_paddr(parent));
}

static bool on_stack(const struct checker *c, const cte_t *s)
{
    for (size_t i = 0; i < c->depth; i++)
        if (stack[i] == s)
            return true;
    return false;
}

/* Every untyped whose region holds s's object must be an ancestor with it below the watermark. */
static bool check_untyped_ancestry(struct checker *c, size_t at)
{
    cte_t *s = slots[at];
    paddr_t b, e, ub, ue;

    if (!cap_is_physical(s->cap))
        return true;
    region(s->cap, &b, &e);
    for (size_t i = 0; i < c->n; i++) {
        cap_t u = slots[i]->cap;

        if (i == at || cap_type(u) != CAP_UNTYPED)
            continue;
        region(u, &ub, &ue);
        if (b < ub || e > ue)
            continue;
        /* Two untypeds over one block: only the later one must descend from the earlier. */
        if (cap_type(s->cap) == CAP_UNTYPED && b == ub && e == ue && i > at)
            continue;
        if (!on_stack(c, slots[i]))
            return VIOLATION(c, "object at %#lx (cap type %lu) is not below untyped slot %#lx", b,
                             cap_type(s->cap), cte_paddr(slots[i]));
        if (e > ub + untyped_free_index_to_offset(cap_untyped_free_index(u)))
            return VIOLATION(c, "object at %#lx lies above the free index of untyped %#lx", b, ub);
    }
    return true;
}

/* Objects are aligned to their size (so two blocks nest or are disjoint); untypeds fit. */
static bool check_object(struct checker *c, const cte_t *s)
{
    if (cap_is_physical(s->cap) && cap_ptr(s->cap) % BIT(cap_size_bits(s->cap)) != 0)
        return VIOLATION(c, "cap type %lu at %#lx: object %#lx is not aligned to its size",
                         cap_type(s->cap), cte_paddr(s), cap_ptr(s->cap));
    if (cap_type(s->cap) != CAP_UNTYPED)
        return true;
    if (cap_untyped_block_size(s->cap) < seL4_MinUntypedBits ||
        cap_untyped_block_size(s->cap) > seL4_MaxUntypedBits)
        return VIOLATION(c, "untyped %#lx has size bits %lu", cte_paddr(s),
                         cap_untyped_block_size(s->cap));
    if (cap_untyped_free_index(s->cap) > untyped_max_free_index(cap_untyped_block_size(s->cap)))
        return VIOLATION(c, "untyped %#lx: free index past its end", cte_paddr(s));
    return true;
}

/* A Zombie has emptied every slot from its count up; a queue is empty exactly when idle. */
static bool check_state(struct checker *c, const cte_t *s)
{
    cap_t cap = s->cap;

    if (cap_type(cap) == CAP_ZOMBIE) {
        cte_t *first = cte_at(cap_ptr(cap));

        if (cap_zombie_number(cap) > container_slots(cap))
            return VIOLATION(c, "zombie at %#lx counts past its object", cte_paddr(s));
        for (word_t i = cap_zombie_number(cap); i < container_slots(cap); i++)
            if (!cap_is_null(first[i].cap))
                return VIOLATION(c, "zombie at %#lx: slot %lu is past its count but full",
                                 cte_paddr(s), i);
    }
    if (cap_type(cap) == CAP_ENDPOINT) {
        const struct endpoint *ep = ep_at(cap_ptr(cap));

        if ((ep_state(ep) == EP_IDLE) != (ep->head == 0) || ep_state(ep) > EP_RECV)
            return VIOLATION(c, "endpoint %#lx: state and queue disagree", cap_ptr(cap));
    }
    if (cap_type(cap) == CAP_NOTIFICATION) {
        const struct notification *n = ntfn_at(cap_ptr(cap));

        if ((ntfn_state(n) == NTFN_WAITING) != (n->head != 0) || ntfn_state(n) > NTFN_ACTIVE)
            return VIOLATION(c, "notification %#lx: state and queue disagree", cap_ptr(cap));
    }
    return true;
}

/* Walks the gathered slots in list order, rebuilding each one's ancestors. */
static bool check_tree(struct checker *c)
{
    c->depth = 0;
    for (size_t i = 0; i < c->n; i++) {
        cte_t *s = slots[i];

        if (i > 0 && mdb_prev(s) != slots[i - 1])
            c->depth = 0; /* a new list */
        while (c->depth > 0 && !cdt_is_parent_of(stack[c->depth - 1], s))
            c->depth--;
        if (!check_container(c, s) || !check_irq(c, s) || !check_object(c, s) ||
            !check_state(c, s) || !check_revocable(c, s, c->depth ? stack[c->depth - 1] : NULL) ||
            !check_untyped_ancestry(c, i))
            return false;
        stack[c->depth++] = s;
    }
    return true;
}

/* Zombies name the object they are emptying: a CNode or a TCB. */
static word_t object_kind(cap_t cap)
{
    if (cap_type(cap) != CAP_ZOMBIE)
        return cap_type(cap);
    return cap_zombie_ztype(cap) == ZOMBIE_TYPE_TCB ? CAP_THREAD : CAP_CNODE;
}

static bool check_pair(struct checker *c, cap_t a, cap_t b)
{
    paddr_t ab, ae, bb, be;

    region(a, &ab, &ae);
    region(b, &bb, &be);
    if (ae <= bb || be <= ab)
        return true;
    if (cap_type(a) == CAP_UNTYPED || cap_type(b) == CAP_UNTYPED) {
        if ((ab <= bb && be <= ae) || (bb <= ab && ae <= be))
            return true;
        return VIOLATION(c, "untyped region %#lx-%#lx partly overlaps %#lx-%#lx", ab, ae, bb, be);
    }
    if (ab == bb && ae == be && object_kind(a) == object_kind(b))
        return true;
    return VIOLATION(c, "objects overlap: type %lu at %#lx-%#lx, type %lu at %#lx-%#lx",
                     cap_type(a), ab, ae, cap_type(b), bb, be);
}

static bool check_overlaps(struct checker *c)
{
    for (size_t i = 0; i < c->n; i++) {
        if (!cap_is_physical(slots[i]->cap))
            continue;
        for (size_t j = i + 1; j < c->n; j++)
            if (cap_is_physical(slots[j]->cap) && !check_pair(c, slots[i]->cap, slots[j]->cap))
                return false;
    }
    return true;
}

bool invariant_check(cte_t *const *roots, size_t n, char *msg, size_t size)
{
    struct checker c = {.msg = msg, .size = size, .roots = roots, .n_roots = n};

    if (size)
        msg[0] = '\0';
    return gather(&c) && check_tree(&c) && check_overlaps(&c);
}
