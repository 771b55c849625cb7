/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test root task: computes in integer and SSE registers for half a second
 * of TSC time while the kernel's 100 Hz timer interrupts it, however fast
 * the host is.  The loop keeps each running result twice: in registers,
 * and in volatile memory, which a kernel that restored registers wrongly
 * could not touch.  Any register the kernel failed to restore makes the two
 * disagree.  The scenario checks the kernel counted enough interrupts.
 */
#include <kaal/bootinfo.h>
#include <kaal/debug.h>
#include <sel4/bootinfo_types.h>

void root_main(seL4_BootInfo *bi);

#define RUN_MS 500

static inline seL4_Word tsc(void)
{
    seL4_Uint32 lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((seL4_Word)hi << 32) | lo;
}

static int check(int ok, const char *what)
{
    kaal_debug_puts(ok ? "[test] ok: " : "[test] FAILED: ");
    kaal_debug_puts(what);
    kaal_debug_puts("\n");
    return ok;
}

void root_main(seL4_BootInfo *bi)
{
    volatile seL4_Word mem_sum = 0, mem_sq = 0;
    volatile double mem_x = 0.0;
    seL4_Word sum = 0, sq = 0, n = 0;
    double x = 0.0;
    seL4_Word mhz = kaal_bootinfo_tsc_mhz(bi), end = tsc() + mhz * 1000 * RUN_MS;

    if (!check(mhz > 0, "the TSC frequency is known"))
        seL4_DebugHalt();
    while (tsc() < end) {
        for (int i = 0; i < 1000; i++, n++) {
            sum += n;
            sq += n * n;
            x += 0.5;
            mem_sum = mem_sum + n;
            mem_sq = mem_sq + n * n;
            mem_x = mem_x + 0.5;
        }
    }
    int ok = check(sum == mem_sum, "integer sum survived the interrupts");
    ok &= check(sq == mem_sq, "sum of squares survived the interrupts");
    ok &= check(x == mem_x && x == (double)n * 0.5, "SSE arithmetic survived the interrupts");
    kaal_debug_puts(ok ? "[test] all registers intact after "
                       : "[test] registers corrupted after ");
    kaal_debug_put_dec(n);
    kaal_debug_puts(" iterations\n");
    seL4_DebugHalt();
}
