// SPDX-License-Identifier: BSD-2-Clause
/*
 * seL4's hardware debug API, the part every arch shares (seL4's tcb.c and
 * faults.c with CONFIG_HARDWARE_DEBUG_API): the TCB's four debug
 * invocations, decode then invoke, and the DebugException fault's message
 * and reply.  What depends on the debug registers is the arch's
 * (<object/tcbdebug.h>).
 *
 * SetBreakpoint's checks come in seL4's order, since the order decides
 * which error a call wrong in two ways gets: the address, the type with its
 * size and access, the access, the size, the alignment, and only then the
 * arch's breakpoint number and size.  seL4's checks that an instruction
 * breakpoint does not name a watchpoint register, and the reverse, never
 * fail on pc99, whose four registers serve both (seL4_FirstWatchpoint is
 * -1), so they are left to an arch that has separate ones.
 *
 * One difference from seL4: its decoders read the arguments whether or not
 * the message carries them; here a message shorter than the stub's is
 * TruncatedMessage, as for every other invocation.  libsel4's stubs always
 * send every word, so no program built for seL4 sees it.
 */
#ifdef CONFIG_HARDWARE_DEBUG_API

#include <object/ipc.h>
#include <object/tcbdebug.h>

static status_t truncated(struct syscall_error *err)
{
    return syscall_error_set(err, seL4_TruncatedMessage);
}

/* A breakpoint number is a seL4_Uint16: seL4 keeps those bits of the word (uint16_t bp_num). */
static word_t bp_number(word_t w)
{
    return (uint16_t)w;
}

/* seL4's generic checks of SetBreakpoint's address, type, size and access. */
static status_t check_breakpoint(word_t vaddr, word_t type, word_t size, word_t rw,
                                 struct syscall_error *err)
{
    if (vaddr >= seL4_UserTop)
        return syscall_error_arg(err, 1);
    if (type == seL4_InstructionBreakpoint) {
        if (size != 0)
            return syscall_error_arg(err, 3);
        if (rw != seL4_BreakOnRead)
            return syscall_error_arg(err, 4);
    } else if (type == seL4_DataBreakpoint) {
        if (size == 0)
            return syscall_error_arg(err, 3);
    } else {
        return syscall_error_arg(err, 2); /* SingleStep and SoftwareBreakRequest included */
    }
    if (rw != seL4_BreakOnRead && rw != seL4_BreakOnWrite && rw != seL4_BreakOnReadWrite)
        return syscall_error_arg(err, 3); /* seL4 names argument 3 here too */
    if (size != 0 && size != 1 && size != 2 && size != 4 && size != 8)
        return syscall_error_arg(err, 3);
    if (size && (vaddr & (size - 1)))
        return syscall_error_set(err, seL4_AlignmentError);
    return seL4_NoError;
}

static status_t set_breakpoint(struct tcb *t, const struct invocation *inv,
                               struct syscall_error *err)
{
    if (!inv_complete(inv, TCBSetBreakpoint))
        return truncated(err);
    word_t bp = bp_number(inv_arg(inv, TCBSetBreakpoint, bp_num));
    word_t vaddr = inv_arg(inv, TCBSetBreakpoint, vaddr);
    word_t type = inv_arg(inv, TCBSetBreakpoint, type);
    word_t size = inv_arg(inv, TCBSetBreakpoint, size);
    word_t rw = inv_arg(inv, TCBSetBreakpoint, rw);
    status_t st = check_breakpoint(vaddr, type, size, rw, err);

    if (st == seL4_NoError)
        st = arch_debug_check_set(bp, size, err);
    if (st != seL4_NoError)
        return st;
    arch_debug_set(t, bp, vaddr, type, size, rw);
    return seL4_NoError;
}

/* GetBreakpoint answers vaddr, type, size, rw and is_enabled, in the spec's order. */
static status_t get_breakpoint(struct tcb *t, const struct invocation *inv,
                               struct syscall_error *err)
{
    if (!inv_complete(inv, TCBGetBreakpoint))
        return truncated(err);
    word_t bp = bp_number(inv_arg(inv, TCBGetBreakpoint, bp_num));
    status_t st = arch_debug_check_bp(bp, err);
    if (st != seL4_NoError)
        return st;
    struct breakpoint b = arch_debug_get(t, bp);
    inv_reply_set(inv, 0, b.vaddr);
    inv_reply_set(inv, 1, b.type);
    inv_reply_set(inv, 2, b.size);
    inv_reply_set(inv, 3, b.rw);
    inv_reply_set(inv, 4, b.enabled);
    return seL4_NoError;
}

static status_t unset_breakpoint(struct tcb *t, const struct invocation *inv,
                                 struct syscall_error *err)
{
    if (!inv_complete(inv, TCBUnsetBreakpoint))
        return truncated(err);
    word_t bp = bp_number(inv_arg(inv, TCBUnsetBreakpoint, bp_num));
    status_t st = arch_debug_check_bp(bp, err);
    if (st != seL4_NoError)
        return st;
    arch_debug_unset(t, bp);
    return seL4_NoError;
}

/* ConfigureSingleStepping: no checks on pc99 (seL4's x86 decoder has none); answers whether a
 * breakpoint register was consumed, always false when stepping is turned off. */
static status_t configure_single_stepping(struct tcb *t, const struct invocation *inv,
                                          struct syscall_error *err)
{
    if (!inv_complete(inv, TCBConfigureSingleStepping))
        return truncated(err);
    word_t n = inv_arg(inv, TCBConfigureSingleStepping, num_instructions);
    bool consumed = arch_debug_single_step(t, n);
    inv_reply_set(inv, 0, n ? consumed : false);
    return seL4_NoError;
}

status_t tcb_debug_invocation(struct tcb *t, const struct invocation *inv,
                              struct syscall_error *err)
{
    switch (inv->label) {
    case TCBSetBreakpoint:
        return set_breakpoint(t, inv, err);
    case TCBGetBreakpoint:
        return get_breakpoint(t, inv, err);
    case TCBUnsetBreakpoint:
        return unset_breakpoint(t, inv, err);
    case TCBConfigureSingleStepping:
        return configure_single_stepping(t, inv, err);
    default:
        return syscall_error_set(err, seL4_IllegalOperation);
    }
}

/*
 * FaultIP and the reason (a seL4_BreakpointType); a breakpoint adds its address and number.
 * struct fault carries the reason in code, the address in addr and the number in number.
 */
word_t debug_fault_mrs(const struct fault *f, struct tcb *receiver, word_t *rbuf)
{
    word_t i = 0;

    ipc_set_mr(receiver, rbuf, i++, f->ip);
    ipc_set_mr(receiver, rbuf, i++, f->code);
    if (f->code != seL4_SingleStep && f->code != seL4_SoftwareBreakRequest) {
        ipc_set_mr(receiver, rbuf, i++, f->addr);
        ipc_set_mr(receiver, rbuf, i++, f->number);
    }
    return i;
}

/*
 * Only a single step's reply says anything: its first word is how many instructions to the
 * next step fault (0 ends stepping), and a reply without words means 1.  As in seL4, the
 * stepping is set before the label decides whether the thread runs again.
 */
bool debug_fault_reply(struct tcb *receiver, word_t label, word_t length, word_t mr0)
{
    if (receiver->fault.code == seL4_SingleStep)
        arch_debug_single_step(receiver, length < 1 ? 1 : mr0);
    return label == 0;
}

#endif /* CONFIG_HARDWARE_DEBUG_API */
