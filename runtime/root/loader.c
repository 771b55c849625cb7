/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The component loader: from the checked system image, each component
 * gets the layout of <kaal/component_layout.h>:
 *
 *   a CNode of 2^KAAL_CNODE_RADIX slots with the fixed caps, a PML4 with
 *   an ASID, its ELF's PT_LOAD segments, a stack, an IPC buffer and an
 *   info page, a TCB bound to its notification, named after it;
 *
 * then the channels (badged notification and endpoint caps in both
 * CNodes), then the shared regions.  A component that cannot be loaded (a
 * bad ELF, no memory) is reported by name and left out; the others still
 * load.  Nothing runs until start_system.
 */
#include "loader.h"

#include "alloc.h"
#include "boot.h"
#include "elf.h"
#include "report.h"
#include "root.h"
#include "vspace.h"

#include <interfaces/sel4_client.h>
#include <kaal/broker.h>
#include <kaal/debug.h>
#include <sel4/errors.h>
#include <sel4/functions.h>
#include <sel4/objecttype.h>

#define ELF_LO        0x1000ul
#define ELF_HI        KAAL_BROKER_VADDR_MAX
#define MAX_ELF_PAGES 1024

static const unsigned char *sys_image; /* the checked image, from load_system */
static struct comp comps[KAAL_SYSIMAGE_MAX_COMPONENTS];
static unsigned int ncomps;
static seL4_CPtr root_ep;

/* The component's info page, filled in here and copied into its frame once the channels are
 * known. */
static struct kaal_component_info infos[KAAL_SYSIMAGE_MAX_COMPONENTS];

const struct kaal_sysimage_header *sys_header(void)
{
    return (const struct kaal_sysimage_header *)sys_image;
}

static const void *table(const struct kaal_sysimage_table *t)
{
    return sys_image + t->offset;
}

const struct kaal_sysimage_device *sys_devices(void)
{
    return table(&sys_header()->devices);
}

const struct kaal_sysimage_channel *sys_channels(void)
{
    return table(&sys_header()->channels);
}

const struct kaal_sysimage_map *sys_maps(void)
{
    return table(&sys_header()->maps);
}

const struct kaal_sysimage_region *sys_regions(void)
{
    return table(&sys_header()->regions);
}

const struct kaal_sysimage_device *comp_device(const struct comp *c, seL4_Word dev)
{
    return dev < c->desc->device_count ? &sys_devices()[c->desc->device_first + dev] : 0;
}

struct comp *comp_at(seL4_Word id)
{
    return id < ncomps ? &comps[id] : 0;
}

unsigned int comp_count(void)
{
    return ncomps;
}

seL4_CPtr loader_endpoint(void)
{
    return root_ep;
}

static int fail(const struct comp *c, const char *why)
{
    say_comp(c, why);
    kaal_debug_puts("; it is not started\n");
    return 0;
}

/* Mints src (in the root's CNode) into slot of c's CNode with rights and badge. */
static int give(const struct comp *c, seL4_Word slot, seL4_CPtr src, seL4_CapRights_t rights,
                seL4_Word badge)
{
    return seL4_CNode_Mint(c->cnode, slot, KAAL_CNODE_RADIX, seL4_CapInitThreadCNode, src,
                           ROOT_DEPTH, rights, badge) == seL4_NoError;
}

/* A new zeroed 4 KiB frame mapped at va in c with rights; its cap, or 0. */
static seL4_CPtr new_page(const struct comp *c, seL4_Word va, seL4_CapRights_t rights)
{
    seL4_CPtr frame = obj_alloc(seL4_X86_4K, 0, 0);

    if (frame &&
        vs_map(c->pml4, frame, va, rights, seL4_X86_Default_VMAttributes, 0) != seL4_NoError)
        return 0;
    return frame;
}

/* The rights for a segment's or region's permissions: writable or read-only. */
static seL4_CapRights_t rights_for(int writable)
{
    return writable ? seL4_ReadWrite : seL4_CanRead;
}

