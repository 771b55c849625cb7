/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reboot and poweroff for a component granted `power: true`
 * (KAAL_BROKER_POWER, <kaal/broker.h>).
 *
 *   reboot    the 8042 keyboard controller's reset line: command 0xfe on
 *             port 0x64, which every PC chipset QEMU models (q35 and
 *             i440fx) wires to the CPU's reset.  (0xcf9, the ICH9 reset
 *             control, sits inside the PCI configuration ports pci.c holds,
 *             which the kernel will not issue twice.)
 *   poweroff  ACPI S5: the RSDP from the extra boot info leads to the RSDT
 *             or XSDT, that to the FADT (its PM1a control block and the
 *             DSDT), the DSDT's \_S5 package gives SLP_TYPa; writing
 *             SLP_TYPa << 10 | SLP_EN to PM1a_CNT turns the machine off.
 *
 * The tables are read through frames cut from the untypeds that cover them
 * (device untypeds: firmware keeps them out of RAM) and mapped, once, in
 * the root's own VSpace at ACPI_WINDOW + their physical address.  If
 * anything is missing, the request fails with ENODEV and the reason is
 * logged; the machine goes on.
 */
#include "power.h"

#include "acpi.h"
#include "alloc.h"
#include "boot.h"
#include "report.h"
#include "vspace.h"

#include <interfaces/sel4_client.h>
#include <kaal/broker.h>
#include <kaal/debug.h>
#include <sel4/errors.h>

#define ACPI_WINDOW    0x200000000000ul /* + physical address: where the tables are read */
#define ACPI_PHYS_MAX  (1ul << 40)      /* the window's reach */
#define ACPI_MAX_PAGES 32               /* pages of tables mapped, in all */
#define ACPI_TABLE_MAX (256u << 10)     /* longer tables are taken for garbage */
#define RSDP_REVISION  15
#define RSDP_RSDT      16
#define RSDP_XSDT      24
#define SLP_EN         (1u << 13)
#define SLP_TYP_SHIFT  10
#define KBC_COMMAND    0x64
#define KBC_RESET      0xfe
#define GIVE_UP_MS     500 /* how long to wait for the machine to go before reporting failure */

static seL4_Word mapped[ACPI_MAX_PAGES]; /* physical pages mapped in the window */
static unsigned int nmapped;

/* Maps the page at physical pa into the window, unless it is there; 0, or -1 (logged). */
static int map_phys_page(seL4_Word pa)
{
    for (unsigned int i = 0; i < nmapped; i++)
        if (mapped[i] == pa)
            return 0;
    if (nmapped == ACPI_MAX_PAGES) {
        say("poweroff: the ACPI tables take more than 32 pages\n");
        return -1;
    }
    alloc_set_owner("the ACPI tables");
    seL4_CPtr f = frame_at(pa, 0);
    if (!f || vs_map(seL4_CapInitThreadVSpace, f, ACPI_WINDOW + pa, seL4_CanRead,
                     seL4_X86_Default_VMAttributes, 0) != seL4_NoError)
        return -1;
    mapped[nmapped++] = pa;
    return 0;
}

/* The len bytes at physical address pa, mapped for reading; 0 (logged) if they cannot be. */
static const uint8_t *phys_bytes(seL4_Word pa, seL4_Word len)
{
    if (!pa || pa >= ACPI_PHYS_MAX || len > ACPI_PHYS_MAX - pa)
        return 0;
    for (seL4_Word p = pa & ~(PAGE_SIZE - 1); p < pa + len; p += PAGE_SIZE)
        if (map_phys_page(p) != 0)
            return 0;
    return (const uint8_t *)(ACPI_WINDOW + pa);
}

/* The table at pa if it has signature sig (NULL: any), a sane length and a good checksum; its
 * length in *len.  0 otherwise. */
static const uint8_t *table_at(seL4_Word pa, const char *sig, uint32_t *len)
{
    const uint8_t *h = phys_bytes(pa, ACPI_HEADER_LEN);

    if (!h || (sig && !acpi_sig_is(h, sig)))
        return 0;
    *len = acpi_table_len(h);
    if (*len < ACPI_HEADER_LEN || *len > ACPI_TABLE_MAX)
        return 0;
    h = phys_bytes(pa, *len);
    return h && acpi_checksum_ok(h, *len) ? h : 0;
}

/* The FADT, found through the RSDP's XSDT (ACPI 2.0 up) or RSDT; 0 if there is none. */
static const uint8_t *find_fadt(uint32_t *len)
{
    int xsdt = boot_rsdp()[RSDP_REVISION] >= 2;
    seL4_Word at = 0;
    uint32_t sdt_len;

    for (int i = 0; i < 8; i++)
        at |= (seL4_Word)boot_rsdp()[(xsdt ? RSDP_XSDT : RSDP_RSDT) + i] << (8 * i);
    if (!xsdt)
        at &= 0xffffffffu;
    const uint8_t *sdt = table_at(at, xsdt ? "XSDT" : "RSDT", &sdt_len);
    if (!sdt)
        return 0;
    for (uint32_t i = 0; acpi_sdt_entry(sdt, sdt_len, xsdt, i); i++) {
        const uint8_t *t = table_at(acpi_sdt_entry(sdt, sdt_len, xsdt, i), 0, len);
        if (t && acpi_sig_is(t, "FACP"))
            return t;
    }
    return 0;
}

