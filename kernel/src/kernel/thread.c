// SPDX-License-Identifier: BSD-2-Clause
/*
 * Leaving the kernel (see thread.h): act on the scheduler's choice and
 * resume that thread, or idle.  Idling waits for interrupts on the kernel
 * stack with interrupts enabled; an interrupt taken while idle is handled
 * by trap_dispatch, which returns here, and a thread it woke runs next.
 */
#include <lib/printf.h>
#include <machine.h>
#include <thread.h>
#include <user.h>

static NORETURN void idle(void)
{
    static bool said;

    if (!said) {
        kprintf("[KaaL] no runnable threads: the kernel is idle\n");
        said = true;
    }
    if (thread_exit_on_idle) {
        kprintf("[KaaL] stopping, as kaal.exit=idle asks\n");
        arch_halt(KAAL_EXIT_OK);
    }
    for (;;) {
        arch_wait_for_interrupt();
        struct tcb *t = thread_choose();
        if (t) {
            said = false;
            arch_thread_resume(t);
        }
    }
}

void thread_schedule(void)
{
    struct tcb *t = thread_choose();

    if (t)
        arch_thread_resume(t);
    idle();
}
