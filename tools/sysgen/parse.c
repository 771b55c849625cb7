/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The YAML side of kaal-sysgen: libyaml loads the file as a document (a
 * node graph, every node with its start mark), and this file walks it by
 * the schema: each mapping against its table of known keys, each value
 * against its type and range.  What it keeps is plain data with positions;
 * rules that need the whole system (names resolving, overlaps) are in
 * check.c.  A wrong value is reported and skipped, so one run reports
 * every problem.
 */
#include "sysgen.h"

#include <kaal/sysimage.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SG_MAX_ITEMS 4096 /* per list; far above any real system */

struct key {
    const char *name;
    bool required;
};

static struct sg_pos pos_of(const yaml_node_t *n)
{
    return (struct sg_pos){n->start_mark.line + 1, n->start_mark.column + 1};
}

static const char *scalar(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

static yaml_node_t *node(struct sg_system *s, yaml_node_item_t i)
{
    return yaml_document_get_node(&s->doc, i);
}

/*
 * Checks that n is a mapping with only the given keys, each at most once and
 * the required ones present; vals[k] gets the value of keys[k] or NULL.
 * Returns false if n is not a mapping at all.
 */
static bool get_keys(struct sg_system *s, yaml_node_t *n, const char *what, const struct key *keys,
                     size_t nkeys, yaml_node_t **vals)
{
    const char *names[16];
    char hint[96];

    memset(vals, 0, nkeys * sizeof(*vals));
    if (n->type != YAML_MAPPING_NODE) {
        sg_error(s, pos_of(n), "write it as 'key: value' lines or as { key: value, ... }",
                 "%s must be a mapping", what);
        return false;
    }
    for (size_t k = 0; k < nkeys; k++)
        names[k] = keys[k].name;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = node(s, p->key), *vn = node(s, p->value);
        size_t k = 0;
        if (kn->type != YAML_SCALAR_NODE) {
            sg_error(s, pos_of(kn), "keys are plain words such as 'name'",
                     "a key in %s is not a word", what);
            continue;
        }
        while (k < nkeys && strcmp(scalar(kn), keys[k].name) != 0)
            k++;
        if (k == nkeys) {
            sg_did_you_mean(hint, sizeof(hint), scalar(kn), names, nkeys, NULL);
            sg_error(s, pos_of(kn), hint, "unknown key '%s' in %s", scalar(kn), what);
        } else if (vals[k]) {
            sg_error(s, pos_of(kn), "remove one of the two", "key '%s' given twice in %s",
                     keys[k].name, what);
        } else {
            vals[k] = vn;
        }
    }
    for (size_t k = 0; k < nkeys; k++)
        if (keys[k].required && !vals[k]) {
            snprintf(hint, sizeof(hint), "add '%s: ...'", keys[k].name);
            sg_error(s, pos_of(n), hint, "%s is missing '%s'", what, keys[k].name);
        }
    return true;
}

/* Parses a whole unsigned number, decimal or 0x hex, with an optional K/M/G suffix. */
static bool parse_number(const char *str, bool suffix, uint64_t *out)
{
    char *end;
    if (str[0] < '0' || str[0] > '9')
        return false;
    errno = 0;
    unsigned long long v = strtoull(str, &end, 0);
    if (errno || end == str)
        return false;
    unsigned shift = 0;
    if (suffix && *end) {
        const char *units = "KMG";
        const char *u = strchr(units, *end);
        if (!u)
            return false;
        shift = 10 * (unsigned)(u - units + 1);
        end++;
    }
    if (*end || (shift && v > (UINT64_MAX >> shift)))
        return false;
    *out = (uint64_t)v << shift;
    return true;
}

