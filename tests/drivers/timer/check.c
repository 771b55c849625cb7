/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check: the timer protocol from a client's side (tests/drivers/timer.py
 * expects its lines in order).  init() tries the time, every error reply
 * the spec names, a word short for every op, the per-client limit and a
 * sleep; then the event-driven part: a one-shot beside a cancelled one, a
 * periodic timeout five times and its cancel, and last the long timeout
 * armed first, which the other client's cancels must not have touched.
 * Under -icount shift=0 a timeout reaches the client a few microseconds
 * after its deadline, so the checks allow 1 ms.
 */
#include <kaal/component.h>
#include <kaal/timer.h>
#include <sel4/arch/syscalls.h>
#include <stdio.h>

#define TIMER_CH  0 /* system.yaml: check's channel to hpet */
#define MS        KAAL_TIMER_NS_PER_MS
#define SLACK     MS /* how late a timeout may reach us */
#define GUARD_NS  (1000 * MS)
#define ONESHOT   (50 * MS)
#define CANCELLED (30 * MS)
#define PERIOD    (10 * MS)
#define PERIODS   5
#define SENTINEL  (35 * MS)

static enum { ONESHOT_WAIT, PERIODIC_WAIT, AFTER_CANCEL, GUARD_WAIT, DONE } phase;
static int guard, kept, periodic, sentinel, count;
static uint64_t start;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAILED", what);
}

/* True if t lies in [from, from + SLACK). */
static int on_time(uint64_t t, uint64_t from)
{
    return t >= from && t < from + SLACK;
}

/* The status of a raw call of label with words words (from the message registers as they are). */
static int raw_call(seL4_Word label, seL4_Word words)
{
    return kaal_proto_status(kaal_ppcall(TIMER_CH, seL4_MessageInfo_new(label, 0, 0, words)), 0);
}

static void errors(void)
{
    int all = 1, ids[KAAL_TIMER_MAX];

    check(kaal_timer_every_ns(TIMER_CH, 0) == -KAAL_EINVAL, "a zero period is refused: EINVAL");
    check(kaal_timer_every_ns(TIMER_CH, KAAL_TIMER_MIN_PERIOD_NS - 1) == -KAAL_EINVAL,
          "a period under 100 us is refused: EINVAL");
    check(kaal_timer_after_ns(TIMER_CH, KAAL_TIMER_MAX_NS + 1) == -KAAL_EINVAL &&
              kaal_timer_sleep_ns(TIMER_CH, KAAL_TIMER_MAX_NS + 1) == -KAAL_EINVAL,
          "a timeout or sleep beyond KAAL_TIMER_MAX_NS is refused: EINVAL");
    check(kaal_timer_cancel(TIMER_CH, KAAL_TIMER_MAX) == -KAAL_EINVAL &&
              kaal_timer_cancel(TIMER_CH, 5) == -KAAL_ENOENT,
          "cancel of a bad id: EINVAL; of an id not in use: ENOENT");
    check(raw_call(99, 0) == -KAAL_ENOSYS, "an unknown op is refused: ENOSYS");
#define SHORT(label, name, in, caps, out)                                                          \
    if (in > 0 && raw_call(label, in - 1) != -KAAL_EBADMSG)                                        \
        all = 0;
    KAAL_TIMER_OPS(SHORT)
#undef SHORT
    check(all, "every op a word short is refused: EBADMSG");

    /* The guard holds one id; the other KAAL_TIMER_MAX - 1 fill up the client's table. */
    for (int i = 1; i < KAAL_TIMER_MAX; i++)
        all &= (ids[i] = kaal_timer_after_ns(TIMER_CH, 10 * GUARD_NS)) >= 0;
    check(all && kaal_timer_after_ns(TIMER_CH, MS) == -KAAL_ENOSPC &&
              kaal_timer_every_ns(TIMER_CH, MS) == -KAAL_ENOSPC,
          "a timeout beyond KAAL_TIMER_MAX (8) is refused: ENOSPC");
    for (int i = 1; i < KAAL_TIMER_MAX; i++)
        all &= kaal_timer_cancel(TIMER_CH, (seL4_Word)ids[i]) == 0;
    check(all, "each of them can be cancelled");
}

