/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The generated protocol code (<kaal/proto/NAME.h>, tools/ifgen/emit_proto.c)
 * from both sides at once: the client stubs of demo.proto call through a
 * fake transport straight into the generated dispatch with a test server,
 * over one IPC buffer, as the kernel's copy would leave it.  Every op's
 * arguments and results must arrive by name; every request one word or one
 * cap short, or with a narrow argument out of range, or with a buffer range
 * outside the buffer, must be refused before a handler runs; the real
 * protocols' headers (the broker) must refuse short requests the same way.
 */
#include "test.h"

#include <sel4/functions.h>
#include <stdio.h>
#include <sel4/shared_types.h>

static seL4_MessageInfo_t fake_call(seL4_CPtr dest, seL4_MessageInfo_t info);
static seL4_MessageInfo_t fake_channel_call(unsigned int ch, seL4_MessageInfo_t info);
#define KAAL_PROTO_ENDPOINT_CALL fake_call
#define KAAL_PROTO_CHANNEL_CALL  fake_channel_call
#include <kaal/proto/blk.h>
#include <kaal/proto/broker.h>
#include <kaal/proto/demo.h>
#include <kaal/proto/net.h>
#include <kaal/proto/serial.h>
#include <kaal/proto/timer.h>

KAAL_DEFINE_IPC_BUFFER();
static seL4_IPCBuffer buffer;

/* What the test server saw and did. */
static struct {
    int handled, refused, last_err;
    seL4_Word last_label;
    seL4_CPtr dest;
    seL4_MessageInfo_t request;
    char why[128];
} seen;

static int add(void *ctx, const struct kaal_demo_add_in *in, struct kaal_demo_add_out *out)
{
    (void)ctx;
    seen.handled++;
    out->sum = in->a + in->b;
    out->low = (seL4_Uint32)(in->a + in->b);
    return 0;
}

static int echo(void *ctx, const struct kaal_demo_echo_in *in, struct kaal_demo_echo_out *out)
{
    (void)ctx;
    seen.handled++;
    out->length = strlen(in->name);
    memcpy(out->copy, in->name, sizeof(out->copy));
    return 0;
}

static unsigned char data[64];

static int fill(void *ctx, const struct kaal_demo_fill_in *in)
{
    (void)ctx;
    seen.handled++;
    memset(data + in->where.offset, (int)in->value, in->where.length);
    return 0;
}

static int take(void *ctx, const struct kaal_demo_take_in *in)
{
    (void)ctx;
    seen.handled++;
    return in->tag == 7 ? 0 : -KAAL_EPERM;
}

static int ping(void *ctx)
{
    (void)ctx;
    seen.handled++;
    return 0;
}

static seL4_Word buffer_size(void *ctx, unsigned int b)
{
    (void)ctx;
    return b == KAAL_DEMO_BUF_data ? sizeof(data) : 0;
}

static void refused(void *ctx, seL4_Word label, int err, const char *why)
{
    (void)ctx;
    seen.refused++;
    seen.last_label = label;
    seen.last_err = err;
    snprintf(seen.why, sizeof(seen.why), "%s", why);
}

static const struct kaal_demo_server demo = {
    .add = add,
    .echo = echo,
    .fill = fill,
    .take = take,
    .ping = ping,
    .buffer_size = buffer_size,
    .refused = refused,
};

/* The broker's table with no handlers: only the decoders' own checks can answer. */
static const struct kaal_broker_server broker_none = {.refused = refused};

static const void *server = &demo;
static int serving_broker;

/* The transport: the server's dispatch runs on the same IPC buffer. */
static seL4_MessageInfo_t fake_call(seL4_CPtr dest, seL4_MessageInfo_t info)
{
    seen.dest = dest;
    seen.request = info;
    if (serving_broker)
        return kaal_broker_dispatch(server, 0, info);
    return kaal_demo_dispatch(server, 0, info);
}

/* The channel protocols' stubs are not called here; their dispatch is, directly. */
static seL4_MessageInfo_t fake_channel_call(unsigned int ch, seL4_MessageInfo_t info)
{
    (void)ch;
    return fake_call(0, info);
}

