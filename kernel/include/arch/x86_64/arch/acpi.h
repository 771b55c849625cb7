/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the kernel takes from ACPI on x86: where the RSDP is (for the root
 * task's boot info); from the MADT, the CPUs, the IOAPICs and the ISA
 * interrupt overrides; from the DMAR, if there is one, the VT-d remapping
 * units (DRHDs) and how many reserved-memory regions (RMRRs) it names.  Tables come from firmware,
 * so every length and checksum is checked before a byte is trusted; a table that fails is ignored
 * with a warning, never followed.
 */
#pragma once

#include <types.h>

#define ACPI_MAX_IOAPICS   8
#define ACPI_MAX_OVERRIDES 16
#define ACPI_MAX_DRHDS     4

/* A DMA remapping hardware unit: its registers and the PCI segment it serves. */
struct acpi_drhd {
    paddr_t base;
    uint16_t segment;
    bool include_all; /* INCLUDE_PCI_ALL: every device of the segment no other unit names */
};

struct acpi_ioapic {
    uint8_t id;
    paddr_t addr;
    uint32_t gsi_base;
};

/* An ISA IRQ that arrives on another global system interrupt (e.g. the PIT's IRQ 0 on GSI 2). */
struct acpi_override {
    uint8_t isa_irq;
    uint32_t gsi;
    uint16_t flags; /* MPS INTI flags: polarity in bits 0-1, trigger mode in bits 2-3 */
};

struct acpi_info {
    paddr_t rsdp; /* 0 if none was found */
    int n_cpus;   /* enabled local APICs */
    int n_ioapics;
    struct acpi_ioapic ioapic[ACPI_MAX_IOAPICS];
    int n_overrides;
    struct acpi_override override[ACPI_MAX_OVERRIDES];
    bool have_madt;
    int n_drhds; /* 0 without a (sound) DMAR */
    struct acpi_drhd drhd[ACPI_MAX_DRHDS];
    int n_rmrrs;
    bool dmar_bad; /* there is a DMAR, but it is malformed: no unit of it is used */
};

/* Returns the physical address of the PC's RSDP (EBDA, then BIOS area), or 0. */
paddr_t acpi_locate_rsdp(void);

/* The tables read at boot (init.c fills it before anything uses it). */
extern struct acpi_info boot_acpi;

/* Returns the physical address of a valid RSDP in [start, end), or 0. */
paddr_t acpi_find_rsdp(paddr_t start, paddr_t end);

/*
 * Reads the tables the RSDP at rsdp leads to into info (which it zeroes
 * first).  Returns false with a reason in msg if no usable MADT was found;
 * what was read before the problem stays in info.  A missing DMAR is no
 * error; a malformed one sets dmar_bad and leaves n_drhds 0.
 */
bool acpi_parse(paddr_t rsdp, struct acpi_info *info, char *msg, size_t msg_size);
