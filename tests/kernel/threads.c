/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Thread, IPC, notification and fault cases.  Each case makes its own
 * objects out of a private untyped (carved once from the largest RAM
 * untyped) into slots at the top of the root CNode, and starts helper
 * threads in the root task's own CSpace and VSpace.  A helper's IPC buffer
 * is a page of this image, named by its frame cap in userImageFrames; as
 * __sel4_ipc_buffer belongs to the root thread, helpers use only the
 * register forms (WithMRs) of the system calls.  Helpers run below the
 * root thread's priority, so they run exactly when the root thread blocks.
 */
#include "suite.h"

#include <interfaces/sel4_client.h>
#include <stdbool.h>

#define HELPERS     2
#define STACK_WORDS 1024
#define POOL_BITS   20 /* the cases' private untyped: 1 MiB */
#define HELPER_PRIO 200
#define SLOT_TOP    4095
#define BAD_CPTR    (1ul << 62 | 5)

extern char __executable_start[];

static seL4_BootInfo *boot;
static seL4_CPtr pool;      /* the private untyped */
static seL4_CPtr next_slot; /* slots are handed out downwards from the top */
static seL4_Word stacks[HELPERS][STACK_WORDS] __attribute__((aligned(16)));
static seL4_IPCBuffer helper_ipc[HELPERS] __attribute__((aligned(4096)));
static char ipc_pad[4096 - sizeof(seL4_IPCBuffer)] __attribute__((used)); /* keep pages apart */
static volatile seL4_Word shared[8];

/* The frame cap of the image page holding va. */
static seL4_CPtr image_frame(const void *va)
{
    seL4_Word lo = (seL4_Word)__executable_start & ~4095ul;

    return boot->userImageFrames.start + (((seL4_Word)va - lo) >> 12);
}

static seL4_CPtr make(seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = next_slot--;

    if (seL4_Untyped_Retype(pool, type, size_bits, seL4_CapInitThreadCNode, 0, 0, slot, 1))
        return 0;
    return slot;
}

/* Sets up the pool once; each case then revokes it to start from a clean slate. */
static const char *fresh(seL4_BootInfo *bi)
{
    if (!pool) {
        seL4_Word best = 0, best_bits = 0;
        boot = bi;
        for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
            const seL4_UntypedDesc *d = &bi->untypedList[i];
            if (!d->isDevice && d->sizeBits > best_bits) {
                best = bi->untyped.start + i;
                best_bits = d->sizeBits;
            }
        }
        if (best_bits < POOL_BITS)
            return "no RAM untyped of 1 MiB";
        if (seL4_Untyped_Retype(best, seL4_UntypedObject, POOL_BITS, seL4_CapInitThreadCNode, 0, 0,
                                SLOT_TOP, 1))
            return "cannot carve the cases' untyped";
        pool = SLOT_TOP;
    }
    if (seL4_CNode_Revoke(seL4_CapInitThreadCNode, pool, 64))
        return "cannot revoke the cases' untyped";
    next_slot = SLOT_TOP - 1;
    for (int i = 0; i < 8; i++)
        shared[i] = 0;
    return 0;
}

/* Runs a set-up step that returns NULL or why it failed; a failure ends the case. */
#define STEP(call)                                                                                 \
    do {                                                                                           \
        const char *why_ = (call);                                                                 \
        if (why_)                                                                                  \
            return why_;                                                                           \
    } while (0)

/* Starts a case from a clean slate (fresh), or ends it with why that failed. */
#define FRESH(bi) STEP(fresh(bi))

/* A copy of ep with all rights and badge, in a new slot; 0 if Mint failed. */
static seL4_CPtr badged_endpoint(seL4_CPtr ep, seL4_Word badge)
{
    seL4_CPtr slot = next_slot--;

    if (seL4_CNode_Mint(seL4_CapInitThreadCNode, slot, 64, seL4_CapInitThreadCNode, ep, 64,
                        seL4_AllRights, badge))
        return 0;
    return slot;
}

/* The first code a helper runs: fn(arg), then it stops itself. */
static void helper_entry(seL4_Word arg, seL4_Word fn, seL4_Word self)
{
    ((void (*)(seL4_Word))fn)(arg);
    seL4_TCB_Suspend(self);
    for (;;)
        ;
}

/* Starts fn(arg) in helper number i at prio; returns its TCB cap or 0. */
static seL4_CPtr start(int i, void (*fn)(seL4_Word), seL4_Word arg, seL4_Word prio,
                       seL4_CPtr fault_ep)
{
    seL4_CPtr tcb = make(seL4_TCBObject, 0);
    seL4_UserContext regs = {0};

    if (!tcb)
        return 0;
    if (seL4_TCB_Configure(tcb, fault_ep, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0,
                           (seL4_Word)&helper_ipc[i], image_frame(&helper_ipc[i])))
        return 0;
    if (seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, prio, prio))
        return 0;
    regs.rip = (seL4_Word)helper_entry;
    regs.rsp = (seL4_Word)&stacks[i][STACK_WORDS - 1]; /* as if called: rsp+8 is 16-aligned */
    regs.rdi = arg;
    regs.rsi = (seL4_Word)fn;
    regs.rdx = tcb;
    regs.rflags = 0x202;
    if (seL4_TCB_WriteRegisters(tcb, 1, 0, 20, &regs))
        return 0;
    return tcb;
}

