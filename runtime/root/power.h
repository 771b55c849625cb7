/* SPDX-License-Identifier: BSD-2-Clause */
/* Reboot and ACPI poweroff (power.c), for a component granted `power: true`. */
#pragma once

#include "root.h"

/* Resets the machine (KAAL_POWER_REBOOT) or enters ACPI S5 (KAAL_POWER_OFF).  Returns only if it
 * could not: a negative errno, the reason logged with c's name. */
int power_request(const struct comp *c, seL4_Word op);
