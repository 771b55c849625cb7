/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The component ELF check (elf.h).  Three steps, each refusing with its own
 * phrase: the file header (identity, type, machine, where the program
 * headers are), then each PT_LOAD on its own (its bytes in the file, its
 * memory in [lo, hi)), then the segments together (no two share a byte, the
 * entry point is in an executable one).
 *
 * Fields are read a byte at a time, little-endian, at their ELF64 offsets:
 * the image sits wherever the system image put it, so a struct cast could
 * be an unaligned access, and this way there is nothing to copy.  Every
 * end of a range is compared by subtraction from the file size, never by
 * an addition that could wrap.
 */
#include "elf.h"

/* ELF64 file header: size and the offsets of the fields read. */
#define EHDR_SIZE   64u
#define EI_CLASS    4u
#define EI_DATA     5u
#define EI_VERSION  6u
#define E_TYPE      16u
#define E_MACHINE   18u
#define E_VERSION   20u
#define E_ENTRY     24u
#define E_PHOFF     32u
#define E_PHENTSIZE 54u
#define E_PHNUM     56u

/* ELF64 program header. */
#define PHDR_SIZE 56u
#define P_TYPE    0u
#define P_FLAGS   4u
#define P_OFFSET  8u
#define P_VADDR   16u
#define P_FILESZ  32u
#define P_MEMSZ   40u

#define ELFCLASS64  2u
#define ELFDATA2LSB 1u
#define EV_CURRENT  1u
#define ET_EXEC     2u
#define ET_DYN      3u
#define EM_X86_64   62u
#define PT_LOAD     1u
#define PT_INTERP   3u

#define PAGE 4096u

/* The little-endian value of the n bytes at p. */
static uint64_t load_le(const uint8_t *p, unsigned int n)
{
    uint64_t v = 0;

    while (n--)
        v = v << 8 | p[n];
    return v;
}

/*
 * Phrases that name a segment are built here.  One buffer is enough: the
 * caller reads the phrase before it checks another image.
 */
static char why_buf[96]; /* the longest phrase, "segment 15 is misaligned: ...", is 68 */
static unsigned int why_len;

static void why_put(const char *s)
{
    while (*s && why_len < sizeof(why_buf) - 1)
        why_buf[why_len++] = *s++;
    why_buf[why_len] = '\0';
}

static void why_num(unsigned int v)
{
    char digits[10];
    unsigned int n = 0;

    do
        digits[n++] = (char)('0' + v % 10);
    while (v /= 10);
    while (n && why_len < sizeof(why_buf) - 1)
        why_buf[why_len++] = digits[--n];
    why_buf[why_len] = '\0';
}

static int fail(const char **why, const char *phrase)
{
    *why = phrase;
    return -1;
}

/* "segment <i> <what>" */
static int fail_seg(const char **why, unsigned int i, const char *what)
{
    why_len = 0;
    why_put("segment ");
    why_num(i);
    why_put(" ");
    why_put(what);
    return fail(why, why_buf);
}

/* Checks the file header and that the program header table is in the file. */
static int check_header(const uint8_t *f, uint64_t size, const char **why)
{
    uint64_t phoff, phbytes;

    if (size < EHDR_SIZE)
        return fail(why, "too short for an ELF header");
    if (f[0] != 0x7f || f[1] != 'E' || f[2] != 'L' || f[3] != 'F')
        return fail(why, "not an ELF file (bad magic)");
    if (f[EI_CLASS] != ELFCLASS64)
        return fail(why, "not a 64-bit ELF file (class is not ELFCLASS64)");
    if (f[EI_DATA] != ELFDATA2LSB)
        return fail(why, "not a little-endian ELF file");
    if (f[EI_VERSION] != EV_CURRENT || load_le(f + E_VERSION, 4) != EV_CURRENT)
        return fail(why, "unknown ELF version (not EV_CURRENT)");
    if (load_le(f + E_TYPE, 2) == ET_DYN)
        return fail(why, "a position-independent executable; link with -static -no-pie");
    if (load_le(f + E_TYPE, 2) != ET_EXEC)
        return fail(why, "not an executable (type is not ET_EXEC)");
    if (load_le(f + E_MACHINE, 2) != EM_X86_64)
        return fail(why, "not an x86_64 ELF file (machine is not EM_X86_64)");
    if (load_le(f + E_PHENTSIZE, 2) != PHDR_SIZE)
        return fail(why, "program header size is not 56");
    phoff = load_le(f + E_PHOFF, 8);
    phbytes = load_le(f + E_PHNUM, 2) * PHDR_SIZE; /* at most 65535 * 56: no overflow */
    if (phoff > size || phbytes > size - phoff)
        return fail(why, "program headers reach beyond the file");
    return 0;
}

