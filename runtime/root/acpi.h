/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The few ACPI facts the root server needs to turn the machine off (power.c):
 * the tables' headers, the RSDT/XSDT entries, the FADT's PM1a control block
 * and DSDT, and the SLP_TYPa value of the DSDT's \_S5 package.  Pure (no
 * system calls, no C library), so the host unit tests run it as the root
 * server does; every read is checked against the length handed in.
 */
#pragma once

#include <stdint.h>

#define ACPI_HEADER_LEN 36 /* a system description table's header */

/* The table's length from its header (which must have ACPI_HEADER_LEN bytes). */
uint32_t acpi_table_len(const uint8_t *hdr);

/* True if the len bytes at t sum to zero, as every ACPI table's must. */
int acpi_checksum_ok(const uint8_t *t, uint32_t len);

/* True if the header's signature is sig (4 characters). */
int acpi_sig_is(const uint8_t *hdr, const char *sig);

/* The physical address of entry i of an RSDT (xsdt 0: 32-bit entries) or XSDT (64-bit), whose
 * len bytes are at sdt; 0 past the last entry. */
uint64_t acpi_sdt_entry(const uint8_t *sdt, uint32_t len, int xsdt, uint32_t i);

/* From a FADT of len bytes: the PM1a control block's I/O port and the DSDT's physical address
 * (X_DSDT if the table has it and it is set, else DSDT).  0, or -1 if the table is too short or
 * names no PM1a control block or DSDT. */
int acpi_fadt(const uint8_t *fadt, uint32_t len, uint32_t *pm1a_cnt, uint64_t *dsdt);

/*
 * SLP_TYPa for S5 from the AML of a DSDT (len bytes from its start): the first element of the
 * package that \_S5_ names, "Name (_S5, Package () { a, b, ... })".  The element may be Zero,
 * One, a BytePrefix constant or a bare byte.  0, or -1 if there is no such package.
 */
int acpi_s5_slp_typ(const uint8_t *aml, uint32_t len, unsigned int *slp_typa);
