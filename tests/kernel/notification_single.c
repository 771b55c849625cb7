/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Notification and send cases that need only the root thread: Signal,
 * Poll and Wait on one notification (badges OR together, a pending
 * signal is consumed once, Wait on a pending signal returns at once),
 * Send, NBSend and Call on a notification all signal it, and the sends
 * seL4 drops without a word: NBSend on a cap without write right, to an
 * endpoint with no receiver, to an empty slot or to a cptr that does not
 * resolve.
 *
 * A Wait that blocked would stop the suite, so a case only waits after
 * Poll has shown the same signal arriving.
 */
#include "alloc.h"

/* A notification and caps to it minted with each badge (0 = none); returns the notification. */
static seL4_CPtr badged(seL4_CPtr *caps, const seL4_Word *badges, unsigned n)
{
    seL4_CPtr ntfn = alloc_obj(seL4_NotificationObject, 0);

    for (unsigned i = 0; ntfn && i < n; i++) {
        caps[i] = alloc_slot();
        if (seL4_CNode_Mint(ROOT, caps[i], DEPTH, ROOT, ntfn, DEPTH, seL4_AllRights, badges[i]))
            return 0;
    }
    return ntfn;
}

static seL4_Word poll(seL4_CPtr ntfn)
{
    seL4_Word badge = ~0ul;

    seL4_Poll(ntfn, &badge);
    return badge;
}

static const char *poll_idle_notification(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr n = alloc_obj(seL4_NotificationObject, 0);
    CHECK(n, "cannot make a notification");
    CHECK(poll(n) == 0, "Poll on an idle notification does not give badge 0");
    return PASS;
}

static const char *signal_then_poll(seL4_BootInfo *bi)
{
    static const seL4_Word badges[] = {0x10};
    seL4_CPtr c[1];
    BEGIN(bi);
    seL4_CPtr n = badged(c, badges, 1);
    CHECK(n, "cannot make the notification");
    seL4_Signal(c[0]);
    CHECK(poll(n) == 0x10, "Poll after Signal does not give the signalling cap's badge");
    CHECK(poll(n) == 0, "a second Poll gives the signal again");
    return PASS;
}

static const char *signals_or_badges(seL4_BootInfo *bi)
{
    static const seL4_Word badges[] = {0x1, 0x4, 0x1};
    seL4_CPtr c[3];
    BEGIN(bi);
    seL4_CPtr n = badged(c, badges, 3);
    CHECK(n, "cannot make the notification");
    seL4_Signal(c[0]);
    seL4_Signal(c[1]);
    seL4_Signal(c[2]);
    CHECK(poll(n) == 0x5, "three signals with badges 1, 4, 1 do not Poll as 5");
    CHECK(poll(n) == 0, "the signals were delivered more than once");
    return PASS;
}

static const char *badge_is_a_full_word(seL4_BootInfo *bi)
{
    static const seL4_Word badges[] = {1ul << 63 | 1};
    seL4_CPtr c[1];
    BEGIN(bi);
    seL4_CPtr n = badged(c, badges, 1);
    CHECK(n, "cannot make the notification");
    seL4_Signal(c[0]);
    CHECK(poll(n) == (1ul << 63 | 1), "a 64-bit badge did not arrive whole");
    return PASS;
}

static const char *wait_after_signal_returns(seL4_BootInfo *bi)
{
    static const seL4_Word badges[] = {0x8};
    seL4_CPtr c[1];
    seL4_Word badge = 0;
    BEGIN(bi);
    seL4_CPtr n = badged(c, badges, 1);
    CHECK(n, "cannot make the notification");
    seL4_Signal(c[0]);
    CHECK(poll(n) == 0x8, "Poll does not see the signal, so Wait would block");
    seL4_Signal(c[0]);
    seL4_Wait(n, &badge);
    CHECK(badge == 0x8, "Wait does not give the pending badge");
    CHECK(poll(n) == 0, "Wait did not consume the signal");
    return PASS;
}

