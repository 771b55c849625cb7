/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The names of the x86 exception vectors, for the kernel's panic messages
 * and fault reports and for the root server's decoding of UserException
 * fault messages: one table for both.
 */
#ifndef KAAL_ARCH_EXCEPTION_H
#define KAAL_ARCH_EXCEPTION_H

/* The Intel SDM's mnemonic and name of vector v, or NULL if v is reserved (15, 22-31) or above
 * the exceptions (32 up). */
static inline const char *kaal_exception_name(unsigned long v)
{
    static const char *const names[22] = {
        [0] = "#DE (divide error)",
        [1] = "#DB (debug)",
        [2] = "NMI (non-maskable interrupt)",
        [3] = "#BP (breakpoint)",
        [4] = "#OF (overflow)",
        [5] = "#BR (bound range exceeded)",
        [6] = "#UD (invalid opcode)",
        [7] = "#NM (device not available)",
        [8] = "#DF (double fault)",
        [9] = "coprocessor segment overrun",
        [10] = "#TS (invalid TSS)",
        [11] = "#NP (segment not present)",
        [12] = "#SS (stack-segment fault)",
        [13] = "#GP (general protection)",
        [14] = "#PF (page fault)",
        [16] = "#MF (x87 floating-point error)",
        [17] = "#AC (alignment check)",
        [18] = "#MC (machine check)",
        [19] = "#XM (SIMD floating-point error)",
        [20] = "#VE (virtualization exception)",
        [21] = "#CP (control protection)",
    };

    return v < sizeof(names) / sizeof(names[0]) ? names[v] : 0;
}

#endif
