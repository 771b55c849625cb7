// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of interrupts and I/O ports as caps: IRQControl_Get,
 * GetIOAPIC and GetMSI, the IRQHandler invocations, what an arriving
 * interrupt does, what deleting handlers and notifications releases, and
 * IOPort In/Out, each with success and every error seL4 13.0.0 gives.
 *
 * The machine is sim.c's: the IOAPIC and the port space are simulated
 * devices, and the tests check what the kernel programmed into them.  The
 * IRQ node is the simulation's, which the invariant checker takes as a
 * root, so it sees the notification caps kept there.
 */
#include "test.h"
#include "sim.h"

#include <arch/ioapic.h>
#include <arch/object/cap.h>
#include <arch/object/ioport.h>
#include <arch/object/irq.h>
#include <object/notification.h>
#include <thread.h>

#define IRQC SIM_SLOT_IRQ_CONTROL
#define H    17 /* a handler */
#define H2   18
#define N    19 /* a notification */
#define NB   20 /* badged copy of N */
#define NR   21 /* copy of N without the write (send) right */
#define E    22 /* an endpoint */
#define P    23 /* an IOPort cap */
#define D    24 /* free */
#define U    25 /* the untyped N and E come from */
#define DEP  64

/* --- helpers --------------------------------------------------------------- */

static cap_t cap_at(word_t i)
{
    return sim_slot(i)->cap;
}

/* Pin p of the simulated IOAPIC 0. */
static const struct sim_ioapic_pin *pin_state(int p)
{
    return &sim_ioapic.pin[0][p];
}

static void setup(void)
{
    sim_boot();
    kassert(sim_retype(SIM_SLOT_UT, seL4_UntypedObject, 12, U, 1) == seL4_NoError);
    kassert(sim_retype(U, seL4_NotificationObject, 0, N, 1) == seL4_NoError);
    kassert(sim_retype(U, seL4_EndpointObject, 0, E, 1) == seL4_NoError);
    kassert(sim_mint(NB, N, KAAL_CAP_ALL_RIGHTS, 0x5) == seL4_NoError);
    kassert(sim_mint(NR, N, KAAL_CAP_ALLOW_READ, 0) == seL4_NoError);
}

/* GetIOAPIC into dest: ioapic, pin, level, polarity, user-range index. */
static status_t get_ioapic(word_t dest, word_t ioapic, word_t pin, word_t level, word_t pol,
                           word_t index)
{
    return sim_invoke(IRQC, X86IRQIssueIRQHandlerIOAPIC, SIM_SLOT_CNODE, SIM_NONE,
                      SIM_MR(dest, DEP, ioapic, pin, level, pol, index));
}

static status_t get_msi(word_t dest, word_t bus, word_t dev, word_t func, word_t index)
{
    return sim_invoke(IRQC, X86IRQIssueIRQHandlerMSI, SIM_SLOT_CNODE, SIM_NONE,
                      SIM_MR(dest, DEP, bus, dev, func, 0x77, index));
}

static status_t set_notification(word_t handler, word_t ntfn)
{
    return sim_invoke(handler, IRQSetIRQHandler, ntfn, SIM_NONE, 0, NULL);
}

static status_t handler_call(word_t handler, word_t label)
{
    return sim_invoke(handler, label, SIM_NONE, SIM_NONE, 0, NULL);
}

static struct notification *ntfn(void)
{
    return ntfn_at(cap_ptr(cap_at(N)));
}

/* Checks a failed invocation left the IRQ free, the slot empty and the hardware alone. */
static void check_nothing_issued(word_t irq)
{
    CHECK(!irq_is_active(irq));
    CHECK(cap_is_null(cap_at(D)));
    CHECK_EQ(sim_ioapic.routes, 0);
    CHECK_EQ(sim_ioapic.masks, 0);
    for (int p = 0; p < SIM_IOAPIC_PINS; p++)
        CHECK(!pin_state(p)->routed && pin_state(p)->masked);
    CHECK_EQ(x86_irq_state(irq)->type, X86_IRQ_FREE);
}

/* --- IRQControl ------------------------------------------------------------ */

