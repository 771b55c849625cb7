/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What every modern (virtio 1.x) PCI device shares: the vendor
 * capabilities that locate its structures, the common configuration, the
 * status and transport feature bits, the ISR bits and the split virtqueue.
 * Facts from the virtio 1.2 specification (sections 2.1, 2.7, 4.1 and 6);
 * everything is little-endian, which is x86's own order.  Each device's own
 * configuration and requests live with its driver (drivers/<class>/virtio-*).
 */
#pragma once

#include <stdint.h>

/* PCI configuration space. */
#define PCI_STATUS_CMD    0x04 /* command in bits 0-15, status in 16-31 */
#define PCI_STATUS_CAPS   (1u << (16 + 4))
#define PCI_CAP_PTR       0x34
#define PCI_CAP_VENDOR    0x09 /* a vendor-specific capability: virtio's */
#define PCI_CAP_MAX_CHAIN 48   /* (256 - 64) / 4: more is a loop */

/* A modern device's PCI ids: the vendor, and 0x1040 + the virtio device id (section 5). */
#define VIRTIO_PCI_VENDOR     0x1af4
#define VIRTIO_PCI_DEVICE(id) (0x1040 + (id))
#define VIRTIO_ID_NET         1
#define VIRTIO_ID_BLOCK       2

/* struct virtio_pci_cap: cap_vndr, cap_next, cap_len, cfg_type | bar, id | offset | length. */
#define VIRTIO_CAP_TYPE(w0)    ((w0) >> 24 & 0xff)
#define VIRTIO_CAP_BAR(w1)     ((w1)&0xff)
#define VIRTIO_CAP_OFFSET      8
#define VIRTIO_CAP_LENGTH      12
#define VIRTIO_CAP_NOTIFY_MULT 16 /* the notify capability's notify_off_multiplier */

enum virtio_cap_type {
    VIRTIO_CAP_COMMON = 1,
    VIRTIO_CAP_NOTIFY = 2,
    VIRTIO_CAP_ISR = 3,
    VIRTIO_CAP_DEVICE = 4,
};

/* struct virtio_pci_common_cfg, by offset. */
#define VIRTIO_COMMON_DFSELECT  0x00 /* le32 device_feature_select */
#define VIRTIO_COMMON_DF        0x04 /* le32 device_feature */
#define VIRTIO_COMMON_GFSELECT  0x08 /* le32 driver_feature_select */
#define VIRTIO_COMMON_GF        0x0c /* le32 driver_feature */
#define VIRTIO_COMMON_NUMQ      0x12 /* le16 num_queues */
#define VIRTIO_COMMON_STATUS    0x14 /* u8 device_status */
#define VIRTIO_COMMON_CFGGEN    0x15 /* u8 config_generation */
#define VIRTIO_COMMON_Q_SELECT  0x16 /* le16 queue_select */
#define VIRTIO_COMMON_Q_SIZE    0x18 /* le16 queue_size */
#define VIRTIO_COMMON_Q_ENABLE  0x1c /* le16 queue_enable */
#define VIRTIO_COMMON_Q_NOFF    0x1e /* le16 queue_notify_off */
#define VIRTIO_COMMON_Q_DESC    0x20 /* le64 queue_desc */
#define VIRTIO_COMMON_Q_DRIVER  0x28 /* le64 queue_driver: the available ring */
#define VIRTIO_COMMON_Q_DEVICE  0x30 /* le64 queue_device: the used ring */
#define VIRTIO_COMMON_MIN_BYTES 0x38 /* up to queue_device, all a driver touches */

/* device_status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE 0x01
#define VIRTIO_STATUS_DRIVER      0x02
#define VIRTIO_STATUS_DRIVER_OK   0x04
#define VIRTIO_STATUS_FEATURES_OK 0x08
#define VIRTIO_STATUS_NEEDS_RESET 0x40
#define VIRTIO_STATUS_FAILED      0x80

/* The transport's feature bit every driver here needs; the devices' own are their drivers'. */
#define VIRTIO_F_VERSION_1 32
/* The device's DMA goes through the platform's IOMMU (QEMU: iommu_platform=on).  The DDDK's
 * DMA addresses are the I/O addresses the root server maps for the device, so a driver takes
 * it whenever it is offered. */
#define VIRTIO_F_ACCESS_PLATFORM 33

/* ISR status bits; reading the register clears them and lowers INTx. */
#define VIRTIO_ISR_QUEUE  0x1
#define VIRTIO_ISR_CONFIG 0x2

/* A split virtqueue (section 2.7): descriptor table, available ring, used ring. */
#define VIRTQ_DESC_F_NEXT  1
#define VIRTQ_DESC_F_WRITE 2 /* the device writes this buffer */

struct virtq_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};

struct virtq_avail {
    uint16_t flags;
    uint16_t idx;
    uint16_t ring[]; /* then le16 used_event, unused without VIRTIO_F_EVENT_IDX */
};

struct virtq_used_elem {
    uint32_t id; /* the head of the descriptor chain */
    uint32_t len;
};

#define VIRTQ_USED_F_NO_NOTIFY 1

struct virtq_used {
    uint16_t flags;
    uint16_t idx;
    struct virtq_used_elem ring[]; /* then le16 avail_event */
};

_Static_assert(sizeof(struct virtq_desc) == 16, "the descriptor layout is the device's");
