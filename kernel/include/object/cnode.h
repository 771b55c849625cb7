/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CNode invocations (Copy, Mint, Move, Mutate, Rotate, Delete, Revoke,
 * CancelBadgedSends, SaveCaller) and the deletion machinery they share with
 * the rest of the kernel: delete a cap, finalising its object if it was
 * the last, and revoke every cap derived from one.  Both are preemptible.
 */
#pragma once

#include <object/cte.h>
#include <object/status.h>

struct invocation;

/* Decodes and performs a CNode invocation on the CNode cap in slot; see seL4 manual 10.3. */
status_t cnode_decode_invocation(cte_t *slot, const struct invocation *inv,
                                 struct syscall_error *err);

/* Empties slot, finalising the object if this was its last cap; may return STATUS_PREEMPTED. */
status_t cnode_delete(cte_t *slot);

/* Deletes every cap derived from slot's cap; may return STATUS_PREEMPTED. */
status_t cnode_revoke(cte_t *slot);

/* Returns DeleteFirst (recorded in err) unless slot is empty. */
status_t cnode_ensure_empty(const cte_t *slot, struct syscall_error *err);
