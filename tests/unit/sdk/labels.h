/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Label values as one enum defines them, by name: the generated enum's
 * (labels_gen.c) for labels_test.c to hold against the hand-written one.
 */
#pragma once

struct label_value {
    const char *name; /* NULL ends a table */
    long value;
};

/* Every invocation label and every labels-end marker of the generated enum. */
extern const struct label_value gen_labels[], gen_ends[];
