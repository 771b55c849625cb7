// SPDX-License-Identifier: BSD-2-Clause
/*
 * x86_64 IRQs (see <arch/object/irq.h>): the routing of each IRQ in the
 * user range, the arch half of IRQControl (GetIOAPIC, GetMSI, and the
 * answer to IRQControl_Get), and masking a line.  Checks, their order and
 * error codes are seL4 13.0.0's for pc99 built for the IOAPIC.
 *
 * As in seL4, issuing a handler routes the pin masked and then unmasks it
 * (the IRQ becomes active); the first interrupt masks it again until the
 * handler cap is acknowledged.  seL4 does not check whether another IRQ
 * already routes the same pin, and neither does this code: the last
 * GetIOAPIC for a pin decides its vector.  MSIs cannot be masked; the
 * device is programmed by user level with the vector (IRQ + 0x20).
 */
#include <object/cnode.h>
#include <object/cspace.h>
#include <object/invocation.h>
#include <arch/ioapic.h>
#include <arch/object/irq.h>

static struct x86_irq x86_irqs[IRQ_COUNT];

const struct x86_irq *x86_irq_state(word_t irq)
{
    kassert(irq < IRQ_COUNT);
    return &x86_irqs[irq];
}

void arch_irq_init(void)
{
    for (word_t i = 0; i < IRQ_COUNT; i++)
        x86_irqs[i] = (struct x86_irq){0};
}

static bool irq_in_user_range(word_t irq)
{
    return irq >= IRQ_USER_MIN && irq <= IRQ_USER_MAX;
}

status_t arch_irq_check(word_t irq, struct syscall_error *err)
{
    (void)irq;
    /* ISA IRQs exist only with the legacy PICs; with the IOAPIC seL4 refuses them all. */
    return syscall_error_set(err, seL4_IllegalOperation);
}

void arch_irq_mask(word_t irq, bool masked)
{
    struct x86_irq *s;

    /* The ISA range has no PIC to mask (it is off) and other vectors are not lines. */
    if (!irq_in_user_range(irq))
        return;
    s = &x86_irqs[irq];
    /* An MSI cannot be masked; a free IRQ may be a late interrupt of a deleted handler. */
    if (s->type != X86_IRQ_IOAPIC)
        return;
    ioapic_mask((int)s->ioapic, (int)s->pin, masked);
    s->masked = masked;
}

/* GetIOAPIC and GetMSI share the destination and the vector's words: GetIOAPIC's names stand
 * for both. */
_Static_assert(
    INV_X86IRQIssueIRQHandlerMSI_depth_WORD == INV_X86IRQIssueIRQHandlerIOAPIC_depth_WORD &&
        INV_X86IRQIssueIRQHandlerMSI_vector_WORD == INV_X86IRQIssueIRQHandlerIOAPIC_vector_WORD &&
        INV_X86IRQIssueIRQHandlerMSI_root_CAP == INV_X86IRQIssueIRQHandlerIOAPIC_root_CAP &&
        INV_X86IRQIssueIRQHandlerMSI_WORDS == INV_X86IRQIssueIRQHandlerIOAPIC_WORDS,
    "GetIOAPIC and GetMSI share their layout's ends");

/* seL4 ioapic_decode_map_pin_to_vector: the pin's arguments of GetIOAPIC. */
static status_t decode_ioapic(const struct invocation *inv, struct syscall_error *err)
{
    word_t ioapic = inv_arg(inv, X86IRQIssueIRQHandlerIOAPIC, ioapic),
           pin = inv_arg(inv, X86IRQIssueIRQHandlerIOAPIC, pin);
    word_t n = (word_t)ioapic_count(), pins;

    if (n == 0)
        return syscall_error_set(err, seL4_IllegalOperation);
    if (ioapic >= n)
        return syscall_error_range(err, 0, n - 1);
    pins = MIN((word_t)ioapic_pins((int)ioapic), (word_t)IOAPIC_IRQ_LINES);
    if (pin >= pins)
        return syscall_error_range(err, 0, pins - 1);
    if (inv_arg(inv, X86IRQIssueIRQHandlerIOAPIC, level) > 1 ||
        inv_arg(inv, X86IRQIssueIRQHandlerIOAPIC, polarity) > 1)
        return syscall_error_range(err, 0, 1);
    return seL4_NoError;
}

