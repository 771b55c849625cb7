/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The stream's shared region `stream`, as producer.c and consumer.c both
 * see it: system.yaml maps it read-write at STREAM_VADDR in both.
 *
 *   +0x0000  free queue     empty buffers, consumer -> producer
 *   +0x1000  active queue   filled buffers, producer -> consumer
 *   +0x2000  STREAM_NBUF data buffers of STREAM_BUF_SIZE bytes each
 *
 * A descriptor names a buffer by its index (id) and its offset from
 * STREAM_DATA (io_addr); each side checks the two agree before it touches
 * the buffer.  A filled buffer holds one struct stream_item.
 *
 * All buffers start with the producer.  It cannot put them on the free
 * queue itself, since only the consumer may enqueue there (one producer per
 * queue), so it uses buffers 0 to STREAM_NBUF - 1 once each and after that
 * only those the consumer hands back.
 */
#pragma once

#include <kaal/queue.h>

#define STREAM_CH 0 /* the producer-consumer channel's id, at both ends (system.yaml) */

#define STREAM_VADDR    0x20000000ul
#define STREAM_SIZE     0x10000ul /* 64K, as the region in system.yaml */
#define STREAM_CAPACITY 16        /* entries per queue */
#define STREAM_ITEMS    1000      /* items the producer sends */
#define STREAM_BUF_SIZE 256

/*
 * As many buffers as a queue has slots: then neither queue can be full
 * while a buffer is outside it.  The producer's wait for room on the active
 * queue is its wait for a buffer on the free queue, and the consumer's
 * enqueue on the free queue cannot fail.
 */
#define STREAM_NBUF STREAM_CAPACITY

#define STREAM_FREE   ((kaal_queue_shm_t *)STREAM_VADDR)
#define STREAM_ACTIVE ((kaal_queue_shm_t *)(STREAM_VADDR + 0x1000))
#define STREAM_DATA   (STREAM_VADDR + 0x2000)

_Static_assert(sizeof(kaal_queue_shm_t) + STREAM_CAPACITY * sizeof(kaal_buf_desc_t) <= 0x1000,
               "a queue fits its page");
_Static_assert(0x2000 + STREAM_NBUF * STREAM_BUF_SIZE <= STREAM_SIZE, "the buffers fit the region");
_Static_assert(STREAM_ITEMS > 2 * STREAM_CAPACITY,
               "the stream wraps the queues and reuses buffers");

/* What a filled buffer holds. */
struct stream_item {
    uint64_t seq;   /* 0, 1, ... in the order sent */
    uint64_t value; /* stream_value(seq) */
};

_Static_assert(sizeof(struct stream_item) <= STREAM_BUF_SIZE, "an item fits a buffer");

/* The value the item with sequence number seq carries. */
static inline uint64_t stream_value(uint64_t seq)
{
    return seq * seq + 1;
}

/* The descriptor of buffer id, with nothing in it. */
static inline kaal_buf_desc_t stream_desc(uint32_t id)
{
    return (kaal_buf_desc_t){.io_addr = (uint64_t)id * STREAM_BUF_SIZE, .len = 0, .id = id};
}

/* True if d names one of the buffers, its id and io_addr agreeing; d comes from the peer. */
static inline bool stream_desc_ok(const kaal_buf_desc_t *d)
{
    return d->id < STREAM_NBUF && d->io_addr == (uint64_t)d->id * STREAM_BUF_SIZE;
}

/* The item in the buffer d names; d must have passed stream_desc_ok. */
static inline struct stream_item *stream_item(const kaal_buf_desc_t *d)
{
    return (struct stream_item *)(STREAM_DATA + d->io_addr);
}
