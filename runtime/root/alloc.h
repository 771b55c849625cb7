/* SPDX-License-Identifier: BSD-2-Clause */
/* The root server's untyped memory and CSpace slots (alloc.c). */
#pragma once

#include "root.h"

/* Names who the next allocations are for, in an out-of-memory report (a string that lives on). */
void alloc_set_owner(const char *name);

void alloc_init(const seL4_BootInfo *bi);

/* A free slot in the root's CNode, or 0 (logged) if none is left. */
seL4_CPtr slot_alloc(void);

/* Deletes whatever slot holds and makes the slot free again. */
void slot_free(seL4_CPtr slot);

/*
 * A new object of this seL4 type from RAM untypeds in a new slot; size_bits as for
 * Untyped_Retype.  If paddr is not NULL it gets the object's physical address.  Returns 0 and
 * logs what was asked and what is left if memory or slots are exhausted.
 */
seL4_CPtr obj_alloc(seL4_Word type, seL4_Word size_bits, seL4_Word *paddr);

/* A 4 KiB (or 2 MiB if large) frame at physical address paddr, from whichever untyped covers it
 * (device memory, normally).  0 and a log line if no untyped covers it or that part is used. */
seL4_CPtr frame_at(seL4_Word paddr, int large);

/* Bytes of RAM untyped not yet retyped, and how many RAM untypeds hold them. */
seL4_Word alloc_free_bytes(void);

/* What the untyped pool holds, for KAAL_BROKER_MEM. */
struct alloc_stats {
    seL4_Word total;     /* bytes of RAM untyped the kernel handed over */
    seL4_Word free;      /* bytes of them not yet retyped */
    seL4_Word untypeds;  /* RAM untypeds in the pool, the pieces split off included */
    seL4_Word with_room; /* of those, the ones with at least 4 KiB left */
    seL4_Word device;    /* device untypeds in the pool */
};
void alloc_stats(struct alloc_stats *st);
