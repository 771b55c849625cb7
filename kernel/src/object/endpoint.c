// SPDX-License-Identifier: BSD-2-Clause
/*
 * Endpoints: seL4's rendezvous of senders and receivers (sendIPC,
 * receiveIPC) and the cancellation of waits.
 *
 * An endpoint is idle, or holds a queue of threads all waiting to send or
 * all waiting to receive.  A sender that finds a receiver hands over its
 * message at once (ipc.c) and, for a Call, waits for the reply; otherwise
 * a blocking sender joins the queue.  A receiver takes the first queued
 * sender, or a pending signal of its bound notification first.  Deleting
 * the last cap wakes every waiter to restart its call (ep_cancel_all);
 * CNode_CancelBadgedSends does so for the senders of one badge.
 */
#include <object/endpoint.h>
#include <object/ipc.h>
#include <object/notification.h>
#include <thread.h>

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
    thread_reschedule();
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
    thread_reschedule();
}

void ep_cancel_ipc(struct endpoint *ep, struct tcb *tcb)
{
    word_t state = ep_state(ep);

    kassert(state != EP_IDLE);
    ep_set_queue(ep, tcb_queue_remove(ep_queue(ep), tcb), state);
    thread_set_state(tcb, THREAD_INACTIVE);
    tcb->blocking_object = 0;
}

void ep_send(struct endpoint *ep, struct tcb *t, word_t badge, bool can_grant, bool can_grant_reply,
             bool blocking, bool do_call)
{
    struct tcb_queue q = ep_queue(ep);

    if (ep_state(ep) != EP_RECV) {
        if (!blocking)
            return;
        thread_set_state(t, THREAD_BLOCKED_ON_SEND);
        t->blocking_object = arch_ptr_to_paddr(ep);
        t->blocking_badge = badge;
        t->blocking_can_grant = can_grant;
        t->blocking_can_grant_reply = can_grant_reply;
        t->blocking_is_call = do_call;
        ep_set_queue(ep, tcb_queue_append(q, t), EP_SEND);
        return;
    }
    struct tcb *dest = tcb_at(q.head);
    ep_set_queue(ep, tcb_queue_remove(q, dest), EP_RECV);
    ipc_transfer(t, arch_ptr_to_paddr(ep), badge, can_grant, dest);
    bool reply_can_grant = dest->blocking_can_grant;
    dest->blocking_object = 0;
    thread_set_state(dest, THREAD_RUNNING);
    thread_possible_switch_to(dest);
    if (do_call) {
        if (can_grant || can_grant_reply)
            ipc_setup_caller_cap(t, dest, reply_can_grant);
        else
            thread_set_state(t, THREAD_INACTIVE);
    }
}

void ep_receive(struct endpoint *ep, cap_t cap, struct tcb *t, bool blocking)
{
    struct tcb_queue q = ep_queue(ep);
    bool can_grant = cap_endpoint_rights(cap) & KAAL_CAP_ALLOW_GRANT;

    if (t->bound_notification && ntfn_state(ntfn_at(t->bound_notification)) == NTFN_ACTIVE) {
        ntfn_complete(ntfn_at(t->bound_notification), t);
        return;
    }
    if (ep_state(ep) != EP_SEND) {
        if (!blocking) {
            arch_set_badge(&t->arch.ctx, 0);
            return;
        }
        thread_set_state(t, THREAD_BLOCKED_ON_RECEIVE);
        t->blocking_object = arch_ptr_to_paddr(ep);
        t->blocking_can_grant = can_grant;
        ep_set_queue(ep, tcb_queue_append(q, t), EP_RECV);
        return;
    }
    struct tcb *sender = tcb_at(q.head);
    ep_set_queue(ep, tcb_queue_remove(q, sender), EP_SEND);
    ipc_transfer(sender, arch_ptr_to_paddr(ep), sender->blocking_badge, sender->blocking_can_grant,
                 t);
    sender->blocking_object = 0;
    if (sender->blocking_is_call) {
        if (sender->blocking_can_grant || sender->blocking_can_grant_reply)
            ipc_setup_caller_cap(sender, t, can_grant);
        else
            thread_set_state(sender, THREAD_INACTIVE);
    } else {
        thread_set_state(sender, THREAD_RUNNING);
        thread_possible_switch_to(sender);
    }
}
