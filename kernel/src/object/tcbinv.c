// SPDX-License-Identifier: BSD-2-Clause
/*
 * TCB invocations (seL4 manual 10.3.6, non-MCS), decode then invoke.
 *
 * Priorities are checked against the authority thread's MCP.  Changing a
 * thread's CSpace, VSpace or IPC buffer deletes the cap in that slot of
 * the TCB and inserts a derived copy of the new one, but only if the
 * source cap and the TCB still exist after the deletion, which may have
 * removed either (seL4's sameObjectAs checks).  Registers are numbered as
 * in seL4_UserContext; values written are made safe by the arch.
 */
#include <object/cnode.h>
#include <object/ipc.h>
#include <object/notification.h>
#include <object/objecttype.h>
#include <object/tcbdebug.h>
#include <thread.h>

#define USER_CONTEXT_WORDS   20 /* seL4_UserContext on x86_64 */
#define FRAME_REGISTERS      10 /* rip .. rbp: what transfer_frame copies */
#define IPC_BUFFER_SIZE_BITS 10

static status_t truncated(struct syscall_error *err)
{
    return syscall_error_set(err, seL4_TruncatedMessage);
}

static status_t illegal(struct syscall_error *err)
{
    return syscall_error_set(err, seL4_IllegalOperation);
}

static status_t invalid_cap(struct syscall_error *err, word_t n)
{
    err->invalid_cap_number = n;
    return syscall_error_set(err, seL4_InvalidCapability);
}

/* seL4 suspend: stops the thread where it is; a running thread resumes after its call. */
static void tcb_suspend(struct tcb *t)
{
    tcb_cancel_wait(t);
    if (t->state == THREAD_RUNNING)
        t->arch.fault_ip = t->arch.ctx.tf.rip;
    thread_set_state(t, THREAD_INACTIVE); /* which takes it out of the ready queues */
}

/* True for the states seL4 counts as stopped (isStopped): inactive, or blocked in an IPC of any
 * kind.  A running or restarting thread is not. */
static bool tcb_is_stopped(const struct tcb *t)
{
    switch (t->state) {
    case THREAD_INACTIVE:
    case THREAD_BLOCKED_ON_RECEIVE:
    case THREAD_BLOCKED_ON_SEND:
    case THREAD_BLOCKED_ON_NOTIFICATION:
    case THREAD_BLOCKED_ON_REPLY:
        return true;
    default:
        return false;
    }
}

/* seL4 restart: a stopped thread has its IPC cancelled and runs again, from its restart point
 * (a thread blocked in a system call makes the call again unless its registers were changed).
 * As in seL4, it goes to the head of its ready queue before the scheduler is asked to switch,
 * so that threads resumed by an equal that keeps running run newest first. */
static void tcb_resume(struct tcb *t)
{
    if (!tcb_is_stopped(t))
        return;
    tcb_cancel_wait(t);
    tcb_setup_reply_master(t);
    thread_set_state(t, THREAD_RESTART);
    thread_enqueue(t);
    thread_possible_switch_to(t);
}

/* Checks a priority or MCP against the authority's MCP (seL4 checkPrio). */
static status_t check_prio(word_t prio, const cte_t *auth, struct syscall_error *err)
{
    if (cap_type(auth->cap) != CAP_THREAD)
        return invalid_cap(err, 1);
    word_t mcp = tcb_at(cap_ptr(auth->cap))->mcp;
    if (prio > mcp)
        return syscall_error_range(err, 0, mcp);
    return seL4_NoError;
}

/* ReadRegisters, decoded: the first n registers, after a suspend if asked. */
static void invoke_read_registers(struct tcb *t, const struct invocation *inv, word_t n,
                                  bool suspend)
{
    if (suspend)
        tcb_suspend(t);
    for (word_t i = 0; i < n; i++)
        inv_reply_set(inv, i, arch_get_user_register(t, i));
}

static status_t read_registers(struct tcb *t, const struct invocation *inv,
                               struct syscall_error *err)
{
    if (!inv_complete(inv, TCBReadRegisters))
        return truncated(err);
    word_t n = inv_arg(inv, TCBReadRegisters, count);
    if (n < 1 || n > USER_CONTEXT_WORDS)
        return syscall_error_range(err, 1, USER_CONTEXT_WORDS);
    if (t == inv->thread)
        return illegal(err);
    invoke_read_registers(t, inv, n, inv_arg(inv, TCBReadRegisters, suspend_source));
    return seL4_NoError;
}

