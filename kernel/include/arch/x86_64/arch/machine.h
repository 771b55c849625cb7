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

#ifdef CONFIG_KERNEL_INLINE_HOOKS
#include <panic.h>
#include <types.h>

/* Physical memory through the window. */
static inline void *arch_paddr_to_ptr(paddr_t pa)
{
    return (void *)(uintptr_t)(PPTR_BASE + pa);
}

/* The kernel image is reached through its own mapping, everything else through the window. */
static inline paddr_t arch_ptr_to_paddr(const void *p)
{
    vaddr_t va = (vaddr_t)p;

    return va >= KERNEL_ELF_BASE ? va - KERNEL_ELF_BASE : va - PPTR_BASE;
}

/* Objects (untyped memory and the boot block) are all in the window. */
static inline paddr_t arch_object_paddr(const void *p)
{
    kassert((vaddr_t)p < KERNEL_ELF_BASE);
    return (vaddr_t)p - PPTR_BASE;
}
#endif
