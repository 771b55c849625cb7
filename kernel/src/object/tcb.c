// SPDX-License-Identifier: BSD-2-Clause
/*
 * Thread control blocks, as far as the object model needs them: the
 * creation of a TCB object, the wait queues threads join on endpoints and
 * notifications, and stopping a thread whose TCB is being deleted.
 *
 * Wait queues are doubly linked through the TCBs by physical address, so
 * cancelling a wait is O(1) and the queue lives in the waited-on object
 * without any allocation.
 */
#include <object/cnode.h>
#include <object/endpoint.h>
#include <object/ipc.h>
#include <object/notification.h>
#include <object/tcb.h>
#include <thread.h>

void tcb_init(paddr_t pa)
{
    struct tcb *tcb = tcb_at(pa);

    /* The memory is zero, so the cap slots are empty and the registers clear. */
    tcb->state = THREAD_INACTIVE;
    tcb->time_slice = THREAD_TIME_SLICE;
    arch_tcb_init(tcb);
}

struct tcb_queue tcb_queue_append(struct tcb_queue q, struct tcb *tcb)
{
    paddr_t pa = arch_object_paddr(tcb); /* a TCB is always an object */

    tcb->queue_prev = q.tail;
    tcb->queue_next = 0;
    if (q.tail)
        tcb_at(q.tail)->queue_next = pa;
    else
        q.head = pa;
    q.tail = pa;
    return q;
}

struct tcb_queue tcb_queue_remove(struct tcb_queue q, struct tcb *tcb)
{
    if (tcb->queue_prev)
        tcb_at(tcb->queue_prev)->queue_next = tcb->queue_next;
    else
        q.head = tcb->queue_next;
    if (tcb->queue_next)
        tcb_at(tcb->queue_next)->queue_prev = tcb->queue_prev;
    else
        q.tail = tcb->queue_prev;
    tcb->queue_next = tcb->queue_prev = 0;
    return q;
}

void tcb_restart(struct tcb *tcb)
{
    tcb->blocking_object = 0;
    thread_set_state(tcb, THREAD_RESTART);
    thread_enqueue(tcb);
}

void tcb_cancel_wait(struct tcb *tcb)
{
    cte_t *caller;

    switch (tcb->state) {
    case THREAD_BLOCKED_ON_SEND:
    case THREAD_BLOCKED_ON_RECEIVE:
        ep_cancel_ipc(ep_at(tcb->blocking_object), tcb);
        break;
    case THREAD_BLOCKED_ON_NOTIFICATION:
        ntfn_cancel_wait(ntfn_at(tcb->blocking_object), tcb);
        break;
    case THREAD_BLOCKED_ON_REPLY:
        /* The reply cap, if its holder kept it, is the master's one child. */
        tcb->fault.type = FAULT_NULL;
        caller = mdb_next(&tcb->cnode[TCB_REPLY]);
        if (caller && cap_type(caller->cap) == CAP_REPLY && !cap_reply_master(caller->cap) &&
            cap_ptr(caller->cap) == arch_ptr_to_paddr(tcb))
            (void)cnode_delete(caller);
        break;
    default:
        break;
    }
}

void tcb_prepare_delete(struct tcb *tcb)
{
    if (tcb->bound_notification)
        ntfn_unbind(ntfn_at(tcb->bound_notification));
    tcb_cancel_wait(tcb);
    thread_set_state(tcb, THREAD_INACTIVE);
    thread_forget(tcb);
}

void tcb_setup_reply_master(struct tcb *tcb)
{
    cte_t *slot = &tcb->cnode[TCB_REPLY];

    if (!cap_is_null(slot->cap))
        return;
    slot->cap = cap_reply_new(arch_ptr_to_paddr(tcb), true, KAAL_CAP_ALLOW_GRANT);
    /* The master is the root of the thread's reply caps: revocable, in no list yet. */
    mdb_set_flags(slot, true, true);
}
