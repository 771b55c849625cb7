/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Endpoints: sending and receiving (seL4 sendIPC and receiveIPC), the
 * queue of waiting threads, and its cancellation when the last cap goes
 * or a badge is revoked.
 */
#pragma once

#include <object/tcb.h>

enum ep_state { EP_IDLE = 0, EP_SEND = 1, EP_RECV = 2 };

/* 2^seL4_EndpointBits bytes: the queue's head, and its tail with the state in the low bits. */
struct endpoint {
    paddr_t head;
    word_t tail_state;
};

_Static_assert(sizeof(struct endpoint) == 1ul << seL4_EndpointBits, "endpoint size");

static inline struct endpoint *ep_at(paddr_t pa)
{
    return (struct endpoint *)arch_paddr_to_ptr(pa);
}

#define EP_STATE_MASK 3ul

/* Returns the endpoint's state (enum ep_state). */
static inline word_t ep_state(const struct endpoint *ep)
{
    return ep->tail_state & EP_STATE_MASK;
}

/* The endpoint's wait queue: all senders or all receivers, as its state says. */
static inline struct tcb_queue ep_queue(const struct endpoint *ep)
{
    return (struct tcb_queue){ep->head, ep->tail_state & ~EP_STATE_MASK};
}

/* Stores q with state, idling the endpoint when q is empty. */
static inline void ep_set_queue(struct endpoint *ep, struct tcb_queue q, word_t state)
{
    ep->head = q.head;
    ep->tail_state = q.tail | (q.head ? state : EP_IDLE);
}

/* Wakes every thread queued on ep and leaves it idle (seL4 cancelAllIPC). */
void ep_cancel_all(struct endpoint *ep);

/* Wakes every sender queued on ep with this badge (seL4 cancelBadgedSends). */
void ep_cancel_badged_sends(struct endpoint *ep, word_t badge);

/* Takes tcb out of ep's queue, idling ep if it empties. */
void ep_cancel_ipc(struct endpoint *ep, struct tcb *tcb);

/*
 * t sends on ep with badge (seL4 sendIPC): the message goes to a waiting
 * receiver, or t waits if blocking; a Call then waits for the reply.
 */
void ep_send(struct endpoint *ep, struct tcb *t, word_t badge, bool can_grant, bool can_grant_reply,
             bool blocking, bool do_call);

/* t receives on ep through cap (seL4 receiveIPC); a non-blocking miss gets badge 0. */
void ep_receive(struct endpoint *ep, cap_t cap, struct tcb *t, bool blocking);
