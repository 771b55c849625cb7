/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Trap dispatch for traps taken in the kernel.  The kernel runs with
 * interrupts off except in the idle loop, so an interrupt here arrived
 * while idle and goes to irq_entry (<arch/irq.h>), as one from user mode
 * does; a CPU exception taken in the kernel is a kernel bug, so it ends in
 * a register dump and a panic that names the exception, except for a
 * user's #DB the CPU delivers in the kernel, which the hardware debug API
 * drops (arch/breakpoint.h).  (Exceptions from user level are fault
 * messages: user.c.)
 */
#include <arch/breakpoint.h>
#include <arch/cpu.h>
#include <arch/io.h>
#include <arch/irq.h>
#include <kaal/exception.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <panic.h>

const char *exception_name(uint64_t v)
{
    return kaal_exception_name(v);
}

static void dump_registers(const struct trapframe *tf)
{
    kprintf_always("  rip %016lx  rsp %016lx  rflags %016lx\n", tf->rip, tf->rsp, tf->rflags);
    kprintf_always("  rax %016lx  rbx %016lx  rcx %016lx\n", tf->rax, tf->rbx, tf->rcx);
    kprintf_always("  rdx %016lx  rsi %016lx  rdi %016lx\n", tf->rdx, tf->rsi, tf->rdi);
    kprintf_always("  rbp %016lx  r8  %016lx  r9  %016lx\n", tf->rbp, tf->r8, tf->r9);
    kprintf_always("  r10 %016lx  r11 %016lx  r12 %016lx\n", tf->r10, tf->r11, tf->r12);
    kprintf_always("  r13 %016lx  r14 %016lx  r15 %016lx\n", tf->r13, tf->r14, tf->r15);
    kprintf_always("  cs %04lx  ss %04lx  cr0 %08lx  cr3 %08lx  cr4 %08lx\n", tf->cs, tf->ss,
                   read_cr0(), read_cr3(), read_cr4());
}

static NORETURN void kernel_exception(const struct trapframe *tf)
{
    const char *name = exception_name(tf->vector);

    kprintf_always("[KaaL] CPU exception %lu %s in the kernel, error code %#lx\n", tf->vector,
                   name ? name : "(reserved)", tf->error);
    if (tf->vector == 14) {
        kprintf_always("  fault address (cr2) %#lx: %s, %s, %s\n", read_cr2(),
                       tf->error & 1 ? "protection violation" : "page not present",
                       tf->error & 2 ? "write" : "read",
                       tf->error & 16 ? "instruction fetch" : "data");
    }
    dump_registers(tf);
    panic("CPU exception %s at rip %#lx", name ? name : "(reserved)", tf->rip);
}

void trap_dispatch(struct trapframe *tf)
{
    if (tf->vector < 32 && !arch_debug_kernel_exception(tf->vector))
        kernel_exception(tf);
    if (irq_entry(tf->vector))
        return;
    kprintf("[KaaL] warning: unexpected interrupt vector %lu ignored\n", tf->vector);
    lapic_eoi();
}

#ifdef CONFIG_DEBUG
bool selftest_fault(const char *s)
{
    kprintf("[KaaL] self test: raising CPU exception '%s' in the kernel\n", s);
    if (!strncmp(s, "de", 3))
        __asm__ volatile("xorl %%ecx, %%ecx\n\tdivl %%ecx" ::: "eax", "ecx", "edx");
    else if (!strncmp(s, "ud", 3))
        __asm__ volatile("ud2");
    else if (!strncmp(s, "pf", 3))
        *(volatile uint64_t *)0xdeadb000ul = 1;
    else if (!strncmp(s, "gp", 3))
        *(volatile uint64_t *)0x8000000000000000ul = 1;
    else if (!strncmp(s, "bp", 3))
        __asm__ volatile("int3");
    return false; /* unknown name (or the exception returned, which it must not) */
}
#else
bool selftest_fault(const char *s)
{
    kprintf("[KaaL] self test '%s' ignored: this is a release build\n", s);
    return false;
}
#endif
