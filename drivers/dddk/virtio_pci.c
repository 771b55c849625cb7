/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio 1.x PCI transport (virtio spec 4.1) and split virtqueues
 * (2.7), for the DDDK's virtio drivers (<kaal/virtio_pci.h>): virtio-blk
 * and virtio-net.
 *
 * A modern device has no fixed register layout: vendor-specific PCI
 * capabilities say in which BAR, at which offset and for how many bytes
 * each structure lies.  The root server holds the configuration ports, so
 * the capability list is walked with the broker's KAAL_BROKER_PCI_READ; the
 * structures must then lie in a BAR the DDDK mapped (the driver's
 * DDDK_BAR).  Initialisation follows the spec's order (3.1.1): reset,
 * ACKNOWLEDGE, DRIVER, features, FEATURES_OK, the queues, DRIVER_OK; the
 * driver calls one function per step.
 *
 * The rings are in the DDDK's DMA memory, which is ordinary cached memory
 * the device reads coherently; x86 keeps stores in order, so a compiler
 * barrier (the release stores below) is enough to publish a descriptor
 * before the index that offers it.
 */
#include <kaal/virtio_pci.h>

#define DEV              0      /* the driver's device: its component's first */
#define RESET_TIMEOUT_US 100000 /* a reset QEMU does at once; real devices take a while */

static const char *const cap_name[] = {
    [VIRTIO_CAP_COMMON] = "common configuration",
    [VIRTIO_CAP_NOTIFY] = "notification area",
    [VIRTIO_CAP_ISR] = "ISR status",
    [VIRTIO_CAP_DEVICE] = "device configuration",
};

/* The configuration word at off, through the broker; 0xffffffff if it is refused. */
static uint32_t cfg_read(uint32_t off)
{
    struct kaal_broker_pci_read_out word;

    if (kaal_broker_pci_read(KAAL_SLOT_BROKER, DEV, off, &word) != 0)
        return 0xffffffffu;
    return word.value;
}

/*
 * Maps one capability's structure: it must lie in a BAR the DDDK mapped and
 * be at least min bytes long.  Returns its address, or NULL (logged).
 */
static volatile uint8_t *cap_map(struct virtio_pci *v, uint32_t at, uint32_t type, uint32_t min,
                                 uint32_t *len)
{
    struct dddk_dev *d = v->d;
    uint32_t bar = VIRTIO_CAP_BAR(cfg_read(at + 4));
    uint32_t off = cfg_read(at + VIRTIO_CAP_OFFSET);

    *len = cfg_read(at + VIRTIO_CAP_LENGTH);
    if (bar >= DDDK_MAX_BARS || !d->bar[bar]) {
        dddk_log(d, cap_name[type]);
        dddk_fail(d, "that virtio structure is in a BAR this driver does not map",
                  "QEMU puts them in BAR 4: map the BAR the capability names with the driver's "
                  "DDDK_BAR");
        return 0;
    }
    if (*len < min || off > d->bar_size[bar] || *len > d->bar_size[bar] - off) {
        dddk_log(d, cap_name[type]);
        dddk_fail(d, "that virtio structure is too short or lies beyond the end of its BAR",
                  "is this a virtio 1.x device? (lspci; QEMU: disable-legacy=on)");
        return 0;
    }
    return d->bar[bar] + off;
}

/* Takes the capability at `at` if it is the first of its type; 0, or -ENODEV (logged). */
static int take_cap(struct virtio_pci *v, uint32_t at, uint32_t type, uint32_t config_min)
{
    uint32_t len;

    switch (type) {
    case VIRTIO_CAP_COMMON:
        if (!v->common)
            v->common = cap_map(v, at, type, VIRTIO_COMMON_MIN_BYTES, &len);
        return v->common ? 0 : -1;
    case VIRTIO_CAP_NOTIFY:
        if (!v->notify) {
            v->notify = cap_map(v, at, type, 2, &v->notify_len);
            v->notify_mult = cfg_read(at + VIRTIO_CAP_NOTIFY_MULT);
        }
        return v->notify ? 0 : -1;
    case VIRTIO_CAP_ISR:
        if (!v->isr)
            v->isr = cap_map(v, at, type, 1, &len);
        return v->isr ? 0 : -1;
    case VIRTIO_CAP_DEVICE:
        if (!v->device)
            v->device = cap_map(v, at, type, config_min, &v->device_len);
        return v->device ? 0 : -1;
    default:
        return 0; /* PCI configuration access, shared memory: not used */
    }
}

