/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The e1000 driver: Intel's 82540EM (QEMU's -device e1000) as a network
 * device of the class <kaal/class/net.h>, on the DDDK (docs/class-net.md).
 *
 * Init resets the device, sets the link up, reads the MAC address from
 * receive address 0, and places a receive and a transmit ring of RING
 * descriptors in the DMA memory, each descriptor with a DMA buffer of its
 * own for the whole time.  Frames are copied between those buffers and the
 * client's buffers in the shared region: the region is not DMA memory, and
 * so the device never sees an address the client chose.
 *
 * Receive: each frame the device wrote back (DD) goes into a buffer from
 * rx free and on to rx active.  With no client buffer at hand the frame
 * stays in the ring and the driver asks the client to signal when it
 * returns buffers; once the ring is full, QEMU holds further frames back
 * and the hardware drops them (receiver overrun).
 * Transmit: each frame from tx active is copied into the next descriptor's
 * buffer and its client buffer goes straight back on tx free; the tail
 * register is written once per batch.  A full ring waits for the device's
 * write-back interrupt.  Interrupts (frame received, descriptor written
 * back, link change) and the client's notifications run the same loops.
 */
#include "e1000.h"

#include <kaal/class/net.h>
#include <kaal/dddk.h>

#define RING     32   /* descriptors per ring: a multiple of 8 (ring lengths are of 128 bytes) */
#define BUF      2048 /* DMA bytes per descriptor: RCTL's buffer size field 0 */
#define DMA_SIZE (BUF + 2 * RING * BUF) /* both rings in the first BUF bytes, then the buffers */
/* RXT0 comes with every frame (no receive delay is set), so it alone tells of new frames. */
#define IRQS    (E1000_INT_TXDW | E1000_INT_LSC | E1000_INT_RXT0)
#define WAIT_US (1000 * 1000)

_Static_assert(2 * RING * 16 <= BUF, "both rings fit before the buffers");

static struct {
    struct dddk_ring rx;      /* head: the next descriptor to read back */
    struct dddk_ring tx;      /* head: the next to reclaim; tail: the next to fill */
    uint8_t *rx_buf, *tx_buf; /* RING DMA buffers each, descriptor i's at i * BUF */
    uint64_t mac;             /* its first byte in bits 40-47 */
    unsigned long interrupts; /* taken so far */
    kaal_net_t net;
} nic;

/* Register access; d is the driver's device in every function here. */
#define RD(d, reg)    dddk_read32((d)->bar[0], (reg))
#define WR(d, reg, v) dddk_write32((d)->bar[0], (reg), (v))

/* Descriptor i of each ring; the device writes them too, hence volatile. */
#define RXD(i) ((volatile struct e1000_rx_desc *)dddk_ring_at(&nic.rx, (i)))
#define TXD(i) ((volatile struct e1000_tx_desc *)dddk_ring_at(&nic.tx, (i)))

/* Resets the device with its interrupts masked, then sets the link up; 0 or -1 (logged). */
static int reset(struct dddk_dev *d)
{
    WR(d, E1000_IMC, ~0u);
    WR(d, E1000_CTRL, RD(d, E1000_CTRL) | E1000_CTRL_RST);
    dddk_delay_us(d, 10); /* the manual: no register access in the first microsecond */
    if (!DDDK_WAIT(d, !(RD(d, E1000_CTRL) & E1000_CTRL_RST), WAIT_US)) {
        dddk_fail(d, "the device did not come out of reset within 1 s",
                  "is BAR 0 the 82540EM's register space? (lspci, the system's pci: ids)");
        return -1;
    }
    uint32_t ctrl = RD(d, E1000_CTRL);
    ctrl &= ~(E1000_CTRL_LRST | E1000_CTRL_PHY_RST | E1000_CTRL_ILOS | E1000_CTRL_VME);
    WR(d, E1000_CTRL, ctrl | E1000_CTRL_SLU); /* speed, duplex: the PHY's */
    for (uint32_t i = 0; i < 128; i++)
        WR(d, E1000_MTA + 4 * i, 0); /* no multicast; broadcast comes by RCTL.BAM */
    return 0;
}