/* Checks the PT_LOAD program header ph, segment i, and fills *s from it. */
static int check_segment(const uint8_t *ph, unsigned int i, uint64_t size, uint64_t lo, uint64_t hi,
                         struct root_elf_segment *s, const char **why)
{
    s->vaddr = load_le(ph + P_VADDR, 8);
    s->memsz = load_le(ph + P_MEMSZ, 8);
    s->offset = load_le(ph + P_OFFSET, 8);
    s->filesz = load_le(ph + P_FILESZ, 8);
    s->flags = (uint32_t)load_le(ph + P_FLAGS, 4) & (ROOT_ELF_PF_R | ROOT_ELF_PF_W | ROOT_ELF_PF_X);

    if (s->filesz > s->memsz)
        return fail_seg(why, i, "is larger in the file than in memory");
    if (s->memsz == 0)
        return fail_seg(why, i, "is empty (memory size 0)");
    if (s->offset > size || s->filesz > size - s->offset)
        return fail_seg(why, i, "reaches beyond the file");
    if (s->memsz > UINT64_MAX - s->vaddr)
        return fail_seg(why, i, "wraps around the end of the address space");
    if (s->vaddr < lo || s->vaddr + s->memsz > hi)
        return fail_seg(why, i, "lies outside the range the loader may use");
    if (s->vaddr % PAGE != s->offset % PAGE)
        return fail_seg(why, i, "is misaligned: address and file offset differ modulo 4096");
    return 0;
}

/* Checks every PT_LOAD in file order and collects them in out. */
static int collect_segments(const uint8_t *f, uint64_t size, uint64_t lo, uint64_t hi,
                            struct root_elf *out, const char **why)
{
    uint64_t phoff = load_le(f + E_PHOFF, 8);
    unsigned int phnum = (unsigned int)load_le(f + E_PHNUM, 2);

    out->nseg = 0;
    for (unsigned int k = 0; k < phnum; k++) {
        const uint8_t *ph = f + phoff + (uint64_t)k * PHDR_SIZE;
        uint32_t type = (uint32_t)load_le(ph + P_TYPE, 4);

        if (type == PT_INTERP)
            return fail(why, "a dynamically linked executable (it names an interpreter); "
                             "link with -static");
        if (type != PT_LOAD)
            continue;
        if (out->nseg == ROOT_ELF_MAX_SEGMENTS)
            return fail(why, "more than 16 PT_LOAD segments");
        if (check_segment(ph, out->nseg, size, lo, hi, &out->seg[out->nseg], why) != 0)
            return -1;
        out->nseg++;
    }
    if (out->nseg == 0)
        return fail(why, "no PT_LOAD segments");
    return 0;
}

/* Refuses two segments with a byte in common; a page in common is fine. */
static int check_overlaps(const struct root_elf *e, const char **why)
{
    for (unsigned int i = 0; i < e->nseg; i++) {
        for (unsigned int j = i + 1; j < e->nseg; j++) {
            const struct root_elf_segment *a = &e->seg[i], *b = &e->seg[j];

            if (a->vaddr < b->vaddr + b->memsz && b->vaddr < a->vaddr + a->memsz) {
                why_len = 0;
                why_put("segments ");
                why_num(i);
                why_put(" and ");
                why_num(j);
                why_put(" overlap");
                return fail(why, why_buf);
            }
        }
    }
    return 0;
}

/* The entry point must be in a segment, and that segment executable. */
static int check_entry(const struct root_elf *e, const char **why)
{
    for (unsigned int i = 0; i < e->nseg; i++) {
        const struct root_elf_segment *s = &e->seg[i];

        if (e->entry >= s->vaddr && e->entry - s->vaddr < s->memsz) {
            if (!(s->flags & ROOT_ELF_PF_X))
                return fail_seg(why, i, "holds the entry point but is not executable");
            return 0;
        }
    }
    return fail(why, "the entry point is outside every segment");
}

int root_elf_check(const void *elf, uint64_t size, uint64_t lo, uint64_t hi, struct root_elf *out,
                   const char **why)
{
    const uint8_t *f = elf;

    if (check_header(f, size, why) != 0)
        return -1;
    out->entry = load_le(f + E_ENTRY, 8);
    if (collect_segments(f, size, lo, hi, out, why) != 0 || check_overlaps(out, why) != 0 ||
        check_entry(out, why) != 0)
        return -1;
    return 0;
}
