/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host tests of ACPI table reading: RSDP search, XSDT and RSDT, the MADT's
 * CPUs, IOAPICs and overrides, the DMAR's remapping units, and refusal of
 * tables with bad checksums, signatures or lengths.  Tables are built in a buffer standing for
 * physical memory at PHYS_BASE.
 */
#include "test.h"

#include <arch/acpi.h>
#include <machine.h>
#include <stdio.h>
#include <stdlib.h>

#define PHYS_BASE 0xe0000ull
#define PHYS_SIZE 0x4000
enum { RSDP = 0x100, XSDT = 0x200, RSDT = 0x300, MADT = 0x400, OTHER = 0x800, DMAR = 0xa00 };

static uint8_t phys[PHYS_SIZE];
static struct acpi_info info;
static char msg[160];

void *arch_paddr_to_ptr(paddr_t pa)
{
    if (pa < PHYS_BASE || pa >= PHYS_BASE + PHYS_SIZE) {
        fprintf(stderr, "acpi_test: read of physical %#llx outside the tables\n",
                (unsigned long long)pa);
        abort();
    }
    return phys + (pa - PHYS_BASE);
}

static void fix_checksum(uint8_t *p, size_t n, size_t at)
{
    uint8_t sum = 0;

    p[at] = 0;
    for (size_t i = 0; i < n; i++)
        sum += p[i];
    p[at] = (uint8_t)-sum;
}

static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
    memcpy(p, &v, 8);
}

static void sdt_header(unsigned off, const char *sig, uint32_t len)
{
    memcpy(phys + off, sig, 4);
    put32(phys + off + 4, len);
    phys[off + 8] = 1;
}

static unsigned madt_len;

static void madt_entry(const uint8_t *e, uint8_t len)
{
    memcpy(phys + MADT + madt_len, e, len);
    madt_len += len;
}

/* A QEMU-like set: RSDP v2 -> XSDT and RSDT -> another table and the MADT. */
static void build(void)
{
    memset(phys, 0, sizeof(phys));
    memcpy(phys + RSDP, "RSD PTR ", 8);
    phys[RSDP + 15] = 2;
    put32(phys + RSDP + 16, PHYS_BASE + RSDT);
    put32(phys + RSDP + 20, 36);
    put64(phys + RSDP + 24, PHYS_BASE + XSDT);
    fix_checksum(phys + RSDP, 20, 8);
    fix_checksum(phys + RSDP, 36, 32);

    sdt_header(OTHER, "FACP", 36);
    fix_checksum(phys + OTHER, 36, 9);
    madt_len = 44;
    uint8_t cpu0[8] = {0, 8, 0, 0, 1, 0, 0, 0}, cpu1[8] = {0, 8, 1, 1, 0, 0, 0, 0};
    uint8_t io[12] = {1, 12, 7, 0}, ovr[10] = {2, 10, 0, 0, 2, 0, 0, 0, 5, 0};
    put32(io + 4, 0xfec00000);
    madt_entry(cpu0, 8);
    madt_entry(cpu1, 8); /* disabled: not counted */
    madt_entry(io, 12);
    madt_entry(ovr, 10);
    sdt_header(MADT, "APIC", madt_len);
    fix_checksum(phys + MADT, madt_len, 9);

    sdt_header(XSDT, "XSDT", 36 + 16);
    put64(phys + XSDT + 36, PHYS_BASE + OTHER);
    put64(phys + XSDT + 44, PHYS_BASE + MADT);
    fix_checksum(phys + XSDT, 52, 9);
    sdt_header(RSDT, "RSDT", 36 + 8);
    put32(phys + RSDT + 36, PHYS_BASE + OTHER);
    put32(phys + RSDT + 40, PHYS_BASE + MADT);
    fix_checksum(phys + RSDT, 44, 9);
}

static unsigned dmar_len;

static void dmar_entry(const uint8_t *e, uint16_t len)
{
    memcpy(phys + DMAR + dmar_len, e, len);
    dmar_len += len;
}

static void dmar_close(void)
{
    sdt_header(DMAR, "DMAR", dmar_len);
    fix_checksum(phys + DMAR, dmar_len, 9);
}

/* build()'s set with QEMU's intel-iommu DMAR added: one unit for all of segment 0 at 0xfed90000
 * (with a device scope, for the IOAPIC), an RMRR, and the XSDT leading to it. */
