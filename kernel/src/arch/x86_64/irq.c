// SPDX-License-Identifier: BSD-2-Clause
/*
 * Interrupt entry on x86_64 (see <arch/irq.h>).  The kernel runs with
 * interrupts off except in the idle loop, so an interrupt arrives either
 * from user mode (trap_from_user) or while idle (trap_dispatch); both
 * call irq_entry.  A device vector is turned into its IRQ (vector less
 * IRQ_INT_OFFSET) and handled by the object code, which signals and
 * masks; the local APIC gets its EOI afterwards, as seL4's ackInterrupt.
 *
 * While the kernel works with interrupts off, an interrupt that arrives
 * waits in the local APIC's interrupt request register (IRR).  Long
 * operations look there at their preemption points (hooks.c), as seL4's
 * apic_is_interrupt_pending does, over every vector an IRQ can use.
 */
#include <arch/cpu.h>
#include <arch/io.h>
#include <arch/irq.h>
#include <arch/object/irq.h>
#include <arch/vtd.h>
#include <machine.h>
#include <thread.h>

#define MSR_APIC_BASE  0x1b
#define LAPIC_IRR(i)   (0x200 + 0x10 * (i)) /* vectors 32i..32i+31 */
#define IRQ_VECTOR_MIN IRQ_INT_OFFSET
#define IRQ_VECTOR_MAX 159 /* the last vector of the IRR word holding seL4's timer (157) */

bool irq_entry(word_t v)
{
    if (v == VEC_TIMER) {
        timer_tick();
        lapic_eoi();
        thread_timer_tick();
        return true;
    }
    if (v == VEC_SPURIOUS)
        return true; /* the APIC needs no EOI for these */
#ifdef CONFIG_IOMMU
    if (v == VEC_IOMMU) {
        vtd_handle_fault();
        lapic_eoi();
        return true;
    }
#endif
    if (v < IRQ_INT_OFFSET + IRQ_USER_MIN || v > IRQ_INT_OFFSET + IRQ_USER_MAX)
        return false;
    irq_handle(v - IRQ_INT_OFFSET);
    lapic_eoi();
    return true;
}

bool irq_pending(void)
{
    /* The local APIC is where the timer code enabled it; its page is mapped uncached. */
    const volatile uint32_t *lapic = arch_paddr_to_ptr(rdmsr(MSR_APIC_BASE) & ~0xfffull);

    for (word_t v = IRQ_VECTOR_MIN; v <= IRQ_VECTOR_MAX; v += 32)
        if (lapic[LAPIC_IRR(v / 32) / 4])
            return true;
    return false;
}