static void irq_control_get(void)
{
    setup();
    CHECK_EQ(sim_invoke(IRQC, IRQIssueIRQHandler, SIM_SLOT_CNODE, SIM_NONE, SIM_MR(16, D)),
             seL4_TruncatedMessage);
    CHECK_EQ(sim_invoke(IRQC, IRQIssueIRQHandler, SIM_NONE, SIM_NONE, SIM_MR(16, D, DEP)),
             seL4_TruncatedMessage);
    /* pc99 with the IOAPIC issues no handler this way, not even for ISA IRQs. */
    for (word_t irq = 0; irq < 130; irq += 16)
        CHECK_EQ(
            sim_invoke(IRQC, IRQIssueIRQHandler, SIM_SLOT_CNODE, SIM_NONE, SIM_MR(irq, D, DEP)),
            seL4_IllegalOperation);
    check_nothing_issued(16);
    /* Labels of other objects. */
    CHECK_EQ(handler_call(IRQC, IRQAckIRQ), seL4_IllegalOperation);
    CHECK_EQ(handler_call(IRQC, X86IOPortIn8), seL4_IllegalOperation);
    CHECK(sim_check());
}

static void get_ioapic_issues_handler(void)
{
    setup();
    CHECK_EQ(get_ioapic(H, 0, 2, 0, 0, 0), seL4_NoError);
    CHECK_EQ(cap_type(cap_at(H)), CAP_IRQ_HANDLER);
    CHECK_EQ(cap_irq_handler_irq(cap_at(H)), IRQ_USER_MIN);
    CHECK(irq_is_active(IRQ_USER_MIN));
    CHECK(cdt_is_parent_of(sim_slot(IRQC), sim_slot(H)));
    /* The pin is routed to vector 48, edge and active high, masked; then issuing unmasks it. */
    CHECK_EQ(sim_ioapic.routes, 1);
    CHECK(pin_state(2)->routed);
    CHECK_EQ(pin_state(2)->vector, 48);
    CHECK(!pin_state(2)->level && !pin_state(2)->active_low);
    CHECK_EQ(sim_ioapic.masks, 1);
    CHECK(!pin_state(2)->masked);
    CHECK(!pin_state(1)->routed && !pin_state(3)->routed && pin_state(3)->masked);
    const struct x86_irq *s = x86_irq_state(IRQ_USER_MIN);
    CHECK_EQ(s->type, X86_IRQ_IOAPIC);
    CHECK_EQ(s->pin, 2);
    CHECK(!s->masked);
    /* The last index of the user range is vector 155, level triggered, active low. */
    CHECK_EQ(get_ioapic(H2, 0, 23, 1, 1, IRQ_USER_MAX - IRQ_USER_MIN), seL4_NoError);
    CHECK_EQ(cap_irq_handler_irq(cap_at(H2)), IRQ_USER_MAX);
    CHECK(pin_state(23)->routed);
    CHECK_EQ(pin_state(23)->vector, 155);
    CHECK(pin_state(23)->level && pin_state(23)->active_low);
    CHECK(!pin_state(23)->masked);
    CHECK_EQ(pin_state(2)->vector, 48); /* the first pin keeps its route */
    /* A handler cap may be copied; the copy is not revocable. */
    CHECK_EQ(sim_copy(D, H, KAAL_CAP_ALL_RIGHTS), seL4_NoError);
    CHECK(!mdb_revocable(sim_slot(D)));
    CHECK(sim_check());
}

