/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * root_elf_check (runtime/root/elf.c, the root server's phrases over the
 * shared <kaal/elfcheck.h>, whose own cases are in tests/unit/elfcheck_test.c)
 * on ELF images built here, in memory.
 * The good image has what a linker makes of a small component: text, then
 * read-only data on the page where text ends, a PT_GNU_STACK header the
 * check must skip, and data with a .bss tail.  Each refusal case breaks one
 * field of a fresh copy and asserts the exact phrase, so a check that
 * stops firing, or fires for the wrong reason, fails here.
 */
#include "../../../runtime/root/elf.h"
#include "elf_image.h"
#include "test.h"

#include <stdlib.h>

#define LO 0x1000ull
#define HI 0x800000000000ull

#define IMAGE_SIZE    0x1400
#define PH_TEXT       0
#define PH_RODATA     1
#define PH_STACK      2
#define PH_DATA       3
#define GOOD_ENTRY    0x400100ull
#define NGOOD_HEADERS 4

static uint8_t image[IMAGE_SIZE];
static uint64_t image_size;
static struct elfcheck out;

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

/* An ELF header for x86_64 with phnum program headers at PHOFF; the segments are the caller's. */
static void header(unsigned int phnum, uint64_t entry)
{
    elf_header(image, sizeof(image), phnum, entry);
    image_size = IMAGE_SIZE;
}

/*
 * text     file [0, 0x1100)       at 0x400000  R X
 * rodata   file [0x1100, 0x1300)  at 0x401100  R    (shares page 0x401000 with text)
 * stack    PT_GNU_STACK, garbage beyond its type, skipped
 * data     file [0x1300, 0x1400)  at 0x402300  RW   0x2000 in memory: a .bss tail
 */
static void good_image(void)
{
    header(NGOOD_HEADERS, GOOD_ENTRY);
    ph(PH_TEXT, PT_LOAD, RX, 0, 0x400000, 0x1100, 0x1100);
    ph(PH_RODATA, PT_LOAD, ELFCHECK_PF_R, 0x1100, 0x401100, 0x200, 0x200);
    ph(PH_STACK, PT_GNU_STACK, RW, ~0ull, ~0ull, ~0ull, 0);
    ph(PH_DATA, PT_LOAD, RW, 0x1300, 0x402300, 0x100, 0x2000);
    for (unsigned int i = 0x1300; i < 0x1400; i++)
        image[i] = (uint8_t)i;
}

/* The check's answer for image[0, image_size) and [lo, hi): "accepted" or its phrase. */
static const char *verdict_in(uint64_t lo, uint64_t hi)
{
    const char *why = NULL;

    memset(&out, 0xa5, sizeof(out));
    if (root_elf_check(image, image_size, lo, hi, &out, &why) == 0)
        return "accepted";
    return why ? why : "(refused with a NULL why)";
}

static const char *verdict(void)
{
    return verdict_in(LO, HI);
}

static void check_seg(unsigned int i, uint64_t vaddr, uint64_t memsz, uint64_t offset,
                      uint64_t filesz, uint32_t flags)
{
    CHECK_EQ(out.seg[i].vaddr, vaddr);
    CHECK_EQ(out.seg[i].memsz, memsz);
    CHECK_EQ(out.seg[i].offset, offset);
    CHECK_EQ(out.seg[i].filesz, filesz);
    CHECK_EQ(out.seg[i].flags, flags);
}

static void test_good_image(void)
{
    good_image();
    CHECK_STR(verdict(), "accepted");
    CHECK_EQ(out.entry, GOOD_ENTRY);
    CHECK_EQ(out.nseg, 3);
    check_seg(0, 0x400000, 0x1100, 0, 0x1100, RX);
    check_seg(1, 0x401100, 0x200, 0x1100, 0x200, ELFCHECK_PF_R);
    check_seg(2, 0x402300, 0x2000, 0x1300, 0x100, RW);
}

/* The same bytes one past an 8-byte boundary: the check reads no field as a wider type. */
static void test_unaligned(void)
{
    uint8_t *copy = malloc(IMAGE_SIZE + 1);
    struct elfcheck e;
    const char *why = NULL;

    good_image();
    memcpy(copy + 1, image, IMAGE_SIZE);
    CHECK_EQ(root_elf_check(copy + 1, IMAGE_SIZE, LO, HI, &e, &why), 0);
    CHECK_EQ(e.nseg, 3);
    CHECK_EQ(e.seg[2].vaddr, 0x402300);
    CHECK_EQ(e.entry, GOOD_ENTRY);
    free(copy);
}

/* Program headers that are not PT_LOAD only count when they name an interpreter. */
static void test_other_headers(void)
{
    good_image();
    set_ph(PH_STACK, P_TYPE, PT_NOTE);
    CHECK_STR(verdict(), "accepted");
    set_ph(PH_STACK, P_TYPE, PT_INTERP);
    CHECK_STR(verdict(), "a dynamically linked executable (it names an interpreter); "
                         "link with -static");
}

