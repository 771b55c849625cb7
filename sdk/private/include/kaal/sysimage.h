/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The system image: what `kaal-sysgen` (tools/sysgen) makes from a system
 * description (docs/system-description.md) and what the root server loads.
 *
 * Layout, all little-endian, every record a fixed size:
 *
 *   struct kaal_sysimage_header         at offset 0
 *   component, region, map, channel, device and file tables, each found
 *   through the header's {offset, count}, 8-byte aligned
 *   the components' ELF files, each 4 KiB aligned, found through
 *   kaal_sysimage_component.elf_offset/elf_size
 *   the regions' initial contents (`data:`), each 4 KiB aligned, found
 *   through kaal_sysimage_region.data_offset/data_size
 *
 * Records refer to one another by index (a map names its region and its
 * component by their index in those tables).  The root server trusts
 * nothing in an image it has not passed through sysimage_check(), which
 * checks every offset, size, index and name against the image's bounds.
 * sysimage_check is freestanding (no C library) so the root server can use
 * it as it is; the host tests and a fuzz target run the same code.
 */
#pragma once

#include <stdint.h>

#define KAAL_SYSIMAGE_MAGIC     "KAALSYS1" /* 8 bytes, no NUL in the image */
#define KAAL_SYSIMAGE_VERSION   5          /* 5: the file table, region contents */
#define KAAL_SYSIMAGE_NAME_LEN  32         /* names are NUL-terminated within this */
#define KAAL_SYSIMAGE_PATH_LEN  128        /* file paths likewise: absolute, at most 127 bytes */
#define KAAL_SYSIMAGE_ELF_ALIGN 4096

/* Limits on the counts; sysimage_check refuses an image above them. */
#define KAAL_SYSIMAGE_MAX_COMPONENTS 254
#define KAAL_SYSIMAGE_MAX_RECORDS    4096 /* regions, maps, channels, devices */

#define KAAL_SYSIMAGE_MAX_PRIORITY  254          /* 255 is the root server's */
#define KAAL_SYSIMAGE_MAX_CHANNEL   62           /* channel ids 0..62 per component */
#define KAAL_SYSIMAGE_MAX_MEM_QUOTA (1ull << 30) /* kaal_sysimage_component.mem_quota */

/* Map permissions (kaal_sysimage_map.perms). */
#define KAAL_SYSIMAGE_PERM_R 1u
#define KAAL_SYSIMAGE_PERM_W 2u
#define KAAL_SYSIMAGE_PERM_X 4u

/* Which end of a channel may make protected calls (kaal_sysimage_channel.pp). */
#define KAAL_SYSIMAGE_PP_NONE 0u
#define KAAL_SYSIMAGE_PP_A    1u /* a calls b */
#define KAAL_SYSIMAGE_PP_B    2u /* b calls a */

/* Device kinds (kaal_sysimage_device.kind). */
#define KAAL_SYSIMAGE_DEV_PCI  1u
#define KAAL_SYSIMAGE_DEV_MMIO 2u

#define KAAL_SYSIMAGE_NO_IRQ   0xffffffffu /* kaal_sysimage_device.irq when it has none */
#define KAAL_SYSIMAGE_IRQ_INTX 0xfffffffeu /* irq: intx, the PCI device's own INTx line */
#define KAAL_SYSIMAGE_IRQ_MSI  0xfffffffdu /* irq: msi, a message-signalled interrupt */

/* Component grants (kaal_sysimage_component.grants), from `monitor: true` and `power: true`. */
#define KAAL_SYSIMAGE_GRANT_MONITOR 1u /* KAAL_BROKER_PS, _CAPS and _MEM */
#define KAAL_SYSIMAGE_GRANT_POWER   2u /* KAAL_BROKER_POWER */
#define KAAL_SYSIMAGE_GRANTS        3u /* every grant there is */

/* Region flags. */
#define KAAL_SYSIMAGE_REGION_PHYS 1u /* phys is a fixed physical address (device memory) */

/*
 * File records (kaal_sysimage_file.kind): what a file service serves and to
 * whom.  A mount is one of the service's `mounts:`; a grant is one path a
 * client may reach, from the client's channel's `files:`.
 */
