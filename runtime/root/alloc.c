/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Untyped memory and CSpace slots.
 *
 * The kernel hands the root server every free byte as untyped caps.  An
 * untyped is retyped from a watermark that only moves up: each object goes
 * at the watermark rounded up to the object's size, which is how seL4
 * places it.  The root server keeps the same watermark itself, so it knows
 * before each Retype which untyped has room, and how much is left in all.
 * It never deletes the objects it makes, so the kernel's watermark and this
 * one never part (a Retype that fails anyway marks the untyped full).
 *
 * A frame at a given physical address (device memory, a region with a
 * fixed `phys`) comes from the untyped that covers it.  The space between
 * the watermark and that address is split into untypeds of the largest
 * aligned sizes, and those join the pool, so nothing is wasted.
 */
#include "alloc.h"

#include "report.h"
#include "root.h"

#include <interfaces/sel4_client.h>
#include <kaal/debug.h>
#include <sel4/errors.h>
#include <sel4/objecttype.h>

#define MAX_UNTYPED 512
#define MAX_FREE    256

struct untyped {
    seL4_CPtr cap;
    seL4_Word paddr, used;
    seL4_Uint8 bits, device;
};

static struct untyped uts[MAX_UNTYPED];
static unsigned int nuts;
static seL4_CPtr next_slot, end_slot;
static seL4_CPtr free_slots[MAX_FREE];
static unsigned int nfree;
static seL4_Word ram_total; /* bytes of RAM untyped at boot */

static const char *alloc_for = "the root server"; /* named in out-of-memory reports */

void alloc_set_owner(const char *name)
{
    alloc_for = name;
}

void alloc_init(const seL4_BootInfo *bi)
{
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start && nuts < MAX_UNTYPED; i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        uts[nuts++] = (struct untyped){.cap = bi->untyped.start + i,
                                       .paddr = d->paddr,
                                       .bits = d->sizeBits,
                                       .device = d->isDevice};
        ram_total += d->isDevice ? 0 : 1ul << d->sizeBits;
    }
    next_slot = bi->empty.start;
    end_slot = bi->empty.end;
}

seL4_CPtr slot_alloc(void)
{
    if (nfree)
        return free_slots[--nfree];
    if (next_slot < end_slot)
        return next_slot++;
    say("out of CSpace slots: the root CNode is full while working for ");
    kaal_debug_puts(alloc_for);
    kaal_debug_puts("\n");
    return 0;
}

void slot_free(seL4_CPtr slot)
{
    seL4_CNode_Delete(seL4_CapInitThreadCNode, slot, ROOT_DEPTH);
    if (nfree < MAX_FREE)
        free_slots[nfree++] = slot;
}

/* log2 of the bytes an object of this type takes, as the kernel sizes it. */
static seL4_Word object_bits(seL4_Word type, seL4_Word size_bits)
{
    switch (type) {
    case seL4_UntypedObject:
        return size_bits;
    case seL4_TCBObject:
        return seL4_TCBBits;
    case seL4_EndpointObject:
        return seL4_EndpointBits;
    case seL4_NotificationObject:
        return seL4_NotificationBits;
    case seL4_CapTableObject:
        return size_bits + seL4_SlotBits;
    case seL4_X86_LargePageObject:
        return seL4_LargePageBits;
    default: /* 4 KiB frames and the paging objects */
        return seL4_PageBits;
    }
}

static seL4_Word align_up(seL4_Word v, seL4_Word bits)
{
    return (v + (1ul << bits) - 1) & ~((1ul << bits) - 1);
}

/* The RAM untyped that wastes least on alignment for an object of 2^bits bytes; -1 if none. */
static int best_untyped(seL4_Word bits)
{
    int best = -1;
    seL4_Word best_waste = ~0ul;

    for (unsigned int i = 0; i < nuts; i++) {
        const struct untyped *u = &uts[i];
        seL4_Word at = align_up(u->used, bits);
        if (u->device || u->bits < bits || at + (1ul << bits) > (1ul << u->bits))
            continue;
        if (at - u->used < best_waste) {
            best = (int)i;
            best_waste = at - u->used;
        }
    }
    return best;
}

