// SPDX-License-Identifier: BSD-2-Clause
/*
 * Moving messages between threads (see ipc.h), with seL4's rules:
 *
 *  - message registers 0-3 travel in registers, the rest in the IPC
 *    buffers, and only as far as both threads have one;
 *  - extra caps travel only if the sender's cap had Grant: a cap to the
 *    endpoint the message goes through is unwrapped (its badge given in
 *    caps_or_badges), any other cap is derived into the one receive slot
 *    the receiver named, and transfer stops at the first that cannot go;
 *  - a thread with a fault sends its fault message instead of its own;
 *  - the reply to a Call goes through a one-shot reply cap in the
 *    receiver's caller slot, a child of the caller's master reply cap.
 */
#include <object/cnode.h>
#include <object/cspace.h>
#include <object/ipc.h>
#include <object/objecttype.h>
#include <object/tcbdebug.h>
#include <thread.h>

word_t *ipc_buffer(struct tcb *t, bool is_receiver)
{
    return arch_ipc_buffer(t->cnode[TCB_BUFFER].cap, t->ipc_buffer, is_receiver);
}

word_t ipc_get_mr(struct tcb *t, const word_t *buffer, word_t i)
{
    if (i < ARCH_MSG_REGISTERS)
        return *arch_msg_register(&t->arch.ctx, (int)i);
    return buffer ? buffer[IPCBUF_MSG + i] : 0;
}

bool ipc_set_mr(struct tcb *t, word_t *buffer, word_t i, word_t v)
{
    if (i < ARCH_MSG_REGISTERS) {
        *arch_msg_register(&t->arch.ctx, (int)i) = v;
        return true;
    }
    if (!buffer || i >= seL4_MsgMaxLength)
        return false;
    buffer[IPCBUF_MSG + i] = v;
    return true;
}

/* The slot cptr names in t's CSpace, resolving all 64 bits (seL4 lookupSlot). */
static struct resolve_ret lookup_slot(struct tcb *t, word_t cptr)
{
    return cspace_resolve(t->cnode[TCB_CTABLE].cap, cptr, 64);
}

status_t ipc_lookup_extra_caps(struct tcb *t, const word_t *buffer, word_t info,
                               cte_t *slots[seL4_MsgMaxExtraCaps], struct fault *f)
{
    for (word_t i = 0; i < seL4_MsgMaxExtraCaps; i++)
        slots[i] = NULL;
    if (!buffer)
        return seL4_NoError;
    for (word_t i = 0; i < msginfo_extra_caps(info); i++) {
        word_t cptr = buffer[IPCBUF_CAPS_OR_BADGES + i];
        struct resolve_ret r = lookup_slot(t, cptr);
        if (r.status != seL4_NoError) {
            *f = (struct fault){.type = FAULT_CAP, .addr = cptr, .lookup = r.fault};
            return r.status;
        }
        slots[i] = r.slot;
    }
    return seL4_NoError;
}

/* The empty slot the receiver named for a received cap, or NULL (seL4 getReceiveSlots). */
static cte_t *receive_slot(struct tcb *t, const word_t *buffer)
{
    struct resolve_ret root = lookup_slot(t, buffer[IPCBUF_RECEIVE_CNODE]);
    struct syscall_error err;

    if (root.status != seL4_NoError)
        return NULL;
    struct lookup_slot_ret dest = cspace_lookup_slot(
        false, root.slot->cap, buffer[IPCBUF_RECEIVE_INDEX], buffer[IPCBUF_RECEIVE_DEPTH], &err);
    if (dest.status != seL4_NoError || !cap_is_null(dest.slot->cap))
        return NULL;
    return dest.slot;
}

/* Moves the sender's extra caps; returns the message info's extraCaps and capsUnwrapped. */
static word_t transfer_caps(cte_t *const caps[seL4_MsgMaxExtraCaps], paddr_t ep,
                            struct tcb *receiver, word_t *rbuf, word_t *unwrapped)
{
    cte_t *dest;
    word_t i;

