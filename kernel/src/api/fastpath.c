// SPDX-License-Identifier: BSD-2-Clause
/*
 * The fast path for Call and ReplyRecv (seL4 fastpath_call and
 * fastpath_reply_recv): the two system calls of a client/server round trip,
 * carried out in one straight pass when the common case holds.
 *
 * The common case is a short message (at most the ARCH_MSG_REGISTERS that
 * travel in registers, no caps), through an endpoint cap with the rights
 * needed, to a partner already waiting, which the scheduler would run next
 * anyway (no ready thread outranks it).  Then the message moves register to
 * register, the endpoint queue and the reply cap are updated directly, and
 * the partner becomes the current thread and runs, without a trip through
 * the scheduler.  Anything else returns before a single change is made,
 * and the ordinary path (syscall.c) handles the call in full.
 *
 * Each fast step does what the ordinary path would have done; the effect
 * is the same, which the conformance suite checks from user level with the
 * same cases on both paths.
 */
#include <object/cte.h>
#include <object/endpoint.h>
#include <object/ipc.h>
#include <object/notification.h>
#include <sel4/syscall.h>
#include <syscall.h>
#include <thread.h>
#include <user.h>

#ifdef CONFIG_DEBUG
word_t fastpath_calls, fastpath_replies, fastpath_faults;
#define COUNT(n) ((n)++)
#else
#define COUNT(n) ((void)0)
#endif

static ALWAYS_INLINE bool short_message(word_t info)
{
    return msginfo_length(info) <= ARCH_MSG_REGISTERS && msginfo_extra_caps(info) == 0;
}

/*
 * The cap t's rdi names, found as cspace_resolve would find it but without
 * building a lookup failure: any failure is the ordinary path's to report
 * (seL4 lookup_fp).  The bits already used are shifted out of the cptr, so
 * each level's guard is the top of what is left and its index the bits
 * after the guard.  A level that needs more bits than remain shows up at
 * the end as more than 64 used; until then its index is computed from the
 * zeros shifted in, and is still inside its CNode (radix is at least 1).
 */
static ALWAYS_INLINE cap_t lookup_fp(struct tcb *t, word_t cptr)
{
    cap_t c = t->cnode[TCB_CTABLE].cap;
    word_t used = 0;

    if (cap_type(c) != CAP_CNODE)
        return cap_null();
    /* The usual CSpace, one CNode whose guard and radix take the whole cptr: the loop's first
     * pass with its shifts worked out (the guard is the top bits, the index the rest). */
    if (cap_cnode_guard_size(c) + cap_cnode_radix(c) == seL4_WordBits) {
        word_t radix = cap_cnode_radix(c);
        if (cap_cnode_guard_size(c) && cptr >> radix != cap_cnode_guard(c))
            return cap_null();
        return ((cte_t *)arch_paddr_to_ptr(cap_ptr(c)))[cptr & MASK(radix)].cap;
    }
    do {
        word_t guard_size = cap_cnode_guard_size(c), radix = cap_cnode_radix(c);
        word_t rest = cptr << used;
        if (guard_size && rest >> (seL4_WordBits - guard_size) != cap_cnode_guard(c))
            return cap_null();
        cte_t *slot = (cte_t *)arch_paddr_to_ptr(cap_ptr(c));
        c = slot[(rest << guard_size) >> (seL4_WordBits - radix)].cap;
        used += guard_size + radix;
    } while (used < seL4_WordBits && cap_type(c) == CAP_CNODE);
    return used > seL4_WordBits ? cap_null() : c;
}

/* The endpoint cap cptr names in t's CSpace, if it grants every right in need; else a null cap. */
static ALWAYS_INLINE cap_t endpoint_cap(struct tcb *t, word_t cptr, word_t need)
{
    cap_t c = lookup_fp(t, cptr);

    if (cap_type(c) != CAP_ENDPOINT || (cap_endpoint_rights(c) & need) != need)
        return cap_null();
    return c;
}

/*
 * cdt_insert of a new reply cap in dest, after the master reply cap: a reply
 * cap is never revocable nor a badge's first, so only the links change.
 * Both slots are in TCBs, so their addresses convert the short way.
 */
