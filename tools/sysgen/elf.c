/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A component's ELF file against the address space it will run in.
 * check.c reads the file; this file checks its bytes, so that a system
 * kaal-sysgen accepts is one the root server's loader (runtime/root/elf.c)
 * accepts too, with the mistake shown at build time instead of boot time.
 * In order, each step only if the one before passed:
 *
 *   1. the file header: an ELF file, x86_64 ELF64 little-endian,
 *      EV_CURRENT, and ET_EXEC, since the loader copies segments to the
 *      addresses the file gives and relocates nothing (a PIE or shared
 *      object cannot run);
 *   2. the program headers: 56 bytes each and inside the file;
 *   3. each program header on its own: no PT_INTERP (dynamic linking),
 *      and each PT_LOAD segment not empty, its file data in the file and
 *      no larger than its memory, its address and file offset equal modulo
 *      4096, in SG_USER_BASE .. SG_RESERVED_BASE and clear of the
 *      component's maps;
 *   4. the segments together: at least one and at most SG_MAX_SEGMENTS,
 *      no two sharing a byte, the entry point in an executable one.
 *
 * Headers are copied out of the buffer before use, so a file of any length
 * or alignment is safe to read (the host is little-endian, as
 * kaal/sysimage.h asserts).  Every message points at the component's
 * 'elf:' value.
 */
#include "sysgen.h"

#include <elf.h>
#include <string.h>

#define REBUILD_HINT "rebuild the component; the file was cut short or is damaged"
#define LINK_HINT    "e.g. -Wl,-Ttext-segment=0x400000"

/* What step 3 keeps of each PT_LOAD for step 4. */
struct segs {
    Elf64_Phdr load[SG_MAX_SEGMENTS];
    unsigned n;
    bool bad; /* a segment was reported: step 4 would only repeat it */
};

/* Step 1: c's ELF header, copied to *eh. */
static bool check_header(struct sg_system *s, const struct sg_component *c, const char *path,
                         Elf64_Ehdr *eh)
{
    const char *hint = NULL, *what = NULL;
    if (c->elf_size < sizeof(*eh) || memcmp(c->elf_data, ELFMAG, SELFMAG) != 0) {
        sg_error(s, c->elf_at, "build the component and name its .elf file",
                 "'%s' is not an ELF file", path);
        return false;
    }
    memcpy(eh, c->elf_data, sizeof(*eh));
    if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
        eh->e_machine != EM_X86_64) {
        hint = "build it for x86_64 (ELFCLASS64, little-endian, EM_X86_64)";
        what = "is not an x86_64 ELF64 file";
    } else if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT) {
        hint = "rebuild it with an ordinary toolchain";
        what = "has an unknown ELF version (not EV_CURRENT)";
    } else if (eh->e_type == ET_DYN) {
        hint = "link the component with -static -no-pie";
        what = "is a position-independent executable or shared object (ET_DYN), not ET_EXEC";
    } else if (eh->e_type != ET_EXEC) {
        hint = "link the component as an executable with -static -no-pie";
        what = "is not an executable (ET_EXEC)";
    }
    if (what)
        sg_error(s, c->elf_at, hint, "'%s' %s", path, what);
    return what == NULL;
}

/* Step 2: the program headers eh names are whole and inside the file. */
static bool check_phdrs(struct sg_system *s, const struct sg_component *c, const char *path,
                        const Elf64_Ehdr *eh)
{
    if (eh->e_phnum != 0 && eh->e_phentsize != sizeof(Elf64_Phdr)) {
        sg_error(s, c->elf_at, "rebuild it as an x86_64 ELF64 executable",
                 "'%s' has program headers of %u bytes, not %zu", path, eh->e_phentsize,
                 sizeof(Elf64_Phdr));
        return false;
    }
    uint64_t len = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
    if (eh->e_phoff > c->elf_size || len > c->elf_size - eh->e_phoff) {
        sg_error(s, c->elf_at, REBUILD_HINT,
                 "'%s' is truncated: its %u program headers (bytes 0x%llx..0x%llx) lie outside "
                 "the file (0x%zx bytes)",
                 path, eh->e_phnum, (unsigned long long)eh->e_phoff,
                 (unsigned long long)(eh->e_phoff + len), c->elf_size);
        return false;
    }
    return true;
}

