/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for multiboot parsing and boot memory checking together.
 * The input becomes a multiboot info block in fake physical memory: its
 * first word is the flags, the next 32 bytes give the module list, and the
 * rest is the memory map, so the fuzzer explores entry sizes, strides,
 * overlapping and reserved ranges and module placement.  Whatever the
 * parser accepts goes through boot_check_memory; when that accepts too,
 * the free RAM it reports must be sorted, disjoint, page aligned, above
 * 1 MiB, clear of the kernel, the modules and the loader's records, and
 * add up to the total.  A violation traps.
 */
#include <arch/multiboot.h>
#include <machine.h>
#include <stdlib.h>
#include <string.h>

#define PHYS_BASE 0x100000ull
#define PHYS_SIZE 0x10000
#define INFO      0x0
#define MODS      0x100
#define MMAP      0x200

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t phys[PHYS_SIZE];

void *arch_paddr_to_ptr(paddr_t pa)
{
    if (pa < PHYS_BASE || pa >= PHYS_BASE + PHYS_SIZE)
        __builtin_trap(); /* the parser read memory it was never pointed at */
    return phys + (pa - PHYS_BASE);
}

static void require(bool ok)
{
    if (!ok)
        __builtin_trap();
}

/* Whether a shares a byte with [start, end); an empty range shares none. */
static bool overlaps(struct mem_range a, paddr_t start, paddr_t end)
{
    return start < end && a.start < end && start < a.end;
}

static void check_free_ram(const struct boot_input *in, const struct boot_mem *mem)
{
    paddr_t total = 0;

    require(mem->n <= BOOT_MAX_RANGES);
    for (int i = 0; i < mem->n; i++) {
        struct mem_range r = mem->free[i];
        require(r.start < r.end && r.start % BOOT_PAGE_SIZE == 0 && r.end % BOOT_PAGE_SIZE == 0);
        require(r.start >= BOOT_LOW_MEM_END);
        require(i == 0 || mem->free[i - 1].end <= r.start);
        require(!overlaps(r, in->kernel.start, in->kernel.end));
        require(!overlaps(r, in->info.start, in->info.end));
        for (int m = 0; m < in->n_mods; m++)
            require(!overlaps(r, in->mods[m].start, in->mods[m].end));
        for (int k = 0; k < in->n_resv; k++)
            require(!overlaps(r, in->resv[k].start, in->resv[k].end));
        total += r.end - r.start;
    }
    require(total == mem->total && total >= BOOT_MIN_FREE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mb_info mbi = {0};
    struct boot_input in;
    struct boot_mem mem;
    char msg[256];
    size_t mods_len = size > 4 ? (size - 4 < 32 ? size - 4 : 32) : 0;
    size_t mmap_len = size > 36 ? size - 36 : 0;

    if (size < 4 || mmap_len > PHYS_SIZE - MMAP)
        return 0;
    memset(phys, 0, sizeof(phys));
    memcpy(&mbi.flags, data, 4);
    mbi.mods_count = mods_len / sizeof(struct mb_module);
    mbi.mods_addr = PHYS_BASE + MODS;
    mbi.mmap_addr = PHYS_BASE + MMAP;
    mbi.mmap_length = mmap_len;
    mbi.flags &= ~MB_INFO_CMDLINE; /* strings would point anywhere */
    memcpy(phys + INFO, &mbi, sizeof(mbi));
    memcpy(phys + MODS, data + 4, mods_len);
    memcpy(phys + MMAP, data + 36, mmap_len);

    /* Module strings are not followed: their pointers are cleared. */
    for (uint32_t i = 0; i < mbi.mods_count; i++)
        memset(phys + MODS + i * sizeof(struct mb_module) + 8, 0, 4);
    struct mem_range kernel = {0x100000, 0x140000};
    if (multiboot_parse(PHYS_BASE + INFO, kernel, &in, msg, sizeof(msg)) != BOOT_OK)
        return 0;
    if (boot_check_memory(&in, &mem, msg, sizeof(msg)) == BOOT_OK)
        check_free_ram(&in, &mem);
    else
        require(msg[0] != '\0');
    return 0;
}