static void get_ioapic_errors(void)
{
    struct lookup_fault lf;

    setup();
    CHECK_EQ(sim_invoke(IRQC, X86IRQIssueIRQHandlerIOAPIC, SIM_SLOT_CNODE, SIM_NONE,
                        SIM_MR(D, DEP, 0, 2, 0, 0)),
             seL4_TruncatedMessage);
    CHECK_EQ(sim_invoke(IRQC, X86IRQIssueIRQHandlerIOAPIC, SIM_NONE, SIM_NONE,
                        SIM_MR(D, DEP, 0, 2, 0, 0, 0)),
             seL4_TruncatedMessage);
    CHECK_EQ(get_ioapic(D, 0, 2, 0, 0, IRQ_USER_MAX - IRQ_USER_MIN + 1), seL4_RangeError);
    CHECK_EQ(sim_err.range_min, 0);
    CHECK_EQ(sim_err.range_max, 107);
    CHECK_EQ(get_ioapic(D, 0, 2, 0, 0, ~0ul), seL4_RangeError);
    /* Destination: a cptr whose guard does not match, then an occupied slot. */
    CHECK_EQ(get_ioapic(1ul << 63, 0, 2, 0, 0, 0), seL4_FailedLookup);
    lf = sim_err.lookup_fault;
    CHECK_EQ(lf.type, seL4_GuardMismatch);
    CHECK(!sim_err.failed_lookup_was_source);
    CHECK_EQ(sim_invoke(IRQC, X86IRQIssueIRQHandlerIOAPIC, SIM_SLOT_CNODE, SIM_NONE,
                        SIM_MR(D, 0, 0, 2, 0, 0, 0)),
             seL4_RangeError); /* depth 0 */
    CHECK_EQ(get_ioapic(N, 0, 2, 0, 0, 0), seL4_DeleteFirst);
    /* The IOAPIC arguments. */
    CHECK_EQ(get_ioapic(D, 1, 2, 0, 0, 0), seL4_RangeError);
    CHECK_EQ(sim_err.range_max, 0);
    CHECK_EQ(get_ioapic(D, 0, 24, 0, 0, 0), seL4_RangeError);
    CHECK_EQ(sim_err.range_max, 23);
    CHECK_EQ(get_ioapic(D, 0, 2, 2, 0, 0), seL4_RangeError);
    CHECK_EQ(sim_err.range_max, 1);
    CHECK_EQ(get_ioapic(D, 0, 2, 0, 2, 0), seL4_RangeError);
    CHECK_EQ(sim_err.range_max, 1);
    sim_ioapic.pins = 16; /* an IOAPIC with fewer pins than seL4's 24 */
    CHECK_EQ(get_ioapic(D, 0, 16, 0, 0, 0), seL4_RangeError);
    CHECK_EQ(sim_err.range_max, 15);
    sim_ioapic.count = 0;
    CHECK_EQ(get_ioapic(D, 0, 2, 0, 0, 0), seL4_IllegalOperation);
    check_nothing_issued(IRQ_USER_MIN);
    /* An active IRQ is issued once: RevokeFirst, before the destination is looked at. */
    sim_ioapic.count = 1;
    CHECK_EQ(get_ioapic(H, 0, 2, 0, 0, 0), seL4_NoError);
    CHECK_EQ(get_ioapic(D, 0, 3, 0, 0, 0), seL4_RevokeFirst);
    CHECK_EQ(get_ioapic(1ul << 63, 0, 3, 0, 0, 0), seL4_RevokeFirst);
    CHECK_EQ(get_msi(D, 0, 0, 0, 0), seL4_RevokeFirst);
    CHECK(cap_is_null(cap_at(D)));
    CHECK_EQ(sim_ioapic.routes, 1);
    CHECK(!pin_state(3)->routed);
    CHECK(sim_check());
}

static void get_msi_issues_handler(void)
{
    setup();
    CHECK_EQ(sim_invoke(IRQC, X86IRQIssueIRQHandlerMSI, SIM_SLOT_CNODE, SIM_NONE,
                        SIM_MR(D, DEP, 0, 0, 0, 0)),
             seL4_TruncatedMessage);
    CHECK_EQ(get_msi(D, 0, 0, 0, 108), seL4_RangeError);
    CHECK_EQ(sim_err.range_max, 107);
    CHECK_EQ(get_msi(D, 256, 0, 0, 5), seL4_RangeError);
    CHECK_EQ(sim_err.range_max, 255);
    CHECK_EQ(get_msi(D, 0, 32, 0, 5), seL4_RangeError);
    CHECK_EQ(sim_err.range_max, 31);
    CHECK_EQ(get_msi(D, 0, 0, 8, 5), seL4_RangeError);
    CHECK_EQ(sim_err.range_max, 7);
    CHECK_EQ(get_msi(N, 0, 0, 0, 5), seL4_DeleteFirst);
    check_nothing_issued(IRQ_USER_MIN + 5);
    /* An MSI needs no IOAPIC and cannot be masked. */
    sim_ioapic.count = 0;
    CHECK_EQ(get_msi(H, 255, 31, 7, 5), seL4_NoError);
    CHECK_EQ(cap_irq_handler_irq(cap_at(H)), IRQ_USER_MIN + 5);
    const struct x86_irq *s = x86_irq_state(IRQ_USER_MIN + 5);
    CHECK_EQ(s->type, X86_IRQ_MSI);
    CHECK_EQ(s->pci_bus, 255);
    CHECK_EQ(s->pci_dev, 31);
    CHECK_EQ(s->pci_func, 7);
    CHECK_EQ(s->handle, 0x77);
    CHECK_EQ(handler_call(H, IRQAckIRQ), seL4_NoError);
    irq_handle(IRQ_USER_MIN + 5);
    CHECK_EQ(sim_ioapic.routes, 0);
    CHECK_EQ(sim_ioapic.masks, 0);
    CHECK(sim_check());
}

