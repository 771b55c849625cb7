/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * seL4's IOMMU (VT-d) interface, in a suite built with IOMMU=1 (make
 * test-kernel runs one in build/iommu on a machine with QEMU's
 * intel-iommu and two edu devices, and one in build/hwdebug-iommu on a
 * machine without VT-d); the table is empty without the option.
 *
 * What is checked is seL4 13.0.0's (src/arch/x86/object/iospace.c,
 * Arch_updateCapData, decodeX86FrameInvocation): the master IOSpace cap in
 * slot 8 and numIOPTLevels, IOSpace caps minted per PCI device, the three
 * IOPageTable levels of a translation and IOPageTable_Map's errors,
 * Page_MapIO's errors in seL4's order, and what a device can reach: edu's
 * DMA engine copies pages through the translation, and is blocked (with a
 * fault the kernel reports, which run.py looks for) at unmapped addresses,
 * after unmapping, through read-only mappings and in another device's
 * IOSpace.  A blocked write is shown by a frame whose words stay as they
 * were, at an IO address where the write would have reached it had it
 * gone through: the frame's physical address (no translation) or the IO
 * address it was mapped at before.
 *
 * The error and mapping cases use an IOSpace for a PCI function that does
 * not exist (NO_DEVICE): seL4 never checks a device's presence.  QEMU's
 * VT-d has 16-bit domain IDs, so every domain ID the cap data can carry is
 * within its limit: the "domain too large" refusal cannot be shown here.
 * On a machine without VT-d (no ACPI DMAR table) the boot case checks that
 * there is no IOSpace and every other case is skipped.
 */
#include "devices.h"

#ifdef CONFIG_IOMMU

#define PAGE       4096ul
#define IO_BASE    0x0c000000ul /* above the 128 MiB of RAM, below edu's 28-bit DMA limit */
#define IO_OTHER   (IO_BASE + 0x200000ul) /* the next 2 MiB: its own level-2 table */
#define IO_PAGE(i) (IO_BASE + (i)*PAGE)
#define NO_DEVICE  0x0003ul /* 00:00.3: QEMU's host bridge has one function */
#define DOMAIN_A   1ul
#define DOMAIN_B   2ul
#define BUF_VA(i)  (SCRATCH_VA + (16 + (i)) * PAGE)    /* the root thread's view of DMA frames */
#define WORDS      (EDU_DMA_BYTES / sizeof(seL4_Word)) /* what a transfer moves */

enum { SEED_A = 1, SEED_B, SEED_P, SEED_S, SEED_V, SEED_X, SEED_Y };

/* A frame for DMA: the cap the IOSpace gets, the root thread's view (a mapped copy), its address.
 */
struct buf {
    seL4_CPtr frame;
    volatile seL4_Word *cpu;
    seL4_Word paddr;
};

/* A device with an IOSpace of its own whose three levels of tables cover IO_BASE's 2 MiB. */
struct rig {
    const struct edu *dev;
    seL4_CPtr space;
    seL4_CPtr pt[3]; /* root, level 1, level 2 */
};

/* ---- machine and objects ---------------------------------------------------------------- */

/* 1 if the machine has VT-d (an ACPI DMAR table), 0 if not, -1 if that cannot be told. */
static int machine_vtd(seL4_BootInfo *bi)
{
    static int known = -2;

    if (known == -2 && map_tables(0, seL4_CapInitThreadVSpace, SCRATCH_VA, TO_PT))
        known = acpi_has_table(bi, "DMAR");
    return known == -2 ? -1 : known;
}

/* Why a case that needs VT-d cannot run: a skip without it, a failure if the tables are unread. */
static const char *need_vtd(seL4_BootInfo *bi)
{
    int vtd = machine_vtd(bi);

    if (vtd < 0)
        return "cannot read the ACPI tables";
    return vtd ? 0 : SKIPPED("no VT-d on this machine");
}

/* Opens the edu devices for a DMA case; why it cannot run, or 0 with at least need of them. */
static const char *open_devices(seL4_BootInfo *bi, struct edu *dev, int need)
{
    const char *why = need_vtd(bi);

    if (why)
        return why;
    if (!map_tables(0, seL4_CapInitThreadVSpace, SCRATCH_VA, TO_PT))
        return "cannot map page tables for the scratch addresses";
    int n = edu_open_all(bi, dev);
    if (n < 0)
        return "cannot reach the edu devices' registers";
    return n >= need ? 0 : "the machine lacks the edu devices (qemu -device edu)";
}

#define BEGIN_VTD(bi)                                                                              \
    do {                                                                                           \
        BEGIN(bi);                                                                                 \
        const char *w_ = need_vtd(bi);                                                             \
        if (w_)                                                                                    \
            return alloc_done(w_);                                                                 \
    } while (0)
