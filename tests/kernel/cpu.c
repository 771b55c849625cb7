/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CPU-state cases: what SEL4_ABI.md says user code on pc99 may rely on.
 * SSE works and survives kernel entries; XSAVE covers x87, SSE and AVX
 * (what seL4 enables with XSAVE feature set 7, and what a root task built
 * with -march=haswell needs), in TCBs of 2^12 bytes; code compiled for AVX
 * runs; two threads keep their own ymm registers across timer preemption
 * and across switches to each other; FS and GS bases can be set with
 * wrfsbase/wrgsbase and survive kernel entries, and registers survive the
 * timer interrupts of a long computation.
 */
#include "suite.h"

#include "alloc.h"

#define XCR0_X87_SSE_AVX 0x7u
#define CPUID1_ECX_AVX   (1u << 28)

static void cpuid(seL4_Uint32 leaf, seL4_Uint32 r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

/* XCR0 is x87|SSE|AVX as far as the CPU has them; the suite's QEMU (-cpu max) has AVX. */
static const char *xsave_enables_avx(seL4_BootInfo *bi)
{
    seL4_Uint32 r[4], lo, hi;

    (void)bi;
    cpuid(1, r);
    REQUIRE(r[2] & (1u << 27), "OSXSAVE is off: the kernel did not enable XSAVE");
    REQUIRE(r[2] & CPUID1_ECX_AVX, "the CPU reports no AVX: run the suite with -cpu max");
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    cpuid(0xd, r);
    REQUIRE(lo == (r[0] & XCR0_X87_SSE_AVX) && hi == 0,
            "XCR0 is not x87|SSE|AVX limited to what CPUID leaf 0xD reports");
    REQUIRE(lo & 4, "XCR0 has no AVX");
    REQUIRE(r[1] <= 832, "the XSAVE area for XCR0 is larger than the 832 bytes seL4 sizes for it");
    return 0;
}

/* seL4_TCBBits is 12, as libsel4 has it with an 832-byte XSAVE area: 2 KiB no longer holds one. */
static const char *tcb_objects_are_4k(seL4_BootInfo *bi)
{
    BEGIN(bi);
    CHECK(seL4_TCBBits == 12, "seL4_TCBBits is not 12");
    seL4_CPtr small = alloc_obj(seL4_UntypedObject, 11), page = alloc_obj(seL4_UntypedObject, 12);
    CHECK(small && page, "cannot make the untypeds");
    CHECK(seL4_Untyped_Retype(small, seL4_TCBObject, 0, ROOT, 0, 0, alloc_slot(), 1) ==
              seL4_NotEnoughMemory,
          "a TCB fitted in 2 KiB");
    CHECK(seL4_Untyped_Retype(page, seL4_TCBObject, 0, ROOT, 0, 0, alloc_slot(), 1) == seL4_NoError,
          "a TCB did not fit in 4 KiB");
    CHECK(seL4_Untyped_Retype(page, seL4_EndpointObject, 0, ROOT, 0, 0, alloc_slot(), 1) ==
              seL4_NotEnoughMemory,
          "4 KiB had room left after a TCB");
    return PASS;
}

typedef double v4d __attribute__((vector_size(32)));

/*
 * Compiled for AVX, as a -march=haswell root task is: the compiler keeps
 * the v4d values in ymm registers.  noipa keeps the call from being folded
 * into constants at build time; pointers keep v4d out of the non-AVX caller's
 * calling convention.
 */
__attribute__((target("avx"), noipa)) static int avx_axpy_ok(const v4d *a, const v4d *x,
                                                             const v4d *want, int n)
{
    v4d y = {0, 0, 0, 0};

    for (int i = 0; i < n; i++)
        y = *a * *x + y;
    for (int i = 0; i < 4; i++)
        if (y[i] != (*want)[i])
            return 0;
    return 1;
}

static const char *avx_code_runs(seL4_BootInfo *bi)
{
    static const v4d a = {1.0, 2.0, 3.0, 4.0}, x = {0.5, 0.25, 2.0, 1.0};
    static const v4d want = {50.0, 50.0, 600.0, 400.0};

    (void)bi;
    REQUIRE(avx_axpy_ok(&a, &x, &want, 100), "code compiled for AVX computed the wrong vector");
    return 0;
}

/* The upper halves of ymm registers survive a system call (seL4_Yield: -7). */
static const char *ymm_survives_syscall(seL4_BootInfo *bi)
{
    static const seL4_Word in[4] = {0x0123456789abcdefull, 0xfedcba9876543210ull,
                                    0x1122334455667788ull, 0x99aabbccddeeff00ull};
    seL4_Word out[4];

    (void)bi;
    __asm__ volatile("vmovdqu %1, %%ymm7\n\t"
                     "movq %%rsp, %%rbx\n\t"
                     "movq $-7, %%rdx\n\t"
                     "syscall\n\t"
                     "movq %%rbx, %%rsp\n\t"
                     "vmovdqu %%ymm7, %0\n\t"
                     "vzeroupper"
                     : "=m"(out)
                     : "m"(in)
                     : "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r15", "xmm7",
                       "memory");
    for (int i = 0; i < 4; i++)
        REQUIRE(out[i] == in[i], "ymm7 changed across a system call");
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

/*
 * Two helper threads at one priority, each with its own pattern in all
 * sixteen ymm registers.  Each round, a worker spins with no system call
 * until the other has made progress, which only a timer preemption of the
 * spinner allows, then yields to the other directly; it checks its
 * registers all along.  A new thread must also start with clear registers,
 * whatever the thread before it left in them.
 *
 * The workers are compiled general-regs-only, so the compiler itself never
 * uses a vector register between the asm statements that load and store
 * them; the asm has no vector clobbers for that reason.
 */
#define YMM_BYTES    (16 * 32)
#define WORKER_PRIO  200
#define WORKER_STACK 1024
#define ROUNDS       3
#define SPIN_LIMIT   200000000ul /* far beyond a 50 ms timeslice; a hang would end the suite */

struct ymm_image {
    unsigned char b[YMM_BYTES];
} __attribute__((aligned(32)));

static struct ymm_image ymm_pattern[2], ymm_seen[2];
static seL4_Word worker_stack[2][WORKER_STACK] __attribute__((aligned(16)));
static volatile seL4_Word progress[2], preemptions[2], worker_done[2];
static const char *volatile worker_why[2];

#define YMM_ALL(op)                                                                                \
    op(0) op(1) op(2) op(3) op(4) op(5) op(6) op(7) op(8) op(9) op(10) op(11) op(12) op(13) op(14) \
        op(15)
#define YMM_STORE(n) "vmovdqu %%ymm" #n ", " #n "*32(%0)\n\t"
#define YMM_LOAD(n)  "vmovdqu " #n "*32(%0), %%ymm" #n "\n\t"

__attribute__((target("general-regs-only"))) static void ymm_store(struct ymm_image *to)
{
    __asm__ volatile(YMM_ALL(YMM_STORE)::"r"(to) : "memory");
}

__attribute__((target("general-regs-only"))) static void ymm_load(const struct ymm_image *from)
{
    __asm__ volatile(YMM_ALL(YMM_LOAD)::"r"(from) : "memory");
}

__attribute__((target("general-regs-only"))) static int ymm_holds(int i,
                                                                  const struct ymm_image *want)
{
    ymm_store(&ymm_seen[i]);
    for (int k = 0; k < YMM_BYTES; k++)
        if (ymm_seen[i].b[k] != want->b[k])
            return 0;
    return 1;
}

__attribute__((target("general-regs-only"))) static const char *ymm_rounds(int i)
{
    static const struct ymm_image zero;

    if (!ymm_holds(i, &zero))
        return "a new thread's ymm registers were not clear";
    ymm_load(&ymm_pattern[i]);
    for (int r = 0; r < ROUNDS; r++) {
        seL4_Word seen = progress[1 - i], n = 0;
        /* The check comes first, so the pass that sees the other's progress checks too. */
        for (;;) {
            if (!ymm_holds(i, &ymm_pattern[i]))
                return "ymm registers changed while the thread was preempted";
            if (progress[1 - i] != seen)
                break;
            progress[i]++;
            if (++n == SPIN_LIMIT)
                return "the other worker never ran: no timeslice preemption";
        }
        preemptions[i]++;
        seL4_Yield();
        if (!ymm_holds(i, &ymm_pattern[i]))
            return "ymm registers changed across a yield to the other thread";
    }
    return 0;
}

/*
 * A worker's first code: its rounds, the verdict, then it waits to be deleted,
 * still making progress, which the other worker may be spinning for.
 */
__attribute__((target("general-regs-only"))) static void ymm_worker(seL4_Word i, seL4_Word ntfn)
{
    worker_why[i] = ymm_rounds((int)i);

    worker_done[i] = 1;
    seL4_Signal(ntfn);
    for (;;) {
        progress[i]++;
        seL4_Yield();
    }
}

/* Starts entry(i, ntfn) on worker stack i at WORKER_PRIO; returns its TCB cap or 0. */
static seL4_CPtr start_worker(void (*entry)(seL4_Word, seL4_Word), seL4_Word i, seL4_CPtr ntfn)
{
    seL4_CPtr tcb = alloc_obj(seL4_TCBObject, 0);
    seL4_UserContext regs = {0};

    if (!tcb)
        return 0;
    /* No IPC buffer: the workers use only Yield and Signal, which need none. */
    if (seL4_TCB_Configure(tcb, 0, ROOT, 0, seL4_CapInitThreadVSpace, 0, 0, 0) ||
        seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, WORKER_PRIO, WORKER_PRIO))
        return 0;
    regs.rip = (seL4_Word)entry;
    regs.rsp = (seL4_Word)&worker_stack[i][WORKER_STACK - 1]; /* as if called: rsp+8 aligned */
    regs.rdi = i;
    regs.rsi = ntfn;
    regs.rflags = 0x202;
    if (seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs))
        return 0;
    return tcb;
}

