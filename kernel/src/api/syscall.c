// SPDX-License-Identifier: BSD-2-Clause
/*
 * System calls, dispatched by seL4's numbers (seL4 handleSyscall).
 *
 * Send, NBSend and Call invoke the cap the destination cptr names: an
 * endpoint, notification or reply cap passes a message; any other cap is
 * an object invocation, decoded and performed by the object model, whose
 * result a Call gets back as the kernel's reply.  A cap that cannot be
 * looked up is a CapFault for the blocking calls and nothing for NBSend.
 * Recv and NBRecv wait on an endpoint or notification; Reply answers the
 * caller through the one-shot reply cap.  The debug calls exist only in
 * debug builds, as in seL4; a number seL4 does not have is an
 * UnknownSyscall fault, which is how the POSIX layer receives Linux's.
 */
#include <fault.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <machine.h>
#include <object/cnode.h>
#include <object/cspace.h>
#include <object/endpoint.h>
#include <object/ipc.h>
#include <object/notification.h>
#include <sel4/syscall.h>
#include <syscall.h>
#include <thread.h>
#include <user.h>

static void cap_fault(struct tcb *t, word_t cptr, bool receive, struct lookup_fault lf)
{
    struct fault f = {.type = FAULT_CAP,
                      .ip = t->arch.fault_ip,
                      .addr = cptr,
                      .in_receive_phase = receive,
                      .lookup = lf};
    fault_raise(t, &f);
}

static void unknown_syscall(struct tcb *t, sword_t n)
{
    struct fault f = {.type = FAULT_UNKNOWN_SYSCALL, .ip = t->arch.fault_ip, .number = (word_t)n};
    fault_raise(t, &f);
}

/* An endpoint, notification or reply cap used with Send, NBSend or Call. */
static status_t invoke_ipc_cap(struct tcb *t, cte_t *slot, bool blocking, bool call,
                               struct syscall_error *err)
{
    cap_t c = slot->cap;
    word_t rights;

    switch (cap_type(c)) {
    case CAP_ENDPOINT:
        rights = cap_endpoint_rights(c);
        if (!(rights & KAAL_CAP_ALLOW_WRITE)) {
            err->invalid_cap_number = 0;
            return syscall_error_set(err, seL4_InvalidCapability);
        }
        thread_set_state(t, THREAD_RESTART);
        ep_send(ep_at(cap_ptr(c)), t, cap_endpoint_badge(c), rights & KAAL_CAP_ALLOW_GRANT,
                rights & KAAL_CAP_ALLOW_GRANT_REPLY, blocking, call);
        return seL4_NoError;
    case CAP_NOTIFICATION:
        if (!(cap_notification_rights(c) & KAAL_CAP_ALLOW_WRITE)) {
            err->invalid_cap_number = 0;
            return syscall_error_set(err, seL4_InvalidCapability);
        }
        thread_set_state(t, THREAD_RESTART);
        ntfn_signal(ntfn_at(cap_ptr(c)), cap_notification_badge(c));
        return seL4_NoError;
    default:
        kassert(cap_type(c) == CAP_REPLY);
        if (cap_reply_master(c))
            return syscall_error_set(err, seL4_IllegalOperation);
        thread_set_state(t, THREAD_RESTART);
        ipc_do_reply(t, tcb_at(cap_ptr(c)), slot, cap_reply_rights(c) & KAAL_CAP_ALLOW_GRANT);
        return seL4_NoError;
    }
}

