/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test root task: long computations in integer and SSE registers while the
 * kernel's 100 Hz timer interrupts them.  Each result has a closed form, so
 * a register the kernel failed to restore shows up as a wrong answer.
 */
#include <kaal/debug.h>

void root_main(void *bi);

#define N 40000000ull /* N/2 and (N-1)/3 are whole */

static int check(int ok, const char *what)
{
    kaal_debug_puts(ok ? "[test] ok: " : "[test] FAILED: ");
    kaal_debug_puts(what);
    kaal_debug_puts("\n");
    return ok;
}

void root_main(void *bi)
{
    seL4_Word sum = 0, sq = 0;
    volatile double x = 0.0; /* kept in SSE registers around the loop */
    double step = 0.5;

    (void)bi;
    for (seL4_Word i = 0; i < N; i++) {
        sum += i;
        sq += i * i;
        x += step;
    }
    int ok = check(sum == N * (N - 1) / 2, "integer sum survived the interrupts");
    /* (N-1)N(2N-1)/6, divided before multiplying so it stays exact modulo 2^64 */
    ok &=
        check(sq == (N - 1) / 3 * (N / 2) * (2 * N - 1), "sum of squares survived the interrupts");
    ok &= check(x == (double)N * 0.5, "SSE arithmetic survived the interrupts");
    kaal_debug_puts(ok ? "[test] all registers intact\n" : "[test] registers corrupted\n");
    seL4_DebugHalt();
}
