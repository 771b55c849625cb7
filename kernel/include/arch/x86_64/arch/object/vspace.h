/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * x86_64 VSpaces as kernel objects: the invocations of frame caps
 * (X86Page Map/Unmap/GetAddress) and of the paging-structure caps
 * (X86PDPT, X86PageDirectory, X86PageTable Map/Unmap), what deleting a
 * mapped cap undoes, and the machine hooks they need.  A PML4 is a VSpace
 * once ASIDPool_Assign has given it an ASID (asid.c); every other object
 * reaches it through the ASID named in the PML4 cap and the pool entry for
 * that ASID, so a deleted PML4 leaves caps that say "mapped" but whose
 * unmap finds nothing, as in seL4 13.0.0.
 *
 * What a mapped cap records (the root server's boot code writes the root
 * task's caps with exactly these fields, with ASID 1 and its PML4 in
 * entry 1 of the pool in ASID-table slot 0):
 *   - frame (4K, 2M, 1G): map_type FRAME_MAP_VSPACE, mapped_address = the
 *     virtual address of its first byte, mapped_asid = the VSpace's ASID;
 *     an unmapped frame has FRAME_MAP_NONE, address 0, ASID 0.
 *   - PT, PD, PDPT: is_mapped 1, mapped_address = the base of the region
 *     the table translates (PT: 2 MiB aligned, PD: 1 GiB, PDPT: 512 GiB),
 *     mapped_asid = the VSpace's ASID; unmapped: all three 0.
 *   - PML4: is_mapped 1 and mapped_asid once assigned (asid.c).
 * And the entries those caps stand for (unmap compares the address):
 *   - a PML4E, PDPTE or PDE naming a table: the table's physical address
 *     | VS_PTE_PRESENT | VS_PTE_WRITE | VS_PTE_USER (| PWT/PCD from attributes);
 *   - a leaf: the frame's physical address | VS_PTE_PRESENT, VS_PTE_USER
 *     unless the rights are kernel-only, VS_PTE_WRITE for read-write (and,
 *     as seL4, kernel-only), VS_PTE_LARGE for 2M and 1G frames, cache bits
 *     from the attributes; never NX: seL4 maps every frame executable.
 */
#pragma once

#include <object/cte.h>
#include <object/status.h>

struct invocation;

/* Paging-entry bits (Intel SDM vol. 3, 4.5). */
#define VS_PTE_PRESENT   BIT(0)
#define VS_PTE_WRITE     BIT(1)
#define VS_PTE_USER      BIT(2)
#define VS_PTE_PWT       BIT(3)
#define VS_PTE_PCD       BIT(4)
#define VS_PTE_LARGE     BIT(7)  /* PS: a 2 MiB or 1 GiB page, in a PDE or PDPTE */
#define VS_PTE_PAT_4K    BIT(7)  /* PAT selector bit of a 4 KiB PTE */
#define VS_PTE_PAT_LARGE BIT(12) /* PAT selector bit of a 2 MiB PDE */
#define VS_PTE_ADDR      0x000ffffffffff000ul

/*
 * Bits of the seL4_X86_VMAttributes word: WriteBack 0, WriteThrough 1,
 * CacheDisabled 2, Uncacheable 3, WriteCombining 4.  The three bits are a
 * PAT index; entry 4 is write-back at reset, and the boot code programs it
 * to write-combining as seL4's init_pat_msr does (paging.c, <arch/pat.h>).
 */
#define VS_ATTR_PWT BIT(0)
#define VS_ATTR_PCD BIT(1)
#define VS_ATTR_PAT BIT(2)

/*
 * seL4_UserTop on x86_64 (libsel4), which seL4's kernel uses as USER_TOP in
 * Map's range checks: a frame must end at or below it.
 */
#define VS_USER_TOP 0x00007ffffffff000ul

/* A PML4 slot covers 512 GiB; slots from this one up are the kernel's half. */
#define VS_PML4_SHIFT        39
#define VS_KERNEL_PML4_FIRST 256

/* Decodes and performs X86PageMap/Unmap/GetAddress on the frame cap in slot. */
status_t vspace_frame_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err);

/* Decodes and performs Map/Unmap on the PT, PD or PDPT cap in slot. */
status_t vspace_table_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err);

/* Removes a frame cap's mapping, if its VSpace still maps this frame there (any cap, final or not).
 */
void vspace_frame_finalise(cap_t c);

/* Removes a PT, PD or PDPT cap's mapping if its VSpace still holds it; for the last cap. */
void vspace_table_finalise(cap_t c);

/* seL4 maskVMRights: a frame's VM rights reduced by a seL4 rights word (cap.c). */
word_t vm_rights_mask(word_t vm, word_t rights);

/*
 * Machine hooks, defined by kernel/src/arch/x86_64/object/hooks.c (and
 * user.c) in the kernel and by tests/unit/object/sim.c (and sim_cr3.c) on
 * the host.  No PCIDs are used, so
 * a VSpace that is not in CR3 has nothing in the TLB (its non-global
 * entries went when CR3 last changed) and needs no flush.
 */

/* Drops the translation of va in the VSpace whose PML4 is at pml4, if it is the current one. */
void arch_tlb_invalidate_page(paddr_t pml4, vaddr_t va);

/* Drops every user translation and cached paging entry of that VSpace, if it is current. */
void arch_tlb_invalidate_vspace(paddr_t pml4);

/* Gives the new (zeroed) PML4 at pml4 the kernel's entries VS_KERNEL_PML4_FIRST..511. */
void arch_vspace_copy_kernel_half(paddr_t pml4);

/*
 * The PML4 at pml4 has lost its ASID (it or its pool was deleted), so its
 * memory may be reused: if it is in CR3, loads the kernel's own PML4
 * instead (seL4's setVMRoot after deleteASID and deleteASIDPool).  The
 * kernel defines this in user.c, which owns the kernel's PML4.
 */
void arch_vspace_invalidated(paddr_t pml4);
