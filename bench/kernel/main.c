/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel micro-benchmarks, run as the root task.  Each prints one line:
 *
 *   BENCH <name> <ticks per operation, to 1/100> ticks
 *
 * Under QEMU -icount shift=0 the TSC counts exactly one tick per guest
 * instruction, so a figure is instructions per operation and repeats run
 * to run; under plain TCG it is real TSC ticks, which the runner turns into
 * nanoseconds with the TSC frequency the kernel reports.
 *
 * The IPC benchmarks run between the root thread (the client) and a
 * server thread in a second address space: a new PML4 that maps copies of
 * the root task's image frame caps at the same addresses.  Code and data
 * are therefore shared, which is how the server finds the time stamps it
 * records (the `mark` variables), but every switch between the two is a
 * real change of address space.  The server uses only the register forms
 * of the IPC stubs (WithMRs), because __sel4_ipc_buffer names the root
 * thread's buffer, which the server's VSpace does not map.
 *
 * IRQ delivery uses COM1's 16550: enabling its transmitter-empty interrupt
 * while the transmitter is empty raises ISA IRQ 4 at once, so the client
 * raises the line with one port write, and the server, the IRQ's handler
 * thread at a higher priority in the other address space, stamps the time
 * it wakes on the notification.  The kernel polls COM1 for its own output
 * and never enables its interrupts, so the two do not meet.
 *
 * One-way figures follow sel4bench: a time stamp just before the system
 * call on one side and just after it returns on the other, less the cost
 * of taking two time stamps back to back.  Batch figures time BATCH
 * operations and subtract an empty loop of the same length.
 */
#include <stdbool.h>
#include <stddef.h>

#include <interfaces/sel4_client.h>
#include <kaal/debug.h>
#include <sel4/bootinfo_types.h>
#include <sel4/sel4.h>

/* Operations per batch; a profile build (docs/performance.md) sets fewer. */
#ifndef BATCH
#define BATCH 10000
#endif
#define CLIENT_PRIO seL4_MaxPrio /* the root thread's priority at boot */
#define LOW_PRIO    100          /* the client, when the server must outrank it */
#define SERVER_PRIO 200
#define STACK_WORDS 2048
#define TABLES_MAX  4
#define BIG_MSG_LEN 10
#define ROOT_DEPTH  seL4_WordBits
#define COM1        0x3f8
#define COM1_IER    (COM1 + 1)
#define COM1_LSR    (COM1 + 5)
#define LSR_THRE    0x20 /* transmitter holding register empty */
#define COM1_LAST   (COM1 + 7)
#define IER_THRI    0x02 /* transmitter holding register empty: interrupt */
#define COM1_IRQ    4    /* ISA IRQ 4, GSI 4 on QEMU's q35 (no ACPI override) */

void root_main(seL4_BootInfo *bi);

KAAL_DEFINE_IPC_BUFFER();

extern char __executable_start[], _end[];

static seL4_BootInfo *boot;
static seL4_CPtr next_free, untyped;
static seL4_CPtr ep, ntfn, fault_ep, server, com1;

/* The server's stack and IPC buffer: pages of the shared image. */
static seL4_Word server_stack[STACK_WORDS] __attribute__((aligned(16)));
static seL4_IPCBuffer server_ipc __attribute__((aligned(4096)));
static char ipc_pad[4096 - sizeof(seL4_IPCBuffer)] __attribute__((used));

/* Written by the server, read by the client: the server's last time stamps. */
static volatile seL4_Word mark_recv, mark_reply;

/* The faulting thread's time for its last batch of faults, and whether it is done. */
static volatile seL4_Word fault_batch;
static volatile bool fault_done;

/*
 * Output goes to COM1 through an IOPort cap, not seL4_DebugPutChar, so that
 * the same ELF runs on the release kernel, which has no debug system calls.
 */
static void put_char(char c)
{
    seL4_X86_IOPort_In8_t lsr;

    do
        lsr = seL4_X86_IOPort_In8(com1, COM1_LSR);
    while (!lsr.error && !(lsr.result & LSR_THRE));
    seL4_X86_IOPort_Out8(com1, COM1, (seL4_Uint8)c);
}

static void puts_com1(const char *s)
{
    while (*s)
        put_char(*s++);
}

/* Stops the root thread; the runner boots with kaal.exit=idle, so the machine then stops. */
static void stop(void)
{
    seL4_TCB_Suspend(seL4_CapInitThreadTCB);
}

