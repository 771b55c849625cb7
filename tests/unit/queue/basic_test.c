/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <kaal/queue.h> on one thread: capacity checks, FIFO order, full and
 * empty, indices that wrap at 2^32, a peer that writes nonsense indices,
 * and the signal-request flag.  The two-thread protocol is in stream_test.c
 * and the signalling race in the Spin model (tests/model/queue).
 */
#include "test.h"

#include <stdint.h>
#include <stdlib.h>
#include <kaal/queue.h>

/* Shared memory for a queue of `capacity` entries, zeroed and exactly as
 * large as kaal_queue_shm_size says, so ASan catches any access past it. */
static kaal_queue_shm_t *shm_new(uint32_t capacity)
{
    void *p = NULL;
    size_t size = kaal_queue_shm_size(capacity);

    if (posix_memalign(&p, KAAL_QUEUE_LINE, size) != 0)
        abort();
    memset(p, 0, size);
    return p;
}

static void set_indices(kaal_queue_shm_t *s, uint32_t head, uint32_t tail)
{
    atomic_store(&s->head, head);
    atomic_store(&s->tail, tail);
}

static kaal_buf_desc_t desc(uint32_t n)
{
    kaal_buf_desc_t d = {.io_addr = (uint64_t)n * 4096, .len = n % 1500, .id = n};
    return d;
}

static void check_desc(const kaal_buf_desc_t *d, uint32_t n)
{
    CHECK_EQ(d->io_addr, (uint64_t)n * 4096);
    CHECK_EQ(d->len, n % 1500);
    CHECK_EQ(d->id, n);
}

static void init_checks_capacity(void)
{
    kaal_queue_shm_t *s = shm_new(1);
    kaal_queue_t q;

    CHECK_EQ(kaal_queue_init(&q, s, 0), -KAAL_QUEUE_EINVAL);
    CHECK_EQ(kaal_queue_init(&q, s, 3), -KAAL_QUEUE_EINVAL);
    CHECK_EQ(kaal_queue_init(&q, s, 96), -KAAL_QUEUE_EINVAL);
    CHECK_EQ(kaal_queue_init(&q, s, UINT32_MAX), -KAAL_QUEUE_EINVAL);
    CHECK_EQ(kaal_queue_init(&q, NULL, 8), -KAAL_QUEUE_EINVAL);
    CHECK_EQ(kaal_queue_init(&q, s, 1), 0);
    CHECK_EQ(q.capacity, 1);
    CHECK_EQ(kaal_queue_init(&q, s, KAAL_QUEUE_MAX_CAPACITY), 0);
    CHECK_EQ(kaal_queue_shm_size(8), 3 * KAAL_QUEUE_LINE + 8 * sizeof(kaal_buf_desc_t));
    free(s);
}

static void handle_init_sets_both_queues(void)
{
    kaal_queue_shm_t *f = shm_new(4), *a = shm_new(4);
    kaal_queue_handle_t h;

    CHECK_EQ(kaal_queue_handle_init(&h, f, a, 4), 0);
    CHECK(h.free.shm == f && h.active.shm == a);
    CHECK_EQ(h.free.capacity, 4);
    CHECK_EQ(h.active.capacity, 4);
    CHECK_EQ(kaal_queue_handle_init(&h, f, NULL, 4), -KAAL_QUEUE_EINVAL);
    CHECK_EQ(kaal_queue_handle_init(&h, f, a, 5), -KAAL_QUEUE_EINVAL);
    free(f);
    free(a);
}

/* Fills the queue, then drains it, checking order and the full/empty edges. */
static void fill_and_drain(kaal_queue_t *q, uint32_t first)
{
    kaal_buf_desc_t d;

    CHECK(kaal_queue_empty(q));
    CHECK_EQ(kaal_queue_dequeue(q, &d), -KAAL_QUEUE_EAGAIN);
    for (uint32_t i = 0; i < q->capacity; i++) {
        CHECK(!kaal_queue_full(q));
        d = desc(first + i);
        CHECK_EQ(kaal_queue_enqueue(q, &d), 0);
        CHECK(!kaal_queue_empty(q));
    }
    CHECK(kaal_queue_full(q));
    d = desc(0xdead);
    CHECK_EQ(kaal_queue_enqueue(q, &d), -KAAL_QUEUE_EAGAIN);
    for (uint32_t i = 0; i < q->capacity; i++) {
        CHECK_EQ(kaal_queue_dequeue(q, &d), 0);
        check_desc(&d, first + i);
        CHECK(!kaal_queue_full(q));
    }
    CHECK(kaal_queue_empty(q));
    CHECK_EQ(kaal_queue_dequeue(q, &d), -KAAL_QUEUE_EAGAIN);
}

static void fifo_order_full_and_empty(void)
{
    static const uint32_t caps[] = {1, 2, 8, 64};

    for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
        kaal_queue_shm_t *s = shm_new(caps[i]);
        kaal_queue_t q;

        CHECK_EQ(kaal_queue_init(&q, s, caps[i]), 0);
        for (uint32_t round = 0; round < 3; round++)
            fill_and_drain(&q, round * 1000);
        CHECK_EQ(atomic_load(&s->tail), 3 * caps[i]);
        CHECK_EQ(atomic_load(&s->head), 3 * caps[i]);
        free(s);
    }
}

