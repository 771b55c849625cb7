/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A component's ELF file against the address space it will run in.
 * check.c reads the file; this file has it checked by <kaal/elfcheck.h>,
 * the same checker with the same options (ELFCHECK_COMPONENT) and range
 * the root server's loader uses (runtime/root/elf.c), so a system
 * kaal-sysgen accepts is one the loader accepts too, with the mistake
 * shown at build time instead of boot time.  What stays here:
 *
 *   - the words: each error code becomes a message at the component's
 *     'elf:' value with a hint that names the fix;
 *   - what only the system description knows: no PT_LOAD segment may share
 *     a byte with one of the component's maps.
 *
 * The checker stops at the first mistake, so a broken file gets one error,
 * after the map errors of the segments it accepted before it stopped; when
 * a segment lies on a map, the checks of the segments together (overlap,
 * entry point) are not reported, as the fix moves the segments anyway.
 */
#include "sysgen.h"

#include <kaal/elfcheck.h>

_Static_assert(SG_MAX_SEGMENTS == ELFCHECK_MAX_SEGMENTS, "the loader's segment limit");

#define REBUILD_HINT "rebuild the component; the file was cut short or is damaged"
#define LINK_HINT    "e.g. -Wl,-Ttext-segment=0x400000"
#define STATIC_HINT  "link the component with -static -no-pie"
#define ENTRY_HINT   "the entry point (_start) belongs in the code segment"

/* The error for a refused file header or program header table. */
static void report_header(struct sg_system *s, const struct sg_component *c, const char *path,
                          enum elfcheck_error err, const struct elfcheck *e)
{
    switch (err) {
    case ELFCHECK_SHORT:
    case ELFCHECK_MAGIC:
        sg_error(s, c->elf_at, "build the component and name its .elf file",
                 "'%s' is not an ELF file", path);
        break;
    case ELFCHECK_CLASS32:
    case ELFCHECK_CLASS:
    case ELFCHECK_DATA:
    case ELFCHECK_MACHINE:
        sg_error(s, c->elf_at, "build it for x86_64 (ELFCLASS64, little-endian, EM_X86_64)",
                 "'%s' is not an x86_64 ELF64 file", path);
        break;
    case ELFCHECK_VERSION:
        sg_error(s, c->elf_at, "rebuild it with an ordinary toolchain",
                 "'%s' has an unknown ELF version (not EV_CURRENT)", path);
        break;
    case ELFCHECK_DYN:
        sg_error(s, c->elf_at, STATIC_HINT,
                 "'%s' is a position-independent executable or shared object (ET_DYN), not "
                 "ET_EXEC",
                 path);
        break;
    case ELFCHECK_TYPE:
        sg_error(s, c->elf_at, "link the component as an executable with -static -no-pie",
                 "'%s' is not an executable (ET_EXEC)", path);
        break;
    case ELFCHECK_PHENTSIZE:
        sg_error(s, c->elf_at, "rebuild it as an x86_64 ELF64 executable",
                 "'%s' has program headers of %u bytes, not 56", path, e->phentsize);
        break;
    case ELFCHECK_PHDRS_OUTSIDE:
        sg_error(s, c->elf_at, REBUILD_HINT,
                 "'%s' is truncated: its %u program headers (bytes 0x%llx..0x%llx) lie outside "
                 "the file (0x%zx bytes)",
                 path, e->phnum, (unsigned long long)e->phoff,
                 (unsigned long long)(e->phoff + e->phnum * 56ull), c->elf_size);
        break;
    case ELFCHECK_INTERP:
        sg_error(s, c->elf_at, STATIC_HINT,
                 "'%s' is dynamically linked (it names an interpreter, PT_INTERP)", path);
        break;
    case ELFCHECK_TOO_MANY:
        sg_error(s, c->elf_at, "merge output sections in the link so there are fewer",
                 "'%s' has more than %d PT_LOAD segments, the most the loader takes", path,
                 ELFCHECK_MAX_SEGMENTS);
        break;
    default: /* ELFCHECK_NO_PHDRS, ELFCHECK_NO_LOAD */
        sg_error(s, c->elf_at, "link it as an executable with code in it",
                 "'%s' has no PT_LOAD segment, so nothing to load", path);
        break;
    }
}

