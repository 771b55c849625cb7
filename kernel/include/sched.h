/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The scheduler's ready queues: one FIFO per priority (0 lowest, 255
 * highest) and a two-level bitmap of the non-empty ones, so the highest
 * ready priority is found with two bit scans whatever the load.  Threads
 * join a queue through a struct sched_node embedded in their TCB.  Round
 * robin within a priority is sched_append of the running thread when its
 * timeslice ends; Yield appends it at once.
 */
#pragma once

#include <types.h>

#define SCHED_PRIORITIES 256
#define SCHED_WORD_BITS  64
#define SCHED_L1_WORDS   (SCHED_PRIORITIES / SCHED_WORD_BITS)

struct sched_node {
    struct sched_node *next;
    struct sched_node *prev;
    uint8_t prio;
    bool queued;
};

struct sched_queues {
    struct {
        struct sched_node *head;
        struct sched_node *tail;
    } q[SCHED_PRIORITIES];
    uint64_t l1;                 /* bit i: some priority in word i is ready */
    uint64_t l2[SCHED_L1_WORDS]; /* bit p%64 of word p/64: priority p is ready */
};

/* Empties every queue. */
void sched_init(struct sched_queues *s);

/* Queues n at the tail of its priority (it must not be queued already). */
void sched_append(struct sched_queues *s, struct sched_node *n);

/* Queues n at the head of its priority, to run next at that priority. */
void sched_prepend(struct sched_queues *s, struct sched_node *n);

/* Takes n out of its queue; does nothing if it is not queued. */
void sched_remove(struct sched_queues *s, struct sched_node *n);

/* True if some thread of priority p or higher is queued: a word above p's, or p's at p or above. */
static inline bool sched_any_from(const struct sched_queues *s, unsigned p)
{
    unsigned w = p / SCHED_WORD_BITS;

    return (s->l1 >> w) > 1 || (s->l2[w] >> (p % SCHED_WORD_BITS)) != 0;
}

/* Returns the head of the highest non-empty queue without removing it, or NULL. */
struct sched_node *sched_highest(const struct sched_queues *s);