static void fail(const char *what)
{
    puts_com1("BENCH setup failed: ");
    puts_com1(what);
    puts_com1("\n");
    stop();
}

static inline seL4_Word tsc(void)
{
    seL4_Uint32 lo, hi;

    __asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi)::"memory");
    return ((seL4_Word)hi << 32) | lo;
}

static void report(const char *name, seL4_Word total, seL4_Word overhead, seL4_Word ops)
{
    seL4_Word hundredths = total > overhead ? (total - overhead) * 100 / ops : 0;

    puts_com1("BENCH ");
    puts_com1(name);
    puts_com1(" ");
    kaal_put_dec_with(put_char, hundredths / 100);
    puts_com1(".");
    kaal_put_dec_with(put_char, hundredths % 100 / 10);
    kaal_put_dec_with(put_char, hundredths % 10);
    puts_com1(" ticks\n");
}

/* Set-up: objects from the largest RAM untyped, into the boot info's empty slots. */

static seL4_CPtr make(seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = next_free++;

    if (seL4_Untyped_Retype(untyped, type, size_bits, seL4_CapInitThreadCNode, 0, 0, slot, 1))
        fail("Untyped_Retype");
    return slot;
}

static void find_untyped(void)
{
    seL4_Word best_bits = 0;

    for (seL4_Word i = 0; i < boot->untyped.end - boot->untyped.start; i++) {
        const seL4_UntypedDesc *d = &boot->untypedList[i];
        if (!d->isDevice && d->sizeBits > best_bits) {
            untyped = boot->untyped.start + i;
            best_bits = d->sizeBits;
        }
    }
    if (best_bits < 20)
        fail("no RAM untyped of 1 MiB");
}

/* A second VSpace mapping the whole image at its own addresses, through copied frame caps. */
static seL4_CPtr make_server_vspace(void)
{
    seL4_Word lo = (seL4_Word)__executable_start & ~0xffful;
    seL4_Word hi = ((seL4_Word)_end + 0xfff) & ~0xffful;
    seL4_X86_VMAttributes attr = 0; /* seL4_X86_Default_VMAttributes: write-back */
    seL4_CPtr pml4 = make(seL4_X64_PML4Object, 0);

    if (seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4))
        fail("ASIDPool_Assign");
    if (seL4_X86_PDPT_Map(make(seL4_X86_PDPTObject, 0), pml4, lo, attr) ||
        seL4_X86_PageDirectory_Map(make(seL4_X86_PageDirectoryObject, 0), pml4, lo, attr))
        fail("mapping the server's PDPT and page directory");
    if (((hi - 1) >> 30) != (lo >> 30) || ((hi - 1) >> 21) - (lo >> 21) >= TABLES_MAX)
        fail("the image spans more than the page tables made for it");
    for (seL4_Word pt = lo & ~0x1ffffful; pt < hi; pt += 1ul << 21) {
        if (seL4_X86_PageTable_Map(make(seL4_X86_PageTableObject, 0), pml4, pt, attr))
            fail("PageTable_Map");
    }
    for (seL4_Word va = lo; va < hi; va += 4096) {
        seL4_CPtr copy = next_free++;
        seL4_CPtr frame = boot->userImageFrames.start + ((va - lo) >> 12);
        if (seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, ROOT_DEPTH, seL4_CapInitThreadCNode,
                            frame, ROOT_DEPTH, seL4_AllRights))
            fail("copying an image frame cap");
        if (seL4_X86_Page_Map(copy, pml4, va, seL4_ReadWrite, attr))
            fail("Page_Map of an image frame into the server's VSpace");
    }
    return pml4;
}

static void server_entry(seL4_Word arg, seL4_Word fn)
{
    ((void (*)(seL4_Word))fn)(arg);
    for (;;)
        seL4_Yield(); /* the bodies never return; never reached */
}

/* (Re)starts the server thread running fn(arg) at prio; whatever it did before is dropped. */
static void start_server(void (*fn)(seL4_Word), seL4_Word arg, seL4_Word prio)
{
    seL4_UserContext regs = {0};

    if (seL4_TCB_Suspend(server) || seL4_TCB_SetPriority(server, seL4_CapInitThreadTCB, prio))
        fail("restarting the server");
    regs.rip = (seL4_Word)server_entry;
    regs.rsp = (seL4_Word)&server_stack[STACK_WORDS - 1]; /* as if called: rsp+8 16-aligned */
    regs.rdi = arg;
    regs.rsi = (seL4_Word)fn;
    regs.rflags = 0x202;
    if (seL4_TCB_WriteRegisters(server, 1, 0, 20, &regs))
        fail("starting the server");
}

