/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The timer driver's timeout table (drivers/timer/hpet/timeouts.c) on the
 * host, with made-up times: one-shots fire once, periodic timeouts keep
 * their phase and count what they skip, ids are per client, cancel drops a
 * fired bit nobody asked for, and sleeps wake once.
 */
#include "test.h"
#include "timeouts.h"

static struct tmo_table tb;

static void empty_table_has_no_deadline(void)
{
    tmo_init(&tb);
    CHECK(tmo_next(&tb) == TMO_NEVER);
    struct tmo_due due = tmo_expire(&tb, 12345);
    CHECK_EQ(due.notify, 0);
    CHECK_EQ(due.wake, 0);
}

static void oneshot_fires_once_not_early(void)
{
    uint64_t missed;

    tmo_init(&tb);
    CHECK_EQ(tmo_free_id(&tb, 3), 0);
    tmo_arm(&tb, 3, 0, 1000, 0);
    CHECK_EQ(tmo_next(&tb), 1000);
    CHECK_EQ(tmo_expire(&tb, 999).notify, 0);
    CHECK_EQ(tmo_expire(&tb, 1000).notify, 1ull << 3);
    CHECK_EQ(tmo_expire(&tb, 5000).notify, 0);
    CHECK(tmo_next(&tb) == TMO_NEVER);
    CHECK_EQ(tmo_take_fired(&tb, 3, &missed), 1);
    CHECK_EQ(missed, 0);
    CHECK_EQ(tmo_take_fired(&tb, 3, &missed), 0); /* asking clears */
}

static void periodic_keeps_phase_and_counts_missed(void)
{
    uint64_t missed;

    tmo_init(&tb);
    tmo_arm(&tb, 0, 0, 100, 100);
    CHECK_EQ(tmo_expire(&tb, 130).notify, 1);
    CHECK_EQ(tmo_next(&tb), 200); /* from the deadline, not from when it was served */
    CHECK_EQ(tmo_expire(&tb, 450).notify, 1);
    CHECK_EQ(tmo_next(&tb), 500); /* 300 and 400 were skipped */
    CHECK_EQ(tmo_take_fired(&tb, 0, &missed), 1);
    CHECK_EQ(missed, 2);
    CHECK_EQ(tmo_expire(&tb, 500).notify, 1);
    CHECK_EQ(tmo_take_fired(&tb, 0, &missed), 1);
    CHECK_EQ(missed, 0);
}

static void ids_are_per_client_and_limited(void)
{
    tmo_init(&tb);
    for (int id = 0; id < TMO_MAX; id++) {
        CHECK_EQ(tmo_free_id(&tb, 1), id);
        tmo_arm(&tb, 1, id, 1000 + (uint64_t)id, 0);
    }
    CHECK_EQ(tmo_free_id(&tb, 1), -1);
    CHECK_EQ(tmo_free_id(&tb, 2), 0); /* another client has all of its own */
    CHECK(!tmo_known(&tb, 2, 0));
    CHECK(tmo_known(&tb, 1, 7));
    CHECK(!tmo_known(&tb, 1, TMO_MAX));
    CHECK(!tmo_known(&tb, TMO_CLIENTS, 0));
    tmo_cancel(&tb, 1, 4);
    CHECK_EQ(tmo_free_id(&tb, 1), 4);
    CHECK_EQ(tmo_next(&tb), 1000);
}

static void cancel_drops_an_unasked_fired_bit(void)
{
    uint64_t missed;

    tmo_init(&tb);
    tmo_arm(&tb, 5, 0, 10, 0);
    tmo_arm(&tb, 5, 1, 10, 0);
    CHECK_EQ(tmo_expire(&tb, 10).notify, 1ull << 5);
    CHECK(tmo_known(&tb, 5, 0)); /* fired, not yet asked about */
    tmo_cancel(&tb, 5, 0);
    CHECK(!tmo_known(&tb, 5, 0));
    CHECK_EQ(tmo_take_fired(&tb, 5, &missed), 2);
    /* A reused id starts without the fired bit of its last life. */
    tmo_arm(&tb, 5, 1, 20, 0);
    tmo_expire(&tb, 10);
    CHECK_EQ(tmo_take_fired(&tb, 5, &missed), 0);
}

static void sleep_wakes_once_and_counts_as_a_deadline(void)
{
    tmo_init(&tb);
    tmo_arm(&tb, 2, 0, 900, 0);
    tmo_sleep(&tb, 62, 500);
    CHECK_EQ(tmo_next(&tb), 500);
    struct tmo_due due = tmo_expire(&tb, 600);
    CHECK_EQ(due.wake, 1ull << 62);
    CHECK_EQ(due.notify, 0);
    CHECK_EQ(tmo_next(&tb), 900);
    CHECK_EQ(tmo_expire(&tb, 1000).wake, 0);
}

TEST_CASES({empty_table_has_no_deadline, "empty_table_has_no_deadline"},
           {oneshot_fires_once_not_early, "oneshot_fires_once_not_early"},
           {periodic_keeps_phase_and_counts_missed, "periodic_keeps_phase_and_counts_missed"},
           {ids_are_per_client_and_limited, "ids_are_per_client_and_limited"},
           {cancel_drops_an_unasked_fired_bit, "cancel_drops_an_unasked_fired_bit"},
           {sleep_wakes_once_and_counts_as_a_deadline,
            "sleep_wakes_once_and_counts_as_a_deadline"}, );
TEST_MAIN("timer/timeouts")