/* Reads an integer in [min, max] from n; false (reported) if it is not one. */
static bool get_uint(struct sg_system *s, yaml_node_t *n, const char *what, uint64_t min,
                     uint64_t max, uint64_t *out)
{
    char hint[96];
    uint64_t v;
    snprintf(hint, sizeof(hint), "use a number from %llu to %llu (decimal or 0x hex)",
             (unsigned long long)min, (unsigned long long)max);
    if (n->type != YAML_SCALAR_NODE || !parse_number(scalar(n), false, &v)) {
        sg_error(s, pos_of(n), hint, "%s must be a number", what);
        return false;
    }
    if (v < min || v > max) {
        if (max == KAAL_SYSIMAGE_MAX_PRIORITY && v == 255)
            snprintf(hint, sizeof(hint), "255 is the root server's priority; use 0 to 254");
        sg_error(s, pos_of(n), hint, "%s %llu is out of range", what, (unsigned long long)v);
        return false;
    }
    *out = v;
    return true;
}

/* Reads a nonzero size (number with optional K/M/G) from n. */
static bool get_size(struct sg_system *s, yaml_node_t *n, const char *what, uint64_t *out)
{
    if (n->type != YAML_SCALAR_NODE || !parse_number(scalar(n), true, out) || *out == 0) {
        sg_error(s, pos_of(n), "write a size such as 4096, 0x1000, 16K, 2M or 1G",
                 "%s must be a nonzero size", what);
        return false;
    }
    return true;
}

/* Reads a name: 1..31 letters, digits, '_' or '-'. */
static bool get_name(struct sg_system *s, yaml_node_t *n, const char *what, const char **out)
{
    const char *hint = "use 1 to 31 letters, digits, '_' or '-'";
    if (n->type != YAML_SCALAR_NODE || scalar(n)[0] == '\0') {
        sg_error(s, pos_of(n), hint, "%s must be a name", what);
        return false;
    }
    size_t len = strlen(scalar(n));
    bool ok = len <= SG_NAME_MAX;
    for (const char *c = scalar(n); ok && *c; c++)
        ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
             *c == '_' || *c == '-';
    if (!ok) {
        sg_error(s, pos_of(n), hint, "%s '%s' is not a valid name", what, scalar(n));
        return false;
    }
    *out = scalar(n);
    return true;
}

static bool get_bool(struct sg_system *s, yaml_node_t *n, const char *what, bool *out)
{
    if (n->type == YAML_SCALAR_NODE && strcmp(scalar(n), "true") == 0)
        *out = true;
    else if (n->type == YAML_SCALAR_NODE && strcmp(scalar(n), "false") == 0)
        *out = false;
    else {
        sg_error(s, pos_of(n), "write true or false", "%s must be true or false", what);
        return false;
    }
    return true;
}

/* Checks that n is a sequence (of at most SG_MAX_ITEMS); returns its length or -1. */
static long get_list(struct sg_system *s, yaml_node_t *n, const char *what)
{
    if (n->type != YAML_SEQUENCE_NODE) {
        sg_error(s, pos_of(n), "write a list: one '- ' line per entry, or [ ... ]",
                 "%s must be a list", what);
        return -1;
    }
    long len = n->data.sequence.items.top - n->data.sequence.items.start;
    if (len > SG_MAX_ITEMS) {
        sg_error(s, pos_of(n), "split the system", "%s has more than %d entries", what,
                 SG_MAX_ITEMS);
        return -1;
    }
    return len;
}

/* Allocates an array of n zeroed records (at least one, so never NULL). */
static void *alloc_array(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        perror("kaal-sysgen");
        exit(2);
    }
    return p;
}

/* ---- one record per function ----------------------------------------------- */

static void parse_map(struct sg_system *s, yaml_node_t *n, struct sg_map *m)
{
    static const struct key keys[] = {
        {"region", true}, {"vaddr", true}, {"perms", true}, {"cached", false}};
    yaml_node_t *v[4];
    m->at = pos_of(n);
    m->cached = true;
    if (!get_keys(s, n, "a map", keys, 4, v))
        return;
    if (v[0] && get_name(s, v[0], "region", &m->region))
        m->region_at = pos_of(v[0]);
    if (v[1] && get_uint(s, v[1], "vaddr", 0, UINT64_MAX, &m->vaddr))
        m->vaddr_at = pos_of(v[1]);
    if (v[2]) {
        const char *p = v[2]->type == YAML_SCALAR_NODE ? scalar(v[2]) : "";
        unsigned bits = 0, bit;
        bool ok = *p != '\0';
        for (; ok && *p; p++) {
            bit = *p == 'r'   ? KAAL_SYSIMAGE_PERM_R
                  : *p == 'w' ? KAAL_SYSIMAGE_PERM_W
                  : *p == 'x' ? KAAL_SYSIMAGE_PERM_X
                              : 0;
            ok = bit && !(bits & bit);
            bits |= bit;
        }
        if (!ok)
            sg_error(s, pos_of(v[2]), "write some of r, w and x once each, e.g. rw or rx",
                     "perms must be a subset of 'rwx'");
        m->perms = bits;
    }
    if (v[3])
        get_bool(s, v[3], "cached", &m->cached);
}

