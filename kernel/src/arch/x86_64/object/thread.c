// SPDX-License-Identifier: BSD-2-Clause
/*
 * x86_64 thread state as the IPC and TCB code sees it: the IPC buffer
 * behind a frame cap, registers by their seL4_UserContext index, and which
 * registers a fault message carries.
 *
 * Values written into another thread's registers (WriteRegisters, a fault
 * handler's reply) are made safe first, as seL4's sanitiseRegister does:
 * rip and rsp must be canonical user addresses, or iretq would fault in
 * the kernel, and rflags keeps only the arithmetic and direction flags
 * user code may set, with interrupts always on.
 */
#include <arch/breakpoint.h>
#include <arch/io.h>
#include <arch/object/cap.h>
#include <object/ipc.h>
#include <object/objecttype.h>
#include <thread.h>
#include <user.h>

#define USER_TOP     0x0000800000000000ull
#define RFLAGS_USER  0x0cd5ull /* CF PF AF ZF SF DF OF */
#define RFLAGS_FIXED 0x0202ull /* IF and the always-one bit 1 */
#define MSR_FS_BASE  0xc0000100
#define MSR_GS_BASE  0xc0000101

enum user_reg {
    REG_RIP,
    REG_RSP,
    REG_RFLAGS,
    REG_RAX,
    REG_RBX,
    REG_RCX,
    REG_RDX,
    REG_RSI,
    REG_RDI,
    REG_RBP,
    REG_R8,
    REG_R9,
    REG_R10,
    REG_R11,
    REG_R12,
    REG_R13,
    REG_R14,
    REG_R15,
    REG_FS_BASE,
    REG_GS_BASE,
    REG_COUNT
};

word_t *arch_ipc_buffer(cap_t frame, vaddr_t buffer_va, bool is_receiver)
{
    static const unsigned bits[] = {seL4_PageBits, seL4_LargePageBits, seL4_HugePageBits};

    if (cap_type(frame) != CAP_FRAME || cap_frame_is_device(frame))
        return NULL;
    word_t vm = cap_frame_vm_rights(frame);
    if (vm != VM_READ_WRITE && (vm != VM_READ_ONLY || is_receiver))
        return NULL;
    paddr_t pa = cap_ptr(frame) + (buffer_va & MASK(bits[cap_frame_size(frame)]));
    return arch_paddr_to_ptr(pa);
}

#define TF_REG(r) __builtin_offsetof(struct tcb, arch.ctx.tf.r)

/* Where each register lives in the TCB: a table, as fault messages move 18 of them at a time. */
static const uint16_t reg_offset[REG_COUNT] = {TF_REG(rip),
                                               TF_REG(rsp),
                                               TF_REG(rflags),
                                               TF_REG(rax),
                                               TF_REG(rbx),
                                               TF_REG(rcx),
                                               TF_REG(rdx),
                                               TF_REG(rsi),
                                               TF_REG(rdi),
                                               TF_REG(rbp),
                                               TF_REG(r8),
                                               TF_REG(r9),
                                               TF_REG(r10),
                                               TF_REG(r11),
                                               TF_REG(r12),
                                               TF_REG(r13),
                                               TF_REG(r14),
                                               TF_REG(r15),
                                               __builtin_offsetof(struct tcb, arch.fs_base),
                                               __builtin_offsetof(struct tcb, arch.gs_base)};

static word_t *reg_slot(struct tcb *t, word_t i)
{
    kassert(i < REG_COUNT);
    return (word_t *)((char *)t + reg_offset[i]);
}

/* rax to r15: kept as they are, without checks; fault messages are mostly these. */
static inline bool plain_register(word_t i)
{
    return i - REG_RAX <= REG_R15 - REG_RAX;
}

word_t arch_get_user_register(struct tcb *t, word_t i)
{
    if (plain_register(i))
        return *reg_slot(t, i);
    if (i == REG_RIP)
        return t->arch.fault_ip;
    if (i == REG_FS_BASE || i == REG_GS_BASE)
        arch_thread_sync_state(t);
    return *reg_slot(t, i);
}

void arch_set_user_register(struct tcb *t, word_t i, word_t v)
{
    if (plain_register(i)) {
        *reg_slot(t, i) = v;
        return;
    }
    switch (i) {
    case REG_RIP:
    case REG_RSP:
        if (v >= USER_TOP)
            v = 0;
        break;
    case REG_RFLAGS:
        v = (v & RFLAGS_USER) | RFLAGS_FIXED;
        break;
    case REG_FS_BASE:
    case REG_GS_BASE:
        if (v >= USER_TOP)
            v = 0;
        break;
    }
    *reg_slot(t, i) = v;
    if (i == REG_RIP)
        t->arch.fault_ip = v;
    if (i == REG_FS_BASE || i == REG_GS_BASE)
        arch_thread_load_bases(t);
}

word_t arch_fault_message_registers(word_t type, const word_t **regs)
{
    /* UnknownSyscall: RAX RBX RCX RDX RSI RDI RBP R8-R15 FaultIP SP FLAGS (then the number). */
    static const word_t syscall_regs[] = {REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI,
                                          REG_RBP, REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12,
                                          REG_R13, REG_R14, REG_R15, REG_RIP, REG_RSP, REG_RFLAGS};
    /* UserException: FaultIP SP FLAGS (then the number and code). */
    static const word_t exception_regs[] = {REG_RIP, REG_RSP, REG_RFLAGS};

    _Static_assert(ARRAY_SIZE(syscall_regs) + 1 == ARCH_SYSCALL_FAULT_LENGTH,
                   "the fast path's fault message is as long as this one");

    if (type == FAULT_UNKNOWN_SYSCALL) {
        *regs = syscall_regs;
        return ARRAY_SIZE(syscall_regs);
    }
    *regs = exception_regs;
    return ARRAY_SIZE(exception_regs);
}