/* WriteRegisters, decoded: the first n registers from the message, then a resume if asked. */
static void invoke_write_registers(struct tcb *t, const struct invocation *inv, word_t n,
                                   bool resume)
{
    for (word_t i = 0; i < n; i++)
        arch_set_user_register(t, i, inv_field(inv, TCBWriteRegisters, regs, i));
    if (resume)
        tcb_resume(t);
}

static status_t write_registers(struct tcb *t, const struct invocation *inv,
                                struct syscall_error *err)
{
    /* seL4 takes as many registers as count says and the message holds, not the whole struct. */
    if (!inv_has(inv, TCBWriteRegisters, count))
        return truncated(err);
    word_t n = inv_arg(inv, TCBWriteRegisters, count);
    if (inv_words_from(inv, TCBWriteRegisters, regs) < n)
        return truncated(err);
    if (t == inv->thread)
        return illegal(err);
    invoke_write_registers(t, inv, MIN(n, (word_t)USER_CONTEXT_WORDS),
                           inv_arg(inv, TCBWriteRegisters, resume_target));
    return seL4_NoError;
}

/* CopyRegisters' flags, decoded. */
struct copy_flags {
    bool suspend_source, resume_target, frame, integer;
};

/* CopyRegisters, decoded: src suspended and t resumed if asked, then the registers copied. */
static void invoke_copy_registers(struct tcb *t, struct tcb *src, struct copy_flags f,
                                  const struct tcb *invoker)
{
    if (f.suspend_source)
        tcb_suspend(src);
    if (f.resume_target)
        tcb_resume(t);
    for (word_t i = 0; i < USER_CONTEXT_WORDS; i++) {
        bool frame = i < FRAME_REGISTERS;
        if ((frame && f.frame) || (!frame && f.integer))
            arch_set_user_register(t, i, arch_get_user_register(src, i));
    }
    if (t == invoker)
        thread_reschedule();
}

static status_t copy_registers(struct tcb *t, const struct invocation *inv,
                               struct syscall_error *err)
{
    if (!inv_complete(inv, TCBCopyRegisters))
        return truncated(err);
    if (cap_type(inv_cap(inv, TCBCopyRegisters, source)->cap) != CAP_THREAD)
        return invalid_cap(err, 1);
    struct copy_flags f = {
        .suspend_source = inv_arg(inv, TCBCopyRegisters, suspend_source),
        .resume_target = inv_arg(inv, TCBCopyRegisters, resume_target),
        .frame = inv_arg(inv, TCBCopyRegisters, transfer_frame),
        .integer = inv_arg(inv, TCBCopyRegisters, transfer_integer),
    };
    invoke_copy_registers(t, tcb_at(cap_ptr(inv_cap(inv, TCBCopyRegisters, source)->cap)), f,
                          inv->thread);
    return seL4_NoError;
}

/* The new CSpace root: data applied, derived, and a CNode (seL4's SetSpace checks). */
static status_t space_caps(const struct invocation *inv, word_t croot_data, word_t vroot_data,
                           cap_t *croot, cap_t *vroot, struct syscall_error *err)
{
    cte_t *cslot = inv_cap(inv, TCBSetSpace, cspace_root);
    cte_t *vslot = inv_cap(inv, TCBSetSpace, vspace_root);
    cap_t c = cslot->cap, v = vslot->cap;
    struct derive_ret d;

    if (croot_data) {
        c = cap_update_data(false, croot_data, c);
        if (cap_is_null(c))
            return illegal(err);
    }
    d = cap_derive(cslot, c);
    if (d.status != seL4_NoError)
        return syscall_error_set(err, d.status);
    if (cap_type(d.cap) != CAP_CNODE)
        return illegal(err);
    *croot = d.cap;
    (void)vroot_data; /* x86_64 VSpace caps take no data */
    d = cap_derive(vslot, v);
    if (d.status != seL4_NoError)
        return syscall_error_set(err, d.status);
    if (!arch_is_valid_vtable_root(d.cap))
        return illegal(err);
    *vroot = d.cap;
    return seL4_NoError;
}

/* The IPC buffer frame for address va: derived, a non-device frame, va aligned. */
static status_t buffer_cap(const cte_t *slot, word_t va, cap_t *out, struct syscall_error *err)
{
    struct derive_ret d;

    if (!arch_is_frame_cap(slot->cap) || arch_frame_is_device(slot->cap))
        return illegal(err);
    if (va & MASK(IPC_BUFFER_SIZE_BITS))
        return syscall_error_set(err, seL4_AlignmentError);
    d = cap_derive((cte_t *)slot, slot->cap);
    if (d.status != seL4_NoError)
        return syscall_error_set(err, d.status);
    *out = d.cap;
    return seL4_NoError;
}

