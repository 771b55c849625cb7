// SPDX-License-Identifier: BSD-2-Clause
/*
 * x86_64 ASID pools: ASIDControl_MakePool turns a page-sized untyped into
 * a pool and gives it the next free eighth of the ASID space;
 * ASIDPool_Assign gives an unassigned PML4 the pool's first free ASID,
 * which is what lets a PML4 cap be copied and a VSpace be used.  Deleting
 * the last cap to a pool or an assigned PML4 clears their entries, and a
 * PML4 that no ASID names any more is never run on again: if it is in CR3
 * the kernel's own PML4 takes its place at once (arch_vspace_invalidated,
 * seL4's setVMRoot in deleteASID and deleteASIDPool), and a thread whose
 * VSpace cap names it runs on the kernel's PML4 (user.c).  There is no TLB
 * shootdown to do: without PCIDs only the VSpace in CR3 has entries.
 * Checks and their order are seL4 13.0.0's.
 */
#include <lib/string.h>
#include <object/cnode.h>
#include <object/cspace.h>
#include <object/invocation.h>
#include <object/untyped.h>
#include <arch/object/asid.h>
#include <arch/object/cap.h>
#include <arch/object/vspace.h>

paddr_t asid_table[ASID_POOLS];

void asid_init(void)
{
    for (word_t i = 0; i < ASID_POOLS; i++)
        asid_table[i] = 0;
}

void asid_boot_pool(paddr_t pa)
{
    asid_table[0] = pa;
}

struct asid_pool *asid_pool_for(word_t asid)
{
    paddr_t pa = asid_table[(asid >> ASID_LOW_BITS) & (ASID_POOLS - 1)];

    return pa ? (struct asid_pool *)arch_paddr_to_ptr(pa) : NULL;
}

static word_t first_free_pool(void)
{
    word_t i = 0;

    while (i < ASID_POOLS && asid_table[i])
        i++;
    return i;
}

/* The untyped must be exactly one non-device page with nothing carved from it. */
static status_t check_pool_untyped(const cte_t *ut, struct syscall_error *err)
{
    cap_t c = ut->cap;

    if (cap_type(c) != CAP_UNTYPED || cap_untyped_block_size(c) != seL4_ASIDPoolBits ||
        cap_untyped_is_device(c)) {
        err->invalid_cap_number = 1;
        return syscall_error_set(err, seL4_InvalidCapability);
    }
    if (cdt_has_children(ut))
        return syscall_error_set(err, seL4_RevokeFirst);
    return seL4_NoError;
}

/* MakePool, decoded: the untyped ut becomes pool's ASID pool, its cap in the empty dest. */
static void invoke_make_pool(cte_t *ut, word_t pool, cte_t *dest)
{
    paddr_t pa = cap_ptr(ut->cap);

    ut->cap = cap_untyped_set_free_index(ut->cap, untyped_max_free_index(seL4_ASIDPoolBits));
    memset(arch_paddr_to_ptr(pa), 0, BIT(seL4_ASIDPoolBits));
    cdt_insert(cap_asid_pool_new(pa, pool << ASID_LOW_BITS), ut, dest);
    asid_table[pool] = pa;
}

status_t asid_control_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err)
{
    cte_t *ut = inv_cap(inv, X86ASIDControlMakePool, untyped);
    struct lookup_slot_ret dest;
    word_t pool;

    (void)slot;
    if (inv->label != X86ASIDControlMakePool)
        return syscall_error_set(err, seL4_IllegalOperation);
    if (!inv_complete(inv, X86ASIDControlMakePool))
        return syscall_error_set(err, seL4_TruncatedMessage);
    pool = first_free_pool();
    if (pool == ASID_POOLS)
        return syscall_error_set(err, seL4_DeleteFirst);
    if (check_pool_untyped(ut, err) != seL4_NoError)
        return err->type;
    dest = cspace_lookup_slot(false, inv_cap(inv, X86ASIDControlMakePool, root)->cap,
                              inv_arg(inv, X86ASIDControlMakePool, index),
                              inv_arg(inv, X86ASIDControlMakePool, depth), err);
    if (dest.status != seL4_NoError)
        return dest.status;
    if (cnode_ensure_empty(dest.slot, err) != seL4_NoError)
        return err->type;
    invoke_make_pool(ut, pool, dest.slot);
    return seL4_NoError;
}

/* The pool's first free ASID (never 0), or 0 if it is full. */
static word_t first_free_asid(const struct asid_pool *pool, word_t base)
{
    for (word_t i = 0; i < BIT(ASID_LOW_BITS); i++)
        if (base + i != 0 && !pool->vspace[i])
            return base + i;
    return 0;
}

/* Assign, decoded: the PML4 in vs takes asid, a free one of pool. */
static void invoke_assign(struct asid_pool *pool, cte_t *vs, word_t asid)
{
    vs->cap = cap_pml4_set_mapped_asid(cap_pml4_set_is_mapped(vs->cap, 1), asid);
    pool->vspace[asid & MASK(ASID_LOW_BITS)] = cap_ptr(vs->cap);
}

status_t asid_pool_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err)
{
    cte_t *vs = inv_cap(inv, X86ASIDPoolAssign, vspace);
    word_t base = cap_asid_pool_asid_base(slot->cap), asid;
    struct asid_pool *pool;

    if (inv->label != X86ASIDPoolAssign)
        return syscall_error_set(err, seL4_IllegalOperation);
    if (!vs)
        return syscall_error_set(err, seL4_TruncatedMessage);
    if (cap_type(vs->cap) != CAP_PML4 || cap_pml4_is_mapped(vs->cap)) {
        err->invalid_cap_number = 1;
        return syscall_error_set(err, seL4_InvalidCapability);
    }
    pool = asid_pool_for(base);
    if (!pool)
        return syscall_error_lookup(err, false, (struct lookup_fault){.type = seL4_InvalidRoot});
    if (arch_ptr_to_paddr(pool) != cap_ptr(slot->cap)) {
        err->invalid_cap_number = 0;
        return syscall_error_set(err, seL4_InvalidCapability);
    }
    asid = first_free_asid(pool, base);
    if (asid == 0)
        return syscall_error_set(err, seL4_DeleteFirst);
    invoke_assign(pool, vs, asid);
    return seL4_NoError;
}

void asid_delete(word_t asid, paddr_t vspace)
{
    struct asid_pool *pool = asid_pool_for(asid);

    if (!pool || pool->vspace[asid & MASK(ASID_LOW_BITS)] != vspace)
        return;
    pool->vspace[asid & MASK(ASID_LOW_BITS)] = 0;
    arch_vspace_invalidated(vspace);
}

void asid_pool_delete(word_t asid_base, paddr_t pa)
{
    word_t i = (asid_base >> ASID_LOW_BITS) & (ASID_POOLS - 1);
    const struct asid_pool *pool = arch_paddr_to_ptr(pa);

    if (asid_table[i] != pa)
        return;
    asid_table[i] = 0;
    /* The PML4s keep their ASIDs in their caps, but no lookup finds them any more. */
    for (word_t j = 0; j < BIT(ASID_LOW_BITS); j++) {
        if (pool->vspace[j])
            arch_vspace_invalidated(pool->vspace[j]);
    }
}
