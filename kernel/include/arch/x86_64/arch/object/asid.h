/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * x86_64 ASIDs: the table of ASID pools and the pools' invocations
 * (ASIDControl_MakePool, ASIDPool_Assign), and what deleting a pool or an
 * assigned PML4 must undo.  An ASID is 12 bits: the top 3 pick one of 8
 * pools in the kernel's table, the low 9 an entry in that pool, which
 * names the PML4 using the ASID.  ASID 0 is never handed out.
 */
#pragma once

#include <object/cte.h>
#include <object/status.h>

struct invocation;

#define ASID_LOW_BITS  seL4_ASIDPoolIndexBits
#define ASID_HIGH_BITS seL4_NumASIDPoolsBits
#define ASID_POOLS     (1ul << ASID_HIGH_BITS)

/* One page: the PML4 (physical address, 0 = free) of each ASID in the pool. */
struct asid_pool {
    paddr_t vspace[1ul << ASID_LOW_BITS];
};

_Static_assert(sizeof(struct asid_pool) == 1ul << seL4_ASIDPoolBits, "an ASID pool is a page");

/* Forgets every pool (boot state). */
void asid_init(void);

/* Installs the root server's pool, at pa, as pool 0 (boot only). */
void asid_boot_pool(paddr_t pa);

/* The pool serving asid's top bits, or NULL. */
struct asid_pool *asid_pool_for(word_t asid);

/* Decodes and performs ASIDControl_MakePool (slot holds the ASIDControl cap). */
status_t asid_control_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err);

/* Decodes and performs ASIDPool_Assign (slot holds the pool's cap). */
status_t asid_pool_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err);

/* Physical address of each pool (0 = none): asid.c's, read inline by asid_vspace. */
extern paddr_t asid_table[ASID_POOLS];

/*
 * The PML4 that asid names (physical address), or 0 if none (seL4
 * findVSpaceForASID): inline, as every switch of address space checks it.
 */
static ALWAYS_INLINE paddr_t asid_vspace(word_t asid)
{
    paddr_t pa = asid_table[(asid >> ASID_LOW_BITS) & (ASID_POOLS - 1)];

    return pa ? ((struct asid_pool *)arch_paddr_to_ptr(pa))->vspace[asid & MASK(ASID_LOW_BITS)] : 0;
}

/* Frees asid if it still names the PML4 at vspace (seL4 deleteASID). */
void asid_delete(word_t asid, paddr_t vspace);

/* Removes the pool at pa with base asid_base from the table (seL4 deleteASIDPool). */
void asid_pool_delete(word_t asid_base, paddr_t pa);
