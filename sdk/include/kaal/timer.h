/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Time for components: the timer protocol's limits and small helpers over
 * its generated stubs (<kaal/proto/timer.h>, from sdk/interface/timer.proto;
 * docs/class-timer.md).  A component reaches the timer driver through a
 * channel with `pp:` towards the driver in its system description; ch
 * below is that channel's id on the component's side.  The driver signals
 * the same channel when one of the component's timeouts fires.
 *
 *   int64_t t = kaal_timer_now_ns(TIMER_CH);          the time, or -errno
 *   kaal_timer_sleep_ms(TIMER_CH, 20);                blocks 20 ms
 *   int id = kaal_timer_every_ns(TIMER_CH, KAAL_TIMER_NS_PER_S);
 *   ... notified(TIMER_CH) once a second; kaal_timer_fired_mask() says which
 *
 * Every helper is a protected call (kaal_ppcall), so each may be used in
 * any context; the sleeps block the whole component for their length
 * (docs/component-api.md says what that means for its events).  Errors are
 * negative errno values (<kaal/error.h>); on a channel this component may
 * not call, the runtime refuses the call itself: -KAAL_EBADF.
 */
#pragma once

#include <kaal/component.h>
#include <kaal/error.h>
#include <kaal/proto/timer.h>
#include <stdint.h>

#define KAAL_TIMER_MAX           8            /* timeouts one client may have armed at once */
#define KAAL_TIMER_MIN_PERIOD_NS 100000ull    /* 100 us: a periodic timeout's shortest period */
#define KAAL_TIMER_MAX_NS        (1ull << 62) /* the longest timeout or sleep, about 146 years */

#define KAAL_TIMER_NS_PER_US 1000ull
#define KAAL_TIMER_NS_PER_MS 1000000ull
#define KAAL_TIMER_NS_PER_S  1000000000ull

/* Nanoseconds since the timer driver started, or a negative errno.  Any context. */
static inline int64_t kaal_timer_now_ns(unsigned int ch)
{
    struct kaal_timer_now_out out;
    int err = kaal_timer_now(ch, &out);

    return err ? err : (int64_t)out.ns;
}

/* Blocks for ns nanoseconds; returns the time on waking, or a negative errno (at once).  Any
 * context; the component handles no event until it returns. */
static inline int64_t kaal_timer_sleep_ns(unsigned int ch, uint64_t ns)
{
    struct kaal_timer_sleep_out out;
    int err = kaal_timer_sleep(ch, ns, &out);

    return err ? err : (int64_t)out.now;
}

/* kaal_timer_sleep_ns for us microseconds.  Any context. */
static inline int64_t kaal_timer_sleep_us(unsigned int ch, uint64_t us)
{
    return us > KAAL_TIMER_MAX_NS / KAAL_TIMER_NS_PER_US
               ? -KAAL_EINVAL
               : kaal_timer_sleep_ns(ch, us * KAAL_TIMER_NS_PER_US);
}

/* kaal_timer_sleep_ns for ms milliseconds.  Any context. */
static inline int64_t kaal_timer_sleep_ms(unsigned int ch, uint64_t ms)
{
    return ms > KAAL_TIMER_MAX_NS / KAAL_TIMER_NS_PER_MS
               ? -KAAL_EINVAL
               : kaal_timer_sleep_ns(ch, ms * KAAL_TIMER_NS_PER_MS);
}

/* A one-shot timeout in ns nanoseconds, signalled on ch: its id (0 to KAAL_TIMER_MAX - 1), or a
 * negative errno.  Any context. */
static inline int kaal_timer_after_ns(unsigned int ch, uint64_t ns)
{
    struct kaal_timer_oneshot_out out;
    int err = kaal_timer_oneshot(ch, ns, &out);

    return err ? err : (int)out.id;
}

/* A periodic timeout every period nanoseconds, signalled on ch: its id, or a negative errno.
 * Any context. */
static inline int kaal_timer_every_ns(unsigned int ch, uint64_t period)
{
    struct kaal_timer_periodic_out out;
    int err = kaal_timer_periodic(ch, period, &out);

    return err ? err : (int)out.id;
}

/* Which of this component's timeouts fired since it last asked, bit id each (the bits are
 * cleared), or a negative errno.  Any context, normally notified(ch). */
static inline int kaal_timer_fired_mask(unsigned int ch)
{
    struct kaal_timer_fired_out out;
    int err = kaal_timer_fired(ch, &out);

    return err ? err : (int)out.mask;
}
