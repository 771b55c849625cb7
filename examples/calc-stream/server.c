/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The calculator server: it has no init() and no notified(); it only
 * answers protected calls (the protocol is calc.proto).  A protected call
 * runs here, on the server's thread and at the server's priority, while the
 * caller waits for the reply.  That is why the server's priority (200) is
 * above its client's (100): a protected call may only go up in priority.
 *
 * Decode, then compute: the generated dispatch checks the request (a known
 * operation, both operands there) before a handler sees it, and div checks
 * its divisor, so a bad request gets an error reply and the computation
 * itself cannot fail.
 */
#include <kaal/component.h>
#include <kaal/proto/calc.h>

static int calc_add(void *ctx, const struct kaal_calc_add_in *in, struct kaal_calc_add_out *out)
{
    (void)ctx;
    out->result = in->a + in->b;
    return 0;
}

static int calc_mul(void *ctx, const struct kaal_calc_mul_in *in, struct kaal_calc_mul_out *out)
{
    (void)ctx;
    out->result = in->a * in->b;
    return 0;
}

static int calc_div(void *ctx, const struct kaal_calc_div_in *in, struct kaal_calc_div_out *out)
{
    (void)ctx;
    if (in->b == 0)
        return -KAAL_EDOM;
    out->result = in->a / in->b;
    return 0;
}

static const struct kaal_calc_server calc = {.add = calc_add, .mul = calc_mul, .div = calc_div};

seL4_MessageInfo_t protected(unsigned int ch, seL4_MessageInfo_t msginfo)
{
    (void)ch; /* the runtime calls this only for the client's channel, the one open for calls */
    return kaal_calc_dispatch(&calc, 0, msginfo);
}
