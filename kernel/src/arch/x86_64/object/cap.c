// SPDX-License-Identifier: BSD-2-Clause
/*
 * x86_64 caps and objects: the arch_ hooks of <object/objecttype.h>.
 *
 * Frames (4 KiB, 2 MiB, 1 GiB) and the four levels of paging structures
 * are made by Untyped_Retype like any object; a new PML4 gets the kernel's
 * half of the address space.  A frame cap copied or minted loses its
 * mapping (a mapping belongs to one cap), and a paging structure cap can
 * only be copied once mapped, as in seL4.  Their invocations and what
 * deleting a mapped cap undoes are in vspace.c: every frame cap unmaps its
 * frame when deleted, the last cap to a PT, PD or PDPT unmaps the table,
 * the last cap to an assigned PML4 frees its ASID.  ASID pools and I/O
 * ports keep kernel-wide records (asid.c, ioport.c) that the last cap's
 * deletion updates.  With CONFIG_IOMMU, I/O page tables are objects like
 * the paging structures, an IOSpace cap is minted from the master one with
 * a device and domain, and deletion undoes their mappings (iospace.c).
 */
#include <object/invocation.h>
#include <object/objecttype.h>
#include <arch/object/asid.h>
#include <arch/object/cap.h>
#include <arch/object/iospace.h>
#include <arch/object/ioport.h>
#include <arch/object/vspace.h>
#include <sel4/objecttype.h>

cap_t cap_frame_new(paddr_t pa, word_t size, bool device)
{
    cap_t c = cap_with_ptr(cap_new(CAP_FRAME), pa);

    c = cap_frame_set_size(c, size);
    c = cap_frame_set_vm_rights(c, VM_READ_WRITE);
    return cap_frame_set_is_device(c, device);
}

cap_t cap_paging_new(word_t type, paddr_t pa)
{
    kassert(type >= CAP_PAGE_TABLE && type <= CAP_PML4);
    return cap_with_ptr(cap_new(type), pa);
}

cap_t cap_asid_pool_new(paddr_t pa, word_t asid_base)
{
    return cap_asid_pool_set_asid_base(cap_with_ptr(cap_new(CAP_ASID_POOL), pa), asid_base);
}

cap_t cap_io_port_new(word_t first, word_t last)
{
    return cap_io_port_set_last_port(cap_io_port_set_first_port(cap_new(CAP_IO_PORT), first), last);
}

static word_t frame_bits(word_t size)
{
    static const word_t bits[] = {seL4_PageBits, seL4_LargePageBits, seL4_HugePageBits};

    kassert(size < ARRAY_SIZE(bits));
    return bits[size];
}

bool arch_cap_is_physical(cap_t c)
{
    word_t t = cap_type(c);

    return (t >= CAP_FRAME && t <= CAP_PML4) || t == CAP_ASID_POOL || t == CAP_IO_PAGE_TABLE;
}

word_t arch_cap_size_bits(cap_t c)
{
    if (cap_type(c) == CAP_FRAME)
        return frame_bits(cap_frame_size(c));
    if (arch_cap_is_physical(c))
        return seL4_PageTableBits; /* every paging structure, I/O page table and ASID pool: a page
                                    */
    return 0;
}

/* A frame cap covers every frame cap within its memory. */
static bool frame_covers(cap_t a, cap_t b)
{
    paddr_t a_base = cap_ptr(a), b_base = cap_ptr(b);
    paddr_t a_top = a_base + MASK(frame_bits(cap_frame_size(a)));
    paddr_t b_top = b_base + MASK(frame_bits(cap_frame_size(b)));

    return a_base <= b_base && a_top >= b_top && b_base <= b_top;
}