static void parse_pci(struct sg_system *s, yaml_node_t *n, struct sg_device *d)
{
    static const struct key keys[] = {{"vendor", true}, {"device", true}};
    yaml_node_t *v[2];
    uint64_t x;
    if (!get_keys(s, n, "pci", keys, 2, v))
        return;
    if (v[0] && get_uint(s, v[0], "vendor", 0, 0xffff, &x))
        d->vendor = (uint16_t)x;
    if (v[1] && get_uint(s, v[1], "device", 0, 0xffff, &x))
        d->device = (uint16_t)x;
}

static void parse_mmio(struct sg_system *s, yaml_node_t *n, struct sg_device *d)
{
    static const struct key keys[] = {{"phys", true}, {"size", true}};
    yaml_node_t *v[2];
    if (!get_keys(s, n, "mmio", keys, 2, v))
        return;
    if (v[0])
        get_uint(s, v[0], "phys", 0, (1ull << 52) - 1, &d->mmio_phys);
    if (v[1])
        get_size(s, v[1], "mmio size", &d->mmio_size);
}

static void parse_ioports(struct sg_system *s, yaml_node_t *n, struct sg_device *d)
{
    static const struct key keys[] = {{"base", true}, {"size", true}};
    yaml_node_t *v[2];
    uint64_t x;
    d->io_at = pos_of(n);
    if (!get_keys(s, n, "ioports", keys, 2, v))
        return;
    if (v[0] && get_uint(s, v[0], "ioports base", 0, 0xffff, &x))
        d->io_base = (uint32_t)x;
    if (v[1] && get_uint(s, v[1], "ioports size", 1, 0x10000, &x))
        d->io_size = (uint32_t)x;
    if (d->io_size && d->io_base + d->io_size > 0x10000)
        sg_error(s, pos_of(n), "I/O ports go from 0 to 0xffff",
                 "ioports 0x%x + 0x%x run past port 0xffff", d->io_base, d->io_size);
    d->has_io = d->io_size != 0;
}

/* isa: true, a legacy device found by its fixed ioports and irq alone (has_res: it has one). */
static void parse_isa(struct sg_system *s, yaml_node_t *n, bool has_res, struct sg_device *d)
{
    bool isa = false;
    d->kind = SG_DEV_ISA, d->kind_at = pos_of(n);
    if (get_bool(s, n, "isa", &isa) && !isa)
        sg_error(s, pos_of(n), "leave isa out and give 'pci' or 'mmio', or write isa: true",
                 "isa: false names no device");
    else if (isa && !has_res)
        sg_error(s, pos_of(n), "add 'ioports: {base: ..., size: ...}' or 'irq: N' (with irq_id)",
                 "an isa device needs 'ioports' or 'irq'");
}

