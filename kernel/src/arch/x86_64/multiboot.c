/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Multiboot info to struct boot_input.  The loader's records are input
 * like any other: every address must fall inside the early physical window
 * before it is read, memory-map entries must have a sane size and stay
 * inside the map, and a record that does not fit is an error, not a guess.
 * Reads go through arch_paddr_to_ptr, so host tests can supply the memory.
 */
#include <arch/machine.h>
#include <arch/multiboot.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <machine.h>

#define MMAP_ENTRY_MIN 20 /* base, length, type: the bytes after the size field */

static bool in_window(paddr_t pa, uint64_t len)
{
    return pa <= PHYS_WINDOW_SIZE && len <= PHYS_WINDOW_SIZE - pa;
}

static enum boot_status bad(char *msg, size_t size, const char *what, paddr_t pa)
{
    ksnprintf(msg, size, "multiboot %s at %#llx is malformed or out of reach", what,
              (unsigned long long)pa);
    return BOOT_ERR_BAD_MMAP;
}

/* Grows the recorded extent of the loader's records to cover [pa, pa+len). */
static void info_include(struct boot_input *in, paddr_t pa, uint64_t len)
{
    if (in->info.start == in->info.end) {
        in->info = (struct mem_range){pa, pa + len};
        return;
    }
    in->info.start = MIN(in->info.start, pa);
    in->info.end = MAX(in->info.end, pa + len);
}

static enum boot_status add_range(struct boot_input *in, const struct mb_mmap_entry *e, char *msg,
                                  size_t size)
{
    uint64_t end = e->base_addr + e->length;
    bool ram = e->type == MB_MMAP_RAM;
    int *n = ram ? &in->n_avail : &in->n_resv;

    if (e->length == 0)
        return BOOT_OK;
    if (end < e->base_addr)
        end = ~0ull; /* clip a range that wraps */
    if (*n == BOOT_MAX_RANGES) {
        ksnprintf(msg, size, "the memory map has more than %d %s ranges", BOOT_MAX_RANGES,
                  ram ? "usable" : "reserved");
        return BOOT_ERR_BAD_MMAP;
    }
    (ram ? in->avail : in->resv)[(*n)++] = (struct mem_range){e->base_addr, end};
    return BOOT_OK;
}

static enum boot_status parse_mmap(const struct mb_info *mbi, struct boot_input *in, char *msg,
                                   size_t size)
{
    if (!(mbi->flags & MB_INFO_MMAP))
        return BOOT_OK; /* have_mmap stays false; boot_check_memory reports it */
    if (!in_window(mbi->mmap_addr, mbi->mmap_length))
        return bad(msg, size, "memory map", mbi->mmap_addr);
    in->have_mmap = true;
    info_include(in, mbi->mmap_addr, mbi->mmap_length);
    const uint8_t *p = arch_paddr_to_ptr(mbi->mmap_addr);
    uint32_t off = 0;
    while (off < mbi->mmap_length) {
        struct mb_mmap_entry e;
        if (mbi->mmap_length - off < sizeof(e))
            return bad(msg, size, "memory map entry", mbi->mmap_addr + off);
        memcpy(&e, p + off, sizeof(e));
        if (e.size < MMAP_ENTRY_MIN || e.size > mbi->mmap_length - off - 4)
            return bad(msg, size, "memory map entry", mbi->mmap_addr + off);
        enum boot_status st = add_range(in, &e, msg, size);
        if (st != BOOT_OK)
            return st;
        off += e.size + 4;
    }
    return BOOT_OK;
}

static const char *string_at(uint32_t pa)
{
    return pa && in_window(pa, 1) ? arch_paddr_to_ptr(pa) : NULL;
}

static enum boot_status parse_modules(const struct mb_info *mbi, struct boot_input *in, char *msg,
                                      size_t size)
{
    if (!(mbi->flags & MB_INFO_MODS) || mbi->mods_count == 0)
        return BOOT_OK;
    if (!in_window(mbi->mods_addr, (uint64_t)mbi->mods_count * sizeof(struct mb_module)))
        return bad(msg, size, "module list", mbi->mods_addr);
    const uint8_t *list = arch_paddr_to_ptr(mbi->mods_addr);
    info_include(in, mbi->mods_addr, (uint64_t)mbi->mods_count * sizeof(struct mb_module));
    for (uint32_t i = 0; i < mbi->mods_count; i++) {
        struct mb_module m;
        memcpy(&m, list + i * sizeof(m), sizeof(m));
        if (m.mod_end < m.mod_start || !in_window(m.mod_start, m.mod_end - m.mod_start))
            return bad(msg, size, "module", m.mod_start);
        if (in->n_mods == BOOT_MAX_MODULES) {
            in->mods_truncated = true;
            break;
        }
        in->mods[in->n_mods++] = (struct boot_module){m.mod_start, m.mod_end, string_at(m.string)};
    }
    return BOOT_OK;
}

enum boot_status multiboot_parse(paddr_t info_pa, struct mem_range kernel, struct boot_input *in,
                                 char *msg, size_t msg_size)
{
    struct mb_info mbi;

    memset(in, 0, sizeof(*in));
    in->kernel = kernel;
    if (!in_window(info_pa, sizeof(mbi)))
        return bad(msg, msg_size, "info block", info_pa);
    memcpy(&mbi, arch_paddr_to_ptr(info_pa), sizeof(mbi));
    info_include(in, info_pa, sizeof(mbi));
    if (mbi.flags & MB_INFO_CMDLINE)
        in->cmdline = string_at(mbi.cmdline);
    enum boot_status st = parse_mmap(&mbi, in, msg, msg_size);
    if (st == BOOT_OK)
        st = parse_modules(&mbi, in, msg, msg_size);
    return st;
}
