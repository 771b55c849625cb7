// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer target for the kernel object model.
 *
 * Each input is a program over the universe of tests/unit/object/sim.h (a
 * root CNode, a 1 MiB untyped and a 64 KiB device untyped, ASIDControl,
 * IOPortControl and IRQControl): every 8 bytes are one step, byte 0
 * choosing the operation and the rest its arguments, squeezed into small
 * ranges so that steps meet each other's slots.  Byte 0 from DEVICE_OP up
 * is an IRQ or I/O port operation (IRQControl Get, GetIOAPIC and GetMSI,
 * IRQHandler SetNotification, Ack and Clear, IOPortControl Issue, IOPort
 * In and Out, or an interrupt arriving) on a few IRQs, pins and ports; from
 * VSPACE_OP up a VSpace invocation (Map, Unmap, GetAddress of tables and
 * frames) at one of a few addresses that share tables.  An operation may
 * be preempted at a point the input picks and is then invoked again until
 * it completes, as the kernel restarts a system call.  After every step
 * the invariant checker runs; a violation prints "INVARIANT VIOLATION:
 * ..." and aborts, and so does any kernel assertion.  A step that fails
 * with an error must have changed nothing (decode, then invoke): the root
 * CNode, root TCB, the IRQ node, the low part of the untyped and the
 * simulated IOAPIC and ports are compared with a snapshot taken before it.
 */
#include "sim.h"

#include <object/irq.h>
#include <object/untyped.h>
#include <arch/object/irq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEP        8
#define SLOTS       64       /* root-CNode slots the fuzzer addresses */
#define SNAP_BOOT   0x6000ul /* root TCB, root CNode, IRQ node */
#define SNAP_UT     0x20000ul
#define MAX_RESTART 100000
#define DEVICE_OP   0xe0 /* byte 0 below this: the operation is byte 0 % 12 */
#define VSPACE_OP   0xf0
#define PORT_BASE   0x60   /* IOPortControl_Issue hands out ports from here */
#define INTERRUPT   (~0ul) /* a device step's cptr: an interrupt arrives, nothing is invoked */

static uint8_t snap_boot[SNAP_BOOT], snap_ut[SNAP_UT];
static struct sim_ioapic snap_ioapic;
static unsigned long snap_port_calls;

static void violation(const char *what)
{
    printf("INVARIANT VIOLATION: %s\n", what);
    fflush(stdout);
    abort();
}

static void snapshot(void)
{
    memcpy(snap_boot, sim_ptr(SIM_BASE), SNAP_BOOT);
    memcpy(snap_ut, sim_ptr(SIM_UT_PA), SNAP_UT);
    snap_ioapic = sim_ioapic;
    snap_port_calls = sim_ports.ins + sim_ports.outs;
}

/* A failed call neither programs the IOAPIC nor touches a port (so the port space stays too). */
static bool unchanged(void)
{
    return memcmp(snap_boot, sim_ptr(SIM_BASE), SNAP_BOOT) == 0 &&
           memcmp(snap_ut, sim_ptr(SIM_UT_PA), SNAP_UT) == 0 &&
           memcmp(&snap_ioapic, &sim_ioapic, sizeof(sim_ioapic)) == 0 &&
           snap_port_calls == sim_ports.ins + sim_ports.outs;
}

/* Mint/Mutate data: small guards and badges, so that lookups still mostly work. */
static word_t data_word(uint8_t a, uint8_t b)
{
    return ((word_t)a << CNODE_CAPDATA_GUARD_SHIFT) | (b % 8);
}

struct call {
    word_t cptr, label, ex0, ex1;
    word_t mr[8];
    size_t len;
};

static struct call cnode_call(word_t label, size_t len)
{
    return (struct call){SIM_SLOT_CNODE, label, SIM_SLOT_CNODE, SIM_SLOT_CNODE, {0}, len};
}

