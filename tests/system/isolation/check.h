/* SPDX-License-Identifier: BSD-2-Clause */
/* The isolation components' one-line checks: "[name] ok: what" or "[name] FAILED: what". */
#pragma once

#include <kaal/component.h>
#include <kaal/debug.h>
#include <sel4/arch/syscalls.h>

static inline int check(int ok, const char *what)
{
    kaal_log(ok ? "ok: " : "FAILED: ");
    kaal_debug_puts(what);
    seL4_DebugPutChar('\n');
    return ok;
}

#define SECRET_VADDR 0x30000000ul /* victim's private region */
#define SECRET_MAGIC 0x5ec7e7ul
#define LABEL_PEEK   1 /* victim replies (the channel it saw, the secret word) */
