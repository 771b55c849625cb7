/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host tests of multiboot info parsing.  The test lays out loader records
 * in a buffer that stands for physical memory at PHYS_BASE and supplies
 * arch_paddr_to_ptr over it; a read outside the records hits ASan or the
 * range check in arch_paddr_to_ptr.
 */
#include "test.h"

#include <arch/multiboot.h>
#include <machine.h>
#include <stdio.h>
#include <stdlib.h>

#define PHYS_BASE 0x200000ull
#define PHYS_SIZE 0x4000

static unsigned char phys[PHYS_SIZE];
static struct boot_input in;
static char msg[256];
static const struct mem_range kernel = {0x100000, 0x119000};

void *arch_paddr_to_ptr(paddr_t pa)
{
    if (pa < PHYS_BASE || pa >= PHYS_BASE + PHYS_SIZE) {
        fprintf(stderr, "multiboot_test: read of physical %#llx outside the test's records\n",
                (unsigned long long)pa);
        abort();
    }
    return phys + (pa - PHYS_BASE);
}

/* Offsets in phys of each record. */
enum { INFO = 0x0, MMAP = 0x100, MODS = 0x400, STRINGS = 0x600 };

static struct mb_info *info(void)
{
    return (struct mb_info *)(phys + INFO);
}

static void put_string(unsigned off, const char *s)
{
    strcpy((char *)phys + STRINGS + off, s);
}

static unsigned n_entries;

static void add_entry(uint64_t base, uint64_t len, uint32_t type)
{
    struct mb_mmap_entry e = {20, base, len, type};
    memcpy(phys + MMAP + n_entries++ * sizeof(e), &e, sizeof(e));
    info()->mmap_length = n_entries * sizeof(e);
}

/* What QEMU passes: a command line, two modules and a three-entry map. */
static void qemu_like(void)
{
    memset(phys, 0, sizeof(phys));
    n_entries = 0;
    info()->flags = MB_INFO_MEMORY | MB_INFO_CMDLINE | MB_INFO_MODS | MB_INFO_MMAP;
    info()->cmdline = PHYS_BASE + STRINGS;
    put_string(0, "kernel.elf kaal.exit=booted");
    info()->mmap_addr = PHYS_BASE + MMAP;
    add_entry(0, 0x9fc00, MB_MMAP_RAM);
    add_entry(0xf0000, 0x10000, 2);
    add_entry(0x100000, 0x7ee0000, MB_MMAP_RAM);
    info()->mods_count = 2;
    info()->mods_addr = PHYS_BASE + MODS;
    struct mb_module mods[2] = {{0x11a000, 0x11b800, PHYS_BASE + STRINGS + 0x100, 0},
                                {0x11c000, 0x11c010, 0, 0}};
    memcpy(phys + MODS, mods, sizeof(mods));
    put_string(0x100, "root.elf");
}

static enum boot_status parse(void)
{
    msg[0] = '\0';
    return multiboot_parse(PHYS_BASE + INFO, kernel, &in, msg, sizeof(msg));
}

static void parses_qemu_records(void)
{
    qemu_like();
    CHECK_EQ(parse(), BOOT_OK);
    CHECK(in.have_mmap);
    CHECK_EQ(in.n_avail, 2);
    CHECK_EQ(in.avail[1].start, 0x100000);
    CHECK_EQ(in.avail[1].end, 0x7fe0000);
    CHECK_EQ(in.n_resv, 1);
    CHECK_EQ(in.resv[0].end, 0x100000);
    CHECK_EQ(in.n_mods, 2);
    CHECK_STR(in.mods[0].cmdline, "root.elf");
    CHECK(in.mods[1].cmdline == NULL);
    CHECK_STR(in.cmdline, "kernel.elf kaal.exit=booted");
    CHECK_EQ(in.kernel.end, kernel.end);
    CHECK_EQ(in.info.start, PHYS_BASE + INFO);
    CHECK_EQ(in.info.end, PHYS_BASE + MODS + 2 * sizeof(struct mb_module));
}

static void parsed_map_checks_out(void)
{
    struct boot_mem mem;

    qemu_like();
    CHECK_EQ(parse(), BOOT_OK);
    CHECK_EQ(boot_check_memory(&in, &mem, msg, sizeof(msg)), BOOT_OK);
    CHECK_EQ(mem.free[0].start, 0x119000);
}

static void no_map_flag(void)
{
    qemu_like();
    info()->flags &= ~MB_INFO_MMAP;
    CHECK_EQ(parse(), BOOT_OK); /* parsing is fine; the memory check refuses it */
    CHECK(!in.have_mmap);
    CHECK_EQ(in.n_avail, 0);
}