static void sleeps(void)
{
    int64_t t0 = kaal_timer_now_ns(TIMER_CH), t1 = kaal_timer_sleep_ms(TIMER_CH, 20);
    int64_t t2 = kaal_timer_now_ns(TIMER_CH);

    check(t0 >= 0 && t1 >= 0 && on_time((uint64_t)t1, (uint64_t)t0 + 20 * MS) && t2 >= t1,
          "a 20 ms sleep returns 20 ms later, with the time");
    t1 = kaal_timer_sleep_ns(TIMER_CH, 0);
    check(t1 >= t2 && (uint64_t)t1 < (uint64_t)t2 + SLACK, "a sleep of 0 returns at once");
}

void init(void)
{
    int64_t t1 = kaal_timer_now_ns(TIMER_CH), t2 = kaal_timer_now_ns(TIMER_CH);
    int dropped;

    check(t1 >= 0 && t2 > t1, "the time moves forward");
    guard = kaal_timer_after_ns(TIMER_CH, GUARD_NS);
    check(guard == 0, "a one-shot timeout in 1 s: id 0");
    errors();
    sleeps();
    start = (uint64_t)kaal_timer_now_ns(TIMER_CH);
    kept = kaal_timer_after_ns(TIMER_CH, ONESHOT);
    dropped = kaal_timer_after_ns(TIMER_CH, CANCELLED);
    check(kept > 0 && dropped > 0 && kaal_timer_cancel(TIMER_CH, (seL4_Word)dropped) == 0,
          "one-shots in 50 and 30 ms, the second cancelled");
    phase = ONESHOT_WAIT;
}

/* The one-shot fired alone, on time; next, the periodic timeout. */
static void oneshot_fired(const struct kaal_timer_fired_out *f)
{
    check(f->mask == 1u << kept && on_time(f->now, start + ONESHOT),
          "the one-shot fired after 50 ms; the cancelled one did not fire");
    start = f->now;
    periodic = kaal_timer_every_ns(TIMER_CH, PERIOD);
    count = 0;
    phase = PERIODIC_WAIT;
}

static void periodic_fired(const struct kaal_timer_fired_out *f)
{
    static int late;

    count++;
    late |= !(f->mask == 1u << periodic && f->missed == 0 &&
              on_time(f->now, start + (uint64_t)count * PERIOD));
    if (count < PERIODS)
        return;
    check(!late, "a periodic timeout fired 5 times, 10 ms apart, none missed");
    check(kaal_timer_cancel(TIMER_CH, (seL4_Word)periodic) == 0, "the periodic timeout cancelled");
    start = f->now;
    sentinel = kaal_timer_after_ns(TIMER_CH, SENTINEL);
    phase = AFTER_CANCEL;
}

void notified(unsigned int ch)
{
    struct kaal_timer_fired_out f;

    if (ch != TIMER_CH || kaal_timer_fired(TIMER_CH, &f) != 0 || !f.mask)
        return;
    if (phase == ONESHOT_WAIT) {
        oneshot_fired(&f);
    } else if (phase == PERIODIC_WAIT) {
        periodic_fired(&f);
    } else if (phase == AFTER_CANCEL) {
        check(f.mask == 1u << sentinel && on_time(f.now, start + SENTINEL),
              "after its cancel the periodic timeout fired no more (35 ms without it)");
        phase = GUARD_WAIT;
    } else if (phase == GUARD_WAIT) {
        check(f.mask == 1u << guard && f.now >= GUARD_NS,
              "the 1 s timeout fired: the other client's cancels did not touch it");
        printf("done\n");
        phase = DONE;
        seL4_DebugHalt(); /* the test is over (tests/drivers/timer.py) */
    }
}
