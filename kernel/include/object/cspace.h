/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CSpace addressing: how a cptr and a depth name a slot, through CNodes
 * with guards (seL4 resolveAddressBits and lookupSlotForCNodeOp).
 */
#pragma once

#include <object/cte.h>
#include <object/status.h>

struct resolve_ret {
    status_t status;       /* NoError, or FailedLookup with fault set */
    cte_t *slot;           /* the slot reached */
    word_t bits_remaining; /* bits of the cptr left when the walk stopped at a non-CNode */
    struct lookup_fault fault;
};

/*
 * Resolves the top n_bits of cptr starting at CNode cap root; stops early
 * at a slot that holds no CNode cap.  Fails with InvalidRoot, GuardMismatch
 * or DepthMismatch as seL4 does.
 */
struct resolve_ret cspace_resolve(cap_t root, word_t cptr, word_t n_bits);

struct lookup_slot_ret {
    status_t status;
    cte_t *slot;
};

/*
 * The slot a CNode invocation names by (root, cptr, depth): depth must be
 * 1..64 (RangeError) and be used up exactly (FailedLookup, DepthMismatch);
 * is_source goes into the error as failedLookupWasSource.
 */
struct lookup_slot_ret cspace_lookup_slot(bool is_source, cap_t root, word_t cptr, word_t depth,
                                          struct syscall_error *err);
