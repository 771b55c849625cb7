// SPDX-License-Identifier: BSD-2-Clause
/*
 * x86_64 VSpace invocations: mapping frames and paging structures into a
 * VSpace through their caps, unmapping them, and what deleting a mapped
 * cap undoes.  Checks, their order and their error details are seL4
 * 13.0.0's (decodeX86FrameInvocation, decodeX86PageTableInvocation,
 * decodeX64PageDirectoryInvocation, decodeX64PDPTInvocation).
 *
 * The four levels are handled alike by depth below the PML4 (0 PML4,
 * 1 PDPT, 2 PD, 3 PT): a PDPT is named by a PML4 entry, a PD by a PDPT
 * entry, a PT by a PD entry; a 1 GiB frame sits in a PDPT entry, 2 MiB in
 * a PD entry, 4 KiB in a PT entry.  A VSpace is found from the ASID in the
 * PML4 cap through the ASID pool (asid.c): a cap whose ASID no longer
 * names its PML4 maps nothing, and unmapping only clears an entry that
 * still names the very object.  seL4 semantics worth knowing:
 *   - mapping a frame over a present frame entry of the same size replaces
 *     it (the old frame's cap still says mapped; its unmap finds another
 *     frame there and leaves it); only a table in the way is DeleteFirst;
 *   - a mapped frame cap may be mapped again only at the same address in
 *     the same VSpace (new rights or attributes), else InvalidCapability 1
 *     (other VSpace) or InvalidArgument 0 (other address);
 *   - Unmap of a PT, PD or PDPT needs the last cap to it (RevokeFirst)
 *     and zeroes the table, so whatever was mapped through it is gone.
 * See <arch/object/vspace.h> for what the caps and entries record.
 */
#include <lib/string.h>
#include <object/invocation.h>
#include <object/objecttype.h>
#include <arch/object/asid.h>
#include <arch/object/cap.h>
#include <arch/object/iospace.h>
#include <arch/object/vspace.h>

enum { DEPTH_PML4 = 0, DEPTH_PDPT, DEPTH_PD, DEPTH_PT };

#define TABLE_INDEX_BITS 9

/* Log2 of the bytes one entry of a table at depth translates. */
static unsigned entry_shift(int depth)
{
    return VS_PML4_SHIFT - TABLE_INDEX_BITS * depth;
}

static word_t entry_index(vaddr_t va, int depth)
{
    return (va >> entry_shift(depth)) & MASK(TABLE_INDEX_BITS);
}

static uint64_t *table_at(paddr_t pa)
{
    return arch_paddr_to_ptr(pa);
}

/* True if e, in a table at depth, names a next-level table (a PML4E always does). */
static bool entry_is_table(uint64_t e, int depth)
{
    if (!(e & VS_PTE_PRESENT) || depth == DEPTH_PT)
        return false;
    return depth == DEPTH_PML4 || !(e & VS_PTE_LARGE);
}

/* True if e, in a table at depth, maps a frame at the physical address pa. */
static bool entry_maps_frame(uint64_t e, int depth, paddr_t pa)
{
    if (!(e & VS_PTE_PRESENT) || depth == DEPTH_PML4)
        return false;
    if (depth != DEPTH_PT && !(e & VS_PTE_LARGE))
        return false;
    return (e & VS_PTE_ADDR & ~MASK(entry_shift(depth))) == pa;
}

struct entry_ret {
    uint64_t *entry;  /* NULL when a table above is missing */
    word_t bits_left; /* then, as seL4's MissingCapability lookup fault: that level's shift */
};

/* The entry for va in the table at depth of the VSpace at pml4 (seL4 lookupPDPTSlot etc.). */
static struct entry_ret lookup_entry(paddr_t pml4, vaddr_t va, int depth)
{
    uint64_t *table = table_at(pml4);

    for (int d = DEPTH_PML4; d < depth; d++) {
        uint64_t e = table[entry_index(va, d)];

        if (!entry_is_table(e, d))
            return (struct entry_ret){NULL, entry_shift(d)};
        table = table_at(e & VS_PTE_ADDR);
    }
    return (struct entry_ret){&table[entry_index(va, depth)], 0};
}

static uint64_t cache_bits(word_t attr)
{
    return ((attr & VS_ATTR_PWT) ? VS_PTE_PWT : 0) | ((attr & VS_ATTR_PCD) ? VS_PTE_PCD : 0);
}

static status_t invalid_cap(struct syscall_error *err, word_t n)
{
    err->invalid_cap_number = n;
    return syscall_error_set(err, seL4_InvalidCapability);
}