static const char *ymm_kept_per_thread(seL4_BootInfo *bi)
{
    static const struct ymm_image root_pattern = {{0xa5, 0x5a, 0xc3, [YMM_BYTES - 1] = 0x3c}};

    BEGIN(bi);
    for (int i = 0; i < 2; i++) {
        for (int k = 0; k < YMM_BYTES; k++)
            ymm_pattern[i].b[k] = (unsigned char)(k * 7 + i * 101 + 1);
        progress[i] = preemptions[i] = worker_done[i] = 0;
        worker_why[i] = 0;
    }
    /* Leave something in the root thread's ymm registers for a new thread not to see. */
    __asm__ volatile("vmovdqu %0, %%ymm0\n\tvmovdqu %0, %%ymm15" ::"m"(root_pattern)
                     : "xmm0", "xmm15");
    seL4_CPtr ntfn = alloc_obj(seL4_NotificationObject, 0);
    CHECK(ntfn, "cannot make the notification");
    CHECK(start_worker(ymm_worker, 0, ntfn) && start_worker(ymm_worker, 1, ntfn),
          "cannot start the workers");
    while (!worker_done[0] || !worker_done[1])
        seL4_Wait(ntfn, 0);
    __asm__ volatile("vzeroupper");
    for (int i = 0; i < 2; i++)
        CHECK(!worker_why[i], worker_why[i]);
    CHECK(preemptions[0] == ROUNDS && preemptions[1] == ROUNDS, "a worker skipped a round");
    return PASS;
}

