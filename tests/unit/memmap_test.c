/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host tests of boot memory-map checking: from raw usable and reserved
 * ranges to free RAM, and every refusal (missing map, kernel or module
 * outside RAM, too little memory).
 */
#include "test.h"

#include <boot/boot.h>

#define M (1ull << 20)

static struct boot_input in;
static struct boot_mem mem;
static char msg[256];

/* A PC-like map: low RAM, the BIOS hole, 128 MiB; kernel, a module and the info block. */
static void pc_like(void)
{
    memset(&in, 0, sizeof(in));
    in.have_mmap = true;
    in.avail[in.n_avail++] = (struct mem_range){0, 0x9fc00};
    in.avail[in.n_avail++] = (struct mem_range){0x100000, 128 * M};
    in.resv[in.n_resv++] = (struct mem_range){0x9fc00, 0xa0000};
    in.resv[in.n_resv++] = (struct mem_range){0xf0000, 0x100000};
    in.kernel = (struct mem_range){0x100000, 0x119000};
    in.mods[in.n_mods++] = (struct boot_module){0x11a000, 0x11b800, "root.elf"};
    in.info = (struct mem_range){0x11c000, 0x11c100};
}

static enum boot_status check(void)
{
    memset(&mem, 0, sizeof(mem));
    msg[0] = '\0';
    return boot_check_memory(&in, &mem, msg, sizeof(msg));
}

static void pc_map_gives_free_ram(void)
{
    pc_like();
    CHECK_EQ(check(), BOOT_OK);
    CHECK_EQ(mem.n, 2);
    CHECK_EQ(mem.free[0].start, 0x119000);
    CHECK_EQ(mem.free[0].end, 0x11a000);
    CHECK_EQ(mem.free[1].start, 0x11d000); /* module rounded out, info page skipped */
    CHECK_EQ(mem.free[1].end, 128 * M);
    CHECK_EQ(mem.total, 0x1000 + (128 * M - 0x11d000));
    CHECK(!mem.dropped);
}

static void missing_map(void)
{
    pc_like();
    in.have_mmap = false;
    CHECK_EQ(check(), BOOT_ERR_NO_MMAP);
    CHECK_CONTAINS(msg, "no memory map");
    CHECK(boot_hint(BOOT_ERR_NO_MMAP) != NULL);
}

static void reserved_range_over_kernel(void)
{
    pc_like();
    in.resv[in.n_resv++] = (struct mem_range){0x110000, 0x111000};
    CHECK_EQ(check(), BOOT_ERR_KERNEL_NOT_RAM);
    CHECK_CONTAINS(msg, "marks [0x110000, 0x111000) as not usable RAM");
    CHECK_CONTAINS(msg, "the kernel image lies at [0x100000, 0x119000)");
}

static void kernel_outside_every_range(void)
{
    pc_like();
    in.avail[1].start = 2 * M;
    CHECK_EQ(check(), BOOT_ERR_KERNEL_NOT_RAM);
    CHECK_CONTAINS(msg, "no usable RAM range in the memory map contains the kernel image");
}

static void module_outside_ram(void)
{
    pc_like();
    in.mods[in.n_mods++] = (struct boot_module){200 * M, 201 * M, "far.elf"};
    CHECK_EQ(check(), BOOT_ERR_MODULE_NOT_RAM);
    CHECK_CONTAINS(msg, "module 1 at [0xc800000, 0xc900000)");
}

static void too_small(void)
{
    pc_like();
    in.avail[1].end = 16 * M; /* minus kernel and modules: below the 16 MiB floor */
    CHECK_EQ(check(), BOOT_ERR_TOO_SMALL);
    CHECK_CONTAINS(msg, "KiB of RAM is free after the kernel and modules");
    CHECK_CONTAINS(msg, "at least 16 MiB");
    in.avail[1].end = 18 * M;
    CHECK_EQ(check(), BOOT_OK);
}