#define BEGIN_DMA(bi, dev, need)                                                                   \
    do {                                                                                           \
        BEGIN(bi);                                                                                 \
        const char *w_ = open_devices(bi, dev, need);                                              \
        if (w_)                                                                                    \
            return alloc_done(w_);                                                                 \
    } while (0)

static seL4_Error mint(seL4_CPtr dest, seL4_CPtr src, seL4_Word data)
{
    return seL4_CNode_Mint(ROOT, dest, DEPTH, ROOT, src, DEPTH, seL4_AllRights, data);
}

/* An IOSpace cap for the device bdf in domain, minted from the master cap; 0 if refused. */
static seL4_CPtr iospace(seL4_Word domain, seL4_Word bdf)
{
    seL4_CPtr s = alloc_slot();

    return s && mint(s, seL4_CapIOSpace, domain << 16 | bdf) == seL4_NoError ? s : 0;
}

/* Three new IOPageTables mapped in space for ioaddr: the root, then levels 1 and 2. */
static bool io_tables(seL4_CPtr space, seL4_CPtr *pt, seL4_Word ioaddr)
{
    for (int i = 0; i < 3; i++) {
        pt[i] = alloc_obj(seL4_X86_IOPageTableObject, 0);
        if (!pt[i] || seL4_X86_IOPageTable_Map(pt[i], space, ioaddr) != seL4_NoError)
            return false;
    }
    return true;
}

static bool rig_open(struct rig *r, const struct edu *dev, seL4_Word domain)
{
    r->dev = dev;
    r->space = iospace(domain, dev->bdf);
    return r->space && io_tables(r->space, r->pt, IO_BASE);
}

static void fill(const struct buf *b, seL4_Word seed)
{
    for (seL4_Word i = 0; i < WORDS; i++)
        b->cpu[i] = seed * 0x9e3779b97f4a7c15ul + i;
}

static bool holds(const struct buf *b, seL4_Word seed)
{
    for (seL4_Word i = 0; i < WORDS; i++)
        if (b->cpu[i] != seed * 0x9e3779b97f4a7c15ul + i)
            return false;
    return true;
}

/* A new frame filled from seed, seen by the root thread at BUF_VA(i); false if it fails. */
static bool new_buf(struct buf *b, int i, seL4_Word seed)
{
    b->frame = alloc_obj(seL4_X86_4K, 0);
    b->cpu = (volatile seL4_Word *)BUF_VA(i);
    if (!b->frame || !map_in_root(b->frame, BUF_VA(i)))
        return false;
    b->paddr = seL4_X86_Page_GetAddress(b->frame).paddr;
    fill(b, seed);
    return true;
}

/* A new frame from seed mapped with rights at ioaddr in r's IOSpace, as buffer i. */
static bool io_buf(struct buf *b, const struct rig *r, int i, seL4_Word seed,
                   seL4_CapRights_t rights, seL4_Word ioaddr)
{
    return new_buf(b, i, seed) &&
           seL4_X86_Page_MapIO(b->frame, r->space, rights, ioaddr) == seL4_NoError;
}

/* A page from RAM at ioaddr into the device's buffer. */
static bool load(const struct rig *r, seL4_Word ioaddr)
{
    return edu_dma(r->dev, false, ioaddr);
}

/* The device's buffer to the page at ioaddr. */
static bool store(const struct rig *r, seL4_Word ioaddr)
{
    return edu_dma(r->dev, true, ioaddr);
}

/* load() or store() that the IOMMU must block: run.py looks for the kernel's report of it. */
static bool blocked(const struct rig *r, bool write, seL4_Word ioaddr)
{
    expect_dma_fault(r->dev, write, ioaddr);
    return edu_dma(r->dev, write, ioaddr);
}

#define DMA(x) CHECK(x, "the edu device did not finish a transfer within 5 s")

/* ---- boot info and IOSpace caps --------------------------------------------------------- */

static const char *iommu_boot_info(seL4_BootInfo *bi)
{
    BEGIN(bi);
    int vtd = machine_vtd(bi);
    CHECK(vtd >= 0, "cannot read the ACPI tables");
    if (!vtd) {
        CHECK(bi->numIOPTLevels == (seL4_Word)-1, "numIOPTLevels is not -1 without VT-d");
        CHECK(cap_type(seL4_CapIOSpace) == TAG_NULL, "slot 8 is not null without VT-d");
        kaal_debug_puts("[iommu] no VT-d (no ACPI DMAR table)\n");
        return PASS;
    }
    CHECK(bi->numIOPTLevels == 3, "numIOPTLevels is not 3 (seL4's choice for 39-bit VT-d)");
    CHECK(cap_type(seL4_CapIOSpace) == TAG_IO_SPACE, "slot 8 does not hold an IOSpace cap");
    kaal_debug_puts("[iommu] VT-d present\n");
    return PASS;
}

