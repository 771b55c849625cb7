/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The timer driver's bookkeeping: each client's timeouts, its pending
 * "fired" bits and its sleep, as pure functions of a table and the time,
 * with no device access and no system call, so the host unit tests
 * (tests/unit/timer) drive them with made-up times.  hpet.c reads the
 * clock, calls these, programs the comparator for tmo_next() and delivers
 * what tmo_expire() reports.
 *
 * A client is a channel id (0 to TMO_CLIENTS - 1); its timeouts are named
 * 0 to TMO_MAX - 1 within that client only, so one client cannot name,
 * let alone cancel, another's.  Times are nanoseconds on the driver's
 * clock; TMO_NEVER is "no deadline".
 */
#pragma once

#include <stdint.h>

#define TMO_CLIENTS 63 /* channel ids 0-62 (KAAL_MAX_CHANNELS) */
#define TMO_MAX     8  /* timeouts per client: KAAL_TIMER_MAX */
#define TMO_NEVER   UINT64_MAX

struct tmo {
    uint64_t deadline; /* when it fires next */
    uint64_t period;   /* 0: one-shot */
};

struct tmo_client {
    uint8_t used;    /* bit id: timeout id is armed */
    uint8_t fired;   /* bit id: it fired since the client last asked */
    uint64_t missed; /* periods skipped since the client last asked */
    uint64_t wake;   /* a sleep's deadline, TMO_NEVER if the client is not asleep */
    struct tmo t[TMO_MAX];
};

struct tmo_table {
    struct tmo_client c[TMO_CLIENTS];
};

/* What one tmo_expire() call found due: bit ch per client. */
struct tmo_due {
    uint64_t notify; /* a timeout of ch fired: signal its channel */
    uint64_t wake;   /* ch's sleep is over: answer its held call */
};

/* Empties the table: no timeouts, no sleepers. */
void tmo_init(struct tmo_table *tb);

/* A free timeout id of client ch, or -1 if all TMO_MAX are in use.  Changes nothing. */
int tmo_free_id(const struct tmo_table *tb, unsigned int ch);

/* Arms timeout id (from tmo_free_id) of client ch: first at deadline, then every period
 * (0: once).  The caller has checked ch, id and that deadline does not overflow. */
void tmo_arm(struct tmo_table *tb, unsigned int ch, int id, uint64_t deadline, uint64_t period);

/* True if client ch has timeout id armed, or fired and not yet asked about (false for ch or id
 * out of range). */
int tmo_known(const struct tmo_table *tb, unsigned int ch, uint64_t id);

/* Disarms timeout id of client ch and drops its unasked fired bit (ch and id in range). */
void tmo_cancel(struct tmo_table *tb, unsigned int ch, int id);

/* Client ch's fired bits and missed periods since it last asked; both are cleared. */
uint8_t tmo_take_fired(struct tmo_table *tb, unsigned int ch, uint64_t *missed);

/* Puts client ch to sleep until deadline. */
void tmo_sleep(struct tmo_table *tb, unsigned int ch, uint64_t deadline);

/*
 * Fires everything due at now: a one-shot is disarmed, a periodic timeout
 * moves on by whole periods past now (the periods it skipped count as
 * missed), a sleeper is woken.  Returns which clients to signal and wake.
 */
struct tmo_due tmo_expire(struct tmo_table *tb, uint64_t now);

/* The earliest deadline in the table (timeouts and sleeps), or TMO_NEVER. */
uint64_t tmo_next(const struct tmo_table *tb);
