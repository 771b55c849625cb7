/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The x86 records in the root server's extra boot info, as seL4 on pc99
 * passes them: the ACPI RSDP (id 3), so the root task can find the ACPI
 * tables, and the TSC frequency in MHz (id 5), without which seL4's own
 * libraries refuse to start.  The RSDP is searched for where ACPI says it
 * lives: the first KiB of the EBDA, then the BIOS area 0xe0000-0xfffff,
 * on 16-byte boundaries, accepted only with a valid checksum.
 */
#include <arch/cpu.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <machine.h>
#include <sel4/bootinfo_types.h>
#include <user.h>

#define RSDP_V1_LEN   20
#define RSDP_V2_LEN   36
#define BDA_EBDA_SEG  0x40e
#define BIOS_AREA     0xe0000
#define BIOS_AREA_END 0x100000

static bool checksum_ok(const uint8_t *p, size_t n)
{
    uint8_t sum = 0;

    while (n--)
        sum += *p++;
    return sum == 0;
}

static const uint8_t *rsdp_in(paddr_t start, paddr_t end)
{
    for (paddr_t pa = start; pa + RSDP_V2_LEN <= end; pa += 16) {
        const uint8_t *p = arch_paddr_to_ptr(pa);
        if (memcmp(p, "RSD PTR ", 8) != 0 || !checksum_ok(p, RSDP_V1_LEN))
            continue;
        if (p[15] >= 2 && !checksum_ok(p, RSDP_V2_LEN))
            continue; /* revision 2 adds an extended checksum over 36 bytes */
        return p;
    }
    return NULL;
}

static const uint8_t *find_rsdp(void)
{
    paddr_t ebda = (paddr_t) * (const uint16_t *)arch_paddr_to_ptr(BDA_EBDA_SEG) << 4;
    const uint8_t *p = NULL;

    if (ebda >= 0x80000 && ebda < 0xa0000)
        p = rsdp_in(ebda, ebda + 1024);
    return p ? p : rsdp_in(BIOS_AREA, BIOS_AREA_END);
}

/* Appends a chunk (header, then len bytes of body) at buf+off; returns the new offset. */
static size_t put_chunk(uint8_t *buf, size_t off, size_t size, word_t id, const void *body,
                        size_t len)
{
    seL4_BootInfoHeader h = {id, sizeof(h) + len};

    if (off + h.len > size)
        return off;
    memcpy(buf + off, &h, sizeof(h));
    memcpy(buf + off + sizeof(h), body, len);
    return off + h.len;
}

size_t arch_extra_bootinfo(uint8_t *buf, size_t size)
{
    uint32_t mhz = tsc_mhz();
    const uint8_t *rsdp = find_rsdp();
    size_t off = 0;

    if (rsdp)
        off = put_chunk(buf, off, size, SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP, rsdp, RSDP_V2_LEN);
    else
        kprintf("[KaaL] warning: no ACPI RSDP found; the root server gets none\n");
    return put_chunk(buf, off, size, SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, &mhz, sizeof(mhz));
}