/* seL4 isValidNativeRoot: a PML4 with an ASID. */
static bool is_valid_root(cap_t c)
{
    return cap_type(c) == CAP_PML4 && cap_pml4_is_mapped(c);
}

/* The root's ASID must still name its PML4: FailedLookup if it names none, else
 * InvalidCapability 1. */
static status_t check_root_asid(cap_t root, struct syscall_error *err)
{
    paddr_t found = asid_vspace(cap_pml4_mapped_asid(root));

    if (!found)
        return syscall_error_lookup(err, false, (struct lookup_fault){.type = seL4_InvalidRoot});
    if (found != cap_ptr(root))
        return invalid_cap(err, 1);
    return seL4_NoError;
}

/* ---- frames ---- */

/* The depth of the table whose entry maps a frame of this cap's size. */
static int frame_depth(cap_t c)
{
    return DEPTH_PT - (int)cap_frame_size(c);
}

static uint64_t frame_entry(paddr_t pa, int depth, word_t vm, word_t attr)
{
    uint64_t e = pa | VS_PTE_PRESENT | cache_bits(attr);

    /* As seL4: kernel-only is supervisor and writable; read-only is user and not. */
    if (vm != VM_KERNEL_ONLY)
        e |= VS_PTE_USER;
    if (vm != VM_READ_ONLY)
        e |= VS_PTE_WRITE;
    if (depth != DEPTH_PT)
        e |= VS_PTE_LARGE;
    /* seL4 takes the PAT bit for 4 KiB and 2 MiB frames and leaves it clear for 1 GiB. */
    if ((attr & VS_ATTR_PAT) && depth == DEPTH_PT)
        e |= VS_PTE_PAT_4K;
    if ((attr & VS_ATTR_PAT) && depth == DEPTH_PD)
        e |= VS_PTE_PAT_LARGE;
    return e;
}

/* A mapped frame cap may be mapped again only where it is; a new mapping must fit user space.
 * A frame in an IOSpace (its "ASID" a PCI request ID) is refused as seL4 refuses it. */
static status_t check_frame_address(cap_t c, word_t asid, vaddr_t va, struct syscall_error *err)
{
    if (cap_frame_mapped_asid(c) != 0) {
        if (cap_frame_mapped_asid(c) != asid)
            return invalid_cap(err, 1);
        if (cap_frame_map_type(c) != FRAME_MAP_VSPACE)
            return syscall_error_set(err, seL4_IllegalOperation);
        if (cap_frame_mapped_address(c) != va)
            return syscall_error_arg(err, 0);
        return seL4_NoError;
    }
    /* The first test keeps the second from wrapping. */
    if (va > VS_USER_TOP || va + BIT(arch_cap_size_bits(c)) > VS_USER_TOP)
        return syscall_error_arg(err, 0);
    return seL4_NoError;
}

static void frame_map_invoke(cte_t *slot, uint64_t *entry, uint64_t e, cap_t root, vaddr_t va)
{
    uint64_t old = *entry;
    cap_t c = slot->cap;

    c = cap_frame_set_map_type(c, FRAME_MAP_VSPACE);
    c = cap_frame_set_mapped_address(c, va);
    slot->cap = cap_frame_set_mapped_asid(c, cap_pml4_mapped_asid(root));
    *entry = e;
    /* A replaced frame (or this one with other rights) may still be in the TLB. */
    if (old & VS_PTE_PRESENT)
        arch_tlb_invalidate_page(cap_ptr(root), va);
}

static status_t frame_map(cte_t *slot, const struct invocation *inv, struct syscall_error *err)
{
    cap_t c = slot->cap, root;
    int depth = frame_depth(c);
    struct entry_ret lu;
    word_t vm;
    vaddr_t va;

    if (!inv_complete(inv, X86PageMap))
        return syscall_error_set(err, seL4_TruncatedMessage);
    va = inv_arg(inv, X86PageMap, vaddr);
    root = inv_cap(inv, X86PageMap, vspace)->cap;
    if (!is_valid_root(root))
        return invalid_cap(err, 1);
    if (check_frame_address(c, cap_pml4_mapped_asid(root), va, err) != seL4_NoError)
        return err->type;
    if (check_root_asid(root, err) != seL4_NoError)
        return err->type;
    vm = vm_rights_mask(cap_frame_vm_rights(c), inv_arg(inv, X86PageMap, rights));
    if (va & MASK(entry_shift(depth)))
        return syscall_error_set(err, seL4_AlignmentError);
    lu = lookup_entry(cap_ptr(root), va, depth);
    if (!lu.entry)
        return syscall_error_lookup(err, false, lookup_fault_missing(lu.bits_left));
    if (entry_is_table(*lu.entry, depth))
        return syscall_error_set(err, seL4_DeleteFirst);
    frame_map_invoke(slot, lu.entry,
                     frame_entry(cap_ptr(c), depth, vm, inv_arg(inv, X86PageMap, attr)), root, va);
    return seL4_NoError;
}

