/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <kaal/queue.h> between two threads, as a driver and a client use it: the
 * producer takes an empty buffer from the free queue, writes a sequence
 * number into it and passes it on the active queue; the consumer checks the
 * number and hands the buffer back on the free queue.  Each side sleeps on
 * its own "notification" (a binary semaphore, sticky like seL4's) when its
 * input queue is empty, following the signalling rule of queue.h.
 *
 * Checks: every item arrives once and in order, buffer contents travel
 * with the descriptors, no wakeup is lost (a sleep that times out while its
 * queue has entries fails the test, and so does a stream that is not done
 * by the deadline, so the test ends instead of hanging), and the rule sends
 * far fewer notifications than items.
 *
 * A second case drops the free queue: descriptors carry the data themselves
 * through one ring of SMALL_CAPACITY entries, and the producer retries while
 * it is full.  There, only head's release/acquire pair keeps the producer
 * from overwriting a slot the consumer is still copying (in the first case
 * the free queue orders that too), so ThreadSanitizer sees each pair alone.
 *
 * Built twice: with ASan and UBSan (make test-unit) and with
 * ThreadSanitizer (make test-tsan, mk/queue.mk), where any race report
 * fails the run.
 */
#include "test.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <kaal/queue.h>

#ifndef STREAM_SUITE
#define STREAM_SUITE "queue/stream"
#endif

#define ITEMS          1000000u
#define NBUFS          16u /* buffers, and the capacity of both queues */
#define SLEEP_LIMIT_S  5   /* one sleep longer than this counts as stuck */
#define STREAM_LIMIT_S 60  /* the watchdog: a stream not done by then fails */
#define SMALL_CAPACITY 4u  /* the ring of the direct case */

/* Stands in for an seL4 notification: signal sets it, wait takes it. */
struct notif {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool pending;
    unsigned long signals;
};

struct stream {
    kaal_queue_handle_t q;
    uint64_t data[NBUFS]; /* the data region: one word per buffer */
    struct notif to_producer, to_consumer;
    atomic_bool stop;
    const char *why; /* first reason the stream stopped early */
    uint32_t received;
    time_t deadline;
};

static void notif_init(struct notif *n)
{
    pthread_mutex_init(&n->lock, NULL);
    pthread_cond_init(&n->cond, NULL);
    n->pending = false;
    n->signals = 0;
}

static void notif_signal(struct notif *n)
{
    pthread_mutex_lock(&n->lock);
    n->pending = true;
    n->signals++;
    pthread_cond_signal(&n->cond);
    pthread_mutex_unlock(&n->lock);
}

/* Returns false if nothing came within SLEEP_LIMIT_S seconds. */
static bool notif_wait(struct notif *n)
{
    struct timespec until;
    int err = 0;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += SLEEP_LIMIT_S;
    pthread_mutex_lock(&n->lock);
    while (!n->pending && err == 0)
        err = pthread_cond_timedwait(&n->cond, &n->lock, &until);
    bool got = n->pending;
    n->pending = false;
    pthread_mutex_unlock(&n->lock);
    return got;
}

static void stream_fail(struct stream *st, const char *why)
{
    if (!atomic_exchange(&st->stop, true))
        st->why = why;
}

/*
 * Between seeing the queue empty and raising the flag is where a missing
 * re-check would lose a wakeup: stall there now and then, so the other side
 * gets the time to publish.  With the rule followed, this changes nothing.
 */
static void widen_race_window(void)
{
    static _Thread_local unsigned int calls;
    volatile unsigned int spin = 0;

    if (++calls % 8 == 0)
        while (spin < (calls * 2654435761u) % 65536)
            spin++;
}

/*
 * Returns once `in` has entries, sleeping on `n` by the signalling rule
 * while it is empty; returns false if the stream must stop.
 */
static bool wait_for_entries(struct stream *st, kaal_queue_t *in, struct notif *n)
{
    while (kaal_queue_empty(in)) {
        if (atomic_load(&st->stop))
            return false;
        if (time(NULL) > st->deadline) {
            stream_fail(st, "stream not done by the deadline");
            return false;
        }
        widen_race_window();
        if (!kaal_queue_prepare_wait(in))
            break;
        if (!notif_wait(n) && !kaal_queue_empty(in)) {
            stream_fail(st, "lost wakeup: slept with entries in the queue");
            return false;
        }
    }
    return true;
}

/* Publishes d on `out`; the caller signals once per batch. */
static void publish(struct stream *st, kaal_queue_t *out, const kaal_buf_desc_t *d)
{
    /* Never full: there are NBUFS buffers and each queue holds NBUFS. */
    if (kaal_queue_enqueue(out, d) != 0)
        stream_fail(st, "queue full with at most NBUFS buffers in flight");
}

/* After a batch: signals `n` if the other side asked for it. */
static void end_batch(kaal_queue_t *out, struct notif *n)
{
    if (kaal_queue_require_signal(out))
        notif_signal(n);
}

/* The driver's side: fills every free buffer it finds, then signals once. */
static void *producer(void *arg)
{
    struct stream *st = arg;
    kaal_buf_desc_t d;
    uint32_t seq = 0;

    while (seq < ITEMS && wait_for_entries(st, &st->q.free, &st->to_producer)) {
        while (seq < ITEMS && kaal_queue_dequeue(&st->q.free, &d) == 0) {
            st->data[d.id] = seq++; /* plain store, published by the enqueue */
            d.len = sizeof(uint64_t);
            publish(st, &st->q.active, &d);
        }
        end_batch(&st->q.active, &st->to_consumer);
    }
    return NULL;
}

static bool item_ok(const struct stream *st, const kaal_buf_desc_t *d)
{
    return d->id < NBUFS && d->io_addr == d->id * sizeof(uint64_t) && d->len == sizeof(uint64_t) &&
           st->data[d->id] == st->received;
}

/* The client's side: checks every item it finds, returns the buffers, then
 * signals once. */
static void *consumer(void *arg)
{
    struct stream *st = arg;
    kaal_buf_desc_t d;

    while (st->received < ITEMS && wait_for_entries(st, &st->q.active, &st->to_consumer)) {
        while (kaal_queue_dequeue(&st->q.active, &d) == 0) {
            if (!item_ok(st, &d)) {
                stream_fail(st, "item out of order, duplicated or damaged");
                return NULL;
            }
            st->received++;
            st->data[d.id] = UINT64_MAX; /* the producer must overwrite it */
            publish(st, &st->q.free, &d);
        }
        end_batch(&st->q.free, &st->to_producer);
    }
    return NULL;
}

static kaal_queue_shm_t *shm_new(void)
{
    void *p = NULL;

    if (posix_memalign(&p, KAAL_QUEUE_LINE, kaal_queue_shm_size(NBUFS)) != 0)
        abort();
    memset(p, 0, kaal_queue_shm_size(NBUFS));
    return p;
}

/* The client owns the buffers: all start on the free queue. */
static void stream_init(struct stream *st)
{
    memset(st, 0, sizeof(*st));
    CHECK_EQ(kaal_queue_handle_init(&st->q, shm_new(), shm_new(), NBUFS), 0);
    for (uint32_t i = 0; i < NBUFS; i++) {
        kaal_buf_desc_t d = {.io_addr = i * sizeof(uint64_t), .len = 0, .id = i};
        CHECK_EQ(kaal_queue_enqueue(&st->q.free, &d), 0);
    }
    notif_init(&st->to_producer);
    notif_init(&st->to_consumer);
    st->deadline = time(NULL) + STREAM_LIMIT_S;
}

/* After the stream: active is empty and every buffer is back, once. */
static void check_buffers_home(struct stream *st)
{
    kaal_buf_desc_t d;
    uint32_t seen = 0;

    CHECK(kaal_queue_empty(&st->q.active));
    while (kaal_queue_dequeue(&st->q.free, &d) == 0) {
        CHECK(d.id < NBUFS);
        uint32_t bit = 1u << (d.id % NBUFS);
        CHECK(!(seen & bit));
        seen |= bit;
    }
    CHECK_EQ(seen, (1u << NBUFS) - 1);
}

/* A stream that ran to its end: counts, buffers and notifications. */
static void check_stream(struct stream *st)
{
    unsigned long sent = st->to_consumer.signals + st->to_producer.signals;

    CHECK_EQ(st->received, ITEMS);
    check_buffers_home(st);
    printf("  %s: %u items; notifications: %lu to the consumer, %lu to the producer"
           " (without the rule: %u each way)\n",
           STREAM_SUITE, st->received, st->to_consumer.signals, st->to_producer.signals, ITEMS);
    CHECK(sent < ITEMS / 2);
}

static void stream_million_items(void)
{
    static struct stream st;
    pthread_t p, c;

    stream_init(&st);
    CHECK_EQ(pthread_create(&c, NULL, consumer, &st), 0);
    CHECK_EQ(pthread_create(&p, NULL, producer, &st), 0);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    if (st.why)
        test_fail(__FILE__, __LINE__, "%s (after %u items)", st.why, st.received);
    else
        check_stream(&st);
    free(st.q.free.shm);
    free(st.q.active.shm);
}

/* The direct case's item number `seq`: every field depends on it. */
static kaal_buf_desc_t direct_item(uint32_t seq)
{
    kaal_buf_desc_t d = {.io_addr = (uint64_t)seq * 4096 + 7, .len = seq % 1500 + 1, .id = ~seq};
    return d;
}

/* Direct producer: enqueues what fits, then applies the signalling rule
 * once; retries while the ring is full. */
static void *direct_producer(void *arg)
{
    struct stream *st = arg;
    uint32_t seq = 0;

    while (seq < ITEMS && !atomic_load(&st->stop)) {
        uint32_t before = seq;
        kaal_buf_desc_t d = direct_item(seq);

        while (seq < ITEMS && kaal_queue_enqueue(&st->q.active, &d) == 0)
            d = direct_item(++seq);
        end_batch(&st->q.active, &st->to_consumer);
        if (seq != before)
            continue;
        if (time(NULL) > st->deadline) {
            stream_fail(st, "stream not done by the deadline (producer found the ring full)");
            break;
        }
        /* Full: the consumer frees a slot soon; try again. */
        for (volatile int spin = 0; spin < 64; spin++)
            ;
    }
    return NULL;
}

/* Direct consumer: checks each descriptor against its sequence number. */
static void *direct_consumer(void *arg)
{
    struct stream *st = arg;
    kaal_buf_desc_t d;

    while (st->received < ITEMS && wait_for_entries(st, &st->q.active, &st->to_consumer)) {
        while (kaal_queue_dequeue(&st->q.active, &d) == 0) {
            kaal_buf_desc_t want = direct_item(st->received);

            if (d.io_addr != want.io_addr || d.len != want.len || d.id != want.id) {
                stream_fail(st, "item out of order, duplicated or damaged");
                return NULL;
            }
            st->received++;
        }
    }
    return NULL;
}

static void direct_million_items(void)
{
    static struct stream st;
    pthread_t p, c;

    memset(&st, 0, sizeof(st));
    CHECK_EQ(kaal_queue_init(&st.q.active, shm_new(), SMALL_CAPACITY), 0);
    notif_init(&st.to_consumer);
    st.deadline = time(NULL) + STREAM_LIMIT_S;
    CHECK_EQ(pthread_create(&c, NULL, direct_consumer, &st), 0);
    CHECK_EQ(pthread_create(&p, NULL, direct_producer, &st), 0);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    if (st.why) {
        test_fail(__FILE__, __LINE__, "%s (after %u items)", st.why, st.received);
    } else {
        CHECK_EQ(st.received, ITEMS);
        CHECK(kaal_queue_empty(&st.q.active));
        printf("  %s: %u items through %u slots; notifications to the consumer: %lu\n",
               STREAM_SUITE, st.received, SMALL_CAPACITY, st.to_consumer.signals);
        CHECK(st.to_consumer.signals < ITEMS / 2);
    }
    free(st.q.active.shm);
}

TEST_CASES({stream_million_items, "stream_million_items"},
           {direct_million_items, "direct_million_items"}, );
TEST_MAIN(STREAM_SUITE)
