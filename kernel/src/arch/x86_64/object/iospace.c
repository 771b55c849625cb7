// SPDX-License-Identifier: BSD-2-Clause
/*
 * IOSpace and I/O page-table invocations (CONFIG_IOMMU; the design is in
 * <arch/object/iospace.h>).  Checks, their order and their errors are
 * seL4 13.0.0's (decodeX86IOPTInvocation, decodeX86IOMapInvocation,
 * Arch_updateCapData), with one difference: seL4 maps an I/O page table
 * into a leaf table's empty slot when every level along the address is
 * already there, where its own API documentation promises DeleteFirst;
 * KaaL returns DeleteFirst.
 *
 * Tables are walked from a device's root (depth 0) to its leaf table
 * (depth levels - 1); an entry names the next table, or a frame in a leaf
 * table, when its read or write bit is set.
 */
#ifdef CONFIG_IOMMU

#include <object/cte.h>
#include <object/invocation.h>
#include <arch/object/cap.h>
#include <arch/object/iospace.h>
#include <arch/vtd.h>
#include <sel4/constants.h>

#define IOPT_REGION_BITS (VTD_PT_INDEX_BITS + seL4_PageBits) /* what a leaf table maps: 2 MiB */

cap_t cap_io_space_new(word_t domain_id, word_t pci_device)
{
    cap_t c = cap_io_space_set_domain_id(cap_new(CAP_IO_SPACE), domain_id);

    return cap_io_space_set_pci_device(c, pci_device);
}

cap_t iospace_master_cap(void)
{
    return vtd_units() ? cap_io_space_new(0, 0) : cap_null();
}

cap_t iospace_update_data(bool preserve, word_t data, cap_t c)
{
    word_t pci = data & 0xffff, domain = (data >> 16) & 0xffff;

    /* Only the master cap (no device yet) is minted; domain 0 is the units' own. */
    if (preserve || cap_io_space_pci_device(c) != 0 || domain == 0 ||
        domain > MASK(vtd_domain_bits()))
        return cap_null();
    return cap_io_space_new(domain, pci);
}

static bool present(uint64_t e)
{
    return e & (VTD_PTE_READ | VTD_PTE_WRITE);
}

static uint64_t *table_at(paddr_t pa)
{
    return arch_paddr_to_ptr(pa);
}

static word_t entry_index(word_t ioaddr, int depth)
{
    return (ioaddr >> (seL4_PageBits + VTD_PT_INDEX_BITS * (vtd_levels() - 1 - depth))) &
           MASK(VTD_PT_INDEX_BITS);
}

/* The root table of the device with request ID id, or NULL if it has none. */
static uint64_t *device_root(word_t id)
{
    struct vtd_context *ctx;

    if (!vtd_units())
        return NULL;
    ctx = vtd_context_of(id);
    return (ctx->lo & VTD_CTX_PRESENT) ? table_at(ctx->lo & VTD_CTX_ADDR) : NULL;
}

/* The entry for ioaddr in the table at depth, walking down from root; NULL if a table above it is
 * missing. */
static uint64_t *walk(uint64_t *root, word_t ioaddr, int depth)
{
    uint64_t *table = root;

    for (int d = 0; d < depth; d++) {
        uint64_t e = table[entry_index(ioaddr, d)];

        if (!present(e))
            return NULL;
        table = table_at(e & VTD_PTE_ADDR);
    }
    return &table[entry_index(ioaddr, depth)];
}

static void flush_table(paddr_t pa)
{
    for (word_t off = 0; off < BIT(seL4_IOPageTableBits); off += 64)
        vtd_flush_entry((uint8_t *)table_at(pa) + off);
}

static status_t invalid_cap(struct syscall_error *err)
{
    err->invalid_cap_number = 0;
    return syscall_error_set(err, seL4_InvalidCapability);
}

/* seL4 reports a missing table as FailedLookup with no lookup fault of its own. */
static status_t missing_table(struct syscall_error *err)
{
    return syscall_error_lookup(err, false, (struct lookup_fault){.type = seL4_InvalidRoot});
}

/* ---- I/O page tables ---- */

/* c with its mapping record: where it is (mapped), or all zero (not). */
static cap_t table_with_mapping(cap_t c, bool mapped, word_t level, word_t ioaddr, word_t id)
{
    c = cap_io_page_table_set_is_mapped(c, mapped);
    c = cap_io_page_table_set_level(c, level);
    c = cap_io_page_table_set_mapped_address(c, ioaddr);
    return cap_io_page_table_set_ioasid(c, id);
}

/* The table becomes the device's root: its context entry, in the IOSpace's domain. */
static void table_map_root(cte_t *slot, cap_t iospace, word_t ioaddr)
{
    word_t id = cap_io_space_pci_device(iospace);
    struct vtd_context *ctx = vtd_context_of(id);

    flush_table(cap_ptr(slot->cap));
    ctx->hi = (uint64_t)(vtd_levels() - 2) | (uint64_t)cap_io_space_domain_id(iospace)
                                                 << VTD_CTX_DID_SHIFT;
    ctx->lo = cap_ptr(slot->cap) | VTD_CTX_PRESENT;
    vtd_flush_entry(ctx);
    vtd_invalidate_context();
    slot->cap = table_with_mapping(slot->cap, true, 0, ioaddr, id);
}

