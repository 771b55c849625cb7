/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The capability broker: serves the run-time requests components send to
 * the root server (the broker protocol, sdk/interface/broker.proto, and
 * docs/root-server.md).
 *
 * The generated dispatch (<kaal/proto/broker.h>) checks each request's
 * label, length and argument ranges before any handler runs; the handlers
 * live with their responsibility: device grants in devices.c, memory in
 * memory.c, introspection in introspect.c, power in power.c, a file
 * service's configuration in files.c.  This file
 * only puts them in one table and adds the grants some ops need on top of
 * the caller's description: `monitor: true` for ps, caps and mem, and
 * `power: true` for power.  The caller is the component whose badge the
 * request came with (main.c), passed to every handler as its context.
 */
#include "broker.h"

#include "boot.h"
#include "devices.h"
#include "files.h"
#include "introspect.h"
#include "memory.h"
#include "power.h"
#include "report.h"

#include <interfaces/sel4_client.h>
#include <kaal/debug.h>

#define NO_MONITOR "not granted: the system description gives it no 'monitor: true'"
#define NO_POWER   "not granted: the system description gives it no 'power: true'"

/* True if c has grant (KAAL_SYSIMAGE_GRANT_*); else the refusal of label is logged. */
static int granted(const struct comp *c, seL4_Word label, seL4_Word grant, const char *why)
{
    if (c->desc->grants & grant)
        return 1;
    report_refusal(c, label, -KAAL_EACCES, why);
    return 0;
}

static int tsc(void *ctx, struct kaal_broker_tsc_out *out)
{
    (void)ctx;
    out->mhz = boot_tsc_mhz();
    return 0;
}

static int ps(void *ctx, const struct kaal_broker_ps_in *in, struct kaal_broker_ps_out *out)
{
    if (!granted(ctx, KAAL_BROKER_PS, KAAL_SYSIMAGE_GRANT_MONITOR, NO_MONITOR))
        return -KAAL_EACCES;
    return introspect_ps(in->n, out);
}

static int caps(void *ctx, const struct kaal_broker_caps_in *in, struct kaal_broker_caps_out *out)
{
    if (!granted(ctx, KAAL_BROKER_CAPS, KAAL_SYSIMAGE_GRANT_MONITOR, NO_MONITOR))
        return -KAAL_EACCES;
    return introspect_caps(ctx, in->id, in->n, out);
}

static int mem(void *ctx, struct kaal_broker_mem_out *out)
{
    if (!granted(ctx, KAAL_BROKER_MEM, KAAL_SYSIMAGE_GRANT_MONITOR, NO_MONITOR))
        return -KAAL_EACCES;
    return introspect_mem(out);
}

static int power(void *ctx, const struct kaal_broker_power_in *in)
{
    if (!granted(ctx, KAAL_BROKER_POWER, KAAL_SYSIMAGE_GRANT_POWER, NO_POWER))
        return -KAAL_EACCES;
    return power_request(ctx, in->op);
}

static int file(void *ctx, const struct kaal_broker_file_in *in, struct kaal_broker_file_out *out)
{
    return files_record(ctx, in->n, out);
}

/* Puts the decimal v at out[*n] (room for 20 digits is the caller's). */
static void put_dec(char *out, unsigned int *n, seL4_Word v)
{
    char digits[20];
    unsigned int k = 0;

    do
        digits[k++] = (char)('0' + v % 10);
    while ((v /= 10) && k < sizeof(digits));
    while (k)
        out[(*n)++] = digits[--k];
}

/* The caller's exit or abort: it is suspended and reported, and ps shows why. */
static int comp_exit(void *ctx, const struct kaal_broker_exit_in *in)
{
    struct comp *c = ctx;
    const char *what = in->signal ? "stopped by its own signal " : "exited with status ";
    unsigned int n = 0;

    seL4_TCB_Suspend(c->tcb);
    c->stopped = c->exited = 1;
    c->fault_label = c->fault_addr = 0;
    while (*what)
        c->fault_text[n++] = *what++;
    put_dec(c->fault_text, &n, in->signal ? in->signal : in->status & 0xff);
    c->fault_text[n] = '\0';
    say_comp(c, c->fault_text);
    kaal_debug_puts("; it is stopped, the rest of the system goes on\n");
    return 0; /* the reply finds no one: the caller is suspended */
}

/* A request refused before its handler ran (unknown label, too short, out of range). */
static void refused(void *ctx, seL4_Word label, int err, const char *why)
{
    report_refusal(ctx, label, err, why);
}

static const struct kaal_broker_server broker = {
    .mmio = dev_mmio,
    .irq = dev_irq,
    .ioport = dev_ioport,
    .dma = dev_dma,
    .mem_alloc = mem_alloc,
    .mem_free = mem_free,
    .phys = mem_phys,
    .info = mem_info,
    .pci_read = dev_pci_read,
    .pci_write = dev_pci_write,
    .pci_info = dev_pci_info,
    .tsc = tsc,
    .pci_list = dev_pci_list,
    .ps = ps,
    .caps = caps,
    .mem = mem,
    .power = power,
    .exit = comp_exit,
    .file = file,
    .refused = refused,
};

seL4_MessageInfo_t broker_serve(struct comp *c, seL4_MessageInfo_t msg)
{
    return kaal_broker_dispatch(&broker, c, msg);
}