static void reset(void)
{
    memset(&seen, 0, sizeof(seen));
    memset(&buffer, 0, sizeof(buffer));
    memset(data, 0, sizeof(data));
    seL4_SetIPCBuffer(&buffer);
    server = &demo;
    serving_broker = 0;
}

static void arguments_and_results_arrive_by_name(void)
{
    struct kaal_demo_add_out sum;

    reset();
    CHECK_EQ(kaal_demo_add(9, 40, 2, &sum), 0);
    CHECK_EQ(seen.dest, 9);
    CHECK_EQ(seL4_MessageInfo_get_label(seen.request), KAAL_DEMO_ADD);
    CHECK_EQ(seL4_MessageInfo_get_length(seen.request), 2);
    CHECK_EQ(sum.sum, 42);
    CHECK_EQ(sum.low, 42);
    CHECK_EQ(seen.handled, 1);
    CHECK_EQ(kaal_demo_add(9, 1, 2, 0), 0); /* results may be ignored */
    CHECK_EQ(kaal_demo_ping(9), 0);
    CHECK_EQ(seen.handled, 3);
}

static void text_goes_and_comes_back(void)
{
    struct kaal_demo_echo_out out;

    reset();
    CHECK_EQ(kaal_demo_echo(1, "hello, KaaL", &out), 0);
    CHECK_EQ(out.length, 11);
    CHECK_STR(out.copy, "hello, KaaL");
    CHECK_EQ(seL4_MessageInfo_get_length(seen.request), 2); /* 16 bytes: two words */
    /* A longer text is cut at the type's size, and always terminated. */
    CHECK_EQ(kaal_demo_echo(1, "0123456789abcdefXYZ", &out), 0);
    CHECK_STR(out.copy, "0123456789abcdef");
    CHECK_EQ(out.length, 16);
    CHECK_EQ(kaal_demo_echo(1, 0, &out), 0);
    CHECK_STR(out.copy, "");
}

static void buffer_ranges_are_checked(void)
{
    reset();
    CHECK_EQ(kaal_demo_fill(1, 8, 16, 0xab), 0);
    CHECK_EQ(data[7], 0);
    CHECK_EQ(data[8], 0xab);
    CHECK_EQ(data[23], 0xab);
    CHECK_EQ(data[24], 0);
    CHECK_EQ(kaal_demo_fill(1, 0, 64, 1), 0); /* the whole buffer */
    CHECK_EQ(kaal_demo_fill(1, 60, 5, 1), -KAAL_EINVAL);
    CHECK_EQ(kaal_demo_fill(1, 65, 0, 1), -KAAL_EINVAL);
    CHECK_EQ(kaal_demo_fill(1, 8, ~0ul, 1), -KAAL_EINVAL); /* no wrap-around */
    CHECK_EQ(seen.handled, 2);
    CHECK_EQ(seen.refused, 3);
    CHECK_CONTAINS(seen.why, "'where'");
}

static void narrow_arguments_are_range_checked(void)
{
    reset();
    seL4_SetMR(0, 1);
    seL4_SetMR(1, 256);
    CHECK_EQ(seL4_MessageInfo_get_label(fake_call(1, seL4_MessageInfo_new(KAAL_DEMO_ADD, 0, 0, 2))),
             KAAL_EINVAL);
    CHECK_EQ(seen.handled, 0);
    CHECK_EQ(seen.last_err, -KAAL_EINVAL);
    CHECK_CONTAINS(seen.why, "'b' is out of range for seL4_Uint8");
}

static void caps_are_counted(void)
{
    reset();
    CHECK_EQ(kaal_demo_take(1, 55, 7), 0);
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(seen.request), 1);
    CHECK_EQ(seL4_GetCap(0), 55);
    CHECK_EQ(kaal_demo_take(1, 55, 8), -KAAL_EPERM); /* the handler's own error comes back */
    seL4_SetMR(0, 7);
    CHECK_EQ(
        seL4_MessageInfo_get_label(fake_call(1, seL4_MessageInfo_new(KAAL_DEMO_TAKE, 0, 0, 1))),
        KAAL_EBADMSG);
    CHECK_CONTAINS(seen.why, "capability");
}

