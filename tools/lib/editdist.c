/* SPDX-License-Identifier: BSD-2-Clause */
/* The Levenshtein distance (editdist.h), one row of the table at a time. */
#include "editdist.h"

#include <string.h>

size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[EDIT_DISTANCE_MAX_LEN + 1];
    if (la > EDIT_DISTANCE_MAX_LEN || lb > EDIT_DISTANCE_MAX_LEN)
        return EDIT_DISTANCE_FAR;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t corner = row[0]; /* row[j - 1] of the previous row */
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t above = row[j], best = corner + (a[i - 1] != b[j - 1]);
            if (above + 1 < best)
                best = above + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            corner = above;
            row[j] = best;
        }
    }
    return row[lb];
}
