/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ACPI table reading: the RSDP (searched for where ACPI says it lives on a
 * PC: the first KiB of the EBDA, then the BIOS area 0xe0000-0xfffff, on
 * 16-byte boundaries), then the XSDT (or RSDT for ACPI 1.0), then the MADT and the DMAR.  Layouts
 * are the ACPI specification's and, for the DMAR, Intel's VT-d specification's.  Each table is
 * checked in turn: it must lie inside the physical window, its length must cover its header and fit
 * the space given, and its bytes must sum to zero.  All reads go through arch_paddr_to_ptr and copy
 * with memcpy (tables need not be aligned), so host tests and the fuzzer can supply the memory.
 */
#include <arch/acpi.h>
#include <arch/machine.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <machine.h>

#define RSDP_V1_LEN   20
#define RSDP_V2_LEN   36
#define SDT_HDR_LEN   36
#define SDT_MAX_LEN   (1u << 20) /* far beyond any real MADT or XSDT */
#define MADT_ENTRIES  44         /* header, local APIC address, flags */
#define MADT_LAPIC    0
#define MADT_IOAPIC   1
#define MADT_OVERRIDE 2
#define BDA_EBDA_SEG  0x40e /* BIOS data area: the EBDA's segment */
#define EBDA_LOWEST   0x80000
#define EBDA_END      0xa0000
#define BIOS_AREA     0xe0000
#define BIOS_AREA_END 0x100000
#define DMAR_ENTRIES  48 /* header, host address width, flags, reserved */
#define DMAR_DRHD     0
#define DMAR_RMRR     1
#define DRHD_LEN      16 /* type, length, flags, size, segment, register base; then scopes */
#define DRHD_ALL      1  /* flags: INCLUDE_PCI_ALL */

static bool in_window(paddr_t pa, uint64_t len)
{
    return pa <= PHYS_WINDOW_SIZE && len <= PHYS_WINDOW_SIZE - pa;
}