/* Indices that start just below 2^32: order and full/empty hold across 0. */
static void indices_wrap_at_2_32(void)
{
    kaal_queue_shm_t *s = shm_new(8);
    kaal_queue_t q;
    kaal_buf_desc_t d;
    uint32_t sent = 0, got = 0;

    CHECK_EQ(kaal_queue_init(&q, s, 8), 0);
    set_indices(s, UINT32_MAX - 2, UINT32_MAX - 2);
    fill_and_drain(&q, 0);
    CHECK_EQ(atomic_load(&s->tail), 5); /* UINT32_MAX - 2 + 8, modulo 2^32 */
    set_indices(s, UINT32_MAX - 20, UINT32_MAX - 20);
    /* Uneven batches: 3 in, 2 out, so the fill level moves over the wrap. */
    while (got < 200) {
        for (int i = 0; i < 3 && sent < 200; i++) {
            d = desc(sent);
            if (kaal_queue_enqueue(&q, &d) == 0)
                sent++;
        }
        for (int i = 0; i < 2 && kaal_queue_dequeue(&q, &d) == 0; i++)
            check_desc(&d, got++);
    }
    CHECK_EQ(sent, 200);
    CHECK(kaal_queue_empty(&q));
    CHECK_EQ(atomic_load(&s->head), (uint32_t)(UINT32_MAX - 20 + 200));
    free(s);
}

/* Full and empty are decided by tail - head, not by comparing the indices. */
static void full_across_the_wrap(void)
{
    kaal_queue_shm_t *s = shm_new(8);
    kaal_queue_t q;
    kaal_buf_desc_t d = desc(1);

    CHECK_EQ(kaal_queue_init(&q, s, 8), 0);
    set_indices(s, UINT32_MAX - 5, 2); /* 8 entries: -6 .. 1 */
    CHECK(kaal_queue_full(&q));
    CHECK(!kaal_queue_empty(&q));
    CHECK_EQ(kaal_queue_enqueue(&q, &d), -KAAL_QUEUE_EAGAIN);
    set_indices(s, UINT32_MAX - 4, 2); /* 7 entries */
    CHECK(!kaal_queue_full(&q));
    CHECK_EQ(kaal_queue_enqueue(&q, &d), 0);
    CHECK(kaal_queue_full(&q));
    free(s);
}

/* A peer writing nonsense into its index cannot make us leave the ring. */
static void hostile_indices_stay_in_the_ring(void)
{
    kaal_queue_shm_t *s = shm_new(4);
    kaal_queue_t q;
    kaal_buf_desc_t d = desc(7);

    CHECK_EQ(kaal_queue_init(&q, s, 4), 0);
    set_indices(s, 1000, 10); /* head past tail: looks over-full */
    CHECK(kaal_queue_full(&q));
    CHECK_EQ(kaal_queue_enqueue(&q, &d), -KAAL_QUEUE_EAGAIN);
    set_indices(s, 0, 0x7fffffff); /* tail far ahead: the consumer reads old slots */
    for (int i = 0; i < 10; i++)
        CHECK_EQ(kaal_queue_dequeue(&q, &d), 0);
    CHECK_EQ(atomic_load(&s->head), 10);
    free(s);
}

static void signal_request_is_answered_once(void)
{
    kaal_queue_shm_t *s = shm_new(4);
    kaal_queue_t q;
    kaal_buf_desc_t d = desc(3);

    CHECK_EQ(kaal_queue_init(&q, s, 4), 0);
    CHECK(!kaal_queue_require_signal(&q)); /* nobody asked */
    kaal_queue_request_signal(&q);
    CHECK_EQ(kaal_queue_enqueue(&q, &d), 0);
    CHECK(kaal_queue_require_signal(&q));
    CHECK(!kaal_queue_require_signal(&q)); /* used up */
    kaal_queue_request_signal(&q);
    kaal_queue_cancel_signal(&q);
    CHECK(!kaal_queue_require_signal(&q));
    free(s);
}

static void prepare_wait_rechecks_the_queue(void)
{
    kaal_queue_shm_t *s = shm_new(4);
    kaal_queue_t q;
    kaal_buf_desc_t d = desc(5);

    CHECK_EQ(kaal_queue_init(&q, s, 4), 0);
    CHECK(kaal_queue_prepare_wait(&q)); /* empty: may sleep, request stays */
    CHECK_EQ(atomic_load(&s->consumer_signal), 1);
    CHECK_EQ(kaal_queue_enqueue(&q, &d), 0);
    CHECK(kaal_queue_require_signal(&q));
    CHECK(!kaal_queue_prepare_wait(&q)); /* an entry is there: no sleep, no request */
    CHECK_EQ(atomic_load(&s->consumer_signal), 0);
    CHECK(!kaal_queue_require_signal(&q));
    free(s);
}

TEST_CASES({init_checks_capacity, "init_checks_capacity"},
           {handle_init_sets_both_queues, "handle_init_sets_both_queues"},
           {fifo_order_full_and_empty, "fifo_order_full_and_empty"},
           {indices_wrap_at_2_32, "indices_wrap_at_2_32"},
           {full_across_the_wrap, "full_across_the_wrap"},
           {hostile_indices_stay_in_the_ring, "hostile_indices_stay_in_the_ring"},
           {signal_request_is_answered_once, "signal_request_is_answered_once"},
           {prepare_wait_rechecks_the_queue, "prepare_wait_rechecks_the_queue"}, );
TEST_MAIN("queue/basic")
