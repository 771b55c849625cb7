/* SPDX-License-Identifier: BSD-2-Clause */
/* The generated enum with both options on, as seL4's pc99 hardware builds have them (labels_gen.c).
 */
#define CONFIG_HARDWARE_DEBUG_API 1
#define CONFIG_IOMMU              1
#define LABELS_SUFFIX             _hw
#include "labels_gen.c"
