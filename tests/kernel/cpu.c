/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CPU-state cases: what SEL4_ABI.md says user code on pc99 may rely on.
 * SSE works and survives kernel entries, XSAVE covers x87 and SSE only (no
 * AVX, which would need the larger TCB), FS and GS bases can be set with
 * wrfsbase/wrgsbase and survive kernel entries, and registers survive the
 * timer interrupts of a long computation.
 */
#include "suite.h"

static void cpuid(seL4_Uint32 leaf, seL4_Uint32 r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

static const char *xsave_x87_sse_only(seL4_BootInfo *bi)
{
    seL4_Uint32 r[4], lo, hi;

    (void)bi;
    cpuid(1, r);
    REQUIRE(r[2] & (1u << 27), "OSXSAVE is off: the kernel did not enable XSAVE");
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    REQUIRE(lo == 3 && hi == 0, "XCR0 is not exactly x87|SSE");
    return 0;
}

static const char *sse_survives_syscall(seL4_BootInfo *bi)
{
    seL4_Word in[2] = {0x0123456789abcdefull, 0xfedcba9876543210ull}, out[2];

    (void)bi;
    __asm__ volatile("movdqu %2, %%xmm5\n\t"
                     "movq %%rsp, %%rbx\n\t"
                     "movq $-7, %%rdx\n\t"
                     "syscall\n\t"
                     "movq %%rbx, %%rsp\n\t"
                     "movdqu %%xmm5, %0"
                     : "=m"(out), "=m"(out[1])
                     : "m"(in)
                     : "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r15", "xmm5",
                       "memory");
    REQUIRE(out[0] == in[0] && out[1] == in[1], "xmm5 changed across a system call");
    return 0;
}

static const char *fs_gs_base_writable(seL4_BootInfo *bi)
{
    static seL4_Word tls[2] = {0x7157, 0x6757};
    seL4_Word fs, gs, via_fs, via_gs;

    (void)bi;
    __asm__ volatile("wrfsbase %0" ::"r"(&tls[0]));
    __asm__ volatile("wrgsbase %0" ::"r"(&tls[1]));
    seL4_Yield();
    __asm__ volatile("rdfsbase %0" : "=r"(fs));
    __asm__ volatile("rdgsbase %0" : "=r"(gs));
    __asm__ volatile("movq %%fs:0, %0" : "=r"(via_fs));
    __asm__ volatile("movq %%gs:0, %0" : "=r"(via_gs));
    REQUIRE(fs == (seL4_Word)&tls[0] && gs == (seL4_Word)&tls[1],
            "FS/GS base changed across a system call");
    REQUIRE(via_fs == 0x7157 && via_gs == 0x6757, "%fs:0 / %gs:0 do not read through the bases");
    return 0;
}

#define LOOPS 20000000ull /* long enough for the 100 Hz timer to interrupt many times */

static const char *registers_survive_interrupts(seL4_BootInfo *bi)
{
    seL4_Word sum = 0, sq = 0;
    volatile double x = 0.0;

    (void)bi;
    for (seL4_Word i = 0; i < LOOPS; i++) {
        sum += i;
        sq += i * i;
        x += 0.25;
    }
    REQUIRE(sum == LOOPS * (LOOPS - 1) / 2, "integer sum is wrong");
    /* (N-1)N(2N-1)/6 with N = 2*10^7: N/2 and (2N-1)/3 are whole; dividing first keeps the
     * product exact modulo 2^64. */
    REQUIRE(sq == (LOOPS - 1) * (LOOPS / 2) * ((2 * LOOPS - 1) / 3), "sum of squares is wrong");
    REQUIRE(x == (double)LOOPS * 0.25, "SSE sum is wrong");
    return 0;
}

const struct kernel_case cpu_cases[] = {
    CASE(xsave_x87_sse_only),
    CASE(sse_survives_syscall),
    CASE(fs_gs_base_writable),
    CASE(registers_survive_interrupts),
    END_OF_CASES,
};
