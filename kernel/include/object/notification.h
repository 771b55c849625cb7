/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Notifications, as far as the object model needs them: the waiting queue,
 * the bound thread, and what happens to both when the last cap goes.
 * Signal and wait come with threads (issue 4).
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