static const char *iospace_mint_rules(seL4_BootInfo *bi)
{
    BEGIN_VTD(bi);
    seL4_CPtr dev = alloc_slot(), copy = alloc_slot(), s = alloc_slots(5);
    CHECK(mint(s, seL4_CapIOSpace, 0 << 16 | NO_DEVICE) == seL4_IllegalOperation,
          "a mint with domain 0 is not IllegalOperation");
    CHECK(mint(dev, seL4_CapIOSpace, DOMAIN_A << 16 | NO_DEVICE) == seL4_NoError &&
              cap_type(dev) == TAG_IO_SPACE,
          "minting an IOSpace for a device from the master cap failed");
    CHECK(mint(s, dev, DOMAIN_B << 16 | NO_DEVICE) == seL4_IllegalOperation &&
              mint(s, dev, DOMAIN_B << 16) == seL4_IllegalOperation,
          "a mint from a device's IOSpace cap is not IllegalOperation");
    CHECK(mint(s + 1, seL4_CapIOSpace, 0xfffful << 16 | NO_DEVICE) == seL4_NoError,
          "domain 0xffff refused (QEMU's VT-d has 16-bit domain IDs)");
    CHECK(mint(s + 2, seL4_CapIOSpace, 1ul << 32 | DOMAIN_B << 16 | NO_DEVICE) == seL4_NoError,
          "cap data above bit 31 not ignored (seL4's IOSpace data is 32 bits)");
    /* A copy of the master cap is a master cap; Mutate (seL4's preserve) makes no IOSpace. */
    CHECK(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, seL4_CapIOSpace, DEPTH, seL4_AllRights) ==
              seL4_NoError,
          "copying the master IOSpace cap failed");
    CHECK(mint(s + 3, copy, DOMAIN_A << 16 | NO_DEVICE) == seL4_NoError,
          "minting from a copy of the master cap failed");
    CHECK(seL4_CNode_Mutate(ROOT, s + 4, DEPTH, ROOT, copy, DEPTH, DOMAIN_A << 16 | NO_DEVICE) ==
                  seL4_IllegalOperation &&
              cap_type(copy) == TAG_IO_SPACE,
          "a Mutate of the master cap with new data is not IllegalOperation");
    return PASS;
}

static const char *iospace_takes_no_invocation(seL4_BootInfo *bi)
{
    static const seL4_Word labels[] = {X86IOPageTableMap, X86IOPageTableUnmap, X86PageMapIO,
                                       X86PageGetAddress, CNodeCopy};
    BEGIN_VTD(bi);
    seL4_CPtr space = iospace(DOMAIN_A, NO_DEVICE), caps[1] = {space};
    seL4_Word mrs[3] = {0, IO_BASE, 0};
    CHECK(space, "cannot mint an IOSpace");
    for (unsigned i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        CHECK(seL4_MessageInfo_get_label(raw_call(space, labels[i], 3, mrs, 1, caps)) ==
                      seL4_IllegalOperation &&
                  seL4_MessageInfo_get_label(raw_call(seL4_CapIOSpace, labels[i], 3, mrs, 1,
                                                      caps)) == seL4_IllegalOperation,
              "an invocation of an IOSpace cap is not IllegalOperation");
    }
    return PASS;
}

/* ---- IOPageTable_Map and Unmap ----------------------------------------------------------- */