/*
 * A virtual address from a 2-bit index per level (bytes 4-7), so that
 * steps meet in the same tables; bit 6 of each byte moves it to the last
 * 512 GiB of user space, to index 511 below the PML4, past user space, or
 * off alignment.
 */
static word_t vspace_vaddr(const uint8_t *b)
{
    word_t va = ((word_t)(b[4] & 3) << 39) | ((word_t)(b[5] & 3) << 30) |
                ((word_t)(b[6] & 3) << 21) | ((word_t)(b[7] & 3) << 12);

    if (b[4] & 0x40)
        va |= 255ul << 39;
    if (b[5] & 0x40)
        va |= MASK(39) & ~MASK(12);
    if (b[6] & 0x40)
        va |= BIT(47);
    if (b[7] & 0x40)
        va |= 0x800;
    return va;
}

/*
 * A VSpace step: label X86PDPTMap + byte 1 % 9 on the cap in slot byte 2,
 * the VSpace in slot byte 3; byte 1's bits 4-5 are Map's rights and bits
 * 6-7 the attributes (bit 6 of byte 3 adds WriteCombining); bit 7 of byte
 * 3 truncates the message.
 */
static struct call vspace_step(const uint8_t *b)
{
    word_t label = X86PDPTMap + b[1] % 9, attr = (b[1] >> 6) | ((b[3] & 0x40) ? 4 : 0);
    struct call c = {b[2] % SLOTS, label, b[3] % SLOTS, SIM_NONE, {vspace_vaddr(b)}, 3};

    if (label == X86PageMap)
        c.mr[1] = (b[1] >> 4) & 3, c.mr[2] = attr;
    else
        c.mr[1] = attr;
    if (b[3] & 0x80)
        c.len = b[1] % 3;
    return c;
}

/*
 * The IRQ or port step (byte 0 - DEVICE_OP) % 9 on the cap in slot byte 1,
 * destination slot byte 2.  GetIOAPIC: pin byte 3 % 26, level and polarity
 * byte 4 % 3 and / 3 % 3, IOAPIC 1 (absent) when byte 5 % 5 is 4; GetMSI:
 * bus byte 3 (0xff: 256), device byte 4 % 34, function byte 5 % 9 (the
 * last values of each out of range), handle byte 5; both: IRQ index byte 6 % 8, or 100 +
 * byte 6 % 16 (past 107 out of range) when its bit 7 is set.
 * IRQControl_Get: IRQ byte 3.  SetNotification: the notification in slot
 * byte 2.  Issue: ports from PORT_BASE + byte 3 % 16, byte 4 % 8 of them
 * (0: last < first).  In/Out: label byte 3 % 6, port PORT_BASE + byte 4 %
 * 24, data bytes 5-6.  Bit 6 of byte 7 truncates the message, and with
 * bit 5 leaves out the extra cap (the CNode, or the notification).  Step
 * 8 is an interrupt of user IRQ byte 1 % 8, or of IRQ byte 1 when byte 2
 * is odd.
 */
static struct call device_step(const uint8_t *b)
{
    word_t s1 = b[1] % SLOTS, s2 = b[2] % SLOTS;
    word_t index = (b[6] & 0x80) ? 100 + b[6] % 16 : b[6] % 8;
    struct call c = {s1, 0, SIM_SLOT_CNODE, SIM_NONE, {s2, 64}, 7};

