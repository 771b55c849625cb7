/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * x86_64 constants that generic kernel code relies on.  The virtual layout
 * follows seL4 on pc99: user space is the lower half up to USER_TOP, a
 * window onto physical memory starts at PPTR_BASE, and the kernel image is
 * linked at KERNEL_ELF_BASE + its physical address.
 */
#pragma once

#define ARCH_NAME        "x86_64"
#define ARCH_ELF_MACHINE 62u /* EM_X86_64 */
#define ARCH_USER_TOP    0x00007fffffffffffull
#define ARCH_PAGE_BITS   12

#define PPTR_BASE        0xffffff8000000000ull
#define KERNEL_ELF_BASE  0xffffffff80000000ull
#define KERNEL_PHYS_BASE 0x00100000ull
/* How much physical memory the early window maps (2 MiB pages). */
#define PHYS_WINDOW_SIZE (4ull << 30)
