/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test root task: real device interrupts.  It takes the PIT's ports with an
 * IOPort cap, takes its interrupt with IRQControl_GetIOAPIC and binds a
 * badged notification to it, programs PIT channel 0 as a 1 kHz rate
 * generator, and waits: the kernel must wake it with the badge, once per
 * Ack.  It also checks that an interrupt with no notification leaves the
 * line masked until Ack, that deleting the handler releases the IRQ, that
 * a long Revoke and Retype with interrupts arriving (preempted and
 * restarted by the kernel) still complete, and the errors seL4 gives.
 *
 * The PIT's ISA IRQ 0 arrives on IOAPIC 0 pin 2: that is the interrupt
 * source override of QEMU's MADT, which the kernel prints at boot ("ISA
 * IRQ 0 is GSI 2") and the scenario checks; an ISA IRQ is edge triggered
 * and active high.  Built only against sdk/: the invocations are made by
 * hand with seL4_CallWithMRs and the labels of <sel4/invocation.h>.
 */
#include <kaal/bootinfo.h>
#include <kaal/debug.h>
#include <sel4/arch/syscalls.h>
#include <sel4/bootinfo_types.h>
#include <sel4/errors.h>
#include <sel4/invocation.h>
#include <sel4/objecttype.h>

KAAL_DEFINE_IPC_BUFFER();

void root_main(seL4_BootInfo *bi);

#define CNODE      seL4_CapInitThreadCNode
#define DEPTH      64
#define PIT_CH0    0x40
#define PIT_CMD    0x43
#define PIT_HZ     1193182u
#define PIT_PIN    2 /* ISA IRQ 0 through QEMU's override */
#define USER_INDEX 0 /* IRQ 16, vector 48 */
#define BADGE      0x2a
#define ALL_RIGHTS 0xf
#define WAITS      5

static seL4_Word reply[4], mhz, failures;

/* Calls service with label, words w[0..n) and at most one extra cap (0: none); returns the label.
 */
static seL4_Word call(seL4_CPtr service, seL4_Word label, seL4_CPtr cap, seL4_Word n,
                      const seL4_Word *w)
{
    seL4_Word mr[4] = {0, 0, 0, 0};

    for (seL4_Word i = 0; i < n; i++) {
        if (i < 4)
            mr[i] = w[i];
        else
            seL4_SetMR((int)i, w[i]);
    }
    if (cap)
        seL4_SetCap(0, cap);
    seL4_MessageInfo_t info = seL4_MessageInfo_new(label, 0, cap ? 1 : 0, n);
    info = seL4_CallWithMRs(service, info, &mr[0], &mr[1], &mr[2], &mr[3]);
    for (int i = 0; i < 4; i++)
        reply[i] = mr[i];
    return seL4_MessageInfo_get_label(info);
}

/* An invocation with no message words. */
static seL4_Word call0(seL4_CPtr service, seL4_Word label, seL4_CPtr cap)
{
    return call(service, label, cap, 0, 0);
}

#define CALL(service, label, cap, ...)                                                             \
    call(service, label, cap, sizeof((seL4_Word[]){__VA_ARGS__}) / sizeof(seL4_Word),              \
         (const seL4_Word[]){__VA_ARGS__})

static int check(int ok, const char *what)
{
    kaal_debug_puts(ok ? "[test] ok: " : "[test] FAILED: ");
    kaal_debug_puts(what);
    kaal_debug_puts("\n");
    failures += !ok;
    return ok;
}

static seL4_Word tsc(void)
{
    seL4_Uint32 lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((seL4_Word)hi << 32) | lo;
}

/* Polls the notification for ms milliseconds of TSC time; returns the badge word seen (0: none). */
static seL4_Word poll_for(seL4_CPtr ntfn, seL4_Word ms)
{
    seL4_Word end = tsc() + mhz * 1000 * ms, badge = 0, b;

    while (tsc() < end) {
        seL4_Poll(ntfn, &b);
        badge |= b;
    }
    return badge;
}

static seL4_Word out8(seL4_CPtr port, seL4_Word p, seL4_Word v)
{
    return CALL(port, X86IOPortOut8, 0, p, v);
}

