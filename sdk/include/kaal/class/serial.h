/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The serial device class: how a client sends and receives bytes through a
 * UART driver (docs/class-serial.md).
 *
 * The two share one region of KAAL_SERIAL_REGION_SIZE bytes, mapped
 * read-write into both (each at its own address), and one channel.  The
 * region holds two queue pairs of <kaal/queue.h>, one per direction, and
 * the byte buffers:
 *
 *   +0x0000  tx active  bytes to send                     client -> driver
 *   +0x1000  tx free    buffers whose bytes went out      driver -> client
 *   +0x2000  rx free    empty buffers for received bytes  client -> driver
 *   +0x3000  rx active  bytes received                    driver -> client
 *   +0x4000  KAAL_SERIAL_NBUF buffers of KAAL_SERIAL_BUF_SIZE bytes
 *
 * Every buffer belongs to the client at first.  It hands the first
 * KAAL_SERIAL_RX_BUFS to the driver on rx free and sends with the others.
 * A descriptor names a buffer by io_addr, its offset from the start of the
 * buffers (a multiple of KAAL_SERIAL_BUF_SIZE), and the number of bytes in
 * it by len; id is the client's own tag, handed back unchanged.  The driver
 * returns a tx buffer once its bytes are in the UART, and hands over an rx
 * buffer as soon as an interrupt's worth of bytes is in it, full or not.
 *
 * Who calls what, following the signalling rule of docs/queues.md:
 *
 *   client: produces tx active and rx free, consumes tx free and rx active;
 *           after a batch of enqueues it notifies the channel if
 *           kaal_serial_client_signal says so, and before it waits it calls
 *           kaal_queue_prepare_wait on each queue it waits for;
 *   driver: produces rx active and tx free, consumes tx active and rx free;
 *           the same with kaal_serial_driver_signal.
 *
 * Each side checks every descriptor it dequeues with kaal_serial_buf.
 */
#pragma once

#include <kaal/component.h>
#include <kaal/proto/serial.h>
#include <kaal/queue.h>

#define KAAL_SERIAL_CAPACITY 32 /* entries per queue */
#define KAAL_SERIAL_RX_BUFS  16 /* buffers a client of this layout lends the driver for input */
#define KAAL_SERIAL_TX_BUFS  16 /* and keeps for output */
#define KAAL_SERIAL_NBUF     (KAAL_SERIAL_RX_BUFS + KAAL_SERIAL_TX_BUFS)
#define KAAL_SERIAL_BUF_SIZE 128 /* bytes per buffer */

#define KAAL_SERIAL_TX_ACTIVE   0x0000
#define KAAL_SERIAL_TX_FREE     0x1000
#define KAAL_SERIAL_RX_FREE     0x2000
#define KAAL_SERIAL_RX_ACTIVE   0x3000
#define KAAL_SERIAL_DATA        0x4000
#define KAAL_SERIAL_REGION_SIZE (KAAL_SERIAL_DATA + KAAL_SERIAL_NBUF * KAAL_SERIAL_BUF_SIZE)

/* Where a driver of this class expects the region and its client's channel; its system
 * description must map and connect them there. */
#define KAAL_SERIAL_DRIVER_VADDR 0x30000000ul
#define KAAL_SERIAL_DRIVER_CH    1

/*
 * The one protected call, client to driver, comes from the spec
 * sdk/interface/serial.proto: kaal_serial_info(ch, &out) returns 0 with the
 * driver's counters (struct kaal_serial_info_out: rx_bytes, tx_bytes,
 * overruns, rx_irqs, tx_irqs, flags) or a negative errno; ENOSYS means the
 * driver is not serving (it logged why), EBADF that ch is not a channel the
 * client may call.
 */

/* In flags: nothing is queued or held for sending and the UART's transmitter is empty, so
 * every byte the client queued is on the wire. */
#define KAAL_SERIAL_TX_IDLE 0x1

_Static_assert(sizeof(kaal_queue_shm_t) + KAAL_SERIAL_CAPACITY * sizeof(kaal_buf_desc_t) <= 0x1000,
               "a queue fits its page");
