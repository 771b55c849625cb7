/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Machine access for the IOMMU cases (iommu.c), from user level with the
 * scratch allocator of alloc.h: pages of device memory carved from the
 * boot device untypeds, the ACPI tables (to learn whether the machine has
 * VT-d at all), PCI configuration space through the 0xCF8/0xCFC ports, and
 * QEMU's edu device, whose DMA engine copies one page between RAM and its
 * own buffer.  Everything a function makes lives in the case's scratch
 * slots and goes with them at the case's end.
 */
#pragma once

#include "vspace_build.h"

#define EDU_VENDOR_DEVICE 0x11e81234u /* PCI config word 0: device 0x11e8, vendor 0x1234 */
#define EDU_MAX           2           /* run.py's iommu run gives the machine two */
/* Bytes a transfer moves, from the start of a page.  Not the whole page: QEMU up to 7.2 stops the
 * machine (hw_error) on a transfer that ends at the end of edu's buffer. */
#define EDU_DMA_BYTES 2048

/* One edu device: its PCI requester id (bus << 8 | dev << 3 | fn) and its mapped registers. */
struct edu {
    seL4_Word bdf;
    volatile seL4_Uint64 *regs;
    seL4_Word tsc_mhz; /* for the bound on a transfer's wait */
};

/* A frame cap for each of the n 4 KiB device-memory pages at paddr[0..n) (ascending; each in a
 * device untyped with no children yet), in new slots; false if one cannot be made. */
bool device_frames(seL4_BootInfo *bi, const seL4_Word *paddr, int n, seL4_CPtr *frame);

/* Whether the ACPI RSDT lists a table with this 4-character signature; 0 no, 1 yes, -1 if the
 * tables cannot be read.  Needs map_tables() done for SCRATCH_VA. */
int acpi_has_table(seL4_BootInfo *bi, const char *sig);

/* Finds up to EDU_MAX edu devices on PCI bus 0, turns on their memory decoding and bus mastering
 * and maps their registers at SCRATCH_VA + i pages; returns how many, or -1 on a failure.  Needs
 * map_tables() done for SCRATCH_VA. */
int edu_open_all(seL4_BootInfo *bi, struct edu *dev);

/* Copies EDU_DMA_BYTES at IO address ioaddr into the device's buffer (to_ram false) or from the
 * buffer to it (to_ram true), and waits for the device to finish; false if not done within 5 s. */
bool edu_dma(const struct edu *dev, bool to_ram, seL4_Word ioaddr);

/* Prints the line run.py matches against the kernel's report of a DMA the IOMMU blocked. */
void expect_dma_fault(const struct edu *dev, bool write, seL4_Word ioaddr);