static seL4_MessageInfo_t msg(seL4_Word label, seL4_Word length)
{
    return seL4_MessageInfo_new(label, 0, 0, length);
}

/* Helper bodies.  arg is an endpoint or notification cptr. */
static void send_two_words(seL4_Word ep)
{
    seL4_Word a = 0x1111, b = 0x2222, c = 0, d = 0;
    seL4_SendWithMRs(ep, msg(7, 2), &a, &b, &c, &d);
    shared[0] = 1;
}

static void call_and_check(seL4_Word ep)
{
    seL4_Word a = 40, b = 2, c = 0, d = 0;
    seL4_MessageInfo_t r = seL4_CallWithMRs(ep, msg(9, 2), &a, &b, &c, &d);
    shared[1] = seL4_MessageInfo_get_label(r);
    shared[2] = a;
    shared[0] = 1;
}

static void wait_it(seL4_Word ntfn)
{
    seL4_Word badge = 0;
    seL4_Wait(ntfn, &badge);
    shared[1] = badge;
    shared[0] = 1;
}

static void spin_counter(seL4_Word unused)
{
    (void)unused;
    for (;;)
        shared[3]++;
}

static void fault_ud(seL4_Word unused)
{
    (void)unused;
    __asm__ volatile("ud2");
    shared[0] = 1; /* reached only if the handler moved rip past ud2 */
}

static void fault_read_null(seL4_Word unused)
{
    (void)unused;
    volatile seL4_Word *p = (volatile seL4_Word *)0x10;
    __asm__ volatile("" : "+r"(p)); /* hide the constant from the compiler's bounds checks */
    shared[1] = *p;
    shared[0] = 1;
}

static void fault_unknown_syscall(seL4_Word unused)
{
    seL4_Word rax = 0;
    (void)unused;
    __asm__ volatile("movq %%rsp, %%rbx\n\tmovq $77, %%rdx\n\tsyscall\n\tmovq %%rbx, %%rsp"
                     : "=a"(rax)
                     : "a"(0x1234)
                     : "rbx", "rcx", "rdx", "r11", "memory");
    shared[1] = rax;
    shared[0] = 1;
}

/*
 * rax, rbx, rcx, rdx, rsi, rdi, rbp, r8-r15 as fault_all_registers loads
 * them before its syscall (rdx, the number, is 200: no seL4 system call;
 * rcx and r11 then hold what syscall puts there) and as it finds them after
 * the fault handler's reply.
 */
#define GPRS 15
static seL4_Word regs_in[GPRS] __attribute__((used));
static seL4_Word regs_out[GPRS] __attribute__((used));

void fault_all_registers(void);
__asm__(".text\n"
        "fault_all_registers:\n"
        "    pushq %rbx\n    pushq %rbp\n    pushq %r12\n"
        "    pushq %r13\n    pushq %r14\n    pushq %r15\n"
        "    movq regs_in+8(%rip), %rbx\n    movq regs_in+16(%rip), %rcx\n"
        "    movq regs_in+24(%rip), %rdx\n    movq regs_in+32(%rip), %rsi\n"
        "    movq regs_in+40(%rip), %rdi\n    movq regs_in+48(%rip), %rbp\n"
        "    movq regs_in+56(%rip), %r8\n    movq regs_in+64(%rip), %r9\n"
        "    movq regs_in+72(%rip), %r10\n    movq regs_in+80(%rip), %r11\n"
        "    movq regs_in+88(%rip), %r12\n    movq regs_in+96(%rip), %r13\n"
        "    movq regs_in+104(%rip), %r14\n    movq regs_in+112(%rip), %r15\n"
        "    movq regs_in(%rip), %rax\n"
        "    syscall\n"
        "    movq %rax, regs_out(%rip)\n    movq %rbx, regs_out+8(%rip)\n"
        "    movq %rcx, regs_out+16(%rip)\n    movq %rdx, regs_out+24(%rip)\n"
        "    movq %rsi, regs_out+32(%rip)\n    movq %rdi, regs_out+40(%rip)\n"
        "    movq %rbp, regs_out+48(%rip)\n    movq %r8, regs_out+56(%rip)\n"
        "    movq %r9, regs_out+64(%rip)\n    movq %r10, regs_out+72(%rip)\n"
        "    movq %r11, regs_out+80(%rip)\n    movq %r12, regs_out+88(%rip)\n"
        "    movq %r13, regs_out+96(%rip)\n    movq %r14, regs_out+104(%rip)\n"
        "    movq %r15, regs_out+112(%rip)\n"
        "    popq %r15\n    popq %r14\n    popq %r13\n"
        "    popq %r12\n    popq %rbp\n    popq %rbx\n"
        "    ret\n");