static void set_client_prio(seL4_Word prio)
{
    if (seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, prio))
        fail("setting the client's priority");
}

static void setup(seL4_BootInfo *bi)
{
    boot = bi;
    seL4_SetIPCBuffer(bi->ipcBuffer);
    next_free = bi->empty.start;
    com1 = next_free++;
    if (seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, COM1, COM1_LAST,
                                     seL4_CapInitThreadCNode, com1, ROOT_DEPTH))
        stop(); /* nothing to print with */
    find_untyped();
    ep = make(seL4_EndpointObject, 0);
    ntfn = make(seL4_NotificationObject, 0);
    fault_ep = make(seL4_EndpointObject, 0);
    server = make(seL4_TCBObject, 0);
    seL4_CPtr vspace = make_server_vspace();
    /* The server's faults go to fault_ep, a cap of the CNode it shares with the root thread. */
    if (seL4_TCB_Configure(server, fault_ep, seL4_CapInitThreadCNode, 0, vspace, 0,
                           (seL4_Word)&server_ipc,
                           boot->userImageFrames.start +
                               (((seL4_Word)&server_ipc - (seL4_Word)__executable_start) >> 12)) ||
        seL4_TCB_SetSchedParams(server, seL4_CapInitThreadTCB, seL4_MaxPrio, SERVER_PRIO))
        fail("configuring the server thread");
}

/* Server bodies, in the second address space. */

/* Answers every Call with an empty reply. */
static void serve_echo(seL4_Word endpoint)
{
    seL4_MessageInfo_t none = seL4_MessageInfo_new(0, 0, 0, 0);

    seL4_RecvWithMRs(endpoint, 0, 0, 0, 0, 0);
    for (;;)
        seL4_ReplyRecvWithMRs(endpoint, none, 0, 0, 0, 0, 0);
}

/* Answers every Call, stamping the time a message arrives and the time the reply leaves. */
static void serve_timed(seL4_Word endpoint)
{
    seL4_MessageInfo_t none = seL4_MessageInfo_new(0, 0, 0, 0);

    seL4_RecvWithMRs(endpoint, 0, 0, 0, 0, 0);
    for (;;) {
        mark_recv = tsc();
        mark_reply = tsc();
        seL4_ReplyRecvWithMRs(endpoint, none, 0, 0, 0, 0, 0);
    }
}

/* Stamps the time each message (or signal, on a notification) arrives. */
static void serve_recv(seL4_Word object)
{
    for (;;) {
        seL4_RecvWithMRs(object, 0, 0, 0, 0, 0);
        mark_recv = tsc();
    }
}

/*
 * A Linux system call as a static Linux binary makes it: the number in rax
 * (getppid's, 110), and in rdx too, where the seL4 ABI looks for its own
 * system-call number, so that it is no seL4 one.  The kernel turns it into
 * an UnknownSyscall fault, and the handler's reply supplies rax.
 */
static seL4_Word linux_getppid(void)
{
    register seL4_Word rdx __asm__("rdx") = 110;
    seL4_Word rax = 110;

    __asm__ volatile("syscall" : "+a"(rax), "+r"(rdx) : : "rcx", "r11", "memory");
    return rax;
}

/* Makes two batches of such system calls (the first warms up), timing the second. */
static void serve_fault(seL4_Word unused)
{
    (void)unused;
    for (int pass = 0; pass < 2; pass++) {
        seL4_Word t0 = tsc();
        for (int i = 0; i < BATCH; i++)
            linux_getppid();
        fault_batch = tsc() - t0;
    }
    fault_done = true;
    seL4_TCB_Suspend(server);
}

static void serve_yield(seL4_Word unused)
{
    (void)unused;
    for (;;)
        seL4_Yield();
}

/* The benchmarks, in the client. */