/* --- IRQHandler ------------------------------------------------------------ */

static void set_notification_and_clear(void)
{
    setup();
    CHECK_EQ(get_ioapic(H, 0, 2, 0, 0, 0), seL4_NoError);
    cte_t *node = irq_node_slot(IRQ_USER_MIN);
    CHECK_EQ(set_notification(H, SIM_NONE), seL4_TruncatedMessage);
    CHECK_EQ(set_notification(H, E), seL4_InvalidCapability);
    CHECK_EQ(sim_err.invalid_cap_number, 0);
    CHECK_EQ(set_notification(H, NR), seL4_InvalidCapability); /* no Send right */
    CHECK_EQ(set_notification(H, D), seL4_InvalidCapability);  /* an empty slot */
    CHECK(cap_is_null(node->cap));
    /* The node's copy follows its source in the derivation tree, badge and all. */
    CHECK_EQ(set_notification(H, NB), seL4_NoError);
    CHECK_EQ(cap_type(node->cap), CAP_NOTIFICATION);
    CHECK_EQ(cap_notification_badge(node->cap), 0x5);
    CHECK(mdb_next(sim_slot(NB)) == node);
    CHECK(!mdb_revocable(node));
    CHECK(sim_check());
    /* Setting another replaces it. */
    CHECK_EQ(set_notification(H, N), seL4_NoError);
    CHECK_EQ(cap_notification_badge(node->cap), 0);
    CHECK(mdb_next(sim_slot(N)) == node);
    CHECK(sim_check());
    /* Clear empties the slot and, as seL4's, leaves the line as it was: unmasked here. */
    CHECK_EQ(handler_call(H, IRQClearIRQHandler), seL4_NoError);
    CHECK(cap_is_null(node->cap));
    CHECK(!pin_state(2)->masked);
    CHECK_EQ(handler_call(H, IRQClearIRQHandler), seL4_NoError); /* nothing to clear */
    CHECK(irq_is_active(IRQ_USER_MIN));
    CHECK_EQ(handler_call(H, IRQIssueIRQHandler), seL4_IllegalOperation);
    CHECK_EQ(handler_call(H, X86IRQIssueIRQHandlerIOAPIC), seL4_IllegalOperation);
    CHECK(sim_check());
}

static void delivery_signals_and_masks(void)
{
    setup();
    CHECK_EQ(get_ioapic(H, 0, 2, 0, 0, 0), seL4_NoError);
    CHECK_EQ(set_notification(H, NB), seL4_NoError);
    sim_ioapic.masks = 0;
    /* An interrupt signals with the cap's badge and masks the pin until Ack. */
    irq_handle(IRQ_USER_MIN);
    CHECK_EQ(ntfn_state(ntfn()), NTFN_ACTIVE);
    CHECK_EQ(ntfn()->msg_identifier, 0x5);
    CHECK_EQ(sim_ioapic.masks, 1);
    CHECK(pin_state(2)->masked);
    CHECK(x86_irq_state(IRQ_USER_MIN)->masked);
    CHECK_EQ(handler_call(H, IRQAckIRQ), seL4_NoError);
    CHECK_EQ(sim_ioapic.masks, 2);
    CHECK(!pin_state(2)->masked);
    CHECK(!x86_irq_state(IRQ_USER_MIN)->masked);
    /* A thread waiting on the notification is woken with the badge. */
    ntfn_complete(ntfn(), sim_tcb());
    thread_init(); /* nothing runs: the interrupt came while idle */
    ntfn_receive(ntfn(), sim_tcb(), true);
    CHECK_EQ(sim_tcb()->state, THREAD_BLOCKED_ON_NOTIFICATION);
    irq_handle(IRQ_USER_MIN);
    CHECK_EQ(sim_tcb()->state, THREAD_RUNNING);
    CHECK_EQ(sim_tcb()->arch.ctx.tf.rdi, 0x5);
    CHECK_EQ(ntfn_state(ntfn()), NTFN_IDLE);
    CHECK(thread_choose() == sim_tcb());
    thread_init();
    /* After Clear the line stays unmasked until an interrupt, which only masks it. */
    CHECK_EQ(handler_call(H, IRQAckIRQ), seL4_NoError);
    CHECK_EQ(handler_call(H, IRQClearIRQHandler), seL4_NoError);
    CHECK(!pin_state(2)->masked);
    irq_handle(IRQ_USER_MIN);
    CHECK_EQ(ntfn_state(ntfn()), NTFN_IDLE);
    CHECK(pin_state(2)->masked);
    CHECK(x86_irq_state(IRQ_USER_MIN)->masked);
    CHECK(pin_state(2)->routed && pin_state(2)->vector == 48); /* the route stays */
    /* A notification cap without the Send right never gets there (SetNotification refuses it). */
    CHECK(sim_check());
}

