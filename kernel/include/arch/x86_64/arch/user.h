/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The x86_64 user register context.  It has the layout of struct
 * trapframe on purpose: when a thread traps, the CPU pushes its frame at
 * the TSS's rsp0, which points just past the running thread's context, and
 * the trap stub pushes the other registers below it, so registers land in
 * the thread's own storage with no copy.  The syscall entry builds the same
 * frame by hand.  It must stay 16-byte aligned (the CPU aligns rsp0 down).
 */
#pragma once

#include <arch/cpu.h>

/* The vector number the syscall entry stores in the frame. */
#define VEC_SYSCALL 0x100

struct arch_context {
    struct trapframe tf;
} __attribute__((aligned(16)));

_Static_assert(sizeof(struct trapframe) % 16 == 0, "trap frames keep rsp 16-byte aligned");

/* The i-th argument of a system call: the cap register (rdi), then message info (rsi). */
static inline word_t arch_syscall_arg(const struct arch_context *c, int i)
{
    return i == 0 ? c->tf.rdi : c->tf.rsi;
}

/* The instruction pointer a fault report names. */
static inline word_t arch_fault_ip(const struct arch_context *c)
{
    return c->tf.rip;
}

/* Sets the TLS base of the thread whose context c is, which must be the running thread. */
void arch_set_tls_base(struct arch_context *c, word_t base);
