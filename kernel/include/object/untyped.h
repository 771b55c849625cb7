/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Untyped memory and Untyped_Retype: the only way kernel objects come to
 * exist after boot.
 */
#pragma once

#include <object/cte.h>
#include <object/status.h>

struct invocation;

/* How many objects one Untyped_Retype may create (seL4's CONFIG_RETYPE_FAN_OUT_LIMIT). */
#define RETYPE_FAN_OUT_LIMIT 256

/* Free index (in 2^MinUntypedBits units) that marks an untyped of size_bits as full. */
static inline word_t untyped_max_free_index(word_t size_bits)
{
    return BIT(size_bits - seL4_MinUntypedBits);
}

/* Bytes used below the free index. */
static inline word_t untyped_free_index_to_offset(word_t index)
{
    return index << seL4_MinUntypedBits;
}

/* Decodes and performs Untyped_Retype on the untyped cap in slot; may be preempted. */
status_t untyped_decode_invocation(cte_t *slot, const struct invocation *inv,
                                   struct syscall_error *err);
