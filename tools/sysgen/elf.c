/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A component's ELF file against the address space it will run in.
 * check.c reads the file; this file checks its bytes, in this order, and
 * stops at the first of these that fails, since what follows would only
 * repeat it:
 *
 *   1. an ELF file at all, then x86_64 ELF64 little-endian;
 *   2. ET_EXEC: the loader copies segments to the addresses the file gives
 *      and relocates nothing, so a PIE or shared object cannot run;
 *   3. the program headers lie inside the file, 56 bytes each.
 *
 * Then each PT_LOAD segment (there must be one) is checked on its own: its file data lies in
 * the file, it needs no more file bytes than memory, it lies in
 * SG_USER_BASE .. SG_RESERVED_BASE, and it overlaps none of the
 * component's maps.  Headers are copied out of the buffer before use, so a
 * file of any length or alignment is safe to read (the host is
 * little-endian, as kaal/sysimage.h asserts).  Every message points at the
 * component's 'elf:' value.
 */
#include "sysgen.h"

#include <elf.h>
#include <string.h>

#define LINK_HINT "e.g. -Wl,-Ttext-segment=0x400000"

/* Checks that c's ELF header says x86_64 ELF64 ET_EXEC; copies it to *eh. */
static bool check_header(struct sg_system *s, const struct sg_component *c, const char *path,
                         Elf64_Ehdr *eh)
{
    if (c->elf_size < sizeof(*eh) || memcmp(c->elf_data, ELFMAG, SELFMAG) != 0) {
        sg_error(s, c->elf_at, "build the component and name its .elf file",
                 "'%s' is not an ELF file", path);
        return false;
    }
    memcpy(eh, c->elf_data, sizeof(*eh));
    if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
        eh->e_machine != EM_X86_64) {
        sg_error(s, c->elf_at, "build it for x86_64 (ELFCLASS64, little-endian, EM_X86_64)",
                 "'%s' is not an x86_64 ELF64 file", path);
        return false;
    }
    if (eh->e_type == ET_DYN) {
        sg_error(s, c->elf_at, "link the component with -static -no-pie",
                 "'%s' is a position-independent executable or shared object (ET_DYN), not "
                 "ET_EXEC",
                 path);
        return false;
    }
    if (eh->e_type != ET_EXEC) {
        sg_error(s, c->elf_at, "link the component as an executable with -static -no-pie",
                 "'%s' has ELF type %u, not ET_EXEC (an executable)", path, eh->e_type);
        return false;
    }
    return true;
}

/* Checks that the program headers eh names are whole and inside the file. */
static bool check_phdrs(struct sg_system *s, const struct sg_component *c, const char *path,
                        const Elf64_Ehdr *eh)
{
    char what[96];
    if (eh->e_phnum != 0 && eh->e_phentsize != sizeof(Elf64_Phdr)) {
        sg_error(s, c->elf_at, "rebuild it as an x86_64 ELF64 executable",
                 "'%s' has program headers of %u bytes, not %zu", path, eh->e_phentsize,
                 sizeof(Elf64_Phdr));
        return false;
    }
    uint64_t len = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
    if (eh->e_phoff > c->elf_size || len > c->elf_size - eh->e_phoff) {
        snprintf(what, sizeof(what), "0x%llx..0x%llx", (unsigned long long)eh->e_phoff,
                 (unsigned long long)(eh->e_phoff + len));
        sg_error(s, c->elf_at, "rebuild the component; the file was cut short or is damaged",
                 "'%s' is truncated: its %u program headers (bytes %s) lie outside the file "
                 "(0x%zx bytes)",
                 path, eh->e_phnum, what, c->elf_size);
        return false;
    }
    return true;
}

/* Checks one PT_LOAD segment against the file, the address space and c's maps. */
static void check_segment(struct sg_system *s, const struct sg_component *c, const char *path,
                          const Elf64_Phdr *ph)
{
    char hint[128];
    unsigned long long at = ph->p_vaddr, end = ph->p_vaddr + ph->p_memsz;
    if (ph->p_offset > c->elf_size || ph->p_filesz > c->elf_size - ph->p_offset) {
        sg_error(s, c->elf_at, "rebuild the component; the file was cut short or is damaged",
                 "'%s' is truncated: the data of its segment at 0x%llx lies outside the file", path,
                 at);
        return;
    }
    if (ph->p_filesz > ph->p_memsz) {
        sg_error(s, c->elf_at, "rebuild it; a linker never writes such a segment",
                 "'%s': the segment at 0x%llx has more file bytes (0x%llx) than memory (0x%llx)",
                 path, at, (unsigned long long)ph->p_filesz, (unsigned long long)ph->p_memsz);
        return;
    }
    if (ph->p_vaddr < SG_USER_BASE || ph->p_vaddr >= SG_RESERVED_BASE ||
        ph->p_memsz > SG_RESERVED_BASE - ph->p_vaddr) {
        snprintf(hint, sizeof(hint),
                 "link it inside 0x%llx..0x%llx, away from page 0 and the stack area (" LINK_HINT
                 ")",
                 SG_USER_BASE, SG_RESERVED_BASE);
        sg_error(s, c->elf_at, hint,
                 "ELF segment 0x%llx..0x%llx of '%s' lies outside 0x%llx..0x%llx", at, end, path,
                 SG_USER_BASE, SG_RESERVED_BASE);
        return;
    }
    for (size_t i = 0; i < c->nmaps; i++) {
        const struct sg_map *m = &c->maps[i];
        if (m->region_idx == UINT32_MAX || !m->vaddr_at.line)
            continue; /* a map already reported as wrong */
        uint64_t size = s->regions[m->region_idx].size;
        if (!sg_overlap(ph->p_vaddr, ph->p_memsz, m->vaddr, size))
            continue;
        snprintf(hint, sizeof(hint),
                 "move the map (line %u) or link the component elsewhere (" LINK_HINT ")",
                 m->at.line);
        sg_error(s, c->elf_at, hint,
                 "ELF segment 0x%llx..0x%llx of '%s' overlaps the map of '%s' at 0x%llx..0x%llx",
                 at, end, path, m->region, (unsigned long long)m->vaddr,
                 (unsigned long long)(m->vaddr + size));
    }
}

void sg_check_elf(struct sg_system *s, const struct sg_component *c, const char *path)
{
    Elf64_Ehdr eh;
    Elf64_Phdr ph;
    unsigned loads = 0;
    if (!check_header(s, c, path, &eh) || !check_phdrs(s, c, path, &eh))
        return;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        memcpy(&ph, c->elf_data + eh.e_phoff + i * sizeof(ph), sizeof(ph));
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue; /* a PT_LOAD of no bytes takes no memory */
        check_segment(s, c, path, &ph);
        loads++;
    }
    if (loads == 0)
        sg_error(s, c->elf_at, "link it as an executable with code in it",
                 "'%s' has no PT_LOAD segment, so nothing to load", path);
}
