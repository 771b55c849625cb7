/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Message transfer between threads (seL4's doIPCTransfer and friends):
 * message registers, the IPC buffer, cap transfer with badge unwrapping,
 * fault messages, one-shot reply caps, and the kernel's own replies to
 * invocations.  Endpoints and notifications (endpoint.c, notification.c)
 * decide who meets whom; this file moves the message.
 */
#pragma once

#include <fault.h>
#include <object/invocation.h>
#include <object/tcb.h>
#include <sel4/shared_types.h>

/*
 * The IPC buffer's layout in words and the message-info word's fields come
 * from the one definition user code compiles too: seL4_IPCBuffer and the
 * SEL4_MI_* fields of <sel4/shared_types.h>.  The asserts hold them to
 * SEL4_ABI.md's numbers, so neither side can move alone.
 */
#define IPCBUF_WORD(field) (offsetof(seL4_IPCBuffer, field) / sizeof(word_t))
enum {
    IPCBUF_TAG = IPCBUF_WORD(tag),
    IPCBUF_MSG = IPCBUF_WORD(msg),
    IPCBUF_USER_DATA = IPCBUF_WORD(userData),
    IPCBUF_CAPS_OR_BADGES = IPCBUF_WORD(caps_or_badges),
    IPCBUF_RECEIVE_CNODE = IPCBUF_WORD(receiveCNode),
    IPCBUF_RECEIVE_INDEX = IPCBUF_WORD(receiveIndex),
    IPCBUF_RECEIVE_DEPTH = IPCBUF_WORD(receiveDepth),
};
_Static_assert(IPCBUF_TAG == 0 && IPCBUF_MSG == 1 && IPCBUF_USER_DATA == 121 &&
                   IPCBUF_CAPS_OR_BADGES == 122 && IPCBUF_RECEIVE_CNODE == 125 &&
                   IPCBUF_RECEIVE_INDEX == 126 && IPCBUF_RECEIVE_DEPTH == 127 &&
                   sizeof(seL4_IPCBuffer) == 128 * sizeof(word_t),
               "the IPC buffer is SEL4_ABI.md's: tag, msg[120], userData, caps[3], receive path");
_Static_assert(SEL4_MI_LENGTH_SHIFT == 0 && SEL4_MI_LENGTH_MASK == MASK(7) &&
                   SEL4_MI_EXTRACAPS_SHIFT == 7 && SEL4_MI_EXTRACAPS_MASK == MASK(2) &&
                   SEL4_MI_UNWRAPPED_SHIFT == 9 && SEL4_MI_UNWRAPPED_MASK == MASK(3) &&
                   SEL4_MI_LABEL_SHIFT == 12,
               "the message info is SEL4_ABI.md's: length 7 bits, extraCaps 2, unwrapped 3, label");

/* The message-info word's fields. */
static inline word_t msginfo_length(word_t w)
{
    return (w >> SEL4_MI_LENGTH_SHIFT) & SEL4_MI_LENGTH_MASK;
}
static inline word_t msginfo_extra_caps(word_t w)
{
    return (w >> SEL4_MI_EXTRACAPS_SHIFT) & SEL4_MI_EXTRACAPS_MASK;
}
static inline word_t msginfo_label(word_t w)
{
    return (w >> SEL4_MI_LABEL_SHIFT) & SEL4_MI_LABEL_MASK;
}
static inline word_t msginfo_new(word_t label, word_t unwrapped, word_t extra, word_t length)
{
    return seL4_MessageInfo_new(label, unwrapped, extra, length).words[0];
}

/* The thread's IPC buffer as a kernel pointer, or NULL if it has no usable one (lookupIPCBuffer).
 */
word_t *ipc_buffer(struct tcb *t, bool is_receiver);

/* The arch half of ipc_buffer: checks the buffer frame cap and returns the pointer. */
word_t *arch_ipc_buffer(cap_t frame, vaddr_t buffer_va, bool is_receiver);

/* Message register i of t, from its registers or buffer (0 where there is none). */
word_t ipc_get_mr(struct tcb *t, const word_t *buffer, word_t i);

/* Sets message register i of t; returns false if i needs a buffer t does not have. */
bool ipc_set_mr(struct tcb *t, word_t *buffer, word_t i, word_t v);

/* Looks up the extra caps a message names into slots[]; on failure fills the CapFault in f. */
status_t ipc_lookup_extra_caps(struct tcb *t, const word_t *buffer, word_t info,
                               cte_t *slots[seL4_MsgMaxExtraCaps], struct fault *f);

/*
 * Moves sender's message (or its fault) to receiver: message registers,
 * caps if can_grant, the badge, and the message info (seL4 doIPCTransfer).
 * ep is the endpoint it went through (caps to it are unwrapped), or 0.
 */
void ipc_transfer(struct tcb *sender, paddr_t ep, word_t badge, bool can_grant,
                  struct tcb *receiver);

/* Blocks caller on reply and gives receiver the one-shot reply cap (setupCallerCap). */
void ipc_setup_caller_cap(struct tcb *caller, struct tcb *receiver, bool can_grant);

/* Deletes t's reply cap in its caller slot, if any (deleteCallerCap). */
void ipc_delete_caller_cap(struct tcb *t);

/* Replies to receiver, blocked on reply, through the reply cap in slot (doReplyTransfer). */
void ipc_do_reply(struct tcb *sender, struct tcb *receiver, cte_t *slot, bool can_grant);

/* The kernel's reply to an invocation: an error with its details, or success with reply words. */
void ipc_reply_error(struct tcb *t, const struct syscall_error *err);
void ipc_reply_success(struct tcb *t, const struct inv_reply *r);

/*
 * Arch register access in seL4_UserContext order (rip, rsp, rflags, rax,
 * ...), with values a thread may not hold made safe (seL4 sanitiseRegister).
 */
word_t arch_get_user_register(struct tcb *t, word_t i);
void arch_set_user_register(struct tcb *t, word_t i, word_t v);

/* The registers of a fault message of type (UnknownSyscall, UserException), in seL4_UserContext
 * indices; returns how many, and the count a fault reply may set. */
word_t arch_fault_message_registers(word_t type, const word_t **regs);

/*
 * A fault handler's reply to an UnknownSyscall or UserException fault: its
 * first length words (registers 0-3, then sbuf, sender's buffer or NULL)
 * into the registers the fault message named, made safe as
 * arch_set_user_register makes them.
 */
void ipc_fault_reply_registers(struct tcb *sender, const word_t *sbuf, word_t length,
                               struct tcb *receiver);

/*
 * The fast path's UnknownSyscall fault message and reply, word for word what
 * the ordinary path makes of arch_fault_message_registers: from's registers
 * into to's message registers 0-3 and its buffer rbuf (which it must have);
 * and a reply of n words that sets every general register, field by field.
 * arch_syscall_fault_reply returns false, having changed nothing, for any
 * other reply, which is ipc_fault_reply_registers's.
 */
void arch_syscall_fault_to_mrs(struct tcb *from, struct tcb *to, word_t *rbuf);
bool arch_syscall_fault_reply(struct tcb *from, const word_t *sbuf, word_t n, struct tcb *to);

/* The cap's type as seL4 numbers it internally (what DebugCapIdentify returns). */
word_t cap_seL4_type(cap_t c);
