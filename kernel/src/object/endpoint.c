// SPDX-License-Identifier: BSD-2-Clause
/*
 * Endpoints, as far as the object model needs them: the queue of blocked
 * senders or receivers and its cancellation.
 *
 * An endpoint is idle, or holds a queue of threads all waiting to send or
 * all waiting to receive.  Deleting its last cap wakes every waiter
 * (ep_cancel_all); CNode_CancelBadgedSends wakes the senders of one badge.
 * Until threads can block (issue 4) every queue is empty, so these walks
 * run over empty lists; they are the real walks all the same.
 */
#include <object/endpoint.h>

#define EP_STATE_MASK 3ul

word_t ep_state(const struct endpoint *ep)
{
    return ep->tail_state & EP_STATE_MASK;
}

static struct tcb_queue ep_queue(const struct endpoint *ep)
{
    return (struct tcb_queue){ep->head, ep->tail_state & ~EP_STATE_MASK};
}

/* Stores q, idling the endpoint when it is empty. */
static void ep_set_queue(struct endpoint *ep, struct tcb_queue q, word_t state)
{
    ep->head = q.head;
    ep->tail_state = q.tail | (q.head ? state : EP_IDLE);
}

void ep_cancel_all(struct endpoint *ep)
{
    paddr_t t = ep->head, next;

    if (ep_state(ep) == EP_IDLE)
        return;
    ep_set_queue(ep, (struct tcb_queue){0, 0}, EP_IDLE);
    for (; t; t = next) {
        next = tcb_at(t)->queue_next;
        tcb_at(t)->queue_next = tcb_at(t)->queue_prev = 0;
        tcb_restart(tcb_at(t));
    }
}

void ep_cancel_badged_sends(struct endpoint *ep, word_t badge)
{
    struct tcb_queue q = ep_queue(ep);
    paddr_t t, next;

    if (ep_state(ep) != EP_SEND)
        return;
    for (t = q.head; t; t = next) {
        struct tcb *tcb = tcb_at(t);

        next = tcb->queue_next;
        if (tcb->blocking_badge == badge) {
            q = tcb_queue_remove(q, tcb);
            tcb_restart(tcb);
        }
    }
    ep_set_queue(ep, q, EP_SEND);
}

void ep_cancel_ipc(struct endpoint *ep, struct tcb *tcb)
{
    word_t state = ep_state(ep);

    kassert(state != EP_IDLE);
    ep_set_queue(ep, tcb_queue_remove(ep_queue(ep), tcb), state);
    tcb->state = THREAD_INACTIVE;
    tcb->blocking_object = 0;
}
