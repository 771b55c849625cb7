/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * seL4's hardware debug API, in a suite built with HARDWARE_DEBUG_API=1
 * (make check builds one in build/hwdebug-iommu): the TCB's breakpoint and
 * single-stepping invocations and the DebugException fault, as sel4test's
 * breakpoint tests and seL4's x86 breakpoint.c have them.
 *
 * A helper thread runs code of known addresses (the assembly below) with a
 * fault endpoint the root thread receives on.  The root thread outranks it,
 * so the helper runs exactly while the root thread waits for its fault, or
 * yields to it below its priority.  Helpers use only the register forms of
 * the system calls: __sel4_ipc_buffer is the root thread's.  Without the
 * option the table is empty, and the suite's count of cases is unchanged.
 */
#include "alloc.h"

#ifdef CONFIG_HARDWARE_DEBUG_API

#define HELPER_PRIO 200
#define STACK_WORDS 1024

/*
 * The code helpers run.  dbg_nops is twelve one-byte instructions and a ret, so a fault after
 * n single steps from its start names dbg_nops + n.  dbg_access reads dbg_watched and then
 * writes it; a data breakpoint traps after the access, so its FaultIP is the label after it.
 */
__asm__(".pushsection .text\n"
        ".globl dbg_nops, dbg_access, dbg_after_load, dbg_after_store, dbg_int3, dbg_after_int3\n"
        "dbg_nops:\n"
        ".rept 12\n"
        "nop\n"
        ".endr\n"
        "ret\n"
        "dbg_access:\n"
        "movl dbg_watched(%rip), %eax\n"
        "dbg_after_load:\n"
        "movl $1, dbg_watched(%rip)\n"
        "dbg_after_store:\n"
        "ret\n"
        "dbg_int3:\n"
        "int3\n"
        "dbg_after_int3:\n"
        "ret\n"
        ".popsection\n");
extern char dbg_nops[], dbg_access[], dbg_after_load[], dbg_after_store[], dbg_int3[],
    dbg_after_int3[];

/* Read and written by dbg_access; not static, as the assembly names it. */
volatile seL4_Uint32 dbg_watched __attribute__((aligned(8)));

static seL4_Word stacks[2][STACK_WORDS] __attribute__((aligned(16)));
static volatile seL4_Word done; /* helpers that ran their code to the end */
static seL4_CPtr self[2];       /* each helper's own TCB cap, to suspend itself with */

/* A helper's first code: the code at fn, then it notes that and stops. */
static void helper_main(seL4_Word fn, seL4_Word i)
{
    ((void (*)(void))fn)();
    done++;
    seL4_TCB_Suspend(self[i]);
    for (;;)
        ;
}

/* Where dbg_nops returns to when a helper starts in it rather than in helper_main. */
static void landing(void)
{
    done++;
    seL4_TCB_Suspend(self[1]);
    for (;;)
        ;
}

/* A new helper thread i in the root task's spaces with fault endpoint fault_ep (a cptr), not
 * yet running; 0 if it could not be made. */
static seL4_CPtr helper(int i, seL4_CPtr fault_ep)
{
    seL4_CPtr tcb = alloc_obj(seL4_TCBObject, 0);

    if (!tcb ||
        seL4_TCB_Configure(tcb, fault_ep, ROOT, 0, seL4_CapInitThreadVSpace, 0, 0, seL4_CapNull) ||
        seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, HELPER_PRIO, HELPER_PRIO))
        return 0;
    self[i] = tcb;
    return tcb;
}

/* Starts helper i (tcb) at rip with rdi and rsi, on its stack top less the words pushed. */
static bool run_at(seL4_CPtr tcb, int i, seL4_Word rip, seL4_Word rdi, seL4_Word rsi,
                   seL4_Word pushed)
{
    seL4_UserContext regs = {0};

    regs.rip = rip;
    regs.rsp = (seL4_Word)&stacks[i][STACK_WORDS - 1 - pushed]; /* rsp+8 16-aligned at entry */
    regs.rdi = rdi;
    regs.rsi = rsi;
    regs.rflags = 0x202;
    return seL4_TCB_WriteRegisters(tcb, 1, 0, 20, &regs) == seL4_NoError;
}