static void parse_device(struct sg_system *s, yaml_node_t *n, struct sg_device *d)
{
    static const struct key keys[] = {{"name", true}, {"pci", false},    {"mmio", false},
                                      {"irq", false}, {"irq_id", false}, {"ioports", false},
                                      {"dma", false}, {"isa", false}};
    yaml_node_t *v[8];
    uint64_t x;
    d->at = pos_of(n);
    if (!get_keys(s, n, "a device", keys, 8, v))
        return;
    if (v[0] && get_name(s, v[0], "device name", &d->name))
        d->name_at = pos_of(v[0]);
    if (!!v[1] + !!v[2] + !!v[7] > 1)
        sg_error(s, pos_of(v[7] ? v[7] : v[2]), "keep the one the device is found by",
                 "a device has one of 'pci', 'mmio' or 'isa', not more");
    else if (!v[1] && !v[2] && !v[7])
        sg_error(s, pos_of(n),
                 "add 'pci: {vendor: ..., device: ...}', 'mmio: {phys: ..., size: ...}', or "
                 "'isa: true' for a legacy device at fixed I/O ports",
                 "device needs 'pci', 'mmio' or 'isa'");
    if (v[1]) {
        d->kind = SG_DEV_PCI, d->kind_at = pos_of(v[1]);
        parse_pci(s, v[1], d);
    } else if (v[2]) {
        d->kind = SG_DEV_MMIO, d->kind_at = pos_of(v[2]);
        parse_mmio(s, v[2], d);
    } else if (v[7]) {
        parse_isa(s, v[7], v[3] || v[5], d);
    }
    /* A PCI device's own interrupt: its INTx line or an MSI. */
    const char *word = v[3] && v[3]->type == YAML_SCALAR_NODE ? scalar(v[3]) : "";
    uint32_t pci_irq = strcmp(word, "intx") == 0  ? KAAL_SYSIMAGE_IRQ_INTX
                       : strcmp(word, "msi") == 0 ? KAAL_SYSIMAGE_IRQ_MSI
                                                  : 0;
    if (pci_irq && d->kind != SG_DEV_PCI)
        sg_error(s, pos_of(v[3]), "give the ISA IRQ number instead, 0 to 255",
                 "irq: %s is only for PCI devices", word);
    if (v[3] && (pci_irq || get_uint(s, v[3], "irq", 0, 255, &x))) {
        d->has_irq = true, d->irq = pci_irq ? pci_irq : (uint32_t)x;
        d->irq_at = pos_of(v[3]);
        if (!v[4])
            sg_error(s, pos_of(v[3]), "add 'irq_id: N', the channel id the IRQ arrives on",
                     "irq without irq_id");
    }
    if (v[4] && get_uint(s, v[4], "irq_id", 0, KAAL_SYSIMAGE_MAX_CHANNEL, &x)) {
        d->irq_id = (uint32_t)x, d->irq_id_at = pos_of(v[4]);
        if (!v[3])
            sg_error(s, pos_of(v[4]), "add 'irq: N' or remove irq_id", "irq_id without irq");
    }
    if (v[5])
        parse_ioports(s, v[5], d);
    if (v[6] && get_size(s, v[6], "dma", &d->dma) && d->dma % 4096 != 0)
        sg_error(s, pos_of(v[6]), "round it up to a multiple of 4K",
                 "dma size 0x%llx is not a multiple of 4K", (unsigned long long)d->dma);
}

/*
 * The memory quota: a size, a multiple of 4K, at most 1G.  Unlike the other
 * sizes it may be 0, which is also what leaving it out means.
 */
static void parse_memory(struct sg_system *s, yaml_node_t *n, struct sg_component *c)
{
    const char *hint = "use a multiple of 4K up to 1G, such as 256K or 4M (0 for none)";
    if (n->type != YAML_SCALAR_NODE || !parse_number(scalar(n), true, &c->memory)) {
        sg_error(s, pos_of(n), hint, "memory must be a size");
        return;
    }
    if (c->memory % 4096 != 0 || c->memory > KAAL_SYSIMAGE_MAX_MEM_QUOTA)
        sg_error(s, pos_of(n), hint, "memory quota 0x%llx is not a multiple of 4K or above 1G",
                 (unsigned long long)c->memory);
}

/*
 * The C library's heap: a size, a multiple of 4K, 0 (the default: malloc
 * returns NULL) up to the component's memory quota, from which the heap is
 * taken when the component starts.
 */
