/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Faults of user threads, with seL4's fault types and numbers.  A fault
 * goes to the thread's fault endpoint as a fault message; a thread without
 * one is suspended and the kernel reports its name, the fault and the
 * address.  Fault endpoints arrive with TCB objects; until then every
 * thread is in the second case.
 */
#pragma once

#include <user.h>

enum fault_type {
    FAULT_NULL = 0,
    FAULT_CAP = 1,
    FAULT_UNKNOWN_SYSCALL = 2,
    FAULT_USER_EXCEPTION = 3,
    FAULT_VM = 5,
};

struct fault {
    enum fault_type type;
    word_t ip;
    word_t addr;   /* VMFault: the faulting address */
    word_t code;   /* VMFault: FSR; UserException: the error code */
    word_t number; /* UserException: the exception; UnknownSyscall: the call */
    bool prefetch; /* VMFault: an instruction fetch */
};

/* Delivers f for thread t; with no fault handler, reports it and suspends t. */
void fault_raise(struct user_thread *t, const struct fault *f);

/* Arch hooks naming what a fault was, for the report. */
const char *arch_user_exception_name(word_t number);
const char *arch_vm_fault_kind(word_t fsr);