static const char *iopt_map_errors(seL4_BootInfo *bi)
{
    BEGIN_VTD(bi);
    seL4_CPtr pt = alloc_obj(seL4_X86_IOPageTableObject, 0), frame = alloc_obj(seL4_X86_4K, 0);
    seL4_CPtr space = iospace(DOMAIN_A, NO_DEVICE), pci0 = iospace(DOMAIN_B, 0);
    seL4_Word word = IO_BASE;
    CHECK(pt && frame && space && pci0, "cannot make the objects");
    CHECK(cap_type(pt) == TAG_IO_PAGE_TABLE, "Retype made no IOPageTable cap");
    CHECK(seL4_MessageInfo_get_label(raw_call(pt, X86PageMap, 0, 0, 0, 0)) == seL4_IllegalOperation,
          "an IOPageTable invoked with Page_Map's label is not IllegalOperation");
    CHECK(seL4_MessageInfo_get_label(raw_call(pt, X86IOPageTableMap, 1, &word, 0, 0)) ==
                  seL4_TruncatedMessage &&
              seL4_MessageInfo_get_label(raw_call(pt, X86IOPageTableMap, 0, 0, 1, &space)) ==
                  seL4_TruncatedMessage,
          "IOPageTable_Map without its cap or its word is not TruncatedMessage");
    CHECK(seL4_X86_IOPageTable_Map(pt, frame, IO_BASE) == seL4_InvalidCapability && MR(0) == 0,
          "IOPageTable_Map into a frame is not InvalidCapability 0");
    CHECK(seL4_X86_IOPageTable_Map(pt, seL4_CapIOSpace, IO_BASE) == seL4_InvalidCapability &&
              MR(0) == 0,
          "IOPageTable_Map into the master IOSpace is not InvalidCapability 0");
    CHECK(seL4_X86_IOPageTable_Map(pt, pci0, IO_BASE) == seL4_InvalidCapability && MR(0) == 0,
          "IOPageTable_Map into an IOSpace of PCI device 0 is not InvalidCapability 0");
    CHECK(seL4_X86_IOPageTable_Map(pt, space, IO_BASE) == seL4_NoError,
          "IOPageTable_Map of a new table failed");
    CHECK(seL4_X86_IOPageTable_Map(pt, space, IO_OTHER) == seL4_InvalidCapability && MR(0) == 0,
          "IOPageTable_Map of a mapped table is not InvalidCapability 0");
    return PASS;
}

static const char *iopt_levels(seL4_BootInfo *bi)
{
    BEGIN_VTD(bi);
    seL4_CPtr space = iospace(DOMAIN_A, NO_DEVICE), pt[4], f = alloc_obj(seL4_X86_4K, 0);
    seL4_CPtr g = alloc_obj(seL4_X86_4K, 0), copy = alloc_slot();
    for (int i = 0; i < 4; i++)
        pt[i] = alloc_obj(seL4_X86_IOPageTableObject, 0);
    CHECK(space && f && g && pt[3], "cannot make the objects");
    CHECK(seL4_X86_Page_MapIO(f, space, seL4_AllRights, IO_BASE) == seL4_FailedLookup && MR(0) == 0,
          "MapIO into an IOSpace with no tables is not FailedLookup (destination)");
    /* The first table is the device's root, whatever the address; the next two fill the walk. */
    CHECK(seL4_X86_IOPageTable_Map(pt[0], space, 0x7777000) == seL4_NoError,
          "mapping the root table failed");
    CHECK(seL4_X86_Page_MapIO(f, space, seL4_AllRights, IO_BASE) == seL4_FailedLookup,
          "MapIO with only the root table is not FailedLookup");
    CHECK(seL4_X86_IOPageTable_Map(pt[1], space, IO_BASE + PAGE) == seL4_NoError,
          "mapping the level-1 table failed");
    CHECK(seL4_X86_Page_MapIO(f, space, seL4_AllRights, IO_BASE) == seL4_FailedLookup,
          "MapIO with two levels of tables is not FailedLookup");
    CHECK(seL4_X86_IOPageTable_Map(pt[2], space, IO_BASE + 3 * PAGE) == seL4_NoError,
          "mapping the level-2 table failed");
    CHECK(seL4_X86_Page_MapIO(f, space, seL4_AllRights, IO_BASE) == seL4_NoError,
          "MapIO with all three levels failed");
    CHECK(seL4_X86_IOPageTable_Map(pt[3], space, IO_BASE) == seL4_DeleteFirst,
          "a fourth table where all levels are present is not DeleteFirst");
    CHECK(seL4_X86_IOPageTable_Map(pt[3], space, IO_OTHER) == seL4_NoError &&
              seL4_X86_Page_MapIO(g, space, seL4_AllRights, IO_OTHER) == seL4_NoError,
          "the next 2 MiB did not take a level-2 table of its own");
    CHECK(seL4_X86_IOPageTable_Unmap(pt[3]) == seL4_NoError &&
              seL4_X86_IOPageTable_Unmap(pt[3]) == seL4_NoError,
          "IOPageTable_Unmap, or its repeat on an unmapped table, failed");
    CHECK(seL4_X86_Page_Unmap(g) == seL4_NoError &&
              seL4_X86_Page_MapIO(g, space, seL4_AllRights, IO_OTHER + PAGE) == seL4_FailedLookup,
          "MapIO under an unmapped level-2 table is not FailedLookup");
    /* An unmapped table cannot be copied (seL4's deriveCap); a mapped one can. */
    CHECK(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, pt[3], DEPTH, seL4_AllRights) ==
              seL4_IllegalOperation,
          "copying an unmapped IOPageTable is not IllegalOperation");
    CHECK(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, pt[0], DEPTH, seL4_AllRights) == seL4_NoError,
          "copying a mapped IOPageTable failed");
    CHECK(seL4_X86_IOPageTable_Map(pt[3], space, IO_OTHER) == seL4_NoError &&
              seL4_X86_Page_MapIO(g, space, seL4_AllRights, IO_OTHER + PAGE) == seL4_NoError,
          "a table mapped again after Unmap does not serve MapIO");
    return PASS;
}