static void parse_heap(struct sg_system *s, yaml_node_t *n, struct sg_component *c)
{
    char hint[160];
    c->heap_at = pos_of(n);
    if (n->type != YAML_SCALAR_NODE || !parse_number(scalar(n), true, &c->heap)) {
        sg_error(s, pos_of(n), "use a multiple of 4K within memory:, such as 64K or 1M",
                 "heap must be a size");
        return;
    }
    if (c->heap % 4096 != 0) {
        sg_error(s, pos_of(n), "round it up to a multiple of 4K",
                 "heap size 0x%llx is not a multiple of 4K", (unsigned long long)c->heap);
        return;
    }
    if (c->heap > c->memory) {
        snprintf(hint, sizeof(hint),
                 "the heap is taken from memory: (0x%llx here); raise memory: to at least 0x%llx "
                 "or lower heap:",
                 (unsigned long long)c->memory, (unsigned long long)c->heap);
        sg_error(s, pos_of(n), hint, "heap 0x%llx is larger than the component's memory quota",
                 (unsigned long long)c->heap);
    }
}

/* Reads a path for a file record: absolute, normalised, at most 127 bytes. */
static bool get_path(struct sg_system *s, yaml_node_t *n, const char *what, const char **out)
{
    if (n->type != YAML_SCALAR_NODE || !sg_path_ok(scalar(n))) {
        sg_error(s, pos_of(n),
                 "write an absolute path such as /data, with no '.', '..', '//' or trailing '/', "
                 "at most 127 bytes",
                 "%s must be an absolute path", what);
        return false;
    }
    *out = scalar(n);
    return true;
}

/* A file service's mount: {path, type, and size (ramfs), region (cpio) or channel (ext2)}. */
static void parse_mount(struct sg_system *s, yaml_node_t *n, struct sg_mount *m)
{
    static const struct key keys[] = {{"path", true},    {"type", true},     {"size", false},
                                      {"region", false}, {"channel", false}, {"read_only", false}};
    static const char *const types[] = {"cpio", "ramfs", "ext2"};
    /* Which of size (bit 2), region (bit 3) and channel (bit 4) each type takes. */
    static const unsigned needs[] = {1u << 3, 1u << 2, 1u << 3 | 1u << 4};
    static const char *const takes[] = {"'region'", "'size'", "'region' and 'channel'"};
    static const char *const a_type[] = {"a cpio", "a ramfs", "an ext2"};
    yaml_node_t *v[6];
    char hint[96];
    uint64_t x;
    m->at = pos_of(n);
    if (!get_keys(s, n, "a mount", keys, 6, v))
        return;
    if (v[0] && get_path(s, v[0], "mount path", &m->path))
        m->path_at = pos_of(v[0]);
    for (unsigned t = 0; v[1] && t < 3; t++)
        if (v[1]->type == YAML_SCALAR_NODE && strcmp(scalar(v[1]), types[t]) == 0)
            m->type = KAAL_SYSIMAGE_FS_CPIO + t;
    if (v[1] && !m->type) {
        sg_did_you_mean(hint, sizeof(hint), v[1]->type == YAML_SCALAR_NODE ? scalar(v[1]) : "",
                        types, 3, "use cpio, ramfs or ext2");
        sg_error(s, pos_of(v[1]), hint, "unknown file system type");
        return;
    }
    if (!m->type)
        return;
    for (unsigned k = 2; k < 5; k++) {
        bool wanted = needs[m->type - 1] & 1u << k;
        if (wanted && !v[k]) {
            snprintf(hint, sizeof(hint), "add '%s: ...'", keys[k].name);
            sg_error(s, m->at, hint, "%s mount needs '%s'", a_type[m->type - 1], keys[k].name);
        } else if (!wanted && v[k]) {
            snprintf(hint, sizeof(hint), "%s mount takes %s only", a_type[m->type - 1],
                     takes[m->type - 1]);
            sg_error(s, pos_of(v[k]), hint, "'%s' is not for %s mount", keys[k].name,
                     a_type[m->type - 1]);
        }
    }
    if (v[2] && m->type == KAAL_SYSIMAGE_FS_RAMFS && get_size(s, v[2], "ramfs size", &m->size) &&
        m->size % 4096 != 0)
        sg_error(s, pos_of(v[2]), "round it up to a multiple of 4K",
                 "ramfs size 0x%llx is not a multiple of 4K", (unsigned long long)m->size);
    if (v[3] && m->type != KAAL_SYSIMAGE_FS_RAMFS && get_name(s, v[3], "region", &m->region))
        m->region_at = pos_of(v[3]);
    if (v[4] && m->type == KAAL_SYSIMAGE_FS_EXT2 &&
        get_uint(s, v[4], "channel", 0, KAAL_SYSIMAGE_MAX_CHANNEL, &x))
        m->channel = (uint32_t)x, m->has_channel = true, m->channel_at = pos_of(v[4]);
    if (v[5] && get_bool(s, v[5], "read_only", &m->read_only) && !m->read_only &&
        m->type == KAAL_SYSIMAGE_FS_CPIO)
        sg_error(s, pos_of(v[5]), "leave read_only out: a cpio archive is always read-only",
                 "a cpio mount cannot be written");
    if (m->type == KAAL_SYSIMAGE_FS_CPIO)
        m->read_only = true;
}