    *unwrapped = 0;
    if (!caps[0] || !rbuf)
        return 0;
    dest = receive_slot(receiver, rbuf);
    for (i = 0; i < seL4_MsgMaxExtraCaps && caps[i]; i++) {
        cap_t c = caps[i]->cap;
        if (cap_type(c) == CAP_ENDPOINT && ep && cap_ptr(c) == ep) {
            rbuf[IPCBUF_CAPS_OR_BADGES + i] = cap_endpoint_badge(c);
            *unwrapped |= BIT(i);
            continue;
        }
        if (!dest)
            break;
        struct derive_ret d = cap_derive(caps[i], c);
        if (d.status != seL4_NoError || cap_is_null(d.cap))
            break;
        cdt_insert(d.cap, caps[i], dest);
        dest = NULL;
    }
    return i;
}

static void normal_transfer(struct tcb *sender, word_t *sbuf, paddr_t ep, word_t badge,
                            bool can_grant, struct tcb *receiver, word_t *rbuf)
{
    word_t info = arch_get_msg_info(&sender->arch.ctx);
    word_t length = MIN(msginfo_length(info), (word_t)seL4_MsgMaxLength);
    cte_t *caps[seL4_MsgMaxExtraCaps] = {NULL, NULL, NULL};
    struct fault ignored;
    word_t i, extra = 0, unwrapped = 0;

    if (can_grant && msginfo_extra_caps(info) &&
        ipc_lookup_extra_caps(sender, sbuf, info, caps, &ignored) != seL4_NoError)
        caps[0] = NULL;
    /* Registers to registers, then buffer to buffer if both threads have one. */
    for (i = 0; i < length && i < ARCH_MSG_REGISTERS; i++)
        *arch_msg_register(&receiver->arch.ctx, (int)i) =
            *arch_msg_register(&sender->arch.ctx, (int)i);
    for (; sbuf && rbuf && i < length; i++)
        rbuf[IPCBUF_MSG + i] = sbuf[IPCBUF_MSG + i];
    extra = transfer_caps(caps, ep, receiver, rbuf, &unwrapped);
    arch_set_msg_info(&receiver->arch.ctx, msginfo_new(msginfo_label(info), unwrapped, extra, i));
    arch_set_badge(&receiver->arch.ctx, badge);
}

/* Writes the lookup failure's words from MR offset on; returns the next free MR. */
static word_t set_lookup_fault_mrs(struct tcb *t, word_t *buf, word_t offset,
                                   const struct lookup_fault *lf)
{
    word_t i = offset;

    ipc_set_mr(t, buf, i++, lf->type);
    switch (lf->type) {
    case seL4_MissingCapability:
        ipc_set_mr(t, buf, i++, lf->bits_left);
        break;
    case seL4_DepthMismatch:
        ipc_set_mr(t, buf, i++, lf->bits_left);
        ipc_set_mr(t, buf, i++, lf->bits_found);
        break;
    case seL4_GuardMismatch:
        ipc_set_mr(t, buf, i++, lf->bits_left);
        ipc_set_mr(t, buf, i++, lf->guard_found);
        ipc_set_mr(t, buf, i++, lf->bits_found);
        break;
    default:
        break;
    }
    return i;
}

/*
 * Registers regs[0..n) of sender as receiver's message registers 0..n-1:
 * the first in receiver's registers, the rest in its buffer rbuf, if it has
 * one (words past the registers are dropped without it, as ipc_set_mr
 * would drop them).  Returns n.
 */
static word_t registers_to_mrs(struct tcb *sender, struct tcb *receiver, word_t *rbuf,
                               const word_t *regs, word_t n)
{
    word_t i;

    for (i = 0; i < n && i < ARCH_MSG_REGISTERS; i++)
        *arch_msg_register(&receiver->arch.ctx, (int)i) = arch_get_user_register(sender, regs[i]);
    for (; rbuf && i < n; i++)
        rbuf[IPCBUF_MSG + i] = arch_get_user_register(sender, regs[i]);
    return n;
}