#define KAAL_SYSIMAGE_FILE_MOUNT 1u
#define KAAL_SYSIMAGE_FILE_GRANT 2u
/* Mount types (kaal_sysimage_file.fs_type). */
#define KAAL_SYSIMAGE_FS_CPIO                                                                      \
    1u                            /* a read-only cpio (newc) archive in a region the service maps  \
                                   */
#define KAAL_SYSIMAGE_FS_RAMFS 2u /* a RAM file system of size bytes */
#define KAAL_SYSIMAGE_FS_EXT2  3u /* ext2 on the block device behind the service's channel */
/* kaal_sysimage_file.flags. */
#define KAAL_SYSIMAGE_FILE_WRITE 1u /* a read-write mount or grant; without it, read-only */

struct kaal_sysimage_table {
    uint32_t offset; /* from the start of the image */
    uint32_t count;
} __attribute__((packed));

struct kaal_sysimage_header {
    char magic[8]; /* KAAL_SYSIMAGE_MAGIC */
    uint32_t version;
    uint32_t header_size; /* sizeof(struct kaal_sysimage_header) */
    uint64_t image_size;  /* the whole image, ELF files included */
    struct kaal_sysimage_table components, regions, maps, channels, devices, files;
} __attribute__((packed));

struct kaal_sysimage_component {
    char name[KAAL_SYSIMAGE_NAME_LEN];
    uint8_t priority; /* 0..254 */
    uint8_t grants;   /* KAAL_SYSIMAGE_GRANT_*: the broker's introspection and power requests */
    uint8_t pad[2];
    uint32_t stack_size; /* bytes, a multiple of 4 KiB */
    uint64_t elf_offset; /* 4 KiB aligned */
    uint64_t elf_size;
    uint32_t map_first, map_count;       /* its maps: maps[map_first .. +map_count) */
    uint32_t device_first, device_count; /* its devices, likewise */
    uint64_t mem_quota; /* bytes the memory manager may give it at run time, a multiple of 4 KiB */
    uint64_t heap_size; /* bytes of it the C library's heap takes at start, a multiple of 4 KiB */
} __attribute__((packed));

struct kaal_sysimage_region {
    char name[KAAL_SYSIMAGE_NAME_LEN];
    uint64_t size;      /* a multiple of page_size */
    uint64_t phys;      /* when flags has KAAL_SYSIMAGE_REGION_PHYS */
    uint32_t page_size; /* 4096 or 2 MiB */
    uint32_t flags;
    uint64_t data_offset; /* its initial contents, 4 KiB aligned; 0 (and data_size 0) for none */
    uint64_t data_size;   /* at most size; the rest of the region is zeroes */
} __attribute__((packed));

struct kaal_sysimage_map {
    uint64_t vaddr;
    uint32_t region;    /* index into regions */
    uint32_t component; /* index into components: the one that maps it */
    uint8_t perms;      /* KAAL_SYSIMAGE_PERM_* */
    uint8_t cached;     /* 0 for uncached (device memory) */
    uint8_t pad[6];
} __attribute__((packed));

struct kaal_sysimage_channel {
    uint32_t a, b;      /* component indexes, a != b */
    uint8_t a_id, b_id; /* the channel's id at each end, 0..62 */
    uint8_t pp;         /* KAAL_SYSIMAGE_PP_* */
    uint8_t pad[5];
} __attribute__((packed));

struct kaal_sysimage_device {
    char name[KAAL_SYSIMAGE_NAME_LEN];
    uint32_t component;                /* the component (driver) it is granted to */
    uint32_t kind;                     /* KAAL_SYSIMAGE_DEV_* */
    uint16_t pci_vendor, pci_device;   /* PCI */
    uint32_t irq;                      /* KAAL_SYSIMAGE_NO_IRQ or the IRQ line */
    uint64_t mmio_phys, mmio_size;     /* MMIO (0 size for a PCI device) */
    uint16_t ioport_base, ioport_size; /* size 0: no I/O ports */
    uint8_t irq_id;                    /* the channel id the IRQ arrives on */
    uint8_t pad[3];
    uint64_t dma_size; /* bytes of DMA memory; 0 for none */
} __attribute__((packed));

