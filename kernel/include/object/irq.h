/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Interrupts as caps see them (seL4 src/object/interrupt.c): which IRQs
 * have a handler cap, the notification each one signals, and the
 * invocations of IRQControl and IRQHandler caps.
 *
 * As in seL4 each IRQ has a slot of its own in the kernel's IRQ node, and
 * SetNotification puts a copy of the notification cap there, a member of
 * the derivation tree like any other copy: revoking or deleting the
 * notification's caps removes it, and deleting it may finalise the
 * notification.  An IRQ is active (seL4 IRQSignal) from the moment a
 * handler cap is issued until the last handler cap is deleted; an
 * interrupt of an active IRQ signals the notification in its slot, if
 * any, and masks the line until the handler cap is acknowledged.
 *
 * The hardware is the arch's: which IRQ numbers exist and how a line is
 * routed and masked (the arch_irq_ hooks below).
 */
#pragma once

#include <object/cte.h>
#include <object/status.h>

struct invocation;

#define IRQ_COUNT 256

/* Marks every IRQ inactive with an empty slot, in the kernel's own IRQ node (boot state). */
void irq_init(void);

/*
 * Makes the IRQ_COUNT slots at node the IRQ node (host tests: the kernel's
 * own node lies outside their simulated memory).  Every IRQ must be
 * inactive with an empty slot.
 */
void irq_set_node(cte_t *node);

/* The IRQ node slot of irq (where its notification cap is kept). */
cte_t *irq_node_slot(word_t irq);

/* True if an IRQHandler cap to irq exists (seL4 isIRQActive). */
bool irq_is_active(word_t irq);

/* Records that a handler cap to irq exists and unmasks its line (seL4 setIRQState(IRQSignal)). */
void irq_set_active(word_t irq);

/* Decodes and performs an IRQControl invocation (slot holds the IRQControl cap). */
status_t irq_control_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err);

/* Makes irq active and puts a handler cap to it, below control, in empty dest (invokeIRQControl).
 */
void irq_control_issue(word_t irq, cte_t *control, cte_t *dest);

/* Decodes and performs Ack, SetNotification or Clear on the IRQHandler cap in slot. */
status_t irq_handler_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err);

/*
 * An interrupt of irq arrived (seL4 handleInterrupt without the final
 * acknowledgement, which the arch gives): an active IRQ signals its
 * notification with the cap's badge and is masked until Ack; an inactive
 * one is masked.
 */
void irq_handle(word_t irq);

/* Empties irq's IRQ node slot before its last handler cap is emptied (seL4 deletingIRQHandler). */
void irq_deleting_handler(word_t irq);

/* Marks irq inactive and masks it once its last handler cap's slot is empty. */
void irq_deleted_handler(word_t irq);

/*
 * Arch hooks.  arch_irq_init forgets every IRQ's routing (irq_init calls
 * it).  arch_irq_check returns NoError only for an IRQ number below
 * IRQ_COUNT that IRQControl_Get may issue, and otherwise records the error
 * (seL4 Arch_checkIRQ).  arch_irq_control_decode decodes and performs the
 * arch's own IRQControl labels.  arch_irq_mask masks or unmasks irq's line
 * (seL4 maskInterrupt); lines the arch does not know are ignored.
 */
void arch_irq_init(void);
status_t arch_irq_check(word_t irq, struct syscall_error *err);
status_t arch_irq_control_decode(cte_t *slot, const struct invocation *inv,
                                 struct syscall_error *err);
void arch_irq_mask(word_t irq, bool masked);
