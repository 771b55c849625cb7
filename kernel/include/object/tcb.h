/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Thread control blocks, as far as the object model needs them.
 *
 * A TCB object is 2^seL4_TCBBits bytes.  It begins with the TCB's own five
 * cap slots (seL4's "TCB CNode": CSpace root, VSpace root, reply master,
 * caller, IPC buffer frame), so deleting a TCB empties them through a
 * Zombie exactly like a small CNode; the thread's state follows: the arch
 * register context and FPU area, the scheduler's node and priorities, the
 * wait-queue links of IPC, and the thread's IPC buffer address, fault
 * endpoint and debug name.  A thread cap names the object's first byte.
 */
#pragma once

#include <arch/user.h>
#include <fault.h>
#include <object/cte.h>
#include <sched.h>

enum tcb_cnode_index {
    TCB_CTABLE = 0,
    TCB_VTABLE = 1,
    TCB_REPLY = 2,
    TCB_CALLER = 3,
    TCB_BUFFER = 4,
    TCB_CNODE_ENTRIES = 5,
};

enum thread_state {
    THREAD_INACTIVE = 0,
    THREAD_RUNNING,
    THREAD_RESTART,
    THREAD_BLOCKED_ON_RECEIVE,
    THREAD_BLOCKED_ON_SEND,
    THREAD_BLOCKED_ON_REPLY,
    THREAD_BLOCKED_ON_NOTIFICATION,
    THREAD_IDLE,
};

#define TCB_NAME_LEN 32

struct tcb {
    cte_t cnode[TCB_CNODE_ENTRIES];
    struct arch_tcb arch;          /* registers (16-byte aligned), FPU, TLS bases */
    word_t state;                  /* enum thread_state */
    paddr_t blocking_object;       /* endpoint or notification it waits on */
    word_t blocking_badge;         /* the badge it sends with, when blocked on send */
    bool blocking_can_grant;       /* its send may transfer caps (the cap had Grant) */
    bool blocking_can_grant_reply; /* its Call may carry grant to the reply cap */
    bool blocking_is_call;         /* blocked on send by a Call: it waits for a reply */
    paddr_t queue_next;            /* neighbours in that object's wait queue */
    paddr_t queue_prev;
    paddr_t bound_notification; /* 0 when unbound */
    struct sched_node sched;    /* ready queue link and the priority (sched.prio) */
    word_t mcp;                 /* maximum controlled priority */
    word_t time_slice;          /* timer ticks left before round robin moves on */
    vaddr_t ipc_buffer;         /* user address of its IPC buffer (frame in cnode[TCB_BUFFER]) */
    word_t fault_handler;       /* cptr of the fault endpoint, in its own CSpace */
    struct fault fault;         /* the fault being handled (type FAULT_NULL: none) */
    char name[TCB_NAME_LEN];    /* set by DebugNameThread; shown in fault reports */
};

_Static_assert(sizeof(struct tcb) <= 1ul << seL4_TCBBits, "struct tcb fits the TCB object");

/* A queue of threads waiting on an endpoint or notification (physical addresses, 0 = none). */
struct tcb_queue {
    paddr_t head;
    paddr_t tail;
};

/* The TCB a thread or reply cap names. */
static inline struct tcb *tcb_at(paddr_t pa)
{
    return (struct tcb *)arch_paddr_to_ptr(pa);
}

/* Initialises the zeroed memory at pa as an inactive thread. */
void tcb_init(paddr_t pa);

/* Removes tcb from q (it must be in it) and returns the new queue. */
struct tcb_queue tcb_queue_remove(struct tcb_queue q, struct tcb *tcb);

/* Appends tcb to q and returns the new queue. */
struct tcb_queue tcb_queue_append(struct tcb_queue q, struct tcb *tcb);

/* Stops tcb for good before it is deleted: leaves any queue, unbinds its notification. */
void tcb_prepare_delete(struct tcb *tcb);

/* Puts a master reply cap into tcb's reply slot if it is empty (seL4 setupReplyMaster). */
void tcb_setup_reply_master(struct tcb *tcb);

/* Makes a thread that was waiting runnable again after its wait was cancelled. */
void tcb_restart(struct tcb *tcb);

/* Takes tcb out of whatever it waits on, leaving it Inactive (seL4 cancelIPC). */
void tcb_cancel_wait(struct tcb *tcb);

struct invocation;
struct syscall_error;

/* Decodes and performs a TCB invocation on the thread cap in slot (tcbinv.c). */
int tcb_decode_invocation(cte_t *slot, const struct invocation *inv, struct syscall_error *err);

/* Sets up the arch part of a new TCB (registers for user mode, the initial FPU state). */
void arch_tcb_init(struct tcb *tcb);

/* Drops the arch's references to tcb before it is deleted (a lazily kept FPU state). */
void arch_tcb_prepare_delete(struct tcb *tcb);
