/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the root server tells the console (report.c): its own lines, and
 * every refusal, with the component's name, the request and the reason, so
 * that a developer sees why a grant failed.
 */
#pragma once

#include "root.h"

void say(const char *s);                            /* "[root] s" (no newline added) */
void say_comp(const struct comp *c, const char *s); /* "[root] component 'name': s" */

/* Logs "[root] broker: refused component 'name' <request>: why" and returns err (a negative
 * errno, passed through). */
int report_refusal(const struct comp *c, seL4_Word label, int err, const char *why);
