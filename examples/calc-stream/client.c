/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The calculator's client.  In init() it sends the server a fixed list of
 * requests by protected call (calc.proto's functions), prints each answer
 * as a line like "6 * 7 = 42", checks it against the answer it expects and
 * prints "ok: <check>" or "FAILED: <check>", then "done".  It has nothing
 * to do after that: it never gets a notification or a call.  The last
 * request is one no function makes, an unknown operation, sent by hand to
 * show the server's generated dispatch refusing it.
 */
#include "logline.h"

#include <kaal/component.h>
#include <kaal/proto/calc.h>

#define SERVER_CH 0 /* the channel to the server, on the client's side (system.yaml) */

#define UNKNOWN_OP 9 /* a label calc.proto has no op for */

/* One request and the reply it must get. */
struct calc_case {
    seL4_Word op, a, b;
    char symbol;       /* how the result line shows op */
    int status;        /* the answer expected: 0 or a negative errno */
    seL4_Word result;  /* the result expected, when status is 0 */
    const char *check; /* the check's name in the ok/FAILED line */
};

static const struct calc_case cases[] = {
    {KAAL_CALC_ADD, 40, 2, '+', 0, 42, "addition"},
    {KAAL_CALC_MUL, 6, 7, '*', 0, 42, "multiplication"},
    {KAAL_CALC_DIV, 100, 7, '/', 0, 14, "division rounds down"},
    {KAAL_CALC_DIV, 7, 0, '/', -KAAL_EDOM, 0, "division by zero is an error"},
    {UNKNOWN_OP, 1, 2, '?', -KAAL_ENOSYS, 0, "an unknown operation is refused"},
};

/* Asks the server for c through the generated functions: 0 with *result set, or -errno. */
static int ask(const struct calc_case *c, seL4_Word *result)
{
    struct kaal_calc_add_out sum = {0};
    struct kaal_calc_mul_out product = {0};
    struct kaal_calc_div_out quotient = {0};
    int err;

    switch (c->op) {
    case KAAL_CALC_ADD:
        err = kaal_calc_add(SERVER_CH, c->a, c->b, &sum);
        *result = sum.result;
        return err;
    case KAAL_CALC_MUL:
        err = kaal_calc_mul(SERVER_CH, c->a, c->b, &product);
        *result = product.result;
        return err;
    case KAAL_CALC_DIV:
        err = kaal_calc_div(SERVER_CH, c->a, c->b, &quotient);
        *result = quotient.result;
        return err;
    default: /* by hand: what a client built against another protocol might send */
        kaal_mr_set(0, c->a);
        kaal_mr_set(1, c->b);
        return kaal_proto_status(kaal_ppcall(SERVER_CH, kaal_msginfo_new(c->op, 2)), 0);
    }
}

/* Prints the answer to c: "a op b = result", or "a op b -> ENAME". */
static void print_answer(const struct calc_case *c, int status, seL4_Word result)
{
    char op[4] = {' ', c->symbol, ' ', '\0'};
    struct logline l;

    logline_start(&l);
    logline_num(&l, c->a);
    logline_str(&l, op);
    logline_num(&l, c->b);
    if (status == 0) {
        logline_str(&l, " = ");
        logline_num(&l, result);
    } else {
        logline_str(&l, " -> ");
        logline_str(&l, kaal_errname(status) ? kaal_errname(status) : "an unknown error");
    }
    logline_print(&l);
}

/* Sends c to the server and prints the answer, then "ok: check" or "FAILED: check, expected ...".
 */
static void run_case(const struct calc_case *c)
{
    seL4_Word result = 0;
    int status = ask(c, &result);
    int ok = status == c->status && (status != 0 || result == c->result);
    struct logline l;

    print_answer(c, status, result);
    logline_start(&l);
    logline_str(&l, ok ? "ok: " : "FAILED: ");
    logline_str(&l, c->check);
    if (!ok && c->status == 0) {
        logline_str(&l, ", expected ");
        logline_num(&l, c->result);
    } else if (!ok) {
        logline_str(&l, ", expected ");
        logline_str(&l, kaal_errname(c->status));
    }
    logline_print(&l);
}

void init(void)
{
    for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        run_case(&cases[i]);
    kaal_log("done\n");
}