/* Faults with every register set, then tells the handler on ep that it ran on. */
static void fault_then_send(seL4_Word ep)
{
    fault_all_registers();
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 0));
}

static void call_empty_slot(seL4_Word unused)
{
    seL4_Word a = 0, b = 0, c = 0, d = 0;
    (void)unused;
    /* Bits above the root CNode's 12 must match its guard of zeros: this cptr cannot resolve. */
    seL4_CallWithMRs(BAD_CPTR, msg(0, 0), &a, &b, &c, &d);
    shared[0] = 1;
}

/* Answers each Call: label + 1 and its first three words plus one; notes what came and when. */
static void echo_server(seL4_Word ep)
{
    seL4_Word badge = 0, a = 0, b = 0, c = 0, d = 0;
    seL4_MessageInfo_t in = seL4_RecvWithMRs(ep, &badge, &a, &b, &c, &d);

    for (;;) {
        shared[1] = badge;
        shared[2] = seL4_MessageInfo_get_label(in);
        shared[3] = seL4_MessageInfo_get_length(in);
        shared[4] = d;
        shared[5] = ++shared[6];
        shared[7] = helper_ipc[0].msg[5]; /* a long message's sixth word, from the buffer */
        a++, b++, c++;
        in = seL4_ReplyRecvWithMRs(ep, msg(shared[2] + 1, 3), &badge, &a, &b, &c, &d);
    }
}

/* Notes when it ran, in the order echo_server keeps. */
static void note_ran(seL4_Word unused)
{
    (void)unused;
    shared[0] = ++shared[6];
}

/* The cases. */
static const char *send_recv_delivers_message(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr ep = make(seL4_EndpointObject, 0), badged = badged_endpoint(ep, 0x55);
    REQUIRE(ep && badged, "cannot make a badged endpoint");
    REQUIRE(start(0, send_two_words, badged, HELPER_PRIO, 0), "cannot start the helper");
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    REQUIRE(badge == 0x55, "wrong badge");
    REQUIRE(seL4_MessageInfo_get_label(info) == 7, "wrong label");
    REQUIRE(seL4_MessageInfo_get_length(info) == 2, "wrong length");
    REQUIRE(seL4_GetMR(0) == 0x1111 && seL4_GetMR(1) == 0x2222, "wrong message words");
    return 0;
}

static const char *call_gets_reply(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr ep = make(seL4_EndpointObject, 0), done = make(seL4_NotificationObject, 0);
    REQUIRE(start(0, call_and_check, ep, HELPER_PRIO, 0), "cannot start the helper");
    seL4_Word badge = 1;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    REQUIRE(badge == 0, "an unbadged cap delivered a badge");
    REQUIRE(seL4_MessageInfo_get_label(info) == 9, "wrong label");
    seL4_SetMR(0, seL4_GetMR(0) + seL4_GetMR(1));
    seL4_Reply(msg(3, 1));
    (void)done;
    REQUIRE(shared[0] == 0, "the lower-priority caller ran before the replier blocked");
    return 0;
}

static const char *yield_does_not_run_lower_priority(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr helper = start(0, spin_counter, 0, HELPER_PRIO, 0);
    REQUIRE(helper, "cannot start the helper");
    for (int i = 0; i < 100; i++)
        seL4_Yield();
    REQUIRE(shared[3] == 0, "a lower-priority thread ran while the root thread was runnable");
    /* The helper waits in its ready queue: run.py looks for it in the scheduler dump. */
    seL4_DebugNameThread(helper, "ready-spinner");
    seL4_DebugDumpScheduler();
    return 0;
}

static const char *reply_round_trip(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr ep = make(seL4_EndpointObject, 0), done = make(seL4_NotificationObject, 0);
    REQUIRE(start(0, call_and_check, ep, HELPER_PRIO, 0), "cannot start the helper");
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    seL4_SetMR(0, seL4_GetMR(0) + seL4_GetMR(1));
    seL4_Reply(msg(3, 1));
    /* Lower our priority below the helper's so it runs and records the reply. */
    REQUIRE(!seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, HELPER_PRIO - 1),
            "cannot lower the root thread's priority");
    seL4_Yield();
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
    (void)done;
    REQUIRE(shared[0] == 1, "the caller did not run after the reply");
    REQUIRE(shared[1] == 3, "reply label not delivered");
    REQUIRE(shared[2] == 42, "reply word not delivered");
    return 0;
}

static const char *signal_wakes_waiter(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr n = make(seL4_NotificationObject, 0), badged = next_slot--;
    REQUIRE(!seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, 64, seL4_CapInitThreadCNode, n, 64,
                             seL4_AllRights, 0x30),
            "cannot mint a badged notification");
    REQUIRE(start(0, wait_it, n, HELPER_PRIO, 0), "cannot start the helper");
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, HELPER_PRIO - 1);
    seL4_Yield(); /* the helper runs and waits */
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, HELPER_PRIO + 1);
    REQUIRE(shared[0] == 0, "the waiter did not block");
    seL4_Signal(badged);
    REQUIRE(shared[0] == 0, "a lower-priority waiter ran before the signaller blocked");
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, HELPER_PRIO - 1);
    seL4_Yield();
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
    REQUIRE(shared[0] == 1, "the waiter did not wake");
    REQUIRE(shared[1] == 0x30, "the waiter got the wrong badge");
    return 0;
}

