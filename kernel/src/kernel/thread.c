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

/*
 * Timer ticks (10 ms each) every thread must have waited before kaal.exit=idle stops the
 * machine.  A device may still be working on its own when the last thread waits for it (QEMU's
 * edu device computes a factorial on a thread of its own and then raises its interrupt), so the
 * first idle moment is not the end of a test: the machine stops only once half a second has
 * passed with nothing to run and no interrupt that woke a thread.
 */
#define EXIT_IDLE_TICKS 50

static NORETURN void idle(void)
{
    static bool said;
    uint64_t since = arch_timer_ticks();

    if (!said) {
        kprintf("[KaaL] no runnable threads: the kernel is idle\n");
        said = true;
    }
    for (;;) {
        if (thread_exit_on_idle && arch_timer_ticks() - since >= EXIT_IDLE_TICKS) {
            kprintf("[KaaL] stopping, as kaal.exit=idle asks\n");
            arch_halt(KAAL_EXIT_OK);
        }
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