/* Starts helper i running the code at fn through helper_main. */
static bool run(seL4_CPtr tcb, int i, const void *fn)
{
    return run_at(tcb, i, (seL4_Word)helper_main, (seL4_Word)fn, (seL4_Word)i, 0);
}

/* Lets the helpers run until they block: the root thread drops below them for one yield. */
static void let_helpers_run(void)
{
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, HELPER_PRIO - 1);
    seL4_Yield();
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, seL4_MaxPrio);
}

/* The next fault message on ep; NULL if it is a DebugException of reason and length words. */
static const char *expect_fault(seL4_CPtr ep, seL4_Word reason, seL4_Word length)
{
    seL4_MessageInfo_t info = seL4_Recv(ep, 0);

    if (seL4_MessageInfo_get_label(info) != seL4_Fault_DebugException)
        return "the fault is not a DebugException (label 4)";
    if (seL4_MessageInfo_get_length(info) != length)
        return "the DebugException message has the wrong length";
    if (seL4_GetMR(seL4_DebugException_ExceptionReason) != reason)
        return "the DebugException gives the wrong reason";
    return 0;
}

/* A breakpoint's DebugException names the instruction ip, the address and the register bp. */
static const char *expect_names(seL4_Word ip, seL4_Word addr, seL4_Word bp)
{
    if (seL4_GetMR(seL4_DebugException_FaultIP) != ip)
        return "FaultIP is not the instruction the breakpoint stops at";
    if (seL4_GetMR(seL4_DebugException_TriggerAddress) != addr)
        return "TriggerAddress is not the breakpoint's address";
    if (seL4_GetMR(seL4_DebugException_BreakpointNumber) != bp)
        return "BreakpointNumber is not the register set";
    return 0;
}

/* A reply to the fault: no words (label 0), or one word w. */
static void reply(bool with_word, seL4_Word w)
{
    seL4_SetMR(0, w);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, with_word));
}

/* Each of the four registers as an instruction breakpoint on dbg_nops: the fault names its
 * address twice (FaultIP and TriggerAddress) and the register; a reply restarts the thread on
 * the breakpoint, which fires again, and once unset the thread runs on. */
static const char *instruction_breakpoint_faults_before_the_instruction(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0);
    for (seL4_Word bp = 0; bp < seL4_NumHWBreakpoints; bp++) {
        seL4_CPtr tcb = helper(0, ep);
        seL4_Word before = done;
        CHECK(tcb, "cannot make a helper thread");
        CHECK(seL4_TCB_SetBreakpoint(tcb, bp, (seL4_Word)dbg_nops, seL4_InstructionBreakpoint, 0,
                                     seL4_BreakOnRead) == seL4_NoError,
              "SetBreakpoint of an instruction breakpoint failed");
        CHECK(run(tcb, 0, dbg_nops), "cannot start the helper");
        for (int round = 0; round < 2; round++) {
            const char *why = expect_fault(ep, seL4_InstructionBreakpoint, 4);
            CHECK(!why, why);
            why = expect_names((seL4_Word)dbg_nops, (seL4_Word)dbg_nops, bp);
            CHECK(!why, why);
            if (round == 1)
                CHECK(seL4_TCB_UnsetBreakpoint(tcb, bp) == seL4_NoError, "UnsetBreakpoint failed");
            reply(false, 0);
        }
        let_helpers_run();
        CHECK(done == before + 1, "the thread did not run on after the breakpoint was unset");
    }
    return PASS;
}

/* A write watchpoint lets the read by, and traps after the write; a read-write one traps after
 * the read, and after the write again once the reply lets the thread go on.  Each names the
 * watched address and register. */