/*
 * Lazy FPU switching: a thread that never touches the FPU is never charged
 * a save of another's state.  smsw shows user code CR0's low word (KaaL
 * leaves CR4.UMIP off), whose bit 3, TS, the kernel sets for every thread
 * but the FPU's owner.  The root thread owns the FPU with a value in xmm3;
 * a worker that uses no FPU runs and wakes it; the worker saw TS set, and
 * the root thread, back from its system call, sees TS clear before any FPU
 * instruction and finds xmm3 intact: its state never left the registers.
 */
#define CR0_TS 8u

static volatile seL4_Word fpu_free_ts;

__attribute__((target("general-regs-only"))) static void fpu_free_worker(seL4_Word i,
                                                                         seL4_Word ntfn)
{
    seL4_Word msw;

    (void)i;
    __asm__ volatile("smsw %0" : "=r"(msw));
    fpu_free_ts = (msw & CR0_TS) | 1; /* bit 0: the worker ran */
    seL4_Signal(ntfn);
    for (;;)
        seL4_Yield();
}

static const char *fpu_not_charged_without_use(seL4_BootInfo *bi)
{
    static const seL4_Word in[2] = {0x5555aaaa5555aaaaull, 0x0f0f0f0ff0f0f0f0ull};
    seL4_Word out[2], msw;

    BEGIN(bi);
    fpu_free_ts = 0;
    seL4_CPtr ntfn = alloc_obj(seL4_NotificationObject, 0);
    CHECK(ntfn, "cannot make the notification");
    CHECK(start_worker(fpu_free_worker, 0, ntfn), "cannot start the worker");
    /* Recv (-5) on the notification; smsw comes before the first FPU instruction after it. */
    __asm__ volatile("movdqu %3, %%xmm3\n\t"
                     "movq %%rsp, %%rbx\n\t"
                     "movq $-5, %%rdx\n\t"
                     "syscall\n\t"
                     "movq %%rbx, %%rsp\n\t"
                     "smsw %1\n\t"
                     "movdqu %%xmm3, %0"
                     : "=m"(out), "=r"(msw), "+D"(ntfn)
                     : "m"(in)
                     : "rbx", "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "r15", "xmm3",
                       "memory");
    CHECK(fpu_free_ts & 1, "the worker did not run");
    CHECK(fpu_free_ts & CR0_TS, "a thread that never used the FPU had it enabled (loaded)");
    CHECK(!(msw & CR0_TS), "the FPU owner's state left the registers for a thread without FPU use");
    CHECK(out[0] == in[0] && out[1] == in[1], "xmm3 changed while the worker ran");
    return PASS;
}