/* Call on a notification signals it and replies at once with an empty message. */
static const char *call_on_notification_signals(seL4_BootInfo *bi)
{
    static const seL4_Word badges[] = {0x40};
    seL4_CPtr c[1];
    BEGIN(bi);
    seL4_CPtr n = badged(c, badges, 1);
    CHECK(n, "cannot make the notification");
    seL4_MessageInfo_t r = seL4_Call(c[0], seL4_MessageInfo_new(77, 0, 0, 0));
    CHECK(seL4_MessageInfo_get_label(r) == seL4_NoError, "Call on a notification is an error");
    CHECK(seL4_MessageInfo_get_length(r) == 0, "Call on a notification replied with words");
    CHECK(poll(n) == 0x40, "Call did not signal the notification");
    return PASS;
}

static const char *send_and_nbsend_on_notification_signal(seL4_BootInfo *bi)
{
    static const seL4_Word badges[] = {0x100, 0x200};
    seL4_CPtr c[2];
    BEGIN(bi);
    seL4_CPtr n = badged(c, badges, 2);
    CHECK(n, "cannot make the notification");
    seL4_Send(c[0], seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_NBSend(c[1], seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK(poll(n) == 0x300, "Send and NBSend did not both signal");
    return PASS;
}

static const char *nbsend_without_write_is_dropped(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr n = alloc_obj(seL4_NotificationObject, 0), ro = alloc_slot();
    CHECK(n, "cannot make a notification");
    CHECK(seL4_CNode_Mint(ROOT, ro, DEPTH, ROOT, n, DEPTH, seL4_CanRead, 0x2) == seL4_NoError,
          "read-only mint failed");
    seL4_NBSend(ro, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Send(ro, seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK(poll(n) == 0, "a cap without write right signalled");
    return PASS;
}

/* NBSend to an endpoint nobody waits on is dropped: nothing is queued for a receiver. */
static const char *nbsend_to_endpoint_without_receiver(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0), b = alloc_slot();
    seL4_Word badge = ~0ul;
    CHECK(ep, "cannot make an endpoint");
    CHECK(seL4_CNode_Mint(ROOT, b, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 0x77) == seL4_NoError,
          "mint failed");
    seL4_SetMR(0, 0xdead);
    seL4_NBSend(b, seL4_MessageInfo_new(5, 0, 0, 1));
    seL4_NBRecv(ep, &badge);
    CHECK(badge == 0, "NBRecv found a message that NBSend should have dropped");
    return PASS;
}

/* NBSend never faults: an empty slot or a cptr that does not resolve is ignored. */
static const char *nbsend_to_missing_cap_is_ignored(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr empty = alloc_slot();
    seL4_NBSend(empty, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_NBSend(1ul << 40, seL4_MessageInfo_new(0, 0, 0, 0)); /* fails the root's guard */
    CHECK(cap_type(empty) == TAG_NULL, "NBSend to an empty slot changed it");
    return PASS;
}

/* seL4_Signal works on any cap with write: a badged cap keeps its badge across copies. */
static const char *copied_badged_cap_signals_badge(seL4_BootInfo *bi)
{
    static const seL4_Word badges[] = {0x3};
    seL4_CPtr c[1];
    BEGIN(bi);
    seL4_CPtr n = badged(c, badges, 1), copy = alloc_slot();
    CHECK(n, "cannot make the notification");
    CHECK(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, c[0], DEPTH, seL4_CanWrite) == seL4_NoError,
          "copy of the badged cap failed");
    seL4_Signal(copy);
    CHECK(poll(n) == 0x3, "the copy of a badged cap does not signal its badge");
    return PASS;
}

const struct kernel_case notification_single_cases[] = {
    CASE(poll_idle_notification),
    CASE(signal_then_poll),
    CASE(signals_or_badges),
    CASE(badge_is_a_full_word),
    CASE(wait_after_signal_returns),
    CASE(call_on_notification_signals),
    CASE(send_and_nbsend_on_notification_signal),
    CASE(nbsend_without_write_is_dropped),
    CASE(nbsend_to_endpoint_without_receiver),
    CASE(nbsend_to_missing_cap_is_ignored),
    CASE(copied_badged_cap_signals_badge),
    END_OF_CASES,
};
