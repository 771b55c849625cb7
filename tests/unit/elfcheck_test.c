/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The shared ELF checker (sdk/private/include/kaal/elfcheck.h) on its own:
 * one case per error code, each breaking one field of a good image and
 * asserting the code and where the checker says the mistake is; then the
 * options, the edges of [lo, hi), and unaligned input.  Every image is
 * checked from a heap copy of exactly its size, so a read past the end is
 * an ASan report.  The callers' wording is tested beside each caller
 * (elf_test.c, root/elf_test.c, sysgen/sysgen_test.c).
 */
#include "test.h"

#include "elf_image.h"

#include <kaal/elfcheck.h>
#include <stdbool.h>
#include <stdlib.h>

#define LO 0x1000ull
#define HI 0x7fff00000000ull

#define SIZE     0x400
#define ENTRY    0x400100ull
#define PH_TEXT  0
#define PH_STACK 1
#define PH_DATA  2

static uint8_t image[SIZE];
static uint64_t image_size;
static struct elfcheck out;
static struct elfcheck_rules rules;
static bool seen[ELFCHECK_NCODES]; /* the codes the cases have produced */

static void put_le(uint64_t off, uint64_t v, unsigned int bytes)
{
    elf_put_le(image, off, v, bytes);
}

static void set_ph(unsigned int k, unsigned int field, uint64_t v)
{
    elf_set_ph(image, k, field, v);
}

static void ph(unsigned int k, uint32_t type, uint32_t flags, uint64_t offset, uint64_t vaddr,
               uint64_t filesz, uint64_t memsz)
{
    elf_ph(image, k, type, flags, offset, vaddr, filesz, memsz);
}

/* An x86_64 ET_EXEC header with phnum program headers at PHOFF, and the component rules. */
static void header(unsigned int phnum, uint64_t entry)
{
    elf_header(image, sizeof(image), phnum, entry);
    image_size = SIZE;
    rules = (struct elfcheck_rules){ELFCHECK_EM_X86_64, ELFCHECK_COMPONENT, LO, HI};
}

/* text r-x at 0x400000 (file [0, 0x300)), a PT_GNU_STACK, data rw- at 0x401300 with a .bss. */
static void good(void)
{
    header(3, ENTRY);
    ph(PH_TEXT, PT_LOAD, RX, 0, 0x400000, 0x300, 0x300);
    ph(PH_STACK, PT_GNU_STACK, RW, 0, 0, 0, 0);
    ph(PH_DATA, PT_LOAD, RW, 0x300, 0x401300, 0x100, 0x1000);
}

/* The checker's code for image[0, image_size), read from an exact-size copy. */
static enum elfcheck_error run(void)
{
    uint8_t *copy = malloc(image_size ? image_size : 1);
    enum elfcheck_error err;

    memcpy(copy, image, image_size);
    memset(&out, 0xa5, sizeof(out));
    err = elfcheck(copy, image_size, &rules, &out);
    free(copy);
    if (err < ELFCHECK_NCODES)
        seen[err] = true;
    return err;
}

static void accepts_a_good_image(void)
{
    good();
    CHECK_EQ(run(), ELFCHECK_OK);
    CHECK_EQ(out.entry, ENTRY);
    CHECK_EQ(out.nseg, 2);
    CHECK_EQ(out.seg[0].vaddr, 0x400000);
    CHECK_EQ(out.seg[0].flags, RX);
    CHECK_EQ(out.seg[0].phdr, PH_TEXT);
    CHECK_EQ(out.seg[1].vaddr, 0x401300);
    CHECK_EQ(out.seg[1].memsz, 0x1000);
    CHECK_EQ(out.seg[1].offset, 0x300);
    CHECK_EQ(out.seg[1].filesz, 0x100);
    CHECK_EQ(out.seg[1].flags, RW);
    CHECK_EQ(out.seg[1].phdr, PH_DATA);
    set_ph(PH_TEXT, P_FLAGS, 0xff0 | RX); /* other p_flags bits are dropped */
    CHECK_EQ(run(), ELFCHECK_OK);
    CHECK_EQ(out.seg[0].flags, RX);
}