/* One page of the ELF: the frames made so far for this component, by address. */
static seL4_Word elf_va[MAX_ELF_PAGES];
static seL4_CPtr elf_cap[MAX_ELF_PAGES];
static unsigned int elf_pages;

/* The frame for page va: the one made for an earlier segment that shares it, or a new one. */
static seL4_CPtr elf_page(const struct comp *c, seL4_Word va, int writable)
{
    for (unsigned int i = 0; i < elf_pages; i++)
        if (elf_va[i] == va)
            return elf_cap[i];
    if (elf_pages == MAX_ELF_PAGES)
        return 0;
    seL4_CPtr frame = new_page(c, va, rights_for(writable));
    elf_va[elf_pages] = va;
    elf_cap[elf_pages++] = frame;
    return frame;
}

int range_claim(struct comp *c, seL4_Word va, seL4_Word size)
{
    struct vrange *free = 0;

    for (unsigned int i = 0; i < ROOT_MAX_RANGES; i++) {
        struct vrange *r = &c->used[i];
        if (!r->size)
            free = free ? free : r;
        else if (va < r->va + r->size && r->va < va + size)
            return 0;
    }
    if (free)
        *free = (struct vrange){.va = va, .size = size};
    return free != 0;
}

void range_release(struct comp *c, seL4_Word va)
{
    for (unsigned int i = 0; i < ROOT_MAX_RANGES; i++)
        if (c->used[i].size && c->used[i].va == va)
            c->used[i].size = 0;
}

/* Loads the ELF's segments; returns its entry point, or 0 with the reason logged. */
static seL4_Word load_elf(struct comp *c)
{
    const unsigned char *file = sys_image + c->desc->elf_offset;
    struct elfcheck elf;
    const char *why;

    if (root_elf_check(file, c->desc->elf_size, ELF_LO, ELF_HI, &elf, &why) != 0) {
        say_comp(c, "bad ELF: ");
        kaal_debug_puts(why);
        kaal_debug_puts("; it is not started\n");
        return 0;
    }
    elf_pages = 0;
    seL4_Word start = ~0ul, end = 0;
    for (unsigned int s = 0; s < elf.nseg; s++) {
        start = elf.seg[s].vaddr < start ? elf.seg[s].vaddr : start;
        end = elf.seg[s].vaddr + elf.seg[s].memsz > end ? elf.seg[s].vaddr + elf.seg[s].memsz : end;
    }
    start &= ~(PAGE_SIZE - 1);
    range_claim(c, start, ((end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)) - start); /* the first claim */
    for (unsigned int s = 0; s < elf.nseg; s++) {
        const struct elfcheck_segment *seg = &elf.seg[s];
        int writable = (seg->flags & ELFCHECK_PF_W) != 0;
        for (seL4_Word va = seg->vaddr & ~(PAGE_SIZE - 1); va < seg->vaddr + seg->memsz;
             va += PAGE_SIZE) {
            seL4_CPtr frame = elf_page(c, va, writable);
            if (!frame) {
                fail(c, "could not map its ELF segments");
                return 0;
            }
            /* The part of the file that lands in this page; fresh frames are zero already. */
            seL4_Word lo = va > seg->vaddr ? va : seg->vaddr;
            seL4_Word hi = va + PAGE_SIZE < seg->vaddr + seg->filesz ? va + PAGE_SIZE
                                                                     : seg->vaddr + seg->filesz;
            if (lo < hi &&
                vs_fill(frame, lo - va, file + seg->offset + (lo - seg->vaddr), hi - lo) != 0) {
                fail(c, "could not write its ELF segments");
                return 0;
            }
        }
    }
    return elf.entry;
}

/* The stack (with an unmapped guard page below and above), the IPC buffer and the info page. */
static seL4_CPtr map_runtime_pages(const struct comp *c, seL4_CPtr *info)
{
    seL4_Word base = KAAL_STACK_TOP - c->desc->stack_size;

    for (seL4_Word va = base; va < KAAL_STACK_TOP; va += PAGE_SIZE)
        if (!new_page(c, va, seL4_ReadWrite))
            return 0;
    *info = new_page(c, KAAL_COMPONENT_INFO_VADDR, seL4_CanRead);
    return *info ? new_page(c, KAAL_IPC_BUFFER_VADDR, seL4_ReadWrite) : 0;
}