static const char *signal_preempts_for_higher_priority(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr n = make(seL4_NotificationObject, 0);
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, HELPER_PRIO - 10);
    REQUIRE(start(0, wait_it, n, HELPER_PRIO, 0), "cannot start the helper");
    /* The helper outranks us: it ran at once and now waits. */
    REQUIRE(shared[0] == 0, "the waiter did not block");
    seL4_Signal(n);
    /* The signal made it runnable and it outranks us: it has run by now. */
    int ran = shared[0] == 1;
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
    REQUIRE(ran, "the higher-priority waiter did not run at once");
    return 0;
}

static const char *poll_gets_pending_badges(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr n = make(seL4_NotificationObject, 0), b1 = next_slot--, b2 = next_slot--;
    seL4_CNode_Mint(seL4_CapInitThreadCNode, b1, 64, seL4_CapInitThreadCNode, n, 64, seL4_AllRights,
                    1);
    seL4_CNode_Mint(seL4_CapInitThreadCNode, b2, 64, seL4_CapInitThreadCNode, n, 64, seL4_AllRights,
                    4);
    seL4_Word badge = 99;
    seL4_Poll(n, &badge);
    REQUIRE(badge == 0, "polling an idle notification gave a badge");
    seL4_Signal(b1);
    seL4_Signal(b2);
    seL4_Poll(n, &badge);
    REQUIRE(badge == 5, "pending badges are not OR'ed");
    seL4_Poll(n, &badge);
    REQUIRE(badge == 0, "a poll did not clear the notification");
    return 0;
}

static const char *user_exception_goes_to_handler(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr ep = make(seL4_EndpointObject, 0), fep = next_slot--;
    seL4_CNode_Mint(seL4_CapInitThreadCNode, fep, 64, seL4_CapInitThreadCNode, ep, 64,
                    seL4_AllRights, 0xfa);
    REQUIRE(start(0, fault_ud, 0, HELPER_PRIO, fep), "cannot start the helper");
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    REQUIRE(badge == 0xfa, "the fault came without the fault endpoint's badge");
    REQUIRE(seL4_MessageInfo_get_label(info) == seL4_Fault_UserException, "not a UserException");
    REQUIRE(seL4_MessageInfo_get_length(info) == 5, "UserException message is not 5 words");
    REQUIRE(seL4_GetMR(3) == 6, "exception number is not #UD (6)");
    seL4_Word ip = seL4_GetMR(0);
    REQUIRE(*(const unsigned short *)ip == 0x0b0f, "FaultIP does not point at the ud2");
    /* Resume it past the ud2 with the reply's registers. */
    seL4_SetMR(0, ip + 2);
    seL4_Reply(msg(0, 3));
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, HELPER_PRIO - 1);
    seL4_Yield();
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
    REQUIRE(shared[0] == 1, "the thread did not resume where the reply said");
    return 0;
}

static const char *vm_fault_goes_to_handler(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr ep = make(seL4_EndpointObject, 0);
    seL4_CPtr tcb = start(0, fault_read_null, 0, HELPER_PRIO, ep);
    REQUIRE(tcb, "cannot start the helper");
    seL4_MessageInfo_t info = seL4_Recv(ep, 0);
    REQUIRE(seL4_MessageInfo_get_label(info) == seL4_Fault_VMFault, "not a VMFault");
    REQUIRE(seL4_GetMR(1) == 0x10, "VMFault address is not 0x10");
    REQUIRE(seL4_GetMR(2) == 0, "a data read reported as an instruction fetch");
    REQUIRE((seL4_GetMR(3) & 2) == 0, "a read reported as a write");
    seL4_TCB_Suspend(tcb);
    return 0;
}

static const char *unknown_syscall_goes_to_handler(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr ep = make(seL4_EndpointObject, 0);
    REQUIRE(start(0, fault_unknown_syscall, 0, HELPER_PRIO, ep), "cannot start the helper");
    seL4_MessageInfo_t info = seL4_Recv(ep, 0);
    REQUIRE(seL4_MessageInfo_get_label(info) == seL4_Fault_UnknownSyscall, "not UnknownSyscall");
    REQUIRE(seL4_MessageInfo_get_length(info) == 19, "UnknownSyscall message is not 19 words");
    REQUIRE(seL4_GetMR(0) == 0x1234, "RAX not in MR0");
    REQUIRE(seL4_GetMR(3) == 77, "RDX not in MR3");
    REQUIRE(seL4_GetMR(18) == 77, "the syscall number is not in MR18");
    seL4_Word ip = seL4_GetMR(15);
    REQUIRE(*(const unsigned short *)ip == 0x050f, "FaultIP does not point at the syscall");
    /* Answer: rax = 0x99, continue after the syscall instruction. */
    seL4_SetMR(0, 0x99);
    for (int i = 1; i < 15; i++)
        seL4_SetMR(i, seL4_GetMR(i));
    seL4_SetMR(15, ip + 2);
    seL4_Reply(msg(0, 18));
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, HELPER_PRIO - 1);
    seL4_Yield();
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
    REQUIRE(shared[0] == 1, "the thread did not resume after the reply");
    REQUIRE(shared[1] == 0x99, "the reply did not set rax");
    return 0;
}

