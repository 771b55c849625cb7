/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Threads and who runs: seL4's scheduler, non-MCS.
 *
 * The running thread (thread_current) is never in a ready queue; every
 * other runnable thread is, at its priority.  The kernel is not
 * preemptible: it runs with interrupts off, records what should run next
 * in the scheduler action, and acts on it once on the way out
 * (thread_choose):
 *
 *  - RESUME_CURRENT: the running thread goes on;
 *  - SWITCH_TO a candidate: a thread just woken by IPC or a signal, run at
 *    once if nothing ready outranks it (seL4 possibleSwitchTo);
 *  - CHOOSE_NEW: the highest-priority ready thread, the running one put
 *    back at the head of its queue if it can still run.
 *
 * Round robin: when a thread's timeslice runs out, or it yields, it goes
 * to the tail of its queue.  No thread ready means the idle loop, which is
 * the current "thread" NULL.
 *
 * This file's functions are portable and run in host tests; entering and
 * leaving user mode is the arch's (arch_thread_resume).
 */
#pragma once

#include <object/tcb.h>

/* Timer ticks a thread runs before others of its priority get a turn (seL4 default 5). */
#define THREAD_TIME_SLICE 5

/* Highest priority and MCP a thread can have. */
#define THREAD_MAX_PRIO (SCHED_PRIORITIES - 1)

/* When set, the kernel stops the machine (exit code 0) once nothing can run. */
extern bool thread_exit_on_idle;

/* Resets the scheduler: no threads, nothing running (boot and host tests). */
void thread_init(void);

/* The thread that entered the kernel, or NULL when the kernel was idle. */
struct tcb *thread_current(void);

/* Makes t the running thread (boot: the root server). */
void thread_set_current(struct tcb *t);

/* True for the states in which a thread may run (Running, Restart). */
bool thread_is_runnable(const struct tcb *t);

/* Sets t's state, leaving or joining the ready queues as the state says (seL4 setThreadState). */
void thread_set_state(struct tcb *t, word_t state);

/* Puts a runnable t in the ready queues, at the head or the tail of its priority. */
void thread_enqueue(struct tcb *t);
void thread_append(struct tcb *t);

/* Takes t out of the ready queues. */
void thread_dequeue(struct tcb *t);

/* Asks for a new choice of thread on the way out of the kernel (seL4 rescheduleRequired). */
void thread_reschedule(void);

/* t has just become runnable: run it next if nothing outranks it (seL4 possibleSwitchTo). */
void thread_possible_switch_to(struct tcb *t);

/* Sets t's priority, moving it in the ready queues and rescheduling as needed. */
void thread_set_priority(struct tcb *t, word_t prio);

/* Calls fn(t, ctx) for every ready thread, highest priority first, in queue order. */
void thread_for_each_ready(void (*fn)(struct tcb *t, void *ctx), void *ctx);

/* True if a ready thread has a priority above prio (the fast path's isHighestPrio test). */
bool thread_ready_above(word_t prio);

/* The running thread gives up the rest of its turn (Yield). */
void thread_yield(void);

/* One timer tick passed while t ran: ends its timeslice when used up. */
void thread_timer_tick(void);

/* Forgets everything the scheduler knows of t, which is about to be deleted. */
void thread_forget(struct tcb *t);

/*
 * Acts on the scheduler action: returns the thread to run (now current) or
 * NULL for idle.  A thread in state Restart is set Running at its restart
 * point (seL4 activateThread).
 */
struct tcb *thread_choose(void);

/* The thread whose FPU state and TLS bases are live in the CPU (arch bookkeeping). */
extern struct tcb *thread_cpu_state_owner;

/* Chooses and resumes a thread, or idles; does not return (kernel only). */
NORETURN void thread_schedule(void);

/* Enables interrupts, waits for one, and disables them again. */
void arch_wait_for_interrupt(void);

/* Sets t's registers so that it resumes at its restart point (the system call again). */
void arch_thread_restart_point(struct tcb *t);
