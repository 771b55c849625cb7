/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for ACPI table reading (acpi_parse).  The input is physical
 * memory from PHYS_BASE, with the RSDP at its start; table pointers in it
 * may name any address, so every physical address is folded onto the first
 * ALIAS bytes of a buffer large enough that even the largest table the
 * parser accepts cannot run off its end (ASan would report it).  Accepted
 * input must yield a MADT and counts within their arrays (a malformed DMAR
 * none of its units); refused input
 * must say why.
 */
#include <arch/acpi.h>
#include <machine.h>
#include <string.h>

#define PHYS_BASE 0x10000ull
#define ALIAS     0x10000
#define SPAN      (ALIAS + (1u << 20) + 64) /* SDT_MAX_LEN past any aliased start */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t phys[SPAN];

void *arch_paddr_to_ptr(paddr_t pa)
{
    return phys + (pa % ALIAS);
}

static void require(bool ok)
{
    if (!ok)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct acpi_info info;
    char msg[160];

    if (size > ALIAS)
        return 0;
    memset(phys, 0, ALIAS);
    memcpy(phys, data, size);
    msg[0] = '\0';
    if (acpi_parse(PHYS_BASE, &info, msg, sizeof(msg)))
        require(info.have_madt);
    else
        require(msg[0] != '\0');
    require(info.n_ioapics >= 0 && info.n_ioapics <= ACPI_MAX_IOAPICS);
    require(info.n_overrides >= 0 && info.n_overrides <= ACPI_MAX_OVERRIDES);
    /* DMAR: units within their array, none at all from a malformed table. */
    require(info.n_drhds >= 0 && info.n_drhds <= ACPI_MAX_DRHDS);
    require(!info.dmar_bad || info.n_drhds == 0);
    require(info.n_cpus >= 0);
    return 0;
}
