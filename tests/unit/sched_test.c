/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host tests of the ready queues: FIFO order within a priority, prepend,
 * the highest priority winning across bitmap words, removal, and a long
 * random run checked against a naive model (the highest queued thread, and
 * whether any is queued at a priority or above), with the bitmap's
 * exactness checked after every step.
 */
#include "test.h"

#include <panic.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

static struct sched_queues s;
static struct sched_node nodes[64];

void panic(const char *fmt, ...)
{
    fprintf(stderr, "panic: %s\n", fmt);
    abort();
}

static struct sched_node *node(int i, int prio)
{
    nodes[i] = (struct sched_node){.prio = (uint8_t)prio};
    return &nodes[i];
}

/* Every priority's bit is set exactly when its queue is non-empty, and l1 follows l2. */
static bool bitmap_exact(void)
{
    for (int p = 0; p < SCHED_PRIORITIES; p++) {
        bool bit = s.l2[p / 64] & (1ull << (p % 64));
        if (bit != (s.q[p].head != NULL))
            return false;
    }
    for (int w = 0; w < SCHED_L1_WORDS; w++) {
        if (((s.l1 >> w) & 1) != (s.l2[w] != 0))
            return false;
    }
    return true;
}

static void empty_has_nothing(void)
{
    sched_init(&s);
    CHECK(sched_highest(&s) == NULL);
    CHECK(bitmap_exact());
}

static void fifo_within_priority(void)
{
    sched_init(&s);
    struct sched_node *a = node(0, 10), *b = node(1, 10), *c = node(2, 10);
    sched_append(&s, a);
    sched_append(&s, b);
    sched_append(&s, c);
    CHECK(sched_highest(&s) == a);
    sched_remove(&s, a); /* a's timeslice ends: round robin puts it last */
    sched_append(&s, a);
    CHECK(sched_highest(&s) == b);
    sched_remove(&s, b);
    CHECK(sched_highest(&s) == c);
    sched_remove(&s, c);
    CHECK(sched_highest(&s) == a);
    CHECK(bitmap_exact());
}

static void prepend_runs_first(void)
{
    sched_init(&s);
    struct sched_node *a = node(0, 7), *b = node(1, 7);
    sched_append(&s, a);
    sched_prepend(&s, b);
    CHECK(sched_highest(&s) == b);
    CHECK(s.q[7].tail == a);
}

static void highest_priority_wins(void)
{
    static const int prios[] = {0, 63, 64, 127, 128, 200, 255};
    sched_init(&s);
    for (int i = 0; i < 7; i++) {
        sched_append(&s, node(i, prios[i]));
        CHECK_EQ(sched_highest(&s)->prio, prios[i]);
    }
    for (int i = 6; i > 0; i--) {
        sched_remove(&s, &nodes[i]);
        CHECK_EQ(sched_highest(&s)->prio, prios[i - 1]);
        CHECK(bitmap_exact());
    }
    sched_remove(&s, &nodes[0]);
    CHECK(sched_highest(&s) == NULL);
    CHECK_EQ(s.l1, 0);
}

static void remove_middle_and_unqueued(void)
{
    sched_init(&s);
    struct sched_node *a = node(0, 3), *b = node(1, 3), *c = node(2, 3), *d = node(3, 4);
    sched_append(&s, a);
    sched_append(&s, b);
    sched_append(&s, c);
    sched_remove(&s, b);
    CHECK(a->next == c && c->prev == a);
    sched_remove(&s, d); /* never queued: nothing happens */
    CHECK(!d->queued);
    CHECK(sched_highest(&s) == a);
    CHECK(bitmap_exact());
}

/* The naive answer: the first queued node at the highest priority, scanning every queue. */
static struct sched_node *naive_highest(void)
{
    for (int p = SCHED_PRIORITIES - 1; p >= 0; p--) {
        if (s.q[p].head)
            return s.q[p].head;
    }
    return NULL;
}

static void random_against_model(void)
{
    unsigned seed = 12345;
    sched_init(&s);
    for (int i = 0; i < 64; i++)
        node(i, 0);
    for (int step = 0; step < 20000; step++) {
        seed = seed * 1103515245u + 12345u;
        struct sched_node *n = &nodes[(seed >> 8) % 64];
        if (n->queued) {
            sched_remove(&s, n);
        } else {
            n->prio = (uint8_t)(seed >> 16);
            if (seed & 1)
                sched_append(&s, n);
            else
                sched_prepend(&s, n);
        }
        if (sched_highest(&s) != naive_highest() || !bitmap_exact()) {
            CHECK(!"queues disagree with the model");
            return;
        }
        /* Some thread at p or above, for a p on either side of the highest and across words. */
        unsigned p = (seed >> 4) % SCHED_PRIORITIES;
        const struct sched_node *best = naive_highest();
        if (sched_any_from(&s, p) != (best && best->prio >= p)) {
            CHECK(!"sched_any_from disagrees with the model");
            return;
        }
    }
}

TEST_CASES({empty_has_nothing, "empty_has_nothing"}, {fifo_within_priority, "fifo_within_priority"},
           {prepend_runs_first, "prepend_runs_first"},
           {highest_priority_wins, "highest_priority_wins"},
           {remove_middle_and_unqueued, "remove_middle_and_unqueued"},
           {random_against_model, "random_against_model"}, );
TEST_MAIN("sched")