/*
 * One UnknownSyscall fault of fault_then_send, delivered and answered on
 * the fast path (the handler waits first and answers with ReplyRecv) or
 * on the ordinary one (the fault is queued before the handler waits, and
 * the answer is a Reply).  The message goes into msg[], and the reply
 * gives every general register a new value and moves past the syscall.
 */
static const char *fault_round(seL4_CPtr ep, bool fast, seL4_Word mrs[19])
{
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;

    for (int i = 0; i < GPRS; i++) {
        regs_in[i] = 0x1000 + (seL4_Word)i;
        regs_out[i] = 0;
    }
    regs_in[3] = 200;
    if (fast) {
        REQUIRE(start(0, fault_then_send, ep, HELPER_PRIO, ep), "cannot start the helper");
        info = seL4_Recv(ep, &badge);
    } else {
        seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, HELPER_PRIO - 1);
        REQUIRE(start(0, fault_then_send, ep, HELPER_PRIO, ep), "cannot start the helper");
        seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
        info = seL4_Recv(ep, &badge);
    }
    REQUIRE(seL4_MessageInfo_get_label(info) == seL4_Fault_UnknownSyscall, "not UnknownSyscall");
    REQUIRE(seL4_MessageInfo_get_length(info) == 19, "UnknownSyscall message is not 19 words");
    for (int i = 0; i < 19; i++)
        mrs[i] = seL4_GetMR(i);
    for (int i = 0; i < GPRS; i++)
        seL4_SetMR(i, 0x5000 + (seL4_Word)i);
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, mrs[seL4_UnknownSyscall_FaultIP] + 2);
    if (fast) {
        info = seL4_ReplyRecv(ep, msg(0, seL4_UnknownSyscall_FaultIP + 1), &badge);
    } else {
        seL4_Reply(msg(0, seL4_UnknownSyscall_FaultIP + 1));
        info = seL4_Recv(ep, &badge);
    }
    REQUIRE(seL4_MessageInfo_get_label(info) == 0, "the helper did not run on after the reply");
    for (int i = 0; i < GPRS; i++)
        REQUIRE(regs_out[i] == 0x5000 + (seL4_Word)i, "a register is not what the reply set");
    return 0;
}

/* The fast path's fault message and reply are the ordinary path's, word for word. */
static const char *unknown_syscall_fast_and_ordinary_agree(seL4_BootInfo *bi)
{
    seL4_Word fast[19], slow[19];
    const char *why;

    FRESH(bi);
    seL4_CPtr ep = make(seL4_EndpointObject, 0);
    if ((why = fault_round(ep, true, fast)) || (why = fault_round(ep, false, slow)))
        return why;
    for (int i = 0; i < 19; i++)
        REQUIRE(fast[i] == slow[i], "the fast and ordinary fault messages differ");
    REQUIRE(fast[0] == 0x1000 && fast[1] == 0x1001 && fast[3] == 200 && fast[14] == 0x100e,
            "the fault message does not hold the registers");
    REQUIRE(fast[2] == fast[seL4_UnknownSyscall_FaultIP] + 2, "rcx is not the return address");
    REQUIRE(fast[18] == 200, "the syscall number is not in MR18");
    return 0;
}

static const char *cap_fault_goes_to_handler(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr ep = make(seL4_EndpointObject, 0);
    seL4_CPtr tcb = start(0, call_empty_slot, 0, HELPER_PRIO, ep);
    REQUIRE(tcb, "cannot start the helper");
    seL4_MessageInfo_t info = seL4_Recv(ep, 0);
    REQUIRE(seL4_MessageInfo_get_label(info) == seL4_Fault_CapFault, "not a CapFault");
    REQUIRE(seL4_GetMR(1) == BAD_CPTR, "CapFault address is not the cptr");
    REQUIRE(seL4_GetMR(2) == 0, "reported in the receive phase");
    REQUIRE(seL4_GetMR(3) == seL4_GuardMismatch, "lookup failure is not GuardMismatch");
    REQUIRE(seL4_GetMR(4) == 64, "bits left is not 64");
    seL4_TCB_Suspend(tcb);
    return 0;
}

static const char *invoking_empty_slot_is_invalid_capability(seL4_BootInfo *bi)
{
    FRESH(bi);
    /* An empty slot resolves; invoking its null cap is an error reply, not a fault. */
    seL4_MessageInfo_t info = seL4_Call(next_slot, msg(1, 0));
    REQUIRE(seL4_MessageInfo_get_label(info) == seL4_InvalidCapability,
            "invoking an empty slot is not InvalidCapability");
    return 0;
}

