/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A simulated machine for host tests and the fuzzer of the object model.
 *
 * Physical memory is a host buffer of SIM_SIZE bytes standing at physical
 * address SIM_BASE; the arch hooks translate between the two and assert
 * that every address is inside.  sim_boot lays out a universe as the
 * kernel hands it to a root task: a root TCB and a root CNode (2^8 slots,
 * guard 56 so a slot number is a cptr of depth 64) outside any untyped,
 * the thread cap in slot 1, the CNode cap in slot 2, a 1 MiB untyped in
 * slot 3, a 64 KiB device untyped in slot 4, ASIDControl in slot 5,
 * IOPortControl in slot 7 and IRQControl in slot 8 (seL4's 4 holds the
 * device untyped here).  The kernel's IRQ node is the IRQ_COUNT slots at
 * SIM_IRQ_NODE_PA, also outside any untyped, so that the invariant
 * checker can follow the links of the notification caps kept there.
 * Invocations go through decode_invocation as the system-call layer will
 * send them.
 *
 * Preemption is under the test's control: sim_preempt_after(n) makes the
 * n-th next preemption point fire (once); the default is never.
 *
 * The VSpace hooks (<arch/object/vspace.h>) only count their calls in
 * sim_vspace_hooks, which sim_boot zeroes; the reply words of the last
 * invocation (GetAddress) are in sim_reply.
 *
 * The IOAPIC driver (<arch/ioapic.h>) and the port instructions
 * (ioport_perform) are simulated devices: sim_ioapic has one IOAPIC of 24
 * pins after sim_boot, every pin masked, and records what each pin was
 * routed to; sim_ports is a space of 65536 byte-wide ports that Out
 * writes and In reads back.  Tests may change the IOAPIC count and pins.
 */
#pragma once

#include <object/cnode.h>
#include <object/cspace.h>
#include <object/invocation.h>
#include <object/objecttype.h>
#include <object/tcb.h>
#include <arch/object/ioport.h>
#include <sel4/objecttype.h>

#define SIM_BASE        0x400000ul
#define SIM_SIZE        0x400000ul
#define SIM_TCB_PA      SIM_BASE
#define SIM_CNODE_PA    (SIM_BASE + 0x2000ul)
#define SIM_CNODE_BITS  8
#define SIM_UT_PA       (SIM_BASE + 0x100000ul)
#define SIM_UT_BITS     20
#define SIM_DEV_PA      (SIM_BASE + 0x200000ul)
#define SIM_DEV_BITS    16
#define SIM_IRQ_NODE_PA (SIM_BASE + 0x4000ul)

/* The root task's slots that sim_boot fills (seL4's initial slot numbers). */
enum {
    SIM_SLOT_TCB = 1,
    SIM_SLOT_CNODE = 2,
    SIM_SLOT_UT = 3,
    SIM_SLOT_DEV = 4,
    SIM_SLOT_ASID_CONTROL = 5,
    SIM_SLOT_IO_PORT_CONTROL = 7,
    SIM_SLOT_IRQ_CONTROL = 8,
    SIM_FREE = 16
};

/* A cptr that names no extra cap. */
#define SIM_NONE (~0ul)

/* sim_invoke's answer when the invoked or an extra cptr names no slot (a cap fault). */
#define SIM_FAULT 99

/* The error details of the last invocation. */
extern struct syscall_error sim_err;

/* The reply words of the last invocation that answers (length 0 otherwise). */
extern struct inv_reply sim_reply;

/* What the VSpace hooks were asked to do since boot. */
struct sim_vspace_hooks {
    unsigned long page_flushes;   /* arch_tlb_invalidate_page calls */
    unsigned long vspace_flushes; /* arch_tlb_invalidate_vspace calls */
    unsigned long kernel_copies;  /* arch_vspace_copy_kernel_half calls */
    paddr_t last_pml4;            /* the PML4 the last of them named */
    vaddr_t last_va;              /* the address of the last page flush */
};

extern struct sim_vspace_hooks sim_vspace_hooks;

#define SIM_IOAPICS     2  /* at most this many simulated IOAPICs */
#define SIM_IOAPIC_PINS 24 /* pins of each, as seL4's pc99 IOAPIC */

/* One simulated IOAPIC pin: its redirection entry. */
struct sim_ioapic_pin {
    bool routed; /* ioapic_route has programmed it */
    uint8_t vector;
    bool level, active_low;
    bool masked;
};

/* The simulated IOAPICs: what ioapic_count and ioapic_pins answer, and the pins. */
struct sim_ioapic {
    int count; /* IOAPICs present, at most SIM_IOAPICS (sim_boot: 1) */
    int pins;  /* pins each has, at most SIM_IOAPIC_PINS (sim_boot: 24) */
    struct sim_ioapic_pin pin[SIM_IOAPICS][SIM_IOAPIC_PINS];
    unsigned long routes, masks; /* successful ioapic_route and ioapic_mask calls */
};

extern struct sim_ioapic sim_ioapic;

/* The simulated port space: an access of width w covers ports port..port+w-1, little-endian. */
struct sim_ports {
    uint8_t space[IO_PORT_COUNT];
    unsigned long ins, outs; /* ioport_perform calls */
    struct ioport_op last;   /* the last of them */
};

extern struct sim_ports sim_ports;

/* Lays out a fresh universe (see above); the previous one is forgotten. */
void sim_boot(void);

/* Writes a boot cap (revocable, in a list of its own) into an empty root-CNode slot. */
void sim_boot_cap(word_t index, cap_t cap);

/* The slot at a root-CNode index, and the root thread. */
cte_t *sim_slot(word_t index);
struct tcb *sim_tcb(void);

/* A pointer to physical address pa of the simulated memory. */
void *sim_ptr(paddr_t pa);

/* Invokes the cap at cptr with a label, message words and up to two extra caps (cptrs). */
status_t sim_invoke(word_t cptr, word_t label, word_t ex0, word_t ex1, size_t len,
                    const word_t *mr);

/* Same, invoking again while the operation is preempted; counts the restarts in *restarts. */
status_t sim_invoke_all(word_t cptr, word_t label, word_t ex0, word_t ex1, size_t len,
                        const word_t *mr, int *restarts);

/* Makes the n-th next preemption point fire (n >= 1); 0 turns preemption off. */
void sim_preempt_after(unsigned long n);

/* Preemption points passed since boot. */
unsigned long sim_preemption_points(void);

/* Runs the invariant checker over the universe; prints the violation, returns false. */
bool sim_check(void);

/* Shorthands for the common invocations, addressing slots of the root CNode. */
status_t sim_retype(word_t ut, word_t type, word_t size_bits, word_t dest, word_t n);
status_t sim_copy(word_t dest, word_t src, word_t rights);
status_t sim_mint(word_t dest, word_t src, word_t rights, word_t data);
status_t sim_move(word_t dest, word_t src);
status_t sim_mutate(word_t dest, word_t src, word_t data);
status_t sim_delete(word_t slot);
status_t sim_revoke(word_t slot);

/* The message words a label takes, for the shorthands and the fuzzer. */
#define SIM_MR(...)                                                                                \
    (sizeof((word_t[]){__VA_ARGS__}) / sizeof(word_t)), ((const word_t[]){__VA_ARGS__})