static ALWAYS_INLINE void insert_reply_cap(cap_t cap, cte_t *master, cte_t *dest)
{
    cte_t *next = mdb_next(master);

    dest->cap = cap;
    dest->mdb = (mdb_node_t){{arch_object_paddr(master), cte_paddr(next)}};
    master->mdb.w[1] = (master->mdb.w[1] & ~MDB_PTR_MASK) | arch_object_paddr(dest);
    if (next)
        next->mdb.w[0] = arch_object_paddr(dest);
}

/* A short message from one thread to another: its registers, info and the badge. */
static ALWAYS_INLINE void copy_short_message(struct tcb *from, struct tcb *to, word_t info,
                                             word_t badge)
{
    word_t n = msginfo_length(info);

    /* Registers past the message keep the receiver's values. */
    for (word_t i = 0; i < n; i++)
        *arch_msg_register(&to->arch.ctx, (int)i) = *arch_msg_register(&from->arch.ctx, (int)i);
    arch_set_msg_info(&to->arch.ctx, msginfo_new(msginfo_label(info), 0, 0, n));
    arch_set_badge(&to->arch.ctx, badge);
}

/*
 * The endpoint cap cptr names for a call (a Call, or a fault, which is sent
 * as one): it must grant Write, and Grant or GrantReply, without which a
 * call makes no reply cap (the ordinary path's case).  Else a null cap.
 */
static ALWAYS_INLINE cap_t call_endpoint(struct tcb *t, word_t cptr)
{
    cap_t c = endpoint_cap(t, cptr, KAAL_CAP_ALLOW_WRITE);

    if (cap_is_null(c) ||
        !(cap_endpoint_rights(c) & (KAAL_CAP_ALLOW_GRANT | KAAL_CAP_ALLOW_GRANT_REPLY)))
        return cap_null();
    return c;
}

/*
 * The receiver at the head of ep's queue, if a call can go to it here: the
 * scheduler would run it next (no ready thread outranks it) and it holds no
 * other caller's reply cap.  Else NULL.
 */
static ALWAYS_INLINE struct tcb *waiting_receiver(struct endpoint *ep)
{
    if (ep_state(ep) != EP_RECV)
        return NULL;
    struct tcb *dest = tcb_at(ep->head);
    if (thread_ready_above(dest->sched.prio) || !cap_is_null(dest->cnode[TCB_CALLER].cap))
        return NULL;
    return dest;
}

/* t's call has reached dest: dest gets a reply cap to t and runs, t waits for the reply. */
static ALWAYS_INLINE void call_delivered(struct tcb *t, struct tcb *dest)
{
    dest->blocking_object = 0;
    t->state = THREAD_BLOCKED_ON_REPLY;
    insert_reply_cap(cap_reply_new(arch_object_paddr(t), false,
                                   dest->blocking_can_grant ? KAAL_CAP_ALLOW_GRANT : 0),
                     &t->cnode[TCB_REPLY], &dest->cnode[TCB_CALLER]);
    dest->state = THREAD_RUNNING;
    thread_set_current(dest);
}

/*
 * Call: the receiver at the head of the endpoint's queue gets the message
 * and a reply cap to t, t waits for the reply, and the receiver runs.
 */
static bool fastpath_call(struct tcb *t)
{
    word_t info = arch_get_msg_info(&t->arch.ctx);

    if (!short_message(info) || t->fault.type != FAULT_NULL)
        return false;
    cap_t c = call_endpoint(t, arch_syscall_arg(&t->arch.ctx, 0));
    if (cap_is_null(c))
        return false;
    struct endpoint *ep = ep_at(cap_ptr(c));
    struct tcb *dest = waiting_receiver(ep);
    if (!dest)
        return false;

    ep_set_queue(ep, tcb_queue_remove(ep_queue(ep), dest), EP_RECV);
    copy_short_message(t, dest, info, cap_endpoint_badge(c));
    call_delivered(t, dest);
    COUNT(fastpath_calls);
    return true;
}

/*
 * An UnknownSyscall fault (a system call with a number seL4 does not have,
 * such as a Linux binary's): the fault message goes to the handler waiting
 * at the head of the fault endpoint's queue, which gets a reply cap, and
 * t waits for the reply, as fault_raise and ep_send would do.  The handler
 * needs an IPC buffer: the message has 19 words.
 */
