/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The component event loop's dispatch (runtime/component/dispatch.c) with
 * stub handlers: notification bits reach notified() lowest first, a badge
 * with bit 63 reaches protected() with the caller's channel and produces a
 * reply, and channels the component may not use are rejected, never passed
 * on.
 */
#include "../../../runtime/component/dispatch.h"
#include "test.h"

#include <kaal/component.h>

static unsigned int seen[64], nseen, called_ch, ncalls, rejected_ch[64], nrejected;
static int rejected_call[64];
static seL4_MessageInfo_t called_info;

static void reset(void)
{
    nseen = ncalls = nrejected = 0;
    called_ch = ~0u;
}

static void stub_notified(unsigned int ch)
{
    seen[nseen++] = ch;
}

static seL4_MessageInfo_t stub_protected(unsigned int ch, seL4_MessageInfo_t msginfo)
{
    called_ch = ch;
    called_info = msginfo;
    ncalls++;
    return kaal_msginfo_new(0x77, 2);
}

static void stub_rejected(unsigned int ch, int is_call)
{
    rejected_ch[nrejected] = ch;
    rejected_call[nrejected++] = is_call;
}

/* Channels 0, 3, 5 and 62 may notify; 1 and 62 may call. */
static const struct kaal_dispatch d = {
    .notify_mask = 1ull << 0 | 1ull << 3 | 1ull << 5 | 1ull << 62,
    .call_mask = 1ull << 1 | 1ull << 62,
    .notified = stub_notified,
    .protected = stub_protected,
    .rejected = stub_rejected,
};

static void test_notification_order(void)
{
    seL4_MessageInfo_t reply = kaal_msginfo_new(0x55, 0);

    reset();
    CHECK_EQ(kaal_dispatch(&d, 1ull << 62 | 1ull << 5 | 1ull << 0 | 1ull << 3,
                           kaal_msginfo_new(0, 0), &reply),
             0);
    CHECK_EQ(nseen, 4);
    CHECK_EQ(seen[0], 0);
    CHECK_EQ(seen[1], 3);
    CHECK_EQ(seen[2], 5);
    CHECK_EQ(seen[3], 62);
    CHECK_EQ(ncalls, 0);
    CHECK_EQ(nrejected, 0);
    CHECK_EQ(seL4_MessageInfo_get_label(reply), 0x55); /* no reply: untouched */
}

static void test_single_notification(void)
{
    seL4_MessageInfo_t reply;

    reset();
    CHECK_EQ(kaal_dispatch(&d, KAAL_NTF_BADGE(3), kaal_msginfo_new(0, 0), &reply), 0);
    CHECK_EQ(nseen, 1);
    CHECK_EQ(seen[0], 3);
}

static void test_notification_invalid_channel(void)
{
    seL4_MessageInfo_t reply;

    reset();
    CHECK_EQ(kaal_dispatch(&d, 1ull << 0 | 1ull << 7 | 1ull << 40, kaal_msginfo_new(0, 0), &reply),
             0);
    CHECK_EQ(nseen, 1);
    CHECK_EQ(seen[0], 0);
    CHECK_EQ(nrejected, 2);
    CHECK_EQ(rejected_ch[0], 7);
    CHECK_EQ(rejected_ch[1], 40);
    CHECK_EQ(rejected_call[0], 0);
}

static void test_protected_call(void)
{
    seL4_MessageInfo_t reply;

    reset();
    CHECK_EQ(kaal_dispatch(&d, KAAL_PPC_BADGE(1), kaal_msginfo_new(9, 3), &reply), 1);
    CHECK_EQ(ncalls, 1);
    CHECK_EQ(called_ch, 1);
    CHECK_EQ(seL4_MessageInfo_get_label(called_info), 9);
    CHECK_EQ(seL4_MessageInfo_get_length(called_info), 3);
    CHECK_EQ(seL4_MessageInfo_get_label(reply), 0x77);
    CHECK_EQ(seL4_MessageInfo_get_length(reply), 2);
    CHECK_EQ(nseen, 0);

    reset();
    CHECK_EQ(kaal_dispatch(&d, KAAL_PPC_BADGE(62), kaal_msginfo_new(1, 0), &reply), 1);
    CHECK_EQ(called_ch, 62);
}

/* Each badge is a call the component must refuse with a BAD_CHANNEL reply, unseen by protected. */
static void check_refused(seL4_Word badge, unsigned int ch)
{
    seL4_MessageInfo_t reply = kaal_msginfo_new(0, 5);

    reset();
    CHECK_EQ(kaal_dispatch(&d, badge, kaal_msginfo_new(1, 1), &reply), 1);
    CHECK_EQ(ncalls, 0);
    CHECK_EQ(nseen, 0);
    CHECK_EQ(seL4_MessageInfo_get_label(reply), KAAL_LABEL_BAD_CHANNEL);
    CHECK_EQ(seL4_MessageInfo_get_length(reply), 0);
    CHECK_EQ(nrejected, 1);
    CHECK_EQ(rejected_ch[0], ch);
    CHECK_EQ(rejected_call[0], 1);
}

static void test_call_invalid_channel(void)
{
    check_refused(KAAL_PPC_BADGE(0), 0);   /* a channel that may only notify */
    check_refused(KAAL_PPC_BADGE(2), 2);   /* not connected */
    check_refused(KAAL_PPC_BADGE(63), 63); /* not a channel id */
    /* Bits between the id and bit 63: a badge no loader makes; not read as channel 1. */
    check_refused(KAAL_PPC_BIT | 1ull << 20 | 1, KAAL_MAX_CHANNELS);
}

static void test_no_rejected_hook(void)
{
    struct kaal_dispatch quiet = d;
    seL4_MessageInfo_t reply;

    quiet.rejected = 0;
    reset();
    CHECK_EQ(kaal_dispatch(&quiet, 1ull << 9, kaal_msginfo_new(0, 0), &reply), 0);
    CHECK_EQ(kaal_dispatch(&quiet, KAAL_PPC_BADGE(9), kaal_msginfo_new(0, 0), &reply), 1);
    CHECK_EQ(seL4_MessageInfo_get_label(reply), KAAL_LABEL_BAD_CHANNEL);
    CHECK_EQ(nseen + ncalls + nrejected, 0);
}

/* A loop of Recv results as the event loop sees them: replies only after calls. */
static void test_alternation(void)
{
    const seL4_Word badges[] = {KAAL_NTF_BADGE(0), KAAL_PPC_BADGE(1), KAAL_PPC_BADGE(1),
                                KAAL_NTF_BADGE(5), KAAL_PPC_BADGE(2)};
    const int want[] = {0, 1, 1, 0, 1};
    seL4_MessageInfo_t reply;

    reset();
    for (unsigned int i = 0; i < sizeof(badges) / sizeof(badges[0]); i++)
        CHECK_EQ(kaal_dispatch(&d, badges[i], kaal_msginfo_new(0, 0), &reply), want[i]);
    CHECK_EQ(nseen, 2);
    CHECK_EQ(ncalls, 2);
}

TEST_CASES({test_notification_order, "notification bits in order"},
           {test_single_notification, "one notification"},
           {test_notification_invalid_channel, "notification on an invalid channel"},
           {test_protected_call, "protected call and reply"},
           {test_call_invalid_channel, "call on an invalid channel"},
           {test_no_rejected_hook, "no rejected hook"},
           {test_alternation, "reply only after a call"}, );
TEST_MAIN("component/dispatch")
