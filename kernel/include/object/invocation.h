/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An invocation as the system-call layer hands it to the object model: the
 * label and message registers of the message, the slots of the extra caps
 * it carries, and the invoking thread.  decode_invocation dispatches on the
 * invoked cap's type to that object's decode step, which checks every
 * argument before its invoke step changes anything.
 */
#pragma once

#include <object/cte.h>
#include <object/status.h>
#include <object/tcb.h>
#include <sel4/invocation.h>

/* The message an invocation that answers (GetAddress, ReadRegisters, In8...) replies with. */
struct inv_reply {
    word_t length; /* words of mr used */
    word_t mr[seL4_MsgMaxLength];
};

struct invocation {
    word_t label;
    word_t length;                           /* message words present in mr */
    const word_t *mr;                        /* message registers */
    cte_t *extra_caps[seL4_MsgMaxExtraCaps]; /* NULL where fewer were sent */
    struct tcb *thread;                      /* the invoker (SaveCaller's source); may be NULL */
    struct inv_reply *reply;                 /* where reply words go; NULL if nobody reads them */
};

/* Message register i, which the caller has checked is present. */
static inline word_t inv_mr(const struct invocation *inv, word_t i)
{
    kassert(i < inv->length);
    return inv->mr[i];
}

/* Sets word i of the success reply (an invoke step only, after decoding succeeded). */
static inline void inv_reply_set(const struct invocation *inv, word_t i, word_t v)
{
    kassert(i < seL4_MsgMaxLength);
    if (!inv->reply)
        return;
    inv->reply->mr[i] = v;
    if (inv->reply->length <= i)
        inv->reply->length = i + 1;
}

/*
 * Performs inv on the cap in slot; returns NoError, an error with details
 * in err, or STATUS_PREEMPTED when the operation must be invoked again.
 */
status_t decode_invocation(cte_t *slot, const struct invocation *inv, struct syscall_error *err);

/* DomainSet_Set on the domain cap (domain.c). */
status_t domain_decode_invocation(const struct invocation *inv, struct syscall_error *err);

/* The x86_64 (arch) invocations on an arch cap. */
status_t arch_decode_invocation(cte_t *slot, const struct invocation *inv,
                                struct syscall_error *err);