/* Latches PIT channel 0's count and reads it with In8, low byte first (~0 on an error). */
static seL4_Word read_count(seL4_CPtr port)
{
    seL4_Word lo, hi;

    if (out8(port, PIT_CMD, 0x00) != seL4_NoError ||
        CALL(port, X86IOPortIn8, 0, PIT_CH0) != seL4_NoError)
        return ~0ul;
    lo = reply[0];
    if (CALL(port, X86IOPortIn8, 0, PIT_CH0) != seL4_NoError)
        return ~0ul;
    hi = reply[0];
    return lo > 0xff || hi > 0xff ? ~0ul : lo | hi << 8;
}

/* Starts PIT channel 0 as a rate generator (mode 2) at about hz. */
static void pit_start(seL4_CPtr port, seL4_Word hz)
{
    seL4_Word div = PIT_HZ / hz;

    out8(port, PIT_CMD, 0x34); /* channel 0, low then high byte, mode 2 */
    out8(port, PIT_CH0, div & 0xff);
    out8(port, PIT_CH0, div >> 8);
}

/* A RAM untyped of at least 2^bits bytes other than except, or 0. */
static seL4_CPtr find_untyped(const seL4_BootInfo *bi, seL4_Word bits, seL4_CPtr except)
{
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= bits &&
            bi->untyped.start + i != except)
            return bi->untyped.start + i;
    return 0;
}

static void errors(seL4_CPtr port, seL4_CPtr irq, seL4_CPtr spare)
{
    check(CALL(seL4_CapIRQControl, IRQIssueIRQHandler, CNODE, 0, spare, DEPTH) ==
              seL4_IllegalOperation,
          "IRQControl_Get is IllegalOperation on pc99 with the IOAPIC");
    check(CALL(seL4_CapIRQControl, X86IRQIssueIRQHandlerIOAPIC, CNODE, spare, DEPTH, 0, PIT_PIN, 0,
               0, USER_INDEX) == seL4_RevokeFirst,
          "GetIOAPIC of an active IRQ is RevokeFirst");
    check(CALL(seL4_CapIRQControl, X86IRQIssueIRQHandlerIOAPIC, CNODE, spare, DEPTH, 0, PIT_PIN, 0,
               0, 108) == seL4_RangeError &&
              reply[0] == 0 && reply[1] == 107,
          "GetIOAPIC past the user range is RangeError 0-107");
    check(CALL(seL4_CapIRQControl, X86IRQIssueIRQHandlerIOAPIC, CNODE, spare, DEPTH, 0, 24, 0, 0,
               1) == seL4_RangeError &&
              reply[1] == 23,
          "GetIOAPIC of pin 24 is RangeError 0-23");
    check(call0(irq, IRQSetIRQHandler, seL4_CapIRQControl) == seL4_InvalidCapability,
          "SetNotification with no notification cap is InvalidCapability");
    check(out8(port, 0x60, 0) == seL4_IllegalOperation,
          "Out8 to a port outside the cap is IllegalOperation");
    check(CALL(port, X86IOPortIn16, 0, PIT_CMD) == seL4_IllegalOperation,
          "In16 running past the cap's last port is IllegalOperation");
}

/* Waits for WAITS interrupts, acknowledging each; returns how many came with the badge. */
static seL4_Word wait_loop(seL4_CPtr ntfn, seL4_CPtr irq)
{
    seL4_Word good = 0, badge;

    for (int i = 0; i < WAITS; i++) {
        seL4_Wait(ntfn, &badge);
        good += badge == BADGE;
        call0(irq, IRQAckIRQ, 0);
    }
    return good;
}

/*
 * Revoke and Retype over a 1 MiB untyped (other than small, which holds
 * the notification) while the PIT runs at 20 kHz: interrupts arrive
 * during them, so their preemption points stop them and the kernel
 * restarts them until they are done.  The rounds go on until an interrupt
 * has come (at most ROUNDS): how many fit in one round depends on the
 * host's speed under TCG, and the kernel's memset clears 1 MiB quickly.
 */
