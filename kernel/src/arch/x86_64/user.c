/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Running user threads on x86_64: the syscall MSRs, the FPU and SSE set-up
 * user code needs, FS/GS base access for TLS, entering a thread, and the C
 * side of traps and system calls from user mode.
 *
 * The kernel itself never touches FPU registers (it is built with
 * -mgeneral-regs-only), so a thread's FS/GS bases stay in the CPU until
 * another thread runs, and its FPU state stays there until another thread
 * uses the FPU.  The FPU is switched lazily, as seL4 does: a switch to a
 * thread that has not used the FPU sets CR0.TS, and its first FPU
 * instruction traps (#NM); only then is the owner's state saved into its
 * TCB (XSAVE, or FXSAVE on CPUs without it) and the thread's own loaded.
 * A thread that never touches the FPU is never charged a save or a load.
 * Unlike seL4, a thread whose FPU instruction trapped takes the FPU at
 * its next FPU_EAGER_SWITCHES switches without the trap, as it is likely
 * to use it again; then it is tested lazily again, so a thread that has
 * stopped using the FPU soon stops paying for it.
 *
 * XCR0 enables every state component seL4's XSAVE feature-set option knows
 * (x87, SSE, AVX) that the CPU has, as seL4 built with feature set 7 does:
 * root tasks compiled for such a seL4 (sel4bench's -march=haswell) use AVX
 * freely, and would die with #UD at their first ymm instruction otherwise.
 */
#include <arch/breakpoint.h>
#include <arch/io.h>
#include <arch/irq.h>
#include <arch/object/asid.h>
#include <arch/object/cap.h>
#include <arch/object/vspace.h>
#include <fault.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <panic.h>
#include <syscall.h>
#include <thread.h>
#include <user.h>

#define MSR_EFER      0xc0000080
#define MSR_STAR      0xc0000081
#define MSR_LSTAR     0xc0000082
#define MSR_FMASK     0xc0000084
#define MSR_FS_BASE   0xc0000100
#define MSR_GS_BASE   0xc0000101
#define EFER_SCE      (1ull << 0)
#define RFLAGS_IF     (1ull << 9)
#define RFLAGS_MASKED (RFLAGS_IF | (1ull << 8) | (1ull << 10) | (1ull << 18)) /* IF TF DF AC */
#define CR0_MP        (1ull << 1)
#define CR0_EM        (1ull << 2)
#define CR0_TS        (1ull << 3)
#define CR0_NE        (1ull << 5)
#define CR4_FSGSBASE  (1ull << 16)
#define VEC_NM        7 /* device not available: an FPU instruction with CR0.TS set */
#define CR4_OSFXSR    (1ull << 9)
#define CR4_XMMEXCPT  (1ull << 10)
#define CR4_OSXSAVE   (1ull << 18)
#define XCR0_X87      (1ull << 0)
#define XCR0_SSE      (1ull << 1)
#define XCR0_AVX      (1ull << 2)
/* seL4's KernelXSaveFeatureSet (bits 0-2); anything beyond needs a larger TCB than seL4's. */
#define XCR0_WANTED  (CONFIG_XSAVE_FEATURE_SET & (XCR0_X87 | XCR0_SSE | XCR0_AVX))
#define CPUID_XSTATE 0xd
/* Switches on which a thread that took the FPU through #NM takes it again at once. */
#define FPU_EAGER_SWITCHES 16

_Static_assert(ARCH_FPU_STATE_SIZE >= ((XCR0_WANTED & XCR0_AVX) ? 832 : 576),
               "the XSAVE area holds every component XCR0 may enable (AVX: 576 + 256)");
_Static_assert(seL4_TCBBits == (ARCH_FPU_STATE_SIZE >= 832 ? 12 : 11),
               "libsel4: 2^12-byte TCBs with an 832-byte XSAVE area, 2^11 with 576");

extern void syscall_entry(void);
extern uint64_t user_context_end;

static bool have_xsave;
static bool fpu_enabled;    /* CR0.TS is clear: the registers are arch_fpu_owner's to use */
static uint64_t xcr0;       /* the state components XSAVE saves; 0 without XSAVE */
static bool have_fsgsbase;  /* rdfsbase and friends: cheaper than the MSRs */
static paddr_t kernel_pml4; /* the boot page tables: the kernel's half only */

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}

static void write_cr(int n, uint64_t v)
{
    if (n == 0)
        __asm__ volatile("mov %0, %%cr0" ::"r"(v));
    else
        __asm__ volatile("mov %0, %%cr4" ::"r"(v));
}

void syscall_init(void)
{
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    /* syscall loads CS 0x08 / SS 0x10; sysret would load SS 0x18|3 and CS 0x20|3. */
    wrmsr(MSR_STAR, ((uint64_t)(SEL_UDATA - 8) << 48) | ((uint64_t)SEL_KCODE << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_FMASK, RFLAGS_MASKED);
}

/*
 * XCR0: what the CPU reports in CPUID leaf 0xD of x87, SSE and AVX (x87 and
 * SSE always, when XSAVE exists).  The area the CPU then needs must fit the
 * TCB's; a CPU asking for more is a kernel bug to stop at, not to ignore.
 */
static void xsave_init(void)
{
    uint32_t r[4];

    cpuid(CPUID_XSTATE, 0, r);
    xcr0 = (r[0] & XCR0_WANTED) | XCR0_X87 | XCR0_SSE;
    __asm__ volatile("xsetbv" ::"c"(0), "a"((uint32_t)xcr0), "d"((uint32_t)(xcr0 >> 32)));
    cpuid(CPUID_XSTATE, 0, r); /* ebx: the area size for what XCR0 now enables */
    if (r[1] > ARCH_FPU_STATE_SIZE)
        panic("XSAVE area of %u bytes for XCR0 %#llx does not fit the TCB's %u", r[1],
              (unsigned long long)xcr0, ARCH_FPU_STATE_SIZE);
    kinfo("[KaaL] XSAVE: XCR0 %#llx (x87 SSE%s), %u-byte area\n", (unsigned long long)xcr0,
          (xcr0 & XCR0_AVX) ? " AVX" : "", r[1]);
}

/* x87, SSE and, where the CPU has them, XSAVE with AVX for user code. */
static void fpu_init(void)
{
    uint32_t r[4];

    write_cr(0, (read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
    uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_XMMEXCPT;
    cpuid(1, 0, r);
    have_xsave = r[2] & (1u << 26);
    if (have_xsave)
        cr4 |= CR4_OSXSAVE;
    cpuid(7, 0, r);
    have_fsgsbase = r[1] & 1u;
    if (have_fsgsbase) /* seL4 root tasks set their TLS with wrfsbase */
        cr4 |= CR4_FSGSBASE;
    write_cr(4, cr4);
    if (have_xsave)
        xsave_init();
    __asm__ volatile("fninit");
    write_cr(0, read_cr0() | CR0_TS); /* no thread owns the FPU yet */
}

void arch_user_init(void)
{
    kernel_pml4 = read_cr3() & ~0xfffull;
    syscall_init();
    fpu_init();
}

void arch_thread_init(struct tcb *t, vaddr_t entry, word_t arg)
{
    memset(&t->arch.ctx, 0, sizeof(t->arch.ctx));
    t->arch.ctx.tf.rip = entry;
    t->arch.ctx.tf.rdi = arg;
    t->arch.ctx.tf.cs = SEL_UCODE;
    t->arch.ctx.tf.ss = SEL_UDATA;
    t->arch.ctx.tf.rflags = RFLAGS_IF | 0x2; /* bit 1 is always set */
    t->arch.fault_ip = entry;
}

/*
 * The initial FPU state: x87 control word 0x37f, MXCSR 0x1f80, every register zero.
 * Its XSAVE header (offset 512) is zero: XRSTOR puts every component, AVX's
 * upper halves included, in its initial state.
 */
static uint8_t fpu_init_state[ARCH_FPU_STATE_SIZE]
    __attribute__((aligned(64))) = {[0] = 0x7f, [1] = 0x03, [24] = 0x80, [25] = 0x1f};

static void fpu_save(uint8_t *area)
{
    if (have_xsave)
        __asm__ volatile("xsave64 (%0)" ::"r"(area), "a"((uint32_t)xcr0),
                         "d"((uint32_t)(xcr0 >> 32))
                         : "memory");
    else
        __asm__ volatile("fxsave64 (%0)" ::"r"(area) : "memory");
}

static void fpu_load(const uint8_t *area)
{
    if (have_xsave)
        __asm__ volatile("xrstor64 (%0)" ::"r"(area), "a"((uint32_t)xcr0),
                         "d"((uint32_t)(xcr0 >> 32))
                         : "memory");
    else
        __asm__ volatile("fxrstor64 (%0)" ::"r"(area) : "memory");
}

/* The FS and GS bases in the CPU: by instruction where the CPU has them, else by MSR. */
static void save_fs_gs(struct tcb *t)
{
    if (have_fsgsbase) {
        __asm__ volatile("rdfsbase %0" : "=r"(t->arch.fs_base));
        __asm__ volatile("rdgsbase %0" : "=r"(t->arch.gs_base));
    } else {
        t->arch.fs_base = rdmsr(MSR_FS_BASE);
        t->arch.gs_base = rdmsr(MSR_GS_BASE);
    }
}

static void load_fs_gs(const struct tcb *t)
{
    if (have_fsgsbase) {
        __asm__ volatile("wrfsbase %0" ::"r"(t->arch.fs_base));
        __asm__ volatile("wrgsbase %0" ::"r"(t->arch.gs_base));
    } else {
        wrmsr(MSR_FS_BASE, t->arch.fs_base);
        wrmsr(MSR_GS_BASE, t->arch.gs_base);
    }
}

/* The FS/GS bases are switched eagerly: cheap, and every thread has its own TLS. */
static void switch_bases(struct tcb *t)
{
    struct tcb *owner = thread_cpu_state_owner;

    if (owner)
        save_fs_gs(owner);
    load_fs_gs(t);
    thread_cpu_state_owner = t;
}

static void fpu_enable(bool enable)
{
    if (enable == fpu_enabled)
        return;
    if (enable)
        __asm__ volatile("clts");
    else
        write_cr(0, read_cr0() | CR0_TS);
    fpu_enabled = enable;
}

/* Makes t the FPU's owner: the owner's state goes into its TCB, t's (or the initial) is loaded. */
static void fpu_hand_to(struct tcb *t)
{
    fpu_enable(true); /* XSAVE and XRSTOR themselves fault with TS set */
    if (arch_fpu_owner) {
        fpu_save(arch_fpu_owner->arch.fpu);
        arch_fpu_owner->arch.fpu_used = true;
    }
    fpu_load(t->arch.fpu_used ? t->arch.fpu : fpu_init_state);
    arch_fpu_owner = t;
}

/*
 * The FPU on a switch to t.  Its owner gets it back as it left it.  A thread
 * that took the FPU through #NM recently takes it at once, as it would at
 * its first FPU instruction anyway, without the trap.  Anyone else runs
 * with the FPU disabled, and the owner's state stays put.
 */
static void switch_fpu(struct tcb *t)
{
    if (t == arch_fpu_owner) {
        fpu_enable(true);
    } else if (t->arch.fpu_eager) {
        t->arch.fpu_eager--;
        fpu_hand_to(t);
    } else {
        fpu_enable(false);
    }
}

/*
 * The #NM of t's first FPU instruction since it was switched to: the owner's
 * state goes into its TCB, t's comes out of its own (or the initial state),
 * and t owns the FPU.  Returns false for an #NM that lazy switching did not
 * cause (t owned an enabled FPU already), which is then t's own fault.
 */
static bool fpu_take(struct tcb *t)
{
    if (fpu_enabled && t == arch_fpu_owner)
        return false;
    fpu_hand_to(t);
    t->arch.fpu_eager = FPU_EAGER_SWITCHES;
    return true;
}

/*
 * The PML4 t runs on: the one its VSpace cap names if the cap's ASID still
 * names that PML4 (seL4 setVMRoot's findVSpaceForASID check), else the
 * kernel's own, which has no user mappings: the thread then faults on its
 * first user access.  A PML4 without an ASID may have been freed, or may
 * still map frames whose caps are gone (their unmap found no ASID).
 */
static inline paddr_t thread_vspace(const struct tcb *t)
{
    cap_t c = t->cnode[TCB_VTABLE].cap;

    if (cap_type(c) == CAP_PML4 && cap_pml4_is_mapped(c) &&
        asid_vspace(cap_pml4_mapped_asid(c)) == cap_ptr(c))
        return cap_ptr(c);
    return kernel_pml4;
}

/* CR3 must never hold a PML4 whose memory may be retyped: zeroing it would unmap the kernel. */
void arch_vspace_invalidated(paddr_t pml4)
{
    if ((read_cr3() & ~0xfffull) == pml4)
        write_cr3(kernel_pml4);
}

/*
 * Every context resumed here must hold a canonical user rip and rsp and the
 * user selectors: iretq faults in kernel mode otherwise, which would be a
 * kernel panic.  The trap and syscall paths only ever save such values; the
 * TCB WriteRegisters path must check them before they get here.
 */
void arch_thread_resume(struct tcb *t)
{
    paddr_t vspace = thread_vspace(t);

    /*
     * The thread that ran last finds its bases, its FPU and its trap stack
     * (the end of its context, where the CPU pushes a trap frame) as it
     * left them; #NM set the FPU.
     */
    if (t != thread_cpu_state_owner) {
        switch_bases(t);
        switch_fpu(t);
        user_context_end = (uint64_t)(&t->arch.ctx + 1);
        tss_set_rsp0(user_context_end);
    }
    if ((read_cr3() & ~0xfffull) != vspace)
        write_cr3(vspace);
    arch_debug_resume(t);
    restore_user_context(&t->arch.ctx.tf);
}

/* The TLS base is the FS base on x86_64, written through the MSR when t owns the CPU's. */
void arch_set_tls_base(struct tcb *t, word_t base)
{
    t->arch.fs_base = base;
    if (t == thread_cpu_state_owner)
        wrmsr(MSR_FS_BASE, base);
}

void arch_wait_for_interrupt(void)
{
    __asm__ volatile("sti; hlt; cli");
}

const char *arch_user_exception_name(word_t number)
{
    return exception_name(number);
}

const char *arch_vm_fault_kind(word_t fsr)
{
    static const char *const kinds[8] = {
        "data read, page not present",    "data read, protection",
        "data write, page not present",   "data write, protection",
        "instruction fetch, not present", "instruction fetch, protection",
        "instruction fetch, not present", "instruction fetch, protection",
    };
    return kinds[(fsr & 3) | ((fsr >> 2) & 4)];
}

static void user_exception(struct tcb *t, const struct trapframe *tf)
{
    struct fault f = {.ip = tf->rip, .code = tf->error, .number = tf->vector};

    if (arch_debug_exception(t, tf->vector)) /* #DB and #BP with the hardware debug API */
        return;
    if (tf->vector == 14) {
        f.type = FAULT_VM;
        f.addr = read_cr2();
        f.prefetch = tf->error & 16;
    } else {
        f.type = FAULT_USER_EXCEPTION;
    }
    fault_raise(t, &f);
}

void trap_from_user(struct trapframe *tf)
{
    struct tcb *t = thread_current();

    if (tf != &t->arch.ctx.tf) /* taken on an interrupt stack (#DF, NMI, #MC) */
        t->arch.ctx.tf = *tf;
    t->arch.fault_ip = t->arch.ctx.tf.rip;
    if (tf->vector == VEC_NM && fpu_take(t)) {
        /* t resumes at its FPU instruction, now with its own state. */
    } else if (tf->vector < 32)
        user_exception(t, &t->arch.ctx.tf);
    else if (!irq_entry(tf->vector))
        lapic_eoi(); /* a vector no IRQ uses */
    thread_schedule();
}

void syscall_from_user(struct trapframe *tf)
{
    struct tcb *t = thread_current();

    t->arch.fault_ip = tf->rip - ARCH_SYSCALL_INSN_LEN;
    fastpath(t, (sword_t)tf->rdx);
    syscall_handle(t, (sword_t)tf->rdx);
    thread_schedule();
}
