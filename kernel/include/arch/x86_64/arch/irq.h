/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where interrupts enter the kernel on x86_64: one entry for both trap
 * paths (from user mode, and while idle), and the test a preemption point
 * makes for a pending interrupt.  Kernel only; the IRQ numbering and the
 * caps are in <arch/object/irq.h>.
 */
#pragma once

#include <types.h>

/*
 * Handles interrupt vector v (32-255): the kernel's tick, a device IRQ of
 * the user range (seL4 handleInterrupt: signal, mask, EOI) or a spurious
 * interrupt.  Returns false, having done nothing, for any other vector.
 */
bool irq_entry(word_t v);

/* True if the local APIC holds an interrupt that is waiting for the CPU (seL4 isIRQPending). */
bool irq_pending(void);
