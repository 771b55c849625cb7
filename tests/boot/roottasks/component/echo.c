/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The component the component root task (../component.c) loads: it keeps
 * the channels it was notified on and answers protected calls, so the root
 * task can check the runtime's dispatch, replies, output notifications and
 * channel checks from outside.
 */
#include <kaal/component.h>

enum { LABEL_SEQ = 1, LABEL_ADD = 2, LABEL_PING = 3, LABEL_BADCH = 4 };

#define MAX_SEEN 8

static unsigned int seen[MAX_SEEN], nseen;

void init(void)
{
    kaal_log_num("init, id ", kaal_id());
}

void notified(unsigned int ch)
{
    if (nseen < MAX_SEEN)
        seen[nseen++] = ch;
}

/* How many of the uses of invalid channels fail as they must. */
static seL4_Word invalid_uses(void)
{
    return (kaal_notify(40) == KAAL_EBADCH) + (kaal_notify(99) == KAAL_EBADCH) +
           (kaal_notify(40) == KAAL_EBADCH) + /* logged only the first time */
           (seL4_MessageInfo_get_label(kaal_ppcall(3, kaal_msginfo_new(0, 0))) ==
            KAAL_LABEL_BAD_CHANNEL) +
           (kaal_irq_ack(0) == KAAL_EBADCH);
}

seL4_MessageInfo_t protected(unsigned int ch, seL4_MessageInfo_t msginfo)
{
    switch (seL4_MessageInfo_get_label(msginfo)) {
    case LABEL_SEQ: /* the channels notified so far, in order; then forget them */
        kaal_mr_set(0, nseen);
        for (unsigned int i = 0; i < nseen && i < 3; i++)
            kaal_mr_set(i + 1, seen[i]);
        msginfo = kaal_msginfo_new(0, 1 + (nseen < 3 ? nseen : 3));
        nseen = 0;
        return msginfo;
    case LABEL_ADD:
        kaal_mr_set(0, kaal_mr_get(0) + kaal_mr_get(1));
        kaal_mr_set(1, ch);
        return kaal_msginfo_new(0, 2);
    case LABEL_PING:
        return kaal_msginfo_new(kaal_notify(0) == 0 ? 0 : 1, 0);
    case LABEL_BADCH:
        kaal_mr_set(0, invalid_uses());
        return kaal_msginfo_new(0, 1);
    default:
        return kaal_msginfo_new(0xbad, 0);
    }
}