_Static_assert(KAAL_SERIAL_NBUF <= KAAL_SERIAL_CAPACITY,
               "a queue never fills unless a buffer is queued twice");

/* One side's view of the region. */
typedef struct kaal_serial {
    uint8_t *data;          /* the buffers */
    kaal_queue_handle_t tx; /* active: client -> driver; free: driver -> client */
    kaal_queue_handle_t rx; /* free: client -> driver; active: driver -> client */
} kaal_serial_t;

/* Either side: the view of the region mapped at base; writes nothing shared.  0, or
 * -KAAL_QUEUE_EINVAL if base is NULL. */
static inline int kaal_serial_init(kaal_serial_t *s, void *base)
{
    uint8_t *b = base;

    if (!b)
        return -KAAL_QUEUE_EINVAL;
    s->data = b + KAAL_SERIAL_DATA;
    /* Neither can fail: the capacity is a power of two and the memory is there. */
    kaal_queue_handle_init(&s->tx, (kaal_queue_shm_t *)(b + KAAL_SERIAL_TX_FREE),
                           (kaal_queue_shm_t *)(b + KAAL_SERIAL_TX_ACTIVE), KAAL_SERIAL_CAPACITY);
    return kaal_queue_handle_init(&s->rx, (kaal_queue_shm_t *)(b + KAAL_SERIAL_RX_FREE),
                                  (kaal_queue_shm_t *)(b + KAAL_SERIAL_RX_ACTIVE),
                                  KAAL_SERIAL_CAPACITY);
}

/* Client: the descriptor of buffer i, empty; io_addr is its offset, id its number. */
static inline kaal_buf_desc_t kaal_serial_desc(uint32_t i)
{
    return (kaal_buf_desc_t){.io_addr = (uint64_t)i * KAAL_SERIAL_BUF_SIZE, .len = 0, .id = i};
}

/*
 * Client: the view of the region mapped at base, as kaal_serial_init, then
 * the first KAAL_SERIAL_RX_BUFS buffers lent to the driver on rx free; the
 * client sends with the rest.  Call it once, before the driver is signalled.
 * 0, or -KAAL_QUEUE_EINVAL if base is NULL.
 */
static inline int kaal_serial_client_init(kaal_serial_t *s, void *base)
{
    int err = kaal_serial_init(s, base);

    for (uint32_t i = 0; err == 0 && i < KAAL_SERIAL_RX_BUFS; i++) {
        kaal_buf_desc_t d = kaal_serial_desc(i);
        err = kaal_queue_enqueue(&s->rx.free, &d); /* cannot fail: the queue is empty */
    }
    return err;
}

/*
 * Either side: the buffer a descriptor from the peer names, or NULL if it
 * names none (io_addr not the start of a buffer) or len is more than a
 * buffer holds.
 */
static inline uint8_t *kaal_serial_buf(const kaal_serial_t *s, const kaal_buf_desc_t *d)
{
    if (d->io_addr % KAAL_SERIAL_BUF_SIZE ||
        d->io_addr / KAAL_SERIAL_BUF_SIZE >= KAAL_SERIAL_NBUF || d->len > KAAL_SERIAL_BUF_SIZE)
        return 0;
    return s->data + d->io_addr;
}

/*
 * Driver only, after a batch of enqueues on rx active and tx free: true if
 * the client asked for a signal on either, and then the driver must notify
 * the channel.  Both requests are used up (kaal_queue_require_signal).
 */
static inline bool kaal_serial_driver_signal(kaal_serial_t *s)
{
    bool rx = kaal_queue_require_signal(&s->rx.active);

    return kaal_queue_require_signal(&s->tx.free) || rx;
}

/* Client only, after a batch of enqueues on tx active and rx free: as kaal_serial_driver_signal. */
static inline bool kaal_serial_client_signal(kaal_serial_t *s)
{
    bool tx = kaal_queue_require_signal(&s->tx.active);

    return kaal_queue_require_signal(&s->rx.free) || tx;
}