static void build_with_dmar(void)
{
    uint8_t drhd[24] = {0, 0, 24, 0, 1, 0, 0, 0}, rmrr[24] = {1, 0, 24, 0};

    build();
    dmar_len = 48;
    phys[DMAR + 36] = 38; /* host address width, less one */
    put64(drhd + 8, 0xfed90000);
    drhd[16] = 3; /* device scope: IOAPIC, length 8 */
    drhd[17] = 8;
    dmar_entry(drhd, 24);
    put64(rmrr + 8, 0x7000);
    put64(rmrr + 16, 0x7fff);
    dmar_entry(rmrr, 24);
    dmar_close();
    sdt_header(XSDT, "XSDT", 36 + 24);
    put64(phys + XSDT + 36, PHYS_BASE + OTHER);
    put64(phys + XSDT + 44, PHYS_BASE + DMAR);
    put64(phys + XSDT + 52, PHYS_BASE + MADT);
    fix_checksum(phys + XSDT, 60, 9);
}

static bool parse(void)
{
    msg[0] = '\0';
    return acpi_parse(PHYS_BASE + RSDP, &info, msg, sizeof(msg));
}

static void finds_rsdp(void)
{
    build();
    CHECK_EQ(acpi_find_rsdp(PHYS_BASE, PHYS_BASE + PHYS_SIZE), PHYS_BASE + RSDP);
    phys[RSDP + 3] ^= 1; /* bad signature */
    CHECK_EQ(acpi_find_rsdp(PHYS_BASE, PHYS_BASE + PHYS_SIZE), 0);
    build();
    phys[RSDP + 8] ^= 1; /* bad checksum */
    CHECK_EQ(acpi_find_rsdp(PHYS_BASE, PHYS_BASE + PHYS_SIZE), 0);
    build();
    phys[RSDP + 33] ^= 1; /* bad extended checksum of a revision-2 RSDP */
    CHECK_EQ(acpi_find_rsdp(PHYS_BASE, PHYS_BASE + PHYS_SIZE), 0);
}

static void reads_madt_through_xsdt(void)
{
    build();
    CHECK(parse());
    CHECK(info.have_madt);
    CHECK_EQ(info.n_cpus, 1);
    CHECK_EQ(info.n_ioapics, 1);
    CHECK_EQ(info.ioapic[0].id, 7);
    CHECK_EQ(info.ioapic[0].addr, 0xfec00000);
    CHECK_EQ(info.ioapic[0].gsi_base, 0);
    CHECK_EQ(info.n_overrides, 1);
    CHECK_EQ(info.override[0].isa_irq, 0);
    CHECK_EQ(info.override[0].gsi, 2);
    CHECK_EQ(info.override[0].flags, 5);
}

static void falls_back_to_rsdt(void)
{
    build();
    phys[XSDT + 20] ^= 1; /* the XSDT's checksum breaks */
    CHECK(parse());
    CHECK_EQ(info.n_ioapics, 1);
    build();
    phys[RSDP + 15] = 0; /* ACPI 1.0: no XSDT at all */
    CHECK(parse());
    CHECK_EQ(info.n_ioapics, 1);
}

static void refuses_bad_madt(void)
{
    build();
    phys[MADT + 50] ^= 1; /* checksum */
    CHECK(!parse());
    CHECK_CONTAINS(msg, "no valid MADT");
    build();
    put32(phys + MADT + 4, 0x7fffffff); /* length beyond any sane table */
    CHECK(!parse());
    build();
    phys[MADT + 44 + 1] = 0; /* an entry of length 0 would loop forever */
    fix_checksum(phys + MADT, madt_len, 9);
    CHECK(!parse());
    CHECK_CONTAINS(msg, "MADT entry at offset 44 is malformed");
    build();
    phys[MADT + 44 + 8 + 8 + 1] = 200; /* the IOAPIC entry runs past the table */
    fix_checksum(phys + MADT, madt_len, 9);
    CHECK(!parse());
    CHECK_EQ(info.n_cpus, 1); /* what came before stays */
}

