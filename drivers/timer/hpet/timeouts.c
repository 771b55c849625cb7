/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The timer driver's per-client timeouts (timeouts.h).  The table is
 * small (63 clients of 8 timeouts), so every query is a plain scan: a
 * heap or a sorted list would save microseconds the IPC around it costs
 * anyway, and a scan has no state to get wrong.
 */
#include "timeouts.h"

void tmo_init(struct tmo_table *tb)
{
    for (unsigned int ch = 0; ch < TMO_CLIENTS; ch++) {
        tb->c[ch].used = tb->c[ch].fired = 0;
        tb->c[ch].missed = 0;
        tb->c[ch].wake = TMO_NEVER;
    }
}

int tmo_free_id(const struct tmo_table *tb, unsigned int ch)
{
    for (int id = 0; id < TMO_MAX; id++) {
        if (!(tb->c[ch].used & (1u << id)))
            return id;
    }
    return -1;
}

void tmo_arm(struct tmo_table *tb, unsigned int ch, int id, uint64_t deadline, uint64_t period)
{
    struct tmo_client *c = &tb->c[ch];

    c->t[id].deadline = deadline;
    c->t[id].period = period;
    c->used |= (uint8_t)(1u << id);
    /* A reused id starts afresh: a fired bit left from its last life would be a false alarm. */
    c->fired &= (uint8_t) ~(1u << id);
}

int tmo_known(const struct tmo_table *tb, unsigned int ch, uint64_t id)
{
    return ch < TMO_CLIENTS && id < TMO_MAX && ((tb->c[ch].used | tb->c[ch].fired) & (1u << id));
}

void tmo_cancel(struct tmo_table *tb, unsigned int ch, int id)
{
    tb->c[ch].used &= (uint8_t) ~(1u << id);
    tb->c[ch].fired &= (uint8_t) ~(1u << id);
}

uint8_t tmo_take_fired(struct tmo_table *tb, unsigned int ch, uint64_t *missed)
{
    uint8_t f = tb->c[ch].fired;

    *missed = tb->c[ch].missed;
    tb->c[ch].fired = 0;
    tb->c[ch].missed = 0;
    return f;
}

void tmo_sleep(struct tmo_table *tb, unsigned int ch, uint64_t deadline)
{
    tb->c[ch].wake = deadline;
}

/* Moves a periodic timeout that fired at or before now to its first deadline after now; the
 * whole periods it jumps over beyond the one that fired are missed.  Returns how many. */
static uint64_t advance(struct tmo *t, uint64_t now)
{
    uint64_t late = now - t->deadline; /* >= 0: it is due */
    uint64_t skip = late / t->period;  /* periods wholly behind now, after this one */

    /* No overflow: deadlines stay below KAAL_TIMER_MAX_NS plus a period, far from 2^64. */
    t->deadline += (skip + 1) * t->period;
    return skip;
}

/* Fires client c's due timeouts; true if any fired. */
static int expire_client(struct tmo_client *c, uint64_t now)
{
    int any = 0;

    for (int id = 0; id < TMO_MAX; id++) {
        struct tmo *t = &c->t[id];
        if (!(c->used & (1u << id)) || t->deadline > now)
            continue;
        c->fired |= (uint8_t)(1u << id);
        any = 1;
        if (t->period)
            c->missed += advance(t, now);
        else
            c->used &= (uint8_t) ~(1u << id);
    }
    return any;
}

struct tmo_due tmo_expire(struct tmo_table *tb, uint64_t now)
{
    struct tmo_due due = {0, 0};

    for (unsigned int ch = 0; ch < TMO_CLIENTS; ch++) {
        struct tmo_client *c = &tb->c[ch];
        if (c->used && expire_client(c, now))
            due.notify |= 1ull << ch;
        if (c->wake <= now) {
            c->wake = TMO_NEVER;
            due.wake |= 1ull << ch;
        }
    }
    return due;
}

uint64_t tmo_next(const struct tmo_table *tb)
{
    uint64_t next = TMO_NEVER;

    for (unsigned int ch = 0; ch < TMO_CLIENTS; ch++) {
        const struct tmo_client *c = &tb->c[ch];
        if (c->wake < next)
            next = c->wake;
        for (int id = 0; id < TMO_MAX; id++) {
            if ((c->used & (1u << id)) && c->t[id].deadline < next)
                next = c->t[id].deadline;
        }
    }
    return next;
}
