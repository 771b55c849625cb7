/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The HPET driver's tick conversions (drivers/timer/hpet/ticks.h) for the
 * periods real HPETs have: 100 MHz (QEMU's), 24 MHz, 14.31818 MHz (the
 * classic one, a period that is no whole number of nanoseconds) and the
 * slowest the specification allows.  The driver's promise rests on them: a
 * deadline turned into ticks and read back is never before the deadline,
 * and at most one tick after it.
 */
#include "test.h"
#include "ticks.h"

static const uint64_t periods[] = {10000000, 41666667, 69841279, 100000000};

/* A small deterministic generator of test values (xorshift64). */
static uint64_t next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static void exact_for_a_whole_period(void)
{
    CHECK_EQ(ticks_to_ns(100, 10000000), 1000);
    CHECK_EQ(ns_to_ticks(1000, 10000000), 100);
    CHECK_EQ(ns_to_ticks(1001, 10000000), 101); /* rounded up */
    CHECK_EQ(ticks_to_ns(0, 69841279), 0);
    CHECK_EQ(ns_to_ticks(0, 69841279), 0);
    CHECK_EQ(ticks_to_ns(14318180, 69841279), 1000000004); /* 14318180 x 69.841279 ns, down */
}

static void a_deadline_is_never_reached_early(void)
{
    uint64_t x = 0x9e3779b97f4a7c15ull;

    for (unsigned int p = 0; p < sizeof(periods) / sizeof(periods[0]); p++) {
        uint64_t tick_ns = periods[p] / TICKS_FS_PER_NS + 1;
        for (int i = 0; i < 20000; i++) {
            uint64_t ns = next(&x) >> (2 + i % 60); /* up to 2^62, every magnitude */
            uint64_t back = ticks_to_ns(ns_to_ticks(ns, periods[p]), periods[p]);
            if (back < ns || back - ns > tick_ns) {
                CHECK_EQ(back, ns);
                return;
            }
        }
    }
}

static void time_never_runs_backwards(void)
{
    uint64_t x = 12345;

    for (unsigned int p = 0; p < sizeof(periods) / sizeof(periods[0]); p++) {
        for (int i = 0; i < 20000; i++) {
            uint64_t t = next(&x) >> (8 + i % 50);
            if (ticks_to_ns(t + 1, periods[p]) < ticks_to_ns(t, periods[p])) {
                CHECK_EQ(t, 0);
                return;
            }
        }
    }
}

static void the_limit_does_not_overflow(void)
{
    /* KAAL_TIMER_MAX_NS plus a period, at the fastest period: still a real tick count. */
    uint64_t t = ns_to_ticks((1ull << 62) + (1ull << 62), 10000000);
    CHECK(t != UINT64_MAX);
    CHECK(ticks_to_ns(t, 10000000) == (1ull << 63) + 2); /* 2^63 / 10 ticks, rounded up */
    CHECK(ns_to_ticks(UINT64_MAX, 1) == UINT64_MAX);     /* a counter that fast cannot hold it */
}

TEST_CASES({exact_for_a_whole_period, "exact_for_a_whole_period"},
           {a_deadline_is_never_reached_early, "a_deadline_is_never_reached_early"},
           {time_never_runs_backwards, "time_never_runs_backwards"},
           {the_limit_does_not_overflow, "the_limit_does_not_overflow"}, );
TEST_MAIN("timer/ticks")