/* Replaces the cap in TCB slot index with cap derived from src, if both still exist. */
static status_t install(cte_t *tslot, struct tcb *t, word_t index, cap_t cap, cte_t *src)
{
    status_t st = cnode_delete(&t->cnode[index]);

    if (st != seL4_NoError)
        return st;
    if (!cap_is_null(cap) && cap_same_object_as(cap, src->cap) &&
        cap_type(tslot->cap) == CAP_THREAD && cap_ptr(tslot->cap) == arch_ptr_to_paddr(t))
        cdt_insert(cap, src, &t->cnode[index]);
    return seL4_NoError;
}

/* Configure begins with SetSpace's arguments: SetSpace's names stand for both. */
_Static_assert(INV_TCBConfigure_fault_ep_WORD == INV_TCBSetSpace_fault_ep_WORD &&
                   INV_TCBConfigure_cspace_root_data_WORD ==
                       INV_TCBSetSpace_cspace_root_data_WORD &&
                   INV_TCBConfigure_vspace_root_data_WORD ==
                       INV_TCBSetSpace_vspace_root_data_WORD &&
                   INV_TCBConfigure_cspace_root_CAP == INV_TCBSetSpace_cspace_root_CAP &&
                   INV_TCBConfigure_vspace_root_CAP == INV_TCBSetSpace_vspace_root_CAP,
               "Configure's space part is SetSpace's");

/* SetSpace and Configure, decoded: the new roots and, with_buffer, the IPC buffer. */
struct space {
    word_t fault_ep;
    cap_t croot, vroot, buf;
    word_t buf_va;
    bool with_buffer;
};

/* Installs what set_space decoded; may be preempted in a deletion, and then runs again. */
static status_t invoke_set_space(cte_t *slot, struct tcb *t, const struct invocation *inv,
                                 const struct space *sp)
{
    status_t st;

    t->fault_handler = sp->fault_ep;
    st = install(slot, t, TCB_CTABLE, sp->croot, inv_cap(inv, TCBSetSpace, cspace_root));
    if (st == seL4_NoError)
        st = install(slot, t, TCB_VTABLE, sp->vroot, inv_cap(inv, TCBSetSpace, vspace_root));
    if (st == seL4_NoError && sp->with_buffer) {
        t->ipc_buffer = sp->buf_va;
        st = install(slot, t, TCB_BUFFER, sp->buf, inv_cap(inv, TCBConfigure, bufferFrame));
    }
    return st;
}

/* Configure (set_buffer) and SetSpace: the space part, then optionally the buffer. */
static status_t set_space(cte_t *slot, struct tcb *t, const struct invocation *inv,
                          bool with_buffer, struct syscall_error *err)
{
    struct space sp = {.buf = cap_null(), .with_buffer = with_buffer};
    status_t st;

    if (with_buffer ? !inv_complete(inv, TCBConfigure) : !inv_complete(inv, TCBSetSpace))
        return truncated(err);
    st = space_caps(inv, inv_arg(inv, TCBSetSpace, cspace_root_data),
                    inv_arg(inv, TCBSetSpace, vspace_root_data), &sp.croot, &sp.vroot, err);
    if (st != seL4_NoError)
        return st;
    sp.buf_va = with_buffer ? inv_arg(inv, TCBConfigure, buffer) : 0;
    if (with_buffer && sp.buf_va) {
        st = buffer_cap(inv_cap(inv, TCBConfigure, bufferFrame), sp.buf_va, &sp.buf, err);
        if (st != seL4_NoError)
            return st;
    }
    sp.fault_ep = inv_arg(inv, TCBSetSpace, fault_ep);
    return invoke_set_space(slot, t, inv, &sp);
}

/* SetIPCBuffer, decoded: the address and the derived frame cap (null for no buffer). */
static status_t invoke_set_ipc_buffer(cte_t *slot, struct tcb *t, word_t va, cap_t buf,
                                      cte_t *frame)
{
    t->ipc_buffer = va;
    return install(slot, t, TCB_BUFFER, buf, frame);
}

static status_t set_ipc_buffer(cte_t *slot, struct tcb *t, const struct invocation *inv,
                               struct syscall_error *err)
{
    cap_t buf = cap_null();
    status_t st;

    if (!inv_has(inv, TCBSetIPCBuffer, buffer))
        return truncated(err);
    word_t va = inv_arg(inv, TCBSetIPCBuffer, buffer);
    cte_t *frame = inv_cap(inv, TCBSetIPCBuffer, bufferFrame);
    if (va) {
        if (!frame)
            return truncated(err);
        st = buffer_cap(frame, va, &buf, err);
        if (st != seL4_NoError)
            return st;
    }
    return invoke_set_ipc_buffer(slot, t, va, buf, frame);
}

