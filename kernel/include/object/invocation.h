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

/*
 * An invocation's arguments, by name, where the interface spec
 * (sdk/interface/sel4.api) puts them: the generated <kaal/invocation_args.h>
 * has each argument's word and bits, and each cap's slot, for label LABEL.
 * A decoder checks presence first, at the point in its checks where seL4
 * does (the order decides which error a doubly wrong call gets):
 *
 *   inv_complete(inv, LABEL)   every word and cap the user stub sends
 *   inv_has(inv, LABEL, NAME)  the words through argument NAME
 *   inv_cap(inv, LABEL, NAME)  the extra cap NAME, or NULL if it was not sent
 *
 * then reads: inv_arg(inv, LABEL, NAME) is the argument, the whole word for
 * one alone in its word (as seL4 reads it) or its bits for a packed flag;
 * inv_field(inv, LABEL, NAME, i) is field i of a struct argument.
 */
#include <kaal/invocation_args.h>

/* Message word i, which the caller has checked is present. */
static inline word_t inv_word(const struct invocation *inv, word_t i)
{
    kassert(i < inv->length);
    return inv->mr[i];
}

/* bits bits of message word w from bit shift (the whole word when bits is 64). */
static inline word_t inv_bits(const struct invocation *inv, word_t w, unsigned int shift,
                              unsigned int bits)
{
    word_t v = inv_word(inv, w) >> shift;

    return bits >= 64 ? v : v & ((1ul << bits) - 1);
}

/* True if the first n extra caps were all sent. */
static inline bool inv_caps_present(const struct invocation *inv, word_t n)
{
    for (word_t i = 0; i < n; i++)
        if (!inv->extra_caps[i])
            return false;
    return true;
}

#define inv_arg(inv, label, name)                                                                  \
    inv_bits((inv), INV_##label##_##name##_WORD, INV_##label##_##name##_SHIFT,                     \
             INV_##label##_##name##_BITS)
#define inv_field(inv, label, name, i) inv_word((inv), INV_##label##_##name##_WORD + (i))
#define inv_has(inv, label, name)      ((inv)->length > INV_##label##_##name##_WORD)
#define inv_cap(inv, label, name)      ((inv)->extra_caps[INV_##label##_##name##_CAP])
/* How many message words there are from argument NAME on (0 if it is not there). */
#define inv_words_from(inv, label, name)                                                           \
    (inv_has((inv), label, name) ? (inv)->length - INV_##label##_##name##_WORD : 0)
#define inv_complete(inv, label)                                                                   \
    ((inv)->length >= INV_##label##_WORDS && inv_caps_present((inv), INV_##label##_CAPS))

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
