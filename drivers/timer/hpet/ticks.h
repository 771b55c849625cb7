/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Counter ticks to nanoseconds and back, for a counter of period_fs
 * femtoseconds a tick (the HPET's COUNTER_CLK_PERIOD: at most 10^8 fs).
 * Pure, so tests/unit/timer checks the rounding with several periods.
 *
 * A nanosecond is 10^6 fs.  Both directions split their argument at a
 * multiple of 10^6 or of the period, so no product overflows 64 bits: the
 * remainder times 10^6 or times the period stays below 10^14.
 */
#pragma once

#include <stdint.h>

#define TICKS_FS_PER_NS 1000000ull

/* Nanoseconds in t ticks, rounded down. */
static inline uint64_t ticks_to_ns(uint64_t t, uint64_t period_fs)
{
    return t / TICKS_FS_PER_NS * period_fs + t % TICKS_FS_PER_NS * period_fs / TICKS_FS_PER_NS;
}

/* The first tick at or after ns nanoseconds (rounded up, so that a deadline is never reached
 * early); UINT64_MAX if the counter cannot hold it. */
static inline uint64_t ns_to_ticks(uint64_t ns, uint64_t period_fs)
{
    uint64_t whole = ns / period_fs, part = ns % period_fs;

    if (whole > UINT64_MAX / TICKS_FS_PER_NS - 1)
        return UINT64_MAX;
    return whole * TICKS_FS_PER_NS + (part * TICKS_FS_PER_NS + period_fs - 1) / period_fs;
}
