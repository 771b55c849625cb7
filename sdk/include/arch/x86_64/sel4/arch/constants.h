/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * x86_64 sizes (log2 bytes) of seL4 13.0.0's objects, and the limits of
 * untyped memory.  The TCB is 2^12, as libsel4 makes it when the FPU state
 * saved in it is the 832-byte XSAVE area with AVX (seL4 with XSAVE feature
 * set 7 and XSAVE size 832; without AVX, seL4's default, it is 2^11).
 */
#pragma once

#include <sel4/config.h>

#define seL4_WordBits          64
#define seL4_WordSizeBits      3
#define seL4_PageBits          12
#define seL4_SlotBits          5
#define seL4_EndpointBits      4
#define seL4_NotificationBits  5
#define seL4_PageTableBits     12
#define seL4_PageDirBits       12
#define seL4_PDPTBits          12
#define seL4_PML4Bits          12
#define seL4_VSpaceBits        seL4_PML4Bits
#define seL4_LargePageBits     21
#define seL4_HugePageBits      30
#define seL4_ASIDPoolBits      12
#define seL4_NumASIDPoolsBits  3
#define seL4_ASIDPoolIndexBits 9
#define seL4_IOPageTableBits   12

/* A kernel built with XSAVE_FEATURES=3 (no AVX state, seL4's default) has 2^11-byte TCBs. */
#if defined(CONFIG_XSAVE_FEATURE_SET) && CONFIG_XSAVE_FEATURE_SET == 3
#define seL4_TCBBits 11
#else
#define seL4_TCBBits 12
#endif

#define seL4_MinUntypedBits 4
#define seL4_MaxUntypedBits 47

/* Badges are a full word and CNode guards fill what the size field leaves. */
#define seL4_BadgeBits     64
#define seL4_GuardSizeBits 6
#define seL4_GuardBits     58

#ifdef CONFIG_HARDWARE_DEBUG_API
/*
 * pc99's debug registers as the hardware debug API numbers them: DR0-DR3,
 * each an instruction breakpoint or a data watchpoint ("dual function"),
 * none of either kind only.  Single-stepping takes none (it is RFLAGS.TF).
 */
#define seL4_NumHWBreakpoints         4
#define seL4_FirstBreakpoint          (-1)
#define seL4_NumExclusiveBreakpoints  0
#define seL4_FirstWatchpoint          (-1)
#define seL4_NumExclusiveWatchpoints  0
#define seL4_FirstDualFunctionMonitor 0
#define seL4_NumDualFunctionMonitors  4
#endif

/* The first address user mappings may not reach: a frame must end at or below it. */
#define seL4_UserTop 0x00007ffffffff000ul

/*
 * Values of seL4_X86_VMAttributes, the cache attributes of Page_Map and of
 * the table maps (the type itself is generated from sel4.api).  The three
 * low bits select a PAT entry (PWT, PCD, PAT); the kernel programs entry 4
 * as write-combining, as seL4 does.
 */
enum {
    seL4_X86_Default_VMAttributes = 0,
    seL4_X86_WriteBack = 0,
    seL4_X86_WriteThrough = 1,
    seL4_X86_CacheDisabled = 2,
    seL4_X86_Uncacheable = 3,
    seL4_X86_WriteCombining = 4,
};
