/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Interrupt lines as caps see them: which IRQs have a handler cap, and the
 * notification each is delivered to.  Issuing handlers and delivering
 * interrupts come with the IRQ work (a later issue); deleting the last
 * handler cap of an IRQ is here because cap deletion needs it.
 */
#pragma once

#include <types.h>

#define IRQ_COUNT 256

/* Marks every IRQ free (boot state). */
void irq_init(void);

/* True if an IRQHandler cap to irq exists. */
bool irq_is_active(word_t irq);

/* Records that a handler cap to irq now exists. */
void irq_set_active(word_t irq);

/* Disconnects irq from its notification before its last handler cap is emptied. */
void irq_deleting_handler(word_t irq);

/* Marks irq free once its last handler cap's slot is empty. */
void irq_deleted_handler(word_t irq);