static void inactive_irq_is_masked(void)
{
    setup();
    /* Never issued: nothing to mask on the IOAPIC, nothing signalled. */
    irq_handle(IRQ_USER_MIN + 1);
    CHECK_EQ(sim_ioapic.masks, 0);
    /* Issued (level, active high, vector 49) and then deleted: the pin is masked again. */
    CHECK_EQ(get_ioapic(H, 0, 4, 1, 0, 1), seL4_NoError);
    CHECK_EQ(pin_state(4)->vector, 49);
    CHECK(pin_state(4)->level && !pin_state(4)->active_low);
    CHECK(!pin_state(4)->masked);
    CHECK_EQ(set_notification(H, N), seL4_NoError);
    CHECK_EQ(sim_delete(H), seL4_NoError);
    CHECK(!irq_is_active(IRQ_USER_MIN + 1));
    CHECK(pin_state(4)->masked);
    sim_ioapic.masks = 0;
    irq_handle(IRQ_USER_MIN + 1);
    CHECK_EQ(sim_ioapic.masks, 1);
    CHECK(pin_state(4)->masked);
    CHECK_EQ(ntfn_state(ntfn()), NTFN_IDLE);
    CHECK(sim_check());
}

/* --- deletion -------------------------------------------------------------- */

static void deleting_handlers(void)
{
    setup();
    CHECK_EQ(get_ioapic(H, 0, 2, 0, 0, 0), seL4_NoError);
    CHECK_EQ(sim_copy(H2, H, KAAL_CAP_ALL_RIGHTS), seL4_NoError);
    CHECK_EQ(set_notification(H, NB), seL4_NoError);
    cte_t *node = irq_node_slot(IRQ_USER_MIN);
    /* A copy's deletion changes nothing. */
    CHECK_EQ(sim_delete(H), seL4_NoError);
    CHECK(irq_is_active(IRQ_USER_MIN));
    CHECK(!cap_is_null(node->cap));
    CHECK(!pin_state(2)->masked);
    /* The last one's masks the line and empties the node slot. */
    CHECK_EQ(sim_delete(H2), seL4_NoError);
    CHECK(!irq_is_active(IRQ_USER_MIN));
    CHECK(cap_is_null(node->cap));
    CHECK(pin_state(2)->masked);
    CHECK(x86_irq_state(IRQ_USER_MIN)->masked);
    CHECK(sim_check());
    /* Now the IRQ may be issued again, even to another pin. */
    CHECK_EQ(get_ioapic(H, 0, 5, 0, 0, 0), seL4_NoError);
    CHECK(pin_state(5)->routed && pin_state(5)->vector == 48);
    CHECK(!pin_state(5)->masked);
    CHECK(pin_state(2)->masked); /* the old pin keeps its stale route, masked */
    /* Revoking IRQControl takes every handler back. */
    CHECK_EQ(get_msi(H2, 0, 1, 0, 9), seL4_NoError);
    CHECK_EQ(sim_revoke(IRQC), seL4_NoError);
    CHECK(cap_is_null(cap_at(H)) && cap_is_null(cap_at(H2)));
    CHECK(!irq_is_active(IRQ_USER_MIN));
    CHECK(!irq_is_active(IRQ_USER_MIN + 9));
    CHECK(pin_state(5)->masked);
    CHECK(sim_check());
}