/* ---- Page_MapIO ------------------------------------------------------------------------- */

static const char *mapio_errors(seL4_BootInfo *bi)
{
    BEGIN_VTD(bi);
    seL4_CPtr space = iospace(DOMAIN_A, NO_DEVICE), pt[3], f = alloc_obj(seL4_X86_4K, 0);
    seL4_CPtr g = alloc_obj(seL4_X86_4K, 0), large = alloc_obj(seL4_X86_LargePageObject, 0);
    seL4_CPtr in_vspace = alloc_obj(seL4_X86_4K, 0), ro = alloc_slot();
    seL4_Word mrs[2] = {seL4_AllRights.words[0], IO_BASE};
    CHECK(space && f && g && large && in_vspace && io_tables(space, pt, IO_BASE),
          "cannot make the objects");
    CHECK(seL4_MessageInfo_get_label(raw_call(f, X86PageMapIO, 2, mrs, 0, 0)) ==
                  seL4_TruncatedMessage &&
              seL4_MessageInfo_get_label(raw_call(large, X86PageMapIO, 1, mrs, 1, &space)) ==
                  seL4_TruncatedMessage,
          "MapIO without its cap, or with one word, is not TruncatedMessage");
    CHECK(seL4_X86_Page_MapIO(large, space, seL4_AllRights, IO_BASE) == seL4_InvalidCapability &&
              MR(0) == 0,
          "MapIO of a 2 MiB frame is not InvalidCapability 0");
    CHECK(map_tables(0, seL4_CapInitThreadVSpace, SCRATCH_VA, TO_PT) &&
              seL4_X86_Page_Map(in_vspace, seL4_CapInitThreadVSpace, BUF_VA(0), seL4_AllRights,
                                seL4_X86_Default_VMAttributes) == seL4_NoError,
          "cannot map a frame in the root VSpace");
    CHECK(seL4_X86_Page_MapIO(in_vspace, space, seL4_AllRights, IO_BASE) ==
                  seL4_InvalidCapability &&
              MR(0) == 0,
          "MapIO of a frame mapped in a VSpace is not InvalidCapability 0");
    CHECK(seL4_X86_Page_MapIO(f, g, seL4_AllRights, IO_BASE) == seL4_InvalidCapability &&
              MR(0) == 0,
          "MapIO into a frame cap is not InvalidCapability 0");
    CHECK(seL4_X86_Page_MapIO(f, seL4_CapIOSpace, seL4_AllRights, IO_BASE) ==
                  seL4_InvalidCapability &&
              MR(0) == 0,
          "MapIO into the master IOSpace is not InvalidCapability 0");
    /* The lookup and an occupied slot are checked before the rights. */
    CHECK(seL4_X86_Page_MapIO(f, space, seL4_NoRights, IO_OTHER) == seL4_FailedLookup,
          "MapIO with no rights where tables are missing is not FailedLookup");
    CHECK(seL4_X86_Page_MapIO(f, space, seL4_AllRights, IO_BASE) == seL4_NoError, "MapIO failed");
    CHECK(seL4_X86_Page_MapIO(g, space, seL4_NoRights, IO_BASE) == seL4_DeleteFirst,
          "MapIO at an occupied IO address is not DeleteFirst");
    CHECK(seL4_X86_Page_MapIO(g, space, seL4_NoRights, IO_BASE + PAGE) == seL4_InvalidArgument &&
              MR(0) == 0,
          "MapIO with neither read nor write is not InvalidArgument 0");
    /* Rights are masked with the cap's: write alone on a read-only cap leaves nothing. */
    CHECK(seL4_CNode_Copy(ROOT, ro, DEPTH, ROOT, g, DEPTH, seL4_CanRead) == seL4_NoError,
          "cannot make a read-only copy of a frame cap");
    CHECK(seL4_X86_Page_MapIO(ro, space, seL4_CanWrite, IO_BASE + PAGE) == seL4_InvalidArgument,
          "MapIO asking write of a read-only cap is not InvalidArgument");
    CHECK(seL4_X86_Page_MapIO(ro, space, seL4_AllRights, IO_BASE + PAGE) == seL4_NoError,
          "MapIO of a read-only cap failed");
    return PASS;
}