/*
 * The eager budget of lazy switching: a thread whose FPU instruction
 * trapped is given the FPU at its next switches without the trap, and
 * once it has stopped using the FPU for a while it runs with TS set again.
 * The worker uses SSE once, then only reads CR0 (smsw) each time it runs;
 * the root thread takes the FPU back with an SSE instruction before each
 * yield to it.  Its first rounds must see TS clear (given the FPU), its
 * last TS set (tested lazily again), with one change between.
 */
#define BUDGET_ROUNDS 40

static volatile seL4_Word budget_ts[BUDGET_ROUNDS], budget_done;

__attribute__((target("general-regs-only"))) static void fpu_budget_worker(seL4_Word i,
                                                                           seL4_Word ntfn)
{
    (void)i;
    (void)ntfn;
    __asm__ volatile("xorps %xmm1, %xmm1"); /* xmm1 is nobody's: the compiler uses no SSE here */
    for (int r = 0; r < BUDGET_ROUNDS; r++) {
        seL4_Word msw;
        __asm__ volatile("smsw %0" : "=r"(msw));
        budget_ts[r] = msw & CR0_TS;
        seL4_Yield();
    }
    budget_done = 1;
    for (;;)
        seL4_Yield();
}

static const char *fpu_eager_budget_ends(seL4_BootInfo *bi)
{
    static const seL4_Word in[2] = {0x1234, 0x5678};
    int changes = 0;

    BEGIN(bi);
    budget_done = 0;
    CHECK(!seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, WORKER_PRIO),
          "cannot share the worker's priority");
    CHECK(start_worker(fpu_budget_worker, 0, 0), "cannot start the worker");
    for (int r = 0; r < 10 * BUDGET_ROUNDS && !budget_done; r++) {
        __asm__ volatile("movdqu %0, %%xmm3" ::"m"(in) : "xmm3");
        seL4_Yield();
    }
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, seL4_MaxPrio);
    CHECK(budget_done, "the worker did not finish its rounds");
    for (int r = 1; r < BUDGET_ROUNDS; r++)
        changes += budget_ts[r] != budget_ts[r - 1];
    CHECK(!budget_ts[1], "a thread that had just used the FPU was not given it at its switch");
    CHECK(budget_ts[BUDGET_ROUNDS - 1], "a thread that stopped using the FPU is still given it");
    CHECK(changes == 1, "the FPU came and went more than once");
    return PASS;
}

const struct kernel_case cpu_cases[] = {
    CASE(xsave_enables_avx),
    CASE(tcb_objects_are_4k),
    CASE(avx_code_runs),
    CASE(ymm_survives_syscall),
    CASE(ymm_kept_per_thread),
    CASE(fpu_not_charged_without_use),
    CASE(fpu_eager_budget_ends),
    CASE(sse_survives_syscall),
    CASE(fs_gs_base_writable),
    CASE(registers_survive_interrupts),
    END_OF_CASES,
};
