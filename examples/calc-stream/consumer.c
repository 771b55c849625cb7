/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The stream's consumer: it takes the producer's items off the active
 * queue, checks each one, and hands its buffer back on the free queue.
 * After the last item it prints what it found:
 *
 *   - every item came once, in order, with the value its sequence number
 *     gives, and the values add up to the closed form of their sum;
 *   - the queues wrapped: more entries went through than a queue has slots,
 *     and every buffer was used more than once;
 *   - it slept: it counts the notifications it got, each one a wakeup after
 *     it had found the active queue empty and asked to be signalled;
 *   - how many TSC ticks passed from the first item to the last, as a
 *     figure only (under QEMU with -icount the TSC counts instructions).
 *
 * Like the producer it is event-driven: consume() drains the active queue
 * and returns to wait; init() and notified() call it.
 */
#include "logline.h"
#include "stream.h"

#include <kaal/component.h>

#define MAX_REPORTS 5 /* bad items reported one by one; the rest are only counted */

static kaal_queue_handle_t queues; /* free: we produce it; active: we consume it */
static uint32_t received;          /* items taken, and the sequence number expected next */
static uint32_t bad;               /* items that were not what was expected */
static uint64_t sum;               /* of the values received */
static uint32_t uses[STREAM_NBUF]; /* items carried, per buffer */
static seL4_Word wakeups;          /* notifications received */
static uint64_t tsc_first, tsc_last;
static int ready;    /* the queues are set up */
static int reported; /* the report is out */

/* Counts a bad item; logs "FAILED: what" and v for the first MAX_REPORTS. */
static void bad_item(const char *what, seL4_Word v)
{
    if (bad++ < MAX_REPORTS)
        kaal_log_num(what, v);
}

/* Checks the item in the buffer d names, counts it and adds its value to the sum. */
static void check_item(const kaal_buf_desc_t *d)
{
    const struct stream_item *item = stream_item(d);
    uint64_t seq = item->seq, value = item->value;

    if (received == 0)
        tsc_first = __builtin_ia32_rdtsc();
    if (received >= STREAM_ITEMS)
        bad_item("FAILED: an item after the last, seq ", seq);
    else if (seq != received)
        bad_item("FAILED: an item out of order, seq ", seq);
    else if (value != stream_value(seq))
        bad_item("FAILED: a wrong value in item ", seq);
    sum += value;
    uses[d->id]++;
    if (++received == STREAM_ITEMS)
        tsc_last = __builtin_ia32_rdtsc();
}

/* Takes one descriptor off the active queue: checks its item and returns its buffer. */
static void take(const kaal_buf_desc_t *d)
{
    if (!stream_desc_ok(d) || d->len != sizeof(struct stream_item)) {
        /* Not one of our buffers, or not a whole item: neither read nor handed back. */
        bad_item("FAILED: a bad descriptor on the active queue, id ", d->id);
        return;
    }
    check_item(d);
    /* Cannot fail while there are no more buffers than slots (stream.h); checked all the same. */
    if (kaal_queue_enqueue(&queues.free, d) != 0)
        bad_item("FAILED: the free queue is full, buffer ", d->id);
}

/* Drains the active queue and hands the buffers back until it stays empty; then returns to wait. */
static void consume(void)
{
    kaal_buf_desc_t d;
    bool idle;

    do {
        while (kaal_queue_dequeue(&queues.active, &d) == 0)
            take(&d);
        /*
         * Ask to be woken before handing the buffers back.  The producer has the higher priority,
         * so on one CPU the signal below switches to it at once and it refills the queue before
         * this handler goes on.  Had we not asked first, it would see no request and send no
         * signal, our re-check would find its items, and the consumer would never sleep.  Both
         * orders are correct: prepare_wait re-checks, and a signal sent after it stays pending.
         */
        idle = kaal_queue_prepare_wait(&queues.active);
        if (kaal_queue_require_signal(&queues.free))
            kaal_notify(STREAM_CH);
    } while (!idle);
}

/* "ok: N items in order, sum S", or "FAILED: N items, B bad, sum S, expected E". */
static void report_items(void)
{
    uint64_t n = STREAM_ITEMS;
    /* The sum of seq^2 + 1 over seq = 0 .. n - 1. */
    uint64_t want = (n - 1) * n * (2 * n - 1) / 6 + n;
    int ok = received == STREAM_ITEMS && bad == 0 && sum == want;
    struct logline l;

    logline_start(&l);
    logline_str(&l, ok ? "ok: " : "FAILED: ");
    logline_num(&l, received);
    logline_str(&l, ok ? " items in order, sum " : " items, ");
    if (!ok) {
        logline_num(&l, bad);
        logline_str(&l, " bad, sum ");
    }
    logline_num(&l, sum);
    if (!ok) {
        logline_str(&l, ", expected ");
        logline_num(&l, want);
    }
    logline_print(&l);
}

/* "ok: queue wrapped: N entries through C slots, every buffer reused", or what was wrong. */
static void report_wrap(void)
{
    /* Our own index into the active queue: it counts every entry we took off it. */
    uint32_t head = atomic_load_explicit(&queues.active.shm->head, memory_order_relaxed);
    uint32_t least = uses[0];
    struct logline l;

    for (unsigned int i = 1; i < STREAM_NBUF; i++)
        least = uses[i] < least ? uses[i] : least;
    logline_start(&l);
    logline_str(&l, head > queues.active.capacity && least >= 2 ? "ok: " : "FAILED: ");
    logline_str(&l, "queue wrapped: ");
    logline_num(&l, head);
    logline_str(&l, " entries through ");
    logline_num(&l, queues.active.capacity);
    logline_str(&l, " slots, every buffer reused");
    logline_print(&l);
    if (least < 2)
        kaal_log_num("FAILED: a buffer was used only this many times: ", least);
}

/* The figures and checks, once the last item has come. */
static void report(void)
{
    struct logline l;

    report_items();
    report_wrap();
    kaal_log_num("notifications received: ", wakeups);
    kaal_log(wakeups > 0 ? "ok: slept and was woken by the producer\n"
                         : "FAILED: never woken: no notification received\n");
    logline_start(&l);
    logline_num(&l, received);
    logline_str(&l, " items in ");
    logline_num(&l, tsc_last - tsc_first);
    logline_str(&l, " TSC ticks");
    logline_print(&l);
    kaal_log("done\n");
}

/* Takes what has come, and reports once the stream is complete. */
static void run(void)
{
    consume();
    if (received >= STREAM_ITEMS && !reported) {
        reported = 1;
        report();
    }
}

void init(void)
{
    int err = kaal_queue_handle_init(&queues, STREAM_FREE, STREAM_ACTIVE, STREAM_CAPACITY);

    if (err) {
        kaal_log_num("FAILED: kaal_queue_handle_init, error ", (seL4_Word)-err);
        return;
    }
    ready = 1;
    /* The producer, at a higher priority, may have filled the queue already without signalling:
     * we had not asked it to. */
    run();
}

void notified(unsigned int ch)
{
    if (ch != STREAM_CH || !ready)
        return;
    wakeups++;
    run();
}
