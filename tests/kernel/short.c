/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every invocation of the spec (sdk/interface/sel4.api), sent short: one
 * message word too few, and one extra cap too few, to a cap of the
 * invocation's own type.  seL4's answer to each is an error (most often
 * TruncatedMessage; a decoder that checks an argument before the length
 * may give another), never success, and never a kernel panic: the suite
 * goes on to its next case.  The list comes from the generated
 * <kaal/invocation_list.h>, so an invocation added to the spec is sent
 * short here without a line written for it.
 *
 * The words are all ones, so that an argument the decoder reads before it
 * finds the message short (a CNode depth, WriteRegisters' count) is out of
 * range rather than valid.  Caps are the root CNode's own cap, which is of
 * the wrong type for most: that too must be an error, not a success.
 * Targets are fresh objects from the case's pool, or the boot caps of the
 * control objects, whose invocations here all fail before changing
 * anything.
 */
#include "alloc.h"

#include <kaal/invocation_list.h>

#define SCRATCH_PORT 0xf000 /* an I/O port range no device here decodes */
#define SCRATCH_PIN  10     /* an IOAPIC pin nothing else in the suite uses */

struct invocation_case {
    const char *iface, *method;
    seL4_Word label, words, caps;
};

#define INVOCATION_CASE(id, label, iface, method, words, caps)                                     \
    {#iface, #method, label, words, caps},
static const struct invocation_case invocations[] = {KAAL_INVOCATIONS(INVOCATION_CASE)};
#define NINVOCATIONS (sizeof(invocations) / sizeof(invocations[0]))

static bool same(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* An IRQHandler cap for SCRATCH_PIN in a new slot, or 0. */
static seL4_CPtr irq_handler(void)
{
    seL4_CPtr slot = alloc_slot();

    return seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, ROOT, slot, DEPTH, 0, SCRATCH_PIN, 0, 0,
                                     SCRATCH_PIN) == seL4_NoError
               ? slot
               : 0;
}

/* An IOPort cap for four scratch ports in a new slot, or 0. */
static seL4_CPtr io_port(void)
{
    seL4_CPtr slot = alloc_slot();

    return seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, SCRATCH_PORT, SCRATCH_PORT + 3, ROOT,
                                        slot, DEPTH) == seL4_NoError
               ? slot
               : 0;
}

/* A cap of the interface's type for this case, or 0 if none could be made. */
static seL4_CPtr target(const char *iface)
{
    static const struct {
        const char *iface;
        seL4_Word type, size_bits;
    } objects[] = {
        {"seL4_Untyped", seL4_UntypedObject, 12},
        {"seL4_TCB", seL4_TCBObject, 0},
        {"seL4_CNode", seL4_CapTableObject, 4},
        {"seL4_X86_PDPT", seL4_X86_PDPTObject, 0},
        {"seL4_X86_PageDirectory", seL4_X86_PageDirectoryObject, 0},
        {"seL4_X86_PageTable", seL4_X86_PageTableObject, 0},
        {"seL4_X86_Page", seL4_X86_4K, 0},
#ifdef CONFIG_IOMMU
        {"seL4_X86_IOPageTable", seL4_X86_IOPageTableObject, 0},
#endif
    };
    static const struct {
        const char *iface;
        seL4_CPtr cap;
    } boot[] = {
        {"seL4_IRQControl", seL4_CapIRQControl},
        {"seL4_DomainSet", seL4_CapDomain},
        {"seL4_X86_ASIDControl", seL4_CapASIDControl},
        {"seL4_X86_ASIDPool", seL4_CapInitThreadASIDPool},
        {"seL4_X86_IOPortControl", seL4_CapIOPortControl},
    };

    for (unsigned int i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
        if (same(iface, objects[i].iface))
            return alloc_obj(objects[i].type, objects[i].size_bits);
    for (unsigned int i = 0; i < sizeof(boot) / sizeof(boot[0]); i++)
        if (same(iface, boot[i].iface))
            return boot[i].cap;
    if (same(iface, "seL4_IRQHandler"))
        return irq_handler();
    if (same(iface, "seL4_X86_IOPort"))
        return io_port();
    return 0;
}

/* "<iface>_<method> <what>", in a buffer the next call overwrites. */
static const char *named(const struct invocation_case *inv, const char *what)
{
    static char buf[96];
    unsigned int n = 0;

    for (const char *p = inv->iface; *p && n < sizeof(buf) - 1; p++)
        buf[n++] = *p;
    if (n < sizeof(buf) - 1)
        buf[n++] = '_';
    for (const char *p = inv->method; *p && n < sizeof(buf) - 1; p++)
        buf[n++] = *p;
    for (const char *p = what; *p && n < sizeof(buf) - 1; p++)
        buf[n++] = *p;
    buf[n] = '\0';
    return buf;
}

/* Sends inv with words words and caps caps; its reply's label (the error). */
static seL4_Word send(const struct invocation_case *inv, seL4_CPtr cap, seL4_Word words,
                      seL4_Word caps)
{
    static seL4_Word ones[seL4_MsgMaxLength];
    seL4_CPtr cnodes[seL4_MsgMaxExtraCaps] = {ROOT, ROOT, ROOT};

    for (seL4_Word i = 0; i < words; i++)
        ones[i] = ~0ul;
    return seL4_MessageInfo_get_label(raw_call(cap, inv->label, words, ones, caps, cnodes));
}

/* One case of a single invocation, sent a word short (caps_short false: every cap sent) or a cap
 * short (every word sent); NULL if the kernel answered with an error. */
static const char *one_short(seL4_BootInfo *bi, const struct invocation_case *inv, bool caps_short)
{
    BEGIN(bi);
    seL4_CPtr cap = target(inv->iface);
    CHECK(cap, named(inv, ": no cap of its type could be made"));
    CHECK(send(inv, cap, inv->words - !caps_short, inv->caps - caps_short) != seL4_NoError,
          named(inv, caps_short ? " a cap short was accepted" : " a word short was accepted"));
    return PASS;
}

/* Every invocation that takes words (caps_short false) or caps, sent one short; at least least
 * of them, so that a spec that lost its arguments cannot pass unnoticed. */
static const char *each_short(seL4_BootInfo *bi, bool caps_short, unsigned int least)
{
    unsigned int sent = 0;

    for (unsigned int i = 0; i < NINVOCATIONS; i++) {
        const struct invocation_case *inv = &invocations[i];
        if ((caps_short ? inv->caps : inv->words) == 0)
            continue;
        const char *why = one_short(bi, inv, caps_short);
        if (why)
            return why;
        sent++;
    }
    return sent >= least ? 0 : "fewer invocations with arguments than the spec has";
}

static const char *every_invocation_a_word_short(seL4_BootInfo *bi)
{
    return each_short(bi, false, 30);
}

static const char *every_invocation_a_cap_short(seL4_BootInfo *bi)
{
    return each_short(bi, true, 15);
}

const struct kernel_case short_cases[] = {
    CASE(every_invocation_a_word_short),
    CASE(every_invocation_a_cap_short),
    END_OF_CASES,
};
