/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared-memory queues: how device data moves between two components
 * (DESIGN.md decision 7).
 *
 * A queue is a ring of buffer descriptors in memory that both components
 * map, with one producer and one consumer (SPSC).  The producer owns `tail`
 * and the consumer owns `head`; both indices run freely over all of uint32_t
 * and the slot is the index modulo the capacity, a power of two, so the ring
 * needs no "one slot empty" rule and survives the indices wrapping at 2^32.
 * A client and a driver hold a pair of queues per direction (sDDF's model):
 * the free queue carries empty buffers to the side that fills them, the
 * active queue carries filled buffers back.
 *
 * Notifications tell a sleeping consumer that work arrived, but not once per
 * item: the consumer raises `consumer_signal` before it sleeps and re-checks
 * the ring; the producer, after publishing, signals only if it finds the flag
 * raised, and lowers it.  Each side stores then loads, so each needs a full
 * (seq_cst) fence between the two; see kaal_queue_require_signal.
 *
 * Header only, and freestanding: it needs the compiler's <stdatomic.h>,
 * <stdbool.h>, <stddef.h> and <stdint.h>, and no C library.
 */
#pragma once

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The shared layout relies on lock-free 32-bit atomics (no hidden lock). */
#if ATOMIC_INT_LOCK_FREE != 2
#error "kaal/queue.h needs lock-free 32-bit atomics"
#endif

#define KAAL_QUEUE_EAGAIN 11 /* as errno's EAGAIN: the queue is full or empty */
#define KAAL_QUEUE_EINVAL 22 /* as errno's EINVAL: bad capacity or memory */

/* Keeps each index on its own cache line so the two sides do not share one. */
#define KAAL_QUEUE_LINE 64

/* Largest capacity: free-running uint32_t indices need capacity <= 2^31. */
#define KAAL_QUEUE_MAX_CAPACITY (UINT32_C(1) << 31)

/* One entry: a buffer the two sides share, and what is in it. */
typedef struct kaal_buf_desc {
    uint64_t io_addr; /* offset in the shared data region, or a DMA address */
    uint32_t len;     /* bytes of data in the buffer */
    uint32_t id;      /* the sender's own tag (buffer index, request id), carried as is */
} kaal_buf_desc_t;

/* The part both components map.  Zeroed memory is an empty queue. */
typedef struct kaal_queue_shm {
    _Alignas(KAAL_QUEUE_LINE) _Atomic uint32_t tail; /* written by the producer only */
    _Alignas(KAAL_QUEUE_LINE) _Atomic uint32_t head; /* written by the consumer only */
    /* Set by the consumer before it sleeps; cleared by the producer when it
     * signals, or by the consumer when it finds work after all. */
    _Alignas(KAAL_QUEUE_LINE) _Atomic uint32_t consumer_signal;
    _Alignas(KAAL_QUEUE_LINE) kaal_buf_desc_t entries[];
} kaal_queue_shm_t;

_Static_assert(sizeof(_Atomic uint32_t) == 4, "shared indices are 32-bit words");
_Static_assert(sizeof(kaal_buf_desc_t) == 16, "descriptor layout is shared");
_Static_assert(offsetof(kaal_queue_shm_t, head) == KAAL_QUEUE_LINE, "shared layout");
_Static_assert(offsetof(kaal_queue_shm_t, entries) == 3 * KAAL_QUEUE_LINE, "shared layout");

/*
 * One side's local view of a queue.  The capacity is kept here, not in the
 * shared memory, so the peer cannot change it under us; indices are always
 * masked with it, so whatever the peer writes into head or tail, no access
 * leaves the ring.  (The descriptors themselves still come from the peer:
 * check io_addr and len against the data region before using them.)
 */
typedef struct kaal_queue {
    kaal_queue_shm_t *shm;
    uint32_t capacity; /* entries; a power of two */
} kaal_queue_t;

/* The two queues of one direction between a client and a driver. */
typedef struct kaal_queue_handle {
    kaal_queue_t free;   /* empty buffers, going to the side that fills them */
    kaal_queue_t active; /* filled buffers, going to the side that reads them */
} kaal_queue_handle_t;

/* Bytes of shared memory a queue of `capacity` entries needs. */
static inline size_t kaal_queue_shm_size(uint32_t capacity)
{
    return sizeof(kaal_queue_shm_t) + (size_t)capacity * sizeof(kaal_buf_desc_t);
}

/*
 * Either side: sets up the local view of a queue whose shared part is at
 * `shm` (zeroed, or already in use by the peer).  Writes nothing shared.
 * Returns 0, or -KAAL_QUEUE_EINVAL if shm is NULL or capacity is not a
 * power of two in [1, KAAL_QUEUE_MAX_CAPACITY].
 */
static inline int kaal_queue_init(kaal_queue_t *q, kaal_queue_shm_t *shm, uint32_t capacity)
{
    if (!shm || capacity == 0 || capacity > KAAL_QUEUE_MAX_CAPACITY ||
        (capacity & (capacity - 1)) != 0)
        return -KAAL_QUEUE_EINVAL;
    q->shm = shm;
    q->capacity = capacity;
    return 0;
}

/* Either side: sets up both queues of a handle; 0 or -KAAL_QUEUE_EINVAL. */
static inline int kaal_queue_handle_init(kaal_queue_handle_t *h, kaal_queue_shm_t *free_shm,
                                         kaal_queue_shm_t *active_shm, uint32_t capacity)
{
    int err = kaal_queue_init(&h->free, free_shm, capacity);

    return err ? err : kaal_queue_init(&h->active, active_shm, capacity);
}

/* ---- Producer side -------------------------------------------------------- */

/*
 * Producer only: true if an enqueue would fail now.  The load-acquire of
 * head pairs with the store-release in the CONSUMER's kaal_queue_dequeue, so
 * a slot seen free has really been read by the consumer.
 */
static inline bool kaal_queue_full(const kaal_queue_t *q)
{
    uint32_t tail = atomic_load_explicit(&q->shm->tail, memory_order_relaxed);
    uint32_t head = atomic_load_explicit(&q->shm->head, memory_order_acquire);

    return tail - head >= q->capacity;
}

/*
 * Producer only: appends *d and publishes it.  Returns 0, or
 * -KAAL_QUEUE_EAGAIN if the queue is full.  The store-release of tail pairs
 * with the load-acquire of tail in the CONSUMER's dequeue/empty: the entry,
 * and everything written to the buffer before this call, is visible to the
 * consumer once it sees the new tail.  Does not notify: call
 * kaal_queue_require_signal after a batch, and also before waiting for
 * room when this returns -KAAL_QUEUE_EAGAIN: the consumer may be asleep on
 * the very entries that fill the queue (docs/queues.md; the Spin model in
 * tests/model/queue finds that deadlock otherwise).
 */
static inline int kaal_queue_enqueue(kaal_queue_t *q, const kaal_buf_desc_t *d)
{
    kaal_queue_shm_t *s = q->shm;
    /* Relaxed: the producer is the only writer of tail. */
    uint32_t tail = atomic_load_explicit(&s->tail, memory_order_relaxed);
    uint32_t head = atomic_load_explicit(&s->head, memory_order_acquire);

    if (tail - head >= q->capacity)
        return -KAAL_QUEUE_EAGAIN;
    s->entries[tail & (q->capacity - 1)] = *d;
    atomic_store_explicit(&s->tail, tail + 1, memory_order_release);
    return 0;
}

/*
 * Producer only, after publishing one or more entries: returns true if the
 * consumer asked to be woken, and then the caller must signal its
 * notification; the request is used up.
 *
 * The seq_cst fence orders the earlier store of tail before the load of the
 * flag.  It pairs with the seq_cst fence in the CONSUMER's
 * kaal_queue_request_signal, which orders its store of the flag before its
 * re-check of tail.  Release/acquire cannot do this: it never stops a store
 * and a later load from swapping (x86's store buffer does it), and then the
 * producer could miss the flag while the consumer misses the entry, and the
 * consumer would sleep with work pending.  With both fences, one of the two
 * fences comes first in the single seq_cst order, so at least one side
 * sees the other's store.
 */
static inline bool kaal_queue_require_signal(kaal_queue_t *q)
{
    atomic_thread_fence(memory_order_seq_cst);
    if (!atomic_load_explicit(&q->shm->consumer_signal, memory_order_relaxed))
        return false;
    /* The exchange, not a plain store, so a request the consumer cancels
     * meanwhile is not answered, and a new one is never erased unanswered. */
    return atomic_exchange_explicit(&q->shm->consumer_signal, 0, memory_order_relaxed) != 0;
}

/* ---- Consumer side -------------------------------------------------------- */

/*
 * Consumer only: true if there is nothing to dequeue.  The load-acquire of
 * tail pairs with the store-release in the PRODUCER's kaal_queue_enqueue.
 */
static inline bool kaal_queue_empty(const kaal_queue_t *q)
{
    uint32_t head = atomic_load_explicit(&q->shm->head, memory_order_relaxed);

    return atomic_load_explicit(&q->shm->tail, memory_order_acquire) == head;
}

/*
 * Consumer only: removes the oldest entry into *d.  Returns 0, or
 * -KAAL_QUEUE_EAGAIN if the queue is empty.  The load-acquire of tail pairs
 * with the PRODUCER's store-release in enqueue (the entry is complete); the
 * store-release of head pairs with the PRODUCER's load-acquire in
 * enqueue/full (the slot is not reused before this copy is taken).
 */
static inline int kaal_queue_dequeue(kaal_queue_t *q, kaal_buf_desc_t *d)
{
    kaal_queue_shm_t *s = q->shm;
    /* Relaxed: the consumer is the only writer of head. */
    uint32_t head = atomic_load_explicit(&s->head, memory_order_relaxed);
    uint32_t tail = atomic_load_explicit(&s->tail, memory_order_acquire);

    if (tail == head)
        return -KAAL_QUEUE_EAGAIN;
    *d = s->entries[head & (q->capacity - 1)];
    atomic_store_explicit(&s->head, head + 1, memory_order_release);
    return 0;
}

/*
 * Consumer only: asks the producer to signal after its next publish.  Call
 * it once the queue looked empty and before sleeping, then re-check with
 * kaal_queue_empty: an entry published before the producer could see the
 * flag shows up there.  The seq_cst fence pairs with the one in the
 * PRODUCER's kaal_queue_require_signal (see there why it must be seq_cst).
 */
static inline void kaal_queue_request_signal(kaal_queue_t *q)
{
    atomic_store_explicit(&q->shm->consumer_signal, 1, memory_order_relaxed);
    atomic_thread_fence(memory_order_seq_cst);
}

/*
 * Consumer only: withdraws a request, when the re-check found work.
 * Relaxed: a request that lingers only costs the consumer a spurious wakeup.
 */
static inline void kaal_queue_cancel_signal(kaal_queue_t *q)
{
    atomic_store_explicit(&q->shm->consumer_signal, 0, memory_order_relaxed);
}

/*
 * Consumer only, once dequeue has found the queue empty: requests a signal
 * and re-checks.  Returns true if the caller may now wait on its
 * notification (it will be signalled when an entry comes), false if entries
 * arrived meanwhile (the request is withdrawn; dequeue them first).
 */
static inline bool kaal_queue_prepare_wait(kaal_queue_t *q)
{
    kaal_queue_request_signal(q);
    if (kaal_queue_empty(q))
        return true;
    kaal_queue_cancel_signal(q);
    return false;
}