static seL4_CapRights_t write_grant_reply(void)
{
    return seL4_CapRights_new(1, 0, 0, 1);
}

/* The fixed slots of the layout. */
static int fixed_slots(const struct comp *c)
{
    return give(c, KAAL_SLOT_INPUT_EP, c->ep, seL4_CanRead, 0) &&
           give(c, KAAL_SLOT_INPUT_NTF, c->ntfn, seL4_CanRead, 0) &&
           give(c, KAAL_SLOT_TCB, c->tcb, seL4_AllRights, 0) &&
           give(c, KAAL_SLOT_VSPACE, c->pml4, seL4_AllRights, 0) &&
           seL4_CNode_Mint(c->cnode, KAAL_SLOT_CNODE, KAAL_CNODE_RADIX, seL4_CapInitThreadCNode,
                           c->cnode, ROOT_DEPTH, seL4_AllRights,
                           KAAL_CNODE_GUARD_DATA) == seL4_NoError &&
           give(c, KAAL_SLOT_BROKER, root_ep, write_grant_reply(), KAAL_BROKER_BADGE(c->id)) &&
           give(c, KAAL_SLOT_FAULT_EP, root_ep, write_grant_reply(), KAAL_FAULT_BADGE(c->id));
}

static void copy_name(char *dst, const char *src, unsigned int n)
{
    unsigned int i = 0;

    for (; i + 1 < n && src[i]; i++)
        dst[i] = src[i];
    dst[i] = '\0';
}

/* Makes c's objects, loads its ELF and configures its TCB (not yet started). */
static int load_component(struct comp *c)
{
    seL4_CPtr info, ipc;
    seL4_Word entry;
    seL4_UserContext regs = {0};

    alloc_set_owner(c->desc->name);
    c->cnode = obj_alloc(seL4_CapTableObject, KAAL_CNODE_RADIX, 0);
    c->tcb = obj_alloc(seL4_TCBObject, 0, 0);
    c->pml4 = obj_alloc(seL4_X64_PML4Object, 0, 0);
    c->ep = obj_alloc(seL4_EndpointObject, 0, 0);
    c->ntfn = obj_alloc(seL4_NotificationObject, 0, 0);
    if (!c->cnode || !c->tcb || !c->pml4 || !c->ep || !c->ntfn)
        return fail(c, "could not make its kernel objects");
    if (seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, c->pml4) != seL4_NoError)
        return fail(c, "no ASID left for its VSpace");
    entry = load_elf(c);
    if (!entry)
        return 0;
    ipc = map_runtime_pages(c, &info);
    if (!ipc)
        return fail(c, "could not map its stack, IPC buffer and info page");
    if (!fixed_slots(c))
        return fail(c, "could not fill its CNode");
    regs.rip = entry;
    regs.rsp = KAAL_STACK_TOP;
    regs.rflags = 0x202; /* interrupts on */
    if (seL4_TCB_Configure(c->tcb, KAAL_SLOT_FAULT_EP, c->cnode, KAAL_CNODE_GUARD_DATA, c->pml4, 0,
                           KAAL_IPC_BUFFER_VADDR, ipc) != seL4_NoError ||
        seL4_TCB_SetPriority(c->tcb, seL4_CapInitThreadTCB, c->desc->priority) != seL4_NoError ||
        seL4_TCB_BindNotification(c->tcb, c->ntfn) != seL4_NoError ||
        seL4_TCB_WriteRegisters(c->tcb, 0, 0, 20, &regs) != seL4_NoError)
        return fail(c, "could not configure its thread");
    seL4_DebugNameThread(c->tcb, c->desc->name);

    struct kaal_component_info *in = &infos[c->id];
    in->magic = KAAL_COMPONENT_INFO_MAGIC;
    in->version = KAAL_COMPONENT_INFO_VERSION;
    in->id = (seL4_Uint32)c->id;
    copy_name(in->name, c->desc->name, KAAL_COMPONENT_NAME_MAX);
    in->heap_size = c->desc->heap_size; /* the runtime maps it from the quota before init() */
    c->quota_left = c->desc->mem_quota;
    c->info = info; /* filled once the channels are in */
    c->loaded = 1;
    return 1;
}

