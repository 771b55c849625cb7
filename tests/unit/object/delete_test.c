// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of deletion and revocation: CNodes and TCBs emptied through
 * Zombies (nested, and holding their own last cap), preempted deletes and
 * revokes that end in exactly the state an uninterrupted one reaches, and
 * what finalising endpoints, notifications and IRQ handlers releases.
 */
#include "test.h"
#include "sim.h"

#include <object/endpoint.h>
#include <object/irq.h>
#include <object/notification.h>
#include <object/untyped.h>

#define X 20 /* a CNode of 2^4 slots */
#define Y 21 /* another */

static cap_t cap_at(word_t i)
{
    return sim_slot(i)->cap;
}

static cte_t *slot_in(word_t cnode, word_t i)
{
    return cte_at(cap_ptr(cap_at(cnode))) + i;
}

/* Retypes n endpoints into slots [first, first+n) of the CNode at root slot cnode. */
static status_t endpoints_into(word_t cnode, word_t first, word_t n)
{
    return sim_invoke(SIM_SLOT_UT, UntypedRetype, SIM_SLOT_CNODE, SIM_NONE,
                      SIM_MR(seL4_EndpointObject, 0, cnode, 64, first, n));
}

/* Moves the cap in root slot src into slot index of the CNode at root slot cnode. */
static status_t move_into(word_t cnode, word_t index, word_t src)
{
    return sim_invoke(cnode, CNodeMove, SIM_SLOT_CNODE, SIM_NONE, SIM_MR(index, 4, src, 64));
}

static void two_cnodes(void)
{
    sim_boot();
    kassert(sim_retype(SIM_SLOT_UT, seL4_CapTableObject, 4, X, 2) == seL4_NoError);
}

static void delete_cnode_empties_it(void)
{
    cte_t *first;

    two_cnodes();
    first = slot_in(X, 0);
    CHECK_EQ(endpoints_into(X, 0, 16), seL4_NoError);
    CHECK_EQ(sim_copy(30, X, 15), seL4_NoError);
    CHECK_EQ(sim_delete(X), seL4_NoError); /* not final: the copy stays */
    CHECK(!cap_is_null(first[15].cap));
    CHECK_EQ(sim_delete(30), seL4_NoError);
    for (word_t i = 0; i < 16; i++)
        CHECK(cap_is_null(first[i].cap));
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_EndpointObject, 0, X, 1), seL4_NoError);
    CHECK(sim_check());
}

static void nested_cnodes_go_together(void)
{
    two_cnodes();
    CHECK_EQ(endpoints_into(Y, 3, 5), seL4_NoError);
    CHECK_EQ(move_into(X, 7, Y), seL4_NoError); /* Y's only cap now lives in X */
    CHECK(cap_is_null(cap_at(Y)));
    CHECK(sim_check());
    CHECK_EQ(sim_delete(X), seL4_NoError);
    CHECK(cap_is_null(cap_at(X)));
    /*
     * As in seL4, a CNode whose last cap is found inside another CNode being
     * deleted is not emptied then: its Zombie is moved into its own first
     * slot (bounding the kernel's recursion) and stays there, a child of the
     * untyped, until the untyped is revoked.
     */
    CHECK(cdt_has_children(sim_slot(SIM_SLOT_UT)));
    CHECK(sim_check());
    CHECK_EQ(sim_revoke(SIM_SLOT_UT), seL4_NoError);
    CHECK(!cdt_has_children(sim_slot(SIM_SLOT_UT)));
    CHECK(sim_check());
}

static void cnode_holding_itself(void)
{
    two_cnodes();
    CHECK_EQ(endpoints_into(X, 1, 2), seL4_NoError);
    CHECK_EQ(move_into(X, 0, X), seL4_NoError); /* X's last cap lies in X: unreachable */
    CHECK(sim_check());
    CHECK(cdt_has_children(sim_slot(SIM_SLOT_UT)));
    CHECK_EQ(sim_revoke(SIM_SLOT_UT), seL4_NoError);
    CHECK(!cdt_has_children(sim_slot(SIM_SLOT_UT)));
    CHECK(sim_check());
    /* Two CNodes holding each other's last caps, reached through a third. */
    two_cnodes();
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_CapTableObject, 4, 22, 1), seL4_NoError);
    CHECK_EQ(sim_copy(23, X, 15), seL4_NoError);
    CHECK_EQ(move_into(Y, 0, X), seL4_NoError);
    CHECK_EQ(move_into(23, 1, Y), seL4_NoError); /* X (via slot 23) holds Y, Y holds X */
    CHECK_EQ(move_into(22, 0, 23), seL4_NoError);
    CHECK(sim_check());
    CHECK_EQ(sim_delete(22), seL4_NoError);
    CHECK(sim_check());
    CHECK_EQ(sim_revoke(SIM_SLOT_UT), seL4_NoError);
    CHECK(!cdt_has_children(sim_slot(SIM_SLOT_UT)));
    CHECK(sim_check());
}