static void refuses_bad_roots(void)
{
    build();
    phys[XSDT + 20] ^= 1;
    phys[RSDT + 20] ^= 1;
    CHECK(!parse());
    CHECK_CONTAINS(msg, "no valid RSDT or XSDT");
    build();
    put64(phys + RSDP + 24, 0xffffffffffff0000ull); /* XSDT out of reach: RSDT used */
    fix_checksum(phys + RSDP, 36, 32);
    CHECK(parse());
    CHECK(!acpi_parse(0, &info, msg, sizeof(msg)));
    CHECK_CONTAINS(msg, "no ACPI RSDP");
}

static void too_many_ioapics_are_capped(void)
{
    build();
    madt_len = 44;
    for (int i = 0; i < ACPI_MAX_IOAPICS + 3; i++) {
        uint8_t io[12] = {1, 12, (uint8_t)i, 0};
        put32(io + 4, 0xfec00000 + 0x1000 * i);
        madt_entry(io, 12);
    }
    sdt_header(MADT, "APIC", madt_len);
    fix_checksum(phys + MADT, madt_len, 9);
    CHECK(parse());
    CHECK_EQ(info.n_ioapics, ACPI_MAX_IOAPICS);
}

static void reads_dmar_units(void)
{
    build();
    CHECK(parse());
    CHECK_EQ(info.n_drhds, 0); /* no DMAR: no IOMMU, and no error */
    CHECK(!info.dmar_bad);
    build_with_dmar();
    CHECK(parse());
    CHECK_EQ(info.n_drhds, 1);
    CHECK_EQ(info.drhd[0].base, 0xfed90000);
    CHECK_EQ(info.drhd[0].segment, 0);
    CHECK(info.drhd[0].include_all);
    CHECK_EQ(info.n_rmrrs, 1);
    CHECK_EQ(info.n_ioapics, 1); /* the MADT after it is read as before */
}

static void refuses_bad_dmar(void)
{
    build_with_dmar();
    phys[DMAR + 48 + 2] = 2; /* a structure shorter than its own header would loop forever */
    fix_checksum(phys + DMAR, dmar_len, 9);
    CHECK(parse());
    CHECK(info.dmar_bad);
    CHECK_EQ(info.n_drhds, 0);
    build_with_dmar();
    phys[DMAR + 48 + 24 + 2] = 200; /* the RMRR runs past the table: the DRHD before it is void */
    fix_checksum(phys + DMAR, dmar_len, 9);
    CHECK(parse());
    CHECK(info.dmar_bad);
    CHECK_EQ(info.n_drhds, 0);
    build_with_dmar();
    phys[DMAR + 48 + 2] = 12; /* a DRHD too short for its register base */
    phys[DMAR + 48 + 12] = 1; /* ... followed by a type-1 header 12 bytes on */
    fix_checksum(phys + DMAR, dmar_len, 9);
    CHECK(parse());
    CHECK(info.dmar_bad);
    build_with_dmar();
    phys[DMAR + 40] ^= 1; /* checksum: the table is not trusted at all */
    CHECK(parse());
    CHECK_EQ(info.n_drhds, 0);
}

static void too_many_units_are_capped(void)
{
    uint8_t drhd[16] = {0, 0, 16, 0, 0};

    build_with_dmar();
    dmar_len = 48;
    for (int i = 0; i < ACPI_MAX_DRHDS + 2; i++) {
        put64(drhd + 8, 0xfed90000 + 0x1000 * i);
        dmar_entry(drhd, 16);
    }
    dmar_close();
    CHECK(parse());
    CHECK(!info.dmar_bad);
    CHECK_EQ(info.n_drhds, ACPI_MAX_DRHDS);
    CHECK_EQ(info.drhd[ACPI_MAX_DRHDS - 1].base, 0xfed90000 + 0x1000 * (ACPI_MAX_DRHDS - 1));
    CHECK(!info.drhd[0].include_all);
}

TEST_CASES({finds_rsdp, "finds_rsdp"}, {reads_madt_through_xsdt, "reads_madt_through_xsdt"},
           {falls_back_to_rsdt, "falls_back_to_rsdt"}, {refuses_bad_madt, "refuses_bad_madt"},
           {refuses_bad_roots, "refuses_bad_roots"},
           {too_many_ioapics_are_capped, "too_many_ioapics_are_capped"},
           {reads_dmar_units, "reads_dmar_units"}, {refuses_bad_dmar, "refuses_bad_dmar"},
           {too_many_units_are_capped, "too_many_units_are_capped"}, );
TEST_MAIN("acpi")
