/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * other: a second client of the timer driver, on a channel of its own.
 * It runs while check (above it) sleeps, with check's 1 s timeout armed as
 * check's id 0: every cancel it tries is about its own ids, which it does
 * not use, so each gives ENOENT, and check's timeout still fires (check
 * says so).  Its own one-shot gets id 0 as well, in its own space.
 */
#include <kaal/component.h>
#include <kaal/timer.h>
#include <stdio.h>

#define TIMER_CH 0 /* system.yaml: other's channel to hpet */

static int own;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAILED", what);
}

void init(void)
{
    int all = 1;

    for (seL4_Word id = 0; id < KAAL_TIMER_MAX; id++)
        all &= kaal_timer_cancel(TIMER_CH, id) == -KAAL_ENOENT;
    check(all, "no id names another client's timeout: ENOENT for each");
    own = kaal_timer_after_ns(TIMER_CH, 5 * KAAL_TIMER_NS_PER_MS);
    check(own == 0, "its own one-shot is its id 0");
}

void notified(unsigned int ch)
{
    if (ch != TIMER_CH)
        return;
    check(kaal_timer_fired_mask(TIMER_CH) == 1 << own, "its own one-shot fired");
    printf("done\n");
}