static const char *read_write_registers(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr tcb = start(0, spin_counter, 0, HELPER_PRIO, 0);
    seL4_UserContext regs = {0};
    REQUIRE(tcb, "cannot start the helper");
    REQUIRE(!seL4_TCB_ReadRegisters(tcb, 1, 0, 20, &regs), "ReadRegisters failed");
    REQUIRE(regs.rip == (seL4_Word)helper_entry, "rip is not where WriteRegisters put it");
    REQUIRE(regs.rsi == (seL4_Word)spin_counter, "rsi lost");
    REQUIRE(regs.rflags & 0x200, "interrupts are off in a user thread");
    regs.rflags = 0x3202;            /* IOPL 3 must not stick */
    regs.rip = 0xffff800000000000ul; /* kernel address must not stick */
    REQUIRE(!seL4_TCB_WriteRegisters(tcb, 0, 0, 20, &regs), "WriteRegisters failed");
    REQUIRE(!seL4_TCB_ReadRegisters(tcb, 0, 0, 20, &regs), "ReadRegisters failed");
    REQUIRE((regs.rflags & 0x3000) == 0, "user code could raise its IOPL");
    REQUIRE(regs.rip < 0x800000000000ul, "a kernel rip was accepted");
    return 0;
}

static const char *register_errors(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_UserContext regs;
    REQUIRE(seL4_TCB_ReadRegisters(seL4_CapInitThreadTCB, 0, 0, 20, &regs) == seL4_IllegalOperation,
            "reading one's own registers is not IllegalOperation");
    seL4_CPtr tcb = make(seL4_TCBObject, 0);
    REQUIRE(seL4_TCB_ReadRegisters(tcb, 0, 0, 21, &regs) == seL4_InvalidArgument ||
                seL4_TCB_ReadRegisters(tcb, 0, 0, 21, &regs) == seL4_RangeError,
            "reading 21 registers is accepted");
    return 0;
}

static const char *priority_above_mcp_is_range_error(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr a = make(seL4_TCBObject, 0), b = make(seL4_TCBObject, 0);
    REQUIRE(!seL4_TCB_SetMCPriority(a, seL4_CapInitThreadTCB, 50), "cannot set an MCP");
    REQUIRE(seL4_TCB_SetPriority(b, a, 51) == seL4_RangeError, "priority above MCP accepted");
    REQUIRE(seL4_GetMR(1) == 50, "RangeError does not give the MCP as maximum");
    REQUIRE(!seL4_TCB_SetPriority(b, a, 50), "priority equal to MCP refused");
    REQUIRE(seL4_TCB_SetPriority(b, seL4_CapInitThreadCNode, 1) == seL4_InvalidCapability,
            "a CNode cap was taken as the authority");
    return 0;
}

static const char *suspend_stops_thread(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr tcb = start(0, spin_counter, 0, HELPER_PRIO, 0);
    REQUIRE(tcb, "cannot start the helper");
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, HELPER_PRIO);
    while (shared[3] == 0)
        seL4_Yield(); /* same priority: round robin lets it run */
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
    seL4_TCB_Suspend(tcb);
    seL4_Word before = shared[3];
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 1);
    seL4_Yield();
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
    REQUIRE(shared[3] == before, "a suspended thread ran");
    REQUIRE(!seL4_TCB_Resume(tcb), "Resume failed");
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, HELPER_PRIO);
    seL4_Yield(); /* round robin: the helper runs until its timeslice ends */
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
    REQUIRE(shared[3] != before, "a resumed thread did not run");
    seL4_TCB_Suspend(tcb);
    return 0;
}

static const char *timeslice_round_robin(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr tcb = start(0, spin_counter, 0, 255, 0);
    REQUIRE(tcb, "cannot start the helper");
    /* Same priority, and we never yield: only the timer can let it run. */
    for (volatile unsigned long i = 0; shared[3] == 0 && i < 4000000000ul; i++)
        ;
    seL4_TCB_Suspend(tcb);
    REQUIRE(shared[3] != 0, "an equal-priority thread never got a timeslice");
    return 0;
}

/* Starts echo_server in helper 0 at prio and lets it reach its first Recv. */
static const char *start_echo_server(seL4_CPtr ep, seL4_Word prio)
{
    REQUIRE(start(0, echo_server, ep, prio, 0), "cannot start the server");
    REQUIRE(!seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, prio - 1),
            "cannot lower the root thread's priority");
    REQUIRE(!seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255),
            "cannot restore the root thread's priority");
    return 0;
}

/*
 * The kernel's fast path takes a Call of up to four words to a server of the
 * caller's priority waiting in Recv, and the ReplyRecv that answers it: the
 * badge, label, length and words must arrive exactly as on the ordinary path,
 * and the server must be waiting again for the next call.
 */