/*
 * A file record, for the file service `component`.  A mount: fs_type, and
 * for cpio the archive's place in the service's address space (vaddr, size:
 * the map of the region that holds it), for ramfs its size, for ext2 the
 * service's channel to the block driver.  A grant: the client's channel id
 * at the service, and the client's buffer as the service maps it (vaddr,
 * size).  path is absolute and normalised: no '.', '..', '//' or trailing
 * '/'.
 */
struct kaal_sysimage_file {
    uint32_t kind;      /* KAAL_SYSIMAGE_FILE_* */
    uint32_t component; /* the file service */
    uint32_t fs_type;   /* KAAL_SYSIMAGE_FS_*, for a mount */
    uint32_t flags;     /* KAAL_SYSIMAGE_FILE_WRITE */
    uint64_t vaddr, size;
    uint8_t channel;
    uint8_t pad[7];
    char path[KAAL_SYSIMAGE_PATH_LEN];
} __attribute__((packed));

_Static_assert(sizeof(struct kaal_sysimage_header) == 72, "header layout");
_Static_assert(sizeof(struct kaal_sysimage_component) == 88, "component layout");
_Static_assert(sizeof(struct kaal_sysimage_region) == 72, "region layout");
_Static_assert(sizeof(struct kaal_sysimage_map) == 24, "map layout");
_Static_assert(sizeof(struct kaal_sysimage_channel) == 16, "channel layout");
_Static_assert(sizeof(struct kaal_sysimage_device) == 80, "device layout");
_Static_assert(sizeof(struct kaal_sysimage_file) == 168, "file layout");
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the image is little-endian");

/* ---- sysimage_check ---------------------------------------------------------- */

/* True if [off, off + len) lies within size, without overflow. */
static inline int sysimage_in_bounds_(uint64_t off, uint64_t len, uint64_t size)
{
    return off <= size && len <= size - off;
}

/* True if name is non-empty and NUL-terminated within its field. */
static inline int sysimage_name_ok_(const char *name)
{
    if (name[0] == '\0')
        return 0;
    for (int i = 1; i < KAAL_SYSIMAGE_NAME_LEN; i++)
        if (name[i] == '\0')
            return 1;
    return 0;
}

/* True if table t of count records of rec bytes each lies in the image, aligned. */
static inline int sysimage_table_ok_(const struct kaal_sysimage_table *t, uint64_t rec,
                                     uint32_t max, uint64_t size)
{
    return t->count <= max && t->offset % 8 == 0 &&
           t->offset >= sizeof(struct kaal_sysimage_header) &&
           sysimage_in_bounds_(t->offset, rec * t->count, size);
}

static inline int sysimage_components_ok_(const unsigned char *img, uint64_t size,
                                          const struct kaal_sysimage_header *h, const char **why)
{
    const struct kaal_sysimage_component *c = (const void *)(img + h->components.offset);
    for (uint32_t i = 0; i < h->components.count; i++, c++) {
        *why = "component name empty or not NUL-terminated";
        if (!sysimage_name_ok_(c->name))
            return -1;
        *why = "component priority above 254";
        if (c->priority > KAAL_SYSIMAGE_MAX_PRIORITY)
            return -1;
        *why = "component grants unknown";
        if (c->grants & ~KAAL_SYSIMAGE_GRANTS)
            return -1;
        *why = "component stack size zero or not a multiple of 4 KiB";
        if (c->stack_size == 0 || c->stack_size % 4096 != 0)
            return -1;
        *why = "component mem_quota not a multiple of 4 KiB or above 1 GiB";
        if (c->mem_quota % 4096 != 0 || c->mem_quota > KAAL_SYSIMAGE_MAX_MEM_QUOTA)
            return -1;
        *why = "component heap_size not a multiple of 4 KiB or above its mem_quota";
        if (c->heap_size % 4096 != 0 || c->heap_size > c->mem_quota)
            return -1;
        *why = "component ELF outside the image or not 4 KiB aligned";
        if (c->elf_offset == 0 || c->elf_offset % KAAL_SYSIMAGE_ELF_ALIGN != 0 ||
            c->elf_size == 0 || !sysimage_in_bounds_(c->elf_offset, c->elf_size, size))
            return -1;
        *why = "component map range outside the map table";
        if (!sysimage_in_bounds_(c->map_first, c->map_count, h->maps.count))
            return -1;
        *why = "component device range outside the device table";
        if (!sysimage_in_bounds_(c->device_first, c->device_count, h->devices.count))
            return -1;
        *why = "a map or device in a component's range belongs to another component";
        const struct kaal_sysimage_map *m = (const void *)(img + h->maps.offset);
        for (uint32_t j = c->map_first; j < c->map_first + c->map_count; j++)
            if (m[j].component != i)
                return -1;
        const struct kaal_sysimage_device *d = (const void *)(img + h->devices.offset);
        for (uint32_t j = c->device_first; j < c->device_first + c->device_count; j++)
            if (d[j].component != i)
                return -1;
    }
    return 0;
}