/* Step 3, one PT_LOAD: the file and the address space.  Returns false if reported. */
static bool check_segment(struct sg_system *s, const struct sg_component *c, const char *path,
                          const Elf64_Phdr *ph)
{
    char hint[128];
    unsigned long long at = ph->p_vaddr, end = ph->p_vaddr + ph->p_memsz;
    const char *what = NULL;
    if (ph->p_memsz == 0)
        what = "is empty (memory size 0)";
    else if (ph->p_offset > c->elf_size || ph->p_filesz > c->elf_size - ph->p_offset)
        what = "has file data past the end of the file (truncated?)";
    else if (ph->p_filesz > ph->p_memsz)
        what = "is larger in the file than in memory";
    else if (ph->p_vaddr % 4096 != ph->p_offset % 4096)
        what = "has an address and file offset that differ modulo 4096";
    if (what) {
        sg_error(s, c->elf_at, REBUILD_HINT, "'%s': the segment at 0x%llx %s", path, at, what);
        return false;
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
        return false;
    }
    return true;
}

/* Step 3, one PT_LOAD: none of c's maps shares a byte with it.  Returns false if one does. */
static bool check_segment_maps(struct sg_system *s, const struct sg_component *c, const char *path,
                               const Elf64_Phdr *ph)
{
    char hint[128];
    bool ok = true;
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
                 (unsigned long long)ph->p_vaddr, (unsigned long long)(ph->p_vaddr + ph->p_memsz),
                 path, m->region, (unsigned long long)m->vaddr,
                 (unsigned long long)(m->vaddr + size));
        ok = false;
    }
    return ok;
}

/* Step 3: every program header; keeps the PT_LOADs in *g.  False if it is no use going on. */
static bool check_each(struct sg_system *s, const struct sg_component *c, const char *path,
                       const Elf64_Ehdr *eh, struct segs *g)
{
    Elf64_Phdr ph;
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        memcpy(&ph, c->elf_data + eh->e_phoff + i * sizeof(ph), sizeof(ph));
        if (ph.p_type == PT_INTERP) {
            sg_error(s, c->elf_at, "link the component with -static -no-pie",
                     "'%s' is dynamically linked (it names an interpreter, PT_INTERP)", path);
            g->bad = true;
        }
        if (ph.p_type != PT_LOAD)
            continue;
        if (g->n == SG_MAX_SEGMENTS) {
            sg_error(s, c->elf_at, "merge output sections in the link so there are fewer",
                     "'%s' has more than %d PT_LOAD segments, the most the loader takes", path,
                     SG_MAX_SEGMENTS);
            return false;
        }
        g->load[g->n++] = ph;
        if (!check_segment(s, c, path, &ph) || !check_segment_maps(s, c, path, &ph))
            g->bad = true;
    }
    return !g->bad;
}

/* Step 4: the segments together. */
static void check_together(struct sg_system *s, const struct sg_component *c, const char *path,
                           const Elf64_Ehdr *eh, const struct segs *g)
{
    for (unsigned i = 0; i < g->n; i++)
        for (unsigned j = 0; j < i; j++) {
            const Elf64_Phdr *a = &g->load[i], *b = &g->load[j];
            if (sg_overlap(a->p_vaddr, a->p_memsz, b->p_vaddr, b->p_memsz)) {
                sg_error(s, c->elf_at, "fix the link so that no two segments share an address",
                         "ELF segments at 0x%llx and 0x%llx of '%s' overlap",
                         (unsigned long long)b->p_vaddr, (unsigned long long)a->p_vaddr, path);
                return;
            }
        }
    for (unsigned i = 0; i < g->n; i++) {
        const Elf64_Phdr *ph = &g->load[i];
        if (eh->e_entry < ph->p_vaddr || eh->e_entry - ph->p_vaddr >= ph->p_memsz)
            continue;
        if (!(ph->p_flags & PF_X))
            sg_error(s, c->elf_at, "the entry point (_start) belongs in the code segment",
                     "the entry point 0x%llx of '%s' is in a segment that is not executable",
                     (unsigned long long)eh->e_entry, path);
        return;
    }
    sg_error(s, c->elf_at, "the entry point (_start) belongs in the code segment",
             "the entry point 0x%llx of '%s' is outside every segment",
             (unsigned long long)eh->e_entry, path);
}

void sg_check_elf(struct sg_system *s, const struct sg_component *c, const char *path)
{
    Elf64_Ehdr eh;
    struct segs g = {.n = 0};
    if (!check_header(s, c, path, &eh) || !check_phdrs(s, c, path, &eh) ||
        !check_each(s, c, path, &eh, &g))
        return;
    if (g.n == 0)
        sg_error(s, c->elf_at, "link it as an executable with code in it",
                 "'%s' has no PT_LOAD segment, so nothing to load", path);
    else
        check_together(s, c, path, &eh, &g);
}
