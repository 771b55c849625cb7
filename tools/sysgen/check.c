/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The whole-system rules, run after parse.c has checked every value on
 * its own: names are unique and resolve, maps are aligned, inside the part
 * of the address space they may use and apart from one another, channel
 * ids are unique per component, protected calls go towards a higher
 * priority, no device range or IRQ is granted twice, and each ELF file is
 * read and handed to elf.c.  Pairs are compared directly (O(n^2)); systems are
 * small.  Values parse.c already refused are left alone here, so each
 * mistake is reported once.
 */
#include "sysgen.h"

#include <kaal/sysimage.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The index of the component called name, or -1; *hint gets a did-you-mean. */
static long find_component(const struct sg_system *s, const char *name, char *hint, size_t len)
{
    const char *names[KAAL_SYSIMAGE_MAX_COMPONENTS + 1];
    size_t n = 0;
    for (size_t i = 0; i < s->ncomponents; i++) {
        if (s->components[i].name && strcmp(s->components[i].name, name) == 0)
            return (long)i;
        if (n < KAAL_SYSIMAGE_MAX_COMPONENTS + 1)
            names[n++] = s->components[i].name;
    }
    sg_did_you_mean(hint, len, name, names, n, "declare it under 'components:'");
    return -1;
}

long sg_find_region(const struct sg_system *s, const char *name, char *hint, size_t len)
{
    const char **names = calloc(s->nregions + 1, sizeof(*names));
    long found = -1;
    for (size_t i = 0; i < s->nregions && found < 0; i++) {
        if (s->regions[i].name && strcmp(s->regions[i].name, name) == 0)
            found = (long)i;
        names[i] = s->regions[i].name;
    }
    if (found < 0)
        sg_did_you_mean(hint, len, name, names, s->nregions, "declare it under 'regions:'");
    free(names);
    return found;
}

static void check_names(struct sg_system *s)
{
    char hint[64];
    if (s->ncomponents > KAAL_SYSIMAGE_MAX_COMPONENTS)
        sg_error(s, s->components[KAAL_SYSIMAGE_MAX_COMPONENTS].at, "merge some components",
                 "more than %d components", KAAL_SYSIMAGE_MAX_COMPONENTS);
    for (size_t i = 0; i < s->ncomponents; i++)
        for (size_t j = 0; j < i && s->components[i].name; j++)
            if (s->components[j].name &&
                strcmp(s->components[i].name, s->components[j].name) == 0) {
                snprintf(hint, sizeof(hint), "rename one; the first is at line %u",
                         s->components[j].name_at.line);
                sg_error(s, s->components[i].name_at, hint, "component '%s' declared twice",
                         s->components[i].name);
                break;
            }
    for (size_t i = 0; i < s->nregions; i++)
        for (size_t j = 0; j < i && s->regions[i].name; j++)
            if (s->regions[j].name && strcmp(s->regions[i].name, s->regions[j].name) == 0) {
                snprintf(hint, sizeof(hint), "rename one; the first is at line %u",
                         s->regions[j].name_at.line);
                sg_error(s, s->regions[i].name_at, hint, "region '%s' declared twice",
                         s->regions[i].name);
                break;
            }
}

static void check_regions(struct sg_system *s)
{
    for (size_t i = 0; i < s->nregions; i++) {
        struct sg_region *r = &s->regions[i];
        if (r->size && r->size % r->page_size != 0)
            sg_error(s, r->size_at, "round the size up to a multiple of the page size",
                     "region size 0x%llx is not a multiple of its page size 0x%llx",
                     (unsigned long long)r->size, (unsigned long long)r->page_size);
        if (r->has_phys && r->phys % r->page_size != 0)
            sg_error(s, r->phys_at, "align the physical address to the page size",
                     "phys 0x%llx is not aligned to the page size 0x%llx",
                     (unsigned long long)r->phys, (unsigned long long)r->page_size);
    }
}

/* Resolves each map's region and checks its place in the address space. */
static void check_map_places(struct sg_system *s, struct sg_component *c)
{
    char hint[128];
    for (size_t i = 0; i < c->nmaps; i++) {
        struct sg_map *m = &c->maps[i];
        long r = -1;
        if (m->region && (r = sg_find_region(s, m->region, hint, sizeof(hint))) < 0)
            sg_error(s, m->region_at, hint, "unknown region '%s'", m->region);
        m->region_idx = r < 0 ? UINT32_MAX : (uint32_t)r;
        if (r < 0 || !m->vaddr_at.line)
            continue;
        const struct sg_region *rg = &s->regions[r];
        if (m->vaddr % rg->page_size != 0) {
            sg_error(s, m->vaddr_at, "align vaddr to the region's page size",
                     "vaddr 0x%llx is not aligned to the page size 0x%llx of region '%s'",
                     (unsigned long long)m->vaddr, (unsigned long long)rg->page_size, rg->name);
        } else if (m->vaddr < SG_USER_BASE || m->vaddr >= SG_RESERVED_BASE ||
                   rg->size > SG_RESERVED_BASE - m->vaddr) {
            snprintf(hint, sizeof(hint),
                     "maps must lie in 0x%llx..0x%llx; above is the stack and IPC buffer area",
                     SG_USER_BASE, SG_RESERVED_BASE);
            sg_error(
                s, m->vaddr_at, hint,
                "map of '%s' at 0x%llx (size 0x%llx) overlaps the stack/IPC buffer area or page 0",
                rg->name, (unsigned long long)m->vaddr, (unsigned long long)rg->size);
            m->region_idx = UINT32_MAX; /* keep it out of the overlap check */
        } else if (m->vaddr < SG_HEAP_BASE + c->heap && SG_HEAP_BASE < m->vaddr + rg->size) {
            snprintf(hint, sizeof(hint), "map it below 0x%llx or above 0x%llx", SG_HEAP_BASE,
                     SG_HEAP_BASE + c->heap);
            sg_error(s, m->vaddr_at, hint, "map of '%s' at 0x%llx overlaps the component's heap",
                     rg->name, (unsigned long long)m->vaddr);
        }
    }
}