/* The UnknownSyscall message's registers past the first four (MRs 4-14, before FaultIP). */
#define SYSCALL_FAULT_GPRS 15

void arch_syscall_fault_to_mrs(struct tcb *from, struct tcb *to, word_t *rbuf)
{
    const struct trapframe *f = &from->arch.ctx.tf;
    struct trapframe *d = &to->arch.ctx.tf;
    word_t *mr = rbuf + IPCBUF_MSG;

    d->r10 = f->rax;
    d->r8 = f->rbx;
    d->r9 = f->rcx;
    d->r15 = f->rdx;
    mr[4] = f->rsi;
    mr[5] = f->rdi;
    mr[6] = f->rbp;
    mr[7] = f->r8;
    mr[8] = f->r9;
    mr[9] = f->r10;
    mr[10] = f->r11;
    mr[11] = f->r12;
    mr[12] = f->r13;
    mr[13] = f->r14;
    mr[14] = f->r15;
    mr[15] = from->arch.fault_ip;
    mr[16] = f->rsp;
    mr[17] = f->rflags;
}

bool arch_syscall_fault_reply(struct tcb *from, const word_t *sbuf, word_t n, struct tcb *to)
{
    const word_t *regs;
    word_t count = arch_fault_message_registers(FAULT_UNKNOWN_SYSCALL, &regs);

    n = MIN(n, count);
    if (!sbuf || n < SYSCALL_FAULT_GPRS)
        return false;
    /* The usual reply, every general register: word by word, in the message's order. */
    const struct trapframe *s = &from->arch.ctx.tf;
    struct trapframe *d = &to->arch.ctx.tf;
    const word_t *mr = sbuf + IPCBUF_MSG;

    d->rax = s->r10;
    d->rbx = s->r8;
    d->rcx = s->r9;
    d->rdx = s->r15;
    d->rsi = mr[4];
    d->rdi = mr[5];
    d->rbp = mr[6];
    d->r8 = mr[7];
    d->r9 = mr[8];
    d->r10 = mr[9];
    d->r11 = mr[10];
    d->r12 = mr[11];
    d->r13 = mr[12];
    d->r14 = mr[13];
    d->r15 = mr[14];
    for (word_t i = SYSCALL_FAULT_GPRS; i < n; i++)
        arch_set_user_register(to, regs[i], mr[i]);
    return true;
}

struct tcb *arch_fpu_owner;

/* Its FPU registers then belong to nobody: the next thread to use them loads its own. */
void arch_tcb_prepare_delete(struct tcb *t)
{
    if (t == arch_fpu_owner)
        arch_fpu_owner = NULL;
    arch_debug_forget(t);
}

void arch_tcb_init(struct tcb *t)
{
    t->arch.ctx.tf.cs = SEL_UCODE;
    t->arch.ctx.tf.ss = SEL_UDATA;
    t->arch.ctx.tf.rflags = RFLAGS_FIXED;
}

word_t cap_seL4_type(cap_t c)
{
    /* seL4's own cap tags (DebugCapIdentify): even numbers generic, odd numbers x86_64. */
    static const uint8_t tag[CAP_TYPE_COUNT] = {
        [CAP_NULL] = 0,          [CAP_UNTYPED] = 2,
        [CAP_ENDPOINT] = 4,      [CAP_NOTIFICATION] = 6,
        [CAP_REPLY] = 8,         [CAP_CNODE] = 10,
        [CAP_THREAD] = 12,       [CAP_IRQ_CONTROL] = 14,
        [CAP_IRQ_HANDLER] = 16,  [CAP_ZOMBIE] = 18,
        [CAP_DOMAIN] = 20,       [CAP_FRAME] = 1,
        [CAP_PAGE_TABLE] = 3,    [CAP_PAGE_DIRECTORY] = 5,
        [CAP_PDPT] = 7,          [CAP_PML4] = 9,
        [CAP_ASID_CONTROL] = 11, [CAP_ASID_POOL] = 13,
        [CAP_IO_SPACE] = 15,     [CAP_IO_PAGE_TABLE] = 17,
        [CAP_IO_PORT] = 19,      [CAP_IO_PORT_CONTROL] = 31};

    return tag[cap_type(c)];
}

void arch_thread_restart_point(struct tcb *t)
{
    t->arch.ctx.tf.rip = t->arch.fault_ip;
}

/* A thread's FS/GS bases live in the CPU while it owns the CPU state (user.c switches them). */
void arch_thread_sync_state(struct tcb *t)
{
    if (t != thread_cpu_state_owner)
        return;
    t->arch.fs_base = rdmsr(MSR_FS_BASE);
    t->arch.gs_base = rdmsr(MSR_GS_BASE);
}

void arch_thread_load_bases(struct tcb *t)
{
    if (t != thread_cpu_state_owner)
        return;
    wrmsr(MSR_FS_BASE, t->arch.fs_base);
    wrmsr(MSR_GS_BASE, t->arch.gs_base);
}

/*
 * A thread may run in a PML4 only once it has an ASID and the kernel's half
 * (the last entry maps the kernel image): switching to a table without it
 * would pull the kernel out from under itself.
 */
bool arch_is_valid_vtable_root(cap_t c)
{
    if (cap_type(c) != CAP_PML4 || !cap_pml4_is_mapped(c))
        return false;
    return ((const uint64_t *)arch_paddr_to_ptr(cap_ptr(c)))[511] != 0;
}

bool arch_is_frame_cap(cap_t c)
{
    return cap_type(c) == CAP_FRAME;
}

bool arch_frame_is_device(cap_t c)
{
    return cap_frame_is_device(c);
}
