/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * probe: checks from inside a component that it holds what its
 * description grants and nothing else (tests/system/isolation/system.yaml):
 *
 *   its CSpace holds exactly the layout's fixed caps and its one channel;
 *   the broker refuses devices, IRQs, ports and memory beyond its grant;
 *   its PCI device is found on the bus, and its config space and BARs are
 *   reachable only as far as the broker allows;
 *   what it is granted works, within the granted range only;
 *   a badged cap cannot be re-badged, and a copy keeps the badge;
 *   a cap derived from a revoked one is gone;
 *
 * and last it reads the victim's private region, which is not mapped in
 * its VSpace: the root server must report the VMFault and stop it.
 */
#include "check.h"

#include <interfaces/sel4_client.h>
#include <kaal/broker.h>
#include <sel4/arch/syscalls.h>
#include <sel4/errors.h>

#define VICTIM 0 /* probe's channel to the victim */
#define PORTS  300
#define HEAP   0x40000000ul
#define DMA_VA 0x60000000ul
#define FREE_A 600

static seL4_Word r[3];

static seL4_Word ask(seL4_Word label, seL4_Word a0, seL4_Word a1)
{
    return kaal_broker_call(label, a0, a1, 0, r);
}

static int mint(seL4_Word dst, seL4_Word src, seL4_Word badge)
{
    return seL4_CNode_Mint(KAAL_SLOT_CNODE, dst, KAAL_CPTR_DEPTH, KAAL_SLOT_CNODE, src,
                           KAAL_CPTR_DEPTH, seL4_AllRights, badge) == seL4_NoError;
}

/* True if exactly the layout's fixed slots and the channel's two caps are occupied. */
static int cspace_is_minimal(void)
{
    for (seL4_Word slot = 0; slot < (1u << KAAL_CNODE_RADIX); slot++) {
        int expected = (slot >= KAAL_SLOT_INPUT_EP && slot <= KAAL_SLOT_FAULT_EP) ||
                       slot == KAAL_SLOT_NOTIFY_BASE + VICTIM ||
                       slot == KAAL_SLOT_PPC_BASE + VICTIM;
        if ((seL4_DebugCapIdentify(slot) != 0) != expected)
            return 0;
    }
    return 1;
}

static void refusals(void)
{
    check(ask(KAAL_BROKER_INFO, 0, 0) == KAAL_BROKER_OK && r[0] == 1 && r[1] == 65536,
          "the broker knows one device and a 64 KiB quota");
    check(ask(KAAL_BROKER_MMIO, 1, 0x50000000) == KAAL_BROKER_EDENIED,
          "a device beyond the grant is refused");
    check(ask(KAAL_BROKER_IRQ, 0, 0) == KAAL_BROKER_EDENIED, "an IRQ not granted is refused");
    check(ask(KAAL_BROKER_IOPORT, 0, 5) == KAAL_BROKER_EINVAL,
          "I/O ports into a slot outside the receive window are refused");
    check(ask(99, 0, 0) == KAAL_BROKER_ELABEL, "an unknown request is refused");
}

/* QEMU's standard VGA: PCI ids 1234:1111, display class; BAR 2 holds its registers, the Bochs
 * display interface's id register at 0x500 reads 0xb0c0 to 0xb0c5. */
#define VGA_IDS       0x11111234u
#define VGA_MMIO_VA   0x50000000ul
#define DISPI_ID      0x500
#define DISPI_ID_BASE 0xb0c0

static void pci(void)
{
    check(ask(KAAL_BROKER_PCI_INFO, 0, 0) == KAAL_BROKER_OK && r[1] == VGA_IDS && r[2] >> 24 == 3,
          "the PCI device is found on the bus: ids 1234:1111, a display controller");
    check(ask(KAAL_BROKER_PCI_READ, 0, 0) == KAAL_BROKER_OK && r[0] == VGA_IDS,
          "its configuration space can be read");
    check(ask(KAAL_BROKER_PCI_READ, 0, 4) == KAAL_BROKER_OK &&
              kaal_broker_call(KAAL_BROKER_PCI_WRITE, 0, 4, r[0] & 0xffff, r) == KAAL_BROKER_OK,
          "its command register can be written");
    check(ask(KAAL_BROKER_PCI_WRITE, 0, 0x10) == KAAL_BROKER_EDENIED &&
              ask(KAAL_BROKER_PCI_READ, 0, 2) == KAAL_BROKER_EINVAL,
          "its BARs cannot be written, and config offsets must be aligned");
    check(kaal_broker_call(KAAL_BROKER_MMIO, 0, VGA_MMIO_VA, 7, r) == KAAL_BROKER_EINVAL &&
              kaal_broker_call(KAAL_BROKER_MMIO, 0, VGA_MMIO_VA, 1, r) == KAAL_BROKER_EDENIED,
          "BAR 7 and an unassigned BAR are refused");
    check(kaal_broker_call(KAAL_BROKER_MMIO, 0, VGA_MMIO_VA, 2, r) == KAAL_BROKER_OK &&
              r[1] == 4096 &&
              (*(volatile seL4_Uint16 *)(VGA_MMIO_VA + r[2] + DISPI_ID) & 0xfff0) == DISPI_ID_BASE,
          "BAR 2 is mapped uncached: the display interface's id reads 0xb0cN");
    check(kaal_broker_call(KAAL_BROKER_MMIO, 0, VGA_MMIO_VA + 0x10000, 2, r) == KAAL_BROKER_EBUSY,
          "a BAR is granted once only");
}

