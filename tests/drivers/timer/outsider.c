/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * outsider: a component whose only channel to the timer driver carries
 * notifications (no pp: in system.yaml).  Least privilege: it cannot make
 * a single call to the driver: its own runtime has no endpoint cap for
 * that channel and refuses the call with EBADF, so the driver never sees a
 * request (it logs none), and the same holds for a channel id it lacks.
 */
#include <kaal/component.h>
#include <kaal/timer.h>
#include <stdio.h>

#define TIMER_CH 0 /* system.yaml: a channel to hpet without pp: */
#define NO_CH    7 /* no channel at all */

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAILED", what);
}

void init(void)
{
    struct kaal_timer_now_out now;

    check(kaal_timer_now_ns(TIMER_CH) == -KAAL_EBADF &&
              kaal_timer_sleep_ms(TIMER_CH, 1) == -KAAL_EBADF &&
              kaal_timer_now(TIMER_CH, &now) == -KAAL_EBADF,
          "a channel without pp: reaches no timer op: EBADF from its own runtime");
    check(kaal_timer_after_ns(NO_CH, 1) == -KAAL_EBADF, "nor does a channel id it does not have");
    printf("done\n");
}