static void unknown_and_unserved_ops_are_enosys(void)
{
    reset();
    CHECK_EQ(kaal_demo_missing(1, 3), -KAAL_ENOSYS);
    CHECK_EQ(seen.refused, 1);
    CHECK_EQ(seen.last_label, KAAL_DEMO_MISSING);
    CHECK_EQ(
        seL4_MessageInfo_get_label(fake_call(1, seL4_MessageInfo_new(KAAL_DEMO_OP_END, 0, 0, 0))),
        KAAL_ENOSYS);
    CHECK_EQ(seL4_MessageInfo_get_label(fake_call(1, seL4_MessageInfo_new(0, 0, 0, 0))),
             KAAL_ENOSYS);
    CHECK_CONTAINS(seen.why, "unknown request label");
    CHECK_EQ(seen.handled, 0);
}

/* Sends label with words zero words to the current server; its reply label. */
static seL4_Word send_short(seL4_Word label, seL4_Word words)
{
    for (seL4_Word i = 0; i < words; i++)
        seL4_SetMR((int)i, 0);
    return seL4_MessageInfo_get_label(fake_call(1, seL4_MessageInfo_new(label, 0, 0, words)));
}

static void every_short_request_is_refused(void)
{
    int cases = 0;

    reset();
#define DEMO_SHORT(label, name, words, caps, out)                                                  \
    if (words > 0) {                                                                               \
        CHECK_EQ(send_short(label, words - 1), KAAL_EBADMSG);                                      \
        cases++;                                                                                   \
    }
    KAAL_DEMO_OPS(DEMO_SHORT)
    CHECK_EQ(seen.handled, 0);
    CHECK_EQ(cases, 5);
    /* The broker's spec: every op a word short is refused by the generated decoder. */
    server = &broker_none;
    serving_broker = 1;
    cases = 0;
    KAAL_BROKER_OPS(DEMO_SHORT)
    CHECK_EQ(cases, 16);
    CHECK_EQ(seen.last_err, -KAAL_EBADMSG);
#undef DEMO_SHORT
}

/* The label of dispatch's reply to label with words zero words. */
#define SHORT_REPLY(dispatch, server, label, words)                                                \
    (kaal_proto_zero(&buffer, sizeof(buffer)),                                                     \
     seL4_MessageInfo_get_label(                                                                   \
         dispatch(&(server), 0, seL4_MessageInfo_new((label), 0, 0, (words)))))

/* The real channel protocols (serial, net, timer), generated from their specs: every op a word
 * short is EBADMSG and an unknown label ENOSYS, before any handler (there are none here). */
static void every_protocol_refuses_short_requests(void)
{
    static const struct kaal_serial_server serial_none = {.refused = refused};
    static const struct kaal_net_server net_none = {.refused = refused};
    static const struct kaal_timer_server timer_none = {.refused = refused};
    int cases = 0;

    reset();
#define TIMER_SHORT(label, name, words, caps, out)                                                 \
    if (words > 0) {                                                                               \
        CHECK_EQ(SHORT_REPLY(kaal_timer_dispatch, timer_none, label, words - 1), KAAL_EBADMSG);    \
        cases++;                                                                                   \
    }
    KAAL_TIMER_OPS(TIMER_SHORT)
#undef TIMER_SHORT
    CHECK_EQ(cases, 4); /* oneshot, periodic, cancel, sleep */
    CHECK_EQ(SHORT_REPLY(kaal_timer_dispatch, timer_none, KAAL_TIMER_OP_END, 0), KAAL_ENOSYS);
    CHECK_EQ(SHORT_REPLY(kaal_serial_dispatch, serial_none, KAAL_SERIAL_OP_END, 0), KAAL_ENOSYS);
    CHECK_EQ(SHORT_REPLY(kaal_net_dispatch, net_none, KAAL_NET_OP_END, 0), KAAL_ENOSYS);
    /* With every word, but no handler: ENOSYS, not a crash through a NULL pointer. */
    CHECK_EQ(SHORT_REPLY(kaal_serial_dispatch, serial_none, KAAL_SERIAL_INFO, 0), KAAL_ENOSYS);
    CHECK_EQ(SHORT_REPLY(kaal_net_dispatch, net_none, KAAL_NET_INFO, 0), KAAL_ENOSYS);
    CHECK_EQ(seen.handled, 0);
}

