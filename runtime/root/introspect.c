/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the broker tells a component granted `monitor: true` about the
 * whole system (a shell's ps, caps and mem; <kaal/broker.h>):
 *
 *   PS    one component per request, by id: its name, priority, state and,
 *         if a fault stopped it, that fault as the root server logged it;
 *   CAPS  one entry per request of what the root server gave a component,
 *         decoded from the root's own records rather than read back from
 *         the component's CNode: the fixed caps of the layout, then its
 *         channels' caps, IRQ handlers and I/O ports, then its mappings
 *         (runtime pages, ELF, regions, device memory, DMA, allocations);
 *   MEM   the untyped pool and the memory quotas.
 *
 * Everything here only reads.  broker.c has checked the grant; these
 * requests name other components, so the grant is what keeps them from
 * every component that has no business knowing.  The results go into the
 * ops' result structs; the generated dispatch puts them in the reply.
 */
#include "introspect.h"

#include "alloc.h"
#include "devices.h"
#include "loader.h"
#include "report.h"

#include <kaal/broker.h>

/* A region's perms go to the caps entry as they are in the image. */
_Static_assert(KAAL_SYSIMAGE_PERM_R == KAAL_CAP_REGION_R &&
                   KAAL_SYSIMAGE_PERM_W == KAAL_CAP_REGION_W &&
                   KAAL_SYSIMAGE_PERM_X == KAAL_CAP_REGION_X,
               "the image's perms are the caps entry's bits");

/* Copies the text s into out, which holds size bytes, cut short and NUL-terminated. */
static void copy_text(char *out, unsigned long size, const char *s)
{
    unsigned long i = 0;

    for (; s && s[i] && i + 1 < size; i++)
        out[i] = s[i];
    out[i] = '\0';
}

int introspect_ps(seL4_Word n, struct kaal_broker_ps_out *out)
{
    const struct comp *c = comp_at(n);

    if (!c)
        return -KAAL_EINVAL; /* the end of the list */
    seL4_Word state = !c->loaded   ? KAAL_PS_NOT_LOADED
                      : c->exited  ? KAAL_PS_EXITED
                      : c->stopped ? KAAL_PS_FAULTED
                                   : KAAL_PS_RUNNING;

    out->id = c->id;
    out->priority = c->desc->priority;
    out->state = state;
    out->fault = c->stopped ? c->fault_label : 0;
    out->fault_addr = c->stopped ? c->fault_addr : 0;
    out->quota = c->desc->mem_quota;
    out->quota_left = c->loaded ? c->quota_left : c->desc->mem_quota;
    copy_text(out->name, sizeof(out->name), c->desc->name);
    copy_text(out->fault_text, sizeof(out->fault_text), c->stopped ? c->fault_text : "");
    return 0;
}

/* A walk over a component's entries that stops at the nth, which goes into out. */
struct walk {
    seL4_Word n;
    int found;
    struct kaal_broker_caps_out *out;
};

/* Counts one entry; if it is the one asked for, puts it in the reply. */
static void entry(struct walk *w, seL4_Word kind, seL4_Word slot, seL4_Word a, seL4_Word b,
                  seL4_Word c, const char *name)
{
    if (w->found || w->n-- != 0)
        return;
    w->found = 1;
    w->out->kind = kind;
    w->out->slot = slot;
    w->out->a = a;
    w->out->b = b;
    w->out->c = c;
    copy_text(w->out->name, sizeof(w->out->name), name);
}

/* The layout's fixed caps (loader.c's fixed_slots). */
static void fixed_caps(struct walk *w, const struct comp *c)
{
    entry(w, KAAL_CAP_INPUT_EP, KAAL_SLOT_INPUT_EP, 0, 0, 0, 0);
    entry(w, KAAL_CAP_NTFN, KAAL_SLOT_INPUT_NTF, 0, 0, 0, 0);
    entry(w, KAAL_CAP_TCB, KAAL_SLOT_TCB, c->desc->priority, 0, 0, 0);
    entry(w, KAAL_CAP_VSPACE, KAAL_SLOT_VSPACE, 0, 0, 0, 0);
    entry(w, KAAL_CAP_CNODE, KAAL_SLOT_CNODE, 1ul << KAAL_CNODE_RADIX, 0, 0, 0);
    entry(w, KAAL_CAP_BROKER, KAAL_SLOT_BROKER, KAAL_BROKER_BADGE(c->id), c->desc->grants, 0, 0);
    entry(w, KAAL_CAP_FAULT_EP, KAAL_SLOT_FAULT_EP, KAAL_FAULT_BADGE(c->id), 0, 0, 0);
}

/* c's channel caps (loader.c's channel_end): calls 0 for the notifications, 1 for the calls. */
static void channel_caps(struct walk *w, const struct comp *c, int calls)
{
    const struct kaal_sysimage_header *h = sys_header();
    const struct kaal_sysimage_channel *ch = sys_channels();

    for (uint32_t i = 0; i < h->channels.count; i++, ch++) {
        int is_a = ch->a == c->id;
        if (!is_a && ch->b != c->id)
            continue;
        const struct comp *peer = comp_at(is_a ? ch->b : ch->a);
        seL4_Word id = is_a ? ch->a_id : ch->b_id, peer_id = is_a ? ch->b_id : ch->a_id;
        if (!peer->loaded)
            continue; /* not connected */
        if (!calls)
            entry(w, KAAL_CAP_NOTIFY, KAAL_SLOT_NOTIFY_BASE + id, id, KAAL_NTF_BADGE(peer_id), 0,
                  peer->desc->name);
        else if (ch->pp == (is_a ? KAAL_SYSIMAGE_PP_A : KAAL_SYSIMAGE_PP_B))
            entry(w, KAAL_CAP_PPCALL, KAAL_SLOT_PPC_BASE + id, id, KAAL_PPC_BADGE(peer_id), 0,
                  peer->desc->name);
    }
}

/* What the broker has granted c at run time: IRQ handlers and I/O port caps. */
static void granted_caps(struct walk *w, const struct comp *c)
{
    for (seL4_Word i = 0; i < c->desc->device_count && i < 64; i++) {
        const struct kaal_sysimage_device *d = comp_device(c, i);
        if (c->irq_done & (1ull << i))
            entry(w, KAAL_CAP_IRQ, KAAL_SLOT_IRQ_BASE + d->irq_id, d->irq_id, c->irq_where[i],
                  c->irq_kind[i], d->name);
    }
    for (seL4_Word i = 0; i < c->desc->device_count && i < 64; i++) {
        const struct kaal_sysimage_device *d = comp_device(c, i);
        if (c->ioport_done & (1ull << i))
            entry(w, KAAL_CAP_IOPORT, c->ioport_slot[i], c->ioport_base[i], c->ioport_last[i] + 1ul,
                  0, d->name);
    }
}

/* c's mappings: the runtime's pages, its ELF, its regions, then what the broker mapped. */
static void mappings(struct walk *w, const struct comp *c)
{
    const struct kaal_sysimage_map *m = sys_maps();
    const struct kaal_sysimage_region *r = sys_regions();

    entry(w, KAAL_CAP_IPC_BUFFER, 0, KAAL_IPC_BUFFER_VADDR, PAGE_SIZE, 0, 0);
    entry(w, KAAL_CAP_INFO_PAGE, 0, KAAL_COMPONENT_INFO_VADDR, PAGE_SIZE, 0, 0);
    entry(w, KAAL_CAP_STACK, 0, KAAL_STACK_TOP - c->desc->stack_size, c->desc->stack_size, 0, 0);
    entry(w, KAAL_CAP_ELF, 0, c->used[0].va, c->used[0].size, 0, 0); /* the loader's first claim */
    for (uint32_t i = c->desc->map_first; i < c->desc->map_first + c->desc->map_count; i++)
        entry(w, KAAL_CAP_REGION, 0, m[i].vaddr, r[m[i].region].size,
              m[i].perms | (m[i].cached ? KAAL_CAP_REGION_CACHED : 0u), r[m[i].region].name);
    for (seL4_Word i = 0; i < c->desc->device_count && i < 64; i++) {
        const struct kaal_sysimage_device *d = comp_device(c, i);
        if (c->bars_done[i])
            entry(w, KAAL_CAP_MMIO, 0, d->kind == KAAL_SYSIMAGE_DEV_PCI ? c->bars_done[i] : 0, 0, 0,
                  d->name);
        if (c->dma_done & (1ull << i))
            entry(w, KAAL_CAP_DMA, 0, 0, d->dma_size, dev_iommu_domain(c, i), d->name);
    }
    for (unsigned int i = 0; i < ROOT_MAX_ALLOCS; i++)
        if (c->allocs[i].pages)
            entry(w, KAAL_CAP_MEMORY, 0, c->allocs[i].vaddr, c->allocs[i].pages * PAGE_SIZE, 0, 0);
}

int introspect_caps(const struct comp *asker, seL4_Word id, seL4_Word n,
                    struct kaal_broker_caps_out *out)
{
    struct walk w = {.n = n, .out = out};

    const struct comp *c = comp_at(id);

    if (!c)
        return report_refusal(asker, KAAL_BROKER_CAPS, -KAAL_EINVAL, "no component has that id");
    if (c->loaded) {
        fixed_caps(&w, c);
        channel_caps(&w, c, 0);
        channel_caps(&w, c, 1);
        granted_caps(&w, c);
        mappings(&w, c);
    }
    if (!w.found)
        return -KAAL_EINVAL; /* past the last: the end of the list */
    return 0;
}

int introspect_mem(struct kaal_broker_mem_out *out)
{
    struct alloc_stats st;
    seL4_Word quotas = 0, used = 0;

    alloc_stats(&st);
    for (unsigned int i = 0; i < comp_count(); i++)
        if (comp_at(i)->loaded) {
            quotas += comp_at(i)->desc->mem_quota;
            used += comp_at(i)->desc->mem_quota - comp_at(i)->quota_left;
        }
    out->total = st.total;
    out->free = st.free;
    out->untypeds = st.untypeds;
    out->with_room = st.with_room;
    out->device = st.device;
    out->quotas = quotas;
    out->quota_used = used;
    return 0;
}
