/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The generated label enum, compiled on its own: the hand-written
 * <sel4/invocation.h> defines the same names, so the two enums can only
 * meet through tables of values like this one (see labels_test.c).  The
 * build names the generated header in IFGEN_LABELS_H.
 */
#include IFGEN_LABELS_H
#include <kaal/invocation_list.h>

#include "labels.h"

#define GEN_LABEL(id, label, iface, method, words, caps) {#id, id},
#define GEN_END(name, value)                             {#name, name},

const struct label_value gen_labels[] = {KAAL_INVOCATIONS(GEN_LABEL){0, 0}};
const struct label_value gen_ends[] = {KAAL_INVOCATION_ENDS(GEN_END){0, 0}};
