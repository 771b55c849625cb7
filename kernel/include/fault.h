/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Faults of user threads, with seL4's fault types and numbers.  A fault
 * goes to the thread's fault endpoint as a fault message and the thread
 * waits for the handler's reply; a thread without a usable fault endpoint
 * is suspended and the kernel reports its name, the fault and the address.
 */
#pragma once

#include <object/status.h>
#include <types.h>

struct tcb;

enum fault_type {
    FAULT_NULL = 0,
    FAULT_CAP = 1,
    FAULT_UNKNOWN_SYSCALL = 2,
    FAULT_USER_EXCEPTION = 3,
    FAULT_DEBUG = 4, /* only with CONFIG_HARDWARE_DEBUG_API (object/tcbdebug.h) */
    FAULT_VM = 5,
};

/* A DebugException keeps its reason (a seL4_BreakpointType) in code, and a breakpoint's address
 * and number in addr and number. */
struct fault {
    word_t type; /* enum fault_type */
    word_t ip;
    word_t addr;                /* VMFault: the faulting address; CapFault: the cptr */
    word_t code;                /* VMFault: FSR; UserException: the error code */
    word_t number;              /* UserException: the exception; UnknownSyscall: the call */
    bool prefetch;              /* VMFault: an instruction fetch */
    bool in_receive_phase;      /* CapFault: the cap was a receive cap */
    struct lookup_fault lookup; /* CapFault: why the lookup failed */
};

/* Delivers f for thread t; with no fault handler, reports it and suspends t. */
void fault_raise(struct tcb *t, const struct fault *f);

/* Arch hooks naming what a fault was, for the report. */
const char *arch_user_exception_name(word_t number);
const char *arch_vm_fault_kind(word_t fsr);