static void test_short(void)
{
    const char *why = NULL;

    good_image();
    image_size = 63;
    CHECK_STR(verdict(), "too short for an ELF header");
    CHECK_EQ(root_elf_check(NULL, 0, LO, HI, &out, &why), -1);
    CHECK_STR(why, "too short for an ELF header");
}

static void test_identity(void)
{
    good_image();
    image[3] = 'G';
    CHECK_STR(verdict(), "not an ELF file (bad magic)");
    good_image();
    image[E_IDENT_CLASS] = 1;
    CHECK_STR(verdict(), "not a 64-bit ELF file (class is not ELFCLASS64)");
    good_image();
    image[E_IDENT_DATA] = 2;
    CHECK_STR(verdict(), "not a little-endian ELF file");
    good_image();
    image[E_IDENT_VERSION] = 0;
    CHECK_STR(verdict(), "unknown ELF version (not EV_CURRENT)");
    good_image();
    put_le(E_VERSION, 2, 4);
    CHECK_STR(verdict(), "unknown ELF version (not EV_CURRENT)");
}

static void test_type_and_machine(void)
{
    good_image();
    put_le(E_TYPE, 3, 2); /* ET_DYN */
    CHECK_STR(verdict(), "a position-independent executable; link with -static -no-pie");
    put_le(E_TYPE, 1, 2); /* ET_REL */
    CHECK_STR(verdict(), "not an executable (type is not ET_EXEC)");
    good_image();
    put_le(E_MACHINE, 183, 2); /* EM_AARCH64 */
    CHECK_STR(verdict(), "not an x86_64 ELF file (machine is not EM_X86_64)");
}

static void test_program_header_table(void)
{
    good_image();
    put_le(E_PHENTSIZE, 64, 2);
    CHECK_STR(verdict(), "program header size is not 56");

    good_image();
    put_le(E_PHOFF, IMAGE_SIZE - 3 * PHSIZE, 8); /* the fourth header would run past the end */
    CHECK_STR(verdict(), "program headers reach beyond the file");
    put_le(E_PHOFF, ~0ull - 8, 8); /* phoff + the table wraps around */
    CHECK_STR(verdict(), "program headers reach beyond the file");
    good_image();
    put_le(E_PHNUM, 0xffff, 2);
    CHECK_STR(verdict(), "program headers reach beyond the file");

    /* The table may end exactly at the end of the file, but not one byte later. */
    good_image();
    memmove(image + IMAGE_SIZE - NGOOD_HEADERS * PHSIZE, image + PHOFF, NGOOD_HEADERS * PHSIZE);
    put_le(E_PHOFF, IMAGE_SIZE - NGOOD_HEADERS * PHSIZE, 8);
    CHECK_STR(verdict(), "accepted");
    CHECK_EQ(out.nseg, 3);
    put_le(E_PHOFF, IMAGE_SIZE - NGOOD_HEADERS * PHSIZE + 1, 8);
    CHECK_STR(verdict(), "program headers reach beyond the file");
}

static void test_no_segments(void)
{
    good_image();
    put_le(E_PHNUM, 0, 2);
    CHECK_STR(verdict(), "no PT_LOAD segments");
    good_image();
    set_ph(PH_TEXT, P_TYPE, PT_NOTE);
    set_ph(PH_RODATA, P_TYPE, PT_NOTE);
    set_ph(PH_DATA, P_TYPE, PT_NOTE);
    CHECK_STR(verdict(), "no PT_LOAD segments");
}

/* n PT_LOAD segments, one page each at 0x400000 + k pages, the first executable. */
static void many_segments(unsigned int n)
{
    header(n, 0x400000);
    for (unsigned int k = 0; k < n; k++)
        ph(k, PT_LOAD, k == 0 ? RX : ELFCHECK_PF_R, 0, 0x400000 + k * 0x1000ull, 0x100, 0x1000);
}

static void test_segment_count(void)
{
    many_segments(ELFCHECK_MAX_SEGMENTS);
    CHECK_STR(verdict(), "accepted");
    CHECK_EQ(out.nseg, ELFCHECK_MAX_SEGMENTS);
    check_seg(15, 0x40f000, 0x1000, 0, 0x100, ELFCHECK_PF_R);
    /* A two-digit index in the longest phrase, whole. */
    set_ph(15, P_OFFSET, 1);
    CHECK_STR(verdict(), "segment 15 is misaligned: address and file offset differ modulo 4096");
    many_segments(ELFCHECK_MAX_SEGMENTS + 1);
    CHECK_STR(verdict(), "more than 16 PT_LOAD segments");
}