static void parse_component(struct sg_system *s, yaml_node_t *n, struct sg_component *c)
{
    static const struct key keys[] = {{"name", true},    {"elf", true},      {"priority", true},
                                      {"stack", true},   {"maps", false},    {"devices", false},
                                      {"memory", false}, {"monitor", false}, {"power", false},
                                      {"heap", false},   {"mounts", false}};
    yaml_node_t *v[11];
    uint64_t x;
    long len;
    c->at = pos_of(n);
    if (!get_keys(s, n, "a component", keys, 11, v))
        return;
    if (v[0] && get_name(s, v[0], "component name", &c->name))
        c->name_at = pos_of(v[0]);
    if (v[1]) {
        c->elf_at = pos_of(v[1]);
        if (v[1]->type != YAML_SCALAR_NODE || scalar(v[1])[0] == '\0')
            sg_error(s, pos_of(v[1]), "give the path of the component's ELF file",
                     "elf must be a file name");
        else
            c->elf = scalar(v[1]);
    }
    if (v[2] && get_uint(s, v[2], "priority", 0, KAAL_SYSIMAGE_MAX_PRIORITY, &x))
        c->priority = (uint32_t)x, c->priority_at = pos_of(v[2]);
    if (v[3] && get_size(s, v[3], "stack", &c->stack)) {
        c->stack_at = pos_of(v[3]);
        if (c->stack % 4096 != 0 || c->stack > SG_STACK_MAX)
            sg_error(s, pos_of(v[3]), "use a multiple of 4K up to 256M",
                     "stack size 0x%llx is not a multiple of 4K or above 256M",
                     (unsigned long long)c->stack);
    }
    if (v[4] && (len = get_list(s, v[4], "maps")) >= 0) {
        c->maps = alloc_array((size_t)len, sizeof(*c->maps));
        for (long i = 0; i < len; i++)
            parse_map(s, node(s, v[4]->data.sequence.items.start[i]), &c->maps[c->nmaps++]);
    }
    if (v[5] && (len = get_list(s, v[5], "devices")) >= 0) {
        c->devices = alloc_array((size_t)len, sizeof(*c->devices));
        for (long i = 0; i < len; i++)
            parse_device(s, node(s, v[5]->data.sequence.items.start[i]),
                         &c->devices[c->ndevices++]);
    }
    if (v[6])
        parse_memory(s, v[6], c);
    /* The broker's introspection (ps, caps, mem) and power requests: off unless granted. */
    if (v[7])
        get_bool(s, v[7], "monitor", &c->monitor);
    if (v[8])
        get_bool(s, v[8], "power", &c->power);
    if (v[9])
        parse_heap(s, v[9], c); /* after memory: the heap comes out of it */
    /* A file service: what it mounts where (files.c checks the whole). */
    if (v[10] && (len = get_list(s, v[10], "mounts")) >= 0) {
        c->mounts_at = pos_of(v[10]);
        c->mounts = alloc_array((size_t)len, sizeof(*c->mounts));
        for (long i = 0; i < len; i++)
            parse_mount(s, node(s, v[10]->data.sequence.items.start[i]), &c->mounts[c->nmounts++]);
    }
}