/* Sets the MRs of sender's fault message in receiver; returns the message length. */
static word_t fault_mrs(struct tcb *sender, struct tcb *receiver, word_t *rbuf)
{
    const struct fault *f = &sender->fault;
    const word_t *regs;
    word_t n, i = 0;

    switch (f->type) {
    case FAULT_CAP:
        ipc_set_mr(receiver, rbuf, i++, arch_get_user_register(sender, 0));
        ipc_set_mr(receiver, rbuf, i++, f->addr);
        ipc_set_mr(receiver, rbuf, i++, f->in_receive_phase);
        i = set_lookup_fault_mrs(receiver, rbuf, i, &f->lookup);
        break;
    case FAULT_VM:
        ipc_set_mr(receiver, rbuf, i++, f->ip);
        ipc_set_mr(receiver, rbuf, i++, f->addr);
        ipc_set_mr(receiver, rbuf, i++, f->prefetch);
        ipc_set_mr(receiver, rbuf, i++, f->code);
        break;
    case FAULT_UNKNOWN_SYSCALL:
    case FAULT_USER_EXCEPTION:
        n = arch_fault_message_registers(f->type, &regs);
        i = registers_to_mrs(sender, receiver, rbuf, regs, n);
        ipc_set_mr(receiver, rbuf, i++, f->number);
        if (f->type == FAULT_USER_EXCEPTION)
            ipc_set_mr(receiver, rbuf, i++, f->code);
        break;
#ifdef CONFIG_HARDWARE_DEBUG_API
    case FAULT_DEBUG:
        i = debug_fault_mrs(f, receiver, rbuf);
        break;
#endif
    default:
        break;
    }
    /* Words beyond the registers were dropped if the receiver has no buffer. */
    return rbuf ? i : MIN(i, (word_t)ARCH_MSG_REGISTERS);
}

void ipc_transfer(struct tcb *sender, paddr_t ep, word_t badge, bool can_grant,
                  struct tcb *receiver)
{
    if (sender->fault.type == FAULT_NULL) {
        /* Only caps and words past the registers go through the buffers: else none is needed. */
        word_t info = arch_get_msg_info(&sender->arch.ctx);
        bool bufs = msginfo_length(info) > ARCH_MSG_REGISTERS || msginfo_extra_caps(info);
        normal_transfer(sender, bufs ? ipc_buffer(sender, false) : NULL, ep, badge, can_grant,
                        receiver, bufs ? ipc_buffer(receiver, true) : NULL);
        return;
    }
    word_t *rbuf = ipc_buffer(receiver, true);
    word_t length = fault_mrs(sender, receiver, rbuf);
    arch_set_msg_info(&receiver->arch.ctx, msginfo_new(sender->fault.type, 0, 0, length));
    arch_set_badge(&receiver->arch.ctx, badge);
}

void ipc_setup_caller_cap(struct tcb *caller, struct tcb *receiver, bool can_grant)
{
    cte_t *reply = &caller->cnode[TCB_REPLY], *slot = &receiver->cnode[TCB_CALLER];

    thread_set_state(caller, THREAD_BLOCKED_ON_REPLY);
    kassert(cap_type(reply->cap) == CAP_REPLY && cap_reply_master(reply->cap));
    kassert(cap_is_null(slot->cap));
    cdt_insert(
        cap_reply_new(arch_ptr_to_paddr(caller), false, can_grant ? KAAL_CAP_ALLOW_GRANT : 0),
        reply, slot);
}

/* Empties a slot whose cap needs no long finalisation (seL4 cteDeleteOne). */
static void delete_one(cte_t *slot)
{
    status_t st = cnode_delete(slot);

    kassert(st == seL4_NoError);
}

void ipc_delete_caller_cap(struct tcb *t)
{
    if (!cap_is_null(t->cnode[TCB_CALLER].cap))
        delete_one(&t->cnode[TCB_CALLER]);
}

