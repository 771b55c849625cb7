/* SPDX-License-Identifier: BSD-2-Clause */
/* What the kernel told the root server at boot (boot.c): checked once, kept for the others. */
#pragma once

#include <sel4/bootinfo_types.h>
#include <sel4/simple_types.h>

/* Checks the boot information and keeps what the others need; failed checks are logged. */
void boot_read(const seL4_BootInfo *bi);

/* True if the kernel's command line has kaal.verbose: boot diagnostics print. */
int boot_verbose(void);

/* The TSC frequency in MHz the kernel passed, or 0 if it did not. */
seL4_Word boot_tsc_mhz(void);

/* True if the kernel remaps DMA (an IOMMU: numIOPTLevels is not -1, slot 8 holds the IOSpace). */
int boot_iommu(void);

/* The ACPI RSDP (36 bytes) from the extra boot info, or NULL if the kernel passed none. */
const unsigned char *boot_rsdp(void);