/* Reads the MAC address the device loaded from its EEPROM; 0 or -1 (logged). */
static int read_mac(struct dddk_dev *d)
{
    uint32_t lo = RD(d, E1000_RAL0), hi = RD(d, E1000_RAH0);

    if (!(hi & E1000_RAH_AV)) {
        dddk_fail(d, "no MAC address: receive address 0 is not marked valid",
                  "the EEPROM holds none; with QEMU give one: -device e1000,mac=...");
        return -1;
    }
    for (int i = 0; i < 6; i++) /* RAL holds bytes 0-3, RAH bytes 4-5, first byte lowest */
        nic.mac = nic.mac << 8 | ((i < 4 ? lo >> 8 * i : hi >> 8 * (i - 4)) & 0xff);
    dddk_log_hex(d, "MAC address ", nic.mac);
    return 0;
}

/* Places both rings and their buffers and starts the receiver and the transmitter; 0 or -1. */
static int start_rings(struct dddk_dev *d)
{
    uint64_t rx_phys, tx_phys;

    if (dddk_ring_init(d, &nic.rx, RING, 16, 128) || dddk_ring_init(d, &nic.tx, RING, 16, 128) ||
        !(nic.rx_buf = dddk_dma_alloc(d, RING * BUF, BUF, &rx_phys)) ||
        !(nic.tx_buf = dddk_dma_alloc(d, RING * BUF, BUF, &tx_phys)))
        return -1;
    for (uint32_t i = 0; i < RING; i++) {
        RXD(i)->addr = rx_phys + i * BUF;
        TXD(i)->addr = tx_phys + i * BUF;
    }
    WR(d, E1000_RDBAL, (uint32_t)nic.rx.phys);
    WR(d, E1000_RDBAH, (uint32_t)(nic.rx.phys >> 32));
    WR(d, E1000_RDLEN, RING * 16);
    WR(d, E1000_RDH, 0);
    WR(d, E1000_RDT, RING - 1); /* all but one descriptor to the device: head == tail is empty */
    WR(d, E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_SECRC);
    WR(d, E1000_TDBAL, (uint32_t)nic.tx.phys);
    WR(d, E1000_TDBAH, (uint32_t)(nic.tx.phys >> 32));
    WR(d, E1000_TDLEN, RING * 16);
    WR(d, E1000_TDH, 0);
    WR(d, E1000_TDT, 0);
    WR(d, E1000_TIPG, E1000_TIPG_DEFAULT);
    WR(d, E1000_TCTL,
       E1000_TCTL_EN | E1000_TCTL_PSP | E1000_TCTL_CT(0x0fu) | E1000_TCTL_COLD(0x40u));
    return 0;
}

/* Hands received frames to the client while it has buffers for them. */
static void rx_poll(struct dddk_dev *d)
{
    uint32_t first = nic.rx.head; /* the device owns at most RING - 1: head cannot come round */
    kaal_buf_desc_t b;

    for (;;) {
        volatile struct e1000_rx_desc *r = RXD(nic.rx.head);
        if (!(r->status & E1000_RXD_DD))
            break;
        __atomic_thread_fence(__ATOMIC_ACQUIRE); /* read the frame only after its DD bit */
        uint32_t len = r->length;
        if ((r->status & E1000_RXD_EOP) && !r->errors && len <= KAAL_NET_FRAME_MAX) {
            if (kaal_queue_dequeue(&nic.net.rx.free, &b) != 0) {
                if (kaal_queue_prepare_wait(&nic.net.rx.free))
                    break; /* the frame waits in the ring until the client returns a buffer */
                continue;
            }
            uint8_t *dst = kaal_net_buf(&nic.net, &b);
            if (!dst) {
                dddk_log_hex(d, "a bad buffer on rx free, dropped: io_addr ", b.io_addr);
                continue;
            }
            dddk_copy(dst, nic.rx_buf + nic.rx.head * BUF, len);
            b.len = len;
            if (kaal_queue_enqueue(&nic.net.rx.active, &b) != 0)
                dddk_log(d, "rx active is full: the client enqueued more buffers than it has");
        }
        r->status = 0;
        nic.rx.head = dddk_ring_next(&nic.rx, nic.rx.head);
    }
    if (nic.rx.head != first) /* the descriptors up to the one before head go back to the device */
        WR(d, E1000_RDT, (nic.rx.head + RING - 1) % RING);
}

