/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Which thread runs (see thread.h).  The kernel is not preemptible: it
 * runs with interrupts off and leaves through thread_schedule, which either
 * resumes a thread or idles.  Idling waits for interrupts on the kernel
 * stack; an interrupt taken while idle returns to the idle loop.
 */
#include <machine.h>
#include <lib/printf.h>
#include <thread.h>

bool thread_exit_on_idle;
static struct user_thread *current;

struct user_thread *thread_current(void)
{
    return current;
}

void thread_set_current(struct user_thread *t)
{
    current = t;
}

static NORETURN void idle(void)
{
    kprintf("[KaaL] no runnable threads: the kernel is idle\n");
    if (thread_exit_on_idle) {
        kprintf("[KaaL] stopping, as kaal.exit=idle asks\n");
        arch_halt(KAAL_EXIT_OK);
    }
    for (;;)
        arch_wait_for_interrupt();
}

void thread_schedule(void)
{
    if (current && current->runnable)
        arch_thread_resume(current);
    idle();
}