static void overlapping_and_unsorted_ranges_merge(void)
{
    pc_like();
    in.n_avail = 0;
    in.avail[in.n_avail++] = (struct mem_range){40 * M, 64 * M};
    in.avail[in.n_avail++] = (struct mem_range){1 * M, 30 * M};
    in.avail[in.n_avail++] = (struct mem_range){20 * M, 40 * M}; /* overlaps one, touches other */
    CHECK_EQ(check(), BOOT_OK);
    CHECK_EQ(mem.n, 2);
    CHECK_EQ(mem.free[1].end, 64 * M);
}

static void reserved_wins_over_usable(void)
{
    pc_like();
    in.resv[in.n_resv++] = (struct mem_range){20 * M, 21 * M};
    in.avail[in.n_avail++] = (struct mem_range){20 * M + 4096, 20 * M + 8192}; /* said twice */
    CHECK_EQ(check(), BOOT_OK);
    CHECK_EQ(mem.n, 3);
    CHECK_EQ(mem.free[1].end, 20 * M);
    CHECK_EQ(mem.free[2].start, 21 * M);
}

static void ranges_shrink_to_whole_pages(void)
{
    pc_like();
    in.avail[1] = (struct mem_range){0x100000, 0x4000fff};
    in.resv[in.n_resv++] = (struct mem_range){0x2000001, 0x2000002};
    CHECK_EQ(check(), BOOT_OK);
    CHECK_EQ(mem.free[mem.n - 2].end, 0x2000000);
    CHECK_EQ(mem.free[mem.n - 1].start, 0x2001000);
    CHECK_EQ(mem.free[mem.n - 1].end, 0x4000000);
    for (int i = 0; i < mem.n; i++)
        CHECK((mem.free[i].start | mem.free[i].end) % BOOT_PAGE_SIZE == 0);
}

/* Found by the multiboot fuzzer: rounding up a range in the last page wrapped to 0. */
static void range_in_last_page_is_dropped(void)
{
    pc_like();
    in.avail[in.n_avail++] = (struct mem_range){0xffffffffffffff00ull, 0xffffffffffffffffull};
    CHECK_EQ(check(), BOOT_OK);
    CHECK_EQ(mem.n, 2);
    for (int i = 0; i < mem.n; i++)
        CHECK(mem.free[i].start >= BOOT_LOW_MEM_END);
    CHECK_EQ(mem.free[1].end, 128 * M);
}

static void low_memory_is_never_free(void)
{
    pc_like();
    CHECK_EQ(check(), BOOT_OK);
    for (int i = 0; i < mem.n; i++)
        CHECK(mem.free[i].start >= BOOT_LOW_MEM_END);
}

static void too_many_ranges_keeps_largest(void)
{
    pc_like();
    in.avail[1] = (struct mem_range){1 * M, 1024 * M};
    /* 62 more one-page holes (64 reserved ranges in all) and a second module cut RAM into
     * 65 pieces, one more than struct boot_mem holds. */
    for (int i = 0; i < 62; i++)
        in.resv[in.n_resv++] = (struct mem_range){(32 + i) * M, (32 + i) * M + 4096};
    in.mods[in.n_mods++] = (struct boot_module){500 * M, 500 * M + 4096, "data"};
    CHECK_EQ(check(), BOOT_OK);
    CHECK(mem.dropped);
    CHECK_EQ(mem.n, BOOT_MAX_RANGES);
    CHECK_EQ(mem.free[0].start, 0x11d000); /* the one-page piece [0x119000, 0x11a000) went */
}

static void subtract_reports_full_set(void)
{
    struct mem_range set[2] = {{0, 100}, {200, 300}};
    int n = 2;

    CHECK(!memrange_subtract(set, &n, 2, (struct mem_range){10, 20})); /* needs a third slot */
    CHECK(memrange_subtract(set, &n, 2, (struct mem_range){50, 250}));
    CHECK_EQ(n, 2);
    CHECK_EQ(set[0].end, 50);
    CHECK_EQ(set[1].start, 250);
    CHECK(memrange_subtract(set, &n, 2, (struct mem_range){0, 1000}));
    CHECK_EQ(n, 0);
}