/* Send, NBSend and Call (seL4 handleInvocation). */
static void handle_invocation(struct tcb *t, bool call, bool blocking)
{
    word_t info = arch_get_msg_info(&t->arch.ctx), cptr = arch_syscall_arg(&t->arch.ctx, 0);
    struct resolve_ret lu = cspace_resolve(t->cnode[TCB_CTABLE].cap, cptr, 64);
    struct syscall_error err = {0};
    struct inv_reply reply; /* decoders write the words they report before its length */
    struct fault f;
    status_t st;

    if (lu.status != seL4_NoError) {
        if (blocking)
            cap_fault(t, cptr, false, lu.fault);
        return;
    }
    reply.length = 0;
    /* Only caps and words past the registers are read from the buffer: no need to find it else. */
    bool need_buf = msginfo_extra_caps(info) || msginfo_length(info) > ARCH_MSG_REGISTERS;
    word_t *buf = need_buf ? ipc_buffer(t, false) : NULL;
    struct invocation inv = {
        .label = msginfo_label(info), .length = msginfo_length(info), .thread = t, .reply = &reply};
    /* inv.extra_caps starts all NULL: only a message with caps needs the lookup. */
    if (msginfo_extra_caps(info) &&
        ipc_lookup_extra_caps(t, buf, info, inv.extra_caps, &f) != seL4_NoError) {
        if (blocking)
            cap_fault(t, f.addr, false, f.lookup);
        return;
    }
    if (inv.length > ARCH_MSG_REGISTERS && !buf)
        inv.length = ARCH_MSG_REGISTERS;
    inv.length = MIN(inv.length, (word_t)seL4_MsgMaxLength);
    word_t type = cap_type(lu.slot->cap), mr[seL4_MsgMaxLength];
    if (type == CAP_ENDPOINT || type == CAP_NOTIFICATION || type == CAP_REPLY) {
        /* The message goes to its receiver from the sender's registers and buffer. */
        st = invoke_ipc_cap(t, lu.slot, blocking, call, &err);
    } else {
        for (word_t i = 0; i < inv.length; i++)
            mr[i] = ipc_get_mr(t, buf, i);
        inv.mr = mr;
        thread_set_state(t, THREAD_RESTART);
        st = decode_invocation(lu.slot, &inv, &err);
    }
    if (st == STATUS_PREEMPTED)
        return; /* still Restart: the call runs again and the operation goes on */
    if (st != seL4_NoError) {
        thread_set_state(t, THREAD_RUNNING);
        if (call)
            ipc_reply_error(t, &err);
        return;
    }
    if (t->state == THREAD_RESTART) {
        if (call)
            ipc_reply_success(t, &reply);
        thread_set_state(t, THREAD_RUNNING);
    }
}

/* Recv and NBRecv (seL4 handleRecv). */
static void handle_recv(struct tcb *t, bool blocking)
{
    word_t cptr = arch_syscall_arg(&t->arch.ctx, 0);
    struct resolve_ret lu = cspace_resolve(t->cnode[TCB_CTABLE].cap, cptr, 64);
    cap_t c = lu.status == seL4_NoError ? lu.slot->cap : cap_null();

    switch (cap_type(c)) {
    case CAP_ENDPOINT:
        if (!(cap_endpoint_rights(c) & KAAL_CAP_ALLOW_READ))
            break;
        ipc_delete_caller_cap(t);
        ep_receive(ep_at(cap_ptr(c)), c, t, blocking);
        return;
    case CAP_NOTIFICATION: {
        struct notification *n = ntfn_at(cap_ptr(c));
        paddr_t bound = n->bound_tcb;
        if (!(cap_notification_rights(c) & KAAL_CAP_ALLOW_READ) ||
            (bound && bound != arch_ptr_to_paddr(t)))
            break;
        ntfn_receive(n, t, blocking);
        return;
    }
    default:
        break;
    }
    /* seL4 reports every failure here as a CapFault in the receive phase. */
    struct lookup_fault lf = lu.status == seL4_NoError ? lookup_fault_missing(0) : lu.fault;
    cap_fault(t, cptr, true, lf);
}

