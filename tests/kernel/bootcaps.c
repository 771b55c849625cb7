/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Boot capability cases: the root CNode holds seL4 13.0.0's initial caps in
 * slots 1-11 (x86_64, non-MCS, no IOMMU), the boot-info slot regions name
 * caps of the right types and count, and untypedList describes the untyped
 * caps exactly (size, device flag) and the machine plausibly (QEMU -m 128M:
 * RAM below 128 MiB, device untypeds for MMIO such as the HPET and the ACPI
 * tables, nothing for the kernel's own local APIC and IOAPIC).
 *
 * These cases must run before any case carves from a boot untyped: the size
 * check reads back the whole of each untyped as free memory.
 */
#include "alloc.h"

#define MIB            (1ul << 20)
#define QEMU_RAM       (128 * MIB) /* run.py boots with -m 128M */
#define HPET_BASE      0xfed00000ul
#define IOAPIC_BASE    0xfec00000ul
#define LOCAL_APIC     0xfee00000ul
#define ROUND_DOWN(x)  ((x) & ~4095ul)
#define ROUND_UP(x)    (((x) + 4095ul) & ~4095ul)
#define REGION_SIZE(r) ((r).end - (r).start)

extern char __executable_start[], _end[];

static seL4_Word n_untypeds(const seL4_BootInfo *bi)
{
    return REGION_SIZE(bi->untyped);
}

static seL4_Word ut_end(const seL4_UntypedDesc *d)
{
    return d->paddr + (1ul << d->sizeBits);
}

/* The untypedList entry whose range holds paddr, or NULL. */
static const seL4_UntypedDesc *untyped_at(const seL4_BootInfo *bi, seL4_Word paddr)
{
    for (seL4_Word i = 0; i < n_untypeds(bi); i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        if (d->paddr <= paddr && paddr < ut_end(d))
            return d;
    }
    return 0;
}

/* One case per initial slot: the slot holds a cap of seL4's type for it. */
#define INITIAL_SLOT_CASE(name, slot, tag)                                                         \
    static const char *name(seL4_BootInfo *bi)                                                     \
    {                                                                                              \
        (void)bi;                                                                                  \
        REQUIRE(cap_type(slot) == (tag), "slot " #slot " does not hold the right cap type");       \
        return 0;                                                                                  \
    }

INITIAL_SLOT_CASE(bootcap_slot0_is_null, seL4_CapNull, TAG_NULL)
INITIAL_SLOT_CASE(bootcap_tcb, seL4_CapInitThreadTCB, TAG_THREAD)
INITIAL_SLOT_CASE(bootcap_cnode, seL4_CapInitThreadCNode, TAG_CNODE)
INITIAL_SLOT_CASE(bootcap_vspace_is_pml4, seL4_CapInitThreadVSpace, TAG_PML4)
INITIAL_SLOT_CASE(bootcap_irq_control, seL4_CapIRQControl, TAG_IRQ_CONTROL)
INITIAL_SLOT_CASE(bootcap_asid_control, seL4_CapASIDControl, TAG_ASID_CONTROL)
INITIAL_SLOT_CASE(bootcap_asid_pool, seL4_CapInitThreadASIDPool, TAG_ASID_POOL)
INITIAL_SLOT_CASE(bootcap_io_port_control, seL4_CapIOPortControl, TAG_IO_PORT_CONTROL)
#ifdef CONFIG_IOMMU
/* The master IOSpace cap is there exactly when the boot info reports I/O page-table levels. */
static const char *bootcap_io_space(seL4_BootInfo *bi)
{
    seL4_Word want = bi->numIOPTLevels == (seL4_Word)-1 ? TAG_NULL : TAG_IO_SPACE;

    REQUIRE(cap_type(seL4_CapIOSpace) == want,
            "slot seL4_CapIOSpace does not match numIOPTLevels (IOSpace cap, or null for -1)");
    return 0;
}
#else
INITIAL_SLOT_CASE(bootcap_io_space, seL4_CapIOSpace, TAG_NULL)
#endif
INITIAL_SLOT_CASE(bootcap_bootinfo_frame, seL4_CapBootInfoFrame, TAG_FRAME)
INITIAL_SLOT_CASE(bootcap_ipc_buffer_frame, seL4_CapInitThreadIPCBuffer, TAG_FRAME)
INITIAL_SLOT_CASE(bootcap_domain, seL4_CapDomain, TAG_DOMAIN)

static const char *bootcap_slots_12_to_15_null(seL4_BootInfo *bi)
{
    (void)bi;
    for (seL4_CPtr s = seL4_CapSMMUSIDControl; s < seL4_NumInitialCaps; s++)
        REQUIRE(cap_type(s) == TAG_NULL, "a slot in 12-15 is not null");
    return 0;
}

/* The filled regions tile [seL4_NumInitialCaps, empty.start) with no gap or overlap. */
static const char *bootinfo_regions_contiguous(seL4_BootInfo *bi)
{
    const seL4_SlotRegion *r[] = {&bi->userImagePaging, &bi->userImageFrames, &bi->extraBIPages,
                                  &bi->untyped};
    seL4_SlotPos at = seL4_NumInitialCaps;
    unsigned used = 0;

    REQUIRE(REGION_SIZE(bi->sharedFrames) == 0, "sharedFrames is not empty");
    REQUIRE(REGION_SIZE(bi->ioSpaceCaps) == 0, "ioSpaceCaps is not empty (no IOMMU)");
    while (used != (1u << 4) - 1) {
        unsigned i = 0;
        while (i < 4 && ((used & (1u << i)) || r[i]->start != at))
            i++;
        REQUIRE(i < 4, "a gap or overlap between the boot-info slot regions");
        REQUIRE(r[i]->end >= r[i]->start, "a slot region ends before it starts");
        used |= 1u << i;
        at = r[i]->end;
    }
    REQUIRE(at == bi->empty.start, "empty does not start where the last region ends");
    return 0;
}

static const char *bootinfo_empty_reaches_cnode_end(seL4_BootInfo *bi)
{
    REQUIRE(bi->empty.end == 1ul << bi->initThreadCNodeSizeBits,
            "empty does not end at the end of the root CNode");
    REQUIRE(bi->empty.start < bi->empty.end, "empty region is empty");
    return 0;
}

static const char *bootinfo_empty_slots_are_null(seL4_BootInfo *bi)
{
    for (seL4_CPtr s = bi->empty.start; s < bi->empty.end; s++) {
        if (s == alloc_pool_if_carved())
            continue;
        REQUIRE(cap_type(s) == TAG_NULL, "a slot in the empty region holds a cap");
    }
    return 0;
}

static const char *bootinfo_image_frames_cover_image(seL4_BootInfo *bi)
{
    seL4_Word pages =
        (ROUND_UP((seL4_Word)_end) - ROUND_DOWN((seL4_Word)__executable_start)) >> seL4_PageBits;

    REQUIRE(REGION_SIZE(bi->userImageFrames) == pages,
            "userImageFrames does not have one frame per page of the image");
    for (seL4_CPtr s = bi->userImageFrames.start; s < bi->userImageFrames.end; s++)
        REQUIRE(cap_type(s) == TAG_FRAME, "a userImageFrames slot is not a frame cap");
    return 0;
}

/* Number of 2^bits-aligned blocks [lo, hi) touches. */
static seL4_Word blocks(seL4_Word lo, seL4_Word hi, seL4_Word bits)
{
    return ((hi - 1) >> bits) - (lo >> bits) + 1;
}

/* seL4 maps image, IPC buffer, boot info and extra boot info with one table per block. */
static const char *bootinfo_image_paging(seL4_BootInfo *bi)
{
    seL4_Word lo = ROUND_DOWN((seL4_Word)__executable_start);
    seL4_Word hi = (seL4_Word)bi + seL4_BootInfoFrameSize + ROUND_UP(bi->extraLen);
    seL4_Word n[16] = {0};

    for (seL4_CPtr s = bi->userImagePaging.start; s < bi->userImagePaging.end; s++) {
        seL4_Word t = cap_type(s);
        REQUIRE(t == TAG_PAGE_TABLE || t == TAG_PAGE_DIRECTORY || t == TAG_PDPT,
                "a userImagePaging slot is not a PT, PD or PDPT cap");
        n[t]++;
    }
    REQUIRE(n[TAG_PAGE_TABLE] == blocks(lo, hi, 21), "wrong number of page tables");
    REQUIRE(n[TAG_PAGE_DIRECTORY] == blocks(lo, hi, 30), "wrong number of page directories");
    REQUIRE(n[TAG_PDPT] == blocks(lo, hi, 39), "wrong number of PDPTs");
    return 0;
}

static const char *bootinfo_extra_pages_are_frames(seL4_BootInfo *bi)
{
    REQUIRE(REGION_SIZE(bi->extraBIPages) << seL4_PageBits >= bi->extraLen,
            "extraBIPages has fewer frames than extraLen needs");
    REQUIRE(bi->extraLen == 0 || REGION_SIZE(bi->extraBIPages) > 0, "no extraBIPages");
    for (seL4_CPtr s = bi->extraBIPages.start; s < bi->extraBIPages.end; s++)
        REQUIRE(cap_type(s) == TAG_FRAME, "an extraBIPages slot is not a frame cap");
    return 0;
}

static const char *untyped_caps_are_untyped(seL4_BootInfo *bi)
{
    REQUIRE(n_untypeds(bi) > 0, "no untyped caps");
    REQUIRE(n_untypeds(bi) <= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS, "too many untyped caps");
    for (seL4_CPtr s = bi->untyped.start; s < bi->untyped.end; s++)
        REQUIRE(cap_type(s) == TAG_UNTYPED, "an untyped slot does not hold an untyped cap");
    return 0;
}

static const char *untyped_list_aligned(seL4_BootInfo *bi)
{
    for (seL4_Word i = 0; i < n_untypeds(bi); i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        REQUIRE(d->sizeBits >= seL4_MinUntypedBits && d->sizeBits <= seL4_MaxUntypedBits,
                "an untyped size is outside MinUntypedBits..MaxUntypedBits");
        REQUIRE((d->paddr & ((1ul << d->sizeBits) - 1)) == 0,
                "an untyped is not aligned to its size");
    }
    return 0;
}

/*
 * A retype of one untyped twice as big as the untyped must fail with
 * NotEnoughMemory, and with nothing carved the free bytes it reports are
 * exactly the untyped's size.
 */
static const char *untyped_list_sizes_match_caps(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr dest = alloc_slot();
    for (seL4_Word i = 0; i < n_untypeds(bi); i++) {
        seL4_Word bits = bi->untypedList[i].sizeBits;
        if (bits >= seL4_MaxUntypedBits)
            continue;
        seL4_Error e = seL4_Untyped_Retype(bi->untyped.start + i, seL4_UntypedObject, bits + 1,
                                           ROOT, 0, 0, dest, 1);
        CHECK(e == seL4_NotEnoughMemory,
              "retype of twice an untyped's size is not NotEnoughMemory");
        CHECK(MR(0) == 1ul << bits, "an untyped's free bytes are not the size untypedList gives");
    }
    return PASS;
}

/* Device untypeds refuse kernel objects (InvalidArgument 1); RAM untypeds make them. */
static const char *untyped_list_device_flags_match_caps(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr dest = alloc_slot();
    for (seL4_Word i = 0; i < n_untypeds(bi); i++) {
        seL4_Error e =
            seL4_Untyped_Retype(bi->untyped.start + i, seL4_EndpointObject, 0, ROOT, 0, 0, dest, 1);
        if (bi->untypedList[i].isDevice) {
            CHECK(e == seL4_InvalidArgument && MR(0) == 1,
                  "a device untyped did not refuse an endpoint with InvalidArgument 1");
        } else {
            CHECK(e == seL4_NoError, "a RAM untyped did not make an endpoint");
            CHECK(cap_type(dest) == TAG_ENDPOINT, "the new endpoint cap is missing");
            CHECK(seL4_CNode_Delete(ROOT, dest, DEPTH) == seL4_NoError, "cannot delete it");
        }
    }
    return PASS;
}

static const char *untyped_list_disjoint(seL4_BootInfo *bi)
{
    for (seL4_Word i = 0; i < n_untypeds(bi); i++) {
        for (seL4_Word j = i + 1; j < n_untypeds(bi); j++) {
            const seL4_UntypedDesc *a = &bi->untypedList[i], *b = &bi->untypedList[j];
            REQUIRE(ut_end(a) <= b->paddr || ut_end(b) <= a->paddr,
                    "two untypeds overlap (RAM and device included)");
        }
    }
    return 0;
}

/* Device untypeds reach 2^47, seL4's PADDR_USER_DEVICE_TOP on x86_64, and no further. */
static const char *untyped_devices_reach_2_47(seL4_BootInfo *bi)
{
    seL4_Word top = 0;

    for (seL4_Word i = 0; i < n_untypeds(bi); i++) {
        if (bi->untypedList[i].isDevice && ut_end(&bi->untypedList[i]) > top)
            top = ut_end(&bi->untypedList[i]);
    }
    REQUIRE(top == 1ul << 47, "the highest device untyped does not end at 2^47");
    return 0;
}

static const char *untyped_ram_total_plausible(seL4_BootInfo *bi)
{
    seL4_Word total = 0;

    for (seL4_Word i = 0; i < n_untypeds(bi); i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        if (d->isDevice)
            continue;
        REQUIRE(ut_end(d) <= QEMU_RAM, "a RAM untyped lies above the machine's 128 MiB");
        total += 1ul << d->sizeBits;
    }
    REQUIRE(total >= 96 * MIB, "less than 96 MiB of the machine's 128 MiB is RAM untyped");
    return 0;
}

static const char *untyped_device_covers_hpet(seL4_BootInfo *bi)
{
    const seL4_UntypedDesc *d = untyped_at(bi, HPET_BASE);

    REQUIRE(d, "no untyped covers the HPET at 0xfed00000");
    REQUIRE(d->isDevice, "the untyped covering the HPET is not a device untyped");
    REQUIRE(ut_end(d) >= HPET_BASE + 4096, "the HPET's page is not wholly in one untyped");
    return 0;
}

/* The ACPI tables live outside RAM untypeds; a root task maps them through a device untyped. */
static const char *untyped_device_covers_acpi_rsdt(seL4_BootInfo *bi)
{
    const seL4_BootInfoHeader *h = kaal_bootinfo_chunk(bi, SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP);
    const unsigned char *rsdp = (const unsigned char *)(h + 1);
    seL4_Word rsdt = 0;

    REQUIRE(h, "no ACPI RSDP record");
    for (int i = 3; i >= 0; i--)
        rsdt = rsdt << 8 | rsdp[16 + i];
    const seL4_UntypedDesc *d = untyped_at(bi, rsdt);
    REQUIRE(d, "no untyped covers the ACPI RSDT");
    REQUIRE(d->isDevice, "the ACPI RSDT lies in a RAM untyped");
    return 0;
}

static const char *untyped_none_for_kernel_devices(seL4_BootInfo *bi)
{
    REQUIRE(!untyped_at(bi, LOCAL_APIC), "an untyped covers the kernel's local APIC");
    REQUIRE(!untyped_at(bi, IOAPIC_BASE), "an untyped covers the kernel's IOAPIC");
    return 0;
}

const struct kernel_case bootcaps_cases[] = {
    CASE(bootcap_slot0_is_null),
    CASE(bootcap_tcb),
    CASE(bootcap_cnode),
    CASE(bootcap_vspace_is_pml4),
    CASE(bootcap_irq_control),
    CASE(bootcap_asid_control),
    CASE(bootcap_asid_pool),
    CASE(bootcap_io_port_control),
    CASE(bootcap_io_space),
    CASE(bootcap_bootinfo_frame),
    CASE(bootcap_ipc_buffer_frame),
    CASE(bootcap_domain),
    CASE(bootcap_slots_12_to_15_null),
    CASE(bootinfo_regions_contiguous),
    CASE(bootinfo_empty_reaches_cnode_end),
    CASE(bootinfo_empty_slots_are_null),
    CASE(bootinfo_image_frames_cover_image),
    CASE(bootinfo_image_paging),
    CASE(bootinfo_extra_pages_are_frames),
    CASE(untyped_caps_are_untyped),
    CASE(untyped_list_aligned),
    CASE(untyped_list_sizes_match_caps),
    CASE(untyped_list_device_flags_match_caps),
    CASE(untyped_list_disjoint),
    CASE(untyped_devices_reach_2_47),
    CASE(untyped_ram_total_plausible),
    CASE(untyped_device_covers_hpet),
    CASE(untyped_device_covers_acpi_rsdt),
    CASE(untyped_none_for_kernel_devices),
    END_OF_CASES,
};