static const char *short_call_and_reply_recv(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr ep = make(seL4_EndpointObject, 0), badged = badged_endpoint(ep, 0x77);
    REQUIRE(ep && badged, "cannot make a badged endpoint");
    STEP(start_echo_server(ep, 255));
    for (seL4_Word round = 1; round <= 3; round++) {
        seL4_Word a = 10 * round, b = 20, c = 30, d = 40 + round;
        seL4_MessageInfo_t r = seL4_CallWithMRs(badged, msg(0x30 + round, 4), &a, &b, &c, &d);
        REQUIRE(shared[1] == 0x77, "the server got the wrong badge");
        REQUIRE(shared[2] == 0x30 + round && shared[3] == 4,
                "the server got the wrong label/length");
        REQUIRE(shared[4] == 40 + round, "the server got the wrong fourth word");
        REQUIRE(shared[5] == round, "the server did not take each call once");
        REQUIRE(seL4_MessageInfo_get_label(r) == 0x31 + round, "wrong reply label");
        REQUIRE(seL4_MessageInfo_get_length(r) == 3, "wrong reply length");
        REQUIRE(seL4_MessageInfo_get_extraCaps(r) == 0, "the reply claims caps");
        REQUIRE(a == 10 * round + 1 && b == 21 && c == 31, "wrong reply words");
    }
    return 0;
}

/* A six-word Call takes the ordinary path (words 4-5 go through the buffers); same result. */
static const char *long_call_and_reply_recv(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr ep = make(seL4_EndpointObject, 0);
    REQUIRE(ep, "cannot make an endpoint");
    STEP(start_echo_server(ep, 255));
    for (int i = 0; i < 6; i++)
        seL4_SetMR(i, 100 + i);
    seL4_MessageInfo_t r = seL4_Call(ep, msg(5, 6));
    REQUIRE(shared[2] == 5 && shared[3] == 6, "the server got the wrong label/length");
    REQUIRE(shared[4] == 103 && shared[7] == 105, "the server got the wrong words");
    REQUIRE(seL4_MessageInfo_get_label(r) == 6 && seL4_MessageInfo_get_length(r) == 3,
            "wrong reply label/length");
    REQUIRE(seL4_GetMR(0) == 101 && seL4_GetMR(2) == 103, "wrong reply words");
    return 0;
}

/*
 * A Call to a low-priority server while a middle-priority thread is ready:
 * the middle thread runs first, as the scheduler decides, not the server.
 */
static const char *call_runs_higher_ready_thread_first(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr ep = make(seL4_EndpointObject, 0);
    REQUIRE(ep, "cannot make an endpoint");
    STEP(start_echo_server(ep, 100));
    REQUIRE(start(1, note_ran, 0, HELPER_PRIO, 0), "cannot start the middle thread");
    REQUIRE(shared[0] == 0, "the middle thread ran before the root thread blocked");
    seL4_Word a = 1, b = 2, c = 3, d = 4;
    seL4_CallWithMRs(ep, msg(1, 4), &a, &b, &c, &d);
    REQUIRE(shared[0] == 1, "the middle thread did not run first");
    REQUIRE(shared[5] == 2, "the server did not run second");
    REQUIRE(a == 2, "wrong reply word");
    return 0;
}

/* A helper that waits to receive on ep. */
static void recv_it(seL4_Word ep)
{
    seL4_Word badge = 0, a = 0, b = 0, c = 0, d = 0;
    seL4_RecvWithMRs(ep, &badge, &a, &b, &c, &d);
    shared[0] = 1;
}

/* Lets the helpers at HELPER_PRIO run until each one blocks or yields (round robin). */
static void let_helpers_run(void)
{
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, HELPER_PRIO);
    seL4_Yield();
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
}

/* How each blocked state is reached: the helper's body, and what the root thread does after the
 * helper ran (receive the helper's Call, for a thread that waits for its reply). */
struct blocked_case {
    const char *state;
    void (*body)(seL4_Word);
    bool root_receives;
};

static const struct blocked_case blocked_cases[] = {
    {"receive", recv_it, false},
    {"send", send_two_words, false},
    {"a notification", wait_it, false},
    {"a reply", call_and_check, true},
};

/* Blocks a helper as bc says, then restarts it elsewhere with WriteRegisters (resume set), or
 * with CopyRegisters from a suspended thread set up the same way; NULL if the restarted thread
 * ran its new code, as seL4's restart of a stopped thread (isStopped) makes it. */
