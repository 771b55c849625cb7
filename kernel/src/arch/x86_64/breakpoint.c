// SPDX-License-Identifier: BSD-2-Clause
/*
 * x86_64's half of seL4's hardware debug API (CONFIG_HARDWARE_DEBUG_API;
 * the invocations' decoding is object/tcbdebug.c's): each thread's
 * breakpoints in DR0-DR3 and DR7, single-stepping with RFLAGS.TF, and #DB
 * and #BP from user mode as DebugException faults.
 *
 * A thread's registers live in its TCB (struct arch_debug).  The CPU holds
 * at most one thread's, arch_debug_owner's, or none, with every DR7 enable
 * clear.  On the way back to user mode a thread that uses none of this,
 * while the CPU holds none either, costs a test of one byte and one
 * pointer (arch_debug_resume); otherwise the registers are loaded, or DR7
 * cleared, when the owner changes.  Changing or deleting the owner's
 * breakpoints clears DR7 at once, so the CPU never holds breakpoints no
 * thread has.  User breakpoints cannot fire in the kernel: their addresses
 * are below seL4_UserTop, and the kernel reaches user memory only through
 * its physical window.  Nor is the kernel ever stepped: syscall clears TF
 * (FMASK), and so do the interrupt gates.  But a #DB of a user instruction
 * that loads SS (MOV SS, POP SS) waits for the end of the next one, and
 * if that is syscall or int it arrives at the kernel's first instruction
 * (CVE-2018-8897): #DB then has a stack of its own (cpu.c), and the kernel
 * drops it, as the thread has already left the instruction it reports.
 *
 * As in seL4's breakpoint.c: a #DB from one of the thread's breakpoints
 * reports the lowest-numbered that fired, with its address and kind; a
 * single step counts down the steps asked for and reports when none are
 * left, with RF set so that an instruction breakpoint on the next
 * instruction does not fire at once; INT3 (#BP) reports a software break.
 * An instruction breakpoint faults before its instruction runs, so a
 * thread restarted by the fault's reply meets it again unless the handler
 * unsets it (or steps past it with it unset).  Data breakpoints with
 * BreakOnRead break on writes too: x86 has no read-only watchpoint, and
 * GetBreakpoint then reports BreakOnReadWrite.
 */
#ifdef CONFIG_HARDWARE_DEBUG_API

#include <arch/breakpoint.h>
#include <object/tcbdebug.h>
#include <thread.h>

#define VEC_DB    1
#define VEC_BP    3
#define RFLAGS_TF (1ul << 8)
#define RFLAGS_RF (1ul << 16)

/* DR6 with no condition recorded, and its single-step bit; DR7's bit 10 reads as one. */
#define DR6_FIXED 0xffff0ff0ul
#define DR6_BS    (1ul << 14)
#define DR7_FIXED 0x400ul

/* Breakpoint n's local enable, and its R/W field in DR7 (LEN is the two bits above it). */
#define DR7_L(n)        (1ul << (2 * (n)))
#define DR7_SHIFT(n)    (16 + 4 * (n))
#define DR7_RW_EXEC     0ul
#define DR7_RW_WRITE    1ul
#define DR7_RW_RDWR     3ul
#define BREAKPOINT_BITS ((1u << ARCH_DEBUG_BREAKPOINTS) - 1)

struct tcb *arch_debug_owner;

