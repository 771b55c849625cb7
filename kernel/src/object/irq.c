// SPDX-License-Identifier: BSD-2-Clause
/*
 * Interrupts as caps see them (see <object/irq.h>): IRQ states, the IRQ
 * node that holds each IRQ's notification cap, the IRQControl and
 * IRQHandler invocations, and what an arriving interrupt does.  Checks,
 * their order and error codes are seL4 13.0.0's.
 *
 * The IRQ node is a kernel array of slots.  A notification cap placed
 * there is linked into the derivation tree after the cap it was copied
 * from, so the usual delete and revoke machinery removes it; it is
 * emptied with cnode_delete, which for a notification cap never needs a
 * Zombie nor preempts (seL4 cteDeleteOne).
 */
#include <lib/string.h>
#include <object/cnode.h>
#include <object/cspace.h>
#include <object/invocation.h>
#include <object/irq.h>
#include <object/notification.h>

static bool irq_active[IRQ_COUNT];
static cte_t irq_node_storage[IRQ_COUNT] __attribute__((aligned(sizeof(cte_t))));
static cte_t *irq_node = irq_node_storage;

void irq_init(void)
{
    for (word_t i = 0; i < IRQ_COUNT; i++)
        irq_active[i] = false;
    memset(irq_node_storage, 0, sizeof(irq_node_storage));
    irq_node = irq_node_storage;
    arch_irq_init();
}

void irq_set_node(cte_t *node)
{
    for (word_t i = 0; i < IRQ_COUNT; i++)
        kassert(!irq_active[i] && cap_is_null(irq_node[i].cap));
    irq_node = node;
}

cte_t *irq_node_slot(word_t irq)
{
    kassert(irq < IRQ_COUNT);
    return &irq_node[irq];
}

bool irq_is_active(word_t irq)
{
    return irq < IRQ_COUNT && irq_active[irq];
}

/* seL4 setIRQState: the line is masked exactly when nobody holds a handler cap. */
static void irq_set_state(word_t irq, bool active)
{
    kassert(irq < IRQ_COUNT);
    irq_active[irq] = active;
    arch_irq_mask(irq, !active);
}

void irq_set_active(word_t irq)
{
    irq_set_state(irq, true);
}

void irq_control_issue(word_t irq, cte_t *control, cte_t *dest)
{
    irq_set_state(irq, true);
    cdt_insert(cap_irq_handler_new(irq), control, dest);
}

status_t irq_control_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err)
{
    struct lookup_slot_ret dest;
    word_t irq;
    status_t st;

    if (inv->label != IRQIssueIRQHandler)
        return arch_irq_control_decode(slot, inv, err);
    if (!inv_complete(inv, IRQIssueIRQHandler))
        return syscall_error_set(err, seL4_TruncatedMessage);
    irq = inv_arg(inv, IRQIssueIRQHandler, irq);
    st = arch_irq_check(irq, err);
    if (st != seL4_NoError)
        return st;
    kassert(irq < IRQ_COUNT);
    if (irq_is_active(irq))
        return syscall_error_set(err, seL4_RevokeFirst);
    dest = cspace_lookup_slot(false, inv_cap(inv, IRQIssueIRQHandler, root)->cap,
                              inv_arg(inv, IRQIssueIRQHandler, index),
                              inv_arg(inv, IRQIssueIRQHandler, depth), err);
    if (dest.status != seL4_NoError)
        return dest.status;
    if (cnode_ensure_empty(dest.slot, err) != seL4_NoError)
        return err->type;
    irq_control_issue(irq, slot, dest.slot);
    return seL4_NoError;
}

/* Empties irq's node slot; its notification cap cannot need more than one step. */
static void irq_clear_notification(word_t irq)
{
    cte_t *node = irq_node_slot(irq);

    if (cap_is_null(node->cap))
        return;
    status_t st = cnode_delete(node);
    kassert(st == seL4_NoError && cap_is_null(node->cap));
}

/* A notification cap that may signal: seL4's capNtfnCanSend is the write right. */
static bool ntfn_cap_can_send(cap_t c)
{
    return cap_type(c) == CAP_NOTIFICATION && (cap_notification_rights(c) & KAAL_CAP_ALLOW_WRITE);
}

/* SetNotification, decoded: irq signals a copy of the notification cap in src from now on. */
static void invoke_set_notification(word_t irq, cte_t *src)
{
    irq_clear_notification(irq);
    cdt_insert(src->cap, src, irq_node_slot(irq));
}

static status_t irq_set_notification(word_t irq, const struct invocation *inv,
                                     struct syscall_error *err)
{
    cte_t *src = inv_cap(inv, IRQSetIRQHandler, notification);

    if (!src)
        return syscall_error_set(err, seL4_TruncatedMessage);
    if (!ntfn_cap_can_send(src->cap)) {
        err->invalid_cap_number = 0;
        return syscall_error_set(err, seL4_InvalidCapability);
    }
    invoke_set_notification(irq, src);
    return seL4_NoError;
}

status_t irq_handler_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err)
{
    word_t irq = cap_irq_handler_irq(slot->cap);

    switch (inv->label) {
    case IRQAckIRQ:
        arch_irq_mask(irq, false);
        return seL4_NoError;
    case IRQSetIRQHandler:
        return irq_set_notification(irq, inv, err);
    case IRQClearIRQHandler:
        irq_clear_notification(irq);
        return seL4_NoError;
    default:
        return syscall_error_set(err, seL4_IllegalOperation);
    }
}

void irq_handle(word_t irq)
{
    kassert(irq < IRQ_COUNT);
    if (irq_active[irq]) {
        cap_t c = irq_node[irq].cap;
        if (ntfn_cap_can_send(c))
            ntfn_signal(ntfn_at(cap_ptr(c)), cap_notification_badge(c));
    }
    /* Active or not, the line stays masked: until Ack, or until a handler is issued. */
    arch_irq_mask(irq, true);
}

void irq_deleting_handler(word_t irq)
{
    irq_clear_notification(irq);
}

void irq_deleted_handler(word_t irq)
{
    irq_set_state(irq, false);
}
