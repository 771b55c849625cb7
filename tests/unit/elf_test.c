/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host tests of the kernel's words for the root-server ELF checks
 * (kernel/src/boot/elf.c over <kaal/elfcheck.h>, whose own cases are in
 * elfcheck_test.c): a valid image is accepted and described in struct
 * elf_info; each way of being broken is refused with the boot message's
 * own text; and the kernel stays as lenient as seL4 where the component
 * loaders are strict.  Nothing is read outside the image (ASan watches the
 * copies below, which are allocated to the exact size).
 */
#include "test.h"

#include <boot/elf.h>
#include <stdlib.h>

/* The ELF64 layout, to build images with (System V ABI). */
typedef struct {
    uint8_t e_ident[16];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff;
    uint64_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
} elf64_ehdr_t;

typedef struct {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
} elf64_phdr_t;

enum {
    EI_CLASS = 4,
    EI_DATA = 5,
    EI_VERSION = 6,
    ELFCLASS32 = 1,
    ELFCLASS64 = 2,
    ELFDATA2LSB = 1,
    EV_CURRENT = 1,
    ET_REL = 1,
    ET_EXEC = 2,
    ET_DYN = 3,
    PT_LOAD = 1,
    PT_INTERP = 3,
};

#define IMG_SIZE 0x3000

static unsigned char img[IMG_SIZE];
static struct elf_info info;
static char msg[256];

static elf64_ehdr_t *eh(void)
{
    return (elf64_ehdr_t *)img;
}

static elf64_phdr_t *ph(int i)
{
    return (elf64_phdr_t *)(img + sizeof(elf64_ehdr_t)) + i;
}

/* A small valid executable: text r-x at 0x400000 and data rw- at 0x401000. */
static void make_image(void)
{
    memset(img, 0, sizeof(img));
    memcpy(eh()->e_ident, "\177ELF", 4);
    eh()->e_ident[EI_CLASS] = ELFCLASS64;
    eh()->e_ident[EI_DATA] = ELFDATA2LSB;
    eh()->e_ident[EI_VERSION] = EV_CURRENT;
    eh()->e_type = ET_EXEC;
    eh()->e_machine = 62;
    eh()->e_version = EV_CURRENT;
    eh()->e_entry = 0x400100;
    eh()->e_phoff = sizeof(elf64_ehdr_t);
    eh()->e_phentsize = sizeof(elf64_phdr_t);
    eh()->e_phnum = 3;
    *ph(0) = (elf64_phdr_t){PT_LOAD, PF_R | PF_X, 0x1000, 0x400000, 0x400000, 0x800, 0x800, 4096};
    *ph(1) = (elf64_phdr_t){PT_LOAD, PF_R | PF_W, 0x2000, 0x401000, 0x401000, 0x100, 0x3000, 4096};
    *ph(2) = (elf64_phdr_t){0x6474e551, PF_R | PF_W, 0, 0, 0, 0, 0, 16}; /* GNU_STACK: skipped */
}

/* Checks a copy of exactly size bytes, so any read past it is an ASan error. */
static bool check_size(size_t size)
{
    unsigned char *copy = malloc(size ? size : 1);
    memcpy(copy, img, size);
    msg[0] = '\0';
    bool ok = elf_check(copy, size, &info, msg, sizeof(msg));
    free(copy);
    return ok;
}

static bool check(void)
{
    return check_size(IMG_SIZE);
}

static void valid_image(void)
{
    make_image();
    CHECK(check());
    CHECK_EQ(info.entry, 0x400100);
    CHECK_EQ(info.n_seg, 2);
    CHECK_EQ(info.seg[1].memsz, 0x3000);
    CHECK_EQ(info.seg[0].flags, PF_R | PF_X);
    CHECK_EQ(info.lo, 0x400000);
    CHECK_EQ(info.hi, 0x404000);
}

#define REFUSED(setup, text)                                                                       \
    do {                                                                                           \
        make_image();                                                                              \
        setup;                                                                                     \
        CHECK(!check());                                                                           \
        CHECK_CONTAINS(msg, text);                                                                 \
    } while (0)

static void identity_refusals(void)
{
    REFUSED(img[0] = 'X', "not an ELF file");
    REFUSED(img[EI_CLASS] = ELFCLASS32, "a 32-bit ELF file");
    REFUSED(img[EI_CLASS] = 7, "unknown ELF class");
    REFUSED(img[EI_DATA] = 2, "big-endian");
    REFUSED(img[EI_VERSION] = 0, "unknown ELF version");
    REFUSED(eh()->e_machine = 183, "machine 183, not x86_64");
    REFUSED(eh()->e_type = ET_DYN, "position-independent");
    REFUSED(eh()->e_type = ET_REL, "not an executable");
}