#define DR_ACCESS(n)                                                                               \
    static inline void write_dr##n(word_t v)                                                       \
    {                                                                                              \
        __asm__ volatile("mov %0, %%dr" #n ::"r"(v));                                              \
    }
DR_ACCESS(0)
DR_ACCESS(1)
DR_ACCESS(2)
DR_ACCESS(3)
DR_ACCESS(6)
DR_ACCESS(7)

static inline word_t read_dr6(void)
{
    word_t v;
    __asm__ volatile("mov %%dr6, %0" : "=r"(v));
    return v;
}

/*
 * 8-byte breakpoints, which seL4 allows only on the CPUs Intel's manual names for them (vol. 3,
 * 17.2.4): family 15 models 3, 4 and 6, and family 6 models 15, 23 and 28.  -1 until asked.
 */
static bool eight_byte_breakpoints(void)
{
    static int known = -1;
    uint32_t a, b, c, d;

    if (known < 0) {
        __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
        uint32_t family = (a >> 8) & 0xf, model = (a >> 4) & 0xf;
        if (family == 6 || family == 15)
            model |= ((a >> 16) & 0xf) << 4;
        if (family == 15)
            family += (a >> 20) & 0xff;
        known = (family == 15 && (model == 3 || model == 4 || model == 6)) ||
                (family == 6 && (model == 15 || model == 23 || model == 28));
    }
    return known;
}

status_t arch_debug_check_set(word_t bp, word_t size, struct syscall_error *err)
{
    status_t st = arch_debug_check_bp(bp, err);

    if (st == seL4_NoError && size == 8 && !eight_byte_breakpoints())
        return syscall_error_arg(err, 3);
    return st;
}

status_t arch_debug_check_bp(word_t bp, struct syscall_error *err)
{
    if (bp >= ARCH_DEBUG_BREAKPOINTS)
        return syscall_error_range(err, 0, ARCH_DEBUG_BREAKPOINTS - 1);
    return seL4_NoError;
}

/* t's breakpoints changed: if the CPU holds them, drop them; t's next return loads the new. */
static void changed(struct tcb *t)
{
    if (t != arch_debug_owner)
        return;
    write_dr7(DR7_FIXED);
    arch_debug_owner = NULL;
}

/* DR7's LEN encoding of a data breakpoint's size: 1, 2, 8 and 4 bytes are 0, 1, 2 and 3. */
static word_t len_field(word_t size)
{
    return size == 1 ? 0 : size == 2 ? 1 : size == 8 ? 2 : 3;
}

void arch_debug_set(struct tcb *t, word_t bp, word_t vaddr, word_t type, word_t size, word_t rw)
{
    struct arch_debug *d = &t->arch.debug;
    word_t field = DR7_RW_EXEC; /* an instruction breakpoint's LEN must be 0 */

    if (type == seL4_DataBreakpoint)
        field = (rw == seL4_BreakOnWrite ? DR7_RW_WRITE : DR7_RW_RDWR) | len_field(size) << 2;
    d->dr[bp] = vaddr;
    d->dr7 = (d->dr7 & ~(0xful << DR7_SHIFT(bp))) | field << DR7_SHIFT(bp) | DR7_L(bp);
    d->active |= 1u << bp;
    changed(t);
}

struct breakpoint arch_debug_get(const struct tcb *t, word_t bp)
{
    static const word_t sizes[4] = {1, 2, 8, 4};
    const struct arch_debug *d = &t->arch.debug;
    word_t field = (d->dr7 >> DR7_SHIFT(bp)) & 0xf, rw = field & 3;
    struct breakpoint b = {.vaddr = d->dr[bp], .enabled = (d->dr7 & DR7_L(bp)) != 0};

    if (rw == DR7_RW_EXEC) {
        b.type = seL4_InstructionBreakpoint;
        b.rw = seL4_BreakOnRead;
    } else {
        b.type = seL4_DataBreakpoint;
        b.rw = rw == DR7_RW_WRITE ? seL4_BreakOnWrite : seL4_BreakOnReadWrite;
        b.size = sizes[field >> 2];
    }
    return b;
}

void arch_debug_unset(struct tcb *t, word_t bp)
{
    struct arch_debug *d = &t->arch.debug;

    d->dr[bp] = 0;
    d->dr7 &= ~(0xful << DR7_SHIFT(bp) | DR7_L(bp));
    d->active &= ~(1u << bp);
    changed(t);
}

/* x86 steps with RFLAGS.TF, which arch_debug_switch sets on every return: no register is used. */
bool arch_debug_single_step(struct tcb *t, word_t n)
{
    struct arch_debug *d = &t->arch.debug;

    d->steps = n;
    if (n) {
        d->active |= ARCH_DEBUG_STEPPING;
    } else {
        d->active &= ~ARCH_DEBUG_STEPPING;
        t->arch.ctx.tf.rflags &= ~RFLAGS_TF;
    }
    return false;
}

void arch_debug_switch(struct tcb *t)
{
    struct arch_debug *d = &t->arch.debug;

    if (d->active & BREAKPOINT_BITS) {
        if (arch_debug_owner != t) {
            write_dr0(d->dr[0]);
            write_dr1(d->dr[1]);
            write_dr2(d->dr[2]);
            write_dr3(d->dr[3]);
            write_dr7(DR7_FIXED | d->dr7);
            arch_debug_owner = t;
        }
    } else if (arch_debug_owner) {
        write_dr7(DR7_FIXED);
        arch_debug_owner = NULL;
    }
    /* WriteRegisters and fault replies take TF out of the flags they write: put it back. */
    if (d->active & ARCH_DEBUG_STEPPING)
        t->arch.ctx.tf.rflags |= RFLAGS_TF;
}

void arch_debug_forget(struct tcb *t)
{
    changed(t);
}

/* A single step of t: counted down, and a fault when none are left. */
static void single_step(struct tcb *t, struct fault *f)
{
    struct arch_debug *d = &t->arch.debug;

    t->arch.ctx.tf.rflags |= RFLAGS_RF;
    if (d->steps > 0)
        d->steps--;
    if (d->steps)
        return;
    f->code = seL4_SingleStep;
    fault_raise(t, f);
}

bool arch_debug_kernel_exception(word_t vector)
{
    if (vector != VEC_DB)
        return false;
    write_dr6(DR6_FIXED);
    return true;
}

bool arch_debug_exception(struct tcb *t, word_t vector)
{
    struct fault f = {.type = FAULT_DEBUG, .ip = t->arch.fault_ip};

    if (vector == VEC_BP) {
        f.code = seL4_SoftwareBreakRequest;
        fault_raise(t, &f);
        return true;
    }
    if (vector != VEC_DB)
        return false;
    word_t dr6 = read_dr6();
    write_dr6(DR6_FIXED); /* the CPU never clears DR6 itself */
    /* The CPU may mark a breakpoint that is not enabled: only t's enabled ones count. */
    word_t hit = dr6 & t->arch.debug.active & BREAKPOINT_BITS;
    if (hit) {
        f.number = (word_t)__builtin_ctzl(hit);
        f.addr = t->arch.debug.dr[f.number];
        f.code = arch_debug_get(t, f.number).type;
        fault_raise(t, &f);
    } else if (dr6 & DR6_BS) {
        single_step(t, &f);
    }
    /* A #DB nothing of t's explains (ICEBP): seL4 lets the thread go on. */
    return true;
}

#endif /* CONFIG_HARDWARE_DEBUG_API */
