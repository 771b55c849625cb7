/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The component programming model.  A component is a single-threaded
 * program the root server loads with the layout of <kaal/component_layout.h>
 * and links against libkaal_component.a.  It defines up to three entry
 * points and the runtime calls them:
 *
 *   init()              once, before any event;
 *   notified(ch)        for each channel ch that signalled, lowest id first;
 *   protected(ch, msg)  for a protected call from the peer on channel ch;
 *                       what it returns is the reply (label and length;
 *                       the words are set with kaal_mr_set).
 *
 * Each runs to completion: the event loop (runtime/component/runtime.c)
 * waits with one Recv on the input endpoint, dispatches, and waits again;
 * after a protected call it replies and waits in one ReplyRecv.  Handlers
 * must not block on anything but kaal_ppcall and kaal_wait: a Recv of
 * their own would lose the pending reply (seL4 without MCS deletes a
 * thread's reply cap when it receives on an endpoint).
 *
 * Contexts, as each function's comment says: "any" is init, notified and
 * protected alike; "protected only" means only inside protected(), where a
 * reply is pending.
 *
 * Errors: functions returning int give 0 or a negative KAAL_E* code.  An
 * invalid channel id (not 0-62, or not connected for that use) is never
 * turned into a cptr: the call fails and the runtime logs it once per
 * channel and function.
 */
#pragma once

#include <kaal/component_layout.h>
#include <kaal/error.h>
#include <sel4/functions.h>
#include <sel4/shared_types.h>

/* Negative error codes of the kaal_* functions, in KaaL's one errno space (<kaal/error.h>). */
#define KAAL_EBADCH  (-KAAL_EBADF) /* no such channel, or not connected for this use */
#define KAAL_EKERNEL (-KAAL_EIO)   /* the kernel refused the invocation */

/* Reply labels the runtime sends in place of protected()'s own: errno values, as every KaaL
 * protocol's error replies are, so a generated stub returns -ENOSYS or -EBADF for them. */
#define KAAL_LABEL_NO_HANDLER  KAAL_ENOSYS /* the component defines no protected() */
#define KAAL_LABEL_BAD_CHANNEL KAAL_EBADF  /* the call came on a channel not open for calls */

/* The component's entry points; the runtime has weak defaults (do nothing; reply NO_HANDLER). */
void init(void);
void notified(unsigned int ch);
seL4_MessageInfo_t protected(unsigned int ch, seL4_MessageInfo_t msginfo);

/* Signals the peer of channel ch; 0 or KAAL_EBADCH.  Any context. */
int kaal_notify(unsigned int ch);

/*
 * Protected-calls the peer of channel ch with msginfo and message words set
 * by kaal_mr_set; returns the reply (its words by kaal_mr_get), or a reply
 * labelled KAAL_LABEL_BAD_CHANNEL with no words if ch is not a channel this
 * component may call.  Any context; it blocks until the peer replies.
 */
seL4_MessageInfo_t kaal_ppcall(unsigned int ch, seL4_MessageInfo_t msginfo);

/*
 * Waits until one of the channels in mask (bit ch for channel ch) has been
 * notified, and returns those of them that were; 0 at once if mask has no
 * channel that may notify this component.  Notifications on other channels
 * that arrive meanwhile are kept, and notified() gets them after the
 * current handler returns (and its reply, if any, has gone).  Any context:
 * inside protected() the call waits for its reply, since a wait on the
 * notification leaves the reply cap alone (seL4 handleRecv).  This is how
 * a service makes a request of its driver and waits for the answer.  Like
 * any receive it overwrites message words 0-3 (the stubs copy the
 * registers back), so read a request's words before and set a reply's
 * after; the generated dispatch does both.
 */
seL4_Word kaal_wait(seL4_Word mask);

/* Acknowledges the interrupt of channel ch (IRQHandler_Ack); 0, KAAL_EBADCH or KAAL_EKERNEL.
 * Any context, normally notified(ch). */
int kaal_irq_ack(unsigned int ch);

/* The component's name from its info page.  Any context. */
const char *kaal_name(void);

/* The component's id from its info page.  Any context. */
unsigned int kaal_id(void);

/* The KAAL_CH_* flags of channel ch from the info page: 0 if ch is not connected (or not
 * 0-62).  Any context: for a component that works with or without a peer. */
seL4_Uint32 kaal_channel_flags(unsigned int ch);

/* Prints "[name] s" on the kernel's debug console (debug kernels only).  Any context. */
void kaal_log(const char *s);

/* Prints "[name] s" followed by v in decimal and a newline.  Any context. */
void kaal_log_num(const char *s, seL4_Word v);

/* Sets message word i (0 <= i < seL4_MsgMaxLength; others are ignored) of the next message sent:
 * a reply from protected(), or a kaal_ppcall.  Any context. */
static inline void kaal_mr_set(unsigned int i, seL4_Word v)
{
    if (i < seL4_MsgMaxLength)
        seL4_SetMR((int)i, v);
}

/* Message word i of the message last received: the call in protected(), or the reply of the last
 * kaal_ppcall; 0 for i out of range.  Any context. */
static inline seL4_Word kaal_mr_get(unsigned int i)
{
    return i < seL4_MsgMaxLength ? seL4_GetMR((int)i) : 0;
}

/* A message of label with count words and no caps.  Any context. */
static inline seL4_MessageInfo_t kaal_msginfo_new(seL4_Word label, seL4_Word count)
{
    return seL4_MessageInfo_new(label, 0, 0, count);
}