static void deleting_the_notification(void)
{
    setup();
    CHECK_EQ(get_ioapic(H, 0, 2, 0, 0, 0), seL4_NoError);
    CHECK_EQ(set_notification(H, NB), seL4_NoError);
    cte_t *node = irq_node_slot(IRQ_USER_MIN);
    /* The node's copy keeps the notification alive when the user's caps go, as in seL4. */
    CHECK_EQ(sim_delete(NB), seL4_NoError);
    CHECK_EQ(sim_delete(NR), seL4_NoError);
    CHECK(!cap_is_null(node->cap));
    CHECK(!cdt_is_final(sim_slot(N)));
    CHECK(sim_check());
    /* Revoking the original removes the copy; the IRQ stays active but signals nobody. */
    CHECK_EQ(sim_revoke(N), seL4_NoError);
    CHECK(cap_is_null(node->cap));
    CHECK(irq_is_active(IRQ_USER_MIN));
    irq_handle(IRQ_USER_MIN);
    CHECK_EQ(ntfn_state(ntfn()), NTFN_IDLE);
    CHECK(sim_check());
    /* Revoking the notification's untyped removes a node copy too, before the object goes. */
    CHECK_EQ(set_notification(H, N), seL4_NoError);
    CHECK_EQ(sim_revoke(U), seL4_NoError);
    CHECK(cap_is_null(cap_at(N)));
    CHECK(cap_is_null(node->cap));
    CHECK(irq_is_active(IRQ_USER_MIN));
    irq_handle(IRQ_USER_MIN);
    CHECK(sim_check());
}

/* --- I/O ports ------------------------------------------------------------- */

/* Invokes the IOPort cap at P with a reply buffer, as a Call does. */
static status_t port_call(word_t label, size_t len, const word_t *mr, struct inv_reply *reply)
{
    struct invocation inv = {
        .label = label, .length = len, .mr = mr, .thread = sim_tcb(), .reply = reply};

    memset(&sim_err, 0, sizeof(sim_err));
    reply->length = 0;
    return decode_invocation(sim_slot(P), &inv, &sim_err);
}

/* In on P: the value read, or ~0 if the call failed. */
static word_t port_in(word_t label, word_t port)
{
    struct inv_reply reply;

    if (port_call(label, SIM_MR(port), &reply) != seL4_NoError || reply.length != 1)
        return ~0ul;
    return reply.mr[0];
}

static void io_port_in_out(void)
{
    struct inv_reply reply;
    const uint8_t regs[] = {0x34, 0x12, 0xcd, 0xab};

    setup();
    CHECK_EQ(sim_invoke(SIM_SLOT_IO_PORT_CONTROL, X86IOPortControlIssue, SIM_SLOT_CNODE, SIM_NONE,
                        SIM_MR(0x40, 0x43, P, DEP)),
             seL4_NoError);
    memcpy(&sim_ports.space[0x40], regs, sizeof(regs)); /* a device's registers */
    /* In reads the access's width from the port up, little-endian, and answers it. */
    CHECK_EQ(port_call(X86IOPortIn8, SIM_MR(0x40), &reply), seL4_NoError);
    CHECK_EQ(reply.length, 1);
    CHECK_EQ(reply.mr[0], 0x34);
    CHECK_EQ(sim_ports.ins, 1);
    CHECK(sim_ports.last.in);
    CHECK_EQ(sim_ports.last.port, 0x40);
    CHECK_EQ(sim_ports.last.width, 1);
    CHECK_EQ(port_in(X86IOPortIn16, 0x42), 0xabcd);
    CHECK_EQ(sim_ports.last.width, 2);
    CHECK_EQ(port_in(X86IOPortIn32, 0x10040), 0xabcd1234); /* ports are 16-bit */
    CHECK_EQ(sim_ports.last.port, 0x40);
    CHECK_EQ(sim_ports.last.width, 4);
    /* Out writes only the access's width of the data and answers nothing; In reads it back. */
    CHECK_EQ(port_call(X86IOPortOut8, SIM_MR(0x43, 0x1234), &reply), seL4_NoError);
    CHECK_EQ(reply.length, 0);
    CHECK(!sim_ports.last.in);
    CHECK_EQ(sim_ports.last.port, 0x43);
    CHECK_EQ(sim_ports.last.data, 0x34);
    CHECK_EQ(sim_ports.space[0x43], 0x34);
    CHECK_EQ(sim_ports.space[0x42], 0xcd);
    CHECK_EQ(port_in(X86IOPortIn8, 0x43), 0x34);
    CHECK_EQ(port_call(X86IOPortOut16, SIM_MR(0x42, 0x123456), &reply), seL4_NoError);
    CHECK_EQ(sim_ports.last.data, 0x3456);
    CHECK_EQ(port_in(X86IOPortIn16, 0x42), 0x3456);
    CHECK_EQ(port_in(X86IOPortIn32, 0x40), 0x34561234);
    CHECK_EQ(port_call(X86IOPortOut32, SIM_MR(0x40, 0x1122334455667788ul), &reply), seL4_NoError);
    CHECK_EQ(sim_ports.last.data, 0x55667788);
    CHECK_EQ(sim_ports.last.width, 4);
    CHECK_EQ(port_in(X86IOPortIn32, 0x40), 0x55667788);
    CHECK_EQ(port_in(X86IOPortIn8, 0x41), 0x77);
    CHECK_EQ(port_in(X86IOPortIn16, 0x41), 0x6677);
    /* Nothing outside the range was touched. */
    CHECK_EQ(sim_ports.space[0x3f], 0);
    CHECK_EQ(sim_ports.space[0x44], 0);
    CHECK_EQ(sim_ports.outs, 3);
    CHECK_EQ(sim_ports.ins, 9);
    CHECK(sim_check());
}