static status_t decode_msi(const struct invocation *inv, struct syscall_error *err)
{
    if (inv_arg(inv, X86IRQIssueIRQHandlerMSI, pci_bus) > PCI_BUS_MAX)
        return syscall_error_range(err, 0, PCI_BUS_MAX);
    if (inv_arg(inv, X86IRQIssueIRQHandlerMSI, pci_dev) > PCI_DEV_MAX)
        return syscall_error_range(err, 0, PCI_DEV_MAX);
    if (inv_arg(inv, X86IRQIssueIRQHandlerMSI, pci_func) > PCI_FUNC_MAX)
        return syscall_error_range(err, 0, PCI_FUNC_MAX);
    return seL4_NoError;
}

/* Records irq's new routing, programs an IOAPIC pin (masked), then issues the handler. */
static void issue(word_t irq, const struct invocation *inv, cte_t *control, cte_t *dest)
{
    struct x86_irq *s = &x86_irqs[irq];

    if (inv->label == X86IRQIssueIRQHandlerIOAPIC) {
        *s = (struct x86_irq){.type = X86_IRQ_IOAPIC,
                              .masked = true,
                              .ioapic = inv_arg(inv, X86IRQIssueIRQHandlerIOAPIC, ioapic),
                              .pin = inv_arg(inv, X86IRQIssueIRQHandlerIOAPIC, pin),
                              .level = inv_arg(inv, X86IRQIssueIRQHandlerIOAPIC, level),
                              .active_low = inv_arg(inv, X86IRQIssueIRQHandlerIOAPIC, polarity)};
        bool routed = ioapic_route((int)s->ioapic, (int)s->pin, (uint8_t)(irq + IRQ_INT_OFFSET),
                                   s->level, s->active_low);
        kassert(routed); /* decoding checked the IOAPIC and the pin */
    } else {
        *s = (struct x86_irq){.type = X86_IRQ_MSI,
                              .pci_bus = inv_arg(inv, X86IRQIssueIRQHandlerMSI, pci_bus),
                              .pci_dev = inv_arg(inv, X86IRQIssueIRQHandlerMSI, pci_dev),
                              .pci_func = inv_arg(inv, X86IRQIssueIRQHandlerMSI, pci_func),
                              .handle = inv_arg(inv, X86IRQIssueIRQHandlerMSI, handle)};
    }
    irq_control_issue(irq, control, dest);
}

/*
 * GetIOAPIC(root, index, depth, ioapic, pin, level, polarity, vector) and
 * GetMSI(root, index, depth, bus, dev, func, handle, vector), as the spec
 * lays them out: index, depth, the four of the label, then the user-range
 * index.
 */
status_t arch_irq_control_decode(cte_t *slot, const struct invocation *inv,
                                 struct syscall_error *err)
{
    struct lookup_slot_ret dest;
    word_t irq;
    status_t st;

    if (inv->label != X86IRQIssueIRQHandlerIOAPIC && inv->label != X86IRQIssueIRQHandlerMSI)
        return syscall_error_set(err, seL4_IllegalOperation);
    if (!inv_complete(inv, X86IRQIssueIRQHandlerIOAPIC))
        return syscall_error_set(err, seL4_TruncatedMessage);
    if (inv_arg(inv, X86IRQIssueIRQHandlerIOAPIC, vector) > IRQ_USER_MAX - IRQ_USER_MIN)
        return syscall_error_range(err, 0, IRQ_USER_MAX - IRQ_USER_MIN);
    irq = inv_arg(inv, X86IRQIssueIRQHandlerIOAPIC, vector) + IRQ_USER_MIN;
    if (irq_is_active(irq))
        return syscall_error_set(err, seL4_RevokeFirst);
    dest = cspace_lookup_slot(false, inv_cap(inv, X86IRQIssueIRQHandlerIOAPIC, root)->cap,
                              inv_arg(inv, X86IRQIssueIRQHandlerIOAPIC, index),
                              inv_arg(inv, X86IRQIssueIRQHandlerIOAPIC, depth), err);
    if (dest.status != seL4_NoError)
        return dest.status;
    if (cnode_ensure_empty(dest.slot, err) != seL4_NoError)
        return err->type;
    if (inv->label == X86IRQIssueIRQHandlerIOAPIC)
        st = decode_ioapic(inv, err);
    else
        st = decode_msi(inv, err);
    if (st != seL4_NoError)
        return st;
    issue(irq, inv, slot, dest.slot);
    return seL4_NoError;
}
