/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * x86_64 CPU set-up private to the arch layer: descriptor tables, traps,
 * the interrupt controllers and the timer.
 */
#pragma once

#include <types.h>

/* Segment selectors, laid out so that sysret finds user SS and CS after STAR's base. */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UDATA (0x18 | 3)
#define SEL_UCODE (0x20 | 3)
#define SEL_TSS   0x28

/* Interrupt vectors the kernel uses. */
#define VEC_TIMER    32
#define VEC_SPURIOUS 0xff

/* The registers a trap stub saves, lowest address first (see traps.S). */
struct trapframe {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

/* Loads the kernel's GDT with a TSS whose IST stacks catch #DF, NMI and #MC. */
void gdt_init(void);
/* Sets the stack the CPU switches to on a trap from user mode. */
void tss_set_rsp0(uint64_t rsp0);
/* Installs the 256 trap gates of traps.S. */
void idt_init(void);
/* Called from traps.S for every exception and interrupt. */
void trap_dispatch(struct trapframe *tf);
/* Removes the boot identity map and marks the local APIC and IOAPIC pages uncached. */
void paging_init(void);

/* Marks the physical window's 2 MiB page that holds pa as uncached (for device registers). */
void window_uncached(paddr_t pa);

/* Masks the legacy 8259 PICs; the kernel uses the local APIC. */
void pic_disable(void);
/* Calibrates and starts the local APIC timer at hz; returns counts per tick. */
uint32_t lapic_timer_init(unsigned hz);
/* Acknowledges the interrupt being served at the local APIC. */
void lapic_eoi(void);
/* TSC frequency in MHz, measured against the PIT during timer calibration. */
uint32_t tsc_mhz(void);
/* Timer interrupts seen since the timer started. */
uint64_t timer_ticks(void);
void timer_tick(void);

/* Returns "#PF (page fault)" and the like for exception vector v, or NULL. */
const char *exception_name(uint64_t v);
/* Entry points for traps and system calls from user mode (traps.S calls them). */
NORETURN void trap_from_user(struct trapframe *tf);
NORETURN void syscall_from_user(struct trapframe *tf);
/* Loads tf's registers and returns to user mode (traps.S). */
NORETURN void restore_user_context(struct trapframe *tf);
/* Starts the entry path that syscall_from_user sits behind. */
void syscall_init(void);

/* Raises the CPU exception named by s (de, ud, pf, gp, bp) in the kernel, for boot self tests. */
bool selftest_fault(const char *s);

/* 16550 UART on COM1: the kernel's early console. */
void serial_init(void);