static const char *restart_blocked(const struct blocked_case *bc, bool by_copy)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), ntfn = make(seL4_NotificationObject, 0);
    seL4_UserContext regs = {0};

    if (!ep || !ntfn)
        return "cannot make the endpoint and notification";
    seL4_CPtr tcb = start(0, bc->body, bc->body == wait_it ? ntfn : ep, HELPER_PRIO, 0);
    if (!tcb)
        return "cannot start the helper";
    let_helpers_run();
    if (bc->root_receives) {
        seL4_Word badge = 0;
        seL4_Recv(ep, &badge); /* takes the Call: the helper now waits for its reply */
    }
    if (shared[0] != 0)
        return "the helper did not block";
    regs.rip = (seL4_Word)helper_entry; /* restarted at note_ran, not in its system call */
    regs.rsp = (seL4_Word)&stacks[0][STACK_WORDS - 1];
    regs.rsi = (seL4_Word)note_ran;
    regs.rdx = tcb;
    regs.rflags = 0x202;
    if (by_copy) {
        seL4_CPtr model = make(seL4_TCBObject, 0);
        if (!model || seL4_TCB_WriteRegisters(model, 0, 0, 20, &regs) ||
            seL4_TCB_CopyRegisters(tcb, model, 0, 1, 1, 1, 0))
            return "CopyRegisters with resume failed";
    } else if (seL4_TCB_WriteRegisters(tcb, 1, 0, 20, &regs)) {
        return "WriteRegisters with resume failed";
    }
    let_helpers_run();
    if (shared[0] != 1)
        return by_copy ? "CopyRegisters with resume did not restart the blocked helper"
                       : "WriteRegisters with resume did not restart the blocked helper";
    return 0;
}

/* seL4 counts a thread blocked on receive, send, a notification or a reply as stopped: resuming
 * it cancels its IPC and runs it (sel4bench restarts threads that wait on notifications). */
static const char *restart_cancels_every_blocked_state(seL4_BootInfo *bi)
{
    for (unsigned int i = 0; i < sizeof(blocked_cases) / sizeof(blocked_cases[0]); i++) {
        for (int by_copy = 0; by_copy < 2; by_copy++) {
            FRESH(bi);
            const char *why = restart_blocked(&blocked_cases[i], by_copy);
            if (why)
                return why;
        }
    }
    return 0;
}

/* TCB_Resume on a thread blocked on a notification restarts it in its Wait: it waits again,
 * and a signal afterwards still reaches it once, with the signal's badge. */
static const char *resume_of_a_waiting_thread_waits_again(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_CPtr ntfn = make(seL4_NotificationObject, 0);
    REQUIRE(ntfn, "cannot make a notification");
    seL4_CPtr tcb = start(0, wait_it, ntfn, HELPER_PRIO, 0);
    REQUIRE(tcb, "cannot start the helper");
    let_helpers_run();
    REQUIRE(shared[0] == 0, "the helper did not wait");
    REQUIRE(!seL4_TCB_Resume(tcb), "Resume failed");
    let_helpers_run();
    REQUIRE(shared[0] == 0, "the restarted helper did not wait again");
    seL4_Signal(ntfn);
    let_helpers_run();
    REQUIRE(shared[0] == 1, "the signal did not reach the restarted waiter");
    return 0;
}

static void note_order(seL4_Word id)
{
    shared[1 + shared[6]++] = id;
}

/* seL4's restart puts the thread at the head of its ready queue (tcbSchedEnqueue) before
 * possibleSwitchTo: threads resumed by an equal-priority thread that keeps running then run
 * newest first.  sel4bench's broadcast benchmark starts its waiters so, and their order on the
 * condition variable, hence their wake-up order, follows from it. */
static const char *restarted_equals_run_newest_first(seL4_BootInfo *bi)
{
    FRESH(bi);
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, HELPER_PRIO);
    seL4_CPtr first = start(0, note_order, 1, HELPER_PRIO, 0);
    seL4_CPtr second = first ? start(1, note_order, 2, HELPER_PRIO, 0) : 0;
    seL4_Word ran_before_yield = shared[6];
    seL4_Yield(); /* the root goes behind both */
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
    REQUIRE(first && second, "cannot start the helpers");
    REQUIRE(ran_before_yield == 0, "a helper ran before its equal-priority starter yielded");
    REQUIRE(shared[6] == 2, "the helpers did not both run when the root yielded");
    REQUIRE(shared[1] == 2 && shared[2] == 1,
            "the helpers did not run newest first (seL4 restarts at the head of the ready queue)");
    return 0;
}

const struct kernel_case thread_cases[] = {
    CASE(send_recv_delivers_message),
    CASE(call_gets_reply),
    CASE(yield_does_not_run_lower_priority),
    CASE(reply_round_trip),
    CASE(signal_wakes_waiter),
    CASE(signal_preempts_for_higher_priority),
    CASE(poll_gets_pending_badges),
    CASE(user_exception_goes_to_handler),
    CASE(vm_fault_goes_to_handler),
    CASE(unknown_syscall_goes_to_handler),
    CASE(unknown_syscall_fast_and_ordinary_agree),
    CASE(cap_fault_goes_to_handler),
    CASE(invoking_empty_slot_is_invalid_capability),
    CASE(read_write_registers),
    CASE(register_errors),
    CASE(priority_above_mcp_is_range_error),
    CASE(suspend_stops_thread),
    CASE(timeslice_round_robin),
    CASE(short_call_and_reply_recv),
    CASE(long_call_and_reply_recv),
    CASE(call_runs_higher_ready_thread_first),
    CASE(restart_cancels_every_blocked_state),
    CASE(resume_of_a_waiting_thread_waits_again),
    CASE(restarted_equals_run_newest_first),
    END_OF_CASES,
};