static bool sums_to_zero(const uint8_t *p, size_t n)
{
    uint8_t sum = 0;

    while (n--)
        sum += *p++;
    return sum == 0;
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

paddr_t acpi_find_rsdp(paddr_t start, paddr_t end)
{
    for (paddr_t pa = ROUND_UP(start, 16); pa + RSDP_V2_LEN <= end; pa += 16) {
        const uint8_t *p = arch_paddr_to_ptr(pa);
        if (memcmp(p, "RSD PTR ", 8) != 0 || !sums_to_zero(p, RSDP_V1_LEN))
            continue;
        if (p[15] >= 2 && !sums_to_zero(p, RSDP_V2_LEN))
            continue; /* revision 2 adds an extended checksum over 36 bytes */
        return pa;
    }
    return 0;
}

paddr_t acpi_locate_rsdp(void)
{
    paddr_t ebda = (paddr_t) * (const uint16_t *)arch_paddr_to_ptr(BDA_EBDA_SEG) << 4;
    paddr_t pa = 0;

    if (ebda >= EBDA_LOWEST && ebda < EBDA_END)
        pa = acpi_find_rsdp(ebda, ebda + 1024);
    return pa ? pa : acpi_find_rsdp(BIOS_AREA, BIOS_AREA_END);
}

/* Returns the table at pa if it is whole and sound (and has sig, if given), else NULL. */
static const uint8_t *sdt_at(paddr_t pa, const char *sig, uint32_t *len)
{
    if (!in_window(pa, SDT_HDR_LEN))
        return NULL;
    const uint8_t *t = arch_paddr_to_ptr(pa);
    *len = get32(t + 4);
    if (*len < SDT_HDR_LEN || *len > SDT_MAX_LEN || !in_window(pa, *len))
        return NULL;
    if (sig && memcmp(t, sig, 4) != 0)
        return NULL;
    return sums_to_zero(t, *len) ? t : NULL;
}

static void madt_ioapic(const uint8_t *e, struct acpi_info *info)
{
    if (info->n_ioapics == ACPI_MAX_IOAPICS)
        return;
    info->ioapic[info->n_ioapics++] = (struct acpi_ioapic){e[2], get32(e + 4), get32(e + 8)};
}

static void madt_override(const uint8_t *e, struct acpi_info *info)
{
    uint16_t flags;

    if (info->n_overrides == ACPI_MAX_OVERRIDES || e[2] != 0) /* bus 0 is ISA */
        return;
    memcpy(&flags, e + 8, 2);
    info->override[info->n_overrides++] = (struct acpi_override){e[3], get32(e + 4), flags};
}

/* Walks the MADT's variable-length entries; stops at the first malformed one. */
static bool parse_madt(const uint8_t *t, uint32_t len, struct acpi_info *info, char *msg,
                       size_t size)
{
    for (uint32_t off = MADT_ENTRIES; off < len;) {
        const uint8_t *e = t + off;
        if (len - off < 2 || e[1] < 2 || e[1] > len - off) {
            ksnprintf(msg, size, "MADT entry at offset %u is malformed", off);
            return false;
        }
        if (e[0] == MADT_LAPIC && e[1] >= 8 && (get32(e + 4) & 1))
            info->n_cpus++;
        else if (e[0] == MADT_IOAPIC && e[1] >= 12)
            madt_ioapic(e, info);
        else if (e[0] == MADT_OVERRIDE && e[1] >= 10)
            madt_override(e, info);
        off += e[1];
    }
    info->have_madt = true;
    return true;
}

/* Walks the DMAR's remapping structures; a malformed one voids the table. */
static void parse_dmar(const uint8_t *t, uint32_t len, struct acpi_info *info)
{
    for (uint32_t off = DMAR_ENTRIES; off < len;) {
        const uint8_t *e = t + off;
        uint16_t type, elen;

        if (len - off < 4) {
            info->dmar_bad = true;
            break;
        }
        memcpy(&type, e, 2);
        memcpy(&elen, e + 2, 2);
        if (elen < 4 || elen > len - off || (type == DMAR_DRHD && elen < DRHD_LEN)) {
            info->dmar_bad = true;
            break;
        }
        if (type == DMAR_DRHD && info->n_drhds < ACPI_MAX_DRHDS) {
            struct acpi_drhd *d = &info->drhd[info->n_drhds++];
            memcpy(&d->segment, e + 6, 2);
            d->base = get64(e + 8);
            d->include_all = e[4] & DRHD_ALL;
        } else if (type == DMAR_RMRR) {
            info->n_rmrrs++;
        }
        off += elen;
    }
    if (info->dmar_bad)
        info->n_drhds = 0;
}

/* Finds the table with signature sig among the root table's entries (4-byte RSDT or 8-byte XSDT
 * pointers) that is at least min bytes long; NULL if there is none. */
static const uint8_t *find_table(const uint8_t *root, uint32_t len, unsigned width, const char *sig,
                                 uint32_t min, uint32_t *tlen)
{
    for (uint32_t off = SDT_HDR_LEN; off + width <= len; off += width) {
        paddr_t pa = width == 8 ? get64(root + off) : get32(root + off);
        const uint8_t *t = sdt_at(pa, sig, tlen);
        if (t && *tlen >= min)
            return t;
    }
    return NULL;
}

bool acpi_parse(paddr_t rsdp, struct acpi_info *info, char *msg, size_t msg_size)
{
    uint32_t len;

    memset(info, 0, sizeof(*info));
    info->rsdp = rsdp;
    if (!rsdp || !in_window(rsdp, RSDP_V2_LEN)) {
        ksnprintf(msg, msg_size, "no ACPI RSDP");
        return false;
    }
    const uint8_t *r = arch_paddr_to_ptr(rsdp);
    const uint8_t *root = NULL;
    unsigned width = 4;
    if (r[15] >= 2 && get64(r + 24)) {
        root = sdt_at(get64(r + 24), "XSDT", &len);
        width = 8;
    }
    if (!root) {
        root = sdt_at(get32(r + 16), "RSDT", &len);
        width = 4;
    }
    if (!root) {
        ksnprintf(msg, msg_size, "the RSDP leads to no valid RSDT or XSDT");
        return false;
    }
    uint32_t tlen;
    const uint8_t *t = find_table(root, len, width, "DMAR", DMAR_ENTRIES, &tlen);
    if (t)
        parse_dmar(t, tlen, info);
    t = find_table(root, len, width, "APIC", MADT_ENTRIES, &tlen);
    if (!t) {
        ksnprintf(msg, msg_size, "no valid MADT (\"APIC\" table) in the %s",
                  width == 8 ? "XSDT" : "RSDT");
        return false;
    }
    return parse_madt(t, tlen, info, msg, msg_size);
}
