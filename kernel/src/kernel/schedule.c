// SPDX-License-Identifier: BSD-2-Clause
/*
 * The scheduler's decisions (see thread.h): thread states, the ready
 * queues, the scheduler action and timeslices.  Nothing here touches the
 * CPU, so the host tests run it as it is.
 */
#include <panic.h>
#include <thread.h>

enum sched_action { RESUME_CURRENT, CHOOSE_NEW, SWITCH_TO };

static struct sched_queues ready;
static struct tcb *current;
static enum sched_action action;
static struct tcb *candidate; /* when action is SWITCH_TO */

bool thread_exit_on_idle;
struct tcb *thread_cpu_state_owner;

void thread_init(void)
{
    sched_init(&ready);
    current = candidate = thread_cpu_state_owner = NULL;
    action = RESUME_CURRENT;
}

struct tcb *thread_current(void)
{
    return current;
}

void thread_set_current(struct tcb *t)
{
    thread_dequeue(t);
    current = t;
    action = RESUME_CURRENT;
}

bool thread_is_runnable(const struct tcb *t)
{
    return t->state == THREAD_RUNNING || t->state == THREAD_RESTART;
}

void thread_enqueue(struct tcb *t)
{
    if (!t->sched.queued && t != current)
        sched_prepend(&ready, &t->sched);
}

void thread_append(struct tcb *t)
{
    if (!t->sched.queued && t != current)
        sched_append(&ready, &t->sched);
}

void thread_dequeue(struct tcb *t)
{
    sched_remove(&ready, &t->sched);
}

void thread_reschedule(void)
{
    if (action == SWITCH_TO)
        thread_enqueue(candidate);
    action = CHOOSE_NEW;
    candidate = NULL;
}

void thread_set_state(struct tcb *t, word_t state)
{
    t->state = state;
    if (thread_is_runnable(t))
        return;
    thread_dequeue(t);
    if (t == candidate) {
        candidate = NULL;
        action = CHOOSE_NEW;
    }
    if (t == current && action == RESUME_CURRENT)
        action = CHOOSE_NEW;
}

void thread_possible_switch_to(struct tcb *t)
{
    if (action != RESUME_CURRENT) {
        thread_reschedule();
        thread_enqueue(t);
    } else {
        action = SWITCH_TO;
        candidate = t;
    }
}

void thread_set_priority(struct tcb *t, word_t prio)
{
    kassert(prio <= THREAD_MAX_PRIO);
    bool queued = t->sched.queued;

    thread_dequeue(t);
    t->sched.prio = (uint8_t)prio;
    if (queued)
        thread_enqueue(t);
    if (t == current || queued || t == candidate)
        thread_reschedule();
}

/* Puts the running thread back in its ready queue, at the tail or the head, while it stays current.
 */
static void queue_current(bool at_tail)
{
    struct sched_node *n = &current->sched;

    if (n->queued)
        return;
    if (at_tail)
        sched_append(&ready, n);
    else
        sched_prepend(&ready, n);
}

void thread_yield(void)
{
    kassert(current);
    current->time_slice = THREAD_TIME_SLICE;
    /*
     * With no other thread ready at its priority or above and no decision
     * pending, appending the yielder and choosing again would pick it
     * again: it simply goes on, with a fresh timeslice.
     */
    if (action == RESUME_CURRENT && !sched_any_from(&ready, current->sched.prio))
        return;
    queue_current(true); /* the yielder goes behind its equals */
    thread_reschedule();
}

void thread_timer_tick(void)
{
    if (!current || !thread_is_runnable(current))
        return;
    if (current->time_slice > 1) {
        current->time_slice--;
        return;
    }
    thread_yield();
}

void thread_forget(struct tcb *t)
{
    thread_dequeue(t);
    if (t == candidate) {
        candidate = NULL;
        action = CHOOSE_NEW;
    }
    if (t == current) {
        current = NULL;
        action = CHOOSE_NEW;
    }
    if (t == thread_cpu_state_owner)
        thread_cpu_state_owner = NULL;
}

void thread_for_each_ready(void (*fn)(struct tcb *t, void *ctx), void *ctx)
{
    for (int p = SCHED_PRIORITIES - 1; p >= 0; p--) {
        for (struct sched_node *n = ready.q[p].head; n; n = n->next)
            fn((struct tcb *)((char *)n - __builtin_offsetof(struct tcb, sched)), ctx);
    }
}

bool thread_ready_above(word_t prio)
{
    struct sched_node *n = sched_highest(&ready);

    return n && n->prio > prio;
}

/* Takes the best ready thread and makes it current (NULL: idle). */
static void choose_new(void)
{
    struct sched_node *n = sched_highest(&ready);
    struct tcb *t = n ? (struct tcb *)((char *)n - __builtin_offsetof(struct tcb, sched)) : NULL;

    if (t)
        thread_dequeue(t);
    current = t;
}

struct tcb *thread_choose(void)
{
    bool was_runnable = current && thread_is_runnable(current);

    if (action != RESUME_CURRENT) {
        if (was_runnable)
            queue_current(false);
        if (action == SWITCH_TO) {
            struct tcb *c = candidate;
            bool outranked =
                c->sched.prio < SCHED_PRIORITIES - 1 && sched_any_from(&ready, c->sched.prio + 1u);
            bool fastfail = !current || c->sched.prio < current->sched.prio;
            if ((fastfail && outranked) || (was_runnable && c->sched.prio == current->sched.prio)) {
                if (was_runnable && c->sched.prio == current->sched.prio)
                    thread_append(c);
                else
                    thread_enqueue(c);
                choose_new();
            } else {
                thread_dequeue(c);
                current = c;
            }
        } else {
            choose_new();
        }
        action = RESUME_CURRENT;
        candidate = NULL;
    } else if (!was_runnable) {
        choose_new();
    }
    if (current && current->state == THREAD_RESTART) {
        arch_thread_restart_point(current);
        current->state = THREAD_RUNNING;
    }
    return current;
}