static void test_segment_sizes(void)
{
    good_image();
    set_ph(PH_DATA, P_MEMSZ, 0xff); /* the file holds 0x100 */
    CHECK_STR(verdict(), "segment 2 is larger in the file than in memory");
    /* Both wrong: the file's bytes come first, as a truncated file is the likelier mistake. */
    set_ph(PH_DATA, P_FILESZ, 0x2001);
    set_ph(PH_DATA, P_MEMSZ, 0x2000);
    CHECK_STR(verdict(), "segment 2 reaches beyond the file");
    good_image();
    set_ph(PH_RODATA, P_FILESZ, 0);
    set_ph(PH_RODATA, P_MEMSZ, 0);
    CHECK_STR(verdict(), "segment 1 is empty (memory size 0)");
}

static void test_segment_in_file(void)
{
    good_image();
    set_ph(PH_DATA, P_FILESZ, 0x101); /* one byte past the end */
    CHECK_STR(verdict(), "segment 2 reaches beyond the file");
    good_image();
    set_ph(PH_DATA, P_OFFSET, 0x2300); /* starts past the end */
    CHECK_STR(verdict(), "segment 2 reaches beyond the file");
    good_image();
    set_ph(PH_DATA, P_OFFSET, ~0ull - 0x7f); /* offset + filesz wraps round to 0x80 */
    CHECK_STR(verdict(), "segment 2 reaches beyond the file");
}

static void test_segment_in_range(void)
{
    good_image();
    set_ph(PH_DATA, P_VADDR, ~0ull - 0xcff); /* vaddr + memsz wraps round to 0x1300 */
    CHECK_STR(verdict(), "segment 2 wraps around the end of the address space");

    good_image();
    CHECK_STR(verdict_in(0x400001, HI), "segment 0 lies outside the range the loader may use");
    CHECK_STR(verdict_in(LO, 0x404000), "segment 2 lies outside the range the loader may use");
    CHECK_STR(verdict_in(0x400000, 0x404300), "accepted"); /* [lo, hi) exactly */
    CHECK_STR(verdict_in(0x404300, 0x400000),
              "segment 0 lies outside the range the loader may use");
    CHECK_STR(verdict_in(0, ~0ull), "accepted");
}

static void test_segment_alignment(void)
{
    good_image();
    set_ph(PH_RODATA, P_OFFSET, 0x1101);
    CHECK_STR(verdict(), "segment 1 is misaligned: address and file offset differ modulo 4096");
    /* A different page, the same offset within it, is what a linker may do: fine. */
    good_image();
    set_ph(PH_DATA, P_VADDR, 0x7ff300);
    CHECK_STR(verdict(), "accepted");
}

static void test_overlap(void)
{
    good_image();
    set_ph(PH_RODATA, P_VADDR, 0x4010ff); /* one byte into text */
    set_ph(PH_RODATA, P_OFFSET, 0x10ff);
    CHECK_STR(verdict(), "segments 0 and 1 overlap");

    /* The data's .bss tail running into a later segment is an overlap too. */
    good_image();
    set_ph(PH_DATA, P_VADDR, 0x3ff300);
    set_ph(PH_DATA, P_MEMSZ, 0xd01);
    CHECK_STR(verdict(), "segments 0 and 2 overlap");
    set_ph(PH_DATA, P_MEMSZ, 0xd00); /* ends where text starts */
    CHECK_STR(verdict(), "accepted");
}

static void test_entry(void)
{
    good_image();
    put_le(E_ENTRY, 0x500000, 8);
    CHECK_STR(verdict(), "the entry point is outside every segment");
    put_le(E_ENTRY, 0x3fffff, 8);
    CHECK_STR(verdict(), "the entry point is outside every segment");
    put_le(E_ENTRY, 0x402400, 8);
    CHECK_STR(verdict(), "segment 2 holds the entry point but is not executable");
    put_le(E_ENTRY, 0x401100, 8); /* the first byte after text is rodata */
    CHECK_STR(verdict(), "segment 1 holds the entry point but is not executable");
    put_le(E_ENTRY, 0x4010ff, 8); /* the last byte of text */
    CHECK_STR(verdict(), "accepted");
    CHECK_EQ(out.entry, 0x4010ff);
}

TEST_CASES({test_good_image, "good-image"}, {test_unaligned, "unaligned"},
           {test_other_headers, "other-headers"}, {test_short, "short"},
           {test_identity, "identity"}, {test_type_and_machine, "type-and-machine"},
           {test_program_header_table, "program-header-table"}, {test_no_segments, "no-segments"},
           {test_segment_count, "segment-count"}, {test_segment_sizes, "segment-sizes"},
           {test_segment_in_file, "segment-in-file"}, {test_segment_in_range, "segment-in-range"},
           {test_segment_alignment, "segment-alignment"}, {test_overlap, "overlap"},
           {test_entry, "entry"});
TEST_MAIN("root/elf")
