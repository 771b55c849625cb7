/* SPDX-License-Identifier: BSD-2-Clause */
/* PCI configuration space for the broker (pci.c).  A function is named by its bdf: bus << 8 |
 * slot << 3 | function. */
#pragma once

#include <sel4/simple_types.h>

#define PCI_NONE 0xffffffffu

#define PCI_OFF_INTERRUPT 0x3c /* interrupt line in byte 0, pin (1 INTA .. 4 INTD) in byte 1 */

/* Takes the configuration ports; 0, or -1 if the kernel refused them. */
int pci_init(void);

/* The 32-bit configuration word at off (rounded down to 4) of function bdf. */
seL4_Uint32 pci_read(seL4_Uint32 bdf, unsigned int off);
void pci_write(seL4_Uint32 bdf, unsigned int off, seL4_Uint32 value);

/* The bdf of the nth function (from 0) with these ids, or PCI_NONE. */
seL4_Uint32 pci_find(seL4_Uint16 vendor, seL4_Uint16 device, unsigned int nth);

/* The bdf of the nth function on the bus (from 0, in scan order), or PCI_NONE past the last. */
seL4_Uint32 pci_nth(unsigned int nth);

/* BAR bar of bdf (a type-0 header): its base address, size and kind.  0, or -1 if there is no
 * such BAR, it is the upper half of a 64-bit one, or it is not implemented or not assigned. */
int pci_bar(seL4_Uint32 bdf, unsigned int bar, seL4_Uint64 *base, seL4_Uint64 *size, int *is_io);
