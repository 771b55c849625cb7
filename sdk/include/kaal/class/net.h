/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The network device class: how a client sends and receives Ethernet
 * frames through a network driver (docs/class-net.md).
 *
 * The two share one region, KAAL_NET_REGION_SIZE bytes, that the system
 * description maps read-write into both (each at its own address), and one
 * channel.  The region holds four queues of <kaal/queue.h> and the frame
 * buffers:
 *
 *   +0x0000  rx free     empty buffers for received frames   client -> driver
 *   +0x1000  rx active   received frames                     driver -> client
 *   +0x2000  tx free     buffers whose frames were taken     driver -> client
 *   +0x3000  tx active   frames to send                      client -> driver
 *   +0x4000  KAAL_NET_NBUF buffers of KAAL_NET_BUF_SIZE bytes
 *
 * All buffers belong to the client at first; it hands some to the driver
 * on rx free and fills others to send on tx active.  A descriptor names a
 * buffer by io_addr, its offset from the start of the buffers (a multiple
 * of KAAL_NET_BUF_SIZE), and carries the frame's length in len (without the
 * FCS); id is the client's own tag, which the driver hands back unchanged.
 * The driver copies frames between these buffers and its own DMA memory,
 * so the client never names a device address.
 *
 * Notifications follow the signalling rule of docs/queues.md: each side
 * drains the queues it consumes, asks to be signalled (prepare_wait)
 * before it waits, and after a batch of enqueues signals the channel only
 * if kaal_net_client_signal or kaal_net_driver_signal says the peer asked.
 *
 * The client asks the driver for the MAC address and link state with the
 * protected call of sdk/interface/net.proto, kaal_net_info(ch, &out); the
 * errno ENOSYS means the driver is not serving (it logged why).
 */
#pragma once

#include <kaal/proto/net.h>
#include <kaal/queue.h>

#define KAAL_NET_CAPACITY  32 /* entries per queue */
#define KAAL_NET_RX_BUFS   32 /* buffers a client of this header's layout keeps for receiving */
#define KAAL_NET_TX_BUFS   32 /* and for sending */
#define KAAL_NET_NBUF      (KAAL_NET_RX_BUFS + KAAL_NET_TX_BUFS)
#define KAAL_NET_BUF_SIZE  2048 /* bytes per buffer */
#define KAAL_NET_FRAME_MIN 60   /* an Ethernet frame without its FCS: shortest */
#define KAAL_NET_FRAME_MAX 1514 /* and longest (no VLAN tag, no jumbo frames) */

#define KAAL_NET_RX_FREE     0x0000
#define KAAL_NET_RX_ACTIVE   0x1000
#define KAAL_NET_TX_FREE     0x2000
#define KAAL_NET_TX_ACTIVE   0x3000
#define KAAL_NET_DATA        0x4000
#define KAAL_NET_REGION_SIZE (KAAL_NET_DATA + KAAL_NET_NBUF * KAAL_NET_BUF_SIZE) /* 144 KiB */

/* Where a driver of this class expects the region and its client's channel; its system
 * description must map and connect them there. */
#define KAAL_NET_DRIVER_VADDR 0x30000000ul
#define KAAL_NET_DRIVER_CH    0

_Static_assert(KAAL_NET_CAPACITY * sizeof(kaal_buf_desc_t) + sizeof(kaal_queue_shm_t) <= 0x1000,
               "a queue fits its page");
_Static_assert(KAAL_NET_RX_BUFS <= KAAL_NET_CAPACITY && KAAL_NET_TX_BUFS <= KAAL_NET_CAPACITY,
               "no queue can be full while a buffer of its direction is outside it");
_Static_assert(KAAL_NET_FRAME_MAX <= KAAL_NET_BUF_SIZE, "a frame fits a buffer");

/* One side's view of the region. */
typedef struct kaal_net {
    uint8_t *data;          /* the buffers */
    kaal_queue_handle_t rx; /* free: client -> driver; active: driver -> client */
    kaal_queue_handle_t tx; /* free: driver -> client; active: client -> driver */
} kaal_net_t;

/* Either side: the view of the region mapped at base; writes nothing shared.  0, or
 * -KAAL_QUEUE_EINVAL if base is NULL. */
static inline int kaal_net_init(kaal_net_t *n, void *base)
{
    uint8_t *b = base;

    if (!b)
        return -KAAL_QUEUE_EINVAL;
    n->data = b + KAAL_NET_DATA;
    kaal_queue_handle_init(&n->rx, (kaal_queue_shm_t *)(b + KAAL_NET_RX_FREE),
                           (kaal_queue_shm_t *)(b + KAAL_NET_RX_ACTIVE), KAAL_NET_CAPACITY);
    /* Neither can fail: the capacity is a power of two and the memory is there. */
    return kaal_queue_handle_init(&n->tx, (kaal_queue_shm_t *)(b + KAAL_NET_TX_FREE),
                                  (kaal_queue_shm_t *)(b + KAAL_NET_TX_ACTIVE), KAAL_NET_CAPACITY);
}

/* The descriptor of buffer i, empty: io_addr is its offset, id its number. */
static inline kaal_buf_desc_t kaal_net_desc(uint32_t i)
{
    return (kaal_buf_desc_t){.io_addr = (uint64_t)i * KAAL_NET_BUF_SIZE, .len = 0, .id = i};
}

/*
 * Either side: the buffer a descriptor from the peer names, or NULL if it
 * names none (io_addr not a buffer's start) or len is more than a buffer.
 * Check every descriptor dequeued with this before touching the buffer.
 */
static inline uint8_t *kaal_net_buf(const kaal_net_t *n, const kaal_buf_desc_t *d)
{
    if (d->io_addr % KAAL_NET_BUF_SIZE || d->io_addr / KAAL_NET_BUF_SIZE >= KAAL_NET_NBUF ||
        d->len > KAAL_NET_BUF_SIZE)
        return 0;
    return n->data + d->io_addr;
}

/*
 * Driver only, after a batch of enqueues on rx active and tx free: true if
 * the client asked for a signal on either, and then the driver must notify
 * the channel.  Both requests are consumed (see kaal_queue_require_signal).
 */
static inline bool kaal_net_driver_signal(kaal_net_t *n)
{
    bool rx = kaal_queue_require_signal(&n->rx.active);

    return kaal_queue_require_signal(&n->tx.free) || rx;
}

/* Client only, after a batch of enqueues on rx free and tx active: as kaal_net_driver_signal. */
static inline bool kaal_net_client_signal(kaal_net_t *n)
{
    bool rx = kaal_queue_require_signal(&n->rx.free);

    return kaal_queue_require_signal(&n->tx.active) || rx;
}
