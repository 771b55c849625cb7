/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Notifications: Signal, Wait and Poll (seL4 sendSignal, receiveSignal),
 * the bound thread, and what happens to both when the last cap goes.
 */
#pragma once

#include <object/tcb.h>

enum ntfn_state { NTFN_IDLE = 0, NTFN_WAITING = 1, NTFN_ACTIVE = 2 };

/* 2^seL4_NotificationBits bytes. */
struct notification {
    paddr_t bound_tcb;
    word_t msg_identifier;
    paddr_t head;
    word_t tail_state; /* the queue's tail, the state in the low bits */
};

_Static_assert(sizeof(struct notification) == 1ul << seL4_NotificationBits, "notification size");

static inline struct notification *ntfn_at(paddr_t pa)
{
    return (struct notification *)arch_paddr_to_ptr(pa);
}

/* Returns the notification's state (enum ntfn_state). */
word_t ntfn_state(const struct notification *n);

/* Wakes every thread waiting on n and leaves it idle (seL4 cancelAllSignals). */
void ntfn_cancel_all(struct notification *n);

/* Takes tcb out of n's wait queue. */
void ntfn_cancel_wait(struct notification *n, struct tcb *tcb);

/* Unbinds n from its thread, if bound (seL4 unbindMaybeNotification). */
void ntfn_unbind(struct notification *n);

/* Signals n with badge (seL4 sendSignal): wakes a waiter or the bound thread, or stays pending. */
void ntfn_signal(struct notification *n, word_t badge);

/* t waits on (blocking) or polls n; an active n gives its badge word at once. */
void ntfn_receive(struct notification *n, struct tcb *t, bool blocking);

/* Gives t the pending badge word of the active n and idles n (seL4 completeSignal). */
void ntfn_complete(struct notification *n, struct tcb *t);

/* Binds n and t to each other; both must be unbound. */
void ntfn_bind(struct notification *n, struct tcb *t);
