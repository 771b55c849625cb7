/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * x86_64 capabilities: frames of 4 KiB, 2 MiB and 1 GiB, the four levels of
 * paging structures, ASID control and pools, I/O ports and, with
 * CONFIG_IOMMU, IOSpaces and I/O page tables (<arch/object/iospace.h>).  They share the
 * packing of <object/cap.h> (type in bits 59-63 of word 0, physical address
 * in bits 0-47); word 1 holds where the object is mapped, which the VSpace
 * code (a later issue) fills in.  A frame's rights are x86 VM rights
 * (VM_READ_WRITE ...), derived from a cap-rights word on Copy/Mint.
 */
#pragma once

#include <object/cap.h>

enum arch_cap_type {
    CAP_FRAME = CAP_ARCH_FIRST,
    CAP_PAGE_TABLE,
    CAP_PAGE_DIRECTORY,
    CAP_PDPT,
    CAP_PML4,
    CAP_ASID_CONTROL,
    CAP_ASID_POOL,
    CAP_IO_PORT_CONTROL,
    CAP_IO_PORT,
    CAP_IO_SPACE,      /* CONFIG_IOMMU only */
    CAP_IO_PAGE_TABLE, /* CONFIG_IOMMU only */
};

/* A frame cap's VM rights (seL4's vm_rights, kernel-internal). */
enum { VM_KERNEL_ONLY = 1, VM_READ_ONLY = 2, VM_READ_WRITE = 3 };

/* Frame sizes as stored in a frame cap. */
enum { FRAME_4K = 0, FRAME_2M = 1, FRAME_1G = 2 };

/*
 * How a frame is mapped: not at all, into a VSpace at mapped_address (mapped_asid its ASID), or
 * into a device's IOSpace at I/O address mapped_address (mapped_asid the device's PCI request ID).
 */
enum { FRAME_MAP_NONE = 0, FRAME_MAP_VSPACE = 1, FRAME_MAP_IOSPACE = 2 };

CAP_FIELD(frame, CAP_FRAME, size, 0, 48, 2)
CAP_FIELD(frame, CAP_FRAME, vm_rights, 0, 50, 2)
CAP_FIELD(frame, CAP_FRAME, is_device, 0, 52, 1)
CAP_FIELD(frame, CAP_FRAME, map_type, 0, 53, 2)
CAP_FIELD(frame, CAP_FRAME, mapped_address, 1, 0, 48)
CAP_FIELD(frame, CAP_FRAME, mapped_asid, 1, 48, 16)

CAP_FIELD(page_table, CAP_PAGE_TABLE, is_mapped, 0, 48, 1)
CAP_FIELD(page_table, CAP_PAGE_TABLE, mapped_address, 1, 0, 48)
CAP_FIELD(page_table, CAP_PAGE_TABLE, mapped_asid, 1, 48, 16)
CAP_FIELD(page_directory, CAP_PAGE_DIRECTORY, is_mapped, 0, 48, 1)
CAP_FIELD(page_directory, CAP_PAGE_DIRECTORY, mapped_address, 1, 0, 48)
CAP_FIELD(page_directory, CAP_PAGE_DIRECTORY, mapped_asid, 1, 48, 16)
CAP_FIELD(pdpt, CAP_PDPT, is_mapped, 0, 48, 1)
CAP_FIELD(pdpt, CAP_PDPT, mapped_address, 1, 0, 48)
CAP_FIELD(pdpt, CAP_PDPT, mapped_asid, 1, 48, 16)
CAP_FIELD(pml4, CAP_PML4, is_mapped, 0, 48, 1)
CAP_FIELD(pml4, CAP_PML4, mapped_asid, 1, 0, 16)

CAP_FIELD(asid_pool, CAP_ASID_POOL, asid_base, 1, 0, 16)

CAP_FIELD(io_port, CAP_IO_PORT, first_port, 1, 0, 16)
CAP_FIELD(io_port, CAP_IO_PORT, last_port, 1, 16, 16)

/* An IOSpace: the DMA view of one PCI device (its request ID), in one VT-d domain. */
CAP_FIELD(io_space, CAP_IO_SPACE, domain_id, 1, 0, 16)
CAP_FIELD(io_space, CAP_IO_SPACE, pci_device, 1, 16, 16)
/* An I/O page table: where it is mapped (level 0 is a device's root table), for which device. */
CAP_FIELD(io_page_table, CAP_IO_PAGE_TABLE, is_mapped, 0, 48, 1)
CAP_FIELD(io_page_table, CAP_IO_PAGE_TABLE, level, 0, 49, 4)
CAP_FIELD(io_page_table, CAP_IO_PAGE_TABLE, mapped_address, 1, 0, 48)
CAP_FIELD(io_page_table, CAP_IO_PAGE_TABLE, ioasid, 1, 48, 16)

/* Constructors of the x86_64 caps; a new frame is unmapped with full VM rights. */
cap_t cap_frame_new(paddr_t pa, word_t size, bool device);
cap_t cap_paging_new(word_t type, paddr_t pa);
cap_t cap_asid_pool_new(paddr_t pa, word_t asid_base);
cap_t cap_io_port_new(word_t first, word_t last);
