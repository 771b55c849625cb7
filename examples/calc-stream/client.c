/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The calculator's client.  In init() it sends the server a fixed list of
 * requests by protected call (calc.h), prints each answer as a line like
 * "6 * 7 = 42", checks it against the answer it expects and prints
 * "ok: <check>" or "FAILED: <check>", then "done".  It has nothing to do
 * after that: it never gets a notification or a call.
 */
#include "calc.h"
#include "logline.h"

#include <kaal/component.h>

#define SERVER_CH 0 /* the channel to the server, on the client's side (system.yaml) */

/* One request and the reply it must get. */
struct calc_case {
    seL4_Word op, a, b;
    char symbol;       /* how the result line shows op */
    seL4_Word status;  /* the reply label expected */
    seL4_Word result;  /* the result expected, when status is CALC_OK */
    const char *check; /* the check's name in the ok/FAILED line */
};

static const struct calc_case cases[] = {
    {CALC_ADD, 40, 2, '+', CALC_OK, 42, "addition"},
    {CALC_MUL, 6, 7, '*', CALC_OK, 42, "multiplication"},
    {CALC_DIV, 100, 7, '/', CALC_OK, 14, "division rounds down"},
    {CALC_DIV, 7, 0, '/', CALC_EDIVZERO, 0, "division by zero is an error"},
    {9, 1, 2, '?', CALC_EBADOP, 0, "an unknown operation is refused"},
};

/* Prints the answer to c: "a op b = result", or "a op b -> error status". */
static void print_answer(const struct calc_case *c, seL4_Word status, seL4_Word result)
{
    char op[4] = {' ', c->symbol, ' ', '\0'};
    struct logline l;

    logline_start(&l);
    logline_num(&l, c->a);
    logline_str(&l, op);
    logline_num(&l, c->b);
    logline_str(&l, status == CALC_OK ? " = " : " -> error ");
    logline_num(&l, status == CALC_OK ? result : status);
    logline_print(&l);
}

/* Sends c to the server and prints the answer, then "ok: check" or "FAILED: check, expected ...".
 */
static void run_case(const struct calc_case *c)
{
    kaal_mr_set(0, c->a);
    kaal_mr_set(1, c->b);
    seL4_MessageInfo_t reply = kaal_ppcall(SERVER_CH, kaal_msginfo_new(c->op, 2));
    seL4_Word status = seL4_MessageInfo_get_label(reply);
    seL4_Word result = kaal_mr_get(0);
    int ok = status == c->status && (status != CALC_OK || result == c->result);
    struct logline l;

    print_answer(c, status, result);
    logline_start(&l);
    logline_str(&l, ok ? "ok: " : "FAILED: ");
    logline_str(&l, c->check);
    if (!ok) {
        logline_str(&l, c->status == CALC_OK ? ", expected " : ", expected error ");
        logline_num(&l, c->status == CALC_OK ? c->result : c->status);
    }
    logline_print(&l);
}

void init(void)
{
    for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        run_case(&cases[i]);
    kaal_log("done\n");
}
