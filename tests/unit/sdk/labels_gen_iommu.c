/* SPDX-License-Identifier: BSD-2-Clause */
/* The generated enum as a build with IOMMU=1 sees it (labels_gen.c). */
#define CONFIG_IOMMU  1
#define LABELS_SUFFIX _iommu
#include "labels_gen.c"