bool arch_cap_same_region_as(cap_t a, cap_t b)
{
    switch (cap_type(a)) {
    case CAP_FRAME:
        return cap_type(b) == CAP_FRAME && frame_covers(a, b);
    case CAP_PAGE_TABLE:
    case CAP_PAGE_DIRECTORY:
    case CAP_PDPT:
    case CAP_PML4:
    case CAP_ASID_POOL:
    case CAP_IO_PAGE_TABLE:
        return cap_type(b) == cap_type(a) && cap_ptr(b) == cap_ptr(a);
    case CAP_IO_SPACE:
        return cap_type(b) == CAP_IO_SPACE &&
               cap_io_space_pci_device(a) == cap_io_space_pci_device(b);
    case CAP_ASID_CONTROL:
        return cap_type(b) == CAP_ASID_CONTROL;
    case CAP_IO_PORT_CONTROL:
        return cap_type(b) == CAP_IO_PORT_CONTROL || cap_type(b) == CAP_IO_PORT;
    case CAP_IO_PORT:
        return cap_type(b) == CAP_IO_PORT &&
               cap_io_port_first_port(a) == cap_io_port_first_port(b) &&
               cap_io_port_last_port(a) == cap_io_port_last_port(b);
    default:
        return false;
    }
}

bool arch_cap_same_object_as(cap_t a, cap_t b)
{
    if (cap_type(a) == CAP_IO_PORT_CONTROL && cap_type(b) == CAP_IO_PORT)
        return false;
    if (cap_type(a) == CAP_FRAME && cap_type(b) == CAP_FRAME)
        return cap_ptr(a) == cap_ptr(b) && cap_frame_size(a) == cap_frame_size(b) &&
               cap_frame_is_device(a) == cap_frame_is_device(b);
    return arch_cap_same_region_as(a, b);
}

/* seL4 maskVMRights: write needs read; without read only the kernel may touch it. */
word_t vm_rights_mask(word_t vm, word_t rights)
{
    if (vm == VM_READ_ONLY && (rights & KAAL_CAP_ALLOW_READ))
        return VM_READ_ONLY;
    if (vm == VM_READ_WRITE && (rights & KAAL_CAP_ALLOW_READ))
        return (rights & KAAL_CAP_ALLOW_WRITE) ? VM_READ_WRITE : VM_READ_ONLY;
    return VM_KERNEL_ONLY;
}

cap_t arch_cap_mask_rights(word_t rights, cap_t c)
{
    if (cap_type(c) != CAP_FRAME)
        return c;
    return cap_frame_set_vm_rights(c, vm_rights_mask(cap_frame_vm_rights(c), rights));
}

cap_t arch_cap_update_data(bool preserve, word_t data, cap_t c)
{
    /* Of the x86_64 caps only an IOSpace takes Mint data. */
#ifdef CONFIG_IOMMU
    if (cap_type(c) == CAP_IO_SPACE)
        return iospace_update_data(preserve, data, c);
#endif
    (void)preserve;
    (void)data;
    return c;
}

bool arch_cap_is_revocable(cap_t derived, cap_t src)
{
    return cap_type(derived) == CAP_IO_PORT && cap_type(src) == CAP_IO_PORT_CONTROL;
}

static bool paging_is_mapped(cap_t c)
{
    return cap_raw_get(c, 0, 48, 1);
}

struct derive_ret arch_cap_derive(cte_t *slot, cap_t c)
{
    struct derive_ret ret = {seL4_NoError, c};

    (void)slot;
    switch (cap_type(c)) {
    case CAP_PAGE_TABLE:
    case CAP_PAGE_DIRECTORY:
    case CAP_PDPT:
    case CAP_PML4:
    case CAP_IO_PAGE_TABLE:
        /* An unmapped table's copy could be mapped twice over. */
        if (!paging_is_mapped(c))
            ret = (struct derive_ret){seL4_IllegalOperation, cap_null()};
        break;
    case CAP_FRAME:
        c = cap_frame_set_map_type(c, FRAME_MAP_NONE);
        c = cap_frame_set_mapped_address(c, 0);
        ret.cap = cap_frame_set_mapped_asid(c, 0);
        break;
    case CAP_IO_PORT_CONTROL:
        ret.cap = cap_null(); /* there is one, held by the root task */
        break;
    default:
        break;
    }
    return ret;
}

void arch_objects_init(void)
{
    asid_init();
    ioport_init();
}

struct finalise_ret arch_cap_finalise(cap_t c, bool final)
{
    struct finalise_ret ret = {cap_null(), cap_null()};

