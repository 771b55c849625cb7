/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Label values as one enum defines them, by name: the generated enum's
 * (labels_gen.c) for labels_test.c to hold against the hand-written one.
 * labels_gen.c is compiled four times: as it is, with CONFIG_HARDWARE_DEBUG_API
 * (labels_gen_hwdebug.c), with CONFIG_IOMMU (labels_gen_iommu.c) and with both
 * (labels_gen_hw.c), so the test sees the enum of each configuration.
 */
#pragma once

struct label_value {
    const char *name; /* NULL ends a table */
    long value;
};

/* Every invocation label and every labels-end marker of the generated enum. */
extern const struct label_value gen_labels[], gen_ends[];
extern const struct label_value gen_labels_hwdebug[], gen_ends_hwdebug[];
extern const struct label_value gen_labels_iommu[], gen_ends_iommu[];
extern const struct label_value gen_labels_hw[], gen_ends_hw[];

/* The first label below the last labels-end with no entry in the kernel's table, or 0. */
long gen_table_gap(void);
long gen_table_gap_hwdebug(void);
long gen_table_gap_iommu(void);
long gen_table_gap_hw(void);
