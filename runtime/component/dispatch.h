/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The event loop's decision, as a pure function of what one Recv returned:
 * which handlers to call and whether to reply.  It makes no system calls,
 * so the host unit tests (tests/unit/component) run it with stub handlers.
 */
#pragma once

#include <sel4/shared_types.h>
#include <sel4/simple_types.h>

struct kaal_dispatch {
    seL4_Uint64 notify_mask; /* bit ch: ch may notify (KAAL_CH_NOTIFIED or KAAL_CH_IRQ) */
    seL4_Uint64 call_mask;   /* bit ch: the peer of ch may protected-call (KAAL_CH_PROTECTED) */
    void (*notified)(unsigned int ch);
    seL4_MessageInfo_t (*protected)(unsigned int ch, seL4_MessageInfo_t msginfo);
    /* Told of an event on a channel it may not use (ch 63: a malformed call badge); may be 0. */
    void (*rejected)(unsigned int ch, int is_call);
};

/*
 * Dispatches one event received with badge and msginfo.  A notification
 * (bit 63 clear) calls d->notified for each set bit in notify_mask, lowest
 * first; returns 0: nothing to reply.  A protected call (bit 63 set) calls
 * d->protected(badge & 63, msginfo) if that channel is in call_mask, or
 * makes a KAAL_LABEL_BAD_CHANNEL reply if not; returns 1 with *reply set.
 */
int kaal_dispatch(const struct kaal_dispatch *d, seL4_Word badge, seL4_MessageInfo_t msginfo,
                  seL4_MessageInfo_t *reply);
