// SPDX-License-Identifier: BSD-2-Clause
/*
 * The root server: the first user thread, set up as seL4 sets up its
 * initial thread.
 *
 * All its objects come from one block of free RAM taken before anything
 * else: the root CNode (2^12 slots, aligned to its size) first, then one
 * page each for its TCB and the initial ASID pool, then its page tables
 * and frames.  Its ELF segments are copied into fresh frames at their link
 * addresses; the IPC buffer frame follows the image, the boot-info frame
 * follows that, and the extra boot-info page (the arch's records, then
 * padding) follows the boot-info frame.
 *
 * The root CNode then holds a cap to each of those objects: the fixed
 * slots 1-11 of SEL4_ABI.md, then the paging structures, the image frames
 * and the extra boot-info page, then one Untyped cap per aligned block of
 * the RAM left free and of the physical address space that is not RAM
 * (device untypeds), each region reported in the boot info.  Caps made
 * here are originals: they head their own derivation trees.  The thread
 * starts at the ELF entry with the boot-info address as its argument.
 */
#include <boot/rootserver.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <machine.h>
#include <object/cnode.h>
#include <object/objecttype.h>
#include <object/tcb.h>
#include <panic.h>
#include <sel4/bootinfo_types.h>
#include <sel4/objecttype.h>
#include <thread.h>
#include <user.h>

/* initThreadCNodeSizeBits: a build option, as seL4's KernelRootCNodeSizeBits (default 12). */
#ifndef CONFIG_ROOT_CNODE_SIZE_BITS
#define CONFIG_ROOT_CNODE_SIZE_BITS 12
#endif

#define PAGE              4096ul
#define ROOT_CNODE_BITS   CONFIG_ROOT_CNODE_SIZE_BITS
#define ROOT_CNODE_SIZE   (BIT(ROOT_CNODE_BITS) * sizeof(cte_t))
#define ROOT_PRIO         THREAD_MAX_PRIO
#define EXTRA_BI_PAGES    1
#define EXTRA_PAGES_AFTER (2 + EXTRA_BI_PAGES) /* IPC buffer, boot info, extra boot info */
#define OBJECT_PAGES      2                    /* TCB, ASID pool */

struct block {
    paddr_t next;
    paddr_t end;
};

/* The root CNode being filled and the next free slot in it. */
struct cspace {
    cte_t *slots;
    word_t next;
};

static paddr_t block_page(void *ctx)
{
    struct block *b = ctx;

    if (b->next >= b->end)
        return 0;
    paddr_t pa = b->next;
    b->next += PAGE;
    memset(arch_paddr_to_ptr(pa), 0, PAGE);
    return pa;
}

/* Takes size bytes aligned to align out of free RAM below the kernel's physical window. */
static struct block take_block(struct boot_mem *mem, size_t size, size_t align)
{
    paddr_t start = boot_mem_take(mem, size, align, PHYS_WINDOW_SIZE);

    if (start)
        return (struct block){start, start + size};
    boot_fail("give the machine more memory (QEMU: -m 128M)",
              "no free range holds the root server's %zu KiB", size / KiB);
}

/* Union of the rights of the segments that overlap the page at va. */
static unsigned page_rights(const struct elf_info *elf, uint64_t va)
{
    unsigned rights = 0;

    for (int i = 0; i < elf->n_seg; i++) {
        const struct elf_segment *s = &elf->seg[i];
        if (s->vaddr < va + PAGE && va < s->vaddr + s->memsz)
            rights |= (s->flags & PF_R ? VM_READ : 0) | (s->flags & PF_W ? VM_WRITE : 0) |
                      (s->flags & PF_X ? VM_EXEC : 0);
    }
    return rights;
}

/* Copies the file bytes that belong in the page at va; the rest stays zero. */
static void fill_page(uint8_t *dst, const uint8_t *img, const struct elf_info *elf, uint64_t va)
{
    for (int i = 0; i < elf->n_seg; i++) {
        const struct elf_segment *s = &elf->seg[i];
        uint64_t lo = MAX(va, s->vaddr), hi = MIN(va + PAGE, s->vaddr + s->filesz);
        if (lo < hi)
            memcpy(dst + (lo - va), img + s->offset + (lo - s->vaddr), hi - lo);
    }
}

static void map(paddr_t vspace, uint64_t va, paddr_t pa, unsigned rights, struct block *b)
{
    if (!arch_vspace_map_page(vspace, va, pa, rights, block_page, b))
        panic("root server: cannot map %#lx (block sized wrong?)", (unsigned long)va);
}

/* Writes an original cap (the root of its own derivation tree) into an empty slot. */
static void put_original(cte_t *slot, cap_t cap)
{
    kassert(cap_is_null(slot->cap));
    slot->cap = cap;
    slot->mdb.w[0] = slot->mdb.w[1] = 0;
    mdb_set_flags(slot, true, true);
}

