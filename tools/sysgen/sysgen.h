/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kaal-sysgen: reads a system description (YAML, docs/system-description.md)
 * and writes the system image the root server loads (kaal/sysimage.h).
 *
 * Three steps and the ELF check, each its own file:
 *
 *   parse.c   YAML -> struct sg_system: keys, types and ranges, with the
 *             line and column of every value kept for later messages
 *   check.c   the whole-system rules: names resolve, no duplicates, maps
 *             aligned and apart, channel ids unique, pp towards a higher
 *             priority, devices and IRQs not shared
 *   files.c   the file service's rules: mounts, clients' grants and
 *             buffers, and the regions' contents files
 *   elf.c     each component's ELF file: an x86_64 static executable whose
 *             segments lie in the user part of the address space, clear
 *             of the component's maps
 *   image.c   struct sg_system -> the image bytes
 *
 * Every problem is reported as "file:line:col: error: ..." followed by a
 * "  hint: ..." line; all of them are reported, not just the first, in the
 * order of the file (sg_report sorts them).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <yaml.h>

#define SG_NAME_MAX 31 /* bytes; the image keeps names in 32 with the NUL */

/*
 * Each component's stack and IPC buffer live in the top of user space,
 * [SG_RESERVED_BASE, SG_USER_TOP); no map may reach into it (see the
 * address-space section of docs/system-description.md).
 */
#define SG_USER_TOP      0x800000000000ull
#define SG_RESERVED_BASE 0x7fff00000000ull
#define SG_USER_BASE     0x1000ull         /* page 0 stays unmapped */
#define SG_HEAP_BASE     0x7f0000000000ull /* KAAL_HEAP_VADDR: `heap:` bytes from here */
#define SG_STACK_MAX     (256ull << 20)    /* fits the reserved area with room */
#define SG_MAX_SEGMENTS  16                /* PT_LOADs per ELF file: what the loader takes */

struct sg_pos {
    unsigned line, col; /* 1-based */
};

struct sg_map {
    const char *region;
    uint32_t region_idx;
    uint64_t vaddr;
    unsigned perms; /* KAAL_SYSIMAGE_PERM_* */
    bool cached;
    struct sg_pos at, region_at, vaddr_at;
};

/* An ISA device has only fixed ports and an IRQ: the image holds it as a fixed (MMIO) device
 * whose MMIO range is empty, which the broker refuses to map. */
enum sg_dev_kind { SG_DEV_PCI = 1, SG_DEV_MMIO = 2, SG_DEV_ISA = 3 };

struct sg_device {
    const char *name;
    enum sg_dev_kind kind;
    uint16_t vendor, device;
    uint64_t mmio_phys, mmio_size;
    bool has_irq, has_io;
    uint32_t irq, irq_id;
    uint32_t io_base, io_size;
    uint64_t dma;
    struct sg_pos at, name_at, kind_at, irq_at, irq_id_at, io_at;
};

/* A file service's mount (`mounts:`); vaddr and size are resolved by files.c. */
struct sg_mount {
    const char *path;
    unsigned type;      /* KAAL_SYSIMAGE_FS_* */
    uint64_t size;      /* ramfs: its size; cpio, ext2: the region's, once resolved */
    const char *region; /* cpio: the archive's region; ext2: the one shared with the driver */
    uint64_t vaddr;     /* cpio, ext2: where the service maps the region */
    uint32_t channel;   /* ext2: the service's channel to its block driver */
    bool has_channel, read_only;
    struct sg_pos at, path_at, region_at, channel_at;
};

/* One path a client is granted (a channel's `files:`). */
struct sg_grant {
    const char *path;
    bool write;
    struct sg_pos at, path_at;
};

struct sg_component {
    const char *name, *elf;
    uint32_t priority;
    uint64_t stack;
    uint64_t memory; /* the run-time memory quota, bytes; 0 if none */
    uint64_t heap;   /* bytes of memory the C library's heap takes; 0 if none */
    bool monitor;    /* may ask the broker about every component (ps, caps, mem) */
    bool power;      /* may ask the broker to reboot or power off the machine */
    struct sg_map *maps;
    size_t nmaps;
    struct sg_device *devices;
    size_t ndevices;
    struct sg_mount *mounts; /* a file service's; NULL for other components */
    size_t nmounts;
    unsigned char *elf_data; /* read by check.c when files are checked */
    size_t elf_size;
    struct sg_pos at, name_at, elf_at, priority_at, stack_at, heap_at, mounts_at;
};