static void delete_tcb_empties_its_slots(void)
{
    struct tcb *t;

    sim_boot();
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_TCBObject, 0, X, 1), seL4_NoError);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_EndpointObject, 0, Y, 1), seL4_NoError);
    t = tcb_at(cap_ptr(cap_at(X)));
    cdt_insert(cap_at(SIM_SLOT_CNODE), sim_slot(SIM_SLOT_CNODE), &t->cnode[TCB_CTABLE]);
    cdt_insert(cap_at(Y), sim_slot(Y), &t->cnode[TCB_BUFFER]);
    tcb_setup_reply_master(t);
    CHECK(sim_check());
    CHECK_EQ(sim_delete(X), seL4_NoError);
    CHECK(cdt_is_final(sim_slot(Y)));
    CHECK(cap_is_null(t->cnode[TCB_CTABLE].cap));
    CHECK(cap_is_null(t->cnode[TCB_REPLY].cap));
    CHECK(sim_check());
}

/* A CNode of 2^6 slots full of endpoints and nested CNodes, in slot X. */
static void big_tree(void)
{
    sim_boot();
    kassert(sim_retype(SIM_SLOT_UT, seL4_CapTableObject, 6, X, 1) == seL4_NoError);
    kassert(sim_retype(SIM_SLOT_UT, seL4_CapTableObject, 4, 30, 4) == seL4_NoError);
    for (word_t i = 0; i < 4; i++) {
        kassert(endpoints_into(30 + i, 0, 10) == seL4_NoError);
        kassert(sim_invoke(X, CNodeMove, SIM_SLOT_CNODE, SIM_NONE, SIM_MR(i, 6, 30 + i, 64)) ==
                seL4_NoError);
    }
    kassert(endpoints_into(X, 10, 40) == seL4_NoError);
    kassert(sim_mint(Y, X, 15, 0) == seL4_NoError);
}

static status_t sim_delete_once(word_t slot)
{
    return sim_invoke(SIM_SLOT_CNODE, CNodeDelete, SIM_NONE, SIM_NONE, SIM_MR(slot, 64));
}

/* Runs op to completion with preemption every n points, or never (n = 0); returns restarts. */
static int run_preempted(unsigned long n, word_t label, word_t slot)
{
    int restarts = 0;
    status_t st;

    do {
        sim_preempt_after(n);
        st = sim_invoke(SIM_SLOT_CNODE, label, SIM_NONE, SIM_NONE, SIM_MR(slot, 64));
        if (st == STATUS_PREEMPTED) {
            restarts++;
            if (!sim_check())
                break;
        }
    } while (st == STATUS_PREEMPTED);
    sim_preempt_after(0);
    CHECK_EQ(st, seL4_NoError);
    return restarts;
}

static void preempted_matches_plain(word_t label, word_t slot)
{
    static uint8_t plain[SIM_SIZE];

    big_tree();
    kassert(sim_delete(Y) == seL4_NoError);
    CHECK_EQ(run_preempted(0, label, slot), 0);
    memcpy(plain, sim_ptr(SIM_BASE), SIM_SIZE);
    for (unsigned long n = 1; n <= 5; n += 2) {
        big_tree();
        kassert(sim_delete(Y) == seL4_NoError);
        CHECK(run_preempted(n, label, slot) > 10);
        CHECK(memcmp(plain, sim_ptr(SIM_BASE), SIM_SIZE) == 0);
        CHECK(sim_check());
    }
}

static void zombie_cannot_be_invoked(void)
{
    big_tree();
    kassert(sim_delete(Y) == seL4_NoError);
    sim_preempt_after(3);
    CHECK_EQ(sim_delete_once(X), STATUS_PREEMPTED);
    sim_preempt_after(0);
    CHECK_EQ(cap_type(cap_at(X)), CAP_ZOMBIE);
    CHECK_EQ(sim_invoke(X, CNodeDelete, SIM_NONE, SIM_NONE, SIM_MR(0, 6)), seL4_InvalidCapability);
    CHECK_EQ(sim_err.invalid_cap_number, 0);
    CHECK_EQ(sim_copy(30, X, 15), seL4_IllegalOperation); /* a Zombie derives to nothing */
    CHECK(sim_check());
    CHECK_EQ(sim_delete(X), seL4_NoError); /* deleting the slot again finishes the job */
    CHECK(cap_is_null(cap_at(X)));
    CHECK(sim_check());
}

static void preempted_delete_matches(void)
{
    preempted_matches_plain(CNodeDelete, X);
}

static void preempted_revoke_matches(void)
{
    preempted_matches_plain(CNodeRevoke, SIM_SLOT_UT);
}