    switch ((b[0] - DEVICE_OP) % 9) {
    case 0:
        c.label = X86IRQIssueIRQHandlerIOAPIC;
        c.mr[2] = b[5] % 5 == 4, c.mr[3] = b[3] % 26;
        c.mr[4] = b[4] % 3, c.mr[5] = b[4] / 3 % 3, c.mr[6] = index;
        break;
    case 1:
        c.label = X86IRQIssueIRQHandlerMSI;
        c.mr[2] = b[3] + (b[3] == 0xff), c.mr[3] = b[4] % 34, c.mr[4] = b[5] % 9, c.mr[5] = b[5],
        c.mr[6] = index;
        break;
    case 2:
        c.label = IRQIssueIRQHandler, c.len = 3;
        c.mr[0] = b[3], c.mr[1] = s2, c.mr[2] = 64;
        break;
    case 3:
        c = (struct call){s1, IRQSetIRQHandler, s2, SIM_NONE, {0}, 0};
        break;
    case 4:
        c = (struct call){s1, IRQAckIRQ, SIM_NONE, SIM_NONE, {0}, 0};
        break;
    case 5:
        c = (struct call){s1, IRQClearIRQHandler, SIM_NONE, SIM_NONE, {0}, 0};
        break;
    case 6:
        c.label = X86IOPortControlIssue, c.len = 4;
        c.mr[0] = PORT_BASE + b[3] % 16, c.mr[1] = c.mr[0] + b[4] % 8 - 1;
        c.mr[2] = s2, c.mr[3] = 64;
        break;
    case 7:
        c = (struct call){s1, X86IOPortIn8 + b[3] % 6, SIM_NONE, SIM_NONE, {0}, 2};
        c.mr[0] = PORT_BASE + b[4] % 24, c.mr[1] = b[5] | (word_t)b[6] << 8;
        break;
    default:
        c = (struct call){
            INTERRUPT, (b[2] & 1) ? b[1] : IRQ_USER_MIN + b[1] % 8, SIM_NONE, SIM_NONE, {0}, 0};
        return c;
    }
    if (b[7] & 0x40) {
        c.len = b[7] % (c.len + 1);
        if (b[7] & 0x20)
            c.ex0 = SIM_NONE;
    }
    return c;
}

/* Builds the invocation a step asks for. */
static struct call decode_step(const uint8_t *b)
{
    word_t s1 = b[1] % SLOTS, s2 = b[2] % SLOTS, s3 = b[3] % SLOTS;
    struct call c;

    if (b[0] >= VSPACE_OP)
        return vspace_step(b);
    if (b[0] >= DEVICE_OP)
        return device_step(b);
    switch (b[0] % 12) {
    case 0: /* Retype into the root CNode, or into a CNode held in it */
        c = (struct call){s1, UntypedRetype, SIM_SLOT_CNODE, SIM_NONE, {0}, 6};
        c.mr[0] = b[2] % seL4_ObjectTypeCount;
        c.mr[1] = b[3] % 24;
        c.mr[2] = (b[6] & 1) ? b[7] % SLOTS : 0;
        c.mr[3] = (b[6] & 1) ? 64 : 0;
        c.mr[4] = b[4] % SLOTS;
        c.mr[5] = 1 + b[5] % 4;
        return c;
    case 1:
    case 2:
    case 3:
    case 4: /* Copy, Mint, Move, Mutate */
        c = cnode_call(CNodeCopy + (b[0] % 12) - 1, 6);
        c.mr[0] = s1, c.mr[1] = 64, c.mr[2] = s2, c.mr[3] = 64;
        c.mr[4] = c.label == CNodeMutate ? data_word(b[4], b[5]) : b[4] & 15;
        c.mr[5] = c.label == CNodeMint ? ((b[6] & 1) ? data_word(b[5], b[7]) : b[5]) : 0;
        return c;
    case 5: /* Rotate: dest s1, pivot s2, source s3 */
        c = cnode_call(CNodeRotate, 8);
        c.mr[0] = s1, c.mr[1] = 64, c.mr[2] = b[4] % 2 ? data_word(b[4], b[5]) : 0;
        c.mr[3] = s2, c.mr[4] = 64, c.mr[5] = b[6] % 2 ? data_word(b[6], b[7]) : 0;
        c.mr[6] = s3, c.mr[7] = 64;
        return c;
    case 6:
    case 7:
    case 8:
    case 9: /* Delete, Revoke, CancelBadgedSends, SaveCaller */
        c = cnode_call((word_t[]){CNodeDelete, CNodeRevoke, CNodeCancelBadgedSends,
                                  CNodeSaveCaller}[b[0] % 12 - 6],
                       2);
        c.mr[0] = s1, c.mr[1] = 64;
        return c;
    case 10: /* a CNode op on a CNode held in the root CNode; the source there or in the root */
        c = (struct call){s1, CNodeRevoke + b[2] % 9, (b[2] & 0x10) ? SIM_SLOT_CNODE : s1, s1, {0},
                          8};
        c.mr[0] = b[3] % 16, c.mr[1] = b[4] % 9;
        c.mr[2] = (b[2] & 0x10) ? b[5] % SLOTS : b[5] % 16;
        c.mr[3] = (b[2] & 0x10) ? 64 : b[4] % 9;
        c.mr[4] = b[6] % 16, c.mr[5] = b[4] % 9, c.mr[6] = b[7] % 16, c.mr[7] = b[4] % 9;
        return c;
    default: /* any label on any cap, raw small arguments */
        c = (struct call){s1, b[2] % nArchInvocationLabels, s2, s3, {0}, b[3] % 9};
        for (int i = 0; i < 8; i++)
            c.mr[i] = b[4 + i % 4] % (i % 2 ? 65 : 40);
        return c;
    }
}