static void parse_region(struct sg_system *s, yaml_node_t *n, struct sg_region *r)
{
    static const struct key keys[] = {{"name", true},  {"size", true},  {"page_size", false},
                                      {"phys", false}, {"data", false}, {"cpio", false}};
    yaml_node_t *v[6];
    r->at = pos_of(n);
    r->page_size = 4096;
    if (!get_keys(s, n, "a region", keys, 6, v))
        return;
    if (v[4] && v[5]) {
        sg_error(s, pos_of(v[5]), "keep one: a file's bytes (data:) or a folder packed (cpio:)",
                 "a region has data: or cpio:, not both");
        return;
    }
    r->data_is_cpio = v[5] != NULL;
    if (v[5])
        v[4] = v[5];
    if (v[0] && get_name(s, v[0], "region name", &r->name))
        r->name_at = pos_of(v[0]);
    if (v[1] && get_size(s, v[1], "region size", &r->size))
        r->size_at = pos_of(v[1]);
    if (v[2]) {
        uint64_t ps = 0;
        if (v[2]->type != YAML_SCALAR_NODE || !parse_number(scalar(v[2]), true, &ps) ||
            (ps != 4096 && ps != (2u << 20)))
            sg_error(s, pos_of(v[2]), "write 4K or 2M", "page_size must be 4K or 2M");
        else
            r->page_size = ps;
    }
    if (v[3] && get_uint(s, v[3], "phys", 0, (1ull << 52) - 1, &r->phys))
        r->has_phys = true, r->phys_at = pos_of(v[3]);
    if (v[4]) {
        r->data_at = pos_of(v[4]);
        if (v[4]->type != YAML_SCALAR_NODE || scalar(v[4])[0] == '\0')
            sg_error(s, pos_of(v[4]),
                     r->data_is_cpio
                         ? "give the folder whose files the archive holds"
                         : "give the path of the file whose bytes the region starts with",
                     r->data_is_cpio ? "cpio must be a folder name" : "data must be a file name");
        else if (v[3])
            sg_error(s, pos_of(v[4]), "leave out data: or phys:",
                     "a region at a fixed physical address is device memory: it has no data");
        else if (r->page_size != 4096)
            sg_error(s, pos_of(v[4]), "leave out page_size: 2M",
                     "a region with data: has 4K pages");
        else
            r->data = scalar(v[4]);
    }
}

static bool get_end(struct sg_system *s, yaml_node_t *n, const char **out, struct sg_pos *at)
{
    if (!n || !get_name(s, n, "channel end", out))
        return false;
    *at = pos_of(n);
    return true;
}

/* One path a client may reach: {path, perms: r or rw}. */
static void parse_grant(struct sg_system *s, yaml_node_t *n, struct sg_grant *g)
{
    static const struct key keys[] = {{"path", true}, {"perms", true}};
    yaml_node_t *v[2];
    g->at = pos_of(n);
    if (!get_keys(s, n, "a file grant", keys, 2, v))
        return;
    if (v[0] && get_path(s, v[0], "granted path", &g->path))
        g->path_at = pos_of(v[0]);
    if (v[1]) {
        const char *p = v[1]->type == YAML_SCALAR_NODE ? scalar(v[1]) : "";
        if (strcmp(p, "rw") == 0)
            g->write = true;
        else if (strcmp(p, "r") != 0)
            sg_error(s, pos_of(v[1]), "write r (read-only) or rw (read and write)",
                     "file perms must be r or rw");
    }
}

