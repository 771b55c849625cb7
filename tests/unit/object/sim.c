// SPDX-License-Identifier: BSD-2-Clause
/*
 * The simulated machine of sim.h: host memory standing in for physical
 * memory, the arch hooks the object model calls, the IOAPICs and the
 * port space, panic as a test failure (abort, so ASan and the fuzzer
 * report where), and a booted universe.
 */
#include "sim.h"

#include <object/invariant.h>
#include <object/irq.h>
#include <arch/ioapic.h>
#include <arch/object/cap.h>
#include <arch/object/vspace.h>
#include <panic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct syscall_error sim_err;
struct inv_reply sim_reply;
struct sim_vspace_hooks sim_vspace_hooks;
struct sim_ioapic sim_ioapic;
struct sim_ports sim_ports;

static uint8_t *mem;
static unsigned long preempt_countdown;
static unsigned long preemption_points;

void *arch_paddr_to_ptr(paddr_t pa)
{
    kassert(pa >= SIM_BASE && pa < SIM_BASE + SIM_SIZE);
    return mem + (pa - SIM_BASE);
}

paddr_t arch_ptr_to_paddr(const void *p)
{
    const uint8_t *b = p;

    kassert(b >= mem && b < mem + SIM_SIZE);
    return SIM_BASE + (paddr_t)(b - mem);
}

paddr_t arch_object_paddr(const void *p)
{
    return arch_ptr_to_paddr(p);
}

bool arch_preemption_point(void)
{
    preemption_points++;
    if (preempt_countdown == 0)
        return false;
    return --preempt_countdown == 0;
}

/* The simulated machine has no TLB and no kernel half: the hooks only count. */
void arch_tlb_invalidate_page(paddr_t pml4, vaddr_t va)
{
    sim_vspace_hooks.page_flushes++;
    sim_vspace_hooks.last_pml4 = pml4;
    sim_vspace_hooks.last_va = va;
}

void arch_tlb_invalidate_vspace(paddr_t pml4)
{
    sim_vspace_hooks.vspace_flushes++;
    sim_vspace_hooks.last_pml4 = pml4;
}

void arch_vspace_copy_kernel_half(paddr_t pml4)
{
    sim_vspace_hooks.kernel_copies++;
    sim_vspace_hooks.last_pml4 = pml4;
}

/* The IOAPIC driver's interface, over sim_ioapic; bad arguments are refused as ioapic.c does. */
int ioapic_count(void)
{
    kassert(sim_ioapic.count >= 0 && sim_ioapic.count <= SIM_IOAPICS);
    return sim_ioapic.count;
}

int ioapic_pins(int i)
{
    kassert(sim_ioapic.pins >= 0 && sim_ioapic.pins <= SIM_IOAPIC_PINS);
    return i >= 0 && i < ioapic_count() ? sim_ioapic.pins : 0;
}

bool ioapic_route(int i, int pin, uint8_t vector, bool level, bool active_low)
{
    if (pin < 0 || pin >= ioapic_pins(i))
        return false;
    sim_ioapic.pin[i][pin] = (struct sim_ioapic_pin){
        .routed = true, .vector = vector, .level = level, .active_low = active_low, .masked = true};
    sim_ioapic.routes++;
    return true;
}

void ioapic_mask(int i, int pin, bool masked)
{
    if (pin < 0 || pin >= ioapic_pins(i))
        return;
    sim_ioapic.pin[i][pin].masked = masked;
    sim_ioapic.masks++;
}

/* The port instructions, over sim_ports.space; the object code has checked the range. */
word_t ioport_perform(const struct ioport_op *op)
{
    word_t v = 0;

    kassert(op->width == 1 || op->width == 2 || op->width == 4);
    kassert(op->port + op->width <= IO_PORT_COUNT);
    sim_ports.last = *op;
    if (op->in) {
        sim_ports.ins++;
        for (word_t i = 0; i < op->width; i++)
            v |= (word_t)sim_ports.space[op->port + i] << (8 * i);
        return v;
    }
    sim_ports.outs++;
    for (word_t i = 0; i < op->width; i++)
        sim_ports.space[op->port + i] = (uint8_t)(op->data >> (8 * i));
    return 0;
}