/* A frame cap is mapped in one place: a VSpace or an IOSpace.  seL4 tells the two apart by the
 * mapping's "ASID", for an IO mapping the PCI id: a Page_Map into a VSpace whose ASID differs is
 * InvalidCapability 1, into the one whose ASID equals the PCI id IllegalOperation. */
static const char *mapio_frame_in_one_place(seL4_BootInfo *bi)
{
    BEGIN_VTD(bi);
    seL4_CPtr space = iospace(DOMAIN_A, NO_DEVICE), pt[3], f = alloc_obj(seL4_X86_4K, 0);
    seL4_CPtr g = alloc_obj(seL4_X86_4K, 0), vs = seL4_CapInitThreadVSpace;
    seL4_Error e;
    CHECK(space && f && g && io_tables(space, pt, IO_BASE) && map_tables(0, vs, SCRATCH_VA, TO_PT),
          "cannot make the objects");
    CHECK(seL4_X86_Page_MapIO(f, space, seL4_AllRights, IO_BASE) == seL4_NoError, "MapIO failed");
    CHECK(seL4_X86_Page_MapIO(f, space, seL4_AllRights, IO_BASE + PAGE) == seL4_InvalidCapability &&
              MR(0) == 0,
          "MapIO of an IO-mapped frame is not InvalidCapability 0");
    CHECK(seL4_X86_Page_Map(f, vs, BUF_VA(0), seL4_AllRights, seL4_X86_Default_VMAttributes) ==
                  seL4_InvalidCapability &&
              MR(0) == 1,
          "Page_Map of an IO-mapped frame into the root VSpace is not InvalidCapability 1");
    /* New VSpaces take the first free ASIDs, 2, 3 ...: the second is NO_DEVICE's PCI id. */
    do {
        vs = new_space(seL4_CapInitThreadASIDPool, 0);
        CHECK(vs, "ran out of ASIDs before reaching the IOSpace's PCI id");
        e = seL4_X86_Page_Map(f, vs, BUF_VA(0), seL4_AllRights, seL4_X86_Default_VMAttributes);
    } while (e == seL4_InvalidCapability && MR(0) == 1);
    CHECK(e == seL4_IllegalOperation,
          "Page_Map of an IO-mapped frame into the VSpace whose ASID is the PCI id is not "
          "IllegalOperation");
    CHECK(seL4_X86_Page_Unmap(f) == seL4_NoError &&
              seL4_X86_Page_MapIO(g, space, seL4_AllRights, IO_BASE) == seL4_NoError,
          "Page_Unmap of an IO-mapped frame did not free its IO address");
    CHECK(seL4_X86_Page_Map(f, seL4_CapInitThreadVSpace, BUF_VA(0), seL4_AllRights,
                            seL4_X86_Default_VMAttributes) == seL4_NoError,
          "a frame unmapped from an IOSpace cannot be mapped in a VSpace");
    return PASS;
}

/* ---- DMA --------------------------------------------------------------------------------- */

static const char *dma_through_translation(seL4_BootInfo *bi)
{
    struct edu dev[EDU_MAX];
    struct rig r;
    struct buf a, b;
    BEGIN_DMA(bi, dev, 1);
    CHECK(rig_open(&r, &dev[0], DOMAIN_A) &&
              io_buf(&a, &r, 0, SEED_A, seL4_AllRights, IO_PAGE(1)) &&
              io_buf(&b, &r, 1, SEED_B, seL4_AllRights, IO_PAGE(2)),
          "cannot map the frames in an IOSpace");
    CHECK(a.paddr != IO_PAGE(1) && b.paddr != IO_PAGE(2), "an IO address equals a frame's");
    DMA(load(&r, IO_PAGE(1)) && store(&r, IO_PAGE(2)));
    CHECK(holds(&b, SEED_A), "the destination frame does not hold the source frame's words");
    return PASS;
}

static const char *dma_to_unmapped_address_blocked(seL4_BootInfo *bi)
{
    struct edu dev[EDU_MAX];
    struct rig r;
    struct buf a, b, v;
    BEGIN_DMA(bi, dev, 1);
    CHECK(rig_open(&r, &dev[0], DOMAIN_A) &&
              io_buf(&a, &r, 0, SEED_A, seL4_AllRights, IO_PAGE(1)) &&
              io_buf(&b, &r, 1, SEED_B, seL4_AllRights, IO_PAGE(2)) && new_buf(&v, 2, SEED_V),
          "cannot make the frames");
    DMA(load(&r, IO_PAGE(1)) && store(&r, IO_PAGE(2)));
    CHECK(holds(&b, SEED_A), "the device's transfer through its mappings failed");
    /* v's physical address, unmapped in the IOSpace: without translation, v itself. */
    DMA(blocked(&r, true, v.paddr));
    CHECK(holds(&v, SEED_V), "a DMA write to an unmapped IO address reached memory");
    DMA(blocked(&r, false, v.paddr) && store(&r, IO_PAGE(2)));
    CHECK(!holds(&b, SEED_V), "a DMA read from an unmapped IO address read memory");
    return PASS;
}

