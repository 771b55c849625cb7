/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * System call cases: the x86_64 convention of SEL4_ABI.md (number in rdx,
 * syscall clobbering only rcx and r11 besides the message registers) and
 * the calls that need no capabilities.
 */
#include "suite.h"

static const char *yield_returns(seL4_BootInfo *bi)
{
    (void)bi;
    for (int i = 0; i < 100; i++)
        seL4_Yield();
    return 0;
}

static const char *debug_put_char_returns(seL4_BootInfo *bi)
{
    (void)bi;
    kaal_debug_puts("[suite] DebugPutChar prints this line\n");
    return 0;
}

/* Yield with known values in the registers the kernel must give back unchanged. */
static const char *syscall_preserves_registers(seL4_BootInfo *bi)
{
    seL4_Word r12, r13, r14, rbp;

    (void)bi;
    /* rbp is the frame pointer the "=m" operands are addressed through: its test value is
     * moved to rax and rbp restored before anything is stored. */
    __asm__ volatile("pushq %%rbp\n\t"
                     "movq $0x1212121212, %%r12\n\t"
                     "movq $0x1313131313, %%r13\n\t"
                     "movq $0x1414141414, %%r14\n\t"
                     "movq $0x5555555555, %%rbp\n\t"
                     "movq %%rsp, %%rbx\n\t"
                     "movq $-7, %%rdx\n\t" /* Yield */
                     "syscall\n\t"
                     "movq %%rbx, %%rsp\n\t"
                     "movq %%rbp, %%rax\n\t"
                     "popq %%rbp\n\t"
                     "movq %%r12, %0\n\t"
                     "movq %%r13, %1\n\t"
                     "movq %%r14, %2\n\t"
                     "movq %%rax, %3"
                     : "=m"(r12), "=m"(r13), "=m"(r14), "=m"(rbp)
                     :
                     : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
                       "r13", "r14", "r15", "memory");
    REQUIRE(r12 == 0x1212121212 && r13 == 0x1313131313 && r14 == 0x1414141414,
            "r12-r14 changed across a system call");
    REQUIRE(rbp == 0x5555555555, "rbp changed across a system call");
    return 0;
}

/* rbx carries the stack pointer across syscall in seL4's stubs, so it must come back intact. */
static const char *syscall_preserves_rbx(seL4_BootInfo *bi)
{
    seL4_Word before, after;

    (void)bi;
    __asm__ volatile("movq %%rsp, %%rbx\n\t"
                     "movq %%rbx, %0\n\t"
                     "movq $-7, %%rdx\n\t"
                     "syscall\n\t"
                     "movq %%rbx, %1\n\t"
                     "movq %%rbx, %%rsp"
                     : "=m"(before), "=m"(after)
                     :
                     : "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r15",
                       "memory");
    REQUIRE(before == after, "rbx changed across a system call");
    return 0;
}

/* SetTLSBase (-29) needs no capability and sets the FS base, which %fs reads through. */
static const char *set_tls_base(seL4_BootInfo *bi)
{
    static seL4_Word tls[2] = {0x715ba5e, 0x715ba5e2};
    seL4_Word first, second;

    (void)bi;
    seL4_SetTLSBase((seL4_Word)&tls[0]);
    __asm__ volatile("movq %%fs:0, %0" : "=r"(first));
    seL4_SetTLSBase((seL4_Word)&tls[1]);
    seL4_Yield();
    __asm__ volatile("movq %%fs:0, %0" : "=r"(second));
    REQUIRE(first == 0x715ba5e, "%fs:0 does not read the first TLS block");
    REQUIRE(second == 0x715ba5e2, "a second SetTLSBase did not take, or Yield lost it");
    return 0;
}

/*
 * DebugDumpScheduler and DebugSnapshot print to the console and return;
 * run.py checks what they printed: the root thread, named here, as the
 * running thread and as the thread cap in slot 1 of its root CNode.
 */
static const char *debug_dump_and_snapshot_return(seL4_BootInfo *bi)
{
    (void)bi;
    seL4_DebugNameThread(seL4_CapInitThreadTCB, "suite-root");
    seL4_DebugDumpScheduler();
    seL4_DebugSnapshot();
    seL4_DebugNameThread(seL4_CapInitThreadTCB, "rootserver");
    REQUIRE(seL4_DebugCapIdentify(seL4_CapInitThreadTCB) == 12,
            "DebugCapIdentify does not see a thread cap (12) in seL4_CapInitThreadTCB");
    REQUIRE(seL4_DebugCapIdentify(seL4_CapNull) == 0, "DebugCapIdentify of an empty slot is not 0");
    return 0;
}

const struct kernel_case syscall_cases[] = {
    CASE(yield_returns),
    CASE(debug_put_char_returns),
    CASE(syscall_preserves_registers),
    CASE(syscall_preserves_rbx),
    CASE(set_tls_base),
    CASE(debug_dump_and_snapshot_return),
    END_OF_CASES,
};