int virtio_pci_find(struct virtio_pci *v, struct dddk_dev *d, uint32_t config_min)
{
    uint32_t at;
    int n = 0;

    v->d = d;
    if (!(cfg_read(PCI_STATUS_CMD) & PCI_STATUS_CAPS)) {
        dddk_fail(d, "the device has no PCI capability list, so no virtio structures",
                  "a virtio 1.x PCI device is needed (QEMU: disable-legacy=on in its -device)");
        return -KAAL_ENODEV;
    }
    for (at = cfg_read(PCI_CAP_PTR) & 0xfc; at >= 0x40 && n < PCI_CAP_MAX_CHAIN; n++) {
        uint32_t w0 = cfg_read(at);
        if ((w0 & 0xff) == PCI_CAP_VENDOR && take_cap(v, at, VIRTIO_CAP_TYPE(w0), config_min) != 0)
            return -KAAL_ENODEV;
        at = w0 >> 8 & 0xfc;
    }
    if (!v->common || !v->notify || !v->isr || !v->device) {
        dddk_fail(d,
                  "the virtio capabilities do not name all four structures (common, notify, "
                  "ISR, device)",
                  "a virtio 1.x PCI device is needed (QEMU: disable-legacy=on in its -device)");
        return -KAAL_ENODEV;
    }
    return 0;
}

static void set_status(struct virtio_pci *v, uint8_t bits)
{
    dddk_write8(v->common, VIRTIO_COMMON_STATUS, bits);
}

static uint8_t get_status(struct virtio_pci *v)
{
    return dddk_read8(v->common, VIRTIO_COMMON_STATUS);
}

/* Marks the device FAILED, logs why, and returns -EIO. */
static int give_up(struct virtio_pci *v, const char *what, const char *hint)
{
    set_status(v, get_status(v) | VIRTIO_STATUS_FAILED);
    dddk_fail(v->d, what, hint);
    return -KAAL_EIO;
}

static uint64_t device_features(struct virtio_pci *v)
{
    uint64_t f;

    dddk_write32(v->common, VIRTIO_COMMON_DFSELECT, 0);
    f = dddk_read32(v->common, VIRTIO_COMMON_DF);
    dddk_write32(v->common, VIRTIO_COMMON_DFSELECT, 1);
    return f | (uint64_t)dddk_read32(v->common, VIRTIO_COMMON_DF) << 32;
}

static void driver_features(struct virtio_pci *v, uint64_t f)
{
    dddk_write32(v->common, VIRTIO_COMMON_GFSELECT, 0);
    dddk_write32(v->common, VIRTIO_COMMON_GF, (uint32_t)f);
    dddk_write32(v->common, VIRTIO_COMMON_GFSELECT, 1);
    dddk_write32(v->common, VIRTIO_COMMON_GF, (uint32_t)(f >> 32));
}

