/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PCI configuration space through the legacy ports (0xcf8 address, 0xcfc
 * data), which only the root server holds.  The broker uses it to find the
 * devices a system description grants by vendor and device id, to size
 * their BARs, and to read and write a granted function's configuration on
 * a driver's behalf, so no driver needs the ports, which reach every
 * device.
 *
 * Enumeration starts at bus 0 and follows PCI-to-PCI bridges to their
 * secondary buses, each bus at most once.
 */
#include "pci.h"

#include "alloc.h"
#include "root.h"

#include <interfaces/sel4_client.h>
#include <sel4/errors.h>

#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA    0xcfc
#define ENABLE         0x80000000u

#define OFF_ID        0x00
#define OFF_COMMAND   0x04
#define OFF_CLASS     0x08
#define OFF_HEADER    0x0c /* header type in byte 2 */
#define OFF_BAR0      0x10
#define OFF_BUSES     0x18 /* a bridge's secondary bus in byte 1 */
#define HEADER_BRIDGE 1
#define MULTI_FUNC    0x80
#define CMD_DECODE    0x3 /* I/O and memory space decoding */

static seL4_CPtr ports;
static seL4_Uint64 buses_seen[4]; /* a bit per bus */

int pci_init(void)
{
    if (ports)
        return 0;
    ports = slot_alloc();
    if (!ports ||
        seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, CONFIG_ADDRESS, CONFIG_DATA + 3,
                                     seL4_CapInitThreadCNode, ports, ROOT_DEPTH) != seL4_NoError) {
        ports = 0;
        return -1;
    }
    return 0;
}

static seL4_Uint32 address(seL4_Uint32 bdf, unsigned int off)
{
    return ENABLE | bdf << 8 | (off & 0xfc);
}

seL4_Uint32 pci_read(seL4_Uint32 bdf, unsigned int off)
{
    if (!ports)
        return 0xffffffffu;
    seL4_X86_IOPort_Out32(ports, CONFIG_ADDRESS, address(bdf, off));
    return seL4_X86_IOPort_In32(ports, CONFIG_DATA).result;
}

void pci_write(seL4_Uint32 bdf, unsigned int off, seL4_Uint32 value)
{
    if (!ports)
        return;
    seL4_X86_IOPort_Out32(ports, CONFIG_ADDRESS, address(bdf, off));
    seL4_X86_IOPort_Out32(ports, CONFIG_DATA, value);
}

static seL4_Uint32 bdf_of(unsigned int bus, unsigned int slot, unsigned int func)
{
    return bus << 8 | slot << 3 | func;
}

/* Looks for the nth function with these ids (any function if ids is 0) on bus and the buses
 * behind its bridges; counts down *nth for each match.  Returns the bdf, or PCI_NONE. */
static seL4_Uint32 scan_bus(unsigned int bus, seL4_Uint32 ids, unsigned int *nth)
{
    if (buses_seen[bus / 64] & (1ull << (bus % 64)))
        return PCI_NONE;
    buses_seen[bus / 64] |= 1ull << (bus % 64);
    for (unsigned int slot = 0; slot < 32; slot++) {
        for (unsigned int func = 0; func < 8; func++) {
            seL4_Uint32 bdf = bdf_of(bus, slot, func), id = pci_read(bdf, OFF_ID);
            if ((id & 0xffff) == 0xffff) {
                if (func == 0)
                    break; /* no device in this slot */
                continue;
            }
            if ((ids == 0 || id == ids) && (*nth)-- == 0)
                return bdf;
            seL4_Uint32 header = pci_read(bdf, OFF_HEADER) >> 16 & 0xff;
            if ((header & 0x7f) == HEADER_BRIDGE) {
                seL4_Uint32 found = scan_bus(pci_read(bdf, OFF_BUSES) >> 8 & 0xff, ids, nth);
                if (found != PCI_NONE)
                    return found;
            }
            if (func == 0 && !(header & MULTI_FUNC))
                break;
        }
    }
    return PCI_NONE;
}

seL4_Uint32 pci_find(seL4_Uint16 vendor, seL4_Uint16 device, unsigned int nth)
{
    if (pci_init() != 0)
        return PCI_NONE;
    for (unsigned int i = 0; i < 4; i++)
        buses_seen[i] = 0;
    return scan_bus(0, (seL4_Uint32)device << 16 | vendor, &nth);
}

seL4_Uint32 pci_nth(unsigned int nth)
{
    return pci_find(0, 0, nth);
}

int pci_bar(seL4_Uint32 bdf, unsigned int bar, seL4_Uint64 *base, seL4_Uint64 *size, int *is_io)
{
    unsigned int off = OFF_BAR0 + 4 * bar;

    if (bar > 5 || (pci_read(bdf, OFF_HEADER) >> 16 & 0x7f) != 0)
        return -1;
    seL4_Uint32 orig = pci_read(bdf, off), cmd = pci_read(bdf, OFF_COMMAND) & 0xffff;
    *is_io = orig & 1;
    int wide = !*is_io && (orig >> 1 & 3) == 2; /* a 64-bit memory BAR takes two slots */
    if (wide && bar == 5)
        return -1;
    /* Size it with decoding off, so the device never answers at the all-ones address. */
    pci_write(bdf, OFF_COMMAND, cmd & ~CMD_DECODE);
    pci_write(bdf, off, 0xffffffffu);
    seL4_Uint64 mask = pci_read(bdf, off);
    pci_write(bdf, off, orig);
    seL4_Uint64 high = 0;
    if (wide) {
        high = pci_read(bdf, off + 4);
        pci_write(bdf, off + 4, 0xffffffffu);
        mask |= (seL4_Uint64)pci_read(bdf, off + 4) << 32;
        pci_write(bdf, off + 4, (seL4_Uint32)high);
    } else {
        mask |= *is_io ? 0xffffffffffff0000ull : 0xffffffff00000000ull;
    }
    pci_write(bdf, OFF_COMMAND, cmd);
    mask &= *is_io ? ~3ull : ~15ull;
    *base = (high << 32 | orig) & (*is_io ? ~3ull : ~15ull);
    *size = ~mask + 1;
    return mask == 0 || *base == 0 ? -1 : 0; /* unimplemented or unassigned */
}