static const char *dma_blocked_after_page_unmap(seL4_BootInfo *bi)
{
    struct edu dev[EDU_MAX];
    struct rig r;
    struct buf a, x, y;
    BEGIN_DMA(bi, dev, 1);
    CHECK(rig_open(&r, &dev[0], DOMAIN_A) &&
              io_buf(&a, &r, 0, SEED_A, seL4_AllRights, IO_PAGE(1)) &&
              io_buf(&x, &r, 1, SEED_X, seL4_AllRights, IO_PAGE(2)) &&
              io_buf(&y, &r, 2, SEED_Y, seL4_AllRights, IO_PAGE(3)),
          "cannot map the frames in an IOSpace");
    DMA(load(&r, IO_PAGE(1)) && store(&r, IO_PAGE(2)) && store(&r, IO_PAGE(3)));
    CHECK(holds(&x, SEED_A) && holds(&y, SEED_A), "the device's transfers to its mappings failed");
    fill(&x, SEED_X);
    fill(&y, SEED_Y);
    /* Unmap x's IO mapping; delete y's IO-mapped cap (the root thread's copy keeps the frame). */
    CHECK(seL4_X86_Page_Unmap(x.frame) == seL4_NoError &&
              seL4_CNode_Delete(ROOT, y.frame, DEPTH) == seL4_NoError,
          "Page_Unmap or the Delete failed");
    DMA(blocked(&r, true, IO_PAGE(2)) && blocked(&r, true, IO_PAGE(3)));
    CHECK(holds(&x, SEED_X), "a DMA write reached a frame after its Page_Unmap");
    CHECK(holds(&y, SEED_Y), "a DMA write reached a frame after its IO-mapped cap was deleted");
    return PASS;
}

static const char *dma_blocked_after_iopt_unmap(seL4_BootInfo *bi)
{
    struct edu dev[EDU_MAX];
    struct rig r;
    struct buf a, x, y;
    seL4_CPtr other = 0;
    BEGIN_DMA(bi, dev, 1);
    CHECK(rig_open(&r, &dev[0], DOMAIN_A) && (other = alloc_obj(seL4_X86_IOPageTableObject, 0)) &&
              seL4_X86_IOPageTable_Map(other, r.space, IO_OTHER) == seL4_NoError &&
              io_buf(&a, &r, 0, SEED_A, seL4_AllRights, IO_PAGE(1)) &&
              io_buf(&x, &r, 1, SEED_X, seL4_AllRights, IO_PAGE(2)) &&
              io_buf(&y, &r, 2, SEED_Y, seL4_AllRights, IO_OTHER),
          "cannot map the tables and frames in an IOSpace");
    DMA(load(&r, IO_PAGE(1)) && store(&r, IO_PAGE(2)) && store(&r, IO_OTHER));
    CHECK(holds(&x, SEED_A) && holds(&y, SEED_A), "the device's transfers to its mappings failed");
    fill(&x, SEED_X);
    fill(&y, SEED_Y);
    /* x's level-2 table unmapped; y's deleted (its only cap). */
    CHECK(seL4_X86_IOPageTable_Unmap(r.pt[2]) == seL4_NoError &&
              seL4_CNode_Delete(ROOT, other, DEPTH) == seL4_NoError,
          "IOPageTable_Unmap or the Delete failed");
    DMA(blocked(&r, true, IO_PAGE(2)) && blocked(&r, true, IO_OTHER));
    CHECK(holds(&x, SEED_X), "a DMA write went through a level-2 table after its Unmap");
    CHECK(holds(&y, SEED_Y), "a DMA write went through a level-2 table after its Delete");
    return PASS;
}