/* Queues tcb on ep as a sender with a badge, as a blocked Send would. */
static void block_sending(struct endpoint *ep, struct tcb *tcb, word_t badge)
{
    struct tcb_queue q = {ep->head, ep->tail_state & ~3ul};

    q = tcb_queue_append(q, tcb);
    ep->head = q.head;
    ep->tail_state = q.tail | EP_SEND;
    tcb->state = THREAD_BLOCKED_ON_SEND;
    tcb->blocking_object = arch_ptr_to_paddr(ep);
    tcb->blocking_badge = badge;
}

static void endpoint_queue_cancelled(void)
{
    struct endpoint *ep;
    struct tcb *t[3];

    sim_boot();
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_TCBObject, 0, 30, 3), seL4_NoError);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_EndpointObject, 0, X, 1), seL4_NoError);
    ep = ep_at(cap_ptr(cap_at(X)));
    for (int i = 0; i < 3; i++) {
        t[i] = tcb_at(cap_ptr(cap_at(30 + i)));
        block_sending(ep, t[i], i == 1 ? 7 : 5);
    }
    CHECK_EQ(sim_mint(Y, X, 15, 5), seL4_NoError);
    CHECK_EQ(sim_invoke(SIM_SLOT_CNODE, CNodeCancelBadgedSends, SIM_NONE, SIM_NONE, SIM_MR(Y, 64)),
             seL4_NoError);
    CHECK_EQ(t[0]->state, THREAD_RESTART);
    CHECK_EQ(t[1]->state, THREAD_BLOCKED_ON_SEND);
    CHECK_EQ(t[2]->state, THREAD_RESTART);
    CHECK_EQ(ep->head, arch_ptr_to_paddr(t[1]));
    /* Deleting a TCB takes it out of the queue; the last endpoint cap wakes the rest. */
    block_sending(ep, t[0], 5);
    CHECK_EQ(sim_delete(31), seL4_NoError);
    CHECK_EQ(ep->head, arch_ptr_to_paddr(t[0]));
    CHECK_EQ(sim_delete(Y), seL4_NoError);
    CHECK_EQ(sim_delete(X), seL4_NoError);
    CHECK_EQ(ep_state(ep), EP_IDLE);
    CHECK_EQ(t[0]->state, THREAD_RESTART);
    CHECK(sim_check());
}

static void notification_unbound_on_delete(void)
{
    struct notification *n;
    struct tcb *t;

    sim_boot();
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_TCBObject, 0, 30, 1), seL4_NoError);
    CHECK_EQ(sim_retype(SIM_SLOT_UT, seL4_NotificationObject, 0, X, 1), seL4_NoError);
    n = ntfn_at(cap_ptr(cap_at(X)));
    t = tcb_at(cap_ptr(cap_at(30)));
    n->bound_tcb = arch_ptr_to_paddr(t);
    t->bound_notification = cap_ptr(cap_at(X));
    CHECK_EQ(sim_copy(Y, X, 15), seL4_NoError);
    CHECK_EQ(sim_delete(X), seL4_NoError);
    CHECK_EQ(t->bound_notification, cap_ptr(cap_at(Y))); /* not final yet */
    CHECK_EQ(sim_delete(Y), seL4_NoError);
    CHECK_EQ(t->bound_notification, 0);
    CHECK_EQ(n->bound_tcb, 0);
    CHECK(sim_check());
}

static void irq_handler_released(void)
{
    sim_boot();
    sim_boot_cap(X, cap_new(CAP_IRQ_CONTROL));
    cdt_insert(cap_irq_handler_new(9), sim_slot(X), sim_slot(Y));
    irq_set_active(9);
    CHECK(mdb_revocable(sim_slot(Y)));
    CHECK_EQ(sim_copy(30, Y, 15), seL4_NoError);
    CHECK_EQ(sim_delete(Y), seL4_NoError);
    CHECK(irq_is_active(9));
    CHECK_EQ(sim_revoke(X), seL4_NoError); /* the copy was IRQControl's descendant too */
    CHECK(cap_is_null(cap_at(30)));
    CHECK(!irq_is_active(9));
    CHECK(sim_check());
}

TEST_CASES({delete_cnode_empties_it, "delete_cnode_empties_it"},
           {nested_cnodes_go_together, "nested_cnodes_go_together"},
           {cnode_holding_itself, "cnode_holding_itself"},
           {delete_tcb_empties_its_slots, "delete_tcb_empties_its_slots"},
           {zombie_cannot_be_invoked, "zombie_cannot_be_invoked"},
           {preempted_delete_matches, "preempted_delete_matches"},
           {preempted_revoke_matches, "preempted_revoke_matches"},
           {endpoint_queue_cancelled, "endpoint_queue_cancelled"},
           {notification_unbound_on_delete, "notification_unbound_on_delete"},
           {irq_handler_released, "irq_handler_released"}, );
TEST_MAIN("object/delete")
