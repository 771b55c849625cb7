/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A thread's debug registers, for seL4's hardware debug API
 * (CONFIG_HARDWARE_DEBUG_API; arch/x86_64/breakpoint.c has the design):
 * the addresses of its four breakpoints (DR0-DR3) and their DR7 enables,
 * kinds and lengths, and single-stepping, which is RFLAGS.TF with a count
 * of steps to let pass before the fault.  active says in one byte whether
 * the thread uses any of it, so that the switch to a thread that does not
 * looks at nothing else.
 */
#pragma once

#include <types.h>

/* DR0-DR3; and the bit of active above theirs that says the thread is being single-stepped. */
#define ARCH_DEBUG_BREAKPOINTS 4
#define ARCH_DEBUG_STEPPING    (1u << ARCH_DEBUG_BREAKPOINTS)

struct arch_debug {
    word_t dr[ARCH_DEBUG_BREAKPOINTS]; /* the breakpoints' addresses */
    word_t dr7;                        /* their L enables and R/W and LEN fields */
    word_t steps;                      /* single steps left before the fault (0: the next) */
    uint8_t active;                    /* bit n: breakpoint n is enabled; ARCH_DEBUG_STEPPING */
};
