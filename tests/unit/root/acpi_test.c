/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root server's ACPI reading for poweroff (runtime/root/acpi.c), on
 * tables built here: RSDT and XSDT entries, the FADT's PM1a control block
 * and DSDT, and the \_S5 package in the encodings firmware writes.
 */
#include "../../../runtime/root/acpi.h"
#include "test.h"

static uint8_t t[512];

/* A table of len bytes with this signature and a correct checksum; the body is zero. */
static void table(const char *sig, uint32_t len)
{
    memset(t, 0, sizeof(t));
    memcpy(t, sig, 4);
    t[4] = (uint8_t)len, t[5] = (uint8_t)(len >> 8);
}

static void fix_checksum(uint32_t len)
{
    uint8_t sum = 0;
    t[9] = 0;
    for (uint32_t i = 0; i < len; i++)
        sum = (uint8_t)(sum + t[i]);
    t[9] = (uint8_t)(0x100 - sum);
}

static void put(uint32_t off, uint64_t v, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++)
        t[off + i] = (uint8_t)(v >> (8 * i));
}

static void headers(void)
{
    table("FACP", 244);
    CHECK_EQ(acpi_table_len(t), 244);
    CHECK(acpi_sig_is(t, "FACP"));
    CHECK(!acpi_sig_is(t, "DSDT"));
    fix_checksum(244);
    CHECK(acpi_checksum_ok(t, 244));
    t[100] ^= 1;
    CHECK(!acpi_checksum_ok(t, 244));
}

static void sdt_entries(void)
{
    table("RSDT", 44);
    put(36, 0x7fe1234, 4);
    put(40, 0x7fe5678, 4);
    CHECK_EQ(acpi_sdt_entry(t, 44, 0, 0), 0x7fe1234);
    CHECK_EQ(acpi_sdt_entry(t, 44, 0, 1), 0x7fe5678);
    CHECK_EQ(acpi_sdt_entry(t, 44, 0, 2), 0); /* past the last */
    CHECK_EQ(acpi_sdt_entry(t, 42, 0, 1), 0); /* a partial entry is none */
    CHECK_EQ(acpi_sdt_entry(t, 20, 0, 0), 0); /* shorter than a header */
    table("XSDT", 52);
    put(36, 0x100000000ull, 8);
    put(44, 0x7fe0000, 8);
    CHECK_EQ(acpi_sdt_entry(t, 52, 1, 0), 0x100000000ull);
    CHECK_EQ(acpi_sdt_entry(t, 52, 1, 1), 0x7fe0000);
    CHECK_EQ(acpi_sdt_entry(t, 52, 1, 2), 0);
}

static void fadt_fields(void)
{
    uint32_t pm = 0;
    uint64_t dsdt = 0;

    table("FACP", 116); /* ACPI 1.0: no X_DSDT */
    put(40, 0x7fe0040, 4);
    put(64, 0x604, 4);
    CHECK_EQ(acpi_fadt(t, 116, &pm, &dsdt), 0);
    CHECK_EQ(pm, 0x604);
    CHECK_EQ(dsdt, 0x7fe0040);
    put(140, 0x17fe0040ull, 8); /* beyond a 116-byte table: not read */
    CHECK_EQ(acpi_fadt(t, 116, &pm, &dsdt), 0);
    CHECK_EQ(dsdt, 0x7fe0040);
    CHECK_EQ(acpi_fadt(t, 244, &pm, &dsdt), 0); /* X_DSDT, when there and set, wins */
    CHECK_EQ(dsdt, 0x17fe0040ull);
    CHECK_EQ(acpi_fadt(t, 67, &pm, &dsdt), -1); /* too short for PM1a_CNT_BLK */
    put(64, 0, 4);
    CHECK_EQ(acpi_fadt(t, 244, &pm, &dsdt), -1); /* no PM1a control block */
}

/* A DSDT whose AML, after the header, is the n bytes of aml; returns its length. */
static uint32_t dsdt(const char *aml, uint32_t n)
{
    table("DSDT", ACPI_HEADER_LEN + n);
    memcpy(t + ACPI_HEADER_LEN, aml, n);
    return ACPI_HEADER_LEN + n;
}

#define AML(s) s, sizeof(s) - 1

static void s5_package(void)
{
    unsigned int typ = 99;
    uint32_t len;

    /* QEMU's q35 and i440fx: Name (_S5, Package (4) { Zero, Zero, Zero, Zero }) */
    len = dsdt(AML("\x10\x05_SB_\x08_S5_\x12\x06\x04\x00\x00\x00\x00\x08_S4_"));
    CHECK_EQ(acpi_s5_slp_typ(t, len, &typ), 0);
    CHECK_EQ(typ, 0);
    /* BytePrefix constants, the root prefix '\', a two-byte PkgLength */
    len = dsdt(AML("\x08\\_S5_\x12\x48\x01\x02\x0a\x05\x0a\x05"));
    CHECK_EQ(acpi_s5_slp_typ(t, len, &typ), 0);
    CHECK_EQ(typ, 5);
    len = dsdt(AML("\x08_S5_\x12\x05\x02\x01\x01"));
    CHECK_EQ(acpi_s5_slp_typ(t, len, &typ), 0);
    CHECK_EQ(typ, 1);
    len = dsdt(AML("\x08_S5_\x12\x05\x02\x07\x07")); /* a bare byte */
    CHECK_EQ(acpi_s5_slp_typ(t, len, &typ), 0);
    CHECK_EQ(typ, 7);
}

static void s5_missing(void)
{
    unsigned int typ = 99;
    uint32_t len;

    len = dsdt(AML("\x08_S4_\x12\x06\x04\x00\x00\x00\x00"));
    CHECK_EQ(acpi_s5_slp_typ(t, len, &typ), -1);
    len = dsdt(AML("\x08_S5_\x0a\x05")); /* a name, but not of a package */
    CHECK_EQ(acpi_s5_slp_typ(t, len, &typ), -1);
    len = dsdt(AML("\x08_S5_\x12\x06")); /* cut short in the package */
    CHECK_EQ(acpi_s5_slp_typ(t, len, &typ), -1);
    len = dsdt(AML("\x08_S5_\x12\x06\x04\x0a")); /* cut short in the BytePrefix constant */
    CHECK_EQ(acpi_s5_slp_typ(t, len, &typ), -1);
    /* "_S5_" in the header (here the OEM id) is not AML */
    table("DSDT", ACPI_HEADER_LEN);
    memcpy(t + 10, "_S5_\x12\x06\x04\x00", 8);
    CHECK_EQ(acpi_s5_slp_typ(t, ACPI_HEADER_LEN, &typ), -1);
    CHECK_EQ(typ, 99);
}

TEST_CASES({headers, "headers"}, {sdt_entries, "sdt-entries"}, {fadt_fields, "fadt-fields"},
           {s5_package, "s5-package"}, {s5_missing, "s5-missing"});
TEST_MAIN("root/acpi")