/* The three share the authority's slot: SetPriority's name stands for all. */
_Static_assert(INV_TCBSetMCPriority_authority_CAP == INV_TCBSetPriority_authority_CAP &&
                   INV_TCBSetSchedParams_authority_CAP == INV_TCBSetPriority_authority_CAP,
               "the authority is the first cap");

/* SetPriority, SetMCPriority and SetSchedParams, decoded and checked against the authority. */
static void invoke_set_prio(struct tcb *t, bool mcp, word_t new_mcp, bool prio, word_t new_prio)
{
    if (mcp)
        t->mcp = new_mcp;
    if (prio)
        thread_set_priority(t, new_prio);
}

/* SetPriority (prio), SetMCPriority (mcp) and SetSchedParams (both). */
static status_t set_prio(struct tcb *t, const struct invocation *inv, bool mcp, bool prio,
                         struct syscall_error *err)
{
    bool complete = mcp && prio ? inv_complete(inv, TCBSetSchedParams)
                    : mcp       ? inv_complete(inv, TCBSetMCPriority)
                                : inv_complete(inv, TCBSetPriority);
    status_t st;

    if (!complete)
        return truncated(err);
    cte_t *auth = inv_cap(inv, TCBSetPriority, authority);
    word_t new_mcp = !mcp   ? 0
                     : prio ? inv_arg(inv, TCBSetSchedParams, mcp)
                            : inv_arg(inv, TCBSetMCPriority, mcp);
    word_t new_prio = !prio ? 0
                      : mcp ? inv_arg(inv, TCBSetSchedParams, priority)
                            : inv_arg(inv, TCBSetPriority, priority);
    if (mcp && (st = check_prio(new_mcp, auth, err)) != seL4_NoError)
        return st;
    if (prio && (st = check_prio(new_prio, auth, err)) != seL4_NoError)
        return st;
    invoke_set_prio(t, mcp, new_mcp, prio, new_prio);
    return seL4_NoError;
}

static status_t bind_notification(struct tcb *t, const struct invocation *inv,
                                  struct syscall_error *err)
{
    if (!inv_cap(inv, TCBBindNotification, notification))
        return truncated(err);
    if (t->bound_notification)
        return illegal(err);
    cap_t c = inv_cap(inv, TCBBindNotification, notification)->cap;
    if (cap_type(c) != CAP_NOTIFICATION || !(cap_notification_rights(c) & KAAL_CAP_ALLOW_READ))
        return illegal(err);
    struct notification *n = ntfn_at(cap_ptr(c));
    if (n->bound_tcb || ntfn_state(n) == NTFN_WAITING)
        return illegal(err);
    ntfn_bind(n, t);
    return seL4_NoError;
}

status_t tcb_decode_invocation(cte_t *slot, const struct invocation *inv, struct syscall_error *err)
{
    struct tcb *t = tcb_at(cap_ptr(slot->cap));

    switch (inv->label) {
    case TCBReadRegisters:
        return read_registers(t, inv, err);
    case TCBWriteRegisters:
        return write_registers(t, inv, err);
    case TCBCopyRegisters:
        return copy_registers(t, inv, err);
    case TCBConfigure:
        return set_space(slot, t, inv, true, err);
    case TCBSetPriority:
        return set_prio(t, inv, false, true, err);
    case TCBSetMCPriority:
        return set_prio(t, inv, true, false, err);
    case TCBSetSchedParams:
        return set_prio(t, inv, true, true, err);
    case TCBSetIPCBuffer:
        return set_ipc_buffer(slot, t, inv, err);
    case TCBSetSpace:
        return set_space(slot, t, inv, false, err);
    case TCBSuspend:
        tcb_suspend(t);
        return seL4_NoError;
    case TCBResume:
        tcb_resume(t);
        return seL4_NoError;
    case TCBBindNotification:
        return bind_notification(t, inv, err);
    case TCBUnbindNotification:
        if (!t->bound_notification)
            return illegal(err);
        ntfn_unbind(ntfn_at(t->bound_notification));
        return seL4_NoError;
    case TCBSetTLSBase:
        if (!inv_complete(inv, TCBSetTLSBase))
            return truncated(err);
        arch_set_user_register(t, 18, inv_arg(inv, TCBSetTLSBase, tls_base));
        return seL4_NoError;
#ifdef CONFIG_HARDWARE_DEBUG_API
    case TCBSetBreakpoint:
    case TCBGetBreakpoint:
    case TCBUnsetBreakpoint:
    case TCBConfigureSingleStepping:
        return tcb_debug_invocation(t, inv, err);
#endif
    default:
        return illegal(err);
    }
}