static void report_exhaustion(seL4_Word bits)
{
    seL4_Word largest = 0;

    for (unsigned int i = 0; i < nuts; i++) {
        seL4_Word left = uts[i].device ? 0 : (1ul << uts[i].bits) - uts[i].used;
        largest = left > largest ? left : largest;
    }
    say("out of memory: no untyped has room for an object of ");
    kaal_debug_put_dec(1ul << bits);
    kaal_debug_puts(" bytes for ");
    kaal_debug_puts(alloc_for);
    kaal_debug_puts("; ");
    kaal_debug_put_dec(alloc_free_bytes() >> 10);
    kaal_debug_puts(" KiB free in all, the largest piece ");
    kaal_debug_put_dec(largest >> 10);
    kaal_debug_puts(" KiB\n[root] hint: give the machine more memory (QEMU -m) or ask for less "
                    "(memory: quotas, dma: sizes, regions)\n");
}

seL4_CPtr obj_alloc(seL4_Word type, seL4_Word size_bits, seL4_Word *paddr)
{
    seL4_Word bits = object_bits(type, size_bits);

    for (;;) {
        int i = best_untyped(bits);
        if (i < 0) {
            report_exhaustion(bits);
            return 0;
        }
        seL4_CPtr slot = slot_alloc();
        if (!slot)
            return 0;
        struct untyped *u = &uts[i];
        seL4_Word at = align_up(u->used, bits);
        if (seL4_Untyped_Retype(u->cap, type, size_bits, seL4_CapInitThreadCNode, 0, 0, slot, 1) ==
            seL4_NoError) {
            u->used = at + (1ul << bits);
            if (paddr)
                *paddr = u->paddr + at;
            return slot;
        }
        /* The kernel disagrees: treat this untyped as full and try the next. */
        u->used = 1ul << u->bits;
        slot_free(slot);
    }
}

/* Adds a new untyped cap to the pool; false if the pool is full. */
static int pool_add(seL4_CPtr cap, seL4_Word paddr, seL4_Word bits, int device)
{
    if (nuts == MAX_UNTYPED)
        return 0;
    uts[nuts++] = (struct untyped){
        .cap = cap, .paddr = paddr, .bits = (seL4_Uint8)bits, .device = (seL4_Uint8)device};
    return 1;
}

/* Moves u's watermark up to offset off by retyping the gap into untypeds for the pool. */
static int skip_to(struct untyped *u, seL4_Word off)
{
    while (u->used < off) {
        seL4_Word bits = seL4_MinUntypedBits;
        while (bits + 1 < u->bits && (u->used & ((2ul << bits) - 1)) == 0 &&
               u->used + (2ul << bits) <= off)
            bits++;
        seL4_CPtr slot = slot_alloc();
        if (!slot || seL4_Untyped_Retype(u->cap, seL4_UntypedObject, bits, seL4_CapInitThreadCNode,
                                         0, 0, slot, 1) != seL4_NoError)
            return 0;
        if (!pool_add(slot, u->paddr + u->used, bits, u->device))
            return 0;
        u->used += 1ul << bits;
    }
    return 1;
}

seL4_CPtr frame_at(seL4_Word paddr, int large)
{
    seL4_Word bits = large ? seL4_LargePageBits : seL4_PageBits;

    for (unsigned int i = 0; i < nuts; i++) {
        struct untyped *u = &uts[i];
        if (paddr < u->paddr || paddr - u->paddr >= (1ul << u->bits))
            continue;
        seL4_Word off = paddr - u->paddr;
        if (off < u->used || off + (1ul << bits) > (1ul << u->bits))
            continue; /* used already; a child untyped in the pool may still cover it */
        if (!skip_to(u, off))
            break;
        seL4_CPtr slot = slot_alloc();
        if (slot && seL4_Untyped_Retype(u->cap, large ? seL4_X86_LargePageObject : seL4_X86_4K, 0,
                                        seL4_CapInitThreadCNode, 0, 0, slot, 1) == seL4_NoError) {
            u->used = off + (1ul << bits);
            return slot;
        }
        if (slot)
            slot_free(slot);
        break;
    }
    say("no untyped memory covers physical address ");
    kaal_debug_put_hex(paddr);
    kaal_debug_puts(" (or it is in use already), needed by ");
    kaal_debug_puts(alloc_for);
    kaal_debug_puts("\n");
    return 0;
}

seL4_Word alloc_free_bytes(void)
{
    seL4_Word n = 0;

    for (unsigned int i = 0; i < nuts; i++)
        if (!uts[i].device)
            n += (1ul << uts[i].bits) - uts[i].used;
    return n;
}

void alloc_stats(struct alloc_stats *st)
{
    *st = (struct alloc_stats){.total = ram_total, .free = alloc_free_bytes()};
    for (unsigned int i = 0; i < nuts; i++) {
        if (uts[i].device) {
            st->device++;
            continue;
        }
        st->untypeds++;
        st->with_room += (1ul << uts[i].bits) - uts[i].used >= PAGE_SIZE;
    }
}
