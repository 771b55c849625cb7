/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The timer driver: the timer protocol (sdk/interface/timer.proto,
 * docs/class-timer.md) served from a PC's HPET, built on the DDDK.
 *
 * Why the HPET and not the PIT: the HPET has a 64-bit main counter that
 * runs on its own (100 MHz in QEMU, 10 ns a tick), so "the time now" is
 * one register read and never wraps, and a comparator that fires once at
 * an absolute count, so a one-shot timeout costs one register write and
 * is as precise as the counter.  The PIT counts 16 bits down at 1.19 MHz:
 * time would have to be pieced together from interrupts, and any timeout
 * past 55 ms chained from several.  QEMU's q35 has both; the HPET sits at
 * the fixed address 0xfed00000 (the ACPI HPET table names it).
 *
 * One comparator, timer 0, serves every client.  The driver keeps each
 * client's timeouts in a table (timeouts.c) and points timer 0 at the
 * earliest deadline; when it fires, the driver fires whatever is due,
 * signals the clients concerned on their channels and points the
 * comparator at the next deadline.  Periodic timeouts are kept in that
 * table too, as deadlines a period apart, so they never drift.
 * LegacyReplacement routing puts timer 0 on ISA IRQ 0 (IOAPIC pin 2),
 * the PIT's line, so the description grants `irq: 0`; the PIT's own
 * output is then cut off.  The line is edge-triggered.
 *
 * A comparator written with a deadline that has already passed may never
 * fire (the counter is past it), so every arm() reads the counter back and
 * the driver expires the due timeouts itself when it is too late.
 *
 * sleep is a call the driver answers late: it moves the caller's reply cap
 * out of the way with SaveCaller (one slot per client channel) and replies
 * through it at the deadline.  The event loop's own reply then finds no
 * caller and is dropped by the kernel, as seL4 drops a Reply without one.
 */
#include "hpet.h"
#include "ticks.h"
#include "timeouts.h"

#include <interfaces/sel4_client.h>
#include <kaal/dddk.h>
#include <kaal/debug.h>
#include <kaal/timer.h>

_Static_assert(TMO_MAX == KAAL_TIMER_MAX, "timeouts.h and <kaal/timer.h> agree on the limit");
_Static_assert(TMO_CLIENTS == KAAL_MAX_CHANNELS, "a client per channel id");

#define TIMER          0 /* the comparator in use: LegacyReplacement routes it to IRQ 0 */
#define REPLY_SLOT(ch) (KAAL_SLOT_FREE_BASE + (ch)) /* a sleeping client's held reply cap */
#define CNODE_DEPTH    64

static struct {
    uint64_t period_fs;  /* femtoseconds per counter tick */
    uint32_t conf;       /* timer 0's configuration (low half), interrupt off */
    struct tmo_table tb; /* every client's timeouts and sleep */
} hpet;

/* ---- The device ------------------------------------------------------------------------------ */

static uint32_t rd(struct dddk_dev *d, uint32_t off)
{
    return dddk_read32(d->mmio, off);
}

static void wr(struct dddk_dev *d, uint32_t off, uint32_t v)
{
    dddk_write32(d->mmio, off, v);
}

/* The 64-bit main counter in two 32-bit reads: the high half is read on both sides of the low
 * one, and a carry between them shows as a change and is read again. */
static uint64_t read_counter(struct dddk_dev *d)
{
    uint32_t hi, lo;

    do {
        hi = rd(d, HPET_MAIN_COUNTER + 4);
        lo = rd(d, HPET_MAIN_COUNTER);
    } while (hi != rd(d, HPET_MAIN_COUNTER + 4));
    return (uint64_t)hi << 32 | lo;
}

static uint64_t now_ns(struct dddk_dev *d)
{
    return ticks_to_ns(read_counter(d), hpet.period_fs);
}

/*
 * Points timer 0 at deadline (ns), or leaves it off for TMO_NEVER.  Its
 * interrupt is off while the two halves of the comparator are written, so
 * a half-written value cannot fire.  True if the counter had already
 * reached the deadline when the comparator held it: the interrupt may
 * then never come, and the caller must expire the timeouts itself.
 */
static int arm(struct dddk_dev *d, uint64_t deadline)
{
    uint64_t cmp;

    wr(d, HPET_TN_CONF(TIMER), hpet.conf);
    if (deadline == TMO_NEVER)
        return 0;
    cmp = ns_to_ticks(deadline, hpet.period_fs);
    wr(d, HPET_TN_CMP(TIMER), (uint32_t)cmp);
    wr(d, HPET_TN_CMP(TIMER) + 4, (uint32_t)(cmp >> 32));
    wr(d, HPET_TN_CONF(TIMER), hpet.conf | HPET_TN_INT_ENB);
    return read_counter(d) >= cmp;
}

