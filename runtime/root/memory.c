/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The memory manager: the broker's mem_alloc, mem_free, phys and info ops
 * (<kaal/proto/broker.h>, docs/root-server.md).
 *
 * A component asks for memory at an address of its own choosing, within
 * its `memory:` quota; each allocation is one record in the component, so
 * that it can be freed whole.  Every frame the broker maps into a
 * component, memory-manager and DMA frames alike (devices.c maps the
 * latter through mem_map_page), is recorded in pages[], so that the broker
 * can tell its physical address and take it back.  Freed frames are kept,
 * unmapped, and zeroed when they are given out again.
 */
#include "memory.h"

#include "alloc.h"
#include "loader.h"
#include "report.h"
#include "vspace.h"

#include <interfaces/sel4_client.h>
#include <kaal/broker.h>
#include <sel4/objecttype.h>

#define MAX_FREE_FRAMES 1024

/* A frame the broker mapped into a component. */
struct page_rec {
    seL4_Word vaddr;
    seL4_CPtr cap; /* 0: the record is free */
    seL4_Uint32 comp;
};

static struct page_rec pages[ROOT_MAX_PAGES];
static seL4_CPtr free_frames[MAX_FREE_FRAMES];
static unsigned int nfree_frames;

int mem_range_ok(seL4_Word va, seL4_Word size)
{
    return va % PAGE_SIZE == 0 && size && size % PAGE_SIZE == 0 && va >= KAAL_BROKER_VADDR_MIN &&
           va < KAAL_BROKER_VADDR_MAX && size <= KAAL_BROKER_VADDR_MAX - va;
}

static int record_page(const struct comp *c, seL4_Word va, seL4_CPtr cap)
{
    for (unsigned int i = 0; i < ROOT_MAX_PAGES; i++)
        if (!pages[i].cap) {
            pages[i] = (struct page_rec){.vaddr = va, .cap = cap, .comp = (seL4_Uint32)c->id};
            return 1;
        }
    return 0;
}

static struct page_rec *find_page(const struct comp *c, seL4_Word va)
{
    for (unsigned int i = 0; i < ROOT_MAX_PAGES; i++)
        if (pages[i].cap && pages[i].comp == c->id && pages[i].vaddr == va)
            return &pages[i];
    return 0;
}

/* Keeps frame for a later allocation, or frees its slot if the list is full. */
static void keep_frame(seL4_CPtr frame)
{
    if (nfree_frames < MAX_FREE_FRAMES)
        free_frames[nfree_frames++] = frame;
    else
        slot_free(frame);
}

void mem_release_pages(const struct comp *c, seL4_Word va, seL4_Word n)
{
    for (seL4_Word p = 0; p < n; p++) {
        struct page_rec *r = find_page(c, va + p * PAGE_SIZE);
        if (!r)
            continue;
        seL4_X86_Page_Unmap(r->cap);
        keep_frame(r->cap);
        r->cap = 0;
    }
}

int mem_map_page(const struct comp *c, seL4_CPtr frame, seL4_Word va)
{
    seL4_Error e = vs_map(c->pml4, frame, va, seL4_ReadWrite, seL4_X86_Default_VMAttributes, 0);

    if (e == seL4_NoError && record_page(c, va, frame))
        return 0;
    if (e == seL4_NoError)
        seL4_X86_Page_Unmap(frame);
    keep_frame(frame);
    return e == seL4_DeleteFirst ? -KAAL_EBUSY : -KAAL_ENOMEM;
}

/* A zeroed 4 KiB frame: a freed one, or a new one. */
static seL4_CPtr fresh_frame(void)
{
    while (nfree_frames) {
        seL4_CPtr f = free_frames[--nfree_frames];
        if (vs_fill(f, 0, 0, PAGE_SIZE) == 0)
            return f;
        slot_free(f);
    }
    return obj_alloc(seL4_X86_4K, 0, 0);
}

