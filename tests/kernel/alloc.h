/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Scratch objects and slots for the capability cases (bootcaps.c, untyped.c,
 * cnode.c, notification_single.c, x86_objects.c, vspace*.c, domain.c).
 *
 * A case starts with BEGIN(bi), takes slots with alloc_slot() and objects
 * with alloc_obj(), checks with CHECK() and ends with `return PASS;`.  Every
 * exit goes through alloc_done(), which revokes the private pool untyped
 * (deleting every object made from it and every cap derived from those) and
 * then deletes whatever is left in the slots the case took, so the next case
 * starts from the same state whatever this one did.
 *
 * The pool is one RAM untyped of 2^ALLOC_POOL_BITS bytes, carved on first
 * use into the first empty slot; scratch slots follow it upwards.  threads.c
 * takes its slots from the top of the CNode down, so the two never meet.
 */
#pragma once

#include "suite.h"

#include <stdbool.h>

/* The root CNode, addressed with a full word of bits (its guard covers the rest). */
#define ROOT  seL4_CapInitThreadCNode
#define DEPTH seL4_WordBits

#define ALLOC_POOL_BITS 23 /* 8 MiB: room for 512 PML4s and 2 MiB frames */

/* Starts a case: cleans up after the one before (if it could not) and resets the cursor. */
const char *alloc_begin(seL4_BootInfo *bi);

/* Ends a case: frees every object and slot it took; returns why, or a cleanup failure. */
const char *alloc_done(const char *why);

/* The next scratch slot (never 0: the scratch range is far from slot 0). */
seL4_CPtr alloc_slot(void);

/* The first of n consecutive scratch slots. */
seL4_CPtr alloc_slots(seL4_Word n);

/* One new object from the pool in a new slot; returns the slot, or 0 if Retype failed. */
seL4_CPtr alloc_obj(seL4_Word type, seL4_Word size_bits);

/* The pool untyped itself (carved on first use), or 0 if no RAM untyped is big enough. */
seL4_CPtr alloc_pool(void);

/* The pool's slot if the pool has been carved, else 0 (the slot is still empty). */
seL4_CPtr alloc_pool_if_carved(void);

/* The first boot device untyped of at least 2^min_bits bytes, or 0. */
seL4_CPtr alloc_device_untyped(seL4_BootInfo *bi, seL4_Word min_bits);

/* seL4's cap tag of the cap in cptr (DebugCapIdentify), 0 for an empty slot. */
seL4_Word cap_type(seL4_CPtr cptr);

/* Calls cptr with a hand-made message: label, length words from mrs, n_caps caps. */
seL4_MessageInfo_t raw_call(seL4_CPtr cptr, seL4_Word label, seL4_Word length, const seL4_Word *mrs,
                            seL4_Word n_caps, const seL4_CPtr *caps);

/* seL4's cap tags (DebugCapIdentify), as seL4 13.0.0 numbers them on x86_64. */
enum {
    TAG_NULL = 0,
    TAG_FRAME = 1,
    TAG_UNTYPED = 2,
    TAG_PAGE_TABLE = 3,
    TAG_ENDPOINT = 4,
    TAG_PAGE_DIRECTORY = 5,
    TAG_NOTIFICATION = 6,
    TAG_PDPT = 7,
    TAG_REPLY = 8,
    TAG_PML4 = 9,
    TAG_CNODE = 10,
    TAG_ASID_CONTROL = 11,
    TAG_THREAD = 12,
    TAG_ASID_POOL = 13,
    TAG_IRQ_CONTROL = 14,
    TAG_IO_SPACE = 15,
    TAG_IRQ_HANDLER = 16,
    TAG_IO_PAGE_TABLE = 17,
    TAG_IO_PORT = 19,
    TAG_DOMAIN = 20,
    TAG_IO_PORT_CONTROL = 31,
};

/* Case scaffolding: every exit of a case frees what it took. */
#define BEGIN(bi)                                                                                  \
    do {                                                                                           \
        const char *why_ = alloc_begin(bi);                                                        \
        if (why_)                                                                                  \
            return alloc_done(why_);                                                               \
    } while (0)
#define CHECK(cond, why)                                                                           \
    do {                                                                                           \
        if (!(cond))                                                                               \
            return alloc_done(why);                                                                \
    } while (0)
#define PASS alloc_done(0)

/* Message register i of the last error reply, as libsel4's stubs leave it. */
#define MR(i) seL4_GetMR(i)
