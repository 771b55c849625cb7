/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The network device's part of virtio (virtio 1.2 specification, section
 * 5.1): its feature bits, its configuration, its queues and the header in
 * front of every frame.  What all virtio devices share is in
 * <kaal/virtio.h>.
 */
#pragma once

#include <kaal/virtio.h>

#define VIRTIO_PCI_NET_DEV VIRTIO_PCI_DEVICE(VIRTIO_ID_NET) /* 0x1041 */

/* Feature bits. */
#define VIRTIO_NET_F_MAC    5  /* the configuration holds the MAC address */
#define VIRTIO_NET_F_STATUS 16 /* the configuration holds the link status */

/* struct virtio_net_config, by offset. */
#define VIRTIO_NET_CFG_MAC    0x00 /* u8 mac[6], with VIRTIO_NET_F_MAC */
#define VIRTIO_NET_CFG_STATUS 0x06 /* le16, with VIRTIO_NET_F_STATUS */
#define VIRTIO_NET_CFG_MIN    8
#define VIRTIO_NET_S_LINK_UP  1

/* The first queue pair: receiveq1 and transmitq1 (section 5.1.2). */
#define VIRTIO_NET_RX_QUEUE 0
#define VIRTIO_NET_TX_QUEUE 1

/*
 * struct virtio_net_hdr (section 5.1.6): in front of every frame in both
 * directions.  With VIRTIO_F_VERSION_1 it always has num_buffers, so it is
 * 12 bytes.  Without offloads the driver sends it all zero (no checksum to
 * fill in, VIRTIO_NET_HDR_GSO_NONE), and the device's on a received frame
 * says nothing the driver needs.
 */
struct virtio_net_hdr {
    uint8_t flags;
    uint8_t gso_type;
    uint16_t hdr_len;
    uint16_t gso_size;
    uint16_t csum_start;
    uint16_t csum_offset;
    uint16_t num_buffers;
};

_Static_assert(sizeof(struct virtio_net_hdr) == 12, "the header's layout is the device's");
