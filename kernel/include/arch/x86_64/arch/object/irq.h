/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * x86_64 (pc99) IRQs as seL4 13.0.0 numbers them, and the IRQControl
 * invocations that issue them: GetIOAPIC and GetMSI.
 *
 * An IRQ is an interrupt vector less IRQ_INT_OFFSET.  IRQs 0-15 are the
 * ISA range, which belongs to the legacy PICs (masked: KaaL, like seL4
 * built for the IOAPIC, issues none of them, so IRQControl_Get always
 * answers IllegalOperation).  IRQs 16-123 (vectors 48-155) are the user
 * range: GetIOAPIC and GetMSI take an index 0-107 into it, route an
 * IOAPIC pin to its vector or record an MSI, and issue the handler cap.
 * The kernel's tick uses vector VEC_TIMER (<arch/cpu.h>), outside it.
 *
 * This file's code is portable (host tests run it); it drives the IOAPIC
 * through the driver's functions of <arch/ioapic.h>.
 */
#pragma once

#include <object/irq.h>

#define IRQ_INT_OFFSET   0x20
#define IRQ_ISA_MIN      0
#define IRQ_ISA_MAX      15
#define IRQ_USER_MIN     16
#define IRQ_USER_MAX     123
#define IOAPIC_IRQ_LINES 24 /* pins per IOAPIC that seL4 lets user level route */
#define PCI_BUS_MAX      255
#define PCI_DEV_MAX      31
#define PCI_FUNC_MAX     7

/* How an IRQ of the user range reaches the CPU (seL4 x86_irq_state). */
enum x86_irq_type { X86_IRQ_FREE = 0, X86_IRQ_IOAPIC, X86_IRQ_MSI };

struct x86_irq {
    enum x86_irq_type type;
    bool masked;                               /* IOAPIC: the pin is masked */
    word_t ioapic, pin;                        /* IOAPIC */
    bool level, active_low;                    /* IOAPIC */
    word_t pci_bus, pci_dev, pci_func, handle; /* MSI */
};

/* The routing recorded for irq (type X86_IRQ_FREE for IRQs never issued). */
const struct x86_irq *x86_irq_state(word_t irq);