static void parse_channel(struct sg_system *s, yaml_node_t *n, struct sg_channel *ch)
{
    static const struct key keys[] = {{"a", true},      {"a_id", true}, {"b", true},
                                      {"b_id", true},   {"pp", false},  {"files", false},
                                      {"buffer", false}};
    yaml_node_t *v[7];
    uint64_t x;
    long len;
    ch->at = pos_of(n);
    if (!get_keys(s, n, "a channel", keys, 7, v))
        return;
    get_end(s, v[0], &ch->a, &ch->a_at);
    get_end(s, v[2], &ch->b, &ch->b_at);
    if (v[1] && get_uint(s, v[1], "a_id", 0, KAAL_SYSIMAGE_MAX_CHANNEL, &x))
        ch->a_id = (uint32_t)x, ch->a_id_at = pos_of(v[1]);
    if (v[3] && get_uint(s, v[3], "b_id", 0, KAAL_SYSIMAGE_MAX_CHANNEL, &x))
        ch->b_id = (uint32_t)x, ch->b_id_at = pos_of(v[3]);
    if (v[4]) {
        const char *p = v[4]->type == YAML_SCALAR_NODE ? scalar(v[4]) : "";
        ch->pp_at = pos_of(v[4]);
        if (strcmp(p, "a") == 0)
            ch->pp = KAAL_SYSIMAGE_PP_A;
        else if (strcmp(p, "b") == 0)
            ch->pp = KAAL_SYSIMAGE_PP_B;
        else
            sg_error(s, pos_of(v[4]), "write 'pp: a' if a calls b, 'pp: b' if b calls a",
                     "pp must be a or b");
    }
    /* The caller's grants at a file service, and the buffer they share (files.c). */
    if (v[5] && (len = get_list(s, v[5], "files")) >= 0) {
        ch->files_at = pos_of(v[5]);
        ch->files = alloc_array((size_t)len, sizeof(*ch->files));
        for (long i = 0; i < len; i++)
            parse_grant(s, node(s, v[5]->data.sequence.items.start[i]), &ch->files[ch->nfiles++]);
    }
    if (v[6] && get_name(s, v[6], "buffer", &ch->buffer))
        ch->buffer_at = pos_of(v[6]);
}

/* ---- the top level --------------------------------------------------------------- */

/* Reports libyaml's own error (syntax) at its problem mark. */
static void yaml_problem(struct sg_system *s, const yaml_parser_t *p)
{
    struct sg_pos at = {p->problem_mark.line + 1, p->problem_mark.column + 1};
    char hint[160] = "check the indentation and the quoting near here";
    if (p->context)
        snprintf(hint, sizeof(hint), "%s (line %lu); check indentation and quoting", p->context,
                 (unsigned long)p->context_mark.line + 1);
    sg_error(s, at, hint, "YAML syntax: %s", p->problem ? p->problem : "malformed input");
}

int sg_parse(struct sg_system *s, const unsigned char *text, size_t len)
{
    static const struct key keys[] = {
        {"components", true}, {"regions", false}, {"channels", false}};
    yaml_parser_t p;
    yaml_node_t *v[3], *root;
    long n;

    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, text, len);
    if (!yaml_parser_load(&p, &s->doc)) {
        yaml_problem(s, &p);
        yaml_parser_delete(&p);
        return s->errors;
    }
    yaml_parser_delete(&p);
    s->have_doc = true;
    root = yaml_document_get_root_node(&s->doc);
    if (!root) {
        sg_error(s, (struct sg_pos){1, 1}, "start with 'components:'", "the file is empty");
        return s->errors;
    }
    if (!get_keys(s, root, "the system", keys, 3, v))
        return s->errors;
    if (v[0] && (n = get_list(s, v[0], "components")) >= 0) {
        s->components = alloc_array((size_t)n, sizeof(*s->components));
        for (long i = 0; i < n; i++)
            parse_component(s, node(s, v[0]->data.sequence.items.start[i]),
                            &s->components[s->ncomponents++]);
    }
    if (v[1] && (n = get_list(s, v[1], "regions")) >= 0) {
        s->regions = alloc_array((size_t)n, sizeof(*s->regions));
        for (long i = 0; i < n; i++)
            parse_region(s, node(s, v[1]->data.sequence.items.start[i]),
                         &s->regions[s->nregions++]);
    }
    if (v[2] && (n = get_list(s, v[2], "channels")) >= 0) {
        s->channels = alloc_array((size_t)n, sizeof(*s->channels));
        for (long i = 0; i < n; i++)
            parse_channel(s, node(s, v[2]->data.sequence.items.start[i]),
                          &s->channels[s->nchannels++]);
    }
    return s->errors;
}