/* The block class's queue protocol: a slot filled by the client's put, copied once by the server,
 * answered with a status and results that the client's result function reads by name. */
static void queue_slots_carry_requests_by_name(void)
{
    struct kaal_blk_slot slot = {0}, copy;
    struct kaal_blk_capacity_out cap = {0};

    kaal_blk_put_read(&slot, 1234, 3);
    kaal_blk_take_slot(&slot, &copy);
    slot.block = 99; /* a client changing the slot after the copy changes nothing */
    CHECK_EQ(copy.op, KAAL_BLK_READ);
    CHECK_EQ(copy.block, 1234);
    CHECK_EQ(copy.count, 3);
    CHECK(kaal_blk_op_known(copy.op));
    CHECK(!kaal_blk_op_known(0) && !kaal_blk_op_known(KAAL_BLK_OP_END));
    slot.status = KAAL_EIO;
    CHECK_EQ(kaal_blk_result_read(&slot), -KAAL_EIO);
    slot.status = 100000; /* no errno: a protocol error, not success */
    CHECK_EQ(kaal_blk_result_read(&slot), -KAAL_EPROTO);
    kaal_blk_put_capacity(&slot);
    CHECK_EQ(slot.op, KAAL_BLK_CAPACITY);
    slot.status = 0;
    slot.blocks = 2048;
    CHECK_EQ(kaal_blk_result_capacity(&slot, &cap), 0);
    CHECK_EQ(cap.blocks, 2048);
    CHECK_STR(kaal_blk_op_name(KAAL_BLK_FLUSH), "flush");
}

static void error_replies_map_to_negative_errno(void)
{
    CHECK_EQ(seL4_MessageInfo_get_label(kaal_proto_error_reply(-KAAL_ENOMEM)), KAAL_ENOMEM);
    CHECK_EQ(seL4_MessageInfo_get_label(kaal_proto_error_reply(5)), KAAL_EPROTO);
    CHECK_EQ(seL4_MessageInfo_get_label(kaal_proto_error_reply(-100000)), KAAL_EPROTO);
    CHECK_EQ(kaal_proto_status(seL4_MessageInfo_new(KAAL_EBUSY, 0, 0, 0), 0), -KAAL_EBUSY);
    CHECK_EQ(kaal_proto_status(seL4_MessageInfo_new(0xfff01, 0, 0, 0), 0), -KAAL_EPROTO);
    CHECK_EQ(kaal_proto_status(seL4_MessageInfo_new(0, 0, 0, 1), 2), -KAAL_EBADMSG);
    CHECK_STR(kaal_errname(-KAAL_ENOMEM), "ENOMEM");
    CHECK_STR(kaal_errname(KAAL_EBADMSG), "EBADMSG");
    CHECK(kaal_errname(4000) == 0);
    CHECK_STR(kaal_strerror(0), "success");
    CHECK_STR(kaal_strerror(-KAAL_EACCES), "not granted");
}

int main(void)
{
    static const struct test_case cases[] = {
        {arguments_and_results_arrive_by_name, "arguments_and_results_arrive_by_name"},
        {text_goes_and_comes_back, "text_goes_and_comes_back"},
        {buffer_ranges_are_checked, "buffer_ranges_are_checked"},
        {narrow_arguments_are_range_checked, "narrow_arguments_are_range_checked"},
        {caps_are_counted, "caps_are_counted"},
        {unknown_and_unserved_ops_are_enosys, "unknown_and_unserved_ops_are_enosys"},
        {every_short_request_is_refused, "every_short_request_is_refused"},
        {every_protocol_refuses_short_requests, "every_protocol_refuses_short_requests"},
        {queue_slots_carry_requests_by_name, "queue_slots_carry_requests_by_name"},
        {error_replies_map_to_negative_errno, "error_replies_map_to_negative_errno"},
    };

    return test_main("proto", cases, sizeof(cases) / sizeof(cases[0]));
}
