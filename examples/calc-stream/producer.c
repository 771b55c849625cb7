/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The stream's producer: it sends STREAM_ITEMS items to the consumer
 * through the queues of stream.h, each in a buffer of the shared region.
 *
 * A component runs only inside its handlers, and a handler must not block,
 * so the producer is event-driven.  produce() fills and sends buffers while
 * it has any; when it has none it asks the consumer for a signal on the
 * free queue and returns.  init() starts the stream and notified() takes it
 * up again each time the consumer hands buffers back.
 *
 * The signalling rule of kaal/queue.h: after a batch of enqueues, and
 * before waiting for room, the producer signals the consumer if the
 * consumer asked for it (kaal_queue_require_signal).  Signalling once per
 * batch, not once per item, is the point of the rule.
 */
#include "logline.h"
#include "stream.h"

#include <kaal/component.h>

static kaal_queue_handle_t queues; /* free: we consume it; active: we produce it */
static uint32_t fresh;             /* buffers used so far out of the initial STREAM_NBUF */
static uint32_t sent;              /* items sent, and the sequence number of the next */
static seL4_Word wakeups;          /* notifications received */
static int stopped;                /* a fault was found and logged, or the stream is complete */

/* Ends a batch: signals the consumer if it asked to be woken. */
static void end_batch(void)
{
    if (kaal_queue_require_signal(&queues.active))
        kaal_notify(STREAM_CH);
}

/* Takes an empty buffer into *d: a fresh one, else one the consumer returned; 0 if none. */
static int take_buffer(kaal_buf_desc_t *d)
{
    if (fresh < STREAM_NBUF) {
        *d = stream_desc(fresh++);
        return 1;
    }
    return kaal_queue_dequeue(&queues.free, d) == 0;
}

/* Logs why (a "FAILED: ..." text) and v, and stops the stream. */
static void stop(const char *why, seL4_Word v)
{
    kaal_log_num(why, v);
    stopped = 1;
}

/* Writes the next item into the buffer d names and sends it; 0, or -1 (logged, stopped). */
static int send_item(kaal_buf_desc_t *d)
{
    struct stream_item *item;

    if (!stream_desc_ok(d)) {
        stop("FAILED: a bad descriptor on the free queue, id ", d->id);
        return -1;
    }
    item = stream_item(d);
    item->seq = sent;
    item->value = stream_value(sent);
    d->len = sizeof(*item);
    /* The enqueue's store-release of tail publishes the item's two stores with the entry. */
    if (kaal_queue_enqueue(&queues.active, d) != 0) {
        stop("FAILED: the active queue is full with a buffer in hand, item ", sent);
        return -1;
    }
    sent++;
    return 0;
}

/* The end of the stream: the last batch's signal, then the figures. */
static void finish(void)
{
    struct logline l;

    end_batch();
    stopped = 1;
    logline_start(&l);
    logline_str(&l, "sent ");
    logline_num(&l, sent);
    logline_str(&l, " items");
    logline_print(&l);
    kaal_log_num("notifications received: ", wakeups);
}

/* Sends items until the stream is complete or no buffer is left; then returns to wait. */
static void produce(void)
{
    kaal_buf_desc_t d;

    while (!stopped && sent < STREAM_ITEMS) {
        if (take_buffer(&d)) {
            if (send_item(&d) != 0)
                return;
            continue;
        }
        /* No room.  End the batch before waiting: the consumer may be asleep on the very entries
         * that used up the buffers.  Then wait, unless a buffer came back meanwhile. */
        end_batch();
        if (kaal_queue_prepare_wait(&queues.free))
            return;
    }
    if (!stopped)
        finish();
}

void init(void)
{
    int err = kaal_queue_handle_init(&queues, STREAM_FREE, STREAM_ACTIVE, STREAM_CAPACITY);

    if (err) {
        stop("FAILED: kaal_queue_handle_init, error ", (seL4_Word)-err);
        return;
    }
    produce();
}

void notified(unsigned int ch)
{
    if (ch != STREAM_CH)
        return;
    wakeups++;
    produce();
}