static status_t table_map(cte_t *slot, const struct invocation *inv, struct syscall_error *err)
{
    cap_t iospace;
    uint64_t *root;
    word_t ioaddr, id;

    if (!inv_complete(inv, X86IOPageTableMap))
        return syscall_error_set(err, seL4_TruncatedMessage);
    ioaddr = inv_arg(inv, X86IOPageTableMap, ioaddr) & ~MASK(IOPT_REGION_BITS);
    iospace = inv_cap(inv, X86IOPageTableMap, iospace)->cap;
    if (cap_io_page_table_is_mapped(slot->cap) || cap_type(iospace) != CAP_IO_SPACE)
        return invalid_cap(err);
    id = cap_io_space_pci_device(iospace);
    if (id == 0)
        return invalid_cap(err);
    root = device_root(id);
    if (!root) {
        table_map_root(slot, iospace, ioaddr);
        return seL4_NoError;
    }
    /* The first missing level along the walk takes the table; the leaf table is the last. */
    for (int depth = 0; depth < vtd_levels() - 1; depth++) {
        uint64_t *e = walk(root, ioaddr, depth);

        if (!present(*e)) {
            flush_table(cap_ptr(slot->cap));
            *e = cap_ptr(slot->cap) | VTD_PTE_READ | VTD_PTE_WRITE;
            vtd_flush_entry(e);
            slot->cap = table_with_mapping(slot->cap, true, depth + 1, ioaddr, id);
            return seL4_NoError;
        }
    }
    return syscall_error_set(err, seL4_DeleteFirst);
}

void iospace_table_finalise(cap_t c)
{
    word_t level = cap_io_page_table_level(c);
    uint64_t *root, *e;

    if (!cap_io_page_table_is_mapped(c))
        return;
    root = device_root(cap_io_page_table_ioasid(c));
    if (!root)
        return;
    if (level == 0) {
        struct vtd_context *ctx = vtd_context_of(cap_io_page_table_ioasid(c));

        if ((ctx->lo & VTD_CTX_ADDR) != cap_ptr(c))
            return;
        ctx->lo = ctx->hi = 0;
        vtd_flush_entry(ctx);
        vtd_invalidate_context();
    } else {
        e = walk(root, cap_io_page_table_mapped_address(c), (int)level - 1);
        if (!e || !present(*e) || (*e & VTD_PTE_ADDR) != cap_ptr(c))
            return;
        *e = 0;
        vtd_flush_entry(e);
    }
    vtd_invalidate_iotlb();
}

status_t iospace_table_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err)
{
    if (inv->label == X86IOPageTableUnmap) {
        iospace_table_finalise(slot->cap);
        slot->cap = table_with_mapping(slot->cap, false, 0, 0, 0);
        return seL4_NoError;
    }
    if (inv->label != X86IOPageTableMap)
        return syscall_error_set(err, seL4_IllegalOperation);
    return table_map(slot, inv, err);
}

/* ---- frames ---- */

/* The device's access to a frame: seL4 grants write only to a read-write frame, read to any frame
 * user level may touch. */
static uint64_t frame_access(word_t vm, word_t rights)
{
    uint64_t e = 0;

    if ((rights & KAAL_CAP_ALLOW_WRITE) && vm == VM_READ_WRITE)
        e |= VTD_PTE_WRITE;
    if ((rights & KAAL_CAP_ALLOW_READ) && vm != VM_KERNEL_ONLY)
        e |= VTD_PTE_READ;
    return e;
}

status_t iospace_frame_map(cte_t *slot, const struct invocation *inv, struct syscall_error *err)
{
    cap_t c = slot->cap, iospace;
    uint64_t *root, *e, access;
    word_t ioaddr, id;

    if (!inv_complete(inv, X86PageMapIO))
        return syscall_error_set(err, seL4_TruncatedMessage);
    if (cap_frame_size(c) != FRAME_4K || cap_frame_mapped_asid(c) != 0)
        return invalid_cap(err);
    ioaddr = inv_arg(inv, X86PageMapIO, ioaddr) & ~MASK(seL4_PageBits);
    iospace = inv_cap(inv, X86PageMapIO, iospace)->cap;
    if (cap_type(iospace) != CAP_IO_SPACE || cap_io_space_pci_device(iospace) == 0)
        return invalid_cap(err);
    id = cap_io_space_pci_device(iospace);
    root = device_root(id);
    e = root ? walk(root, ioaddr, vtd_levels() - 1) : NULL;
    if (!e)
        return missing_table(err);
    if (present(*e))
        return syscall_error_set(err, seL4_DeleteFirst);
    access = frame_access(cap_frame_vm_rights(c), inv_arg(inv, X86PageMapIO, rights));
    if (!access)
        return syscall_error_arg(err, 0);
    c = cap_frame_set_map_type(c, FRAME_MAP_IOSPACE);
    c = cap_frame_set_mapped_asid(c, id);
    slot->cap = cap_frame_set_mapped_address(c, ioaddr);
    *e = cap_ptr(c) | access;
    vtd_flush_entry(e);
    return seL4_NoError;
}

void iospace_frame_finalise(cap_t c)
{
    uint64_t *root = device_root(cap_frame_mapped_asid(c)), *e;

    e = root ? walk(root, cap_frame_mapped_address(c), vtd_levels() - 1) : NULL;
    if (!e || !present(*e) || (*e & VTD_PTE_ADDR) != cap_ptr(c))
        return;
    *e = 0;
    vtd_flush_entry(e);
    vtd_invalidate_iotlb();
}

/* ---- IOSpaces ---- */

void iospace_finalise(cap_t c)
{
    struct vtd_context *ctx;

    if (!vtd_units() || cap_io_space_pci_device(c) == 0)
        return;
    ctx = vtd_context_of(cap_io_space_pci_device(c));
    if (!(ctx->lo & VTD_CTX_PRESENT))
        return;
    ctx->lo = ctx->hi = 0;
    vtd_flush_entry(ctx);
    vtd_invalidate_context();
    vtd_invalidate_iotlb();
}

#endif /* CONFIG_IOMMU */