struct sg_region {
    const char *name;
    uint64_t size, page_size, phys;
    bool has_phys;
    const char *data;          /* the file (`data:`) or folder (`cpio:`) of its contents, or NULL */
    bool data_is_cpio;         /* data names a folder, packed as a cpio archive */
    unsigned char *data_bytes; /* read by files.c when files are checked */
    size_t data_size;
    struct sg_pos at, name_at, size_at, phys_at, data_at;
};

struct sg_channel {
    const char *a, *b;
    uint32_t ia, ib; /* component indexes, set by check.c */
    uint32_t a_id, b_id;
    unsigned pp;            /* KAAL_SYSIMAGE_PP_* */
    struct sg_grant *files; /* paths the caller may reach at the callee, a file service */
    size_t nfiles;
    const char *buffer;    /* with files: the region the two share for the protocol's data */
    uint64_t buffer_vaddr; /* where the service maps it (files.c) */
    uint64_t buffer_size;
    struct sg_pos at, a_at, b_at, a_id_at, b_id_at, pp_at, files_at, buffer_at;
};

/* A message kept until sg_report prints them all in file order. */
struct sg_msg {
    struct sg_pos at;
    char *text;
};

struct sg_system {
    const char *file;    /* as named in messages */
    FILE *diag;          /* where sg_report prints the messages */
    bool check_files;    /* read and check the ELF files (off in the fuzzer) */
    const char *elf_dir; /* where relative elf: paths are found; NULL: the description's dir */
    int errors;
    struct sg_msg *msgs;
    size_t nmsgs;

    struct sg_component *components;
    size_t ncomponents;
    struct sg_region *regions;
    size_t nregions;
    struct sg_channel *channels;
    size_t nchannels;

    yaml_document_t doc; /* the strings above point into it */
    bool have_doc;
};

/* Starts an empty system for file, reporting to diag. */
void sg_init(struct sg_system *s, const char *file, FILE *diag);

/* Parses len bytes of YAML into s; returns the number of errors reported. */
int sg_parse(struct sg_system *s, const unsigned char *text, size_t len);

/* Checks the whole-system rules (after sg_parse); returns the errors reported. */
int sg_check(struct sg_system *s);

/* The index of the region called name, or -1; *hint gets a did-you-mean. */
long sg_find_region(const struct sg_system *s, const char *name, char *hint, size_t len);

/* The file service's rules (called by sg_check once channels are resolved). */
void sg_check_files(struct sg_system *s);

/* The folder packed as a cpio (newc) archive (cpio.c): a malloc'd buffer and *len, or NULL with
 * *err saying why. */
unsigned char *sg_pack_cpio(const char *folder, size_t *len, const char **err);

/* True if path is absolute and normalised, as a file record's path must be. */
bool sg_path_ok(const char *path);

/* The file name a description's relative name means: beside the description (or in dir, if
 * given).  Writes it to buf. */
void sg_resolve_path(const struct sg_system *s, const char *dir, const char *name, char *buf,
                     size_t len);

/*
 * Checks component c's ELF bytes (c->elf_data, c->elf_size; path names the
 * file in messages) against the address space and c's maps, whose regions
 * check.c has resolved.  Reports at c->elf_at.
 */
void sg_check_elf(struct sg_system *s, const struct sg_component *c, const char *path);

/* Builds the image of a checked system; returns a malloc'd buffer, *len its size. */
unsigned char *sg_image(const struct sg_system *s, size_t *len);

/* Prints the messages so far to s->diag, sorted by line and column, and drops them. */
void sg_report(struct sg_system *s);

/* Frees what s holds. */
void sg_free(struct sg_system *s);

/* Records "file:line:col: error: ..." and its hint line for sg_report; counts the error. */
void sg_error(struct sg_system *s, struct sg_pos at, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* True if [a, a + alen) and [b, b + blen) share a byte. */
static inline bool sg_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

/* The candidate closest to word by edit distance if it is close enough, else NULL. */
const char *sg_closest(const char *word, const char *const *cands, size_t n);

/* Writes "did you mean 'x'?" (or other, if none is close) into buf; returns buf. */
const char *sg_did_you_mean(char *buf, size_t len, const char *word, const char *const *cands,
                            size_t n, const char *other);