/* One end of a channel: c's caps towards peer and what c may do on id. */
static int channel_end(struct comp *c, seL4_Word id, struct comp *peer, seL4_Word peer_id,
                       int may_call)
{
    struct kaal_channel *ch = &infos[c->id].channel[id];

    ch->peer_id = (seL4_Uint16)peer->id;
    ch->flags |= KAAL_CH_NOTIFY | KAAL_CH_NOTIFIED;
    if (!give(c, KAAL_SLOT_NOTIFY_BASE + id, peer->ntfn, seL4_CanWrite, KAAL_NTF_BADGE(peer_id)))
        return 0;
    if (may_call) {
        ch->flags |= KAAL_CH_PPCALL;
        infos[peer->id].channel[peer_id].flags |= KAAL_CH_PROTECTED;
        return give(c, KAAL_SLOT_PPC_BASE + id, peer->ep, write_grant_reply(),
                    KAAL_PPC_BADGE(peer_id));
    }
    return 1;
}

static void connect_channels(void)
{
    const struct kaal_sysimage_header *h = sys_header();
    const struct kaal_sysimage_channel *ch = table(&h->channels);

    for (uint32_t i = 0; i < h->channels.count; i++, ch++) {
        struct comp *a = &comps[ch->a], *b = &comps[ch->b];
        if (!a->loaded || !b->loaded)
            continue; /* the other end was reported already */
        if (!channel_end(a, ch->a_id, b, ch->b_id, ch->pp == KAAL_SYSIMAGE_PP_A) ||
            !channel_end(b, ch->b_id, a, ch->a_id, ch->pp == KAAL_SYSIMAGE_PP_B)) {
            say_comp(a, "could not connect a channel\n");
        }
    }
}

/* The IRQ channels of c's devices, for its info page. */
static void device_channels(struct comp *c)
{
    for (seL4_Word i = 0; i < c->desc->device_count; i++) {
        const struct kaal_sysimage_device *d = comp_device(c, i);
        if (d->irq == KAAL_SYSIMAGE_NO_IRQ)
            continue;
        struct kaal_channel *ch = &infos[c->id].channel[d->irq_id];
        ch->flags |= KAAL_CH_IRQ;
        ch->peer_id = 0xffff;
        ch->irq = (seL4_Uint16)d->irq;
    }
}

/* Regions' frames, made once and mapped by every component that maps the region: region r's
 * frames are region_caps[region_at[r] - 1 ...]; region_at[r] is 0 until they are made. */
#define MAX_REGION_FRAMES 4096
static seL4_CPtr region_caps[MAX_REGION_FRAMES];
static unsigned int region_at[KAAL_SYSIMAGE_MAX_RECORDS], nregion_caps;

static const seL4_CPtr *region_frames(const struct kaal_sysimage_region *r, uint32_t index)
{
    int large = r->page_size == LARGE_SIZE;
    seL4_Word n = r->size / r->page_size;

    if (region_at[index])
        return &region_caps[region_at[index] - 1];
    if (n > MAX_REGION_FRAMES - nregion_caps)
        return 0;
    if (!(r->flags & KAAL_SYSIMAGE_REGION_PHYS) && r->size > alloc_free_bytes()) {
        /* Fail before taking anything, so the memory stays for the other components. */
        say("out of memory: region '");
        kaal_debug_puts(r->name);
        kaal_debug_puts("' needs ");
        kaal_debug_put_dec(r->size >> 10);
        kaal_debug_puts(" KiB, ");
        kaal_debug_put_dec(alloc_free_bytes() >> 10);
        kaal_debug_puts(" KiB are free\n[root] hint: give the machine more memory (QEMU -m) or "
                        "make the region smaller\n");
        return 0;
    }
    alloc_set_owner(r->name);
    for (seL4_Word i = 0; i < n; i++) {
        seL4_CPtr f = r->flags & KAAL_SYSIMAGE_REGION_PHYS
                          ? frame_at(r->phys + i * r->page_size, large)
                          : obj_alloc(large ? seL4_X86_LargePageObject : seL4_X86_4K, 0, 0);
        if (!f)
            return 0;
        /* The region's data: (4 KiB pages, sysimage_check made sure), the rest stays zero. */
        seL4_Word at = i * r->page_size;
        if (at < r->data_size &&
            vs_fill(f, 0, sys_image + r->data_offset + at, r->data_size - at) != 0)
            return 0;
        region_caps[nregion_caps + i] = f;
    }
    region_at[index] = nregion_caps + 1;
    nregion_caps += (unsigned int)n;
    return &region_caps[region_at[index] - 1];
}