/* Why ACPI S5 cannot be entered, or 0 with the PM1a control port and SLP_TYPa set. */
static const char *find_s5(uint32_t *pm1a_cnt, unsigned int *slp_typ)
{
    uint32_t len;
    uint64_t dsdt_at;

    if (!boot_rsdp())
        return "the kernel passed no ACPI RSDP";
    const uint8_t *fadt = find_fadt(&len);
    if (!fadt)
        return "no FADT (signature FACP) in the RSDT/XSDT, or it could not be read";
    if (acpi_fadt(fadt, len, pm1a_cnt, &dsdt_at) != 0 || *pm1a_cnt > 0xfffe)
        return "the FADT names no PM1a control block or no DSDT";
    const uint8_t *dsdt = table_at(dsdt_at, "DSDT", &len);
    if (!dsdt)
        return "the DSDT could not be read or its checksum is wrong";
    if (acpi_s5_slp_typ(dsdt, len, slp_typ) != 0)
        return "the DSDT has no \\_S5 package: the machine does not support soft-off";
    return 0;
}

static seL4_Word rdtsc(void)
{
    seL4_Uint32 lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (seL4_Word)hi << 32 | lo;
}

/* Waits GIVE_UP_MS for the machine to go away; if it is still here, says so. */
static int still_here(const char *what)
{
    seL4_Word start = rdtsc(), mhz = boot_tsc_mhz() ? boot_tsc_mhz() : 1000;

    while (rdtsc() - start < GIVE_UP_MS * 1000ul * mhz)
        ;
    say(what);
    kaal_debug_puts(": the machine is still running\n");
    return -KAAL_ENODEV;
}

/* An IOPort cap for count ports from first: the one made before for first, or one in a new slot
 * (the kernel issues a port once); 0 (logged) if the kernel refuses. */
static seL4_CPtr ports(seL4_Word first, seL4_Word count)
{
    static seL4_Word made_first[2];
    static seL4_CPtr made[2];

    for (int i = 0; i < 2; i++)
        if (made[i] && made_first[i] == first)
            return made[i];
    seL4_CPtr slot = slot_alloc();
    int free = made[0] ? 1 : 0;

    if (slot &&
        seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, first, first + count - 1,
                                     seL4_CapInitThreadCNode, slot, ROOT_DEPTH) == seL4_NoError) {
        made_first[free] = first;
        made[free] = slot;
        return slot;
    }
    say("the kernel refused I/O port ");
    kaal_debug_put_hex(first);
    kaal_debug_puts("\n");
    if (slot)
        slot_free(slot);
    return 0;
}

static int power_off(const struct comp *c)
{
    uint32_t pm1a_cnt = 0;
    unsigned int slp_typ = 0;
    const char *why = find_s5(&pm1a_cnt, &slp_typ);

    if (why) {
        say("poweroff: ACPI S5 is not available: ");
        kaal_debug_puts(why);
        kaal_debug_puts("\n");
        return report_refusal(c, KAAL_BROKER_POWER, -KAAL_ENODEV, "no ACPI soft-off");
    }
    seL4_CPtr port = ports(pm1a_cnt, 2);
    if (!port)
        return -KAAL_EIO;
    say_comp(c, "powers the machine off: ACPI S5, PM1a control ");
    kaal_debug_put_hex(pm1a_cnt);
    kaal_debug_puts(", SLP_TYPa ");
    kaal_debug_put_dec(slp_typ);
    kaal_debug_puts("\n");
    seL4_X86_IOPort_Out16(port, pm1a_cnt, (seL4_Uint16)(slp_typ << SLP_TYP_SHIFT | SLP_EN));
    return still_here("poweroff");
}

static int reboot(const struct comp *c)
{
    seL4_CPtr port = ports(KBC_COMMAND, 1);

    if (!port)
        return -KAAL_EIO;
    say_comp(c, "resets the machine (8042 reset line)\n");
    seL4_X86_IOPort_Out8(port, KBC_COMMAND, KBC_RESET);
    return still_here("reboot");
}

int power_request(const struct comp *c, seL4_Word op)
{
    if (op == KAAL_POWER_OFF)
        return power_off(c);
    if (op == KAAL_POWER_REBOOT)
        return reboot(c);
    return report_refusal(c, KAAL_BROKER_POWER, -KAAL_EINVAL,
                          "the operation is neither reboot nor poweroff");
}
