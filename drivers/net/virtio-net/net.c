/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-net: a driver for a modern virtio network device (PCI 1af4:1041,
 * QEMU's -device virtio-net-pci,disable-legacy=on) as a device of the
 * network class <kaal/class/net.h>, on the DDDK and its virtio-pci
 * transport <kaal/virtio_pci.h> (docs/class-net.md).
 *
 * Init negotiates VERSION_1, MAC and STATUS, reads the MAC address from the
 * device configuration, and sets up the receive queue (0) and the transmit
 * queue (1) of up to RING entries.  Each descriptor has a DMA buffer of BUF
 * bytes for the whole time and carries one frame: the 12-byte
 * virtio_net_hdr, then the frame.  Frames are copied between those buffers
 * and the client's, so the device never sees an address the client chose.
 *
 * Receive: every receive descriptor is offered to the device.  Each one it
 * returns is copied into a buffer from rx free, handed over on rx active,
 * and offered again.  With no client buffer at hand it stays in the used
 * ring until the client returns buffers; once all are used, QEMU holds
 * further frames back.  QEMU's device starts promiscuous and only the
 * control queue (VIRTIO_NET_F_CTRL_RX) changes that, so the driver filters
 * itself: it keeps frames to its MAC address and to broadcast, the frames
 * the e1000 keeps by its hardware filter.
 * Transmit: each frame from tx active is copied into a free descriptor's
 * buffer behind an all-zero header, and its client buffer goes straight
 * back on tx free.  The device returns the descriptors through the used
 * ring, where the driver reclaims them; with none free, the rest of the
 * frames wait on tx active for the device's interrupt.
 * Interrupts (INTx: a queue used, the configuration changed) and the
 * client's notifications run the same loops.
 */
#include "virtio_net.h"

#include <kaal/class/net.h>
#include <kaal/dddk.h>
#include <kaal/virtio_pci.h>

#define RING 32   /* entries per queue at most: as many as the class's buffers per direction */
#define BUF  2048 /* DMA bytes per descriptor: a header and the longest frame */
#define HDR  ((uint32_t)sizeof(struct virtio_net_hdr))
/* Each queue's three rings take a page each (virtio_pci_queue), then the buffers: 152 KiB. */
#define DMA_SIZE (2 * 3 * 4096 + 2 * RING * BUF)
#define BCAST    0xffffffffffffull

_Static_assert(HDR + KAAL_NET_FRAME_MAX <= BUF, "a header and a frame fit a buffer");
_Static_assert(RING < 64, "tx_busy has a bit for each transmit descriptor");

enum { WARN_RX_CHAIN = 1, WARN_TX_CHAIN = 2 };

static struct {
    struct virtio_pci pci;
    struct virtq rx, tx;
    uint8_t *rx_buf, *tx_buf; /* a DMA buffer per descriptor, descriptor i's at i * BUF */
    uint64_t tx_busy;         /* bit i: transmit descriptor i is with the device */
    uint64_t features;        /* negotiated */
    uint64_t mac;             /* its first byte in bits 40-47 */
    unsigned long interrupts; /* taken so far */
    unsigned int warned;      /* the WARN_* logged already: each once */
    kaal_net_t net;
} vn;

/* Logs what the first time it happens: a device that does it once may do it at every frame. */
static void warn_once(struct dddk_dev *d, unsigned int which, const char *what)
{
    if (!(vn.warned & which))
        dddk_log(d, what);
    vn.warned |= which;
}

/* The 6-byte address at p, its first byte in bits 40-47. */
static uint64_t mac_at(const uint8_t *p)
{
    uint64_t m = 0;

    for (int i = 0; i < 6; i++)
        m = m << 8 | p[i];
    return m;
}

static int link_up(void)
{
    if (!(vn.features >> VIRTIO_NET_F_STATUS & 1))
        return 1; /* without the status field the link is taken to be up (spec 5.1.4) */
    return virtio_pci_config16(&vn.pci, VIRTIO_NET_CFG_STATUS) & VIRTIO_NET_S_LINK_UP;
}

/* Reads the MAC address from the device configuration; 0 or -1 (logged). */
static int read_mac(struct dddk_dev *d)
{
    uint8_t m[6];

    if (!(vn.features >> VIRTIO_NET_F_MAC & 1)) {
        dddk_fail(d, "the device has no MAC address (it does not offer VIRTIO_NET_F_MAC)",
                  "this driver does not make one up: give the device one (QEMU: mac=...)");
        return -1;
    }
    virtio_pci_config_bytes(&vn.pci, VIRTIO_NET_CFG_MAC, m, sizeof(m));
    vn.mac = mac_at(m);
    dddk_log_hex(d, "MAC address ", vn.mac);
    return 0;
}

/* Sets up both queues and their buffers and offers every receive buffer; 0 or -1 (logged). */
static int setup_queues(struct dddk_dev *d)
{
    uint64_t rx_phys, tx_phys;

    if (virtio_pci_queue(&vn.pci, &vn.rx, VIRTIO_NET_RX_QUEUE, RING) != 0 ||
        virtio_pci_queue(&vn.pci, &vn.tx, VIRTIO_NET_TX_QUEUE, RING) != 0)
        return -1;
    if (!(vn.rx_buf = dddk_dma_alloc(d, (uint64_t)vn.rx.size * BUF, BUF, &rx_phys)) ||
        !(vn.tx_buf = dddk_dma_alloc(d, (uint64_t)vn.tx.size * BUF, BUF, &tx_phys))) {
        dddk_fail(d, "no DMA memory for the frame buffers", "raise the driver's dma_size");
        return -1;
    }
    for (uint16_t i = 0; i < vn.rx.size; i++) {
        vn.rx.desc[i] =
            (struct virtq_desc){rx_phys + (uint64_t)i * BUF, BUF, VIRTQ_DESC_F_WRITE, 0};
        virtq_push(&vn.rx, i);
    }
    /* The headers stay as dddk_dma_alloc left them, all zero: the device only reads them. */
    for (uint16_t i = 0; i < vn.tx.size; i++)
        vn.tx.desc[i] = (struct virtq_desc){tx_phys + (uint64_t)i * BUF, 0, 0, 0};
    return 0;
}

/* True if the driver keeps a received frame of len bytes: a whole one, to its address or to
 * broadcast. */
static int wanted(const uint8_t *frame, uint32_t len)
{
    uint64_t dst;

    if (len < 14 || len > KAAL_NET_FRAME_MAX)
        return 0;
    dst = mac_at(frame);
    return dst == vn.mac || dst == BCAST;
}

/* Copies len bytes of frame to p and pads a frame shorter than Ethernet's shortest with zeros,
 * as it would be on the wire; the length it has then. */
static uint32_t put_frame(uint8_t *p, const uint8_t *frame, uint32_t len)
{
    dddk_copy(p, frame, len);
    if (len >= KAAL_NET_FRAME_MIN)
        return len;
    dddk_zero(p + len, KAAL_NET_FRAME_MIN - len);
    return KAAL_NET_FRAME_MIN;
}

/* Hands a received frame to the client in its buffer b. */
static void deliver(struct dddk_dev *d, kaal_buf_desc_t *b, const uint8_t *frame, uint32_t len)
{
    uint8_t *p = kaal_net_buf(&vn.net, b);

    if (!p) {
        dddk_log_hex(d, "a bad buffer on rx free, dropped: io_addr ", b->io_addr);
        return;
    }
    b->len = put_frame(p, frame, len);
    if (kaal_queue_enqueue(&vn.net.rx.active, b) != 0)
        dddk_log(d, "rx active is full: the client enqueued more buffers than it has");
}

/* Hands received frames to the client while it has buffers for them, and offers each receive
 * descriptor to the device again. */
static void rx_poll(struct dddk_dev *d)
{
    uint32_t head, len;
    kaal_buf_desc_t b;
    int offered = 0;

    while (virtq_peek(&vn.rx, &head, &len)) {
        if (head >= vn.rx.size) {
            warn_once(d, WARN_RX_CHAIN,
                      "error: the device returned a receive descriptor "
                      "that does not exist; ignored");
            virtq_pop(&vn.rx, &head, &len);
            continue;
        }
        const uint8_t *frame = vn.rx_buf + (uint64_t)head * BUF + HDR;
        uint32_t flen = len > HDR ? len - HDR : 0;
        if (wanted(frame, flen)) {
            if (kaal_queue_dequeue(&vn.net.rx.free, &b) != 0) {
                if (kaal_queue_prepare_wait(&vn.net.rx.free))
                    break; /* the frame waits in the used ring until the client returns a buffer */
                continue;
            }
            deliver(d, &b, frame, flen);
        }
        virtq_pop(&vn.rx, &head, &len);
        virtq_push(&vn.rx, (uint16_t)head);
        offered = 1;
    }
    if (offered)
        virtq_kick(&vn.rx);
}

/* Takes back the transmit descriptors the device has finished with. */
static void tx_reclaim(struct dddk_dev *d)
{
    uint32_t head, len;

    while (virtq_pop(&vn.tx, &head, &len)) {
        if (head >= vn.tx.size || !(vn.tx_busy >> head & 1)) {
            warn_once(d, WARN_TX_CHAIN,
                      "error: the device returned a transmit descriptor the "
                      "driver did not offer; ignored");
            continue;
        }
        vn.tx_busy &= ~(1ull << head);
    }
}

/* Copies a frame behind free descriptor i's header and offers it to the device. */
static void tx_one(uint32_t i, const uint8_t *frame, uint32_t len)
{
    vn.tx.desc[i].len = HDR + put_frame(vn.tx_buf + (uint64_t)i * BUF + HDR, frame, len);
    vn.tx_busy |= 1ull << i;
    virtq_push(&vn.tx, (uint16_t)i);
}

/* Reclaims finished descriptors, then sends the client's frames while descriptors are free. */
static void tx_poll(struct dddk_dev *d)
{
    uint64_t all = (1ull << vn.tx.size) - 1;
    kaal_buf_desc_t b;
    int sent = 0;

    tx_reclaim(d);
    while (vn.tx_busy != all) {
        if (kaal_queue_dequeue(&vn.net.tx.active, &b) != 0) {
            if (kaal_queue_prepare_wait(&vn.net.tx.active))
                break;
            continue;
        }
        const uint8_t *src = kaal_net_buf(&vn.net, &b);
        if (src && b.len > 0 && b.len <= KAAL_NET_FRAME_MAX) {
            tx_one((uint32_t)__builtin_ctzll(~vn.tx_busy), src, b.len);
            sent = 1;
        } else {
            dddk_log_hex(d, "a bad frame on tx active, not sent: length ", b.len);
        }
        if (kaal_queue_enqueue(&vn.net.tx.free, &b) != 0) /* copied: the client may reuse it */
            dddk_log(d, "tx free is full: the client sent more buffers than it has");
    }
    if (sent)
        virtq_kick(&vn.tx);
}

/* Both directions, then one notification if the client asked for one. */
static void serve(struct dddk_dev *d)
{
    rx_poll(d);
    tx_poll(d);
    if (kaal_net_driver_signal(&vn.net))
        kaal_notify(KAAL_NET_DRIVER_CH);
}

static int vnet_init(struct dddk_dev *d)
{
    uint64_t want = 1ull << VIRTIO_NET_F_MAC | 1ull << VIRTIO_NET_F_STATUS;

    if (kaal_net_init(&vn.net, (void *)KAAL_NET_DRIVER_VADDR) != 0 ||
        virtio_pci_find(&vn.pci, d, VIRTIO_NET_CFG_MIN) != 0 ||
        virtio_pci_negotiate(&vn.pci, want, &vn.features) != 0 || read_mac(d) != 0 ||
        setup_queues(d) != 0)
        return -1;
    virtio_pci_go(&vn.pci);
    virtq_kick(&vn.rx); /* the receive buffers: no notification may come before DRIVER_OK */
    dddk_log(d, link_up() ? "link up" : "link down; frames wait until it comes up");
    serve(d); /* asks for a signal on tx active, so the client's first frames wake the driver */
    dddk_log(d, "ready, interrupts on");
    return 0;
}

static void vnet_irq(struct dddk_dev *d)
{
    uint8_t isr = virtio_pci_isr(&vn.pci); /* reading it lowers the line */

    if (vn.interrupts++ == 0)
        dddk_log_hex(d, "first interrupt, ISR ", isr);
    if (isr & VIRTIO_ISR_CONFIG)
        dddk_log(d, link_up() ? "link up" : "link down");
    serve(d);
}

static void vnet_notified(struct dddk_dev *d, unsigned int ch)
{
    if (ch == KAAL_NET_DRIVER_CH)
        serve(d);
}

/* The net class's info op (sdk/interface/net.proto). */
static int serve_info(void *ctx, struct kaal_net_info_out *out)
{
    (void)ctx;
    out->mac = vn.mac;
    out->link_up = (seL4_Word)link_up();
    return 0;
}

static const struct kaal_net_server net_server = {.info = serve_info};

static seL4_MessageInfo_t vnet_protected(struct dddk_dev *d, unsigned int ch, seL4_MessageInfo_t m)
{
    if (ch != KAAL_NET_DRIVER_CH)
        return kaal_proto_error_reply(-KAAL_EBADF);
    return kaal_net_dispatch(&net_server, d, m);
}

/* clang-format off */
DDDK_DRIVER(virtio-net,
            DDDK_PCI(DDDK_ID(VIRTIO_PCI_VENDOR, VIRTIO_PCI_NET_DEV)),
            DDDK_BAR(4, 4096), /* QEMU's modern BAR; virtio_pci_find checks the capabilities */
            .irq = DDDK_IRQ_LEGACY,
            .dma_size = DMA_SIZE,
            .init = vnet_init,
            .irq_handler = vnet_irq,
            .notified = vnet_notified,
            .protected = vnet_protected);
/* clang-format on */
