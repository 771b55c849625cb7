/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio 1.x PCI transport and split virtqueues, for the DDDK's
 * virtio drivers (drivers/dddk/virtio_pci.c, in libkaal_dddk.a).  A driver
 * finds the device's structures, negotiates features, sets up each of its
 * queues by index, sets DRIVER_OK, and then offers descriptor chains and
 * takes back the finished ones; the chains' layout is the device's.
 *
 *   virtio_pci_find(&v, d, config_min)      from the driver's init
 *   virtio_pci_negotiate(&v, want, &got)
 *   virtio_pci_queue(&v, &q0, 0, max) ...   each queue the device has
 *   virtio_pci_go(&v)
 *   virtq_push(&q, head) ... virtq_kick(&q)
 *   virtio_pci_isr(&v); virtq_pop(&q, ...)  from the interrupt handler
 *
 * All of it runs in the driver's one thread; the device is the only other
 * party, and the comments in virtio_pci.c say which orderings it needs.
 */
#pragma once

#include <kaal/dddk.h>
#include <kaal/virtio.h>

/* Where the device's structures are, found through its PCI capabilities. */
struct virtio_pci {
    struct dddk_dev *d;
    volatile uint8_t *common; /* struct virtio_pci_common_cfg */
    volatile uint8_t *isr;    /* the ISR status byte */
    volatile uint8_t *device; /* the device-specific configuration */
    volatile uint8_t *notify; /* the notification area */
    uint32_t notify_len, notify_mult;
    uint32_t device_len;
};

/* One split virtqueue in DMA memory, with the driver's own indexes. */
struct virtq {
    uint16_t index, size;
    struct virtq_desc *desc;
    struct virtq_avail *avail;
    struct virtq_used *used;
    volatile uint8_t *doorbell;
    uint16_t avail_idx; /* the next available entry the driver fills */
    uint16_t used_idx;  /* the next used entry the driver reads */
};

/* Finds the common, notify, ISR and device structures in the BARs the DDDK mapped; the device
 * configuration must have at least config_min bytes.  0, or -ENODEV with the reason logged
 * (dddk_fail). */
int virtio_pci_find(struct virtio_pci *v, struct dddk_dev *d, uint32_t config_min);

/* Resets the device and negotiates features: VIRTIO_F_VERSION_1, VIRTIO_F_ACCESS_PLATFORM if
 * offered, and those of `want` that the device offers, returned in *got; 0, or a negative errno
 * (logged; the device is marked FAILED). */
int virtio_pci_negotiate(struct virtio_pci *v, uint64_t want, uint64_t *got);

/* Sets up queue `index` with at most `max` entries (a power of two) in DMA memory and enables
 * it; 0, or a negative errno (logged; the device is marked FAILED).  Call it after
 * virtio_pci_negotiate, once per queue, and before virtio_pci_go. */
int virtio_pci_queue(struct virtio_pci *v, struct virtq *q, uint16_t index, uint16_t max);

/* Sets DRIVER_OK: the device may now use its queues. */
void virtio_pci_go(struct virtio_pci *v);

/* Reads and so clears the ISR status (VIRTIO_ISR_*), which lowers the INTx line. */
uint8_t virtio_pci_isr(struct virtio_pci *v);

/*
 * Device configuration reads; each field must lie within the config_min
 * bytes given to virtio_pci_find.  A field is read with accesses of its own
 * width (a 64-bit one as two 32-bit halves), and whatever takes more than
 * one access is read again until config_generation shows that the device
 * did not change it meanwhile.
 */
uint16_t virtio_pci_config16(struct virtio_pci *v, uint32_t off); /* an le16 field */
uint64_t virtio_pci_config64(struct virtio_pci *v, uint32_t off); /* an le64 field */
/* n bytes from off into buf: an array of u8, such as a MAC address. */
void virtio_pci_config_bytes(struct virtio_pci *v, uint32_t off, uint8_t *buf, uint32_t n);

/* Offers the chain that starts at descriptor head to the device; visible with the next kick. */
void virtq_push(struct virtq *q, uint16_t head);

/* Tells the device about the chains pushed, unless it asked not to be told. */
void virtq_kick(struct virtq *q);

/* The next chain the device has finished, without taking it: 1 with its head and the bytes the
 * device wrote, or 0 if there is none. */
int virtq_peek(struct virtq *q, uint32_t *head, uint32_t *len);

/* As virtq_peek, and takes the chain: the next call gives the one after it. */
int virtq_pop(struct virtq *q, uint32_t *head, uint32_t *len);