/* Reply (seL4 handleReply): answers the caller through the reply cap, if there is one. */
static void handle_reply(struct tcb *t)
{
    cte_t *slot = &t->cnode[TCB_CALLER];
    cap_t c = slot->cap;

    if (cap_type(c) != CAP_REPLY || cap_reply_master(c))
        return;
    ipc_do_reply(t, tcb_at(cap_ptr(c)), slot, cap_reply_rights(c) & KAAL_CAP_ALLOW_GRANT);
}

#ifdef CONFIG_DEBUG
/* DebugNameThread: rdi names a TCB cap, the name is a string in the caller's IPC buffer. */
static void debug_name_thread(struct tcb *t)
{
    struct resolve_ret lu =
        cspace_resolve(t->cnode[TCB_CTABLE].cap, arch_syscall_arg(&t->arch.ctx, 0), 64);
    const word_t *buf = ipc_buffer(t, false);

    if (lu.status != seL4_NoError || cap_type(lu.slot->cap) != CAP_THREAD || !buf) {
        kprintf("[KaaL] DebugNameThread: thread '%s' named no TCB cap; ignored\n", t->name);
        return;
    }
    struct tcb *target = tcb_at(cap_ptr(lu.slot->cap));
    const char *name = (const char *)&buf[IPCBUF_MSG];
    size_t i = 0;
    for (; i + 1 < TCB_NAME_LEN && i < seL4_MsgMaxLength * sizeof(word_t) && name[i]; i++)
        target->name[i] = name[i];
    target->name[i] = 0;
}

/* DebugCapIdentify: the type of the cap rdi names, in rdi (0 for none). */
static void debug_cap_identify(struct tcb *t)
{
    word_t cptr = arch_syscall_arg(&t->arch.ctx, 0);
    struct resolve_ret lu = cspace_resolve(t->cnode[TCB_CTABLE].cap, cptr, 64);

    arch_set_badge(&t->arch.ctx, lu.status == seL4_NoError ? cap_seL4_type(lu.slot->cap) : 0);
}

/* seL4's name of a thread state (_thread_state in its debug output). */
static const char *thread_state_name(word_t state)
{
    static const char *const names[] = {[THREAD_INACTIVE] = "Inactive",
                                        [THREAD_RUNNING] = "Running",
                                        [THREAD_RESTART] = "Restart",
                                        [THREAD_BLOCKED_ON_RECEIVE] = "BlockedOnReceive",
                                        [THREAD_BLOCKED_ON_SEND] = "BlockedOnSend",
                                        [THREAD_BLOCKED_ON_REPLY] = "BlockedOnReply",
                                        [THREAD_BLOCKED_ON_NOTIFICATION] = "BlockedOnNotification",
                                        [THREAD_IDLE] = "IdleThreadState"};

    return state < ARRAY_SIZE(names) ? names[state] : "unknown";
}

static void dump_ready_thread(struct tcb *r, void *ctx)
{
    (void)ctx;
    kprintf_always("[KaaL]   ready: '%s' prio %u mcp %llu state %s\n", r->name, r->sched.prio,
                   (unsigned long long)r->mcp, thread_state_name(r->state));
}

/* DebugDumpScheduler: the running thread, then every ready one, highest priority first. */
static void debug_dump_scheduler(struct tcb *t)
{
    kprintf_always("[KaaL] scheduler: running '%s' (prio %u, mcp %llu)\n", t->name, t->sched.prio,
                   (unsigned long long)t->mcp);
    thread_for_each_ready(dump_ready_thread, NULL);
}

/* The name of an seL4 13.0.0 x86_64 cap tag (cap_seL4_type), as libsel4's object names go. */
static const char *cap_tag_name(word_t tag)
{
    static const char *const names[] = {
        [0] = "null",     [1] = "frame",          [2] = "untyped",      [3] = "page table",
        [4] = "endpoint", [5] = "page directory", [6] = "notification", [7] = "PDPT",
        [8] = "reply",    [9] = "PML4",           [10] = "CNode",       [11] = "ASID control",
        [12] = "thread",  [13] = "ASID pool",     [14] = "IRQ control", [16] = "IRQ handler",
        [18] = "zombie",  [19] = "I/O port",      [20] = "domain",      [31] = "I/O port control"};

    return tag < ARRAY_SIZE(names) && names[tag] ? names[tag] : "unknown";
}

