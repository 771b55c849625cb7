/* SPDX-License-Identifier: BSD-2-Clause */
/* hog: maps a region larger than the machine, so the root server leaves it out and the shell's
 * ps shows it not loaded (tests/shell/shell.py).  Its code never runs. */
#include <kaal/component.h>

void init(void)
{
    kaal_log("FAILED: hog runs, though its region cannot fit the machine\n");
}