static const char *data_breakpoint_traps_after_the_access(seL4_BootInfo *bi)
{
    static const struct {
        seL4_Word rw;
        const char *after;
    } cases[] = {{seL4_BreakOnWrite, dbg_after_store}, {seL4_BreakOnReadWrite, dbg_after_load}};
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0);
    for (int c = 0; c < 2; c++) {
        seL4_CPtr tcb = helper(0, ep);
        seL4_Word before = done, bp = 1 + c;
        CHECK(tcb, "cannot make a helper thread");
        dbg_watched = 0;
        CHECK(seL4_TCB_SetBreakpoint(tcb, bp, (seL4_Word)&dbg_watched, seL4_DataBreakpoint, 4,
                                     cases[c].rw) == seL4_NoError,
              "SetBreakpoint of a data breakpoint failed");
        CHECK(run(tcb, 0, dbg_access), "cannot start the helper");
        for (const char *after = cases[c].after;; after = dbg_after_store) {
            const char *why = expect_fault(ep, seL4_DataBreakpoint, 4);
            CHECK(!why, why);
            why = expect_names((seL4_Word)after, (seL4_Word)&dbg_watched, bp);
            CHECK(!why, why);
            reply(false, 0);
            if (after == dbg_after_store)
                break;
        }
        let_helpers_run();
        CHECK(done == before + 1 && dbg_watched == 1, "the thread did not go on after the reply");
    }
    return PASS;
}

/* INT3 is a software break request: FaultIP after the instruction, no address or number. */
static const char *int3_is_a_software_break_request(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), tcb = helper(0, ep);
    seL4_Word before = done;
    CHECK(tcb, "cannot make a helper thread");
    CHECK(run(tcb, 0, dbg_int3), "cannot start the helper");
    const char *why = expect_fault(ep, seL4_SoftwareBreakRequest, 2);
    CHECK(!why, why);
    CHECK(seL4_GetMR(seL4_DebugException_FaultIP) == (seL4_Word)dbg_after_int3,
          "FaultIP is not the instruction after int3");
    reply(false, 0);
    let_helpers_run();
    CHECK(done == before + 1, "the thread did not go on after the reply");
    return PASS;
}

/*
 * Stepping three instructions faults at the fourth, before it runs; a reply with one word n
 * steps n more, one without words steps one, and one with 0 ends stepping, so the thread runs
 * on to its end with no more faults.
 */
static const char *single_step_faults_after_n_instructions(seL4_BootInfo *bi)
{
    static const struct {
        bool with_word;
        seL4_Word n, at;
    } replies[] = {{true, 4, 7}, {false, 0, 8}, {true, 2, 10}};
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), tcb = helper(1, ep);
    seL4_Word before = done;
    CHECK(tcb, "cannot make a helper thread");
    seL4_TCB_ConfigureSingleStepping_t r = seL4_TCB_ConfigureSingleStepping(tcb, 0, 3);
    CHECK(r.error == seL4_NoError, "ConfigureSingleStepping failed");
    CHECK(!r.bp_was_consumed, "x86 single-stepping consumed a breakpoint register");
    stacks[1][STACK_WORDS - 2] = (seL4_Word)landing; /* dbg_nops returns there */
    CHECK(run_at(tcb, 1, (seL4_Word)dbg_nops, 0, 0, 1), "cannot start the helper");
    const char *why = expect_fault(ep, seL4_SingleStep, 2);
    CHECK(!why, why);
    CHECK(seL4_GetMR(seL4_DebugException_FaultIP) == (seL4_Word)dbg_nops + 3,
          "three single steps did not stop before the fourth instruction");
    for (unsigned int i = 0; i < sizeof(replies) / sizeof(replies[0]); i++) {
        reply(replies[i].with_word, replies[i].n);
        why = expect_fault(ep, seL4_SingleStep, 2);
        CHECK(!why, why);
        CHECK(seL4_GetMR(seL4_DebugException_FaultIP) == (seL4_Word)dbg_nops + replies[i].at,
              "a single-step reply did not step as many instructions as it asked");
    }
    reply(true, 0);
    let_helpers_run();
    /* A fault would have blocked it before its end. */
    CHECK(done == before + 1, "the thread did not run to its end once stepping was off");
    r = seL4_TCB_ConfigureSingleStepping(tcb, 0, 0);
    CHECK(r.error == seL4_NoError && !r.bp_was_consumed, "turning stepping off failed");
    return PASS;
}