/* ---- Timeouts -------------------------------------------------------------------------------- */

/* Answers ch's sleep, late, through the reply cap held in ch's slot: the generated encoder
 * makes the reply timer.proto gives sleep (its result, now). */
static void wake(unsigned int ch, uint64_t now)
{
    struct kaal_timer_sleep_out out = {.now = now};

    seL4_Send(REPLY_SLOT(ch), kaal_timer_sleep_reply(&out));
}

/* Signals each client whose timeout fired and answers each sleeper whose time is up. */
static void deliver(struct tmo_due due, uint64_t now)
{
    for (unsigned int ch = 0; ch < TMO_CLIENTS; ch++) {
        if (due.notify & (1ull << ch))
            kaal_notify(ch);
        if (due.wake & (1ull << ch))
            wake(ch, now);
    }
}

/* Fires what is due and points the comparator at the next deadline, again while that deadline
 * passes before the comparator holds it. */
static void run(struct dddk_dev *d)
{
    uint64_t now;

    do {
        now = now_ns(d);
        deliver(tmo_expire(&hpet.tb, now), now);
    } while (arm(d, tmo_next(&hpet.tb)));
}

static void hpet_irq(struct dddk_dev *d)
{
    run(d); /* a spurious or early interrupt finds nothing due and re-arms */
}

/* ---- The protocol: one handler per op of timer.proto; ctx is the client's channel -------- */

static unsigned int client(void *ctx)
{
    return (unsigned int)(uintptr_t)ctx;
}

static int t_now(void *ctx, struct kaal_timer_now_out *out)
{
    (void)ctx;
    out->ns = now_ns(&dddk_device);
    return 0;
}

/* Arms a timeout of the client: the first in delay ns, then every period (0: once). */
static int add(unsigned int ch, uint64_t delay, uint64_t period, seL4_Word *id)
{
    int free = tmo_free_id(&hpet.tb, ch);

    if (free < 0)
        return -KAAL_ENOSPC;
    tmo_arm(&hpet.tb, ch, free, now_ns(&dddk_device) + delay, period);
    *id = (seL4_Word)free;
    run(&dddk_device);
    return 0;
}

static int t_oneshot(void *ctx, const struct kaal_timer_oneshot_in *in,
                     struct kaal_timer_oneshot_out *out)
{
    if (in->ns > KAAL_TIMER_MAX_NS)
        return -KAAL_EINVAL;
    return add(client(ctx), in->ns, 0, &out->id);
}

static int t_periodic(void *ctx, const struct kaal_timer_periodic_in *in,
                      struct kaal_timer_periodic_out *out)
{
    if (in->period < KAAL_TIMER_MIN_PERIOD_NS || in->period > KAAL_TIMER_MAX_NS)
        return -KAAL_EINVAL;
    return add(client(ctx), in->period, in->period, &out->id);
}

static int t_cancel(void *ctx, const struct kaal_timer_cancel_in *in)
{
    if (in->id >= KAAL_TIMER_MAX)
        return -KAAL_EINVAL;
    if (!tmo_known(&hpet.tb, client(ctx), in->id))
        return -KAAL_ENOENT;
    tmo_cancel(&hpet.tb, client(ctx), (int)in->id);
    run(&dddk_device);
    return 0;
}

static int t_fired(void *ctx, struct kaal_timer_fired_out *out)
{
    uint64_t missed;

    out->mask = tmo_take_fired(&hpet.tb, client(ctx), &missed);
    out->missed = missed;
    out->now = now_ns(&dddk_device);
    return 0;
}

static int t_sleep(void *ctx, const struct kaal_timer_sleep_in *in,
                   struct kaal_timer_sleep_out *out)
{
    unsigned int ch = client(ctx);
    uint64_t now = now_ns(&dddk_device);

    if (in->ns > KAAL_TIMER_MAX_NS)
        return -KAAL_EINVAL;
    out->now = now;
    if (in->ns == 0)
        return 0; /* answered at once, by the event loop */
    /* A cap left by a sleeper that was stopped before its wake would make SaveCaller fail. */
    seL4_CNode_Delete(KAAL_SLOT_CNODE, REPLY_SLOT(ch), CNODE_DEPTH);
    if (seL4_CNode_SaveCaller(KAAL_SLOT_CNODE, REPLY_SLOT(ch), CNODE_DEPTH) != seL4_NoError)
        return -KAAL_EIO;
    tmo_sleep(&hpet.tb, ch, now + in->ns);
    run(&dddk_device);
    return 0; /* the event loop's reply goes nowhere: the caller's reply cap is held */
}

