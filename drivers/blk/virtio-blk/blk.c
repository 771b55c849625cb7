/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-blk: a driver for a modern virtio block device (PCI 1af4:1042),
 * serving one client through the block class (kaal/class/block.h).
 *
 * The client's requests come off the request queue.  Each one takes a
 * driver slot until its completion is posted.  A CAPACITY, a FLUSH the
 * device does not need, and every request that fails kaal_blk_check are
 * answered at once.  READ, WRITE and FLUSH go to the device's one
 * virtqueue as a chain of three descriptors (header, data, status; FLUSH
 * has no data), slot i always using descriptors 3i to 3i + 2.  The
 * device's interrupt (INTx, legacy) returns them through the used ring.
 *
 * Data is copied between the client's data area and a bounce buffer per
 * slot in DMA memory: the broker tells a driver the physical address of
 * its own DMA memory, not of a region it shares with a client, so the
 * device cannot reach the client's buffers directly.
 *
 * Everything runs in the DDDK's handlers, which never block: serve() takes
 * what it can and returns; an interrupt or the client's next notification
 * brings it back.
 */
#include "virtio_blk.h"

#include <kaal/class/block.h>
#include <kaal/component.h>
#include <kaal/virtio_pci.h>

#define NSLOTS    KAAL_BLK_QUEUE_CAPACITY
#define QUEUE_MAX 64 /* virtqueue entries: 3 descriptors for each slot */
/* The queue's three rings (a page each), the slots' headers (a page), the bounce buffers. */
#define VBLK_DMA_SIZE (4 * 4096 + NSLOTS * KAAL_BLK_MAX_TRANSFER)

enum slot_state { SLOT_FREE, SLOT_DEVICE, SLOT_DONE };

enum { WARN_BAD_ID = 1, WARN_FULL = 2, WARN_BAD_CHAIN = 4 };

struct slot {
    enum slot_state state;
    kaal_blk_request_t req;
    uint32_t status;            /* for SLOT_DONE */
    uint64_t blocks;            /* for SLOT_DONE: a CAPACITY's answer */
    struct virtio_blk_hdr *hdr; /* then the status byte, at hdr + 1 */
    uint8_t *bounce;            /* KAAL_BLK_MAX_TRANSFER bytes */
    uint64_t hdr_phys, bounce_phys;
};

static struct {
    struct virtio_pci pci;
    struct virtq vq;
    kaal_blk_t blk;
    uint64_t features;
    unsigned int nslots;
    struct slot slot[NSLOTS];
    unsigned int warned; /* the WARN_* reported already: each once */
} vb;

/* ---- Logging ------------------------------------------------------------------------------ */

struct line {
    char buf[160];
    unsigned int n;
};

static void put_str(struct line *l, const char *s)
{
    while (*s && l->n < sizeof(l->buf) - 1)
        l->buf[l->n++] = *s++;
    l->buf[l->n] = 0;
}

