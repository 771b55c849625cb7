/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio 1.x PCI transport and one split virtqueue, as the virtio-blk
 * driver uses them (virtio_pci.c).  Nothing here is specific to the block
 * device except the feature bits the caller asks for.
 */
#pragma once

#include "virtio.h"

#include <kaal/dddk.h>

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

/* Finds the common, notify, ISR and device structures in the BARs the DDDK mapped; 0, or -1
 * with the reason logged (dddk_fail). */
int virtio_pci_find(struct virtio_pci *v, struct dddk_dev *d);

/* Resets the device and negotiates features: VIRTIO_F_VERSION_1 and those of `want` that the
 * device offers, returned in *got; 0, or -1 (logged; the device is marked FAILED). */
int virtio_pci_negotiate(struct virtio_pci *v, uint64_t want, uint64_t *got);

/* Sets up queue `index` with at most `max` entries (a power of two) in DMA memory and enables
 * it; 0, or -1 (logged; the device is marked FAILED). */
int virtio_pci_queue(struct virtio_pci *v, struct virtq *q, uint16_t index, uint16_t max);

/* Sets DRIVER_OK: the device may now use its queues. */
void virtio_pci_go(struct virtio_pci *v);

/* Reads and so clears the ISR status (VIRTIO_ISR_*), which lowers the INTx line. */
uint8_t virtio_pci_isr(struct virtio_pci *v);

/* The 64-bit field at off in the device configuration, read consistently (config_generation). */
uint64_t virtio_pci_config64(struct virtio_pci *v, uint32_t off);

/* Offers the chain that starts at descriptor head to the device; visible with the next kick. */
void virtq_push(struct virtq *q, uint16_t head);

/* Tells the device about the chains pushed, unless it asked not to be told. */
void virtq_kick(struct virtq *q);

/* Takes the next chain the device has finished: 1 with its head and the bytes it wrote, or 0 if
 * there is none. */
int virtq_pop(struct virtq *q, uint32_t *head, uint32_t *len);
