/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The running thread and the choice of what runs next.  Only the root
 * server's thread exists until TCB objects arrive, so scheduling is: run it
 * while it is runnable, else idle.  Priorities, round-robin and timeslices
 * come with TCBs.
 */
#pragma once

#include <user.h>

/* When set, the kernel stops the machine (exit code 0) once nothing can run. */
extern bool thread_exit_on_idle;

/* Returns the thread that was running when the kernel was entered. */
struct user_thread *thread_current(void);

/* Makes t the running thread. */
void thread_set_current(struct user_thread *t);

/* Resumes the running thread if it may run, else idles; does not return. */
NORETURN void thread_schedule(void);

/* Enables interrupts, waits for one, and disables them again. */
void arch_wait_for_interrupt(void);