void vspace_frame_finalise(cap_t c)
{
    int depth = frame_depth(c);
    vaddr_t va = cap_frame_mapped_address(c);
    struct entry_ret lu;
    paddr_t pml4;

    if (cap_frame_mapped_asid(c) == 0)
        return;
#ifdef CONFIG_IOMMU
    if (cap_frame_map_type(c) == FRAME_MAP_IOSPACE) {
        iospace_frame_finalise(c);
        return;
    }
#endif
    kassert(cap_frame_map_type(c) == FRAME_MAP_VSPACE);
    pml4 = asid_vspace(cap_frame_mapped_asid(c));
    if (!pml4)
        return;
    lu = lookup_entry(pml4, va, depth);
    if (!lu.entry || !entry_maps_frame(*lu.entry, depth, cap_ptr(c)))
        return;
    *lu.entry = 0;
    arch_tlb_invalidate_page(pml4, va);
}

static void frame_unmap(cte_t *slot)
{
    cap_t c = slot->cap;

    vspace_frame_finalise(c);
    c = cap_frame_set_map_type(c, FRAME_MAP_NONE);
    c = cap_frame_set_mapped_address(c, 0);
    slot->cap = cap_frame_set_mapped_asid(c, 0);
}

status_t vspace_frame_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err)
{
    switch (inv->label) {
    case X86PageMap:
        return frame_map(slot, inv, err);
    case X86PageUnmap:
        frame_unmap(slot);
        return seL4_NoError;
#ifdef CONFIG_IOMMU
    case X86PageMapIO:
        return iospace_frame_map(slot, inv, err);
#endif
    case X86PageGetAddress:
        inv_reply_set(inv, 0, cap_ptr(slot->cap));
        return seL4_NoError;
    default:
        return syscall_error_set(err, seL4_IllegalOperation);
    }
}

/* ---- page tables, page directories, PDPTs ---- */

struct table_mapping {
    word_t mapped;
    word_t asid;
    vaddr_t va;
};

/* The depth of the table whose entry names a table of this cap's type. */
static int table_depth(cap_t c)
{
    switch (cap_type(c)) {
    case CAP_PDPT:
        return DEPTH_PML4;
    case CAP_PAGE_DIRECTORY:
        return DEPTH_PDPT;
    default:
        kassert(cap_type(c) == CAP_PAGE_TABLE);
        return DEPTH_PD;
    }
}

_Static_assert(X86PDPTUnmap == X86PDPTMap + 1 && X86PageDirectoryUnmap == X86PageDirectoryMap + 1 &&
                   X86PageTableUnmap == X86PageTableMap + 1,
               "each table's Unmap label follows its Map label");

/* The Map label of a table cap's type; its Unmap label is the next one. */
static word_t table_map_label(cap_t c)
{
    switch (cap_type(c)) {
    case CAP_PDPT:
        return X86PDPTMap;
    case CAP_PAGE_DIRECTORY:
        return X86PageDirectoryMap;
    default:
        return X86PageTableMap;
    }
}

static struct table_mapping table_mapping(cap_t c)
{
    switch (cap_type(c)) {
    case CAP_PDPT:
        return (struct table_mapping){cap_pdpt_is_mapped(c), cap_pdpt_mapped_asid(c),
                                      cap_pdpt_mapped_address(c)};
    case CAP_PAGE_DIRECTORY:
        return (struct table_mapping){cap_page_directory_is_mapped(c),
                                      cap_page_directory_mapped_asid(c),
                                      cap_page_directory_mapped_address(c)};
    default:
        return (struct table_mapping){cap_page_table_is_mapped(c), cap_page_table_mapped_asid(c),
                                      cap_page_table_mapped_address(c)};
    }
}

static cap_t table_with_mapping(cap_t c, struct table_mapping m)
{
    switch (cap_type(c)) {
    case CAP_PDPT:
        c = cap_pdpt_set_is_mapped(c, m.mapped);
        c = cap_pdpt_set_mapped_asid(c, m.asid);
        return cap_pdpt_set_mapped_address(c, m.va);
    case CAP_PAGE_DIRECTORY:
        c = cap_page_directory_set_is_mapped(c, m.mapped);
        c = cap_page_directory_set_mapped_asid(c, m.asid);
        return cap_page_directory_set_mapped_address(c, m.va);
    default:
        c = cap_page_table_set_is_mapped(c, m.mapped);
        c = cap_page_table_set_mapped_asid(c, m.asid);
        return cap_page_table_set_mapped_address(c, m.va);
    }
}