static void io_port_errors(void)
{
    struct inv_reply reply;

    setup();
    CHECK_EQ(sim_invoke(SIM_SLOT_IO_PORT_CONTROL, X86IOPortControlIssue, SIM_SLOT_CNODE, SIM_NONE,
                        SIM_MR(0x40, 0x43, P, DEP)),
             seL4_NoError);
    CHECK_EQ(port_call(X86IOPortIn8, 0, NULL, &reply), seL4_TruncatedMessage);
    CHECK_EQ(port_call(X86IOPortOut8, SIM_MR(0x40), &reply), seL4_TruncatedMessage);
    CHECK_EQ(port_call(X86IOPortOut32, SIM_MR(0x40), &reply), seL4_TruncatedMessage);
    /* Every port the access touches must be the cap's: IllegalOperation, as seL4. */
    CHECK_EQ(port_call(X86IOPortIn8, SIM_MR(0x3f), &reply), seL4_IllegalOperation);
    CHECK_EQ(port_call(X86IOPortIn8, SIM_MR(0x44), &reply), seL4_IllegalOperation);
    CHECK_EQ(port_call(X86IOPortIn16, SIM_MR(0x43), &reply), seL4_IllegalOperation);
    CHECK_EQ(port_call(X86IOPortIn32, SIM_MR(0x41), &reply), seL4_IllegalOperation);
    CHECK_EQ(port_call(X86IOPortOut16, SIM_MR(0x43, 0), &reply), seL4_IllegalOperation);
    CHECK_EQ(port_call(X86IOPortOut32, SIM_MR(0xffff, 0), &reply), seL4_IllegalOperation);
    /* Other labels. */
    CHECK_EQ(port_call(X86IOPortControlIssue, SIM_MR(0x40, 0x43, D, DEP), &reply),
             seL4_IllegalOperation);
    CHECK_EQ(port_call(IRQAckIRQ, 0, NULL, &reply), seL4_IllegalOperation);
    CHECK_EQ(sim_ports.ins + sim_ports.outs, 0);
    for (word_t port = 0x3c; port < 0x48; port++)
        CHECK_EQ(sim_ports.space[port], 0);
    CHECK_EQ(sim_ports.space[0xffff], 0);
    CHECK_EQ(reply.length, 0);
    /* The control cap does not do port I/O itself. */
    CHECK_EQ(sim_invoke(SIM_SLOT_IO_PORT_CONTROL, X86IOPortIn8, SIM_NONE, SIM_NONE, SIM_MR(0x40)),
             seL4_IllegalOperation);
    CHECK(sim_check());
}

TEST_CASES({irq_control_get, "irq_control_get"},
           {get_ioapic_issues_handler, "get_ioapic_issues_handler"},
           {get_ioapic_errors, "get_ioapic_errors"},
           {get_msi_issues_handler, "get_msi_issues_handler"},
           {set_notification_and_clear, "set_notification_and_clear"},
           {delivery_signals_and_masks, "delivery_signals_and_masks"},
           {inactive_irq_is_masked, "inactive_irq_is_masked"},
           {deleting_handlers, "deleting_handlers"},
           {deleting_the_notification, "deleting_the_notification"},
           {io_port_in_out, "io_port_in_out"}, {io_port_errors, "io_port_errors"}, );

TEST_MAIN("object/irq")
