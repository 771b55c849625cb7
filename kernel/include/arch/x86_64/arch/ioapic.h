/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IOAPICs, which carry device interrupts on pc99.  At boot every pin
 * of every IOAPIC the MADT lists is masked; a pin is routed to a vector
 * only when user level asks for it through IRQControl_GetIOAPIC.  The IRQ
 * object code (arch/x86_64/object/irq.c) decides what to route and mask
 * and calls these; host builds, which have no IOAPIC, link the simulated
 * one in tests/unit/object/sim.c instead of ioapic.c.
 */
#pragma once

#include <arch/acpi.h>

/* Masks every pin of the IOAPICs in info and remembers them; returns how many there are. */
int ioapic_init(const struct acpi_info *info);

/* Returns the number of IOAPICs, or the number of pins of IOAPIC i (0 if there is none). */
int ioapic_count(void);
int ioapic_pins(int i);

/*
 * Routes pin of IOAPIC i to vector on the boot CPU, level or edge
 * triggered, active low or high, and leaves it masked.  Returns false if
 * there is no such IOAPIC or pin.
 */
bool ioapic_route(int i, int pin, uint8_t vector, bool level, bool active_low);

/* Masks or unmasks a routed pin. */
void ioapic_mask(int i, int pin, bool masked);
