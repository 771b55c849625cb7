/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The component ELF check (elf.h): <kaal/elfcheck.h> does the checking
 * with all of ELFCHECK_COMPONENT on (no PT_INTERP, no empty PT_LOAD,
 * address and offset equal modulo 4096, since the loader fills each page
 * from the file by offset), and this file turns its error code into the
 * phrase the loader prints after "bad ELF: ".
 */
#include "elf.h"

#include <stddef.h>

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

/* "segment <i> <what>" */
static const char *seg_phrase(unsigned int i, const char *what)
{
    why_len = 0;
    why_put("segment ");
    why_num(i);
    why_put(" ");
    why_put(what);
    return why_buf;
}

/* "segments <i> and <j> overlap" */
static const char *overlap_phrase(unsigned int i, unsigned int j)
{
    why_len = 0;
    why_put("segments ");
    why_num(i);
    why_put(" and ");
    why_num(j);
    why_put(" overlap");
    return why_buf;
}

/* What follows "segment N" for each error about one segment; NULL for the others. */
static const char *seg_what(enum elfcheck_error err)
{
    switch (err) {
    case ELFCHECK_SEG_EMPTY:
        return "is empty (memory size 0)";
    case ELFCHECK_SEG_OUTSIDE:
        return "reaches beyond the file";
    case ELFCHECK_SEG_FILESZ:
        return "is larger in the file than in memory";
    case ELFCHECK_SEG_WRAPS:
        return "wraps around the end of the address space";
    case ELFCHECK_SEG_RANGE:
        return "lies outside the range the loader may use";
    case ELFCHECK_SEG_MISALIGNED:
        return "is misaligned: address and file offset differ modulo 4096";
    case ELFCHECK_ENTRY_NOT_EXEC:
        return "holds the entry point but is not executable";
    default:
        return NULL;
    }
}

/* The phrase for an error that names no segment. */
static const char *plain_phrase(enum elfcheck_error err)
{
    switch (err) {
    case ELFCHECK_SHORT:
        return "too short for an ELF header";
    case ELFCHECK_MAGIC:
        return "not an ELF file (bad magic)";
    case ELFCHECK_CLASS32:
    case ELFCHECK_CLASS:
        return "not a 64-bit ELF file (class is not ELFCLASS64)";
    case ELFCHECK_DATA:
        return "not a little-endian ELF file";
    case ELFCHECK_VERSION:
        return "unknown ELF version (not EV_CURRENT)";
    case ELFCHECK_MACHINE:
        return "not an x86_64 ELF file (machine is not EM_X86_64)";
    case ELFCHECK_DYN:
        return "a position-independent executable; link with -static -no-pie";
    case ELFCHECK_TYPE:
        return "not an executable (type is not ET_EXEC)";
    case ELFCHECK_PHENTSIZE:
        return "program header size is not 56";
    case ELFCHECK_PHDRS_OUTSIDE:
        return "program headers reach beyond the file";
    case ELFCHECK_INTERP:
        return "a dynamically linked executable (it names an interpreter); link with -static";
    case ELFCHECK_TOO_MANY:
        return "more than 16 PT_LOAD segments";
    case ELFCHECK_ENTRY_OUTSIDE:
        return "the entry point is outside every segment";
    default: /* ELFCHECK_NO_PHDRS, ELFCHECK_NO_LOAD */
        return "no PT_LOAD segments";
    }
}

int root_elf_check(const void *elf, uint64_t size, uint64_t lo, uint64_t hi, struct elfcheck *out,
                   const char **why)
{
    const struct elfcheck_rules rules = {
        .machine = ELFCHECK_EM_X86_64,
        .options = ELFCHECK_COMPONENT,
        .lo = lo,
        .hi = hi,
    };
    enum elfcheck_error err = elfcheck(elf, size, &rules, out);
    const char *what = seg_what(err);

    if (err == ELFCHECK_OK)
        return 0;
    if (err == ELFCHECK_OVERLAP)
        *why = overlap_phrase(out->other, out->at);
    else if (what)
        *why = seg_phrase(out->at, what);
    else
        *why = plain_phrase(err);
    return -1;
}