/* Applies a fault handler's reply; returns true if the thread should run again. */
void ipc_fault_reply_registers(struct tcb *sender, const word_t *sbuf, word_t length,
                               struct tcb *receiver)
{
    const word_t *regs;
    word_t n = MIN(arch_fault_message_registers(receiver->fault.type, &regs), length), i;

    for (i = 0; i < n && i < ARCH_MSG_REGISTERS; i++)
        arch_set_user_register(receiver, regs[i], *arch_msg_register(&sender->arch.ctx, (int)i));
    for (; sbuf && i < n; i++)
        arch_set_user_register(receiver, regs[i], sbuf[IPCBUF_MSG + i]);
}

static bool fault_reply(struct tcb *receiver, struct tcb *sender)
{
    word_t info = arch_get_msg_info(&sender->arch.ctx);
    word_t *sbuf = ipc_buffer(sender, false);

    switch (receiver->fault.type) {
    case FAULT_UNKNOWN_SYSCALL:
    case FAULT_USER_EXCEPTION:
        ipc_fault_reply_registers(sender, sbuf, msginfo_length(info), receiver);
        return msginfo_label(info) == 0;
#ifdef CONFIG_HARDWARE_DEBUG_API
    case FAULT_DEBUG:
        return debug_fault_reply(receiver, msginfo_label(info), msginfo_length(info),
                                 ipc_get_mr(sender, sbuf, 0));
#endif
    default:
        return true; /* CapFault and VMFault: run again, to fault again if nothing changed */
    }
}

void ipc_do_reply(struct tcb *sender, struct tcb *receiver, cte_t *slot, bool can_grant)
{
    kassert(receiver->state == THREAD_BLOCKED_ON_REPLY);
    if (receiver->fault.type == FAULT_NULL) {
        ipc_transfer(sender, 0, 0, can_grant, receiver);
        delete_one(slot);
        thread_set_state(receiver, THREAD_RUNNING);
        thread_possible_switch_to(receiver);
        return;
    }
    delete_one(slot);
    bool restart = fault_reply(receiver, sender);
    receiver->fault.type = FAULT_NULL;
    if (restart) {
        thread_set_state(receiver, THREAD_RESTART);
        thread_possible_switch_to(receiver);
    } else {
        thread_set_state(receiver, THREAD_INACTIVE);
    }
}

void ipc_reply_error(struct tcb *t, const struct syscall_error *err)
{
    word_t *buf = ipc_buffer(t, true);
    word_t n = 0;

    switch (err->type) {
    case seL4_InvalidArgument:
        ipc_set_mr(t, buf, n++, err->invalid_argument_number);
        break;
    case seL4_InvalidCapability:
        ipc_set_mr(t, buf, n++, err->invalid_cap_number);
        break;
    case seL4_RangeError:
        ipc_set_mr(t, buf, n++, err->range_min);
        ipc_set_mr(t, buf, n++, err->range_max);
        break;
    case seL4_FailedLookup:
        ipc_set_mr(t, buf, n++, err->failed_lookup_was_source);
        n = set_lookup_fault_mrs(t, buf, n, &err->lookup_fault);
        break;
    case seL4_NotEnoughMemory:
        ipc_set_mr(t, buf, n++, err->memory_left);
        break;
    default:
        break;
    }
    if (!buf)
        n = MIN(n, (word_t)ARCH_MSG_REGISTERS);
    arch_set_msg_info(&t->arch.ctx, msginfo_new(err->type, 0, 0, n));
}

void ipc_reply_success(struct tcb *t, const struct inv_reply *r)
{
    word_t *buf = ipc_buffer(t, true);
    word_t n = 0;

    for (; n < r->length; n++)
        if (!ipc_set_mr(t, buf, n, r->mr[n]))
            break;
    arch_set_msg_info(&t->arch.ctx, msginfo_new(0, 0, 0, n));
}