/* What two time stamps taken back to back cost: subtracted from every one-way figure. */
static seL4_Word stamp_overhead(void)
{
    seL4_Word sum = 0;

    for (int i = 0; i < BATCH; i++) {
        seL4_Word t0 = tsc();
        sum += tsc() - t0;
    }
    return sum;
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

static seL4_Word call_batch(seL4_MessageInfo_t info)
{
    seL4_Word t0 = tsc();
    for (int i = 0; i < BATCH; i++)
        seL4_CallWithMRs(ep, info, 0, 0, 0, 0);
    return tsc() - t0;
}

static void bench_round_trip(seL4_Word empty)
{
    seL4_MessageInfo_t none = seL4_MessageInfo_new(0, 0, 0, 0);

    start_server(serve_echo, ep, CLIENT_PRIO);
    seL4_Yield(); /* the server reaches its first Recv */
    call_batch(none);
    report("ipc_round_trip", call_batch(none), empty, BATCH);
}

/* One-way Call and ReplyRecv: client -> server and server -> client stamps. */
static void bench_one_way(seL4_Word overhead, const char *call_name, const char *reply_name,
                          seL4_Word length)
{
    seL4_MessageInfo_t info = seL4_MessageInfo_new(0, 0, 0, length);
    seL4_Word call = 0, reply = 0;

    start_server(serve_timed, ep, CLIENT_PRIO);
    seL4_Yield();
    for (int pass = 0; pass < 2; pass++) { /* the first pass warms up */
        call = reply = 0;
        for (int i = 0; i < BATCH; i++) {
            seL4_Word t0 = tsc();
            seL4_Call(ep, info);
            seL4_Word t1 = tsc();
            call += mark_recv - t0;
            reply += t1 - mark_reply;
        }
    }
    report(call_name, call, overhead, BATCH);
    if (reply_name)
        report(reply_name, reply, overhead, BATCH);
}

/* A Signal or a Send that wakes the higher-priority server: until the server has the time. */
static void bench_wake_higher(seL4_Word overhead, const char *name, seL4_CPtr object, bool signal)
{
    seL4_MessageInfo_t none = seL4_MessageInfo_new(0, 0, 0, 0);
    seL4_Word sum = 0;

    set_client_prio(LOW_PRIO);
    start_server(serve_recv, object, SERVER_PRIO); /* runs at once, and waits */
    for (int pass = 0; pass < 2; pass++) {
        sum = 0;
        for (int i = 0; i < BATCH; i++) {
            seL4_Word t0 = tsc();
            if (signal)
                seL4_Signal(object);
            else
                seL4_SendWithMRs(object, none, 0, 0, 0, 0);
            sum += mark_recv - t0;
        }
    }
    report(name, sum, overhead, BATCH);
    set_client_prio(CLIENT_PRIO);
}

/*
 * From the port write that raises COM1's IRQ, through the kernel's interrupt
 * entry and the Signal to the IRQ's notification, to the higher-priority
 * handler thread in the other address space running.  The line is lowered
 * (IER cleared) and the IRQ acknowledged before the next round.
 */
static void bench_irq(seL4_Word overhead)
{
    seL4_CPtr port = com1, irq = next_free++;
    seL4_Word sum = 0;

    if (seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, seL4_CapInitThreadCNode, irq, ROOT_DEPTH, 0,
                                  COM1_IRQ, 0, 0, COM1_IRQ) ||
        seL4_IRQHandler_SetNotification(irq, ntfn))
        fail("getting COM1's IRQ");
    /* The server first: the yield benchmark left it spinning at the client's priority. */
    start_server(serve_recv, ntfn, SERVER_PRIO);
    set_client_prio(LOW_PRIO); /* the server runs now, and waits */
    for (int pass = 0; pass < 2; pass++) {
        sum = 0;
        for (int i = 0; i < BATCH; i++) {
            seL4_Word t0 = tsc();
            seL4_X86_IOPort_Out8(port, COM1_IER, IER_THRI);
            seL4_Word woke = mark_recv;
            if (woke < t0)
                fail("COM1's IRQ did not reach its handler thread");
            sum += woke - t0;
            seL4_X86_IOPort_Out8(port, COM1_IER, 0);
            seL4_IRQHandler_Ack(irq);
        }
    }
    report("irq_to_driver", sum, overhead, BATCH);
    set_client_prio(CLIENT_PRIO);
}

/*
 * The UnknownSyscall fault round trip, the floor under every POSIX system
 * call: the server thread's syscall becomes a fault message to its handler,
 * the root thread in the other address space, which answers as a POSIX
 * server would: rax gets the result, the fault IP moves past the 2-byte
 * syscall instruction, and the registers between go back as they came (the
 * fault message left them in the IPC buffer, where the reply reads them).
 */
