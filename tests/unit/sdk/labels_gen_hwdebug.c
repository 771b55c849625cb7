/* SPDX-License-Identifier: BSD-2-Clause */
/* The generated enum as a build with HARDWARE_DEBUG_API=1 sees it (labels_gen.c). */
#define CONFIG_HARDWARE_DEBUG_API 1
#define LABELS_SUFFIX             _hwdebug
#include "labels_gen.c"
