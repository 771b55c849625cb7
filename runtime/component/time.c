/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The components' time source, kaal_time_ns (libc.h): what clock_gettime
 * and time() return, for every clock.  For now it is the TSC divided by the
 * frequency the kernel measured at boot (asked of the broker once), so
 * time counts from the machine's start, not from 1970.  A user-level timer
 * driver will replace this one function.
 */
#include "libc.h"

#include <kaal/broker.h>

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

uint64_t kaal_time_ns(void)
{
    static uint64_t mhz;
    uint64_t tsc = rdtsc();

    if (mhz == 0) {
        struct kaal_broker_tsc_out f;
        mhz =
            kaal_broker_tsc(KAAL_SLOT_BROKER, &f) == 0 && f.mhz ? f.mhz : 1000; /* unknown: 1 GHz */
    }
    /* In two steps, so tsc * 1000 cannot overflow. */
    return tsc / mhz * 1000 + tsc % mhz * 1000 / mhz;
}
