/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The block device's part of virtio (virtio 1.2 specification, section
 * 5.2): its feature bits, its configuration and its requests.  What all
 * virtio devices share is in <kaal/virtio.h>.
 */
#pragma once

#include <kaal/virtio.h>

#define VIRTIO_PCI_BLK_DEV VIRTIO_PCI_DEVICE(VIRTIO_ID_BLOCK) /* 0x1042 */

/* Feature bits. */
#define VIRTIO_BLK_F_RO    5
#define VIRTIO_BLK_F_FLUSH 9

/* struct virtio_blk_config, by offset. */
#define VIRTIO_BLK_CFG_CAPACITY 0x00 /* le64: 512-byte sectors */
#define VIRTIO_BLK_CFG_MIN      8

/* The block request's header and its last byte (section 5.2.6). */
#define VIRTIO_BLK_T_IN    0
#define VIRTIO_BLK_T_OUT   1
#define VIRTIO_BLK_T_FLUSH 4

#define VIRTIO_BLK_S_OK     0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2

struct virtio_blk_hdr {
    uint32_t type;
    uint32_t reserved;
    uint64_t sector;
};