/* Puts cap in the next free slot; returns the slot number. */
static word_t cs_add(struct cspace *cs, cap_t cap)
{
    if (cs->next >= BIT(ROOT_CNODE_BITS))
        panic("root server: its CNode of 2^%d slots is full", ROOT_CNODE_BITS);
    put_original(&cs->slots[cs->next], cap);
    return cs->next++;
}

/* Adds the untyped caps for [start, end) in maximal aligned blocks; returns false when full. */
static bool add_untypeds(struct cspace *cs, seL4_BootInfo *bi, paddr_t start, paddr_t end,
                         bool device)
{
    while (start < end) {
        word_t bits = start ? (word_t)__builtin_ctzll(start) : 63;
        word_t fit = 63 - (word_t)__builtin_clzll(end - start);
        bits = MIN(MIN(bits, fit), (word_t)seL4_MaxUntypedBits);
        if (bits < seL4_MinUntypedBits) {
            start += BIT(bits);
            continue;
        }
        word_t n = cs->next - bi->untyped.start;
        if (n == CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS || cs->next >= BIT(ROOT_CNODE_BITS))
            return false;
        cs_add(cs, cap_untyped_new(start, bits, device, 0));
        bi->untypedList[n] =
            (seL4_UntypedDesc){.paddr = start, .sizeBits = (seL4_Uint8)bits, .isDevice = device};
        start += BIT(bits);
    }
    return true;
}

/* Adds RAM untypeds for the part of each range that the kernel's window reaches. */
static bool add_ram_untypeds(struct cspace *cs, seL4_BootInfo *bi, const struct mem_range *r, int n)
{
    for (int i = 0; i < n; i++) {
        paddr_t end = MIN(r[i].end, PHYS_WINDOW_SIZE);
        if (r[i].start < end && !add_untypeds(cs, bi, r[i].start, end, false))
            return false;
    }
    return true;
}

/*
 * Every free RAM range becomes RAM untypeds (the part the kernel's window
 * reaches), then the RAM that held the boot modules and the loader's
 * records, whose contents the root server no longer needs (it runs from
 * its own copy), and every gap between RAM the arch does not keep for
 * itself becomes device untypeds.
 */
static void add_all_untypeds(struct cspace *cs, seL4_BootInfo *bi, const struct boot_mem *mem)
{
    struct mem_range dev[BOOT_MAX_RANGES];
    int n_dev = arch_device_ranges(dev, BOOT_MAX_RANGES);
    bool full;

    bi->untyped.start = cs->next;
    full = !add_ram_untypeds(cs, bi, mem->free, mem->n) ||
           !add_ram_untypeds(cs, bi, mem->reclaim, mem->n_reclaim);
    for (int i = 0; i < n_dev && !full; i++)
        full = !add_untypeds(cs, bi, dev[i].start, dev[i].end, true);
    if (full)
        kprintf("[KaaL] warning: more untyped blocks than the boot info's %d entries; the rest "
                "of memory is not handed out\n",
                CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS);
    bi->untyped.end = cs->next;
}

static void fill_bootinfo(seL4_BootInfo *bi, uint64_t ipc_va)
{
    bi->extraLen = EXTRA_BI_PAGES * PAGE;
    bi->nodeID = 0;
    bi->numNodes = 1;
    bi->numIOPTLevels = arch_boot_iopt_levels();
    bi->ipcBuffer = (struct seL4_IPCBuffer_ *)ipc_va;
    bi->initThreadCNodeSizeBits = ROOT_CNODE_BITS;
    bi->initThreadDomain = 0;
}

/* The extra boot-info page: the arch's records, then padding to the end of the page. */
static void fill_extra(uint8_t *page)
{
    size_t size = EXTRA_BI_PAGES * PAGE;
    size_t used = arch_extra_bootinfo(page, size - sizeof(seL4_BootInfoHeader));
    seL4_BootInfoHeader pad = {SEL4_BOOTINFO_HEADER_PADDING, size - used};

    memcpy(page + used, &pad, sizeof(pad));
}

/* Gives the root thread its CSpace, VSpace and IPC buffer caps, derived from the root CNode's. */
static void setup_tcb(struct tcb *tcb, cte_t *slots, vaddr_t ipc_va)
{
    cdt_insert(slots[seL4_CapInitThreadCNode].cap, &slots[seL4_CapInitThreadCNode],
               &tcb->cnode[TCB_CTABLE]);
    cdt_insert(slots[seL4_CapInitThreadVSpace].cap, &slots[seL4_CapInitThreadVSpace],
               &tcb->cnode[TCB_VTABLE]);
    cdt_insert(
        cap_derive(&slots[seL4_CapInitThreadIPCBuffer], slots[seL4_CapInitThreadIPCBuffer].cap).cap,
        &slots[seL4_CapInitThreadIPCBuffer], &tcb->cnode[TCB_BUFFER]);
    tcb_setup_reply_master(tcb);
    tcb->ipc_buffer = ipc_va;
    tcb->sched.prio = ROOT_PRIO;
    tcb->mcp = ROOT_PRIO;
    tcb->time_slice = THREAD_TIME_SLICE;
    memcpy(tcb->name, "rootserver", sizeof("rootserver"));
}

