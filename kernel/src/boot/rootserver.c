/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root server: the first user thread, set up as seL4 sets up its
 * initial thread.  Its ELF segments are copied into fresh frames at their
 * link addresses; the IPC buffer frame follows the image, the boot-info
 * frame follows that, and the extra boot-info page (the arch's records,
 * then padding) follows the boot-info frame.  It starts at the ELF entry
 * with the boot-info address as its argument.
 *
 * All its memory comes from one contiguous block taken out of free RAM
 * before anything else, sized up front, so what remains can later be handed
 * out whole as Untyped memory.  Initial capabilities and the untyped list
 * in the boot info need the object model; until then those slot regions
 * are empty.
 */
#include <boot/rootserver.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <machine.h>
#include <panic.h>
#include <sel4/bootinfo_types.h>
#include <thread.h>
#include <user.h>

#define PAGE              4096ul
#define ROOT_CNODE_BITS   12 /* initThreadCNodeSizeBits: 2^12 slots, as seL4 */
#define EXTRA_BI_PAGES    1
#define EXTRA_PAGES_AFTER (2 + EXTRA_BI_PAGES) /* IPC buffer, boot info, extra boot info */

struct block {
    paddr_t next;
    paddr_t end;
};

static struct user_thread root_thread;

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

/* Takes n pages from the first free range that has them. */
static struct block take_block(struct boot_mem *mem, size_t n)
{
    for (int i = 0; i < mem->n; i++) {
        struct mem_range *r = &mem->free[i];
        if (r->end - r->start >= n * PAGE) {
            struct block b = {r->start, r->start + n * PAGE};
            r->start += n * PAGE;
            mem->total -= n * PAGE;
            return b;
        }
    }
    boot_fail("give the machine more memory (QEMU: -m 128M)",
              "no free range holds the root server's %zu pages", n);
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

static void fill_bootinfo(seL4_BootInfo *bi, uint64_t ipc_va)
{
    bi->extraLen = EXTRA_BI_PAGES * PAGE;
    bi->nodeID = 0;
    bi->numNodes = 1;
    bi->numIOPTLevels = 0;
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

void rootserver_start(const struct boot_module *m, const struct elf_info *elf, struct boot_mem *mem)
{
    uint64_t ipc_va = elf->hi, bi_va = elf->hi + PAGE, extra_va = elf->hi + 2 * PAGE;
    size_t frames = (elf->hi - elf->lo) / PAGE + EXTRA_PAGES_AFTER;
    size_t tables = arch_vspace_tables_needed(elf->lo, elf->hi + EXTRA_PAGES_AFTER * PAGE);
    struct block b = take_block(mem, frames + tables);
    const uint8_t *img = arch_paddr_to_ptr(m->start);

    paddr_t vspace = arch_vspace_create(block_page, &b);
    for (uint64_t va = elf->lo; va < elf->hi; va += PAGE) {
        paddr_t pa = block_page(&b);
        fill_page(arch_paddr_to_ptr(pa), img, elf, va);
        map(vspace, va, pa, page_rights(elf, va), &b);
    }
    paddr_t ipc = block_page(&b), bi = block_page(&b), extra = block_page(&b);
    fill_bootinfo(arch_paddr_to_ptr(bi), ipc_va);
    fill_extra(arch_paddr_to_ptr(extra));
    map(vspace, ipc_va, ipc, VM_READ | VM_WRITE, &b);
    map(vspace, bi_va, bi, VM_READ | VM_WRITE, &b);
    map(vspace, extra_va, extra, VM_READ | VM_WRITE, &b);

    kprintf("[KaaL] starting the root server: entry %#llx, IPC buffer %#llx, boot info %#llx\n",
            (unsigned long long)elf->entry, (unsigned long long)ipc_va, (unsigned long long)bi_va);
    root_thread.name = "rootserver";
    root_thread.vspace = vspace;
    root_thread.runnable = true;
    arch_thread_init(&root_thread, elf->entry, bi_va);
    thread_set_current(&root_thread);
    thread_schedule();
}