static void covered(void)
{
    struct mem_range set[2] = {{0, 100}, {200, 300}};

    CHECK(memrange_covered(set, 2, (struct mem_range){200, 300}));
    CHECK(!memrange_covered(set, 2, (struct mem_range){50, 250}));
    CHECK(!memrange_covered(set, 2, (struct mem_range){150, 160}));
}

/* The modules' and the records' pages come back once boot is done; the kernel's, low memory's
 * and the free ranges' never appear among them. */
static void module_and_info_pages_are_reclaimed(void)
{
    pc_like();
    CHECK_EQ(check(), BOOT_OK);
    CHECK_EQ(mem.n_reclaim, 1);
    CHECK_EQ(mem.reclaim[0].start, 0x11a000); /* the module's first page */
    CHECK_EQ(mem.reclaim[0].end, 0x11d000);   /* through the info block's page */

    pc_like();
    in.info = (struct mem_range){0x9000, 0x9400}; /* in low memory */
    in.mods[0] =
        (struct boot_module){0x118800, 0x11a800, "root.elf"}; /* shares the kernel's page */
    CHECK_EQ(check(), BOOT_OK);
    CHECK_EQ(mem.n_reclaim, 1);
    CHECK_EQ(mem.reclaim[0].start, 0x119000);
    CHECK_EQ(mem.reclaim[0].end, 0x11b000);
    CHECK_EQ(mem.free[0].start, 0x11b000);
}

/* Boot's other allocations (VT-d's tables) come from the lowest range that fits, aligned, below
 * the limit, and leave the free set and its total to match. */
static void take_aligned_below_limit(void)
{
    struct boot_mem m = {.n = 2, .free = {{0x101000, 0x104000}, {0x200000, 0x400000}}};

    m.total = 0x3000 + 0x200000;
    CHECK_EQ(boot_mem_take(&m, 0x2000, 0x1000, ~0ull), 0x101000);
    CHECK_EQ(m.free[0].start, 0x103000);
    CHECK_EQ(m.total, 0x1000 + 0x200000);
    CHECK_EQ(boot_mem_take(&m, 0x2000, 0x1000, ~0ull), 0x200000); /* too big for the first */
    CHECK_EQ(boot_mem_take(&m, 0x1000, 0x100000, ~0ull), 0x300000);
    CHECK_EQ(m.n, 3); /* the aligned page split the second range */
    CHECK_EQ(boot_mem_take(&m, 0x1000, 0x1000, 0x103000), 0); /* nothing whole below the limit */
    CHECK_EQ(boot_mem_take(&m, 0x1000000, 0x1000, ~0ull), 0);
    CHECK_EQ(m.total, 0x1000 + 0x200000 - 0x3000);
}

TEST_CASES({pc_map_gives_free_ram, "pc_map_gives_free_ram"}, {missing_map, "missing_map"},
           {reserved_range_over_kernel, "reserved_range_over_kernel"},
           {kernel_outside_every_range, "kernel_outside_every_range"},
           {module_outside_ram, "module_outside_ram"}, {too_small, "too_small"},
           {overlapping_and_unsorted_ranges_merge, "overlapping_and_unsorted_ranges_merge"},
           {reserved_wins_over_usable, "reserved_wins_over_usable"},
           {ranges_shrink_to_whole_pages, "ranges_shrink_to_whole_pages"},
           {range_in_last_page_is_dropped, "range_in_last_page_is_dropped"},
           {low_memory_is_never_free, "low_memory_is_never_free"},
           {too_many_ranges_keeps_largest, "too_many_ranges_keeps_largest"},
           {subtract_reports_full_set, "subtract_reports_full_set"}, {covered, "covered"},
           {module_and_info_pages_are_reclaimed, "module_and_info_pages_are_reclaimed"},
           {take_aligned_below_limit, "take_aligned_below_limit"}, );
TEST_MAIN("memmap")
