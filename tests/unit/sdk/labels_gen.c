/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The generated label enum as a table of names and values, in label order,
 * for labels_test.c to hold against the ABI's.  The build names the
 * generated header in IFGEN_LABELS_H, so that no other <sel4/invocation.h>
 * on the include path can stand in for it.
 */
#include IFGEN_LABELS_H
#include <kaal/invocation_list.h>

#include "labels.h"

#define GEN_LABEL(id, label, iface, method, words, caps) {#id, id},
#define GEN_END(name, value)                             {#name, name},

const struct label_value gen_labels[] = {KAAL_INVOCATIONS(GEN_LABEL){0, 0}};
const struct label_value gen_ends[] = {KAAL_INVOCATION_ENDS(GEN_END){0, 0}};
