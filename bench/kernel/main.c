/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel micro-benchmarks, run as the root task.  Each benchmark times a
 * batch of operations with rdtsc and subtracts an empty batch of the same
 * loop, then prints one line:
 *
 *   BENCH <name> <ticks per operation, to 1/100> ticks
 *
 * Under QEMU -icount shift=0 the TSC counts exactly one tick per guest
 * instruction (a 1 GHz virtual clock), so the figure is instructions per
 * operation and repeats run to run; under plain TCG it is real TSC ticks,
 * which the runner turns into nanoseconds with the TSC frequency the
 * kernel reports.  Benchmarks of IPC, notifications and address-space
 * switches join when the kernel has endpoints and more than one thread.
 */
#include <kaal/debug.h>
#include <sel4/bootinfo_types.h>

#define BATCH 10000

void root_main(seL4_BootInfo *bi);

static inline seL4_Word tsc(void)
{
    seL4_Uint32 lo, hi;

    __asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi)::"memory");
    return ((seL4_Word)hi << 32) | lo;
}

/* The empty loop every batch is measured against. */
static seL4_Word empty_batch(void)
{
    seL4_Word t0 = tsc();
    for (int i = 0; i < BATCH; i++)
        __asm__ volatile("" ::: "memory");
    return tsc() - t0;
}

static seL4_Word yield_batch(void)
{
    seL4_Word t0 = tsc();
    for (int i = 0; i < BATCH; i++)
        seL4_Yield();
    return tsc() - t0;
}

static void report(const char *name, seL4_Word batch, seL4_Word empty)
{
    seL4_Word hundredths = batch > empty ? (batch - empty) * 100 / BATCH : 0;

    kaal_debug_puts("BENCH ");
    kaal_debug_puts(name);
    kaal_debug_puts(" ");
    kaal_debug_put_dec(hundredths / 100);
    kaal_debug_puts(".");
    kaal_debug_put_dec(hundredths % 100 / 10);
    kaal_debug_put_dec(hundredths % 10);
    kaal_debug_puts(" ticks\n");
}

void root_main(seL4_BootInfo *bi)
{
    (void)bi;
    yield_batch(); /* warm up: the first batch pays for cold TLB entries */
    seL4_Word empty = empty_batch();
    /* Yield with no other thread ready: kernel entry, dispatch and exit only. */
    report("null_syscall", yield_batch(), empty);
    kaal_debug_puts("BENCH done\n");
    seL4_DebugHalt();
}