int virtio_pci_negotiate(struct virtio_pci *v, uint64_t want, uint64_t *got)
{
    uint64_t offered;

    set_status(v, 0);
    if (!DDDK_WAIT(v->d, get_status(v) == 0, RESET_TIMEOUT_US))
        return give_up(v, "the device did not finish its reset", "is the device wedged?");
    set_status(v, VIRTIO_STATUS_ACKNOWLEDGE);
    set_status(v, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    offered = device_features(v);
    if (!(offered >> VIRTIO_F_VERSION_1 & 1))
        return give_up(v, "the device does not offer VIRTIO_F_VERSION_1",
                       "this driver speaks virtio 1.x only (QEMU: disable-legacy=on)");
    *got = offered & (want | 1ull << VIRTIO_F_VERSION_1 | 1ull << VIRTIO_F_ACCESS_PLATFORM);
    driver_features(v, *got);
    set_status(v, get_status(v) | VIRTIO_STATUS_FEATURES_OK);
    if (!(get_status(v) & VIRTIO_STATUS_FEATURES_OK))
        return give_up(v, "the device refused the features the driver chose",
                       "compare the device's features with the driver's");
    return 0;
}

static void write64(volatile uint8_t *base, uint32_t off, uint64_t v)
{
    dddk_write32(base, off, (uint32_t)v);
    dddk_write32(base, off + 4, (uint32_t)(v >> 32));
}

int virtio_pci_queue(struct virtio_pci *v, struct virtq *q, uint16_t index, uint16_t max)
{
    uint64_t desc, avail, used, at;
    uint16_t size;

    dddk_write16(v->common, VIRTIO_COMMON_Q_SELECT, index);
    size = dddk_read16(v->common, VIRTIO_COMMON_Q_SIZE);
    if (size == 0) {
        dddk_log_hex(v->d, "virtqueue ", index);
        return give_up(v, "the device does not have that virtqueue (its queue_size is 0)",
                       "is the device the kind this driver drives? (lspci, the system's pci: ids)");
    }
    while (size > max)
        size >>= 1;
    while (size & (size - 1))
        size &= (uint16_t)(size - 1); /* down to its highest bit: a power of two */
    q->desc = dddk_dma_alloc(v->d, 16ull * size, 4096, &desc);
    q->avail = dddk_dma_alloc(v->d, 6 + 2ull * size, 4096, &avail);
    q->used = dddk_dma_alloc(v->d, 6 + 8ull * size, 4096, &used);
    if (!q->desc || !q->avail || !q->used)
        return give_up(v, "no DMA memory left for the queue", "raise the driver's dma_size");
    at = (uint64_t)dddk_read16(v->common, VIRTIO_COMMON_Q_NOFF) * v->notify_mult;
    if (at > v->notify_len || v->notify_len - at < 2)
        return give_up(v, "the queue's doorbell lies outside the notification area",
                       "a device bug: its queue_notify_off and multiplier do not fit");
    q->index = index;
    q->size = size;
    q->doorbell = v->notify + at;
    q->avail_idx = q->used_idx = 0;
    dddk_write16(v->common, VIRTIO_COMMON_Q_SIZE, size);
    write64(v->common, VIRTIO_COMMON_Q_DESC, desc);
    write64(v->common, VIRTIO_COMMON_Q_DRIVER, avail);
    write64(v->common, VIRTIO_COMMON_Q_DEVICE, used);
    dddk_write16(v->common, VIRTIO_COMMON_Q_ENABLE, 1);
    return 0;
}

void virtio_pci_go(struct virtio_pci *v)
{
    set_status(v, get_status(v) | VIRTIO_STATUS_DRIVER_OK);
}

uint8_t virtio_pci_isr(struct virtio_pci *v)
{
    return dddk_read8(v->isr, 0);
}

void virtio_pci_config_bytes(struct virtio_pci *v, uint32_t off, uint8_t *buf, uint32_t n)
{
    uint8_t gen;

    do {
        gen = dddk_read8(v->common, VIRTIO_COMMON_CFGGEN);
        for (uint32_t i = 0; i < n; i++)
            buf[i] = dddk_read8(v->device, off + i);
    } while (gen != dddk_read8(v->common, VIRTIO_COMMON_CFGGEN));
}

uint16_t virtio_pci_config16(struct virtio_pci *v, uint32_t off)
{
    return dddk_read16(v->device, off);
}

uint64_t virtio_pci_config64(struct virtio_pci *v, uint32_t off)
{
    uint8_t gen;
    uint64_t val;

    /* The device may change the field between the two halves; the generation shows it. */
    do {
        gen = dddk_read8(v->common, VIRTIO_COMMON_CFGGEN);
        val = dddk_read32(v->device, off) | (uint64_t)dddk_read32(v->device, off + 4) << 32;
    } while (gen != dddk_read8(v->common, VIRTIO_COMMON_CFGGEN));
    return val;
}

void virtq_push(struct virtq *q, uint16_t head)
{
    q->avail->ring[q->avail_idx % q->size] = head;
    q->avail_idx++;
    /* Release: the ring entry and the chain's descriptors are written before the index. */
    __atomic_store_n(&q->avail->idx, q->avail_idx, __ATOMIC_RELEASE);
}

void virtq_kick(struct virtq *q)
{
    /* The index store must be visible before the flag is read, or a device that just went to
     * sleep with notifications off could miss the new chains: a store then a load, so mfence. */
    dddk_mb();
    if (!(__atomic_load_n(&q->used->flags, __ATOMIC_ACQUIRE) & VIRTQ_USED_F_NO_NOTIFY))
        dddk_write16(q->doorbell, 0, q->index);
}

int virtq_peek(struct virtq *q, uint32_t *head, uint32_t *len)
{
    /* Acquire: the used entry (and the data the device wrote) is read after its index. */
    if (__atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE) == q->used_idx)
        return 0;
    *head = q->used->ring[q->used_idx % q->size].id;
    *len = q->used->ring[q->used_idx % q->size].len;
    return 1;
}

int virtq_pop(struct virtq *q, uint32_t *head, uint32_t *len)
{
    if (!virtq_peek(q, head, len))
        return 0;
    q->used_idx++;
    return 1;
}