static const char *dma_blocked_after_root_unmap(seL4_BootInfo *bi)
{
    struct edu dev[EDU_MAX];
    struct rig r;
    struct buf a, x;
    BEGIN_DMA(bi, dev, 1);
    seL4_CPtr z = alloc_obj(seL4_X86_4K, 0);
    CHECK(z && rig_open(&r, &dev[0], DOMAIN_A) &&
              io_buf(&a, &r, 0, SEED_A, seL4_AllRights, IO_PAGE(1)) &&
              io_buf(&x, &r, 1, SEED_X, seL4_AllRights, IO_PAGE(2)),
          "cannot map the frames in an IOSpace");
    DMA(load(&r, IO_PAGE(1)) && store(&r, IO_PAGE(2)));
    CHECK(holds(&x, SEED_A), "the device's transfer through its mappings failed");
    fill(&x, SEED_X);
    CHECK(seL4_X86_IOPageTable_Unmap(r.pt[0]) == seL4_NoError, "IOPageTable_Unmap failed");
    DMA(blocked(&r, true, IO_PAGE(2)));
    CHECK(holds(&x, SEED_X), "a DMA write went through an IOSpace after its root table's Unmap");
    CHECK(seL4_X86_Page_MapIO(z, r.space, seL4_AllRights, IO_PAGE(3)) == seL4_FailedLookup,
          "MapIO after the root table's Unmap is not FailedLookup");
    return PASS;
}

static const char *dma_read_only_mapping(seL4_BootInfo *bi)
{
    struct edu dev[EDU_MAX];
    struct rig r;
    struct buf p, a, b;
    BEGIN_DMA(bi, dev, 1);
    CHECK(rig_open(&r, &dev[0], DOMAIN_A) && io_buf(&p, &r, 0, SEED_P, seL4_CanRead, IO_PAGE(1)) &&
              io_buf(&a, &r, 1, SEED_A, seL4_AllRights, IO_PAGE(2)) &&
              io_buf(&b, &r, 2, SEED_B, seL4_AllRights, IO_PAGE(3)),
          "cannot map the frames in an IOSpace");
    /* The write first: QEMU's VT-d blocks a write through a read-only entry in its IOTLB, as
     * a read of the page would leave, without recording the fault run.py looks for. */
    DMA(load(&r, IO_PAGE(2)) && blocked(&r, true, IO_PAGE(1)));
    CHECK(holds(&p, SEED_P), "a DMA write reached a frame mapped read-only");
    DMA(load(&r, IO_PAGE(1)) && store(&r, IO_PAGE(3)));
    CHECK(holds(&b, SEED_P), "the device could not read a frame mapped read-only");
    return PASS;
}

/* A frame mapped in one device's IOSpace only: the other device, with the same IO addresses
 * mapped in its own IOSpace but not that one, can neither write nor read it. */
static const char *dma_devices_isolated(seL4_BootInfo *bi)
{
    struct edu dev[EDU_MAX];
    struct rig r0, r1;
    struct buf s, c, a, b;
    BEGIN_DMA(bi, dev, 2);
    CHECK(rig_open(&r0, &dev[0], DOMAIN_A) && rig_open(&r1, &dev[1], DOMAIN_B) &&
              io_buf(&s, &r0, 0, SEED_S, seL4_AllRights, IO_PAGE(1)) &&
              io_buf(&c, &r0, 1, SEED_B, seL4_AllRights, IO_PAGE(4)) &&
              io_buf(&a, &r1, 2, SEED_A, seL4_AllRights, IO_PAGE(2)) &&
              io_buf(&b, &r1, 3, SEED_B, seL4_AllRights, IO_PAGE(3)),
          "cannot map the frames in the two IOSpaces");
    DMA(load(&r0, IO_PAGE(1)) && store(&r0, IO_PAGE(4)));
    CHECK(holds(&c, SEED_S), "device 1 cannot reach its own frames");
    DMA(load(&r1, IO_PAGE(2)) && store(&r1, IO_PAGE(3)));
    CHECK(holds(&b, SEED_A), "device 2 cannot reach its own frames");
    DMA(blocked(&r1, true, IO_PAGE(1)));
    CHECK(holds(&s, SEED_S), "device 2 wrote a frame mapped only for device 1");
    DMA(blocked(&r1, false, IO_PAGE(1)) && store(&r1, IO_PAGE(3)));
    CHECK(!holds(&b, SEED_S), "device 2 read a frame mapped only for device 1");
    return PASS;
}

const struct kernel_case iommu_cases[] = {
    CASE(iommu_boot_info),
    CASE(iospace_mint_rules),
    CASE(iospace_takes_no_invocation),
    CASE(iopt_map_errors),
    CASE(iopt_levels),
    CASE(mapio_errors),
    CASE(mapio_frame_in_one_place),
    CASE(dma_through_translation),
    CASE(dma_to_unmapped_address_blocked),
    CASE(dma_blocked_after_page_unmap),
    CASE(dma_blocked_after_iopt_unmap),
    CASE(dma_blocked_after_root_unmap),
    CASE(dma_read_only_mapping),
    CASE(dma_devices_isolated),
    END_OF_CASES,
};

#else
const struct kernel_case iommu_cases[] = {END_OF_CASES};
#endif /* CONFIG_IOMMU */