static void put_num(struct line *l, uint64_t v)
{
    char tmp[24];
    int i = 0;

    do {
        tmp[i++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (i && l->n < sizeof(l->buf) - 1)
        l->buf[l->n++] = tmp[--i];
    l->buf[l->n] = 0;
}

/* "[virtio-blk] ready: N blocks of 512 bytes, flush ..., K requests at a time" and where the
 * device and its interrupt are, which is what one needs when interrupts do not arrive. */
static void log_ready(struct dddk_dev *d, uint64_t capacity)
{
    struct kaal_broker_pci_read_out word;
    struct line l = {.n = 0};
    uint32_t pin = 0;

    if (kaal_broker_pci_read(KAAL_SLOT_BROKER, 0, 0x3c, &word) == 0)
        pin = word.value >> 8 & 0xff;
    put_str(&l, "ready: ");
    put_num(&l, capacity);
    put_str(&l, " blocks of 512 bytes, ");
    put_str(&l, vb.features >> VIRTIO_BLK_F_FLUSH & 1 ? "flush" : "no write cache");
    put_str(&l, vb.features >> VIRTIO_BLK_F_RO & 1 ? ", read-only, " : ", ");
    put_num(&l, vb.nslots);
    put_str(&l, " requests at a time; PCI slot ");
    put_num(&l, d->bdf >> 3 & 31);
    put_str(&l, ", INTx pin ");
    put_num(&l, pin);
    put_str(&l, ", IRQ on channel ");
    put_num(&l, d->irq_ch);
    dddk_log(d, l.buf);
}

/* ---- Requests ----------------------------------------------------------------------------- */

static void finish(struct slot *s, uint32_t status, uint64_t blocks)
{
    s->state = SLOT_DONE;
    s->status = status;
    s->blocks = blocks;
}

/* Builds slot i's descriptor chain for its request and offers it to the device. */
static void to_device(unsigned int i)
{
    struct slot *s = &vb.slot[i];
    struct virtq_desc *dsc = &vb.vq.desc[3 * i];
    uint8_t *status = (uint8_t *)(s->hdr + 1);
    int rw = s->req.op != KAAL_BLK_FLUSH;

    s->hdr->type = s->req.op == KAAL_BLK_READ    ? VIRTIO_BLK_T_IN
                   : s->req.op == KAAL_BLK_WRITE ? VIRTIO_BLK_T_OUT
                                                 : VIRTIO_BLK_T_FLUSH;
    s->hdr->reserved = 0;
    s->hdr->sector = rw ? s->req.block : 0;
    *status = 0xff; /* not a status the device writes: a chain it never finished shows */
    if (s->req.op == KAAL_BLK_WRITE)
        dddk_copy(s->bounce, vb.blk.data + s->req.desc.io_addr, s->req.desc.len);
    dsc[0] = (struct virtq_desc){s->hdr_phys, sizeof(*s->hdr), VIRTQ_DESC_F_NEXT,
                                 (uint16_t)(3 * i + (rw ? 1 : 2))};
    dsc[1] = (struct virtq_desc){s->bounce_phys, s->req.desc.len,
                                 VIRTQ_DESC_F_NEXT |
                                     (s->req.op == KAAL_BLK_READ ? VIRTQ_DESC_F_WRITE : 0),
                                 (uint16_t)(3 * i + 2)};
    dsc[2] = (struct virtq_desc){s->hdr_phys + sizeof(*s->hdr), 1, VIRTQ_DESC_F_WRITE, 0};
    s->state = SLOT_DEVICE;
    virtq_push(&vb.vq, (uint16_t)(3 * i));
}

/* Starts request r in slot i: answers it at once or gives it to the device; 1 if it went to
 * the device. */
static int start(unsigned int i, const kaal_blk_request_t *r)
{
    struct slot *s = &vb.slot[i];
    uint64_t capacity = virtio_pci_config64(&vb.pci, VIRTIO_BLK_CFG_CAPACITY);
    uint32_t status = kaal_blk_check(r, capacity);

    s->req = *r;
    if (status == KAAL_BLK_OK && r->op == KAAL_BLK_WRITE && vb.features >> VIRTIO_BLK_F_RO & 1)
        status = KAAL_BLK_EROFS;
    if (status != KAAL_BLK_OK || r->op == KAAL_BLK_CAPACITY) {
        finish(s, status, r->op == KAAL_BLK_CAPACITY ? capacity : 0);
        return 0;
    }
    /* Without VIRTIO_BLK_F_FLUSH the device has no write cache: a write done is stored. */
    if (r->op == KAAL_BLK_FLUSH && !(vb.features >> VIRTIO_BLK_F_FLUSH & 1)) {
        finish(s, KAAL_BLK_OK, 0);
        return 0;
    }
    to_device(i);
    return 1;
}

static int free_slot(void)
{
    for (unsigned int i = 0; i < vb.nslots; i++)
        if (vb.slot[i].state == SLOT_FREE)
            return (int)i;
    return -1;
}

/* Logs what the first time the client or device does it; it might do it at every request. */
static void warn_once(unsigned int which, const char *what)
{
    if (!(vb.warned & which))
        dddk_log(&dddk_device, what);
    vb.warned |= which;
}

/* Takes requests while a slot is free; returns how many went to the device. */
static int take_requests(void)
{
    kaal_blk_request_t r;
    int queued = 0, i;

    while ((i = free_slot()) >= 0) {
        int err = kaal_blk_take(&vb.blk, &r);
        if (err == -KAAL_QUEUE_EINVAL) {
            warn_once(WARN_BAD_ID,
                      "error: the client sent a request whose id is no slot; it is dropped");
            continue;
        }
        if (err == 0) {
            queued += start((unsigned int)i, &r);
            continue;
        }
        /* Empty: ask to be woken, unless a request slipped in meanwhile. */
        if (kaal_queue_prepare_wait(&vb.blk.req))
            break;
    }
    return queued;
}

/* Posts the completions of finished slots; returns how many. */
static int post_done(void)
{
    int posted = 0;

    for (unsigned int i = 0; i < vb.nslots; i++) {
        struct slot *s = &vb.slot[i];
        if (s->state != SLOT_DONE)
            continue;
        if (kaal_blk_complete(&vb.blk, &s->req, s->status, s->blocks) != 0) {
            /* The client has more requests out than it has slots: the rest wait until it
             * notifies us again, which the raised flag makes it do at its next submit. */
            warn_once(WARN_FULL, "error: the completion queue is full: the client has more than "
                                 "KAAL_BLK_QUEUE_CAPACITY requests outstanding");
            kaal_queue_request_signal(&vb.blk.req);
            break;
        }
        s->state = SLOT_FREE;
        posted++;
    }
    return posted;
}

/* Answers what is done, takes new requests, tells the device and the client. */
static void serve(void)
{
    int posted = post_done();
    int queued = take_requests();

    posted += post_done();
    if (queued)
        virtq_kick(&vb.vq);
    if (posted && kaal_blk_driver_signal(&vb.blk))
        kaal_notify(KAAL_BLK_DRIVER_CH);
}

/* Takes the chains the device has finished and marks their slots done. */
static void reap(void)
{
    uint32_t head, len;

    while (virtq_pop(&vb.vq, &head, &len)) {
        unsigned int i = head / 3;
        struct slot *s = &vb.slot[i];
        if (head % 3 || i >= vb.nslots || s->state != SLOT_DEVICE) {
            warn_once(WARN_BAD_CHAIN,
                      "error: the device returned a chain the driver did not offer; ignored");
            continue;
        }
        uint8_t st = *(volatile uint8_t *)(s->hdr + 1);
        if (st == VIRTIO_BLK_S_OK && s->req.op == KAAL_BLK_READ)
            dddk_copy(vb.blk.data + s->req.desc.io_addr, s->bounce, s->req.desc.len);
        if (st != VIRTIO_BLK_S_OK) /* the client gets EIO; the driver goes on */
            dddk_log_hex(&dddk_device,
                         "device error: the request for block number (hex) failed: ", s->req.block);
        finish(s, st == VIRTIO_BLK_S_OK ? KAAL_BLK_OK : KAAL_BLK_EIO, 0);
    }
}

/* ---- The DDDK's handlers ------------------------------------------------------------------ */

static void vblk_irq(struct dddk_dev *d)
{
    (void)d;
    /* Reading the ISR lowers the line; a config change needs nothing, since CAPACITY reads the
     * configuration each time. */
    virtio_pci_isr(&vb.pci);
    reap();
    serve();
}

static void vblk_notified(struct dddk_dev *d, unsigned int ch)
{
    (void)d;
    if (ch == KAAL_BLK_DRIVER_CH)
        serve();
}

/* Each slot's header and status byte, then its bounce buffer; the headers first, so that they
 * share a page instead of each taking one between the bounce buffers. */
static int setup_slots(struct dddk_dev *d)
{
    vb.nslots = vb.vq.size / 3 < NSLOTS ? vb.vq.size / 3 : NSLOTS;
    for (unsigned int i = 0; i < vb.nslots; i++) {
        struct slot *s = &vb.slot[i];
        if (!(s->hdr = dddk_dma_alloc(d, 32, 16, &s->hdr_phys)))
            return -1;
    }
    for (unsigned int i = 0; i < vb.nslots; i++) {
        struct slot *s = &vb.slot[i];
        if (!(s->bounce = dddk_dma_alloc(d, KAAL_BLK_MAX_TRANSFER, 4096, &s->bounce_phys)))
            return -1;
    }
    return vb.nslots ? 0 : -1;
}

static int vblk_init(struct dddk_dev *d)
{
    uint64_t want = 1ull << VIRTIO_BLK_F_FLUSH | 1ull << VIRTIO_BLK_F_RO;

    if (kaal_blk_init(&vb.blk, (void *)KAAL_BLK_DRIVER_VADDR) != 0 ||
        virtio_pci_find(&vb.pci, d, VIRTIO_BLK_CFG_MIN) != 0 ||
        virtio_pci_negotiate(&vb.pci, want, &vb.features) ||
        virtio_pci_queue(&vb.pci, &vb.vq, 0, QUEUE_MAX) != 0)
        return -1;
    if (setup_slots(d) != 0) {
        dddk_fail(d, "no DMA memory for the request slots", "raise the driver's dma_size");
        return -1;
    }
    virtio_pci_go(&vb.pci);
    log_ready(d, virtio_pci_config64(&vb.pci, VIRTIO_BLK_CFG_CAPACITY));
    serve(); /* asks the client for a signal: it sends nothing otherwise */
    return 0;
}

/* clang-format off */
DDDK_DRIVER(virtio-blk,
            DDDK_PCI(DDDK_ID(VIRTIO_PCI_VENDOR, VIRTIO_PCI_BLK_DEV)),
            DDDK_BAR(4, 4096), /* QEMU's modern BAR; virtio_pci_find checks the capabilities */
            .irq = DDDK_IRQ_LEGACY,
            .dma_size = VBLK_DMA_SIZE,
            .init = vblk_init,
            .irq_handler = vblk_irq,
            .notified = vblk_notified);
/* clang-format on */