static void no_modules_or_cmdline(void)
{
    qemu_like();
    info()->flags &= ~(MB_INFO_MODS | MB_INFO_CMDLINE);
    CHECK_EQ(parse(), BOOT_OK);
    CHECK_EQ(in.n_mods, 0);
    CHECK(in.cmdline == NULL);
}

static void malformed_entries(void)
{
    qemu_like();
    struct mb_mmap_entry *e = (struct mb_mmap_entry *)(phys + MMAP);
    e->size = 4;
    CHECK_EQ(parse(), BOOT_ERR_BAD_MMAP);
    CHECK_CONTAINS(msg, "memory map entry at 0x200100");
    qemu_like();
    e->size = 0x1000; /* runs past the map */
    CHECK_EQ(parse(), BOOT_ERR_BAD_MMAP);
    qemu_like();
    info()->mmap_length -= 3; /* last entry cut short */
    CHECK_EQ(parse(), BOOT_ERR_BAD_MMAP);
}

static void larger_entries_are_stepped_over(void)
{
    qemu_like();
    /* Loaders may append fields: size 24 with 4 bytes of padding per entry. */
    n_entries = 0;
    for (int i = 0; i < 2; i++) {
        struct mb_mmap_entry e = {24, i ? 0x100000 : 0, i ? 0x1000000 : 0x9f000, MB_MMAP_RAM};
        memcpy(phys + MMAP + i * 28, &e, sizeof(e));
    }
    info()->mmap_length = 56;
    CHECK_EQ(parse(), BOOT_OK);
    CHECK_EQ(in.n_avail, 2);
    CHECK_EQ(in.avail[1].end, 0x1100000);
}

static void out_of_reach_records(void)
{
    qemu_like();
    info()->mmap_addr = 0xffffff00u;
    info()->mmap_length = 0x200; /* crosses the 4 GiB window's end */
    CHECK_EQ(parse(), BOOT_ERR_BAD_MMAP);
    CHECK_CONTAINS(msg, "memory map at 0xffffff00");
    qemu_like();
    struct mb_module *m = (struct mb_module *)(phys + MODS);
    m->mod_end = m->mod_start - 1;
    CHECK_EQ(parse(), BOOT_ERR_BAD_MMAP);
    CHECK_CONTAINS(msg, "module at 0x11a000");
    CHECK_EQ(multiboot_parse(0xfffffff0u, kernel, &in, msg, sizeof(msg)), BOOT_ERR_BAD_MMAP);
}

static void zero_length_and_wrapping_ranges(void)
{
    qemu_like();
    add_entry(0x20000000, 0, MB_MMAP_RAM);       /* dropped */
    add_entry(0xfffffffffffff000ull, 0x2000, 2); /* clipped at the top */
    CHECK_EQ(parse(), BOOT_OK);
    CHECK_EQ(in.n_avail, 2);
    CHECK_EQ(in.n_resv, 2);
    CHECK_EQ(in.resv[1].end, ~0ull);
}

static void too_many_ranges(void)
{
    qemu_like();
    n_entries = 0;
    for (int i = 0; i <= BOOT_MAX_RANGES; i++)
        add_entry(0x100000 + i * 0x2000ull, 0x1000, MB_MMAP_RAM);
    CHECK_EQ(parse(), BOOT_ERR_BAD_MMAP);
    CHECK_CONTAINS(msg, "more than 64 usable ranges");
}

static void too_many_modules(void)
{
    qemu_like();
    info()->mods_count = BOOT_MAX_MODULES + 2;
    for (unsigned i = 0; i < info()->mods_count; i++) {
        struct mb_module m = {0x11a000, 0x11a000 + i, 0, 0};
        memcpy(phys + MODS + i * sizeof(m), &m, sizeof(m));
    }
    CHECK_EQ(parse(), BOOT_OK);
    CHECK_EQ(in.n_mods, BOOT_MAX_MODULES);
    CHECK(in.mods_truncated);
}

TEST_CASES({parses_qemu_records, "parses_qemu_records"},
           {parsed_map_checks_out, "parsed_map_checks_out"}, {no_map_flag, "no_map_flag"},
           {no_modules_or_cmdline, "no_modules_or_cmdline"},
           {malformed_entries, "malformed_entries"},
           {larger_entries_are_stepped_over, "larger_entries_are_stepped_over"},
           {out_of_reach_records, "out_of_reach_records"},
           {zero_length_and_wrapping_ranges, "zero_length_and_wrapping_ranges"},
           {too_many_ranges, "too_many_ranges"}, {too_many_modules, "too_many_modules"}, );
TEST_MAIN("multiboot")
