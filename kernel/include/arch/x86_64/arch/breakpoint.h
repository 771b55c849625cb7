/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The hardware debug API's hooks in the arch's own thread code: the way
 * back to user mode (user.c), the CPU exceptions of user threads (user.c)
 * and of the kernel (trap.c), and TCB deletion (object/thread.c).
 * breakpoint.c defines them; without CONFIG_HARDWARE_DEBUG_API they are
 * empty and the compiler drops them.
 */
#pragma once

#include <object/tcb.h>

#ifdef CONFIG_HARDWARE_DEBUG_API
/* The thread whose breakpoints DR0-DR3 and DR7 hold, or NULL when DR7 enables none. */
extern struct tcb *arch_debug_owner;

/* Loads t's debug registers, or clears DR7, and sets TF if t is being single-stepped. */
void arch_debug_switch(struct tcb *t);

/* Handles CPU exception vector of t (#DB, #BP) as a DebugException; false for other vectors. */
bool arch_debug_exception(struct tcb *t, word_t vector);

/* Drops the CPU's hold on t's breakpoints before t is deleted. */
void arch_debug_forget(struct tcb *t);

/* True for a #DB taken in the kernel, which it has dropped (see breakpoint.c). */
bool arch_debug_kernel_exception(word_t vector);

/* On t's way back to user mode: the work above only if t or the CPU has debug state. */
static inline void arch_debug_resume(struct tcb *t)
{
    if (t->arch.debug.active || arch_debug_owner)
        arch_debug_switch(t);
}
#else
static inline void arch_debug_resume(struct tcb *t)
{
    (void)t;
}

static inline bool arch_debug_exception(struct tcb *t, word_t vector)
{
    (void)t, (void)vector;
    return false;
}

static inline void arch_debug_forget(struct tcb *t)
{
    (void)t;
}

static inline bool arch_debug_kernel_exception(word_t vector)
{
    (void)vector;
    return false;
}
#endif