static void file_header(void)
{
    good();
    image_size = 63;
    CHECK_EQ(run(), ELFCHECK_SHORT);
    image_size = 0;
    CHECK_EQ(run(), ELFCHECK_SHORT);
    good();
    image[1] = 'e';
    CHECK_EQ(run(), ELFCHECK_MAGIC);
    good();
    image[E_IDENT_CLASS] = 1;
    CHECK_EQ(run(), ELFCHECK_CLASS32);
    image[E_IDENT_CLASS] = 3;
    CHECK_EQ(run(), ELFCHECK_CLASS);
    good();
    image[E_IDENT_DATA] = 2;
    CHECK_EQ(run(), ELFCHECK_DATA);
    good();
    image[E_IDENT_VERSION] = 0;
    CHECK_EQ(run(), ELFCHECK_VERSION);
    good();
    put_le(E_VERSION, 2, 4);
    CHECK_EQ(run(), ELFCHECK_VERSION);
    good();
    put_le(E_MACHINE, 183, 2);
    CHECK_EQ(run(), ELFCHECK_MACHINE);
    CHECK_EQ(out.machine, 183);
    rules.machine = 183; /* the caller names the machine */
    CHECK_EQ(run(), ELFCHECK_OK);
    good();
    put_le(E_TYPE, 3, 2);
    CHECK_EQ(run(), ELFCHECK_DYN);
    put_le(E_TYPE, 1, 2);
    CHECK_EQ(run(), ELFCHECK_TYPE);
}

static void program_header_table(void)
{
    good();
    put_le(E_PHNUM, 0, 2);
    put_le(E_PHENTSIZE, 0, 2); /* no table: its entry size does not matter */
    CHECK_EQ(run(), ELFCHECK_NO_PHDRS);
    good();
    put_le(E_PHENTSIZE, 64, 2);
    CHECK_EQ(run(), ELFCHECK_PHENTSIZE);
    CHECK_EQ(out.phentsize, 64);
    good();
    put_le(E_PHNUM, 0xffff, 2);
    CHECK_EQ(run(), ELFCHECK_PHDRS_OUTSIDE);
    CHECK_EQ(out.phnum, 0xffff);
    good();
    put_le(E_PHOFF, ~0ull - 8, 8); /* phoff + the table wraps */
    CHECK_EQ(run(), ELFCHECK_PHDRS_OUTSIDE);
    CHECK_EQ(out.phoff, ~0ull - 8);
    good();
    image_size = PHOFF + 3 * PHSIZE; /* the table ends where the file does: fine so far */
    CHECK(run() != ELFCHECK_PHDRS_OUTSIDE);
    image_size--;
    CHECK_EQ(run(), ELFCHECK_PHDRS_OUTSIDE);
}

static void interpreter(void)
{
    good();
    set_ph(PH_STACK, P_TYPE, PT_INTERP);
    CHECK_EQ(run(), ELFCHECK_INTERP);
    CHECK_EQ(out.phdr, PH_STACK);
    rules.options &= ~ELFCHECK_NO_INTERP;
    CHECK_EQ(run(), ELFCHECK_OK);
}

static void too_many(void)
{
    header(ELFCHECK_MAX_SEGMENTS + 1, 0x400000);
    image_size = SIZE;
    for (unsigned int k = 0; k < ELFCHECK_MAX_SEGMENTS; k++)
        ph(k, PT_LOAD, RX, 0, 0x400000 + k * 0x1000ull, 0x10, 0x10);
    set_ph(ELFCHECK_MAX_SEGMENTS, P_TYPE, PT_GNU_STACK);
    CHECK_EQ(run(), ELFCHECK_OK);
    CHECK_EQ(out.nseg, ELFCHECK_MAX_SEGMENTS);
    ph(ELFCHECK_MAX_SEGMENTS, PT_LOAD, RX, 0, 0x500000, 0x10, 0x10);
    CHECK_EQ(run(), ELFCHECK_TOO_MANY);
    CHECK_EQ(out.phdr, ELFCHECK_MAX_SEGMENTS);
}

/* Breaks the data segment with field = v; expects err, reported as seg[1], header 2. */
static void bad_data(unsigned int field, uint64_t v, enum elfcheck_error err)
{
    good();
    set_ph(PH_DATA, field, v);
    CHECK_EQ(run(), err);
    CHECK_EQ(out.at, 1);
    CHECK_EQ(out.nseg, 1);
    CHECK_EQ(out.phdr, PH_DATA);
    CHECK_EQ(out.seg[1].phdr, PH_DATA);
}

