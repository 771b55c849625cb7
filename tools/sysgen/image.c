/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Lays a checked system out as a system image (kaal/sysimage.h): the
 * header, the five tables one after another, then each component's ELF
 * file at the next 4 KiB boundary.  A component's maps and devices are
 * written in declaration order, so its map and device ranges are
 * contiguous.  The host is little-endian (sysimage.h asserts it), so the
 * records are written as they are.
 */
#include "sysgen.h"

#include <kaal/sysimage.h>

#include <stdlib.h>
#include <string.h>

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

static void put_table(struct kaal_sysimage_table *t, uint64_t *at, size_t count, size_t rec)
{
    t->offset = (uint32_t)*at;
    t->count = (uint32_t)count;
    *at = align_up(*at + count * rec, 8);
}

static void put_component(unsigned char *img, const struct kaal_sysimage_header *h,
                          const struct sg_system *s, size_t ci, uint64_t elf_at, uint32_t *map_i,
                          uint32_t *dev_i)
{
    const struct sg_component *c = &s->components[ci];
    struct kaal_sysimage_component *o =
        (struct kaal_sysimage_component *)(img + h->components.offset) + ci;
    snprintf(o->name, sizeof(o->name), "%s", c->name);
    o->priority = (uint8_t)c->priority;
    o->grants = (uint8_t)((c->monitor ? KAAL_SYSIMAGE_GRANT_MONITOR : 0) |
                          (c->power ? KAAL_SYSIMAGE_GRANT_POWER : 0));
    o->stack_size = (uint32_t)c->stack;
    o->mem_quota = c->memory;
    o->heap_size = c->heap;
    o->elf_offset = elf_at;
    o->elf_size = c->elf_size;
    memcpy(img + elf_at, c->elf_data, c->elf_size);
    o->map_first = *map_i, o->map_count = (uint32_t)c->nmaps;
    o->device_first = *dev_i, o->device_count = (uint32_t)c->ndevices;
    for (size_t i = 0; i < c->nmaps; i++) {
        struct kaal_sysimage_map *m =
            (struct kaal_sysimage_map *)(img + h->maps.offset) + (*map_i)++;
        m->vaddr = c->maps[i].vaddr;
        m->region = c->maps[i].region_idx;
        m->component = (uint32_t)ci;
        m->perms = (uint8_t)c->maps[i].perms;
        m->cached = c->maps[i].cached;
    }
    for (size_t i = 0; i < c->ndevices; i++) {
        const struct sg_device *d = &c->devices[i];
        struct kaal_sysimage_device *o_d =
            (struct kaal_sysimage_device *)(img + h->devices.offset) + (*dev_i)++;
        snprintf(o_d->name, sizeof(o_d->name), "%s", d->name);
        o_d->component = (uint32_t)ci;
        o_d->kind = d->kind == SG_DEV_PCI ? KAAL_SYSIMAGE_DEV_PCI : KAAL_SYSIMAGE_DEV_MMIO;
        o_d->pci_vendor = d->vendor, o_d->pci_device = d->device;
        o_d->mmio_phys = d->mmio_phys, o_d->mmio_size = d->mmio_size;
        o_d->irq = d->has_irq ? d->irq : KAAL_SYSIMAGE_NO_IRQ;
        o_d->irq_id = (uint8_t)d->irq_id;
        o_d->ioport_base = (uint16_t)d->io_base, o_d->ioport_size = (uint16_t)d->io_size;
        o_d->dma_size = d->dma;
    }
}

unsigned char *sg_image(const struct sg_system *s, size_t *len)
{
    struct kaal_sysimage_header h = {.version = KAAL_SYSIMAGE_VERSION, .header_size = sizeof(h)};
    size_t nmaps = 0, ndevs = 0;
    uint64_t at = sizeof(h);
    for (size_t c = 0; c < s->ncomponents; c++)
        nmaps += s->components[c].nmaps, ndevs += s->components[c].ndevices;
    memcpy(h.magic, KAAL_SYSIMAGE_MAGIC, 8);
    put_table(&h.components, &at, s->ncomponents, sizeof(struct kaal_sysimage_component));
    put_table(&h.regions, &at, s->nregions, sizeof(struct kaal_sysimage_region));
    put_table(&h.maps, &at, nmaps, sizeof(struct kaal_sysimage_map));
    put_table(&h.channels, &at, s->nchannels, sizeof(struct kaal_sysimage_channel));
    put_table(&h.devices, &at, ndevs, sizeof(struct kaal_sysimage_device));
    uint64_t elf_start = align_up(at, KAAL_SYSIMAGE_ELF_ALIGN), end = elf_start;
    for (size_t c = 0; c < s->ncomponents; c++)
        end = align_up(end + s->components[c].elf_size, KAAL_SYSIMAGE_ELF_ALIGN);
    h.image_size = end;
    unsigned char *img = calloc(1, end);
    if (!img)
        return NULL;
    memcpy(img, &h, sizeof(h));

    uint32_t map_i = 0, dev_i = 0;
    for (size_t c = 0, elf_at = elf_start; c < s->ncomponents; c++) {
        put_component(img, &h, s, c, elf_at, &map_i, &dev_i);
        elf_at = align_up(elf_at + s->components[c].elf_size, KAAL_SYSIMAGE_ELF_ALIGN);
    }
    for (size_t i = 0; i < s->nregions; i++) {
        const struct sg_region *r = &s->regions[i];
        struct kaal_sysimage_region *o =
            (struct kaal_sysimage_region *)(img + h.regions.offset) + i;
        snprintf(o->name, sizeof(o->name), "%s", r->name);
        o->size = r->size, o->page_size = (uint32_t)r->page_size;
        o->phys = r->phys, o->flags = r->has_phys ? KAAL_SYSIMAGE_REGION_PHYS : 0;
    }
    for (size_t i = 0; i < s->nchannels; i++) {
        const struct sg_channel *ch = &s->channels[i];
        struct kaal_sysimage_channel *o =
            (struct kaal_sysimage_channel *)(img + h.channels.offset) + i;
        o->a = ch->ia, o->b = ch->ib;
        o->a_id = (uint8_t)ch->a_id, o->b_id = (uint8_t)ch->b_id, o->pp = (uint8_t)ch->pp;
    }
    *len = end;
    return img;
}
