/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The calculator's protocol, the one statement of it that server.c and
 * client.c both include.  A request is a protected call whose label is the
 * operation, with the operands a and b in message words 0 and 1.  The
 * reply's label is the status; on CALC_OK the result is in word 0.
 */
#pragma once

/* Operations: the label of a request. */
#define CALC_ADD 1 /* a + b, modulo 2^64 */
#define CALC_MUL 2 /* a * b, modulo 2^64 */
#define CALC_DIV 3 /* a / b, rounded down */

/* Statuses: the label of a reply. */
#define CALC_OK       0 /* the result is in word 0 */
#define CALC_EDIVZERO 1 /* CALC_DIV with b = 0; no words */
#define CALC_EBADOP   2 /* an unknown operation, or fewer than two words; no words */
