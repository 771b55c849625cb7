/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one ELF64 checker: it decides whether a static executable can be
 * loaded into [lo, hi) and hands back its PT_LOAD segments and entry point.
 * Three programs use it, each with its own range and its own wording:
 *
 *   the kernel's boot (kernel/src/boot/elf.c), for the root server module;
 *   the root server's loader (runtime/root/elf.c), for each component;
 *   kaal-sysgen (tools/sysgen/elf.c), for each component at build time.
 *
 * The checker says what is wrong as an enum elfcheck_error and where (the
 * segment, the program header, the field it read); it builds no message,
 * so the kernel keeps its boot message, the root server its short phrase
 * and kaal-sysgen its file:line:col error and hint.
 *
 * Header-only, like <kaal/sysimage.h>: each program includes it from one
 * .c file, so nothing is compiled twice into a binary, and the three build
 * systems (the kernel's -mcmodel=kernel -mgeneral-regs-only, the root
 * server's freestanding one, the host's) need no shared object.  It uses
 * no C library and no floating point, builds no string, copies no struct
 * (the compiler could turn a copy into a memcpy call).  Fields are read a
 * byte at a time, little-endian, at their ELF64 offsets, so the file needs
 * no alignment; every range end is compared by subtraction from a size
 * already known to be in range, never by an addition that could wrap.
 *
 * The checks, in this order; the first that fails is the answer:
 *
 *   1. the file header: 64 bytes present, \177ELF, ELFCLASS64,
 *      little-endian, EV_CURRENT (twice), the caller's machine, ET_EXEC
 *      (the loaders copy segments to the addresses in the file and
 *      relocate nothing, so ET_DYN is refused with its own code);
 *   2. the program header table: at least one entry, 56 bytes each,
 *      wholly inside the file;
 *   3. each program header in file order: PT_INTERP (option), then each
 *      PT_LOAD: at most ELFCHECK_MAX_SEGMENTS, not empty (option; else an
 *      empty one is skipped), its file bytes inside the file, no more
 *      bytes in the file than in memory, no wrap past 2^64, its memory in
 *      [lo, hi), address and offset equal modulo 4096 (option);
 *   4. the segments together: at least one, no two sharing a byte (a page
 *      in common is fine), the entry point inside one and that one
 *      executable.
 *
 * Where the three old checkers disagreed, and why this is the answer:
 *
 *   - PT_INTERP, empty PT_LOADs, address/offset congruence: refused by the
 *     root server and kaal-sysgen, not by the kernel, so they are options
 *     (ELFCHECK_COMPONENT turns on all three).  seL4 13.0.0's x86_64 boot
 *     (load_boot_module, elf_load) copies each segment's bytes to its
 *     address and refuses none of these, and the kernel copies too, so the
 *     kernel leaves them off and loads any root task seL4 would: a root
 *     task linked with -N has segments whose offsets are not congruent,
 *     and a memsz-0 PT_LOAD has nothing to load.  The root server maps file
 *     pages by offset, so it needs congruence.
 *   - Overlapping segments and the entry point in an executable segment:
 *     all three refused them, so every caller gets them.  seL4 checks only
 *     that the entry lies in the image, but a linker lays out a static
 *     executable's PT_LOADs apart and puts _start in the executable one, so
 *     no root task built for seL4 fails either check.
 *   - Check order within a segment: the kernel's and kaal-sysgen's (the
 *     file bytes before filesz <= memsz), so that "reaches beyond the file"
 *     names a truncated file even when its sizes are also wrong.
 *   - Segment numbers: seg[] counts PT_LOADs from 0 (the root server's
 *     "segment N"); each segment also records its program header index
 *     (the kernel's "segment N", as readelf -l numbers them).
 */
#pragma once

#include <stdint.h>

#define ELFCHECK_MAX_SEGMENTS 16 /* PT_LOADs; more is ELFCHECK_TOO_MANY */
#define ELFCHECK_EM_X86_64    62u

/* Segment permissions, as in p_flags. */
#define ELFCHECK_PF_X 1u
#define ELFCHECK_PF_W 2u
#define ELFCHECK_PF_R 4u

/* Options (struct elfcheck_rules.options): stricter checks the kernel does not want. */
#define ELFCHECK_NO_INTERP 1u /* refuse a PT_INTERP header: the file wants a dynamic linker */
#define ELFCHECK_NO_EMPTY  2u /* refuse a PT_LOAD of memory size 0 instead of skipping it */
#define ELFCHECK_CONGRUENT 4u /* refuse a PT_LOAD whose address and offset differ mod 4096 */
#define ELFCHECK_COMPONENT (ELFCHECK_NO_INTERP | ELFCHECK_NO_EMPTY | ELFCHECK_CONGRUENT)

/*
 * What is wrong.  In the comments, "at" is struct elfcheck.at (an index
 * into seg[], whose entry holds the segment's fields) and "phdr" is
 * struct elfcheck.phdr (the program header's index in the table).
 */
enum elfcheck_error {
    ELFCHECK_OK = 0,
    /* 1. the file header */
    ELFCHECK_SHORT,   /* fewer than 64 bytes */
    ELFCHECK_MAGIC,   /* not \177ELF */
    ELFCHECK_CLASS32, /* ELFCLASS32 */
    ELFCHECK_CLASS,   /* a class that is neither ELFCLASS32 nor ELFCLASS64 */
    ELFCHECK_DATA,    /* not ELFDATA2LSB */
    ELFCHECK_VERSION, /* EI_VERSION or e_version is not EV_CURRENT */
    ELFCHECK_MACHINE, /* e_machine (in machine) is not rules->machine */
    ELFCHECK_DYN,     /* ET_DYN: position-independent or a shared object */
    ELFCHECK_TYPE,    /* neither ET_EXEC nor ET_DYN */
    /* 2. the program header table (phnum, phentsize and phoff hold its fields) */
    ELFCHECK_NO_PHDRS,      /* e_phnum is 0 */
    ELFCHECK_PHENTSIZE,     /* e_phentsize is not 56 */
    ELFCHECK_PHDRS_OUTSIDE, /* the table does not lie wholly inside the file */
    /* 3. one program header: phdr; for ELFCHECK_SEG_*, seg[at] too (at == nseg) */
    ELFCHECK_INTERP,         /* PT_INTERP, with ELFCHECK_NO_INTERP */
    ELFCHECK_TOO_MANY,       /* a PT_LOAD beyond ELFCHECK_MAX_SEGMENTS */
    ELFCHECK_SEG_EMPTY,      /* memory size 0, with ELFCHECK_NO_EMPTY */
    ELFCHECK_SEG_OUTSIDE,    /* its file bytes do not lie wholly inside the file */
    ELFCHECK_SEG_FILESZ,     /* more bytes in the file than in memory */
    ELFCHECK_SEG_WRAPS,      /* vaddr + memsz passes 2^64 */
    ELFCHECK_SEG_RANGE,      /* its memory is not inside [lo, hi) */
    ELFCHECK_SEG_MISALIGNED, /* vaddr and offset differ mod 4096, with ELFCHECK_CONGRUENT */
    /* 4. the segments together */
    ELFCHECK_NO_LOAD,        /* no PT_LOAD (that is not skipped as empty) */
    ELFCHECK_OVERLAP,        /* seg[at] shares a byte with the earlier seg[other] */
    ELFCHECK_ENTRY_OUTSIDE,  /* entry is in no segment */
    ELFCHECK_ENTRY_NOT_EXEC, /* entry is in seg[at], which lacks ELFCHECK_PF_X */
    ELFCHECK_NCODES
};

/* What the caller allows. */
struct elfcheck_rules {
    uint16_t machine;     /* e_machine: ELFCHECK_EM_X86_64 on x86_64 */
    unsigned int options; /* ELFCHECK_NO_INTERP | ... */
    uint64_t lo, hi;      /* every segment's memory lies in [lo, hi) */
};

struct elfcheck_segment {
    uint64_t vaddr, memsz;   /* where it goes and how long it is in memory */
    uint64_t offset, filesz; /* what of the file fills its start; the rest is zero */
    uint32_t flags;          /* ELFCHECK_PF_* (other p_flags bits dropped) */
    unsigned int phdr;       /* its program header's index in the table */
};

/* The answer: on ELFCHECK_OK, entry and seg[0, nseg); on an error, also where it is. */
struct elfcheck {
    uint64_t entry;
    unsigned int nseg;                                      /* PT_LOADs accepted, in file order */
    struct elfcheck_segment seg[ELFCHECK_MAX_SEGMENTS + 1]; /* + 1: a refused one, at nseg */
    /* The fields read, once the header is long enough, for the callers' messages. */
    uint16_t machine, phentsize, phnum;
    uint64_t phoff;
    /* Where the error is; see enum elfcheck_error. */
    unsigned int at, other, phdr;
};

/* ELF64 layout: the sizes and the offsets of the fields read. */
#define ELFCHECK_EHDR_SIZE_ 64u
#define ELFCHECK_PHDR_SIZE_ 56u
#define ELFCHECK_E_TYPE_    16u
#define ELFCHECK_E_MACHINE_ 18u
#define ELFCHECK_E_VERSION_ 20u
#define ELFCHECK_E_ENTRY_   24u
#define ELFCHECK_E_PHOFF_   32u
#define ELFCHECK_E_PHENTSZ_ 54u
#define ELFCHECK_E_PHNUM_   56u
#define ELFCHECK_P_TYPE_    0u
#define ELFCHECK_P_FLAGS_   4u
#define ELFCHECK_P_OFFSET_  8u
#define ELFCHECK_P_VADDR_   16u
#define ELFCHECK_P_FILESZ_  32u
#define ELFCHECK_P_MEMSZ_   40u
#define ELFCHECK_PT_LOAD_   1u
#define ELFCHECK_PT_INTERP_ 3u
#define ELFCHECK_ET_EXEC_   2u
#define ELFCHECK_ET_DYN_    3u
#define ELFCHECK_PAGE_      4096u

/* The little-endian value of the n bytes at p. */
static inline uint64_t elfcheck_le_(const uint8_t *p, unsigned int n)
{
    uint64_t v = 0;

    while (n--)
        v = v << 8 | p[n];
    return v;
}

/* Step 1: the identity, machine and type. */
static inline enum elfcheck_error elfcheck_ident_(const uint8_t *f, uint64_t size,
                                                  const struct elfcheck_rules *rules,
                                                  struct elfcheck *out)
{
    uint64_t type;

    if (size < ELFCHECK_EHDR_SIZE_)
        return ELFCHECK_SHORT;
    out->machine = (uint16_t)elfcheck_le_(f + ELFCHECK_E_MACHINE_, 2);
    out->phentsize = (uint16_t)elfcheck_le_(f + ELFCHECK_E_PHENTSZ_, 2);
    out->phnum = (uint16_t)elfcheck_le_(f + ELFCHECK_E_PHNUM_, 2);
    out->phoff = elfcheck_le_(f + ELFCHECK_E_PHOFF_, 8);
    out->entry = elfcheck_le_(f + ELFCHECK_E_ENTRY_, 8);
    if (f[0] != 0x7f || f[1] != 'E' || f[2] != 'L' || f[3] != 'F')
        return ELFCHECK_MAGIC;
    if (f[4] == 1) /* EI_CLASS */
        return ELFCHECK_CLASS32;
    if (f[4] != 2)
        return ELFCHECK_CLASS;
    if (f[5] != 1) /* EI_DATA: ELFDATA2LSB */
        return ELFCHECK_DATA;
    if (f[6] != 1 || elfcheck_le_(f + ELFCHECK_E_VERSION_, 4) != 1) /* EV_CURRENT */
        return ELFCHECK_VERSION;
    if (out->machine != rules->machine)
        return ELFCHECK_MACHINE;
    type = elfcheck_le_(f + ELFCHECK_E_TYPE_, 2);
    if (type == ELFCHECK_ET_DYN_)
        return ELFCHECK_DYN;
    if (type != ELFCHECK_ET_EXEC_)
        return ELFCHECK_TYPE;
    return ELFCHECK_OK;
}

/* Step 2: the program header table is there and inside the file. */
static inline enum elfcheck_error elfcheck_table_(uint64_t size, const struct elfcheck *out)
{
    uint64_t bytes = (uint64_t)out->phnum * ELFCHECK_PHDR_SIZE_; /* < 2^22: no overflow */

    if (out->phnum == 0)
        return ELFCHECK_NO_PHDRS;
    if (out->phentsize != ELFCHECK_PHDR_SIZE_)
        return ELFCHECK_PHENTSIZE;
    if (out->phoff > size || bytes > size - out->phoff)
        return ELFCHECK_PHDRS_OUTSIDE;
    return ELFCHECK_OK;
}

/* Step 3 for one PT_LOAD, whose fields are already in *s. */
static inline enum elfcheck_error elfcheck_segment_(const struct elfcheck_segment *s, uint64_t size,
                                                    const struct elfcheck_rules *rules)
{
    if (s->memsz == 0)
        return ELFCHECK_SEG_EMPTY;
    if (s->offset > size || s->filesz > size - s->offset)
        return ELFCHECK_SEG_OUTSIDE;
    if (s->filesz > s->memsz)
        return ELFCHECK_SEG_FILESZ;
    if (s->memsz > UINT64_MAX - s->vaddr)
        return ELFCHECK_SEG_WRAPS;
    if (s->vaddr < rules->lo || s->vaddr > rules->hi || s->memsz > rules->hi - s->vaddr)
        return ELFCHECK_SEG_RANGE;
    if ((rules->options & ELFCHECK_CONGRUENT) &&
        s->vaddr % ELFCHECK_PAGE_ != s->offset % ELFCHECK_PAGE_)
        return ELFCHECK_SEG_MISALIGNED;
    return ELFCHECK_OK;
}

/* Step 3: every program header in file order; the PT_LOADs go to out->seg. */
static inline enum elfcheck_error elfcheck_headers_(const uint8_t *f, uint64_t size,
                                                    const struct elfcheck_rules *rules,
                                                    struct elfcheck *out)
{
    for (unsigned int k = 0; k < out->phnum; k++) {
        const uint8_t *ph = f + out->phoff + (uint64_t)k * ELFCHECK_PHDR_SIZE_;
        uint64_t type = elfcheck_le_(ph + ELFCHECK_P_TYPE_, 4);
        struct elfcheck_segment *s = &out->seg[out->nseg];
        enum elfcheck_error err;

        out->phdr = k;
        if (type == ELFCHECK_PT_INTERP_ && (rules->options & ELFCHECK_NO_INTERP))
            return ELFCHECK_INTERP;
        if (type != ELFCHECK_PT_LOAD_)
            continue;
        s->vaddr = elfcheck_le_(ph + ELFCHECK_P_VADDR_, 8);
        s->memsz = elfcheck_le_(ph + ELFCHECK_P_MEMSZ_, 8);
        s->offset = elfcheck_le_(ph + ELFCHECK_P_OFFSET_, 8);
        s->filesz = elfcheck_le_(ph + ELFCHECK_P_FILESZ_, 8);
        s->flags = (uint32_t)elfcheck_le_(ph + ELFCHECK_P_FLAGS_, 4) &
                   (ELFCHECK_PF_R | ELFCHECK_PF_W | ELFCHECK_PF_X);
        s->phdr = k;
        if (s->memsz == 0 && !(rules->options & ELFCHECK_NO_EMPTY))
            continue; /* nothing to load, and seL4 loads it as nothing */
        if (out->nseg == ELFCHECK_MAX_SEGMENTS)
            return ELFCHECK_TOO_MANY;
        out->at = out->nseg;
        err = elfcheck_segment_(s, size, rules);
        if (err != ELFCHECK_OK)
            return err;
        out->nseg++;
    }
    return ELFCHECK_OK;
}

/* Step 4: the segments together. */
static inline enum elfcheck_error elfcheck_together_(struct elfcheck *out)
{
    if (out->nseg == 0)
        return ELFCHECK_NO_LOAD;
    for (unsigned int i = 0; i < out->nseg; i++) {
        const struct elfcheck_segment *a = &out->seg[i];

        for (unsigned int j = 0; j < i; j++) {
            const struct elfcheck_segment *b = &out->seg[j];

            /* No wrap: each ends at or below its hi, checked in step 3. */
            if (a->vaddr < b->vaddr + b->memsz && b->vaddr < a->vaddr + a->memsz) {
                out->at = i;
                out->other = j;
                return ELFCHECK_OVERLAP;
            }
        }
    }
    for (unsigned int i = 0; i < out->nseg; i++) {
        const struct elfcheck_segment *s = &out->seg[i];

        if (out->entry >= s->vaddr && out->entry - s->vaddr < s->memsz) {
            out->at = i;
            return (s->flags & ELFCHECK_PF_X) ? ELFCHECK_OK : ELFCHECK_ENTRY_NOT_EXEC;
        }
    }
    return ELFCHECK_ENTRY_OUTSIDE;
}

/*
 * Checks that elf[0, size) is a static executable for rules->machine whose PT_LOAD segments
 * can be loaded into [rules->lo, rules->hi).  Returns ELFCHECK_OK with out->entry and
 * out->seg[0, out->nseg), or the first error found with where it is in *out (see enum
 * elfcheck_error).  Reads nothing outside elf[0, size); elf needs no alignment.
 */
static inline enum elfcheck_error elfcheck(const void *elf, uint64_t size,
                                           const struct elfcheck_rules *rules, struct elfcheck *out)
{
    const uint8_t *f = (const uint8_t *)elf;
    enum elfcheck_error err;

    out->entry = 0;
    out->nseg = 0;
    out->machine = out->phentsize = out->phnum = 0;
    out->phoff = 0;
    out->at = out->other = out->phdr = 0;
    err = elfcheck_ident_(f, size, rules, out);
    if (err == ELFCHECK_OK)
        err = elfcheck_table_(size, out);
    if (err == ELFCHECK_OK)
        err = elfcheck_headers_(f, size, rules, out);
    if (err == ELFCHECK_OK)
        err = elfcheck_together_(out);
    return err;
}
