/* SPDX-License-Identifier: BSD-2-Clause */
/* Reboot and ACPI poweroff (power.c), for a component granted `power: true`. */
#pragma once

#include "root.h"

/* The ACPI RSDP from the extra boot info (36 bytes), or 0 if the kernel passed none. */
extern const unsigned char *root_rsdp;

/* Resets the machine (KAAL_POWER_REBOOT) or enters ACPI S5 (KAAL_POWER_OFF).  Returns only if it
 * could not: a negative errno, the reason logged with c's name. */
int power_request(const struct comp *c, seL4_Word op);
