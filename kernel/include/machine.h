/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The hooks every architecture provides to generic kernel code.  Generic
 * .c files include this header and never test the architecture themselves;
 * the definitions live under kernel/src/arch/<arch>/ and the constants in
 * <arch/machine.h>, found through the include path.
 */
#pragma once

#include <types.h>
#include <arch/machine.h>

/* Writes one character to the kernel's early console (never blocks forever). */
void arch_console_putchar(char c);

/* Stops the machine for good; under QEMU, exits with status code*2+1. */
NORETURN void arch_halt(int code);

/*
 * arch_paddr_to_ptr returns a kernel pointer through which physical address
 * pa can be read; arch_ptr_to_paddr is its inverse.  The kernel has them
 * inline from <arch/machine.h> (CONFIG_KERNEL_INLINE_HOOKS), as every IPC
 * path turns addresses both ways; the host tests of the object code supply
 * their own, over simulated memory.
 */
/*
 * arch_object_paddr is arch_ptr_to_paddr for memory known to be an object
 * made from untyped memory or the root server's boot block (a TCB and its
 * slots, say), never a static of the kernel image: a shorter conversion
 * for the IPC paths.
 */
#ifndef CONFIG_KERNEL_INLINE_HOOKS
void *arch_paddr_to_ptr(paddr_t pa);
paddr_t arch_ptr_to_paddr(const void *p);
paddr_t arch_object_paddr(const void *p);
#endif

/* Exit codes for arch_halt, as the test runner decodes them. */
enum {
    KAAL_EXIT_OK = 0,    /* orderly shutdown (tests ask for it on the command line) */
    KAAL_EXIT_PANIC = 1, /* a kernel invariant broke or the CPU faulted in the kernel */
    KAAL_EXIT_BOOT = 2,  /* the boot loader handed over something unusable */
};

/*
 * Called at each preemption point of a long kernel operation; returns true
 * if the operation should stop now and be restarted later, because an
 * interrupt is pending.
 */
bool arch_preemption_point(void);

/* Timer interrupts taken since the kernel's tick started. */
uint64_t arch_timer_ticks(void);
