/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Ready queues with a two-level bitmap (see sched.h).  The bitmap is kept
 * exact: a priority's bit is set exactly while its queue is non-empty, and
 * a word's bit in l1 exactly while that word of l2 is non-zero, which the
 * host tests check after every operation.
 */
#include <panic.h>
#include <sched.h>

static int highest_bit(uint64_t w)
{
    return 63 - __builtin_clzll(w);
}

static void mark_ready(struct sched_queues *s, unsigned p)
{
    s->l2[p / SCHED_WORD_BITS] |= 1ull << (p % SCHED_WORD_BITS);
    s->l1 |= 1ull << (p / SCHED_WORD_BITS);
}

static void mark_empty(struct sched_queues *s, unsigned p)
{
    s->l2[p / SCHED_WORD_BITS] &= ~(1ull << (p % SCHED_WORD_BITS));
    if (!s->l2[p / SCHED_WORD_BITS])
        s->l1 &= ~(1ull << (p / SCHED_WORD_BITS));
}

void sched_init(struct sched_queues *s)
{
    for (int p = 0; p < SCHED_PRIORITIES; p++)
        s->q[p].head = s->q[p].tail = NULL;
    s->l1 = 0;
    for (int i = 0; i < SCHED_L1_WORDS; i++)
        s->l2[i] = 0;
}

void sched_append(struct sched_queues *s, struct sched_node *n)
{
    kassert(!n->queued);
    unsigned p = n->prio;
    n->next = NULL;
    n->prev = s->q[p].tail;
    if (s->q[p].tail)
        s->q[p].tail->next = n;
    else
        s->q[p].head = n;
    s->q[p].tail = n;
    n->queued = true;
    mark_ready(s, p);
}

void sched_prepend(struct sched_queues *s, struct sched_node *n)
{
    kassert(!n->queued);
    unsigned p = n->prio;
    n->prev = NULL;
    n->next = s->q[p].head;
    if (s->q[p].head)
        s->q[p].head->prev = n;
    else
        s->q[p].tail = n;
    s->q[p].head = n;
    n->queued = true;
    mark_ready(s, p);
}

void sched_remove(struct sched_queues *s, struct sched_node *n)
{
    if (!n->queued)
        return;
    unsigned p = n->prio;
    if (n->prev)
        n->prev->next = n->next;
    else
        s->q[p].head = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        s->q[p].tail = n->prev;
    n->next = n->prev = NULL;
    n->queued = false;
    if (!s->q[p].head)
        mark_empty(s, p);
}

struct sched_node *sched_highest(const struct sched_queues *s)
{
    if (!s->l1)
        return NULL;
    int w = highest_bit(s->l1);
    int p = w * SCHED_WORD_BITS + highest_bit(s->l2[w]);
    return s->q[p].head;
}