static void segments(void)
{
    bad_data(P_MEMSZ, 0, ELFCHECK_SEG_EMPTY);
    bad_data(P_OFFSET, 0x301, ELFCHECK_SEG_OUTSIDE);        /* one byte past the end */
    bad_data(P_OFFSET, ~0ull - 0x7f, ELFCHECK_SEG_OUTSIDE); /* offset + filesz wraps */
    bad_data(P_FILESZ, 0x101, ELFCHECK_SEG_OUTSIDE);        /* before filesz > memsz */
    bad_data(P_MEMSZ, 0xff, ELFCHECK_SEG_FILESZ);
    bad_data(P_VADDR, ~0ull - 0xfff + 0x300, ELFCHECK_SEG_WRAPS);
    bad_data(P_VADDR, 0x300, ELFCHECK_SEG_RANGE);      /* below lo */
    bad_data(P_VADDR, HI - 0xd00, ELFCHECK_SEG_RANGE); /* its .bss runs past hi */
    bad_data(P_VADDR, 0x402301, ELFCHECK_SEG_MISALIGNED);
    CHECK_EQ(out.seg[1].vaddr, 0x402301); /* the refused segment's fields, for the message */
    CHECK_EQ(out.seg[1].offset, 0x300);

    /* The component options off: an empty PT_LOAD is skipped, congruence not asked. */
    good();
    rules.options = 0;
    set_ph(PH_DATA, P_VADDR, 0x402301);
    CHECK_EQ(run(), ELFCHECK_OK);
    set_ph(PH_DATA, P_MEMSZ, 0);
    set_ph(PH_DATA, P_FILESZ, 0);
    CHECK_EQ(run(), ELFCHECK_OK);
    CHECK_EQ(out.nseg, 1);
}

static void range_edges(void)
{
    good();
    rules.lo = 0x400000;
    rules.hi = 0x402300;
    CHECK_EQ(run(), ELFCHECK_OK); /* [lo, hi) exactly */
    rules.lo = 0x400001;
    CHECK_EQ(run(), ELFCHECK_SEG_RANGE);
    CHECK_EQ(out.at, 0);
    rules.lo = 0x400000;
    rules.hi = 0x4022ff;
    CHECK_EQ(run(), ELFCHECK_SEG_RANGE);
    CHECK_EQ(out.at, 1);
    rules.lo = 0x402300; /* lo above hi: nothing fits */
    rules.hi = 0x400000;
    CHECK_EQ(run(), ELFCHECK_SEG_RANGE);
    rules.lo = 0;
    rules.hi = ~0ull;
    CHECK_EQ(run(), ELFCHECK_OK);
}

static void together(void)
{
    good();
    set_ph(PH_TEXT, P_TYPE, PT_GNU_STACK);
    set_ph(PH_DATA, P_TYPE, PT_GNU_STACK);
    CHECK_EQ(run(), ELFCHECK_NO_LOAD);

    good();
    set_ph(PH_DATA, P_VADDR, 0x3ff300); /* its .bss reaches one byte into text */
    set_ph(PH_DATA, P_MEMSZ, 0xd01);
    CHECK_EQ(run(), ELFCHECK_OVERLAP);
    CHECK_EQ(out.at, 1);
    CHECK_EQ(out.other, 0);
    set_ph(PH_DATA, P_MEMSZ, 0xd00); /* ends where text starts: a page in common is fine */
    CHECK_EQ(run(), ELFCHECK_OK);

    good();
    put_le(E_ENTRY, 0x400300, 8); /* one past text, in the hole before data */
    CHECK_EQ(run(), ELFCHECK_ENTRY_OUTSIDE);
    put_le(E_ENTRY, 0x401400, 8);
    CHECK_EQ(run(), ELFCHECK_ENTRY_NOT_EXEC);
    CHECK_EQ(out.at, 1);
    put_le(E_ENTRY, 0x4002ff, 8); /* the last byte of text */
    CHECK_EQ(run(), ELFCHECK_OK);
}

/* The same bytes one past an 8-byte boundary: no field is read as a wider type (UBSan). */
static void unaligned(void)
{
    uint8_t *copy = malloc(SIZE + 1);

    good();
    memcpy(copy + 1, image, SIZE);
    CHECK_EQ(elfcheck(copy + 1, SIZE, &rules, &out), ELFCHECK_OK);
    CHECK_EQ(out.nseg, 2);
    CHECK_EQ(out.seg[1].vaddr, 0x401300);
    CHECK_EQ(out.entry, ENTRY);
    free(copy);
}

/* Runs last: every error code has a case above. */
static void every_code_has_a_case(void)
{
    for (int code = 0; code < ELFCHECK_NCODES; code++)
        if (!seen[code])
            test_fail(__FILE__, __LINE__, "no case produces error code %d", code);
}

TEST_CASES({accepts_a_good_image, "accepts_a_good_image"}, {file_header, "file_header"},
           {program_header_table, "program_header_table"}, {interpreter, "interpreter"},
           {too_many, "too_many"}, {segments, "segments"}, {range_edges, "range_edges"},
           {together, "together"}, {unaligned, "unaligned"},
           {every_code_has_a_case, "every_code_has_a_case"}, );
TEST_MAIN("elfcheck")