static void check_maps(struct sg_system *s, struct sg_component *c)
{
    char hint[96];
    check_map_places(s, c);
    for (size_t i = 0; i < c->nmaps; i++)
        for (size_t j = 0; j < i; j++) {
            struct sg_map *a = &c->maps[i], *b = &c->maps[j];
            if (a->region_idx == UINT32_MAX || b->region_idx == UINT32_MAX)
                continue;
            if (sg_overlap(a->vaddr, s->regions[a->region_idx].size, b->vaddr,
                           s->regions[b->region_idx].size)) {
                snprintf(hint, sizeof(hint), "move one; the other map is at line %u", b->at.line);
                sg_error(s, a->vaddr_at, hint,
                         "map of '%s' at 0x%llx overlaps the map of '%s' at 0x%llx in '%s'",
                         a->region, (unsigned long long)a->vaddr, b->region,
                         (unsigned long long)b->vaddr, c->name ? c->name : "?");
                break;
            }
        }
}

/* One use of a channel id at one component, for the uniqueness check. */
struct id_use {
    uint32_t comp, id;
    struct sg_pos at;
};

static void check_ids(struct sg_system *s, struct id_use *uses, size_t n)
{
    char hint[96];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (uses[i].comp == uses[j].comp && uses[i].id == uses[j].id) {
                snprintf(hint, sizeof(hint), "pick an unused id; %u is taken at line %u",
                         uses[i].id, uses[j].at.line);
                sg_error(s, uses[i].at, hint, "channel id %u used twice in component '%s'",
                         uses[i].id, s->components[uses[i].comp].name);
                break;
            }
}

static void check_pp(struct sg_system *s, const struct sg_channel *ch)
{
    char hint[160];
    const struct sg_component *caller, *server;
    if (ch->pp == KAAL_SYSIMAGE_PP_NONE)
        return;
    if (!s->components[ch->ia].priority_at.line || !s->components[ch->ib].priority_at.line)
        return; /* a priority already reported as wrong */
    caller = &s->components[ch->pp == KAAL_SYSIMAGE_PP_A ? ch->ia : ch->ib];
    server = &s->components[ch->pp == KAAL_SYSIMAGE_PP_A ? ch->ib : ch->ia];
    if (caller->priority < server->priority)
        return;
    snprintf(hint, sizeof(hint),
             "a protected call must go to a higher-priority server: raise '%s' above %u, or "
             "swap pp",
             server->name, caller->priority);
    sg_error(s, ch->pp_at, hint,
             "privilege problem: '%s' (priority %u) may not call '%s' (priority %u)", caller->name,
             caller->priority, server->name, server->priority);
}

static void check_channels(struct sg_system *s, struct id_use *uses, size_t *nuses)
{
    char hint[96];
    for (size_t i = 0; i < s->nchannels; i++) {
        struct sg_channel *ch = &s->channels[i];
        long a = -1, b = -1;
        if (ch->a && (a = find_component(s, ch->a, hint, sizeof(hint))) < 0)
            sg_error(s, ch->a_at, hint, "unknown component '%s'", ch->a);
        if (ch->b && (b = find_component(s, ch->b, hint, sizeof(hint))) < 0)
            sg_error(s, ch->b_at, hint, "unknown component '%s'", ch->b);
        if (a < 0 || b < 0)
            continue;
        if (a == b) {
            sg_error(s, ch->b_at, "a channel joins two different components",
                     "channel from '%s' to itself", ch->a);
            continue;
        }
        ch->ia = (uint32_t)a, ch->ib = (uint32_t)b;
        if (ch->a_id_at.line)
            uses[(*nuses)++] = (struct id_use){ch->ia, ch->a_id, ch->a_id_at};
        if (ch->b_id_at.line)
            uses[(*nuses)++] = (struct id_use){ch->ib, ch->b_id, ch->b_id_at};
        check_pp(s, ch);
    }
}