static void header_refusals(void)
{
    make_image();
    CHECK(!check_size(40));
    CHECK_CONTAINS(msg, "too short");
    CHECK(!check_size(sizeof(elf64_ehdr_t) + 10)); /* header whole, program headers cut */
    CHECK_CONTAINS(msg, "program headers lie outside the file");
    REFUSED(eh()->e_phentsize = 32, "unexpected program header size");
    REFUSED(eh()->e_phnum = 0, "no program headers");
    REFUSED(eh()->e_phoff = ~0ull - 8, "program headers lie outside the file");
    REFUSED(eh()->e_phoff = IMG_SIZE - 10, "program headers lie outside the file");
}

static void segment_refusals(void)
{
    REFUSED(ph(0)->p_offset = IMG_SIZE, "segment 0: bytes");
    REFUSED(ph(0)->p_filesz = ~0ull, "lie outside the 12288-byte file");
    REFUSED(ph(1)->p_offset = ~0ull - 4, "segment 1: bytes");
    REFUSED(ph(1)->p_filesz = 0x4000, "segment 1: bytes");
    REFUSED((ph(0)->p_filesz = 0x900, ph(0)->p_memsz = 0x800), "file size exceeds memory size");
    REFUSED(ph(0)->p_vaddr = 0, "outside user space");
    REFUSED(ph(0)->p_vaddr = 0xffffffff80000000ull, "outside user space");
    REFUSED(ph(1)->p_memsz = ~0ull, "outside user space");
    REFUSED(ph(1)->p_vaddr = 0x00007fffffffe000ull,
            "outside user space"); /* no room for IPC/bootinfo */
    REFUSED(ph(1)->p_vaddr = 0x400400, "segments 0 and 1 overlap");
    REFUSED((ph(0)->p_type = 0, ph(1)->p_type = 0), "no loadable segments");
}

static void entry_refusals(void)
{
    REFUSED(eh()->e_entry = 0x401010, "entry point 0x401010 is not in an executable segment");
    REFUSED(eh()->e_entry = 0x500000, "is not in an executable segment");
    REFUSED(eh()->e_entry = 0x400800, "is not in an executable segment"); /* one past the end */
}

static void too_many_segments(void)
{
    make_image();
    eh()->e_phnum = 17;
    for (int i = 0; i < 17; i++)
        *ph(i) = (elf64_phdr_t){PT_LOAD, PF_R | PF_X, 0x1000, 0x400000 + i * 0x1000ull,
                                0,       0x10,        0x10,   4096};
    CHECK(!check());
    CHECK_CONTAINS(msg, "more than 16 loadable segments");
}

static void empty_segments_ignored(void)
{
    make_image();
    ph(2)->p_type = PT_LOAD; /* memsz 0: nothing to load, not an error */
    CHECK(check());
    CHECK_EQ(info.n_seg, 2);
}

/* What seL4's boot loads, the kernel loads too: the component loaders' options are off. */
static void as_lenient_as_sel4(void)
{
    make_image();
    ph(2)->p_type = PT_INTERP; /* a static root task has none, but seL4 does not refuse it */
    ph(2)->p_memsz = ph(2)->p_filesz = 0x10;
    ph(2)->p_offset = 0x200;
    CHECK(check());
    make_image();
    ph(0)->p_offset = 0x1010; /* linked with -N: offset and address differ modulo 4096 */
    CHECK(check());
    CHECK_EQ(info.seg[0].offset, 0x1010);
}

/* "segment N" is the program header's index, as readelf -l numbers them. */
static void segments_named_by_program_header(void)
{
    make_image();
    *ph(2) = *ph(1);
    *ph(1) = *ph(0);
    ph(0)->p_type = 0x6474e551; /* GNU_STACK first: the loads are headers 1 and 2 */
    ph(2)->p_offset = IMG_SIZE;
    CHECK(!check());
    CHECK_CONTAINS(msg, "segment 2: bytes");
    make_image();
    *ph(2) = *ph(1);
    ph(1)->p_type = 0x6474e551;
    ph(2)->p_vaddr = 0x400400;
    CHECK(!check());
    CHECK_CONTAINS(msg, "segments 0 and 2 overlap in memory");
}

TEST_CASES({valid_image, "valid_image"}, {identity_refusals, "identity_refusals"},
           {header_refusals, "header_refusals"}, {segment_refusals, "segment_refusals"},
           {entry_refusals, "entry_refusals"}, {too_many_segments, "too_many_segments"},
           {empty_segments_ignored, "empty_segments_ignored"},
           {as_lenient_as_sel4, "as_lenient_as_sel4"},
           {segments_named_by_program_header, "segments_named_by_program_header"}, );
TEST_MAIN("elf")