/*
 * DebugSnapshot: seL4 writes a capDL dump of the whole system; KaaL lists
 * the caller's root CNode, one line per non-empty slot, without following
 * the CNodes in it, so the output stays bounded.
 */
static void debug_snapshot(struct tcb *t)
{
    cap_t root = t->cnode[TCB_CTABLE].cap;

    if (cap_type(root) != CAP_CNODE) {
        kprintf_always("[KaaL] snapshot: thread '%s' has no root CNode\n", t->name);
        return;
    }
    word_t slots = BIT(cap_cnode_radix(root));
    const cte_t *slot = cte_at(cap_ptr(root));
    kprintf_always("[KaaL] snapshot: thread '%s', root CNode of %llu slots\n", t->name,
                   (unsigned long long)slots);
    for (word_t i = 0; i < slots; i++) {
        cap_t c = slot[i].cap;
        if (cap_type(c) == CAP_NULL)
            continue;
        if (cap_is_physical(c))
            kprintf_always("[KaaL]   slot %llu: %s object 0x%llx\n", (unsigned long long)i,
                           cap_tag_name(cap_seL4_type(c)), (unsigned long long)cap_ptr(c));
        else
            kprintf_always("[KaaL]   slot %llu: %s\n", (unsigned long long)i,
                           cap_tag_name(cap_seL4_type(c)));
    }
}
#endif

static bool debug_syscall(struct tcb *t, sword_t n)
{
#ifdef CONFIG_DEBUG
    switch (n) {
    case seL4_SysDebugPutChar:
        kprintf_always("%c", (char)arch_syscall_arg(&t->arch.ctx, 0));
        return true;
    case seL4_SysDebugHalt:
        kprintf("[KaaL] fast path: %llu Call, %llu ReplyRecv, %llu UnknownSyscall\n",
                (unsigned long long)fastpath_calls, (unsigned long long)fastpath_replies,
                (unsigned long long)fastpath_faults);
        kprintf("[KaaL] halted by thread '%s' (DebugHalt) after %llu timer interrupts\n", t->name,
                (unsigned long long)arch_timer_ticks());
        arch_halt(KAAL_EXIT_OK);
    case seL4_SysDebugNameThread:
        debug_name_thread(t);
        return true;
    case seL4_SysDebugCapIdentify:
        debug_cap_identify(t);
        return true;
    case seL4_SysDebugDumpScheduler:
        debug_dump_scheduler(t);
        return true;
    case seL4_SysDebugSnapshot:
        debug_snapshot(t);
        return true;
    }
#else
    (void)t;
    (void)n;
#endif
    return false;
}

void syscall_handle(struct tcb *t, sword_t n)
{
    if (debug_syscall(t, n))
        return;
    switch (n) {
    case seL4_SysSend:
        handle_invocation(t, false, true);
        return;
    case seL4_SysNBSend:
        handle_invocation(t, false, false);
        return;
    case seL4_SysCall:
        handle_invocation(t, true, true);
        return;
    case seL4_SysRecv:
        handle_recv(t, true);
        return;
    case seL4_SysNBRecv:
        handle_recv(t, false);
        return;
    case seL4_SysReply:
        handle_reply(t);
        return;
    case seL4_SysReplyRecv:
        handle_reply(t);
        handle_recv(t, true);
        return;
    case seL4_SysYield:
        thread_yield();
        return;
    case seL4_SysSetTLSBase:
        arch_set_tls_base(t, arch_syscall_arg(&t->arch.ctx, 0));
        return;
    default:
        fastpath_unknown_syscall(t, n);
        unknown_syscall(t, n);
    }
}
