/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * User address spaces on x86_64: 4-level page tables whose upper half
 * shares the kernel's entries (without the user bit, so user code cannot
 * touch them) and whose lower half maps user pages.  Tables are allocated
 * through the caller's page allocator; no memory is taken behind its back.
 */
#include <arch/io.h>
#include <machine.h>
#include <boot/rootserver.h>
#include <user.h>

#define PTE_P       (1ull << 0)
#define PTE_W       (1ull << 1)
#define PTE_U       (1ull << 2)
#define PTE_PS      (1ull << 7)
#define PTE_NX      (1ull << 63)
#define PTE_ADDR    0x000ffffffffff000ull
#define MSR_EFER    0xc0000080
#define EFER_NXE    (1ull << 11)
#define KERNEL_HALF 256 /* first top-level slot of the kernel's half */
#define USER_END    0x0000800000000000ull

static uint64_t *table(paddr_t pa)
{
    return arch_paddr_to_ptr(pa);
}

paddr_t arch_vspace_create(page_alloc_fn alloc, void *ctx)
{
    paddr_t root = alloc(ctx);
    if (!root)
        return 0;
    uint64_t *kernel = table(read_cr3() & PTE_ADDR);
    uint64_t *pml4 = table(root);
    for (int i = KERNEL_HALF; i < 512; i++)
        pml4[i] = kernel[i];
    return root;
}

/* Returns the next-level table that entry e points to, making it if absent. */
static uint64_t *next_level(uint64_t *e, page_alloc_fn alloc, void *ctx)
{
    if (!(*e & PTE_P)) {
        paddr_t pa = alloc(ctx);
        if (!pa)
            return NULL;
        *e = pa | PTE_P | PTE_W | PTE_U;
    } else if (*e & PTE_PS) {
        return NULL; /* a large page is in the way */
    }
    return table(*e & PTE_ADDR);
}

bool arch_vspace_map_page(paddr_t root, vaddr_t va, paddr_t pa, unsigned rights,
                          page_alloc_fn alloc, void *ctx)
{
    if (va >= USER_END || va % 4096 || pa % 4096)
        return false;
    uint64_t *t = table(root);
    for (int shift = 39; shift > 12; shift -= 9) {
        t = next_level(&t[(va >> shift) & 511], alloc, ctx);
        if (!t)
            return false;
    }
    uint64_t *pte = &t[(va >> 12) & 511];
    if (*pte & PTE_P)
        return false;
    uint64_t e = pa | PTE_P | PTE_U;
    if (rights & VM_WRITE)
        e |= PTE_W;
    if (!(rights & VM_EXEC) && (rdmsr(MSR_EFER) & EFER_NXE))
        e |= PTE_NX;
    *pte = e;
    return true;
}

/* Distinct 2^shift-byte regions that [lo, hi) touches. */
static size_t regions(vaddr_t lo, vaddr_t hi, int shift)
{
    return ((hi - 1) >> shift) - (lo >> shift) + 1;
}

size_t arch_vspace_tables_needed(vaddr_t lo, vaddr_t hi)
{
    if (hi <= lo)
        return 1;
    /* The top-level table, then one PDPT, PD and PT per region each covers. */
    return 1 + regions(lo, hi, 39) + regions(lo, hi, 30) + regions(lo, hi, 21);
}

paddr_t arch_vspace_table_at(paddr_t root, vaddr_t va, int level)
{
    uint64_t *t = table(root);

    if (level == 0)
        return root;
    for (int l = 0, shift = 39; l < level; l++, shift -= 9) {
        uint64_t e = t[(va >> shift) & 511];
        if (!(e & PTE_P) || (e & PTE_PS))
            return 0;
        if (l + 1 == level)
            return e & PTE_ADDR;
        t = table(e & PTE_ADDR);
    }
    return 0;
}

paddr_t arch_vspace_lookup(paddr_t root, vaddr_t va)
{
    paddr_t pt = arch_vspace_table_at(root, va, 3);
    uint64_t e = pt ? table(pt)[(va >> 12) & 511] : 0;

    return (e & PTE_P) ? (e & PTE_ADDR) : 0;
}