static void ports(void)
{
    check(ask(KAAL_BROKER_IOPORT, 0, PORTS) == KAAL_BROKER_OK && r[0] == 0x3c0 && r[1] == 32 &&
              seL4_DebugCapIdentify(PORTS) != 0,
          "the granted I/O ports arrive as a cap in the chosen slot");
    check(seL4_X86_IOPort_In8(PORTS, 0x3cc).error == seL4_NoError,
          "a port in the granted range can be read");
    check(seL4_X86_IOPort_In8(PORTS, 0x3fd).error != seL4_NoError,
          "a port outside the granted range cannot");
    check(ask(KAAL_BROKER_IOPORT, 0, PORTS + 1) == KAAL_BROKER_EBUSY,
          "the ports are granted once only");
}

static void memory(void)
{
    volatile seL4_Word *heap = (volatile seL4_Word *)HEAP;

    check(ask(KAAL_BROKER_MEM_ALLOC, HEAP, 16384) == KAAL_BROKER_OK && r[0] == 49152,
          "16 KiB of memory, 48 KiB of quota left");
    heap[0] = 7;
    heap[2047] = 8;
    check(ask(KAAL_BROKER_PHYS, HEAP + 8, 0) == KAAL_BROKER_OK && r[0] % 4096 == 8 && r[0] > 4096,
          "its physical address is known");
    check(ask(KAAL_BROKER_MEM_ALLOC, 0x50000000, 65536) == KAAL_BROKER_ENOMEM,
          "memory beyond the quota is refused");
    check(ask(KAAL_BROKER_MEM_ALLOC, HEAP + 1, 4096) == KAAL_BROKER_EINVAL &&
              ask(KAAL_BROKER_MEM_ALLOC, KAAL_BROKER_VADDR_MAX, 4096) == KAAL_BROKER_EINVAL,
          "unaligned and reserved addresses are refused");
    check(ask(KAAL_BROKER_MEM_ALLOC, HEAP + 4096, 4096) == KAAL_BROKER_EBUSY &&
              ask(KAAL_BROKER_MEM_ALLOC, 0x401000, 4096) == KAAL_BROKER_EBUSY,
          "memory over earlier memory or over its own program is refused");
    check(ask(KAAL_BROKER_MEM_FREE, HEAP, 0) == KAAL_BROKER_OK && r[0] == 65536,
          "freeing gives the quota back");
    check(ask(KAAL_BROKER_MEM_ALLOC, HEAP, 16384) == KAAL_BROKER_OK && heap[0] == 0 &&
              heap[2047] == 0,
          "memory given again is zeroed");
}

static void dma(void)
{
    seL4_Word phys;

    check(ask(KAAL_BROKER_DMA, 0, DMA_VA) == KAAL_BROKER_OK && r[1] == 8192, "8 KiB of DMA memory");
    phys = r[0];
    check(ask(KAAL_BROKER_PHYS, DMA_VA + 4096, 0) == KAAL_BROKER_OK && r[0] == phys + 4096,
          "the DMA memory is physically contiguous");
    *(volatile seL4_Word *)DMA_VA = 1;
    check(ask(KAAL_BROKER_DMA, 0, DMA_VA + 0x100000) == KAAL_BROKER_EBUSY,
          "the DMA memory is granted once only");
}

static void badges(void)
{
    seL4_MessageInfo_t reply;

    check(!mint(FREE_A, KAAL_SLOT_PPC_BASE + VICTIM, 77) &&
              !mint(FREE_A, KAAL_SLOT_NOTIFY_BASE + VICTIM, 1) &&
              seL4_DebugCapIdentify(FREE_A) == 0,
          "a badged endpoint or notification cap cannot be minted with another badge");
    check(seL4_CNode_Copy(KAAL_SLOT_CNODE, FREE_A, KAAL_CPTR_DEPTH, KAAL_SLOT_CNODE,
                          KAAL_SLOT_PPC_BASE + VICTIM, KAAL_CPTR_DEPTH,
                          seL4_AllRights) == seL4_NoError,
          "a copy can be made");
    reply = seL4_Call(FREE_A, kaal_msginfo_new(LABEL_PEEK, 0));
    check(seL4_MessageInfo_get_label(reply) == 0 && kaal_mr_get(0) == 3,
          "a call through the copy arrives with the probe's own badge (victim's channel 3)");
    check(seL4_CNode_Revoke(KAAL_SLOT_CNODE, KAAL_SLOT_PPC_BASE + VICTIM, KAAL_CPTR_DEPTH) ==
                  seL4_NoError &&
              seL4_DebugCapIdentify(FREE_A) == 0 &&
              seL4_DebugCapIdentify(KAAL_SLOT_PPC_BASE + VICTIM) != 0,
          "after a revoke the derived cap is gone");
}

void init(void)
{
    check(cspace_is_minimal(), "the CSpace holds the fixed caps and one channel, nothing else");
    refusals();
    pci();
    ports();
    memory();
    dma();
    badges();
    kaal_log("reading the victim's secret at its address\n");
    seL4_Word v = *(volatile seL4_Word *)SECRET_VADDR;
    check(0, v == SECRET_MAGIC ? "the read gave the secret" : "the read did not fault");
}