/*
 * One thread's breakpoint is its own: a helper without it runs the same code freely, before
 * and while the thread with it waits on its fault, and so does the root thread (which has no
 * fault handler, so a breakpoint of its would stop the suite).
 */
static const char *breakpoints_belong_to_their_thread(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0);
    seL4_CPtr free_tcb = helper(0, ep), bp_tcb = helper(1, ep);
    seL4_Word before = done;
    CHECK(free_tcb && bp_tcb, "cannot make the helper threads");
    CHECK(seL4_TCB_SetBreakpoint(bp_tcb, 2, (seL4_Word)dbg_nops, seL4_InstructionBreakpoint, 0,
                                 seL4_BreakOnRead) == seL4_NoError,
          "SetBreakpoint failed");
    CHECK(run(free_tcb, 0, dbg_nops), "cannot start the helper without the breakpoint");
    let_helpers_run();
    CHECK(done == before + 1, "a thread without the breakpoint stopped at another's");
    CHECK(run(bp_tcb, 1, dbg_nops), "cannot start the helper with the breakpoint");
    const char *why = expect_fault(ep, seL4_InstructionBreakpoint, 4);
    CHECK(!why, why);
    ((void (*)(void))dbg_nops)(); /* the root thread, right after the faulting thread ran */
    free_tcb = helper(0, ep);
    CHECK(free_tcb && run(free_tcb, 0, dbg_nops), "cannot start a second helper");
    let_helpers_run();
    CHECK(done == before + 2, "a thread without the breakpoint stopped at another's");
    seL4_TCB_Suspend(bp_tcb); /* out of its wait for the fault's reply */
    return PASS;
}

/* Get reads back what Set wrote (x86 watches reads only with writes: BreakOnRead reads back as
 * ReadWrite), Set replaces, and Unset clears and disables. */
static const char *get_and_unset_round_trip(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr tcb = helper(0, 0);
    CHECK(tcb, "cannot make a thread");
    seL4_TCB_GetBreakpoint_t g = seL4_TCB_GetBreakpoint(tcb, 3);
    CHECK(g.error == seL4_NoError && !g.is_enabled && g.vaddr == 0,
          "a new thread has a breakpoint");
    CHECK(!seL4_TCB_SetBreakpoint(tcb, 0, (seL4_Word)dbg_nops, seL4_InstructionBreakpoint, 0,
                                  seL4_BreakOnRead),
          "SetBreakpoint failed");
    g = seL4_TCB_GetBreakpoint(tcb, 0);
    CHECK(g.error == seL4_NoError && g.vaddr == (seL4_Word)dbg_nops &&
              g.type == seL4_InstructionBreakpoint && g.size == 0 && g.rw == seL4_BreakOnRead &&
              g.is_enabled,
          "an instruction breakpoint does not read back as set");
    CHECK(!seL4_TCB_SetBreakpoint(tcb, 2, (seL4_Word)&dbg_watched, seL4_DataBreakpoint, 2,
                                  seL4_BreakOnWrite),
          "SetBreakpoint failed");
    g = seL4_TCB_GetBreakpoint(tcb, 2);
    CHECK(g.vaddr == (seL4_Word)&dbg_watched && g.type == seL4_DataBreakpoint && g.size == 2 &&
              g.rw == seL4_BreakOnWrite && g.is_enabled,
          "a write watchpoint does not read back as set");
    CHECK(!seL4_TCB_SetBreakpoint(tcb, 0, (seL4_Word)&dbg_watched, seL4_DataBreakpoint, 4,
                                  seL4_BreakOnRead),
          "SetBreakpoint over a set breakpoint failed");
    g = seL4_TCB_GetBreakpoint(tcb, 0);
    CHECK(g.vaddr == (seL4_Word)&dbg_watched && g.type == seL4_DataBreakpoint && g.size == 4 &&
              g.rw == seL4_BreakOnReadWrite && g.is_enabled,
          "a read watchpoint set over a breakpoint does not read back as read-write");
    CHECK(!seL4_TCB_UnsetBreakpoint(tcb, 2), "UnsetBreakpoint failed");
    g = seL4_TCB_GetBreakpoint(tcb, 2);
    CHECK(g.error == seL4_NoError && !g.is_enabled && g.vaddr == 0,
          "an unset breakpoint is still there");
    g = seL4_TCB_GetBreakpoint(tcb, 0);
    CHECK(g.is_enabled, "unsetting one breakpoint disabled another");
    return PASS;
}

