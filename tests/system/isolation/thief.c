/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * thief: reads the first serial port's line status register with a bare
 * `in` instruction.  It holds no IOPort cap, so the CPU refuses (#GP) and
 * the root server must report the fault by name and stop the thief.
 */
#include "check.h"

void init(void)
{
    unsigned char v;

    kaal_log("reading port 0x3fd without an IOPort cap\n");
    __asm__ volatile("inb %w1, %0" : "=a"(v) : "Nd"((unsigned short)0x3fd));
    check(0, "the port read went through");
}
