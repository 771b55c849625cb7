/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * quitter: ends itself with the C library's exit(3) (tests/shell/shell.py).
 * The root server must stop it and say so by name, and the shell's ps must
 * show it exited with status 3 while the rest goes on.
 */
#include <kaal/component.h>
#include <stdlib.h>

void init(void)
{
    kaal_log("exiting with status 3\n");
    exit(3);
}