/* Devices: one owner per MMIO range, I/O port range and IRQ; IRQ ids join the id check. */
static void check_devices(struct sg_system *s, struct id_use *uses, size_t *nuses)
{
    char hint[96];
    struct sg_device *prev = NULL;
    for (size_t c = 0; c < s->ncomponents; c++)
        for (size_t i = 0; i < s->components[c].ndevices; i++) {
            struct sg_device *d = &s->components[c].devices[i];
            if (d->has_irq && d->irq_id_at.line)
                uses[(*nuses)++] = (struct id_use){(uint32_t)c, d->irq_id, d->irq_id_at};
            for (size_t k = 0; k <= c; k++)
                for (size_t j = 0; j < s->components[k].ndevices; j++) {
                    prev = &s->components[k].devices[j];
                    if (prev == d)
                        goto next;
                    snprintf(hint, sizeof(hint), "grant it once; the other is '%s' at line %u",
                             prev->name ? prev->name : "?", prev->at.line);
                    if (d->kind == SG_DEV_MMIO && prev->kind == SG_DEV_MMIO && d->mmio_size &&
                        sg_overlap(d->mmio_phys, d->mmio_size, prev->mmio_phys, prev->mmio_size))
                        sg_error(s, d->kind_at, hint, "device MMIO range 0x%llx is granted twice",
                                 (unsigned long long)d->mmio_phys);
                    if (d->has_io && prev->has_io &&
                        sg_overlap(d->io_base, d->io_size, prev->io_base, prev->io_size))
                        sg_error(s, d->io_at, hint, "I/O ports 0x%x.. are granted twice",
                                 d->io_base);
                    if (d->has_irq && prev->has_irq && d->irq == prev->irq &&
                        d->irq < KAAL_SYSIMAGE_IRQ_MSI) /* a PCI device's own, not a line */
                        sg_error(s, d->irq_at, hint, "IRQ %u is used twice", d->irq);
                }
        next:;
        }
}

/* Reads component c's ELF file, relative to the description's directory (or --elf-dir), and
 * checks it. */
static void check_elf(struct sg_system *s, struct sg_component *c)
{
    char path[4096];
    sg_resolve_path(s, s->elf_dir, c->elf, path, sizeof(path));
    FILE *f = fopen(path, "rb");
    if (!f) {
        sg_error(s, c->elf_at,
                 s->elf_dir ? "the path is relative to the --elf-dir directory"
                            : "the path is relative to the system description's directory",
                 "cannot open ELF file '%s': %s", path, strerror(errno));
        return;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    c->elf_data = malloc(size > 0 ? (size_t)size : 1);
    c->elf_size = size > 0 && c->elf_data && fread(c->elf_data, 1, (size_t)size, f) == (size_t)size
                      ? (size_t)size
                      : 0;
    fclose(f);
    sg_check_elf(s, c, path);
}

/* Fixed physical ranges: phys regions must not overlap each other or a device's MMIO. */
static void check_phys(struct sg_system *s)
{
    char hint[96];
    for (size_t i = 0; i < s->nregions; i++) {
        const struct sg_region *r = &s->regions[i];
        if (!r->has_phys || !r->size)
            continue;
        for (size_t j = 0; j < i; j++) {
            const struct sg_region *o = &s->regions[j];
            if (o->has_phys && sg_overlap(r->phys, r->size, o->phys, o->size)) {
                snprintf(hint, sizeof(hint), "share one region instead; the other is '%s'",
                         o->name ? o->name : "?");
                sg_error(s, r->phys_at, hint, "region '%s' overlaps the physical memory of '%s'",
                         r->name ? r->name : "?", o->name ? o->name : "?");
            }
        }
        for (size_t c = 0; c < s->ncomponents; c++)
            for (size_t k = 0; k < s->components[c].ndevices; k++) {
                const struct sg_device *d = &s->components[c].devices[k];
                if (d->kind != SG_DEV_MMIO || !d->mmio_size ||
                    !sg_overlap(r->phys, r->size, d->mmio_phys, d->mmio_size))
                    continue;
                snprintf(hint, sizeof(hint), "device memory is granted to its driver only ('%s')",
                         s->components[c].name ? s->components[c].name : "?");
                sg_error(s, r->phys_at, hint, "region '%s' overlaps the MMIO of device '%s'",
                         r->name ? r->name : "?", d->name ? d->name : "?");
            }
    }
}

int sg_check(struct sg_system *s)
{
    size_t nuses = 0, cap = 2 * s->nchannels;
    for (size_t c = 0; c < s->ncomponents; c++)
        cap += s->components[c].ndevices;
    struct id_use *uses = calloc(cap + 1, sizeof(*uses));
    if (!uses) {
        perror("kaal-sysgen");
        exit(2);
    }
    check_names(s);
    check_regions(s);
    for (size_t c = 0; c < s->ncomponents; c++) {
        check_maps(s, &s->components[c]);
        if (s->check_files && s->components[c].elf)
            check_elf(s, &s->components[c]);
    }
    check_channels(s, uses, &nuses);
    check_devices(s, uses, &nuses);
    check_phys(s);
    sg_check_files(s);
    check_ids(s, uses, nuses);
    free(uses);
    return s->errors;
}
