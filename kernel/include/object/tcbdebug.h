/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * seL4's hardware debug API (CONFIG_HARDWARE_DEBUG_API, make
 * HARDWARE_DEBUG_API=1): the TCB's SetBreakpoint, GetBreakpoint,
 * UnsetBreakpoint and ConfigureSingleStepping invocations and the
 * DebugException fault.  The generic half (object/tcbdebug.c) decodes the
 * invocations and writes and reads the fault's messages, as seL4's tcb.c and
 * faults.c do; the arch half (arch/<arch>/breakpoint.c) checks what depends
 * on the debug registers, keeps each thread's, and turns the CPU's debug
 * exceptions into the fault.
 */
#pragma once

#include <fault.h>
#include <object/invocation.h>
#include <object/status.h>
#include <object/tcb.h>

/* One breakpoint, as GetBreakpoint reports it (seL4_BreakpointType and seL4_BreakpointAccess). */
struct breakpoint {
    word_t vaddr, type, size, rw;
    bool enabled;
};

/* Decodes and performs one of the four invocations on thread t. */
status_t tcb_debug_invocation(struct tcb *t, const struct invocation *inv,
                              struct syscall_error *err);

/* Writes DebugException f's words into receiver's message registers; returns how many. */
word_t debug_fault_mrs(const struct fault *f, struct tcb *receiver, word_t *rbuf);

/* Applies a reply (label, length, first word) to receiver's DebugException; true: run it again. */
bool debug_fault_reply(struct tcb *receiver, word_t label, word_t length, word_t mr0);

/* The arch's checks of SetBreakpoint's bp_num and size, and of bp_num alone, after seL4's own. */
status_t arch_debug_check_set(word_t bp, word_t size, struct syscall_error *err);
status_t arch_debug_check_bp(word_t bp, struct syscall_error *err);

/* Breakpoint bp of t, checked: set (replacing what it was), read, cleared and disabled. */
void arch_debug_set(struct tcb *t, word_t bp, word_t vaddr, word_t type, word_t size, word_t rw);
struct breakpoint arch_debug_get(const struct tcb *t, word_t bp);
void arch_debug_unset(struct tcb *t, word_t bp);

/* Single-steps t, faulting after n instructions (0: stop stepping); true if a breakpoint
 * register was taken for it (bp_was_consumed). */
bool arch_debug_single_step(struct tcb *t, word_t n);