/* Reclaims sent descriptors, then sends the client's frames while the ring has room. */
static void tx_poll(struct dddk_dev *d)
{
    kaal_buf_desc_t b;

    while (nic.tx.head != nic.tx.tail && (TXD(nic.tx.head)->status & E1000_TXD_DD))
        nic.tx.head = dddk_ring_next(&nic.tx, nic.tx.head);
    uint32_t first = nic.tx.tail;
    while (dddk_ring_next(&nic.tx, nic.tx.tail) != nic.tx.head) {
        if (kaal_queue_dequeue(&nic.net.tx.active, &b) != 0) {
            if (kaal_queue_prepare_wait(&nic.net.tx.active))
                break;
            continue;
        }
        const uint8_t *src = kaal_net_buf(&nic.net, &b);
        if (src && b.len > 0 && b.len <= KAAL_NET_FRAME_MAX) {
            volatile struct e1000_tx_desc *t = TXD(nic.tx.tail);
            dddk_copy(nic.tx_buf + nic.tx.tail * BUF, src, b.len);
            t->length = (uint16_t)b.len;
            t->cmd = E1000_TXD_EOP | E1000_TXD_IFCS | E1000_TXD_RS;
            t->status = 0;
            nic.tx.tail = dddk_ring_next(&nic.tx, nic.tx.tail);
        } else {
            dddk_log_hex(d, "a bad frame on tx active, not sent: length ", b.len);
        }
        if (kaal_queue_enqueue(&nic.net.tx.free, &b) != 0) /* copied: the client may reuse it */
            dddk_log(d, "tx free is full: the client sent more buffers than it has");
    }
    /* The descriptors are in memory before the device is told (<kaal/dddk.h>). */
    if (nic.tx.tail != first)
        WR(d, E1000_TDT, nic.tx.tail);
}

/* Both directions, then one notification if the client asked for one. */
static void serve(struct dddk_dev *d)
{
    rx_poll(d);
    tx_poll(d);
    if (kaal_net_driver_signal(&nic.net))
        kaal_notify(KAAL_NET_DRIVER_CH);
}

static int e1000_init(struct dddk_dev *d)
{
    if (kaal_net_init(&nic.net, (void *)KAAL_NET_DRIVER_VADDR) != 0 || reset(d) != 0 ||
        read_mac(d) != 0 || start_rings(d) != 0)
        return -1;
    int up = DDDK_WAIT(d, RD(d, E1000_STATUS) & E1000_STATUS_LU, WAIT_US);
    dddk_log(d, up ? "link up" : "link down; frames wait until it comes up");
    WR(d, E1000_IMS, IRQS);
    serve(d); /* asks for a signal on tx active, so the client's first frames wake the driver */
    dddk_log(d, "ready, interrupts on");
    return 0;
}

static void e1000_irq(struct dddk_dev *d)
{
    uint32_t cause = RD(d, E1000_ICR); /* reading it lowers the line */

    if (nic.interrupts++ == 0)
        dddk_log_hex(d, "first interrupt, cause ", cause);
    if (cause & E1000_INT_LSC)
        dddk_log(d, RD(d, E1000_STATUS) & E1000_STATUS_LU ? "link up" : "link down");
    serve(d);
}

static void e1000_notified(struct dddk_dev *d, unsigned int ch)
{
    if (ch == KAAL_NET_DRIVER_CH)
        serve(d);
}

/* The net class's info op (sdk/interface/net.proto). */
static int serve_info(void *ctx, struct kaal_net_info_out *out)
{
    struct dddk_dev *d = ctx;

    out->mac = nic.mac;
    out->link_up = !!(RD(d, E1000_STATUS) & E1000_STATUS_LU);
    return 0;
}

static const struct kaal_net_server net_server = {.info = serve_info};

static seL4_MessageInfo_t e1000_protected(struct dddk_dev *d, unsigned int ch, seL4_MessageInfo_t m)
{
    if (ch != KAAL_NET_DRIVER_CH)
        return kaal_proto_error_reply(-KAAL_EBADF);
    return kaal_net_dispatch(&net_server, d, m);
}

DDDK_DRIVER(e1000, DDDK_PCI(DDDK_ID(0x8086, 0x100e)), DDDK_BAR(0, 128 * 1024),
            .irq = DDDK_IRQ_LEGACY, .dma_size = DMA_SIZE, .init = e1000_init,
            .irq_handler = e1000_irq, .notified = e1000_notified, .protected = e1000_protected);