/* True if path is absolute, normalised (no empty, '.' or '..' part, no trailing '/') and
 * NUL-terminated within its field. */
static inline int sysimage_path_ok_(const char *path)
{
    int i = 1;

    if (path[0] != '/')
        return 0;
    if (path[1] == '\0')
        return 1;
    while (i < KAAL_SYSIMAGE_PATH_LEN) {
        int start = i;
        while (i < KAAL_SYSIMAGE_PATH_LEN && path[i] != '/' && path[i] != '\0')
            i++;
        if (i == KAAL_SYSIMAGE_PATH_LEN || i == start ||
            (path[start] == '.' && (i - start == 1 || (i - start == 2 && path[start + 1] == '.'))))
            return 0;
        if (path[i] == '\0')
            return 1;
        i++;
    }
    return 0;
}

static inline int sysimage_files_ok_(const unsigned char *img, const struct kaal_sysimage_header *h,
                                     const char **why)
{
    const struct kaal_sysimage_file *f = (const void *)(img + h->files.offset);
    for (uint32_t i = 0; i < h->files.count; i++, f++) {
        *why = "file record of unknown kind, for a component outside the table, or bad flags";
        if ((f->kind != KAAL_SYSIMAGE_FILE_MOUNT && f->kind != KAAL_SYSIMAGE_FILE_GRANT) ||
            f->component >= h->components.count || f->flags & ~KAAL_SYSIMAGE_FILE_WRITE)
            return -1;
        *why = "file record path not absolute, not normalised or not NUL-terminated";
        if (!sysimage_path_ok_(f->path))
            return -1;
        *why = "mount of unknown type, or a grant or ext2 mount with a bad channel id";
        if ((f->kind == KAAL_SYSIMAGE_FILE_MOUNT &&
             (f->fs_type < KAAL_SYSIMAGE_FS_CPIO || f->fs_type > KAAL_SYSIMAGE_FS_EXT2)) ||
            f->channel > KAAL_SYSIMAGE_MAX_CHANNEL)
            return -1;
    }
    return 0;
}

