/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tick: prints the time once a second.  init() asks the timer driver for a
 * periodic timeout of one second; the driver signals channel TIMER_CH at
 * each, and notified() asks which timeouts fired and prints the time it was
 * told with the answer.  Nothing here waits: the component returns to its
 * event loop between ticks, as every handler must (README.md).
 */
#include <kaal/component.h>
#include <kaal/timer.h>
#include <stdio.h>

#define TIMER_CH 0 /* system.yaml: tick's channel to the timer driver, pp: a */

static unsigned long ticks;

/* Prints "<what> S.NNNNNNNNN s": seconds with every nanosecond. */
static void say_time(const char *what, uint64_t ns)
{
    printf("%s %llu.%09llu s\n", what, (unsigned long long)(ns / KAAL_TIMER_NS_PER_S),
           (unsigned long long)(ns % KAAL_TIMER_NS_PER_S));
}

void init(void)
{
    int64_t now = kaal_timer_now_ns(TIMER_CH);
    int id;

    if (now < 0) {
        printf("the timer did not answer: %s\n", kaal_errname(now));
        return;
    }
    say_time("the time is", (uint64_t)now);
    id = kaal_timer_every_ns(TIMER_CH, KAAL_TIMER_NS_PER_S);
    if (id < 0)
        printf("no periodic timeout: %s\n", kaal_errname(id));
}

void notified(unsigned int ch)
{
    struct kaal_timer_fired_out fired;
    char what[32];

    if (ch != TIMER_CH || kaal_timer_fired(TIMER_CH, &fired) != 0 || !fired.mask)
        return;
    ticks++;
    snprintf(what, sizeof(what), "tick %lu at", ticks);
    say_time(what, fired.now);
    if (fired.missed)
        printf("late: %llu seconds went by without a line\n", (unsigned long long)fired.missed);
}