static bool unknown_syscall_fp(struct tcb *t, sword_t n)
{
    if (t->fault.type != FAULT_NULL)
        return false;
    cap_t c = call_endpoint(t, t->fault_handler);
    if (cap_is_null(c))
        return false;
    struct endpoint *ep = ep_at(cap_ptr(c));
    struct tcb *dest = waiting_receiver(ep);
    word_t *rbuf = dest ? ipc_buffer(dest, true) : NULL;
    if (!rbuf)
        return false;

    ep_set_queue(ep, tcb_queue_remove(ep_queue(ep), dest), EP_RECV);
    /* The fields an UnknownSyscall has (the message and any report read no others): three stores
     * where a whole-struct assignment would clear 80 bytes. */
    t->fault.type = FAULT_UNKNOWN_SYSCALL;
    t->fault.ip = t->arch.fault_ip;
    t->fault.number = (word_t)n;
    arch_syscall_fault_to_mrs(t, dest, rbuf);
    rbuf[IPCBUF_MSG + ARCH_SYSCALL_FAULT_LENGTH - 1] = (word_t)n;
    arch_set_msg_info(&dest->arch.ctx,
                      msginfo_new(FAULT_UNKNOWN_SYSCALL, 0, 0, ARCH_SYSCALL_FAULT_LENGTH));
    arch_set_badge(&dest->arch.ctx, cap_endpoint_badge(c));
    call_delivered(t, dest);
    COUNT(fastpath_faults);
    return true;
}

/*
 * ReplyRecv: the caller t's reply cap names gets the reply and runs; t
 * waits on the endpoint, which has no sender queued.  A caller waiting
 * for the answer to an UnknownSyscall fault takes the reply as registers,
 * when its label is 0 (the thread runs again).
 */
static bool fastpath_reply_recv(struct tcb *t)
{
    word_t info = arch_get_msg_info(&t->arch.ctx);
    cte_t *slot = &t->cnode[TCB_CALLER];

    if (cap_type(slot->cap) != CAP_REPLY || cap_reply_master(slot->cap))
        return false;
    cap_t c = endpoint_cap(t, arch_syscall_arg(&t->arch.ctx, 0), KAAL_CAP_ALLOW_READ);
    if (cap_is_null(c))
        return false;
    struct endpoint *ep = ep_at(cap_ptr(c));
    if (ep_state(ep) == EP_SEND)
        return false;
    /* A pending signal on the bound notification is what the receive would return. */
    if (t->bound_notification && ntfn_state(ntfn_at(t->bound_notification)) == NTFN_ACTIVE)
        return false;
    struct tcb *caller = tcb_at(cap_ptr(slot->cap));
    bool fault = caller->fault.type != FAULT_NULL;
    if (thread_ready_above(caller->sched.prio) ||
        (fault && (caller->fault.type != FAULT_UNKNOWN_SYSCALL || msginfo_label(info) != 0)))
        return false;

    if (!fault && !short_message(info))
        return false;

    /* A reply cap needs no finalisation: emptying its slot is all of seL4's deleteCallerCap. */
    cdt_empty_slot(slot);
    if (fault) {
        word_t *sbuf = ipc_buffer(t, false);
        if (!arch_syscall_fault_reply(t, sbuf, msginfo_length(info), caller))
            ipc_fault_reply_registers(t, sbuf, msginfo_length(info), caller);
        caller->fault.type = FAULT_NULL;
        arch_thread_restart_point(caller);
    } else {
        copy_short_message(t, caller, info, 0);
    }
    t->state = THREAD_BLOCKED_ON_RECEIVE;
    t->blocking_object = cap_ptr(c);
    t->blocking_can_grant = cap_endpoint_rights(c) & KAAL_CAP_ALLOW_GRANT;
    ep_set_queue(ep, tcb_queue_append(ep_queue(ep), t), EP_RECV);
    caller->state = THREAD_RUNNING;
    thread_set_current(caller);
    COUNT(fastpath_replies);
    return true;
}

/* flatten: every call below is inlined (with LTO, across files), so the common case runs
 * straight through, with no call or return and no registers saved for nothing. */
__attribute__((flatten)) void fastpath(struct tcb *t, sword_t n)
{
    bool done = false;

    if (n == seL4_SysCall)
        done = fastpath_call(t);
    else if (n == seL4_SysReplyRecv)
        done = fastpath_reply_recv(t);
    /* The scheduler already has the partner as its current thread, with nothing left to decide. */
    if (done)
        arch_thread_resume(thread_current());
}

__attribute__((flatten)) void fastpath_unknown_syscall(struct tcb *t, sword_t n)
{
    if (unknown_syscall_fp(t, n))
        arch_thread_resume(thread_current());
}
