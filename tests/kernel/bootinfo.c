/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Boot-info cases: the root task's boot-info frame, IPC buffer and extra
 * boot info are laid out and filled as seL4 13.0.0 on pc99 (non-MCS) does.
 */
#include "suite.h"

#include <stddef.h>

static const char *bootinfo_layout(seL4_BootInfo *bi)
{
    (void)bi;
    /* Offsets a root task built for seL4 relies on (words, non-MCS: no schedcontrol). */
    REQUIRE(offsetof(seL4_BootInfo, ipcBuffer) == 4 * 8, "ipcBuffer not at word 4");
    REQUIRE(offsetof(seL4_BootInfo, empty) == 5 * 8, "empty not at word 5");
    REQUIRE(offsetof(seL4_BootInfo, initThreadCNodeSizeBits) == 17 * 8,
            "initThreadCNodeSizeBits not at word 17");
    REQUIRE(offsetof(seL4_BootInfo, untyped) == 19 * 8, "untyped not at word 19");
    REQUIRE(offsetof(seL4_BootInfo, untypedList) == 21 * 8, "untypedList not at word 21");
    REQUIRE(sizeof(seL4_BootInfo) == (21 + 2 * CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS) * 8,
            "seL4_BootInfo has the wrong size");
    return 0;
}

static const char *bootinfo_single_node(seL4_BootInfo *bi)
{
    REQUIRE(bi->nodeID == 0, "nodeID is not 0");
    REQUIRE(bi->numNodes == 1, "numNodes is not 1");
#ifdef CONFIG_IOMMU
    /* -1 where DMA is not remapped; else seL4's depth, three levels where the units allow it. */
    REQUIRE(bi->numIOPTLevels == (seL4_Word)-1 ||
                (bi->numIOPTLevels >= 2 && bi->numIOPTLevels <= 6),
            "numIOPTLevels is neither -1 nor a VT-d page-table depth");
#else
    REQUIRE(bi->numIOPTLevels == (seL4_Word)-1, "numIOPTLevels is not -1 (seL4 without the IOMMU)");
#endif
    REQUIRE(bi->initThreadDomain == 0, "initThreadDomain is not 0");
    return 0;
}

static const char *bootinfo_root_cnode_size(seL4_BootInfo *bi)
{
    REQUIRE(bi->initThreadCNodeSizeBits == 12, "root CNode is not 2^12 slots");
    return 0;
}

static const char *bootinfo_frame_aligned(seL4_BootInfo *bi)
{
    REQUIRE(((seL4_Word)bi & 4095) == 0, "boot info is not page aligned");
    return 0;
}

static const char *ipc_buffer_before_bootinfo(seL4_BootInfo *bi)
{
    REQUIRE((seL4_Word)bi->ipcBuffer + 4096 == (seL4_Word)bi,
            "IPC buffer frame is not the page before boot info");
    return 0;
}

static const char *ipc_buffer_writable(seL4_BootInfo *bi)
{
    volatile seL4_Word *ipc = (volatile seL4_Word *)bi->ipcBuffer;

    for (int i = 0; i < 512; i++)
        ipc[i] = 0x5a5a0000u + (seL4_Word)i;
    for (int i = 0; i < 512; i++)
        REQUIRE(ipc[i] == 0x5a5a0000u + (seL4_Word)i, "IPC buffer does not keep what was written");
    return 0;
}

static const char *extra_bootinfo_tsc(seL4_BootInfo *bi)
{
    const seL4_BootInfoHeader *h = kaal_bootinfo_chunk(bi, SEL4_BOOTINFO_HEADER_X86_TSC_FREQ);

    REQUIRE(bi->extraLen >= 4096, "extraLen is less than a page");
    REQUIRE(h, "no TSC frequency record");
    REQUIRE(h->len == sizeof(*h) + 4, "TSC record is not header + 32-bit MHz");
    REQUIRE(*(const seL4_Uint32 *)(h + 1) > 0, "TSC frequency is 0");
    return 0;
}

static const char *extra_bootinfo_rsdp(seL4_BootInfo *bi)
{
    const seL4_BootInfoHeader *h = kaal_bootinfo_chunk(bi, SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP);
    const unsigned char *p = (const unsigned char *)(h + 1);
    unsigned char sum = 0;

    REQUIRE(h, "no ACPI RSDP record");
    REQUIRE(h->len == sizeof(*h) + 36, "RSDP record is not header + 36 bytes");
    REQUIRE(p[0] == 'R' && p[1] == 'S' && p[2] == 'D' && p[4] == 'P', "no RSDP signature");
    for (int i = 0; i < 20; i++)
        sum += p[i];
    REQUIRE(sum == 0, "RSDP checksum is wrong");
    return 0;
}

static const char *extra_bootinfo_ends_in_padding(seL4_BootInfo *bi)
{
    const seL4_BootInfoHeader *h = kaal_bootinfo_chunk(bi, SEL4_BOOTINFO_HEADER_PADDING);
    const char *extra = (const char *)bi + seL4_BootInfoFrameSize;

    REQUIRE(h, "no padding record");
    REQUIRE((const char *)h + h->len == extra + bi->extraLen,
            "padding does not reach the end of the extra boot info");
    return 0;
}

const struct kernel_case bootinfo_cases[] = {
    CASE(bootinfo_layout),
    CASE(bootinfo_single_node),
    CASE(bootinfo_root_cnode_size),
    CASE(bootinfo_frame_aligned),
    CASE(ipc_buffer_before_bootinfo),
    CASE(ipc_buffer_writable),
    CASE(extra_bootinfo_tsc),
    CASE(extra_bootinfo_rsdp),
    CASE(extra_bootinfo_ends_in_padding),
    END_OF_CASES,
};
