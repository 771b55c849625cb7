/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The generated label enum as a table of names and values, in label order,
 * for labels_test.c to hold against the ABI's.  The build names the
 * generated header in IFGEN_LABELS_H, so that no other <sel4/invocation.h>
 * on the include path can stand in for it.  labels_gen_hwdebug.c,
 * labels_gen_iommu.c and labels_gen_hw.c include this file with
 * CONFIG_HARDWARE_DEBUG_API, CONFIG_IOMMU or both defined, and the names get
 * a suffix (LABELS_SUFFIX), so one test binary holds every configuration's
 * enum.
 */
#include IFGEN_LABELS_H
#include <kaal/invocation_list.h>
#include <kaal/invocation_table.h>

#include "labels.h"

#ifdef LABELS_SUFFIX
#define GEN_CAT(name, suffix) name##suffix
#define GEN_X(name, suffix)   GEN_CAT(name, suffix)
#define GEN(name)             GEN_X(name, LABELS_SUFFIX)
#else
#define GEN(name) name
#endif

#define GEN_LABEL(id, label, iface, method, words, caps) {#id, label},
#define GEN_END(name, value)                             {#name, value},

const struct label_value GEN(gen_labels)[] = {KAAL_INVOCATIONS(GEN_LABEL){0, 0}};
const struct label_value GEN(gen_ends)[] = {KAAL_INVOCATION_ENDS(GEN_END){0, 0}};

long GEN(gen_table_gap)(void)
{
    if (kaal_invocation_info(InvalidInvocation) || kaal_invocation_info(nArchInvocationLabels))
        return -1;
    for (long l = UntypedRetype; l < nArchInvocationLabels; l++)
        if (!kaal_invocation_info(l))
            return l;
    return 0;
}
