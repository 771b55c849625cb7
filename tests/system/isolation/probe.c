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

#define BROKER KAAL_SLOT_BROKER

/* The broker's answer to a raw request: label with words message words of value 0 (the label
 * of the reply, an errno; 0 if it was served). */
static seL4_Word raw(seL4_Word label, seL4_Word words)
{
    for (seL4_Word i = 0; i < words; i++)
        seL4_SetMR((int)i, 0);
    return seL4_MessageInfo_get_label(seL4_Call(BROKER, seL4_MessageInfo_new(label, 0, 0, words)));
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
    struct kaal_broker_info_out info;
    struct kaal_broker_mmio_out mmio;
    struct kaal_broker_irq_out irq;
    struct kaal_broker_ioport_out io;
    int short_ok = 1;

    check(kaal_broker_info(BROKER, &info) == 0 && info.devices == 1 && info.quota == 65536,
          "the broker knows one device and a 64 KiB quota");
    check(kaal_broker_mmio(BROKER, 1, 0x50000000, 0, &mmio) == -KAAL_EACCES,
          "a device beyond the grant is refused");
    check(kaal_broker_irq(BROKER, 0, &irq) == -KAAL_EACCES, "an IRQ not granted is refused");
    check(kaal_broker_ioport(BROKER, 0, 5, 0, &io) == -KAAL_EINVAL,
          "I/O ports into a slot outside the receive window are refused");
    check(raw(99, 3) == KAAL_ENOSYS, "an unknown request is refused");
    /* Every op of the spec with one word too few: refused before it is served. */
#define SHORT_BY_ONE(label, name, words, caps, out)                                                \
    short_ok = short_ok && (words == 0 || raw(label, words - 1) == KAAL_EBADMSG);
    KAAL_BROKER_OPS(SHORT_BY_ONE)
#undef SHORT_BY_ONE
    check(short_ok, "every request a word short is refused with EBADMSG");
}

/* QEMU's standard VGA: PCI ids 1234:1111, display class; BAR 2 holds its registers, the Bochs
 * display interface's id register at 0x500 reads 0xb0c0 to 0xb0c5. */
#define VGA_IDS       0x11111234u
#define VGA_MMIO_VA   0x50000000ul
#define DISPI_ID      0x500
#define DISPI_ID_BASE 0xb0c0

static void pci(void)
{
    struct kaal_broker_pci_info_out info;
    struct kaal_broker_pci_read_out word;
    struct kaal_broker_mmio_out bar;

    check(kaal_broker_pci_info(BROKER, 0, &info) == 0 && info.ids == VGA_IDS &&
              info.class_word >> 24 == 3,
          "the PCI device is found on the bus: ids 1234:1111, a display controller");
    check(kaal_broker_pci_read(BROKER, 0, 0, &word) == 0 && word.value == VGA_IDS,
          "its configuration space can be read");
    check(kaal_broker_pci_read(BROKER, 0, 4, &word) == 0 &&
              kaal_broker_pci_write(BROKER, 0, 4, word.value & 0xffff) == 0,
          "its command register can be written");
    check(kaal_broker_pci_write(BROKER, 0, 0x10, 0) == -KAAL_EACCES &&
              kaal_broker_pci_read(BROKER, 0, 2, &word) == -KAAL_EINVAL,
          "its BARs cannot be written, and config offsets must be aligned");
    check(kaal_broker_mmio(BROKER, 0, VGA_MMIO_VA, 7, &bar) == -KAAL_EINVAL &&
              kaal_broker_mmio(BROKER, 0, VGA_MMIO_VA, 1, &bar) == -KAAL_EACCES,
          "BAR 7 and an unassigned BAR are refused");
    seL4_SetMR(0, 0);
    seL4_SetMR(1, VGA_MMIO_VA);
    seL4_SetMR(2, 256 + 2);
    check(seL4_MessageInfo_get_label(
              seL4_Call(BROKER, seL4_MessageInfo_new(KAAL_BROKER_MMIO, 0, 0, 3))) == KAAL_EINVAL,
          "a BAR number that is no seL4_Uint8 is refused before the broker reads it");
    check(kaal_broker_mmio(BROKER, 0, VGA_MMIO_VA, 2, &bar) == 0 && bar.size == 4096 &&
              (*(volatile seL4_Uint16 *)(VGA_MMIO_VA + bar.offset + DISPI_ID) & 0xfff0) ==
                  DISPI_ID_BASE,
          "BAR 2 is mapped uncached: the display interface's id reads 0xb0cN");
    check(kaal_broker_mmio(BROKER, 0, VGA_MMIO_VA + 0x10000, 2, &bar) == -KAAL_EBUSY,
          "a BAR is granted once only");
}

