/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Scratch objects and slots for the capability cases: see alloc.h.
 *
 * Slots are handed out upwards from the first empty slot of boot info; the
 * first one holds the pool untyped once it exists.  alloc_done() revokes the
 * pool and then deletes every slot handed out since alloc_begin(), which
 * also removes caps that do not descend from the pool (copies of boot caps,
 * IOPort caps, children of device untypeds).
 */
#include "alloc.h"

/* Scratch slots stay below this, clear of threads.c's slots at the top of the CNode. */
#define SCRATCH_LIMIT 3072

static seL4_BootInfo *boot;
static seL4_CPtr pool;       /* the pool untyped's slot, 0 until carved */
static seL4_CPtr pool_slot;  /* where it goes: the first empty slot */
static seL4_CPtr first_slot; /* first scratch slot */
static seL4_CPtr next_slot;  /* next scratch slot to hand out */
static bool cleanup_failed;  /* a slot could not be emptied: later cases are suspect */

seL4_Word cap_type(seL4_CPtr cptr)
{
    seL4_Word r = cptr, sys = (seL4_Word)seL4_SysDebugCapIdentify;

    __asm__ volatile("movq %%rsp, %%rbx\n\t"
                     "syscall\n\t"
                     "movq %%rbx, %%rsp"
                     : "+D"(r), "+d"(sys)
                     :
                     : "rbx", "rcx", "r11", "rsi", "r8", "r9", "r10", "r15", "memory");
    return r;
}

seL4_MessageInfo_t raw_call(seL4_CPtr cptr, seL4_Word label, seL4_Word length, const seL4_Word *mrs,
                            seL4_Word n_caps, const seL4_CPtr *caps)
{
    for (seL4_Word i = 0; i < length; i++)
        seL4_SetMR((int)i, mrs[i]);
    for (seL4_Word i = 0; i < n_caps; i++)
        seL4_SetCap((int)i, caps[i]);
    return seL4_Call(cptr, seL4_MessageInfo_new(label, 0, n_caps, length));
}

/* Empties every scratch slot handed out so far; false if one stays full. */
static bool sweep(void)
{
    bool ok = true;

    if (pool && seL4_CNode_Revoke(ROOT, pool, DEPTH) != seL4_NoError)
        ok = false;
    for (seL4_CPtr s = first_slot; s < next_slot; s++) {
        if (seL4_CNode_Delete(ROOT, s, DEPTH) != seL4_NoError || cap_type(s) != TAG_NULL)
            ok = false;
    }
    next_slot = first_slot;
    return ok;
}

const char *alloc_begin(seL4_BootInfo *bi)
{
    if (!boot) {
        boot = bi;
        pool_slot = bi->empty.start;
        first_slot = next_slot = pool_slot + 1;
    }
    if (cleanup_failed)
        return "an earlier case left a slot that cannot be emptied";
    if (!sweep()) {
        cleanup_failed = true;
        return "cannot empty the scratch slots";
    }
    return 0;
}

const char *alloc_done(const char *why)
{
    if (!sweep()) {
        cleanup_failed = true;
        if (!why)
            why = "cannot empty the scratch slots afterwards";
    }
    return why;
}

seL4_CPtr alloc_slots(seL4_Word n)
{
    seL4_CPtr s = next_slot;

    if (s + n > SCRATCH_LIMIT)
        return 0;
    next_slot += n;
    return s;
}

seL4_CPtr alloc_slot(void)
{
    return alloc_slots(1);
}

/* The largest RAM untyped of boot info, or 0 if none reaches bits. */
static seL4_CPtr largest_ram_untyped(seL4_Word bits)
{
    seL4_CPtr best = 0;
    seL4_Word best_bits = 0;

    for (seL4_Word i = 0; i < boot->untyped.end - boot->untyped.start; i++) {
        const seL4_UntypedDesc *d = &boot->untypedList[i];
        if (!d->isDevice && d->sizeBits >= bits && d->sizeBits > best_bits) {
            best = boot->untyped.start + i;
            best_bits = d->sizeBits;
        }
    }
    return best;
}

seL4_CPtr alloc_pool(void)
{
    seL4_CPtr parent;

    if (pool || !boot)
        return pool;
    parent = largest_ram_untyped(ALLOC_POOL_BITS);
    if (!parent || seL4_Untyped_Retype(parent, seL4_UntypedObject, ALLOC_POOL_BITS, ROOT, 0, 0,
                                       pool_slot, 1) != seL4_NoError)
        return 0;
    pool = pool_slot;
    return pool;
}

seL4_CPtr alloc_pool_if_carved(void)
{
    return pool;
}

seL4_CPtr alloc_obj(seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr p = alloc_pool(), s = alloc_slot();

    if (!p || !s || seL4_Untyped_Retype(p, type, size_bits, ROOT, 0, 0, s, 1) != seL4_NoError)
        return 0;
    return s;
}

seL4_CPtr alloc_device_untyped(seL4_BootInfo *bi, seL4_Word min_bits)
{
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        if (d->isDevice && d->sizeBits >= min_bits)
            return bi->untyped.start + i;
    }
    return 0;
}
