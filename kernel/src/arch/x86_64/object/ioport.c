// SPDX-License-Identifier: BSD-2-Clause
/*
 * IOPortControl_Issue, the record of issued I/O ports, and the port
 * reads and writes of IOPort caps (In8/16/32, Out8/16/32).
 *
 * A bitmap of the 65536 ports says which have been issued; Issue refuses
 * (RevokeFirst) a range that meets an issued port, so two IOPort caps that
 * are not copies of each other never share a port.  The IOPort cap is a
 * revocable child of IOPortControl, so revoking IOPortControl takes every
 * port back.  An access must lie wholly inside its cap's range.  The
 * access itself (ioport_perform) is the kernel's portio.c, so that this
 * file stays portable and host tests never execute a port instruction.
 * Checks and their order are seL4 13.0.0's.
 */
#include <object/cnode.h>
#include <object/cspace.h>
#include <object/invocation.h>
#include <arch/object/cap.h>
#include <arch/object/ioport.h>

static uint8_t issued[IO_PORT_COUNT / 8];

void ioport_init(void)
{
    for (size_t i = 0; i < sizeof(issued); i++)
        issued[i] = 0;
}

static bool port_issued(word_t port)
{
    return issued[port / 8] & (1u << (port % 8));
}

static void mark_range(word_t first, word_t last, bool taken)
{
    for (word_t p = first; p <= last; p++) {
        if (taken)
            issued[p / 8] |= (uint8_t)(1u << (p % 8));
        else
            issued[p / 8] &= (uint8_t) ~(1u << (p % 8));
    }
}

bool ioport_range_free(word_t first, word_t last)
{
    for (word_t p = first; p <= last; p++)
        if (port_issued(p))
            return false;
    return true;
}

void ioport_free_range(word_t first, word_t last)
{
    kassert(first <= last && last < IO_PORT_COUNT);
    mark_range(first, last, false);
}

/* Issue, decoded: ports first..last, free until now, as an IOPort cap in the empty dest. */
static void invoke_issue(word_t first, word_t last, cte_t *control, cte_t *dest)
{
    mark_range(first, last, true);
    cdt_insert(cap_io_port_new(first, last), control, dest);
}

status_t ioport_control_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err)
{
    word_t first, last;
    struct lookup_slot_ret dest;

    if (inv->label != X86IOPortControlIssue)
        return syscall_error_set(err, seL4_IllegalOperation);
    if (!inv_complete(inv, X86IOPortControlIssue))
        return syscall_error_set(err, seL4_TruncatedMessage);
    first = inv_arg(inv, X86IOPortControlIssue, first_port) & 0xffff;
    last = inv_arg(inv, X86IOPortControlIssue, last_port) & 0xffff;
    if (last < first)
        return syscall_error_arg(err, 1);
    if (!ioport_range_free(first, last))
        return syscall_error_set(err, seL4_RevokeFirst);
    dest = cspace_lookup_slot(false, inv_cap(inv, X86IOPortControlIssue, root)->cap,
                              inv_arg(inv, X86IOPortControlIssue, index),
                              inv_arg(inv, X86IOPortControlIssue, depth), err);
    if (dest.status != seL4_NoError)
        return dest.status;
    if (cnode_ensure_empty(dest.slot, err) != seL4_NoError)
        return err->type;
    invoke_issue(first, last, slot, dest.slot);
    return seL4_NoError;
}

/* Every width has its port, and an Out its data, in the same words: In8's and Out8's names
 * stand for all. */
_Static_assert(INV_X86IOPortIn16_port_WORD == INV_X86IOPortIn8_port_WORD &&
                   INV_X86IOPortIn32_port_WORD == INV_X86IOPortIn8_port_WORD &&
                   INV_X86IOPortOut8_port_WORD == INV_X86IOPortIn8_port_WORD,
               "the port is in one word for every access");
_Static_assert(INV_X86IOPortOut16_data_WORD == INV_X86IOPortOut8_data_WORD &&
                   INV_X86IOPortOut32_data_WORD == INV_X86IOPortOut8_data_WORD,
               "the data is in one word for every write");

/* The width in bytes of an IOPort label's access, or 0 for another label. */
static word_t access_width(word_t label)
{
    switch (label) {
    case X86IOPortIn8:
    case X86IOPortOut8:
        return 1;
    case X86IOPortIn16:
    case X86IOPortOut16:
        return 2;
    case X86IOPortIn32:
    case X86IOPortOut32:
        return 4;
    default:
        return 0;
    }
}

status_t ioport_decode_op(cap_t cap, const struct invocation *inv, struct ioport_op *op,
                          struct syscall_error *err)
{
    word_t width = access_width(inv->label);

    if (width == 0)
        return syscall_error_set(err, seL4_IllegalOperation);
    op->in =
        inv->label == X86IOPortIn8 || inv->label == X86IOPortIn16 || inv->label == X86IOPortIn32;
    if (op->in ? !inv_has(inv, X86IOPortIn8, port) : !inv_has(inv, X86IOPortOut8, data))
        return syscall_error_set(err, seL4_TruncatedMessage);
    op->port = inv_arg(inv, X86IOPortIn8, port) & 0xffff;
    op->width = width;
    op->data = op->in ? 0 : inv_arg(inv, X86IOPortOut8, data) & MASK(width * 8);
    /* Every port the access touches must be the cap's; seL4 says IllegalOperation otherwise. */
    if (op->port < cap_io_port_first_port(cap) || op->port + width - 1 > cap_io_port_last_port(cap))
        return syscall_error_set(err, seL4_IllegalOperation);
    return seL4_NoError;
}

status_t ioport_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err)
{
    struct ioport_op op;
    status_t st = ioport_decode_op(slot->cap, inv, &op, err);

    if (st != seL4_NoError)
        return st;
    word_t v = ioport_perform(&op);
    if (op.in)
        inv_reply_set(inv, 0, v);
    return seL4_NoError;
}
