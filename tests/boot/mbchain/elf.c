/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Loading the KaaL kernel, an ELF32 executable, as a multiboot loader
 * would: each PT_LOAD segment goes to its physical address p_paddr and the
 * bytes past p_filesz up to p_memsz are zeroed.  Every header is checked
 * before anything is copied, so a bad file leaves memory untouched and
 * ends the run with a message that names what is wrong.
 */
#include "mbchain.h"

#define EI_NIDENT   16
#define ELFCLASS32  1
#define ELFDATA2LSB 1
#define ET_EXEC     2
#define EM_386      3
#define PT_LOAD     1
#define PHYS_LIMIT  0x100000000ull /* 32-bit protected mode reaches no further */

struct PACKED elf32_ehdr {
    uint8_t e_ident[EI_NIDENT];
    uint16_t e_type, e_machine;
    uint32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct PACKED elf32_phdr {
    uint32_t p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
};

static void check_header(const struct elf32_ehdr *eh, uint32_t size)
{
    if (size < sizeof(*eh))
        mbchain_fail("kernel module: %u bytes is too short to be an ELF file", size);
    if (strncmp((const char *)eh->e_ident, "\177ELF", 4) != 0)
        mbchain_fail("kernel module: not an ELF file (bad magic)");
    if (eh->e_ident[4] != ELFCLASS32 || eh->e_ident[5] != ELFDATA2LSB)
        mbchain_fail("kernel module: not a little-endian ELF32 file (class %u, data %u)",
                     eh->e_ident[4], eh->e_ident[5]);
    if (eh->e_type != ET_EXEC || eh->e_machine != EM_386)
        mbchain_fail("kernel module: ELF type %u machine %u, not an i386 executable (2, 3)",
                     eh->e_type, eh->e_machine);
    if (eh->e_phentsize != sizeof(struct elf32_phdr) || eh->e_phnum == 0)
        mbchain_fail("kernel module: %u program headers of %u bytes; need at least one of %u",
                     eh->e_phnum, eh->e_phentsize, (uint32_t)sizeof(struct elf32_phdr));
    if ((uint64_t)eh->e_phoff + (uint64_t)eh->e_phnum * eh->e_phentsize > size)
        mbchain_fail("kernel module: program headers lie outside the %u-byte file", size);
}

static bool overlaps(struct range a, struct range b)
{
    return a.start < b.end && b.start < a.end;
}

static void check_segment(int i, const struct elf32_phdr *ph, uint32_t size,
                          const struct range *keep, int n_keep)
{
    struct range dst = {ph->p_paddr, (uint64_t)ph->p_paddr + ph->p_memsz};

    if (ph->p_filesz > ph->p_memsz)
        mbchain_fail("kernel segment %u: file size %#x exceeds memory size %#x", (uint32_t)i,
                     ph->p_filesz, ph->p_memsz);
    if ((uint64_t)ph->p_offset + ph->p_filesz > size)
        mbchain_fail("kernel segment %u: bytes [%#x, +%#x) lie outside the %u-byte file",
                     (uint32_t)i, ph->p_offset, ph->p_filesz, size);
    if (dst.end >= PHYS_LIMIT)
        mbchain_fail("kernel segment %u: [%#llx, %#llx) reaches 4 GiB", (uint32_t)i, dst.start,
                     dst.end);
    for (int k = 0; k < n_keep; k++) {
        if (overlaps(dst, keep[k]))
            mbchain_fail("kernel segment %u: [%#llx, %#llx) would overwrite [%#llx, %#llx), "
                         "which mbchain still needs (its own image or a module)",
                         (uint32_t)i, dst.start, dst.end, keep[k].start, keep[k].end);
    }
}

/* Checks every PT_LOAD segment; returns the extent and entry they make up. */
static struct kernel_image check_segments(const uint8_t *file, uint32_t size,
                                          const struct range *keep, int n_keep)
{
    const struct elf32_ehdr *eh = (const void *)file;
    const struct elf32_phdr *ph = (const void *)(file + eh->e_phoff);
    struct kernel_image img = {eh->e_entry, UINT32_MAX, 0};
    bool entry_ok = false;

    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0)
            continue;
        check_segment(i, &ph[i], size, keep, n_keep);
        uint32_t end = ph[i].p_paddr + ph[i].p_memsz;
        img.lo = img.lo < ph[i].p_paddr ? img.lo : ph[i].p_paddr;
        img.hi = img.hi > end ? img.hi : end;
        if (eh->e_entry >= ph[i].p_paddr && eh->e_entry < end)
            entry_ok = true;
    }
    if (img.hi == 0)
        mbchain_fail("kernel module: no PT_LOAD segment with any bytes");
    if (!entry_ok)
        mbchain_fail("kernel module: entry point %#x lies in no loaded segment", eh->e_entry);
    return img;
}

struct kernel_image elf_load(const uint8_t *file, uint32_t size, const struct range *keep,
                             int n_keep)
{
    const struct elf32_ehdr *eh = (const void *)file;

    check_header(eh, size);
    struct kernel_image img = check_segments(file, size, keep, n_keep);
    const struct elf32_phdr *ph = (const void *)(file + eh->e_phoff);
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0)
            continue;
        uint8_t *dst = (uint8_t *)(uintptr_t)ph[i].p_paddr;
        memcpy(dst, file + ph[i].p_offset, ph[i].p_filesz);
        memset(dst + ph[i].p_filesz, 0, ph[i].p_memsz - ph[i].p_filesz);
    }
    return img;
}