/* Gives the root thread a caller cap, as a Call to it would have. */
static void plant_caller(void)
{
    struct tcb *t = sim_tcb();

    if (cap_type(sim_slot(SIM_SLOT_TCB)->cap) != CAP_THREAD)
        return; /* the root thread is being or has been deleted */
    tcb_setup_reply_master(t);
    if (cap_is_null(t->cnode[TCB_CALLER].cap))
        cdt_insert(cap_reply_new(SIM_TCB_PA, false, KAAL_CAP_ALLOW_GRANT), &t->cnode[TCB_REPLY],
                   &t->cnode[TCB_CALLER]);
}

static void run_step(const uint8_t *b)
{
    struct call c = decode_step(b);
    unsigned long every = (b[7] & 0x80) ? 1 + b[6] % 16 : 0;
    status_t st;
    int restarts = 0;

    if (b[0] < DEVICE_OP && b[0] % 12 == 9 && (b[4] & 1))
        plant_caller();
    if (c.cptr == INTERRUPT) {
        if (getenv("FUZZ_TRACE"))
            printf("interrupt %lu\n", c.label);
        irq_handle(c.label);
        if (!sim_check())
            violation("after an interrupt");
        return;
    }
    snapshot();
    do {
        sim_preempt_after(restarts < MAX_RESTART ? every : 0);
        st = sim_invoke(c.cptr, c.label, c.ex0, c.ex1, c.len, c.mr);
        /* Checking every restart of a long reset would dominate the run: sample them. */
        if (st == STATUS_PREEMPTED && (restarts < 4 || restarts % 256 == 0) && !sim_check())
            violation("after a preempted step");
    } while (st == STATUS_PREEMPTED && ++restarts);
    sim_preempt_after(0);
    if (getenv("FUZZ_TRACE"))
        printf("step cptr %lu label %lu ex %lu %lu len %zu mr %lu %lu %lu %lu %lu %lu %lu %lu"
               " -> %d (%d restarts)\n",
               c.cptr, c.label, c.ex0, c.ex1, c.len, c.mr[0], c.mr[1], c.mr[2], c.mr[3], c.mr[4],
               c.mr[5], c.mr[6], c.mr[7], st, restarts);
    /* A restarted step may find its own thread's CSpace gone: only a first failure counts. */
    if (st != seL4_NoError && restarts == 0 && !unchanged())
        violation("a failed invocation changed the state");
    if (!sim_check())
        violation("after a step");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sim_boot();
    for (size_t at = 0; at + STEP <= size && at < 64 * STEP; at += STEP)
        run_step(data + at);
    return 0;
}