/* One IOAPIC of 24 pins, all masked as ioapic_init leaves them; ports read 0. */
static void devices_boot(void)
{
    memset(&sim_ioapic, 0, sizeof(sim_ioapic));
    sim_ioapic.count = 1;
    sim_ioapic.pins = SIM_IOAPIC_PINS;
    for (int i = 0; i < SIM_IOAPICS; i++)
        for (int pin = 0; pin < SIM_IOAPIC_PINS; pin++)
            sim_ioapic.pin[i][pin].masked = true;
    memset(&sim_ports, 0, sizeof(sim_ports));
}

void panic(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "panic: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    abort();
}

void sim_preempt_after(unsigned long n)
{
    preempt_countdown = n;
}

unsigned long sim_preemption_points(void)
{
    return preemption_points;
}

void *sim_ptr(paddr_t pa)
{
    return arch_paddr_to_ptr(pa);
}

cte_t *sim_slot(word_t index)
{
    return cte_at(SIM_CNODE_PA) + index;
}

struct tcb *sim_tcb(void)
{
    return tcb_at(SIM_TCB_PA);
}

/* A boot cap: the root of its own derivation list, as the kernel writes them at boot. */
static void boot_cap(cte_t *slot, cap_t cap)
{
    slot->cap = cap;
    slot->mdb = (mdb_node_t){{0, 0}};
    mdb_set_flags(slot, true, true);
}

void sim_boot_cap(word_t index, cap_t cap)
{
    kassert(cap_is_null(sim_slot(index)->cap));
    boot_cap(sim_slot(index), cap);
}

void sim_boot(void)
{
    if (!mem)
        mem = aligned_alloc(4096, SIM_SIZE);
    kassert(mem);
    memset(mem, 0, SIM_SIZE);
    memset(&sim_err, 0, sizeof(sim_err));
    memset(&sim_vspace_hooks, 0, sizeof(sim_vspace_hooks));
    preempt_countdown = 0;
    devices_boot();
    irq_init();
    irq_set_node(cte_at(SIM_IRQ_NODE_PA));
    arch_objects_init();
    tcb_init(SIM_TCB_PA);
    boot_cap(sim_slot(SIM_SLOT_TCB), cap_thread_new(SIM_TCB_PA));
    boot_cap(sim_slot(SIM_SLOT_CNODE),
             cap_cnode_new(SIM_CNODE_PA, SIM_CNODE_BITS, 64 - SIM_CNODE_BITS, 0));
    cdt_insert(sim_slot(SIM_SLOT_CNODE)->cap, sim_slot(SIM_SLOT_CNODE),
               &sim_tcb()->cnode[TCB_CTABLE]);
    boot_cap(sim_slot(SIM_SLOT_UT), cap_untyped_new(SIM_UT_PA, SIM_UT_BITS, false, 0));
    boot_cap(sim_slot(SIM_SLOT_DEV), cap_untyped_new(SIM_DEV_PA, SIM_DEV_BITS, true, 0));
    boot_cap(sim_slot(SIM_SLOT_ASID_CONTROL), cap_new(CAP_ASID_CONTROL));
    boot_cap(sim_slot(SIM_SLOT_IO_PORT_CONTROL), cap_new(CAP_IO_PORT_CONTROL));
    boot_cap(sim_slot(SIM_SLOT_IRQ_CONTROL), cap_new(CAP_IRQ_CONTROL));
}

/* The slot a cptr names in the root thread's CSpace, with all 64 bits, as the syscall layer does.
 */