/* CPUs seL4 lets have 8-byte breakpoints (the Intel manual's list): family and model. */
static bool eight_byte_breakpoints(void)
{
    seL4_Uint32 a, b, c, d, family, model;

    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    family = (a >> 8) & 0xf;
    model = (a >> 4) & 0xf;
    if (family == 6 || family == 15)
        model |= ((a >> 16) & 0xf) << 4;
    if (family == 15)
        family += (a >> 20) & 0xff;
    return (family == 15 && (model == 3 || model == 4 || model == 6)) ||
           (family == 6 && (model == 15 || model == 23 || model == 28));
}

/* One SetBreakpoint call and the error seL4 gives it, with its detail word (or -1: none). */
struct bad_set {
    seL4_Word bp, vaddr, type, size, rw;
    seL4_Error error;
    long detail;
    const char *what;
};

/*
 * Every argument seL4 refuses, with its error and detail, checked in seL4's order (the address,
 * the type, then size and access, the alignment, and the register number last); a refused call
 * sets nothing.
 */
static const char *breakpoint_argument_errors(seL4_BootInfo *bi)
{
    const seL4_Word code = (seL4_Word)dbg_nops, data = (seL4_Word)&dbg_watched;
    const struct bad_set bad[] = {
        {0, seL4_UserTop, seL4_DataBreakpoint, 4, seL4_BreakOnWrite, seL4_InvalidArgument, 1,
         "an address at seL4_UserTop is not InvalidArgument 1"},
        {0, seL4_UserTop, 7, 4, seL4_BreakOnWrite, seL4_InvalidArgument, 1,
         "the address is not checked before the type"},
        {0, code, 7, 0, seL4_BreakOnRead, seL4_InvalidArgument, 2,
         "an unknown type is not InvalidArgument 2"},
        {0, code, seL4_SingleStep, 0, seL4_BreakOnRead, seL4_InvalidArgument, 2,
         "seL4_SingleStep as a breakpoint type is not InvalidArgument 2"},
        {0, code, seL4_SoftwareBreakRequest, 0, seL4_BreakOnRead, seL4_InvalidArgument, 2,
         "seL4_SoftwareBreakRequest as a breakpoint type is not InvalidArgument 2"},
        {0, code, seL4_InstructionBreakpoint, 1, seL4_BreakOnRead, seL4_InvalidArgument, 3,
         "an instruction breakpoint with a size is not InvalidArgument 3"},
        {0, code, seL4_InstructionBreakpoint, 0, seL4_BreakOnWrite, seL4_InvalidArgument, 4,
         "an instruction breakpoint on writes is not InvalidArgument 4"},
        {0, data, seL4_DataBreakpoint, 0, seL4_BreakOnWrite, seL4_InvalidArgument, 3,
         "a data breakpoint of size 0 is not InvalidArgument 3"},
        {0, data, seL4_DataBreakpoint, 4, seL4_MaxBreakpointAccess, seL4_InvalidArgument, 3,
         "an unknown access is not InvalidArgument 3"},
        {0, data, seL4_DataBreakpoint, 3, seL4_BreakOnWrite, seL4_InvalidArgument, 3,
         "a data breakpoint of size 3 is not InvalidArgument 3"},
        {0, data, seL4_DataBreakpoint, 16, seL4_BreakOnWrite, seL4_InvalidArgument, 3,
         "a data breakpoint of size 16 is not InvalidArgument 3"},
        {0, data + 2, seL4_DataBreakpoint, 4, seL4_BreakOnWrite, seL4_AlignmentError, -1,
         "an unaligned watchpoint is not AlignmentError"},
        {4, data, seL4_DataBreakpoint, 4, seL4_BreakOnWrite, seL4_RangeError, 0,
         "breakpoint 4 is not a RangeError from 0"},
        {4, code, 7, 0, seL4_BreakOnRead, seL4_InvalidArgument, 2,
         "the type is not checked before the register number"},
        {4, data + 2, seL4_DataBreakpoint, 4, seL4_BreakOnWrite, seL4_AlignmentError, -1,
         "the alignment is not checked before the register number"},
    };
    BEGIN(bi);
    seL4_CPtr tcb = helper(0, 0);
    CHECK(tcb, "cannot make a thread");
    for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const struct bad_set *b = &bad[i];
        seL4_Error e =
            seL4_TCB_SetBreakpoint(tcb, (seL4_Uint16)b->bp, b->vaddr, b->type, b->size, b->rw);
        CHECK(e == b->error && (b->detail < 0 || MR(0) == (seL4_Word)b->detail), b->what);
        CHECK(b->error != seL4_RangeError || MR(1) == seL4_NumHWBreakpoints - 1,
              "the RangeError's maximum is not 3");
        CHECK(!seL4_TCB_GetBreakpoint(tcb, 0).is_enabled, "a refused SetBreakpoint set one");
    }
    seL4_Error e =
        seL4_TCB_SetBreakpoint(tcb, 3, data & ~7ul, seL4_DataBreakpoint, 8, seL4_BreakOnWrite);
    CHECK(eight_byte_breakpoints() ? e == seL4_NoError : e == seL4_InvalidArgument && MR(0) == 3,
          "8-byte watchpoints are not as seL4 has them for this CPU model");
    seL4_TCB_GetBreakpoint_t g = seL4_TCB_GetBreakpoint(tcb, 4);
    CHECK(g.error == seL4_RangeError && MR(0) == 0 && MR(1) == 3,
          "GetBreakpoint of register 4 is not RangeError 0-3");
    CHECK(seL4_TCB_UnsetBreakpoint(tcb, 4) == seL4_RangeError && MR(0) == 0 && MR(1) == 3,
          "UnsetBreakpoint of register 4 is not RangeError 0-3");
    /* bp_num is a seL4_Uint16: the kernel keeps those bits of the word, as seL4 does. */
    seL4_Word word = 1ul << 16;
    CHECK(seL4_MessageInfo_get_label(raw_call(tcb, TCBGetBreakpoint, 1, &word, 0, 0)) ==
              seL4_NoError,
          "a breakpoint number's bits above 16 were not ignored");
    return PASS;
}

const struct kernel_case debug_api_cases[] = {
    CASE(instruction_breakpoint_faults_before_the_instruction),
    CASE(data_breakpoint_traps_after_the_access),
    CASE(int3_is_a_software_break_request),
    CASE(single_step_faults_after_n_instructions),
    CASE(breakpoints_belong_to_their_thread),
    CASE(get_and_unset_round_trip),
    CASE(breakpoint_argument_errors),
    END_OF_CASES,
};

#else
const struct kernel_case debug_api_cases[] = {END_OF_CASES};
#endif /* CONFIG_HARDWARE_DEBUG_API */