    switch (cap_type(c)) {
    case CAP_FRAME:
        /* Each frame cap holds its own mapping: any copy's deletion removes it. */
        vspace_frame_finalise(c);
        break;
#ifdef CONFIG_IOMMU
    case CAP_IO_PAGE_TABLE:
        if (final)
            iospace_table_finalise(c);
        break;
    case CAP_IO_SPACE:
        if (final)
            iospace_finalise(c);
        break;
#endif
    case CAP_PAGE_TABLE:
    case CAP_PAGE_DIRECTORY:
    case CAP_PDPT:
        if (final)
            vspace_table_finalise(c);
        break;
    case CAP_PML4:
        if (final && cap_pml4_is_mapped(c))
            asid_delete(cap_pml4_mapped_asid(c), cap_ptr(c));
        break;
    case CAP_ASID_POOL:
        if (final)
            asid_pool_delete(cap_asid_pool_asid_base(c), cap_ptr(c));
        break;
    case CAP_IO_PORT:
        /* The ports are free again only once the slot is empty: after deletion. */
        if (final)
            ret.cleanup = c;
        break;
    default:
        break;
    }
    return ret;
}

void arch_cap_post_deletion(cap_t cleanup)
{
    if (cap_type(cleanup) == CAP_IO_PORT)
        ioport_free_range(cap_io_port_first_port(cleanup), cap_io_port_last_port(cleanup));
}

bool arch_object_is_frame_type(word_t type)
{
    return type == seL4_X86_4K || type == seL4_X86_LargePageObject ||
           type == seL4_X64_HugePageObject;
}

word_t arch_object_size_bits(word_t type)
{
    switch (type) {
    case seL4_X86_4K:
        return seL4_PageBits;
    case seL4_X86_LargePageObject:
        return seL4_LargePageBits;
    case seL4_X64_HugePageObject:
        return seL4_HugePageBits;
    case seL4_X86_PageTableObject:
        return seL4_PageTableBits;
    case seL4_X86_PageDirectoryObject:
        return seL4_PageDirBits;
    case seL4_X86_PDPTObject:
        return seL4_PDPTBits;
#ifdef CONFIG_IOMMU
    case seL4_X86_IOPageTableObject:
        return seL4_IOPageTableBits;
#endif
    default:
        kassert(type == seL4_X64_PML4Object);
        return seL4_PML4Bits;
    }
}

cap_t arch_object_create(word_t type, paddr_t pa, bool device)
{
    switch (type) {
    case seL4_X86_4K:
        return cap_frame_new(pa, FRAME_4K, device);
    case seL4_X86_LargePageObject:
        return cap_frame_new(pa, FRAME_2M, device);
    case seL4_X64_HugePageObject:
        return cap_frame_new(pa, FRAME_1G, device);
    case seL4_X86_PageTableObject:
        return cap_paging_new(CAP_PAGE_TABLE, pa);
    case seL4_X86_PageDirectoryObject:
        return cap_paging_new(CAP_PAGE_DIRECTORY, pa);
    case seL4_X86_PDPTObject:
        return cap_paging_new(CAP_PDPT, pa);
#ifdef CONFIG_IOMMU
    case seL4_X86_IOPageTableObject:
        return cap_with_ptr(cap_new(CAP_IO_PAGE_TABLE), pa);
#endif
    default:
        kassert(type == seL4_X64_PML4Object);
        arch_vspace_copy_kernel_half(pa);
        return cap_paging_new(CAP_PML4, pa);
    }
}

status_t arch_decode_invocation(cte_t *slot, const struct invocation *inv,
                                struct syscall_error *err)
{
    switch (cap_type(slot->cap)) {
    case CAP_ASID_CONTROL:
        return asid_control_decode(slot, inv, err);
    case CAP_ASID_POOL:
        return asid_pool_decode(slot, inv, err);
    case CAP_IO_PORT_CONTROL:
        return ioport_control_decode(slot, inv, err);
    case CAP_IO_PORT:
        return ioport_decode(slot, inv, err);
    case CAP_FRAME:
        return vspace_frame_decode(slot, inv, err);
    case CAP_PAGE_TABLE:
    case CAP_PAGE_DIRECTORY:
    case CAP_PDPT:
        return vspace_table_decode(slot, inv, err);
#ifdef CONFIG_IOMMU
    case CAP_IO_PAGE_TABLE:
        return iospace_table_decode(slot, inv, err);
#endif
    default:
        /* A PML4 and an IOSpace have no invocations (as seL4). */
        return syscall_error_set(err, seL4_IllegalOperation);
    }
}
