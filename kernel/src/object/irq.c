// SPDX-License-Identifier: BSD-2-Clause
/*
 * Interrupt lines as caps see them: a table saying which IRQs have a
 * handler cap and which notification each one signals.  Issuing handler
 * caps and delivering interrupts are the IRQ issue's; this file holds the
 * state that deleting the last handler cap of a line must clear.
 */
#include <object/irq.h>
#include <panic.h>

static struct {
    bool active;
    paddr_t notification; /* signalled when the IRQ fires; 0 for none */
} irq_table[IRQ_COUNT];

void irq_init(void)
{
    for (word_t i = 0; i < IRQ_COUNT; i++)
        irq_table[i].active = false, irq_table[i].notification = 0;
}

bool irq_is_active(word_t irq)
{
    return irq < IRQ_COUNT && irq_table[irq].active;
}

void irq_set_active(word_t irq)
{
    kassert(irq < IRQ_COUNT);
    irq_table[irq].active = true;
}

void irq_deleting_handler(word_t irq)
{
    kassert(irq < IRQ_COUNT);
    irq_table[irq].notification = 0;
}

void irq_deleted_handler(word_t irq)
{
    kassert(irq < IRQ_COUNT);
    irq_table[irq].active = false;
}