static void ports(void)
{
    struct kaal_broker_ioport_out io;

    check(kaal_broker_ioport(BROKER, 0, PORTS, 0, &io) == 0 && io.base == 0x3c0 && io.size == 32 &&
              seL4_DebugCapIdentify(PORTS) != 0,
          "the granted I/O ports arrive as a cap in the chosen slot");
    check(seL4_X86_IOPort_In8(PORTS, 0x3cc).error == seL4_NoError,
          "a port in the granted range can be read");
    check(seL4_X86_IOPort_In8(PORTS, 0x3fd).error != seL4_NoError,
          "a port outside the granted range cannot");
    check(kaal_broker_ioport(BROKER, 0, PORTS + 1, 0, &io) == -KAAL_EBUSY,
          "the ports are granted once only");
}

static void memory(void)
{
    volatile seL4_Word *heap = (volatile seL4_Word *)HEAP;
    struct kaal_broker_mem_alloc_out got;
    struct kaal_broker_mem_free_out back;
    struct kaal_broker_phys_out phys;

    check(kaal_broker_mem_alloc(BROKER, HEAP, 16384, &got) == 0 && got.quota_left == 49152,
          "16 KiB of memory, 48 KiB of quota left");
    heap[0] = 7;
    heap[2047] = 8;
    check(kaal_broker_phys(BROKER, HEAP + 8, &phys) == 0 && phys.phys % 4096 == 8 &&
              phys.phys > 4096,
          "its physical address is known");
    check(kaal_broker_mem_alloc(BROKER, 0x50000000, 65536, &got) == -KAAL_ENOMEM,
          "memory beyond the quota is refused");
    check(kaal_broker_mem_alloc(BROKER, HEAP + 1, 4096, &got) == -KAAL_EINVAL &&
              kaal_broker_mem_alloc(BROKER, KAAL_BROKER_VADDR_MAX, 4096, &got) == -KAAL_EINVAL,
          "unaligned and reserved addresses are refused");
    check(kaal_broker_mem_alloc(BROKER, HEAP + 4096, 4096, &got) == -KAAL_EBUSY &&
              kaal_broker_mem_alloc(BROKER, 0x401000, 4096, &got) == -KAAL_EBUSY,
          "memory over earlier memory or over its own program is refused");
    check(kaal_broker_mem_free(BROKER, HEAP, &back) == 0 && back.quota_left == 65536,
          "freeing gives the quota back");
    check(kaal_broker_mem_alloc(BROKER, HEAP, 16384, &got) == 0 && heap[0] == 0 && heap[2047] == 0,
          "memory given again is zeroed");
}

static void dma(void)
{
    struct kaal_broker_dma_out got = {0, 0};
    struct kaal_broker_phys_out phys;

    check(kaal_broker_dma(BROKER, 0, DMA_VA, &got) == 0 && got.size == 8192, "8 KiB of DMA memory");
    check(kaal_broker_phys(BROKER, DMA_VA + 4096, &phys) == 0 && phys.phys == got.phys + 4096,
          "the DMA memory is physically contiguous");
    *(volatile seL4_Word *)DMA_VA = 1;
    check(kaal_broker_dma(BROKER, 0, DMA_VA + 0x100000, &got) == -KAAL_EBUSY,
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
