/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ACPI table reading for power.c (acpi.h).  Offsets are the ACPI
 * specification's (6.x, compatible back to 1.0 for the fields used):
 *
 *   header   signature 0, length 4, checksum over the whole table
 *   RSDT     32-bit table addresses from offset 36; XSDT 64-bit ones
 *   FADT     DSDT 40 (32 bits), PM1a_CNT_BLK 64, X_DSDT 140 (64 bits)
 *   \_S5_    AML: NameOp 0x08, the name "_S5_" (a '\' may precede it),
 *            PackageOp 0x12, PkgLength (1 to 4 bytes: the top two bits of
 *            the first say how many follow), NumElements, then the elements
 *
 * A DSDT is scanned for the bytes "_S5_" followed by PackageOp rather than
 * parsed: a full AML parser is far beyond what powering off needs, and
 * every firmware that supports S5 writes the package this way.
 */
#include "acpi.h"

#define FADT_DSDT       40
#define FADT_PM1A_CNT   64
#define FADT_X_DSDT     140
#define AML_PACKAGE_OP  0x12
#define AML_ZERO_OP     0x00
#define AML_ONE_OP      0x01
#define AML_BYTE_PREFIX 0x0a
#define AML_WORD_PREFIX 0x0b

static uint64_t get_le(const uint8_t *p, unsigned int n)
{
    uint64_t v = 0;

    for (unsigned int i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

uint32_t acpi_table_len(const uint8_t *hdr)
{
    return (uint32_t)get_le(hdr + 4, 4);
}

int acpi_checksum_ok(const uint8_t *t, uint32_t len)
{
    uint8_t sum = 0;

    for (uint32_t i = 0; i < len; i++)
        sum = (uint8_t)(sum + t[i]);
    return sum == 0;
}

int acpi_sig_is(const uint8_t *hdr, const char *sig)
{
    for (int i = 0; i < 4; i++)
        if (hdr[i] != (uint8_t)sig[i])
            return 0;
    return 1;
}

uint64_t acpi_sdt_entry(const uint8_t *sdt, uint32_t len, int xsdt, uint32_t i)
{
    uint32_t size = xsdt ? 8 : 4;

    if (len < ACPI_HEADER_LEN || i >= (len - ACPI_HEADER_LEN) / size)
        return 0;
    return get_le(sdt + ACPI_HEADER_LEN + i * size, size);
}

int acpi_fadt(const uint8_t *fadt, uint32_t len, uint32_t *pm1a_cnt, uint64_t *dsdt)
{
    if (len < FADT_PM1A_CNT + 4)
        return -1;
    *pm1a_cnt = (uint32_t)get_le(fadt + FADT_PM1A_CNT, 4);
    *dsdt = get_le(fadt + FADT_DSDT, 4);
    if (len >= FADT_X_DSDT + 8 && get_le(fadt + FADT_X_DSDT, 8))
        *dsdt = get_le(fadt + FADT_X_DSDT, 8);
    return *pm1a_cnt && *dsdt ? 0 : -1;
}

/* The value of the AML data object at aml[i] (of len bytes), for the few forms \_S5 uses; -1 if
 * none. */
static int aml_small_int(const uint8_t *aml, uint32_t len, uint32_t i)
{
    if (i >= len)
        return -1;
    switch (aml[i]) {
    case AML_ZERO_OP:
        return 0;
    case AML_ONE_OP:
        return 1;
    case AML_BYTE_PREFIX:
    case AML_WORD_PREFIX: /* SLP_TYP is 3 bits: the low byte holds it */
        return i + 1 < len ? aml[i + 1] : -1;
    default:
        return aml[i]; /* some firmware writes the byte bare */
    }
}

int acpi_s5_slp_typ(const uint8_t *aml, uint32_t len, unsigned int *slp_typa)
{
    for (uint32_t i = len > ACPI_HEADER_LEN ? ACPI_HEADER_LEN : len; len - i > 5; i++) {
        if (aml[i] != '_' || aml[i + 1] != 'S' || aml[i + 2] != '5' || aml[i + 3] != '_' ||
            aml[i + 4] != AML_PACKAGE_OP)
            continue;
        uint32_t at = i + 5;
        at += 1u + (aml[at] >> 6); /* PkgLength: its lead byte and the bytes it says follow */
        at += 1;                   /* NumElements */
        int v = aml_small_int(aml, len, at);
        if (v < 0)
            return -1;
        *slp_typa = (unsigned int)v & 7;
        return 0;
    }
    return -1;
}
