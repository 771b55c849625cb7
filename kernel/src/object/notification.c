// SPDX-License-Identifier: BSD-2-Clause
/*
 * Notifications, as far as the object model needs them: the queue of
 * waiting threads, the bound thread, and their release when the last cap
 * goes.  A notification is idle, active (a pending badge word) or has
 * waiters.  Until threads can wait (issue 4) the queue is always empty and
 * nothing is bound; the walks below are the real ones regardless.
 */
#include <object/notification.h>

#define NTFN_STATE_MASK 3ul

word_t ntfn_state(const struct notification *n)
{
    return n->tail_state & NTFN_STATE_MASK;
}

static void ntfn_set_queue(struct notification *n, struct tcb_queue q)
{
    n->head = q.head;
    n->tail_state = q.tail | (q.head ? NTFN_WAITING : NTFN_IDLE);
}

void ntfn_cancel_all(struct notification *n)
{
    paddr_t t = n->head, next;

    if (ntfn_state(n) != NTFN_WAITING)
        return;
    ntfn_set_queue(n, (struct tcb_queue){0, 0});
    for (; t; t = next) {
        next = tcb_at(t)->queue_next;
        tcb_at(t)->queue_next = tcb_at(t)->queue_prev = 0;
        tcb_restart(tcb_at(t));
    }
}

void ntfn_cancel_wait(struct notification *n, struct tcb *tcb)
{
    struct tcb_queue q = {n->head, n->tail_state & ~NTFN_STATE_MASK};

    kassert(ntfn_state(n) == NTFN_WAITING);
    ntfn_set_queue(n, tcb_queue_remove(q, tcb));
    tcb->state = THREAD_INACTIVE;
    tcb->blocking_object = 0;
}

void ntfn_unbind(struct notification *n)
{
    if (!n->bound_tcb)
        return;
    tcb_at(n->bound_tcb)->bound_notification = 0;
    n->bound_tcb = 0;
}