/* A free allocation record of c, or NULL. */
static struct alloc_rec *free_record(struct comp *c)
{
    for (unsigned int i = 0; i < ROOT_MAX_ALLOCS; i++)
        if (!c->allocs[i].pages)
            return &c->allocs[i];
    return 0;
}

int mem_alloc(void *ctx, const struct kaal_broker_mem_alloc_in *in,
              struct kaal_broker_mem_alloc_out *out)
{
    struct comp *c = ctx;
    struct alloc_rec *rec = free_record(c);

    if (!mem_range_ok(in->vaddr, in->size))
        return report_refusal(c, KAAL_BROKER_MEM_ALLOC, -KAAL_EINVAL,
                              "size or address not a multiple of 4 KiB, or not below "
                              "0x7fff00000000");
    if (in->size > c->quota_left)
        return report_refusal(c, KAAL_BROKER_MEM_ALLOC, -KAAL_ENOMEM,
                              "over its memory: quota in the system description");
    if (!rec)
        return report_refusal(c, KAAL_BROKER_MEM_ALLOC, -KAAL_ENOMEM, "too many allocations");
    if (!range_claim(c, in->vaddr, in->size))
        return report_refusal(c, KAAL_BROKER_MEM_ALLOC, -KAAL_EBUSY, MEM_ADDRESS_IN_USE);
    alloc_set_owner(c->desc->name);
    for (seL4_Word off = 0; off < in->size; off += PAGE_SIZE) {
        seL4_CPtr f = fresh_frame();
        int err = f ? mem_map_page(c, f, in->vaddr + off) : -KAAL_ENOMEM;
        if (err) {
            mem_release_pages(c, in->vaddr, off / PAGE_SIZE);
            range_release(c, in->vaddr);
            return report_refusal(c, KAAL_BROKER_MEM_ALLOC, err, "out of memory");
        }
    }
    *rec = (struct alloc_rec){.vaddr = in->vaddr, .pages = in->size / PAGE_SIZE};
    c->quota_left -= in->size;
    out->quota_left = c->quota_left;
    return 0;
}

int mem_free(void *ctx, const struct kaal_broker_mem_free_in *in,
             struct kaal_broker_mem_free_out *out)
{
    struct comp *c = ctx;

    for (unsigned int i = 0; i < ROOT_MAX_ALLOCS; i++) {
        struct alloc_rec *rec = &c->allocs[i];
        if (rec->pages && rec->vaddr == in->vaddr) {
            mem_release_pages(c, in->vaddr, rec->pages);
            range_release(c, in->vaddr);
            c->quota_left += rec->pages * PAGE_SIZE;
            rec->pages = 0;
            out->quota_left = c->quota_left;
            return 0;
        }
    }
    return report_refusal(c, KAAL_BROKER_MEM_FREE, -KAAL_EINVAL,
                          "no allocation starts at that address");
}

int mem_phys(void *ctx, const struct kaal_broker_phys_in *in, struct kaal_broker_phys_out *out)
{
    struct comp *c = ctx;
    const struct page_rec *r = find_page(c, in->vaddr & ~(PAGE_SIZE - 1));

    if (!r)
        return report_refusal(c, KAAL_BROKER_PHYS, -KAAL_EINVAL,
                              "the address is not memory the broker mapped");
    seL4_X86_Page_GetAddress_t a = seL4_X86_Page_GetAddress(r->cap);
    if (a.error)
        return report_refusal(c, KAAL_BROKER_PHYS, -KAAL_EIO,
                              "the kernel refused the frame's address");
    out->phys = a.paddr + (in->vaddr & (PAGE_SIZE - 1));
    return 0;
}

int mem_info(void *ctx, struct kaal_broker_info_out *out)
{
    const struct comp *c = ctx;

    out->devices = c->desc->device_count;
    out->quota = c->desc->mem_quota;
    out->quota_left = c->quota_left;
    return 0;
}