/* Logs a request refused before its handler ran: a word short, or an op the spec lacks. */
static void refused(void *ctx, seL4_Word label, int err, const char *why)
{
    const char *op = kaal_timer_op_name(label);

    kaal_debug_puts("[hpet] refused a request on channel ");
    kaal_debug_put_dec(client(ctx));
    kaal_debug_puts(op ? " (" : " (label ");
    if (op)
        kaal_debug_puts(op);
    else
        kaal_debug_put_dec(label);
    kaal_debug_puts("): ");
    kaal_debug_puts(why);
    kaal_debug_puts(", ");
    kaal_debug_puts(kaal_errname(err));
    seL4_DebugPutChar('\n');
}

static const struct kaal_timer_server server = {
    .now = t_now,
    .oneshot = t_oneshot,
    .periodic = t_periodic,
    .cancel = t_cancel,
    .fired = t_fired,
    .sleep = t_sleep,
    .refused = refused,
};

static seL4_MessageInfo_t hpet_protected(struct dddk_dev *d, unsigned int ch, seL4_MessageInfo_t m)
{
    (void)d;
    return kaal_timer_dispatch(&server, (void *)(uintptr_t)ch, m);
}

/* ---- Start-up -------------------------------------------------------------------------------- */

/* Checks that an HPET the driver can use answers at the granted address; 0, or -1 (failed). */
static int check_device(struct dddk_dev *d, uint32_t cap, uint32_t period)
{
    static const char where[] = "grant the HPET's registers, mmio: {phys: 0xfed00000, size: 4K} "
                                "on a PC (the ACPI HPET table says where), with irq: 0";

    if (d->mmio_size < HPET_REGISTER_SIZE) {
        dddk_fail(d, "the MMIO range is smaller than the HPET's 1 KiB of registers", where);
        return -1;
    }
    if (period == 0 || period > HPET_PERIOD_MAX_FS || cap == 0xffffffffu) {
        dddk_fail(d, "no HPET answers at the granted MMIO address (its tick period is invalid)",
                  where);
        return -1;
    }
    if (!(cap & HPET_CAP_COUNT_SIZE) || !(rd(d, HPET_TN_CONF(TIMER)) & HPET_TN_SIZE_CAP)) {
        dddk_fail(d, "this HPET counts in 32 bits; the driver needs a 64-bit counter and timer 0",
                  "use a machine whose HPET has COUNT_SIZE_CAP (QEMU's has)");
        return -1;
    }
    if (!(cap & HPET_CAP_LEG_RT)) {
        dddk_fail(d, "this HPET cannot route timer 0 to IRQ 0 (no LegacyReplacement)",
                  "use a machine whose HPET has LEG_RT_CAP (QEMU's has)");
        return -1;
    }
    return 0;
}

static int hpet_init(struct dddk_dev *d)
{
    uint32_t cap = rd(d, HPET_GCAP_ID), period = rd(d, HPET_GCAP_PERIOD);
    uint32_t conf = rd(d, HPET_GEN_CONF);

    if (check_device(d, cap, period) != 0)
        return -1;
    hpet.period_fs = period;
    /* Halted, the counter may be set: time starts at 0 now.  Every timer's interrupt off. */
    wr(d, HPET_GEN_CONF, conf & ~(HPET_CONF_ENABLE | HPET_CONF_LEG_RT));
    for (unsigned int n = 0; n < HPET_CAP_NUM_TIM(cap); n++)
        wr(d, HPET_TN_CONF(n), rd(d, HPET_TN_CONF(n)) & ~(HPET_TN_INT_ENB | HPET_TN_FSB_EN));
    wr(d, HPET_MAIN_COUNTER, 0);
    wr(d, HPET_MAIN_COUNTER + 4, 0);
    /* Timer 0: one-shot, edge-triggered, 64 bits; arm() turns its interrupt on. */
    hpet.conf = rd(d, HPET_TN_CONF(TIMER)) &
                ~(HPET_TN_INT_TYPE_LEVEL | HPET_TN_INT_ENB | HPET_TN_TYPE_PERIODIC |
                  HPET_TN_VAL_SET | HPET_TN_32MODE | HPET_TN_FSB_EN);
    wr(d, HPET_TN_CONF(TIMER), hpet.conf);
    tmo_init(&hpet.tb);
    wr(d, HPET_GEN_CONF, conf | HPET_CONF_ENABLE | HPET_CONF_LEG_RT);

    kaal_debug_puts("[hpet] ready: an HPET of ");
    kaal_debug_put_dec(HPET_CAP_NUM_TIM(cap));
    kaal_debug_puts(" timers counting at ");
    kaal_debug_put_dec(1000000000000000ull / period);
    kaal_debug_puts(" Hz; timer 0 on IRQ 0\n");
    return 0;
}

DDDK_DRIVER(hpet, DDDK_FIXED, .mmio = 1, .irq = DDDK_IRQ_LEGACY, .init = hpet_init,
            .irq_handler = hpet_irq, .protected = hpet_protected);