/* Maps each of c's regions; false (logged) if one could not be. */
static int map_regions(struct comp *c)
{
    const struct kaal_sysimage_header *h = sys_header();
    const struct kaal_sysimage_map *m = table(&h->maps);
    const struct kaal_sysimage_region *regions = table(&h->regions);

    for (uint32_t i = c->desc->map_first; i < c->desc->map_first + c->desc->map_count; i++) {
        const struct kaal_sysimage_region *r = &regions[m[i].region];
        const seL4_CPtr *frames = region_frames(r, m[i].region);
        int large = r->page_size == LARGE_SIZE;
        int ok = frames != 0 && range_claim(c, m[i].vaddr, r->size);
        alloc_set_owner(c->desc->name);
        for (seL4_Word p = 0; ok && p < r->size / r->page_size; p++) {
            seL4_CPtr copy = slot_alloc();
            if (!copy ||
                seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, ROOT_DEPTH, seL4_CapInitThreadCNode,
                                frames[p], ROOT_DEPTH, seL4_AllRights) != seL4_NoError ||
                vs_map(c->pml4, copy, m[i].vaddr + p * r->page_size,
                       rights_for(m[i].perms & KAAL_SYSIMAGE_PERM_W),
                       m[i].cached ? seL4_X86_Default_VMAttributes : seL4_X86_CacheDisabled,
                       large) != seL4_NoError)
                ok = 0;
        }
        if (!ok) {
            say_comp(c, "could not map region '");
            kaal_debug_puts(r->name);
            kaal_debug_puts("'\n");
            return 0;
        }
    }
    return 1;
}

unsigned int load_system(const unsigned char *image)
{
    sys_image = image;
    const struct kaal_sysimage_header *h = sys_header();
    const struct kaal_sysimage_component *cd = table(&h->components);
    unsigned int loaded = 0;

    root_ep = obj_alloc(seL4_EndpointObject, 0, 0);
    ncomps = h->components.count;
    for (unsigned int i = 0; i < ncomps; i++) {
        comps[i].desc = &cd[i];
        comps[i].id = i;
        loaded += load_component(&comps[i]) ? 1 : 0;
    }
    connect_channels();
    for (unsigned int i = 0; i < ncomps; i++) {
        struct comp *c = &comps[i];
        if (!c->loaded)
            continue;
        device_channels(c);
        if (!map_regions(c) || vs_fill(c->info, 0, &infos[i], sizeof(infos[i])) != 0) {
            fail(c, "could not finish loading");
            c->loaded = 0;
            loaded--;
        }
    }
    return loaded;
}

void start_system(void)
{
    for (int prio = KAAL_SYSIMAGE_MAX_PRIORITY; prio >= 0; prio--)
        for (unsigned int i = 0; i < ncomps; i++)
            if (comps[i].loaded && comps[i].desc->priority == prio) {
                if (boot_verbose()) {
                    say("starting ");
                    kaal_debug_puts(comps[i].desc->name);
                    kaal_debug_puts(" (priority ");
                    kaal_debug_put_dec((seL4_Word)prio);
                    kaal_debug_puts(")\n");
                }
                seL4_TCB_Resume(comps[i].tcb);
            }
}
