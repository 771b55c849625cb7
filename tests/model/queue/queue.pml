/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Promela model of one queue of sdk/include/kaal/queue.h and its
 * signalling rule, for Spin (tests/model/queue/check.sh runs it).
 *
 * One producer publishes N items through a ring of CAP slots; after each
 * batch it runs kaal_queue_require_signal (fence, load the flag, exchange it
 * to 0, signal if it was set).  The consumer dequeues while the ring has
 * entries; when it finds it empty it runs kaal_queue_prepare_wait (raise the
 * flag, fence, re-check tail, then sleep or withdraw the request) and sleeps
 * on a notification: a sticky binary flag, as an seL4 notification.
 *
 * Memory is x86-TSO for the stores the signalling argument is about: the
 * producer's store of tail and the consumer's stores of the flag sit in a
 * store buffer until the `memory` process drains them, so a later load by
 * the same side can pass them.  A seq_cst fence drains its side's buffer,
 * which gives exactly the store->load order the header's fences are for;
 * the exchange is a locked instruction and acts on memory.  Entries are
 * written straight to memory: TSO drains stores in order, so an entry is
 * never seen after the tail that publishes it.  A batch is any run of
 * enqueues.  A producer that finds the ring full ends its batch and then
 * waits for head to move (the reverse queue's signalling, the same protocol
 * mirrored, is not modelled again); it must end the batch first, or both
 * sides can sleep for good, which this model found in its first version.
 *
 * Safety, as asserts: the consumer reads only published entries, in order
 * and each once (the ring holds item numbers plus one, and the consumer
 * clears a slot it has read: a ghost write, not in the real code), and the
 * producer never overwrites an unread slot (the ring never overflows).
 * No lost wakeup: the consumer never sleeps for good while items remain,
 * both as Spin's end-state check (a consumer blocked in its sleep at the
 * end is an invalid end state) and as the LTL formula no_lost_wakeup.
 *
 * Mutants, each of which must be refuted (check.sh asserts it):
 *   -DLATE_FLAG  the consumer re-checks first and raises the flag after,
 *                so an item published in between is never signalled;
 *   -DNO_FENCE   both fences left out: each side's store waits in its
 *                store buffer while its load reads stale memory;
 *   -DEARLY_TAIL     tail is published before the entry is written (the
 *                    consumer can read an entry not yet there);
 *   -DNO_ROOM_CHECK  the producer does not check for room (overflow).
 */

#ifndef CAP
#define CAP 2
#endif
#ifndef N
#define N 4
#endif

byte ring[CAP];   /* item number + 1; 0 once the consumer has read it */

byte tail;        /* tail as memory holds it (what the consumer loads) */
byte p_tail;      /* tail as the producer sees it: memory + its store buffer */
byte head;        /* written by the consumer only, straight to memory */

bit sig;          /* consumer_signal in memory */
bit sig_buffered; /* the consumer's store buffer holds a flag store ... */
bit sig_pending;  /* ... of this value */

bit notif;        /* the consumer's notification: signal sets, wait takes */
bit producer_done;

/* Consumer: store of the flag (relaxed, so it goes into the buffer). */
inline store_sig(v)
{
    atomic { sig_pending = v; sig_buffered = 1 }
}

/* atomic_thread_fence(memory_order_seq_cst): drain this side's buffer. */
#ifdef NO_FENCE
#define fence_producer() skip
#define fence_consumer() skip
#else
#define fence_producer() tail = p_tail
#define fence_consumer() atomic { if :: sig_buffered -> sig = sig_pending; sig_buffered = 0 :: else fi }
#endif

/* The store buffers drain at any moment, in order. */
active proctype memory()
{
end:
    do
    :: atomic { tail != p_tail -> tail = p_tail }
    :: atomic { sig_buffered -> sig = sig_pending; sig_buffered = 0 }
    od
}

/* kaal_queue_require_signal, then the notification if it says so. */
inline require_signal()
{
    fence_producer();
    if
    :: sig == 0 -> skip
    :: else ->
        atomic { was_set = sig; sig = 0 }; /* the exchange */
        if
        :: was_set -> notif = 1
        :: else -> skip
        fi
    fi
}

active proctype producer()
{
    byte i = 0;
    bit was_set;

    do
    :: i < N ->
        if
#ifndef NO_ROOM_CHECK
        :: p_tail - head >= CAP ->       /* full: end the batch, then wait */
            require_signal();
            (p_tail - head < CAP)
#endif
        :: else -> skip
        fi;
        assert(ring[p_tail % CAP] == 0); /* never overwrites an unread entry */
#ifdef EARLY_TAIL
        p_tail++;
        ring[(p_tail - 1) % CAP] = i + 1;
#else
        ring[p_tail % CAP] = i + 1;
        p_tail++;                        /* store-release of tail: buffered */
#endif
        i++;
        if
        :: skip                          /* the batch goes on */
        :: require_signal()              /* the batch ends here */
        fi
    :: else -> break
    od;
    require_signal();
    producer_done = 1
}

/* Sleeps until signalled, and takes the signal. */
inline wait_notification()
{
    atomic { notif == 1 -> notif = 0 }
}

active proctype consumer()
{
    do
    :: head == N -> break
    :: else ->
        if
        :: head != tail ->               /* kaal_queue_dequeue */
            assert(ring[head % CAP] == head + 1); /* published, in order, once */
            ring[head % CAP] = 0;
            head++
        :: else ->                       /* empty: kaal_queue_prepare_wait */
#ifdef LATE_FLAG
            if
            :: head == tail -> store_sig(1); fence_consumer(); wait_notification()
            :: else -> skip
            fi
#else
            store_sig(1);
            fence_consumer();
            if
            :: head == tail -> wait_notification()
            :: else -> store_sig(0)      /* kaal_queue_cancel_signal */
            fi
#endif
        fi
    od
}

/* Whenever an item waits in the ring, every item is eventually consumed. */
ltl no_lost_wakeup { [] ((p_tail != head) -> <> (head == N)) }