void rootserver_start(const struct boot_module *m, const struct elf_info *elf, struct boot_mem *mem)
{
    uint64_t ipc_va = elf->hi, bi_va = elf->hi + PAGE, extra_va = elf->hi + 2 * PAGE;
    uint64_t hi = elf->hi + EXTRA_PAGES_AFTER * PAGE;
    size_t frames = (elf->hi - elf->lo) / PAGE + EXTRA_PAGES_AFTER;
    size_t tables = arch_vspace_tables_needed(elf->lo, hi);
    struct block b =
        take_block(mem, ROOT_CNODE_SIZE + (OBJECT_PAGES + frames + tables) * PAGE, ROOT_CNODE_SIZE);
    const uint8_t *img = arch_paddr_to_ptr(m->start);

    paddr_t cnode_pa = b.next;
    memset(arch_paddr_to_ptr(cnode_pa), 0, ROOT_CNODE_SIZE);
    b.next += ROOT_CNODE_SIZE;
    struct cspace cs = {arch_paddr_to_ptr(cnode_pa), seL4_NumInitialCaps};
    paddr_t tcb_pa = block_page(&b), pool_pa = block_page(&b);

    paddr_t vspace = arch_vspace_create(block_page, &b);
    for (uint64_t va = elf->lo; va < elf->hi; va += PAGE) {
        paddr_t pa = block_page(&b);
        fill_page(arch_paddr_to_ptr(pa), img, elf, va);
        map(vspace, va, pa, page_rights(elf, va), &b);
    }
    paddr_t ipc = block_page(&b), bi_pa = block_page(&b), extra = block_page(&b);
    seL4_BootInfo *bi = arch_paddr_to_ptr(bi_pa);
    fill_bootinfo(bi, ipc_va);
    fill_extra(arch_paddr_to_ptr(extra));
    map(vspace, ipc_va, ipc, VM_READ | VM_WRITE, &b);
    map(vspace, bi_va, bi_pa, VM_READ | VM_WRITE, &b);
    map(vspace, extra_va, extra, VM_READ | VM_WRITE, &b);

    /* The fixed slots (SEL4_ABI.md); 12-15 stay null, and 8 (IOSpace) without an IOMMU. */
    cte_t *s = cs.slots;
    tcb_init(tcb_pa);
    put_original(&s[seL4_CapInitThreadTCB], cap_thread_new(tcb_pa));
    put_original(&s[seL4_CapInitThreadCNode],
                 cap_cnode_new(cnode_pa, ROOT_CNODE_BITS, 64 - ROOT_CNODE_BITS, 0));
    put_original(&s[seL4_CapInitThreadVSpace], arch_boot_vspace_cap(vspace));
    put_original(&s[seL4_CapIRQControl], cap_new(CAP_IRQ_CONTROL));
    arch_boot_caps(s, pool_pa, vspace);
    put_original(&s[seL4_CapBootInfoFrame], arch_boot_frame_cap(bi_pa, bi_va));
    put_original(&s[seL4_CapInitThreadIPCBuffer], arch_boot_frame_cap(ipc, ipc_va));
    put_original(&s[seL4_CapDomain], cap_new(CAP_DOMAIN));

    cap_t paging[ROOT_PAGING_CAPS_MAX];
    size_t n_paging = arch_boot_paging_caps(vspace, elf->lo, hi, paging, ROOT_PAGING_CAPS_MAX);
    bi->userImagePaging.start = cs.next;
    for (size_t i = 0; i < n_paging; i++)
        cs_add(&cs, paging[i]);
    bi->userImagePaging.end = cs.next;
    bi->userImageFrames.start = cs.next;
    for (uint64_t va = elf->lo; va < elf->hi; va += PAGE)
        cs_add(&cs, arch_boot_frame_cap(arch_vspace_lookup(vspace, va), va));
    bi->userImageFrames.end = cs.next;
    bi->extraBIPages.start = cs.next;
    cs_add(&cs, arch_boot_frame_cap(extra, extra_va));
    bi->extraBIPages.end = cs.next;
    add_all_untypeds(&cs, bi, mem);
    bi->empty = (seL4_SlotRegion){cs.next, BIT(ROOT_CNODE_BITS)};

    struct tcb *tcb = tcb_at(tcb_pa);
    setup_tcb(tcb, s, ipc_va);
    arch_thread_init(tcb, elf->entry, bi_va);
    tcb->state = THREAD_RUNNING;
    kinfo("[KaaL] starting the root server: entry %#llx, IPC buffer %#llx, boot info %#llx, "
          "%lu untypeds\n",
          (unsigned long long)elf->entry, (unsigned long long)ipc_va, (unsigned long long)bi_va,
          (unsigned long)(bi->untyped.end - bi->untyped.start));
    console_hand_over(); /* the kernel's last word with kaal.console=user */
    thread_set_current(tcb);
    thread_schedule();
}