/* The error for a refused segment, or the segments together; false if err is not one. */
static bool report_segment(struct sg_system *s, const struct sg_component *c, const char *path,
                           enum elfcheck_error err, const struct elfcheck *e)
{
    const struct elfcheck_segment *g = &e->seg[e->at];
    unsigned long long at = g->vaddr, end = g->vaddr + g->memsz;
    const char *what = NULL;
    char hint[128];

    switch (err) {
    case ELFCHECK_SEG_EMPTY:
        what = "is empty (memory size 0)";
        break;
    case ELFCHECK_SEG_OUTSIDE:
        what = "has file data past the end of the file (truncated?)";
        break;
    case ELFCHECK_SEG_FILESZ:
        what = "is larger in the file than in memory";
        break;
    case ELFCHECK_SEG_MISALIGNED:
        what = "has an address and file offset that differ modulo 4096";
        break;
    case ELFCHECK_SEG_WRAPS:
    case ELFCHECK_SEG_RANGE:
        snprintf(hint, sizeof(hint),
                 "link it inside 0x%llx..0x%llx, away from page 0 and the stack area (" LINK_HINT
                 ")",
                 SG_USER_BASE, SG_RESERVED_BASE);
        sg_error(s, c->elf_at, hint,
                 "ELF segment 0x%llx..0x%llx of '%s' lies outside 0x%llx..0x%llx", at, end, path,
                 SG_USER_BASE, SG_RESERVED_BASE);
        return true;
    case ELFCHECK_OVERLAP:
        sg_error(s, c->elf_at, "fix the link so that no two segments share an address",
                 "ELF segments at 0x%llx and 0x%llx of '%s' overlap",
                 (unsigned long long)e->seg[e->other].vaddr, at, path);
        return true;
    case ELFCHECK_ENTRY_OUTSIDE:
        sg_error(s, c->elf_at, ENTRY_HINT,
                 "the entry point 0x%llx of '%s' is outside every segment",
                 (unsigned long long)e->entry, path);
        return true;
    case ELFCHECK_ENTRY_NOT_EXEC:
        sg_error(s, c->elf_at, ENTRY_HINT,
                 "the entry point 0x%llx of '%s' is in a segment that is not executable",
                 (unsigned long long)e->entry, path);
        return true;
    default:
        return false;
    }
    sg_error(s, c->elf_at, REBUILD_HINT, "'%s': the segment at 0x%llx %s", path, at, what);
    return true;
}

/* No map of c shares a byte with the segment g. */
static void check_segment_maps(struct sg_system *s, const struct sg_component *c, const char *path,
                               const struct elfcheck_segment *g)
{
    char hint[128];
    for (size_t i = 0; i < c->nmaps; i++) {
        const struct sg_map *m = &c->maps[i];
        if (m->region_idx == UINT32_MAX || !m->vaddr_at.line)
            continue; /* a map already reported as wrong */
        uint64_t size = s->regions[m->region_idx].size;
        if (!sg_overlap(g->vaddr, g->memsz, m->vaddr, size))
            continue;
        snprintf(hint, sizeof(hint),
                 "move the map (line %u) or link the component elsewhere (" LINK_HINT ")",
                 m->at.line);
        sg_error(s, c->elf_at, hint,
                 "ELF segment 0x%llx..0x%llx of '%s' overlaps the map of '%s' at 0x%llx..0x%llx",
                 (unsigned long long)g->vaddr, (unsigned long long)(g->vaddr + g->memsz), path,
                 m->region, (unsigned long long)m->vaddr, (unsigned long long)(m->vaddr + size));
    }
}

void sg_check_elf(struct sg_system *s, const struct sg_component *c, const char *path)
{
    struct elfcheck e;
    const struct elfcheck_rules rules = {
        .machine = ELFCHECK_EM_X86_64,
        .options = ELFCHECK_COMPONENT,
        .lo = SG_USER_BASE,
        .hi = SG_RESERVED_BASE,
    };
    enum elfcheck_error err = elfcheck(c->elf_data, c->elf_size, &rules, &e);
    int before = s->errors;

    for (unsigned int i = 0; i < e.nseg; i++)
        check_segment_maps(s, c, path, &e.seg[i]);
    /* The errors from ELFCHECK_NO_LOAD on are step 4's, of the segments together: a segment on
     * a map is the mistake to fix before overlaps and the entry point. */
    if (err == ELFCHECK_OK || (s->errors != before && err >= ELFCHECK_NO_LOAD))
        return;
    if (!report_segment(s, c, path, err, &e))
        report_header(s, c, path, err, &e);
}
