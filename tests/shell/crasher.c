/* SPDX-License-Identifier: BSD-2-Clause */
/* crasher: reads an address nothing is mapped at, so the root server stops it with a VMFault
 * and the shell's ps shows it stopped (tests/shell/shell.py). */
#include <kaal/component.h>

#define NOWHERE 0x30000000ul /* nothing in tests/shell/system.yaml maps it for crasher */

void init(void)
{
    kaal_log("reading an address nothing is mapped at\n");
    (void)*(volatile unsigned long *)NOWHERE;
    kaal_log("FAILED: the read did not fault\n");
}