/* A paging structure's Map, decoded: slot's table goes into the empty entry, and its cap
 * records where. */
static void table_map_invoke(cte_t *slot, uint64_t *entry, word_t attr, cap_t root, vaddr_t va)
{
    cap_t c = slot->cap;

    /* The entry was not present, so nothing of it can be cached: no flush. */
    *entry = cap_ptr(c) | VS_PTE_PRESENT | VS_PTE_WRITE | VS_PTE_USER | cache_bits(attr);
    slot->cap = table_with_mapping(c, (struct table_mapping){1, cap_pml4_mapped_asid(root), va});
}

/* PDPT, page-directory and page-table Map have one layout: PageTable's names stand for all. */
_Static_assert(INV_X86PDPTMap_WORDS == INV_X86PageTableMap_WORDS &&
                   INV_X86PageDirectoryMap_WORDS == INV_X86PageTableMap_WORDS &&
                   INV_X86PDPTMap_vaddr_WORD == INV_X86PageTableMap_vaddr_WORD &&
                   INV_X86PageDirectoryMap_vaddr_WORD == INV_X86PageTableMap_vaddr_WORD &&
                   INV_X86PDPTMap_attr_WORD == INV_X86PageTableMap_attr_WORD &&
                   INV_X86PageDirectoryMap_attr_WORD == INV_X86PageTableMap_attr_WORD &&
                   INV_X86PDPTMap_pml4_CAP == INV_X86PageTableMap_vspace_CAP &&
                   INV_X86PageDirectoryMap_vspace_CAP == INV_X86PageTableMap_vspace_CAP,
               "the paging structures' Map share a layout");

static status_t table_map(cte_t *slot, const struct invocation *inv, struct syscall_error *err)
{
    cap_t c = slot->cap, root;
    int depth = table_depth(c);
    struct entry_ret lu;
    vaddr_t va;

    if (!inv_complete(inv, X86PageTableMap))
        return syscall_error_set(err, seL4_TruncatedMessage);
    if (table_mapping(c).mapped)
        return invalid_cap(err, 0);
    va = inv_arg(inv, X86PageTableMap, vaddr) & ~MASK(entry_shift(depth));
    root = inv_cap(inv, X86PageTableMap, vspace)->cap;
    if (!is_valid_root(root))
        return invalid_cap(err, 1);
    if (va > VS_USER_TOP)
        return syscall_error_arg(err, 0);
    if (check_root_asid(root, err) != seL4_NoError)
        return err->type;
    lu = lookup_entry(cap_ptr(root), va, depth);
    if (!lu.entry)
        return syscall_error_lookup(err, false, lookup_fault_missing(lu.bits_left));
    if (*lu.entry & VS_PTE_PRESENT)
        return syscall_error_set(err, seL4_DeleteFirst);
    table_map_invoke(slot, lu.entry, inv_arg(inv, X86PageTableMap, attr), root, va);
    return seL4_NoError;
}

void vspace_table_finalise(cap_t c)
{
    struct table_mapping m = table_mapping(c);
    int depth = table_depth(c);
    struct entry_ret lu;
    paddr_t pml4;

    if (!m.mapped)
        return;
    pml4 = asid_vspace(m.asid);
    if (!pml4)
        return;
    lu = lookup_entry(pml4, m.va, depth);
    if (!lu.entry || !entry_is_table(*lu.entry, depth) || (*lu.entry & VS_PTE_ADDR) != cap_ptr(c))
        return;
    *lu.entry = 0;
    arch_tlb_invalidate_vspace(pml4);
}

static void table_unmap(cte_t *slot)
{
    cap_t c = slot->cap;

    if (table_mapping(c).mapped) {
        vspace_table_finalise(c);
        memset(arch_paddr_to_ptr(cap_ptr(c)), 0, BIT(arch_cap_size_bits(c)));
    }
    slot->cap = table_with_mapping(c, (struct table_mapping){0, 0, 0});
}

status_t vspace_table_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err)
{
    word_t map = table_map_label(slot->cap);

    if (inv->label == map + 1) {
        /* Zeroing the table under another cap's feet is not allowed. */
        if (!cdt_is_final(slot))
            return syscall_error_set(err, seL4_RevokeFirst);
        table_unmap(slot);
        return seL4_NoError;
    }
    if (inv->label != map)
        return syscall_error_set(err, seL4_IllegalOperation);
    return table_map(slot, inv, err);
}