#define ROUNDS 256
static void long_operations(const seL4_BootInfo *bi, seL4_CPtr port, seL4_CPtr irq, seL4_CPtr ntfn,
                            seL4_CPtr small, seL4_Word slots)
{
    seL4_CPtr ut = find_untyped(bi, 20, small);
    seL4_Word badge = 0;
    int ok = ut != 0;

    pit_start(port, 20000);
    call0(irq, IRQAckIRQ, 0);
    for (int round = 0; ok && round < ROUNDS && badge != BADGE; round++) {
        /* 256 endpoints, then a revoke of all 256; the second retype resets the whole region. */
        ok &= CALL(ut, UntypedRetype, CNODE, seL4_EndpointObject, 0, 0, 0, slots, 256) ==
              seL4_NoError;
        ok &= CALL(CNODE, CNodeRevoke, 0, ut, DEPTH) == seL4_NoError;
        ok &=
            CALL(ut, UntypedRetype, CNODE, seL4_UntypedObject, 20, 0, 0, slots, 1) == seL4_NoError;
        ok &= CALL(CNODE, CNodeRevoke, 0, ut, DEPTH) == seL4_NoError;
        seL4_Poll(ntfn, &badge);
    }
    check(ok, "Revoke and Retype of 1 MiB complete while interrupts arrive");
    check(badge == BADGE, "the interrupt that came meanwhile was delivered");
}

void root_main(seL4_BootInfo *bi)
{
    seL4_CPtr port = bi->empty.start, ntfn = port + 1, badged = port + 2, irq = port + 3;
    seL4_CPtr spare = port + 4, objects = port + 8;
    seL4_CPtr ut = find_untyped(bi, 12, 0);
    seL4_Word badge;

    seL4_SetIPCBuffer(bi->ipcBuffer);
    mhz = kaal_bootinfo_tsc_mhz(bi);
    if (!check(mhz > 0 && ut && bi->empty.end - bi->empty.start > 8 + 256,
               "TSC frequency, an untyped and free slots"))
        seL4_DebugHalt();
    check(CALL(seL4_CapIOPortControl, X86IOPortControlIssue, CNODE, PIT_CH0, PIT_CMD, port,
               DEPTH) == seL4_NoError,
          "IOPortControl_Issue gives the PIT's ports 0x40-0x43");
    check(CALL(ut, UntypedRetype, CNODE, seL4_NotificationObject, 0, 0, 0, ntfn, 1) ==
                  seL4_NoError &&
              CALL(CNODE, CNodeMint, CNODE, badged, DEPTH, ntfn, DEPTH, ALL_RIGHTS, BADGE) ==
                  seL4_NoError,
          "a notification and a badged copy");
    check(CALL(seL4_CapIRQControl, X86IRQIssueIRQHandlerIOAPIC, CNODE, irq, DEPTH, 0, PIT_PIN, 0, 0,
               USER_INDEX) == seL4_NoError,
          "GetIOAPIC routes IOAPIC 0 pin 2 (ISA IRQ 0) to IRQ 16");
    errors(port, irq, spare);
    check(call0(irq, IRQSetIRQHandler, badged) == seL4_NoError, "SetNotification");

    pit_start(port, 1000);
    check(wait_loop(ntfn, irq) == WAITS, "5 PIT interrupts woke the waiting thread with the badge");
    check(read_count(port) <= PIT_HZ / 1000, "In8 reads the PIT's latched count");

    /* Without a notification an interrupt masks the line; it stays masked until Ack. */
    check(call0(irq, IRQClearIRQHandler, 0) == seL4_NoError &&
              call0(irq, IRQAckIRQ, 0) == seL4_NoError,
          "Clear, then Ack");
    poll_for(ntfn, 20);
    check(call0(irq, IRQSetIRQHandler, badged) == seL4_NoError, "SetNotification again");
    check(poll_for(ntfn, 20) == 0, "the undelivered interrupt left the line masked");
    call0(irq, IRQAckIRQ, 0);
    seL4_Wait(ntfn, &badge);
    check(badge == BADGE, "after Ack the next interrupt is delivered");

    long_operations(bi, port, irq, ntfn, ut, objects);

    /* Deleting the only handler cap masks the line and frees the IRQ for a new GetIOAPIC. */
    check(CALL(CNODE, CNodeDelete, 0, irq, DEPTH) == seL4_NoError, "the handler cap is deleted");
    poll_for(ntfn, 5);
    check(poll_for(ntfn, 20) == 0, "no interrupt is delivered after the handler is gone");
    check(CALL(seL4_CapIRQControl, X86IRQIssueIRQHandlerIOAPIC, CNODE, irq, DEPTH, 0, PIT_PIN, 0, 0,
               USER_INDEX) == seL4_NoError,
          "the IRQ can be issued again");
    out8(port, PIT_CMD, 0x30); /* channel 0 to mode 0 with no count: it stops */
    kaal_debug_puts(failures ? "[test] irq-pit: FAILED\n" : "[test] irq-pit: all passed\n");
    seL4_DebugHalt();
}
