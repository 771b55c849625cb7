// SPDX-License-Identifier: BSD-2-Clause
/*
 * Notifications: seL4's binary semaphores with a badge word (sendSignal,
 * receiveSignal), the thread bound to one, and their release when the
 * last cap goes.  A notification is idle, active (a pending badge word,
 * the OR of the badges signalled since the last wait) or has waiters.  A
 * signal wakes the first waiter with the badge; with no waiter it wakes
 * the bound thread if that thread is waiting on an endpoint, else it
 * leaves the badge pending.
 */
#include <object/endpoint.h>
#include <object/notification.h>
#include <thread.h>

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

static struct tcb_queue ntfn_queue(const struct notification *n)
{
    return (struct tcb_queue){n->head, n->tail_state & ~NTFN_STATE_MASK};
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
    thread_reschedule();
}

void ntfn_cancel_wait(struct notification *n, struct tcb *tcb)
{
    kassert(ntfn_state(n) == NTFN_WAITING);
    ntfn_set_queue(n, tcb_queue_remove(ntfn_queue(n), tcb));
    thread_set_state(tcb, THREAD_INACTIVE);
    tcb->blocking_object = 0;
}

void ntfn_unbind(struct notification *n)
{
    if (!n->bound_tcb)
        return;
    tcb_at(n->bound_tcb)->bound_notification = 0;
    n->bound_tcb = 0;
}

static void ntfn_set_active(struct notification *n, word_t badge)
{
    n->head = 0;
    n->tail_state = NTFN_ACTIVE;
    n->msg_identifier = badge;
}

/* Wakes t with badge as what it received. */
static void wake(struct tcb *t, word_t badge)
{
    t->blocking_object = 0;
    thread_set_state(t, THREAD_RUNNING);
    arch_set_badge(&t->arch.ctx, badge);
    thread_possible_switch_to(t);
}

void ntfn_signal(struct notification *n, word_t badge)
{
    struct tcb *t;

    switch (ntfn_state(n)) {
    case NTFN_IDLE:
        t = n->bound_tcb ? tcb_at(n->bound_tcb) : NULL;
        if (t && t->state == THREAD_BLOCKED_ON_RECEIVE) {
            ep_cancel_ipc(ep_at(t->blocking_object), t);
            wake(t, badge);
        } else {
            ntfn_set_active(n, badge);
        }
        break;
    case NTFN_WAITING:
        t = tcb_at(n->head);
        ntfn_set_queue(n, tcb_queue_remove(ntfn_queue(n), t));
        wake(t, badge);
        break;
    default:
        n->msg_identifier |= badge;
        break;
    }
}

void ntfn_complete(struct notification *n, struct tcb *t)
{
    kassert(ntfn_state(n) == NTFN_ACTIVE);
    arch_set_badge(&t->arch.ctx, n->msg_identifier);
    n->msg_identifier = 0;
    n->tail_state = NTFN_IDLE;
}

void ntfn_receive(struct notification *n, struct tcb *t, bool blocking)
{
    if (ntfn_state(n) == NTFN_ACTIVE) {
        ntfn_complete(n, t);
        return;
    }
    if (!blocking) {
        arch_set_badge(&t->arch.ctx, 0);
        return;
    }
    thread_set_state(t, THREAD_BLOCKED_ON_NOTIFICATION);
    t->blocking_object = arch_ptr_to_paddr(n);
    ntfn_set_queue(n, tcb_queue_append(ntfn_queue(n), t));
}

void ntfn_bind(struct notification *n, struct tcb *t)
{
    n->bound_tcb = arch_ptr_to_paddr(t);
    t->bound_notification = arch_ptr_to_paddr(n);
}
