/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * x86_64 object types for Untyped_Retype, continuing the generic ones in
 * <sel4/objecttype.h>.  The numbers are those of seL4 13.0.0 built for
 * pc99 with huge pages and without VT-x support; with CONFIG_IOMMU (make
 * IOMMU=1) the I/O page table follows the page directory, as in seL4, and
 * without it its name has seL4's out-of-range value, which Retype refuses.
 */
#pragma once

#include <sel4/config.h>

enum {
    seL4_X86_PDPTObject = 5,
    seL4_X64_PML4Object = 6,
    seL4_X64_HugePageObject = 7,
    seL4_X86_4K = 8,
    seL4_X86_LargePageObject = 9,
    seL4_X86_PageTableObject = 10,
    seL4_X86_PageDirectoryObject = 11,
#ifdef CONFIG_IOMMU
    seL4_X86_IOPageTableObject = 12,
    seL4_ObjectTypeCount = 13,
#else
    seL4_ObjectTypeCount = 12,
#endif
};

#ifndef CONFIG_IOMMU
#define seL4_X86_IOPageTableObject 0xffffff
#endif
