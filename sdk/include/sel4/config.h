/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The build options that change the ABI (seL4's <sel4/config.h>): every SDK
 * header that depends on one includes this file, which brings in the
 * generated <sel4/gen_config.h> of the build the headers come from (make
 * IOMMU=1 defines CONFIG_IOMMU there, and so on; mk/ifgen.mk writes it).  A
 * program built against an installed SDK thus sees the options its kernel
 * was built with, without repeating them on its own command line.
 */
#pragma once

#if __has_include(<sel4/gen_config.h>)
#include <sel4/gen_config.h>
#endif
