/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Lays a checked system out as a system image (kaal/sysimage.h): the
 * header, the six tables one after another, then each component's ELF
 * file at the next 4 KiB boundary, then each region's data: likewise.
 * The file table holds every file service's mounts, then every client's
 * grants.  A component's maps and devices are
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

static size_t count_files(const struct sg_system *s)
{
    size_t n = 0;
    for (size_t c = 0; c < s->ncomponents; c++)
        n += s->components[c].nmounts;
    for (size_t i = 0; i < s->nchannels; i++)
        n += s->channels[i].nfiles;
    return n;
}

static void put_files(unsigned char *img, const struct kaal_sysimage_header *h,
                      const struct sg_system *s)
{
    struct kaal_sysimage_file *f = (struct kaal_sysimage_file *)(img + h->files.offset);
    for (size_t c = 0; c < s->ncomponents; c++)
        for (size_t i = 0; i < s->components[c].nmounts; i++, f++) {
            const struct sg_mount *m = &s->components[c].mounts[i];
            f->kind = KAAL_SYSIMAGE_FILE_MOUNT;
            f->component = (uint32_t)c;
            f->fs_type = m->type;
            f->flags = m->read_only ? 0 : KAAL_SYSIMAGE_FILE_WRITE;
            f->vaddr = m->vaddr, f->size = m->size;
            f->channel = (uint8_t)m->channel;
            snprintf(f->path, sizeof(f->path), "%s", m->path);
        }
    for (size_t i = 0; i < s->nchannels; i++) {
        const struct sg_channel *ch = &s->channels[i];
        bool a_calls = ch->pp == KAAL_SYSIMAGE_PP_A;
        for (size_t g = 0; g < ch->nfiles; g++, f++) {
            f->kind = KAAL_SYSIMAGE_FILE_GRANT;
            f->component = a_calls ? ch->ib : ch->ia;
            f->flags = ch->files[g].write ? KAAL_SYSIMAGE_FILE_WRITE : 0;
            f->vaddr = ch->buffer_vaddr, f->size = ch->buffer_size;
            f->channel = (uint8_t)(a_calls ? ch->b_id : ch->a_id);
            snprintf(f->path, sizeof(f->path), "%s", ch->files[g].path);
        }
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
    put_table(&h.files, &at, count_files(s), sizeof(struct kaal_sysimage_file));
    uint64_t elf_start = align_up(at, KAAL_SYSIMAGE_ELF_ALIGN), end = elf_start;
    for (size_t c = 0; c < s->ncomponents; c++)
        end = align_up(end + s->components[c].elf_size, KAAL_SYSIMAGE_ELF_ALIGN);
    uint64_t data_start = end;
    for (size_t i = 0; i < s->nregions; i++)
        end = align_up(end + s->regions[i].data_size, KAAL_SYSIMAGE_ELF_ALIGN);
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
    for (size_t i = 0, data_at = data_start; i < s->nregions; i++) {
        const struct sg_region *r = &s->regions[i];
        struct kaal_sysimage_region *o =
            (struct kaal_sysimage_region *)(img + h.regions.offset) + i;
        snprintf(o->name, sizeof(o->name), "%s", r->name);
        o->size = r->size, o->page_size = (uint32_t)r->page_size;
        o->phys = r->phys, o->flags = r->has_phys ? KAAL_SYSIMAGE_REGION_PHYS : 0;
        if (r->data_size) {
            o->data_offset = data_at, o->data_size = r->data_size;
            memcpy(img + data_at, r->data_bytes, r->data_size);
        }
        data_at = align_up(data_at + r->data_size, KAAL_SYSIMAGE_ELF_ALIGN);
    }
    put_files(img, &h, s);
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
