/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The event loop's dispatch (see dispatch.h).  The badge convention of
 * <kaal/component_layout.h>: bit 63 marks an endpoint badge, whose low six
 * bits are the caller's channel id and whose bits 6-62 must be zero; any
 * other badge is a notification word, one bit per channel.
 */
#include "dispatch.h"

#include <kaal/component.h>

/* A call badge's channel id, or KAAL_MAX_CHANNELS if the badge is malformed. */
static unsigned int call_channel(seL4_Word badge)
{
    if (badge & ~(KAAL_PPC_BIT | KAAL_CH_MASK))
        return KAAL_MAX_CHANNELS;
    return (unsigned int)(badge & KAAL_CH_MASK);
}

static void reject(const struct kaal_dispatch *d, unsigned int ch, int is_call)
{
    if (d->rejected)
        d->rejected(ch, is_call);
}

int kaal_dispatch(const struct kaal_dispatch *d, seL4_Word badge, seL4_MessageInfo_t msginfo,
                  seL4_MessageInfo_t *reply)
{
    if (!(badge & KAAL_PPC_BIT)) {
        for (unsigned int ch = 0; ch < KAAL_MAX_CHANNELS; ch++) {
            if (!(badge >> ch & 1))
                continue;
            if (d->notify_mask >> ch & 1)
                d->notified(ch);
            else
                reject(d, ch, 0);
        }
        return 0;
    }
    unsigned int ch = call_channel(badge);
    if (ch < KAAL_MAX_CHANNELS && (d->call_mask >> ch & 1)) {
        *reply = d->protected(ch, msginfo);
    } else {
        reject(d, ch, 1);
        *reply = kaal_msginfo_new(KAAL_LABEL_BAD_CHANNEL, 0);
    }
    return 1;
}
