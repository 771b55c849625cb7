/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The edit distance behind the host tools' "did you mean" (kaal-sysgen's
 * sg_closest, sel4-compose's compose_closest).  Each tool keeps its own
 * rule for how close is close enough.
 */
#ifndef KAAL_TOOLS_EDITDIST_H
#define KAAL_TOOLS_EDITDIST_H

#include <stddef.h>

#define EDIT_DISTANCE_FAR     ((size_t)-1) /* what a word past EDIT_DISTANCE_MAX_LEN bytes gets */
#define EDIT_DISTANCE_MAX_LEN 63

/* The Levenshtein distance of a and b, or EDIT_DISTANCE_FAR if either is longer than
 * EDIT_DISTANCE_MAX_LEN bytes. */
size_t edit_distance(const char *a, const char *b);

#endif