static cte_t *lookup(word_t cptr)
{
    struct resolve_ret r = cspace_resolve(sim_tcb()->cnode[TCB_CTABLE].cap, cptr, seL4_WordBits);

    if (r.status != seL4_NoError || r.bits_remaining != 0)
        return NULL;
    return r.slot;
}

status_t sim_invoke(word_t cptr, word_t label, word_t ex0, word_t ex1, size_t len, const word_t *mr)
{
    struct invocation inv = {
        .label = label, .length = len, .mr = mr, .thread = sim_tcb(), .reply = &sim_reply};
    word_t ex[2] = {ex0, ex1};
    cte_t *slot = lookup(cptr);

    memset(&sim_err, 0, sizeof(sim_err));
    sim_reply.length = 0;
    if (!slot)
        return SIM_FAULT;
    for (int i = 0; i < 2; i++) {
        if (ex[i] == SIM_NONE)
            break;
        /* As seL4's lookupExtraCaps: the slot must resolve; an empty one is passed on. */
        inv.extra_caps[i] = lookup(ex[i]);
        if (!inv.extra_caps[i])
            return SIM_FAULT;
    }
    return decode_invocation(slot, &inv, &sim_err);
}

status_t sim_invoke_all(word_t cptr, word_t label, word_t ex0, word_t ex1, size_t len,
                        const word_t *mr, int *restarts)
{
    status_t st;

    while ((st = sim_invoke(cptr, label, ex0, ex1, len, mr)) == STATUS_PREEMPTED)
        if (restarts)
            (*restarts)++;
    return st;
}

bool sim_check(void)
{
    static cte_t *roots[(1 << SIM_CNODE_BITS) + TCB_CNODE_ENTRIES];
    char msg[256];
    size_t n = 0;

    for (word_t i = 0; i < BIT(SIM_CNODE_BITS); i++)
        roots[n++] = sim_slot(i);
    for (word_t i = 0; i < TCB_CNODE_ENTRIES; i++)
        roots[n++] = &sim_tcb()->cnode[i];
    if (invariant_check(roots, n, msg, sizeof(msg)))
        return true;
    printf("  invariant violated: %s\n", msg);
    return false;
}

status_t sim_retype(word_t ut, word_t type, word_t size_bits, word_t dest, word_t n)
{
    return sim_invoke_all(ut, UntypedRetype, SIM_SLOT_CNODE, SIM_NONE,
                          SIM_MR(type, size_bits, 0, 0, dest, n), NULL);
}

status_t sim_copy(word_t dest, word_t src, word_t rights)
{
    return sim_invoke(SIM_SLOT_CNODE, CNodeCopy, SIM_SLOT_CNODE, SIM_NONE,
                      SIM_MR(dest, 64, src, 64, rights));
}

status_t sim_mint(word_t dest, word_t src, word_t rights, word_t data)
{
    return sim_invoke(SIM_SLOT_CNODE, CNodeMint, SIM_SLOT_CNODE, SIM_NONE,
                      SIM_MR(dest, 64, src, 64, rights, data));
}

status_t sim_move(word_t dest, word_t src)
{
    return sim_invoke(SIM_SLOT_CNODE, CNodeMove, SIM_SLOT_CNODE, SIM_NONE,
                      SIM_MR(dest, 64, src, 64));
}

status_t sim_mutate(word_t dest, word_t src, word_t data)
{
    return sim_invoke(SIM_SLOT_CNODE, CNodeMutate, SIM_SLOT_CNODE, SIM_NONE,
                      SIM_MR(dest, 64, src, 64, data));
}

status_t sim_delete(word_t slot)
{
    return sim_invoke_all(SIM_SLOT_CNODE, CNodeDelete, SIM_NONE, SIM_NONE, SIM_MR(slot, 64), NULL);
}

status_t sim_revoke(word_t slot)
{
    return sim_invoke_all(SIM_SLOT_CNODE, CNodeRevoke, SIM_NONE, SIM_NONE, SIM_MR(slot, 64), NULL);
}
