/* SPDX-License-Identifier: BSD-2-Clause */
/* hungry: maps a region larger than the machine's memory, so it must never run. */
#include <kaal/component.h>

void init(void)
{
    kaal_log("FAILED: started although its region could not be made\n");
}
