/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The x86_64 user register context and the rest of a thread's CPU state.
 *
 * struct arch_context has the layout of struct trapframe on purpose: when
 * a thread traps, the CPU pushes its frame at the TSS's rsp0, which points
 * just past the running thread's context, and the trap stub pushes the
 * other registers below it, so registers land in the thread's own storage
 * with no copy.  The syscall entry builds the same frame by hand.  It must
 * stay 16-byte aligned (the CPU aligns rsp0 down).
 *
 * struct arch_tcb adds what is not saved on every kernel entry: the FS and
 * GS bases, saved when another thread is switched to, and the FPU state,
 * saved only when another thread uses the FPU (user.c), and the address
 * of the instruction that entered the kernel, where a restarted system
 * call resumes.
 */
#pragma once

#include <arch/cpu.h>
#include <arch/debug.h>

/* The vector number the syscall entry stores in the frame. */
#define VEC_SYSCALL 0x100

/*
 * Bytes of XSAVE state with x87, SSE and AVX enabled in XCR0: the legacy
 * area (512) and header (64), then the upper halves of ymm0-15 (256), in
 * XSAVE's standard format.  seL4's KernelXSaveSize for feature set 7; the
 * build option XSAVE_FEATURES=3 (x87 and SSE, seL4's default) needs 576.
 */
#ifndef CONFIG_XSAVE_FEATURE_SET
#define CONFIG_XSAVE_FEATURE_SET 7
#endif
#if CONFIG_XSAVE_FEATURE_SET == 3
#define ARCH_FPU_STATE_SIZE 576
#else
#define ARCH_FPU_STATE_SIZE 832
#endif

/* The syscall instruction is two bytes: a restarted call resumes that far back. */
#define ARCH_SYSCALL_INSN_LEN 2

struct arch_context {
    struct trapframe tf;
} __attribute__((aligned(16)));

_Static_assert(sizeof(struct trapframe) % 16 == 0, "trap frames keep rsp 16-byte aligned");

struct arch_tcb {
    struct arch_context ctx; /* first: 16-byte aligned, the trap path saves registers here */
    word_t fault_ip;         /* the instruction that entered the kernel (restart point) */
    word_t fs_base, gs_base;
#ifdef CONFIG_HARDWARE_DEBUG_API
    struct arch_debug debug; /* breakpoints and single-stepping (breakpoint.c) */
#endif
    bool fpu_used;     /* fpu holds state saved from the CPU, not the initial state */
    uint8_t fpu_eager; /* switches left on which it takes the FPU without the #NM test */
    uint8_t fpu[ARCH_FPU_STATE_SIZE] __attribute__((aligned(64)));
};

/*
 * The thread whose FPU state is in the FPU registers, or NULL (lazy
 * switching, user.c).  Defined in object/thread.c, whose TCB deletion hook
 * clears it, so the kernel never saves into a deleted TCB.
 */
extern struct tcb *arch_fpu_owner;

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

/* An UnknownSyscall fault message: 18 registers and the system-call number. */
#define ARCH_SYSCALL_FAULT_LENGTH 19

/* Message registers 0..3 travel in r10, r8, r9, r15 (seL4's x86_64 convention). */
#define ARCH_MSG_REGISTERS 4

static inline word_t *arch_msg_register(struct arch_context *c, int i)
{
    static const uint8_t offset[ARCH_MSG_REGISTERS] = {
        __builtin_offsetof(struct arch_context, tf.r10),
        __builtin_offsetof(struct arch_context, tf.r8),
        __builtin_offsetof(struct arch_context, tf.r9),
        __builtin_offsetof(struct arch_context, tf.r15),
    };
    return (word_t *)((char *)c + offset[i]);
}

/* The badge (rdi) and message-info (rsi) registers of a received message or reply. */
static inline void arch_set_badge(struct arch_context *c, word_t badge)
{
    c->tf.rdi = badge;
}

static inline void arch_set_msg_info(struct arch_context *c, word_t info)
{
    c->tf.rsi = info;
}

static inline word_t arch_get_msg_info(const struct arch_context *c)
{
    return c->tf.rsi;
}