static void bench_fault(seL4_Word empty)
{
    seL4_MessageInfo_t reply = seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_FaultIP + 1);

    start_server(serve_fault, 0, CLIENT_PRIO);
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, NULL);
    for (int n = 1;; n++) {
        if (seL4_MessageInfo_get_label(info) != seL4_Fault_UnknownSyscall ||
            seL4_GetMR(seL4_UnknownSyscall_Syscall) != 110)
            fail("the fault handler got no UnknownSyscall fault for syscall 110");
        seL4_SetMR(seL4_UnknownSyscall_RAX, 1); /* getppid: the parent is process 1 */
        seL4_SetMR(seL4_UnknownSyscall_FaultIP, seL4_GetMR(seL4_UnknownSyscall_FaultIP) + 2);
        if (n == 2 * BATCH)
            break;
        info = seL4_ReplyRecv(fault_ep, reply, NULL);
    }
    seL4_Reply(reply);
    while (!fault_done)
        seL4_Yield();
    report("fault_round_trip", fault_batch, empty, BATCH);
}

/*
 * Memory management, after sel4bench's page-mapping benchmark: making 4 KiB
 * frames from an untyped (each Retype zeroes its frame), preparing page
 * tables (a Retype and a Map each), and mapping, write-protecting and
 * unprotecting those frames one by one in the root thread's own VSpace.
 * Each figure is per operation over MAP_PAGES pages or MAP_TABLES tables;
 * a protect or unprotect is a Map of the mapped frame at its own address
 * with new rights, as seL4 defines it.
 */
#define MAP_PAGES  256
#define MAP_TABLES 8
#define MAP_BASE   0x40000000ul /* 1 GiB: a page directory of its own */

static void bench_mapping(void)
{
    seL4_X86_VMAttributes attr = 0;
    seL4_CPtr frames_ut = make(seL4_UntypedObject, 21), frames = next_free;
    seL4_Word t0;

    next_free += MAP_PAGES;
    t0 = tsc();
    for (seL4_Word i = 0; i < MAP_PAGES; i++) {
        if (seL4_Untyped_Retype(frames_ut, seL4_X86_4K, 0, seL4_CapInitThreadCNode, 0, 0,
                                frames + i, 1))
            fail("making a frame");
    }
    report("page_allocate", tsc() - t0, 0, MAP_PAGES);

    if (seL4_X86_PageDirectory_Map(make(seL4_X86_PageDirectoryObject, 0), seL4_CapInitThreadVSpace,
                                   MAP_BASE, attr))
        fail("mapping the page directory for the mapping benchmark");
    t0 = tsc();
    for (seL4_Word i = 0; i < MAP_TABLES; i++) {
        if (seL4_X86_PageTable_Map(make(seL4_X86_PageTableObject, 0), seL4_CapInitThreadVSpace,
                                   MAP_BASE + (i << 21), attr))
            fail("preparing a page table");
    }
    report("table_prepare", tsc() - t0, 0, MAP_TABLES);

    static const struct {
        const char *name;
        bool writable;
    } passes[] = {{"page_map", true}, {"page_protect", false}, {"page_unprotect", true}};
    for (int p = 0; p < 3; p++) {
        seL4_CapRights_t rights = passes[p].writable ? seL4_ReadWrite : seL4_CanRead;
        t0 = tsc();
        for (seL4_Word i = 0; i < MAP_PAGES; i++) {
            if (seL4_X86_Page_Map(frames + i, seL4_CapInitThreadVSpace, MAP_BASE + (i << 12),
                                  rights, attr))
                fail(passes[p].name);
        }
        report(passes[p].name, tsc() - t0, 0, MAP_PAGES);
    }
}

/* Yield to a thread of the same priority in the other address space: two yields per round. */
static void bench_yield_switch(seL4_Word empty)
{
    start_server(serve_yield, 0, CLIENT_PRIO);
    yield_batch();
    report("yield_switch", yield_batch(), empty, 2 * BATCH);
}

void root_main(seL4_BootInfo *bi)
{
    setup(bi);
    yield_batch(); /* warm up: the first batch pays for cold TLB entries */
    seL4_Word empty = empty_batch(), overhead = stamp_overhead();

    /* Yield with no other thread ready: kernel entry, dispatch and exit only. */
    report("null_syscall", yield_batch(), empty, BATCH);
    bench_round_trip(empty);
    bench_one_way(overhead, "call", "reply_recv", 0);
    bench_one_way(overhead, "call_10_words", 0, BIG_MSG_LEN);
    bench_wake_higher(overhead, "signal_higher", ntfn, true);
    bench_wake_higher(overhead, "send_higher", ep, false);
    bench_yield_switch(empty);
    bench_irq(overhead);
    bench_fault(empty);
    bench_mapping();
    if (seL4_TCB_Suspend(server))
        fail("stopping the server");
    puts_com1("BENCH done\n");
    stop();
}
