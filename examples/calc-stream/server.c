/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The calculator server: it has no init() and no notified(); it only
 * answers protected calls (the protocol is in calc.h).  A protected call
 * runs here, on the server's thread and at the server's priority, while the
 * caller waits for the reply.  That is why the server's priority (200) is
 * above its client's (100): a protected call may only go up in priority.
 *
 * Decode, then compute: the request is checked first (a known operation,
 * two operands, no division by zero), so a bad request gets an error
 * label and the computation itself cannot fail.
 */
#include "calc.h"

#include <kaal/component.h>

/* Why request msginfo cannot be computed: CALC_OK if it can, else the error status. */
static seL4_Word calc_decode(seL4_MessageInfo_t msginfo)
{
    seL4_Word op = seL4_MessageInfo_get_label(msginfo);

    if (op != CALC_ADD && op != CALC_MUL && op != CALC_DIV)
        return CALC_EBADOP;
    if (seL4_MessageInfo_get_length(msginfo) < 2)
        return CALC_EBADOP;
    if (op == CALC_DIV && kaal_mr_get(1) == 0)
        return CALC_EDIVZERO;
    return CALC_OK;
}

/* The result of operation op on a and b, which calc_decode has accepted. */
static seL4_Word calc_compute(seL4_Word op, seL4_Word a, seL4_Word b)
{
    switch (op) {
    case CALC_ADD:
        return a + b;
    case CALC_MUL:
        return a * b;
    default:
        return a / b;
    }
}

seL4_MessageInfo_t protected(unsigned int ch, seL4_MessageInfo_t msginfo)
{
    seL4_Word status = calc_decode(msginfo);

    (void)ch; /* the runtime calls this only for the client's channel, the one open for calls */
    if (status != CALC_OK)
        return kaal_msginfo_new(status, 0);
    kaal_mr_set(0,
                calc_compute(seL4_MessageInfo_get_label(msginfo), kaal_mr_get(0), kaal_mr_get(1)));
    return kaal_msginfo_new(CALC_OK, 1);
}