static inline int sysimage_records_ok_(const unsigned char *img, uint64_t size,
                                       const struct kaal_sysimage_header *h, const char **why)
{
    uint32_t ncomp = h->components.count;
    const struct kaal_sysimage_region *r = (const void *)(img + h->regions.offset);
    for (uint32_t i = 0; i < h->regions.count; i++, r++) {
        *why = "region name empty or not NUL-terminated";
        if (!sysimage_name_ok_(r->name))
            return -1;
        *why = "region page size not 4 KiB or 2 MiB, or size not a multiple of it";
        if ((r->page_size != 4096 && r->page_size != (2u << 20)) || r->size == 0 ||
            r->size % r->page_size != 0)
            return -1;
        *why = "region contents outside the image, unaligned, larger than the region, on "
               "device memory or in 2 MiB pages";
        if (r->data_size &&
            (r->data_offset % KAAL_SYSIMAGE_ELF_ALIGN != 0 || r->data_offset < sizeof(*h) ||
             r->data_size > r->size || !sysimage_in_bounds_(r->data_offset, r->data_size, size) ||
             (r->flags & KAAL_SYSIMAGE_REGION_PHYS) || r->page_size != 4096))
            return -1;
    }
    const struct kaal_sysimage_map *m = (const void *)(img + h->maps.offset);
    for (uint32_t i = 0; i < h->maps.count; i++, m++) {
        *why = "map refers to a region or component outside the tables, or bad perms";
        if (m->region >= h->regions.count || m->component >= ncomp || m->perms > 7)
            return -1;
    }
    const struct kaal_sysimage_channel *ch = (const void *)(img + h->channels.offset);
    for (uint32_t i = 0; i < h->channels.count; i++, ch++) {
        *why = "channel end outside the component table, to itself, or a bad id or pp";
        if (ch->a >= ncomp || ch->b >= ncomp || ch->a == ch->b ||
            ch->a_id > KAAL_SYSIMAGE_MAX_CHANNEL || ch->b_id > KAAL_SYSIMAGE_MAX_CHANNEL ||
            ch->pp > KAAL_SYSIMAGE_PP_B)
            return -1;
    }
    const struct kaal_sysimage_device *d = (const void *)(img + h->devices.offset);
    for (uint32_t i = 0; i < h->devices.count; i++, d++) {
        *why = "device name empty or not NUL-terminated";
        if (!sysimage_name_ok_(d->name))
            return -1;
        *why = "device component outside the table, bad kind or bad IRQ channel id";
        if (d->component >= ncomp ||
            (d->kind != KAAL_SYSIMAGE_DEV_PCI && d->kind != KAAL_SYSIMAGE_DEV_MMIO) ||
            (d->irq != KAAL_SYSIMAGE_NO_IRQ && d->irq_id > KAAL_SYSIMAGE_MAX_CHANNEL))
            return -1;
    }
    return sysimage_files_ok_(img, h, why);
}

/*
 * Checks that the size bytes at image are a system image whose every
 * offset, size, index and name lies within it.  Returns 0 if so; otherwise
 * -1 with *why (never NULL) saying what is wrong.  image must be 8-byte
 * aligned.  It does not check the ELF files themselves: the loader's ELF
 * check does that.
 */
static inline int sysimage_check(const void *image, uint64_t size, const char **why)
{
    const unsigned char *img = image;
    const struct kaal_sysimage_header *h = image;
    const char *magic = KAAL_SYSIMAGE_MAGIC;

    *why = "image smaller than its header";
    if (size < sizeof(*h))
        return -1;
    *why = "bad magic (not a KAALSYS1 image)";
    for (int i = 0; i < 8; i++)
        if (img[i] != (unsigned char)magic[i])
            return -1;
    *why = "unknown version";
    if (h->version != KAAL_SYSIMAGE_VERSION || h->header_size != sizeof(*h))
        return -1;
    *why = "image_size larger than the image (truncated?)";
    if (h->image_size > size)
        return -1;
    size = h->image_size;
    *why = "a table lies outside the image, is misaligned or too long";
    if (!sysimage_table_ok_(&h->components, sizeof(struct kaal_sysimage_component),
                            KAAL_SYSIMAGE_MAX_COMPONENTS, size) ||
        !sysimage_table_ok_(&h->regions, sizeof(struct kaal_sysimage_region),
                            KAAL_SYSIMAGE_MAX_RECORDS, size) ||
        !sysimage_table_ok_(&h->maps, sizeof(struct kaal_sysimage_map), KAAL_SYSIMAGE_MAX_RECORDS,
                            size) ||
        !sysimage_table_ok_(&h->channels, sizeof(struct kaal_sysimage_channel),
                            KAAL_SYSIMAGE_MAX_RECORDS, size) ||
        !sysimage_table_ok_(&h->devices, sizeof(struct kaal_sysimage_device),
                            KAAL_SYSIMAGE_MAX_RECORDS, size) ||
        !sysimage_table_ok_(&h->files, sizeof(struct kaal_sysimage_file), KAAL_SYSIMAGE_MAX_RECORDS,
                            size))
        return -1;
    if (sysimage_components_ok_(img, size, h, why) != 0)
        return -1;
    return sysimage_records_ok_(img, size, h, why);
}
