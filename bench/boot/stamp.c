/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * stamp: measures how long KaaL takes to reach its prompt.  It runs at the
 * lowest priority of bench/boot/system.yaml, so its init() runs only once
 * every other thread waits: the shell has written its "$ " prompt
 * and waits for input, and the 16550 driver waits for the UART (the last
 * bytes of the prompt may still be in its transmit FIFO).  It prints the
 * time stamp counter then: under QEMU -icount shift=0 that is virtual
 * nanoseconds since the machine started, firmware included, one per guest
 * instruction, with idle time skipped.  bench/boot/run.py reads the line.
 */
#include <kaal/component.h>

void init(void)
{
    seL4_Uint32 lo, hi;

    __asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi)::"memory");
    kaal_log_num("prompt reached at TSC ", ((seL4_Word)hi << 32) | lo);
}
