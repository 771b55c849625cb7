/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The component runtime: start-up after crt0.S, the event loop, the weak
 * default entry points and the kaal_* helpers of <kaal/component.h>.
 *
 * Start-up finds the IPC buffer and the info page at their fixed addresses
 * and turns the channel table into the masks the dispatch (dispatch.c) and
 * the helpers check, so a channel id from the component is checked against
 * the table before it becomes a cptr.
 *
 * The C library (libc.c) is set up before init(): the heap, TLS for errno,
 * stdout line-buffered to the log.  What stdout holds is flushed after
 * init() and after each event, so output never waits for the next event.
 *
 * The loop alternates Recv and ReplyRecv: after a protected call the reply
 * and the next wait go in one ReplyRecv; after a notification there is no
 * caller to answer, so it waits with a plain Recv.
 */
#include "dispatch.h"
#include "libc.h"

#include <stdio.h>

#include <interfaces/sel4_client.h>
#include <kaal/component.h>
#include <kaal/debug.h>
#include <sel4/arch/syscalls.h>

KAAL_DEFINE_IPC_BUFFER();

void kaal_component_main(void);

#define INFO ((const struct kaal_component_info *)KAAL_COMPONENT_INFO_VADDR)

/* Which channels each helper may use (bit ch), from the info page. */
static seL4_Uint64 notify_ok, ppcall_ok, irq_ok;

/* Channels already logged as invalid, per helper; bit 63 stands for every id >= 63. */
static seL4_Uint64 logged_notify, logged_ppcall, logged_irq, logged_event;

__attribute__((weak)) void init(void)
{
}

__attribute__((weak)) void notified(unsigned int ch)
{
    kaal_log_num("notified() is not defined; ignored a notification on channel ", ch);
}

__attribute__((weak)) seL4_MessageInfo_t protected(unsigned int ch, seL4_MessageInfo_t msginfo)
{
    (void)msginfo;
    kaal_log_num("protected() is not defined; refused a call on channel ", ch);
    return kaal_msginfo_new(KAAL_LABEL_NO_HANDLER, 0);
}

const char *kaal_name(void)
{
    return INFO->name;
}

unsigned int kaal_id(void)
{
    return INFO->id;
}

seL4_Uint32 kaal_channel_flags(unsigned int ch)
{
    return ch < KAAL_MAX_CHANNELS ? INFO->channel[ch].flags : 0;
}

static void log_prefix(void)
{
    seL4_DebugPutChar('[');
    kaal_debug_puts(kaal_name());
    kaal_debug_puts("] ");
}

void kaal_log(const char *s)
{
    log_prefix();
    kaal_debug_puts(s);
}

void kaal_log_num(const char *s, seL4_Word v)
{
    log_prefix();
    kaal_debug_puts(s);
    kaal_debug_put_dec(v);
    seL4_DebugPutChar('\n');
}

/* True if ch is in ok; if not, logs "what: invalid channel ch" the first time for this ch. */
static int channel_ok(unsigned int ch, seL4_Uint64 ok, seL4_Uint64 *logged, const char *what)
{
    seL4_Uint64 bit = 1ull << (ch < KAAL_MAX_CHANNELS ? ch : 63);

    if (ch < KAAL_MAX_CHANNELS && (ok & bit))
        return 1;
    if (!(*logged & bit)) {
        *logged |= bit;
        log_prefix();
        kaal_debug_puts(what);
        kaal_debug_puts(": invalid channel ");
        kaal_debug_put_dec(ch);
        seL4_DebugPutChar('\n');
    }
    return 0;
}

int kaal_notify(unsigned int ch)
{
    if (!channel_ok(ch, notify_ok, &logged_notify, "kaal_notify"))
        return KAAL_EBADCH;
    seL4_Signal(KAAL_SLOT_NOTIFY_BASE + ch);
    return 0;
}

seL4_MessageInfo_t kaal_ppcall(unsigned int ch, seL4_MessageInfo_t msginfo)
{
    if (!channel_ok(ch, ppcall_ok, &logged_ppcall, "kaal_ppcall"))
        return kaal_msginfo_new(KAAL_LABEL_BAD_CHANNEL, 0);
    return seL4_Call(KAAL_SLOT_PPC_BASE + ch, msginfo);
}

