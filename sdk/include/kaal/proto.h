/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the generated protocol headers (<kaal/proto/NAME.h>, made by
 * tools/ifgen from sdk/interface/NAME.proto) build on: the reply status,
 * the checks a server makes before a handler runs, text and buffer-range
 * arguments.  docs/interface.md describes the protocols and their format.
 *
 * A request is an seL4 message whose label names the op and whose words are
 * its arguments, one per word.  The reply's label is 0 or a positive errno
 * (<kaal/error.h>); its words are the results.  Messages travel through the
 * IPC buffer: both sides read and write words with seL4_GetMR/seL4_SetMR,
 * so a call is never split between registers and buffer by hand.
 */
#pragma once

#include <kaal/error.h>
#include <sel4/functions.h>
#include <sel4/shared_types.h>
#include <sel4/simple_types.h>

/* A range of a shared buffer, [offset, offset + length), checked against the buffer's size. */
struct kaal_proto_range {
    seL4_Word offset, length;
};

/* A server's hook for requests refused before their handler ran: label, the negative errno sent
 * back and what was wrong, for its log. */
typedef void kaal_proto_refused_fn(void *ctx, seL4_Word label, int err, const char *why);

/* Tells hook (if any) of a refusal; returns err. */
static inline int kaal_proto_refuse(kaal_proto_refused_fn *hook, void *ctx, seL4_Word label,
                                    int err, const char *why)
{
    if (hook)
        hook(ctx, label, err, why);
    return err;
}

/* The reply for a negative errno; anything else (a handler's bug) becomes EPROTO. */
static inline seL4_MessageInfo_t kaal_proto_error_reply(int err)
{
    seL4_Word e = err < 0 && err >= -KAAL_ERRNO_MAX ? (seL4_Word)-err : KAAL_EPROTO;

    return seL4_MessageInfo_new(e, 0, 0, 0);
}

/*
 * Server: 0 if a request may reach its handler: the message has at least
 * words words and caps caps (else EBADMSG) and the server handles the op
 * (served; else ENOSYS).  Else the negative errno to answer, with the hook
 * told why.
 */
static inline int kaal_proto_check(kaal_proto_refused_fn *hook, void *ctx, seL4_MessageInfo_t msg,
                                   int served, seL4_Word words, seL4_Word caps)
{
    seL4_Word label = seL4_MessageInfo_get_label(msg);

    if (seL4_MessageInfo_get_length(msg) < words)
        return kaal_proto_refuse(hook, ctx, label, -KAAL_EBADMSG,
                                 "the message is shorter than the op's arguments");
    if (seL4_MessageInfo_get_extraCaps(msg) < caps)
        return kaal_proto_refuse(hook, ctx, label, -KAAL_EBADMSG,
                                 "a capability argument is missing");
    if (!served)
        return kaal_proto_refuse(hook, ctx, label, -KAAL_ENOSYS, "the server does not handle it");
    return 0;
}

/* Client: 0 if reply is a success with at least words words; else its negative errno (EPROTO for
 * a label that is no errno, EBADMSG for a short reply). */
static inline int kaal_proto_status(seL4_MessageInfo_t reply, seL4_Word words)
{
    seL4_Word label = seL4_MessageInfo_get_label(reply);

    if (label)
        return label <= KAAL_ERRNO_MAX ? -(int)label : -KAAL_EPROTO;
    if (seL4_MessageInfo_get_length(reply) < words)
        return -KAAL_EBADMSG;
    return 0;
}

/* True if r lies inside a buffer of size bytes (no overflow for any r). */
static inline int kaal_proto_range_ok(const struct kaal_proto_range *r, seL4_Word size)
{
    return r->offset <= size && r->length <= size - r->offset;
}

/* Puts text (NULL is empty) into message words first .. first + nwords - 1, little-endian and
 * NUL-padded; a longer text is cut at nwords * 8 bytes. */
static inline void kaal_proto_put_text(unsigned int first, unsigned int nwords, const char *text)
{
    int end = !text;

    for (unsigned int w = 0; w < nwords; w++) {
        seL4_Word v = 0;
        for (unsigned int b = 0; b < 8; b++) {
            if (!end && !text[w * 8 + b])
                end = 1;
            if (!end)
                v |= (seL4_Word)(unsigned char)text[w * 8 + b] << (8 * b);
        }
        seL4_SetMR((int)(first + w), v);
    }
}

/* Copies the text in message words first .. first + nwords - 1 into out, which holds
 * nwords * 8 + 1 bytes, and NUL-terminates it at its first NUL. */
static inline void kaal_proto_get_text(unsigned int first, unsigned int nwords, char *out)
{
    unsigned int n = 0;

    for (unsigned int w = 0; w < nwords; w++) {
        seL4_Word v = seL4_GetMR((int)(first + w));
        for (unsigned int b = 0; b < 8; b++, n++) {
            out[n] = (char)(v >> (8 * b));
            if (!out[n])
                return;
        }
    }
    out[n] = '\0';
}

/* Zeroes n bytes at p (the decoders' structs), without needing a C library's memset. */
static inline void kaal_proto_zero(void *p, unsigned long n)
{
    volatile unsigned char *b = p;

    while (n--)
        *b++ = 0;
}