int kaal_irq_ack(unsigned int ch)
{
    if (!channel_ok(ch, irq_ok, &logged_irq, "kaal_irq_ack"))
        return KAAL_EBADCH;
    return seL4_IRQHandler_Ack(KAAL_SLOT_IRQ_BASE + ch) ? KAAL_EKERNEL : 0;
}

/* Notifications kaal_wait took that were not for it: notified() gets them from the loop. */
static seL4_Word deferred;
static seL4_Uint64 wait_ok; /* the channels that may notify: the dispatch's notify_mask */

seL4_Word kaal_wait(seL4_Word mask)
{
    mask &= wait_ok;
    while (mask && !(deferred & mask)) {
        seL4_Word word = 0;
        seL4_Wait(KAAL_SLOT_INPUT_NTF, &word);
        deferred |= word;
    }
    seL4_Word got = deferred & mask;
    deferred &= ~got;
    return got;
}

/* An event on a channel the component may not use: logged once per channel and kind. */
static void rejected(unsigned int ch, int is_call)
{
    channel_ok(ch, 0, &logged_event, is_call ? "protected call refused" : "notification ignored");
}

/* The channel masks from the info page; false if the page is not a valid info page. */
static int read_info(struct kaal_dispatch *d)
{
    if (INFO->magic != KAAL_COMPONENT_INFO_MAGIC || INFO->version != KAAL_COMPONENT_INFO_VERSION)
        return 0;
    for (unsigned int ch = 0; ch < KAAL_MAX_CHANNELS; ch++) {
        seL4_Uint32 f = INFO->channel[ch].flags;
        seL4_Uint64 bit = 1ull << ch;

        notify_ok |= f & KAAL_CH_NOTIFY ? bit : 0;
        ppcall_ok |= f & KAAL_CH_PPCALL ? bit : 0;
        irq_ok |= f & KAAL_CH_IRQ ? bit : 0;
        d->notify_mask |= f & (KAAL_CH_NOTIFIED | KAAL_CH_IRQ) ? bit : 0;
        d->call_mask |= f & KAAL_CH_PROTECTED ? bit : 0;
    }
    wait_ok = d->notify_mask;
    return 1;
}

static void event_loop(const struct kaal_dispatch *d)
{
    seL4_MessageInfo_t reply = kaal_msginfo_new(0, 0);
    seL4_Word badge = 0;
    int replying = 0;

    for (;;) {
        fflush(stdout);
        if (deferred) {
            /* What kaal_wait kept: the reply goes first, then notified() as for a Recv. */
            if (replying)
                seL4_Reply(reply);
            badge = deferred, deferred = 0;
            replying = kaal_dispatch(d, badge, kaal_msginfo_new(0, 0), &reply);
            continue;
        }
        seL4_MessageInfo_t msg = replying ? seL4_ReplyRecv(KAAL_SLOT_INPUT_EP, reply, &badge)
                                          : seL4_Recv(KAAL_SLOT_INPUT_EP, &badge);
        replying = kaal_dispatch(d, badge, msg, &reply);
    }
}

static struct kaal_dispatch dispatch = {
    .notified = notified, .protected = protected, .rejected = rejected};

/* The `main` the C library calls once it is set up: init(), then events for ever. */
static int run(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    setvbuf(stdout, NULL, _IOLBF, 0); /* the log is line by line, though not a terminal */
    init();
    event_loop(&dispatch);
    return 0;
}

/* Called by crt0.S with the stack set up; does not return. */
void kaal_component_main(void)
{
    seL4_SetIPCBuffer((seL4_IPCBuffer *)KAAL_IPC_BUFFER_VADDR);
    if (!read_info(&dispatch)) {
        kaal_debug_puts("[component] no valid info page at the layout's address: stopping\n");
        seL4_TCB_Suspend(KAAL_SLOT_TCB);
        for (;;)
            ;
    }
    kaal_libc_start(INFO->heap_size, run);
}
