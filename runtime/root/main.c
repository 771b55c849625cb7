/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root server's main.  It checks the boot information the kernel handed
 * it (the IPC buffer is where boot info says and is writable, the extra
 * boot info carries the TSC frequency and the ACPI RSDP), then loads the
 * system image linked into it (image.S): every component, its channels and
 * regions, and starts them by priority.  From then on it waits on its one
 * endpoint for broker requests and for components' faults, told apart by
 * the badge.  A faulting component is reported by name with its decoded
 * fault and stopped; the others go on.
 *
 * Built without a system image (the plain root.elf) it halts after the
 * checks, which is what the boot scenarios test.
 *
 * The boot is quiet: the checks that pass, the TSC and which component
 * starts print only with kaal.verbose on the kernel's command line (KaaL's
 * kernel passes it in the extra boot info; on seL4 there is none, and the
 * boot stays quiet).  Failed checks, refusals, faults and errors always print.
 */
#include "broker.h"
#include "fault.h"
#include "power.h"
#include "root.h"

#include <interfaces/sel4_client.h>
#include <kaal/bootinfo.h>
#include <kaal/broker.h>
#include <kaal/debug.h>
#include <sel4/arch/syscalls.h>
#include <sel4/bootinfo_types.h>
#include <sel4/faults.h>
#include <sel4/functions.h>

KAAL_DEFINE_IPC_BUFFER();

/* The system image, from image.S: empty unless the build linked one in. */
extern const unsigned char kaal_system_image[], kaal_system_image_end[];
const unsigned char *sys_image = kaal_system_image;
seL4_Word root_tsc_mhz;
const unsigned char *root_rsdp;

#define RSDP_LEN 36 /* an ACPI 2.0 RSDP, as seL4 on pc99 passes it */

static int verbose; /* kaal.verbose: the root server's boot diagnostics print */

void root_main(seL4_BootInfo *bi);

static void check(int ok, const char *what)
{
    if (ok && !verbose)
        return;
    kaal_debug_puts(ok ? "[root] ok: " : "[root] FAILED: ");
    kaal_debug_puts(what);
    kaal_debug_puts("\n");
}

/* Returns the extra boot-info chunk with this id if it has this total length, or 0. */
static const seL4_BootInfoHeader *find_chunk(const seL4_BootInfo *bi, seL4_Word id, seL4_Word len)
{
    const seL4_BootInfoHeader *h = kaal_bootinfo_chunk(bi, id);

    return h && h->len == len ? h : 0;
}

/* True if the chunk holds an ACPI RSDP: its signature, and its first 20 bytes summing to zero. */
static int rsdp_valid(const seL4_BootInfoHeader *h)
{
    const char *sig = "RSD PTR ";
    const unsigned char *p = (const unsigned char *)(h + 1);
    unsigned char sum = 0;

    for (int i = 0; i < 8; i++) {
        if (p[i] != (unsigned char)sig[i])
            return 0;
    }
    for (int i = 0; i < 20; i++)
        sum += p[i];
    return sum == 0;
}

static void check_extra(const seL4_BootInfo *bi)
{
    const seL4_BootInfoHeader *tsc =
        find_chunk(bi, SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, sizeof(seL4_BootInfoHeader) + 4);
    seL4_Word mhz = tsc ? *(const seL4_Uint32 *)(tsc + 1) : 0;
    check(mhz > 0, "extra boot info has the TSC frequency");

    const seL4_BootInfoHeader *rsdp =
        find_chunk(bi, SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP, sizeof(seL4_BootInfoHeader) + RSDP_LEN);
    check(rsdp != 0 && rsdp_valid(rsdp), "extra boot info has a valid ACPI RSDP");
    root_rsdp = rsdp && rsdp_valid(rsdp) ? (const unsigned char *)(rsdp + 1) : 0;
    if (!verbose)
        return;
    kaal_debug_puts("[root] TSC ");
    kaal_debug_put_dec(mhz);
    kaal_debug_puts(" MHz\n");
}

/* True if the word [w, w + n) is key, or key=1|on|yes; the kernel's cmdline_flag, for one word. */
static int flag_word(const char *w, seL4_Word n, const char *key)
{
    seL4_Word k = 0;

    while (key[k] && k < n && w[k] == key[k])
        k++;
    if (key[k] != '\0')
        return -1; /* not this key */
    if (k == n)
        return 1;
    if (w[k] != '=')
        return -1;
    const char *v = w + k + 1;
    seL4_Word vn = n - k - 1;
    return (vn == 1 && v[0] == '1') || (vn == 2 && v[0] == 'o' && v[1] == 'n') ||
           (vn == 3 && v[0] == 'y' && v[1] == 'e' && v[2] == 's');
}

/* True if the last word of cmdline that is key or key=value turns the flag on, as in the kernel. */
static int cmdline_flag(const char *cmdline, const char *key)
{
    int on = 0;

    for (const char *p = cmdline; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        const char *w = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            p++;
        int r = flag_word(w, (seL4_Word)(p - w), key);
        if (r >= 0)
            on = r;
    }
    return on;
}

int root_verbose(void)
{
    return verbose;
}

void say(const char *s)
{
    kaal_debug_puts("[root] ");
    kaal_debug_puts(s);
}

void say_comp(const struct comp *c, const char *s)
{
    say("component '");
    kaal_debug_puts(c->desc->name);
    kaal_debug_puts("': ");
    kaal_debug_puts(s);
}

/* Reports c's fault, decoded, and stops it; the fault is never answered. */
static void fault(struct comp *c, seL4_MessageInfo_t msg)
{
    uint64_t mr[seL4_MsgMaxLength];
    seL4_Word len = seL4_MessageInfo_get_length(msg);
    char text[160];

    for (seL4_Word i = 0; i < len && i < seL4_MsgMaxLength; i++)
        mr[i] = seL4_GetMR((int)i);
    root_fault_describe(seL4_MessageInfo_get_label(msg), mr, len, text, sizeof(text));
    seL4_TCB_Suspend(c->tcb);
    c->stopped = 1;
    /* Kept for KAAL_BROKER_PS: VMFault's and CapFault's second word is the address. */
    c->fault_label = seL4_MessageInfo_get_label(msg);
    c->fault_addr =
        (c->fault_label == seL4_Fault_VMFault || c->fault_label == seL4_Fault_CapFault) && len > 1
            ? mr[1]
            : 0;
    for (unsigned int i = 0; i + 1 < sizeof(c->fault_text) && text[i]; i++)
        c->fault_text[i] = text[i];
    say("component '");
    kaal_debug_puts(c->desc->name);
    kaal_debug_puts("' faulted: ");
    kaal_debug_puts(text);
    kaal_debug_puts("; it is stopped, the rest of the system goes on\n");
}

/* Waits for requests and faults forever. */
static void serve(void)
{
    for (;;) {
        seL4_Word badge;
        seL4_MessageInfo_t msg = seL4_Recv(root_ep, &badge);
        seL4_Word id = badge & 0xffff;
        if (id >= ncomps || !comps[id].loaded)
            continue;
        if (badge == KAAL_FAULT_BADGE(id)) {
            fault(&comps[id], msg);
            continue;
        }
        seL4_Reply(broker_serve(&comps[id], msg));
    }
}

static void report_loaded(unsigned int n);

/* Loads and runs the linked-in system image; returns only if there is none or it is bad. */
static void run_system(const seL4_BootInfo *bi)
{
    seL4_Word size = (seL4_Word)(kaal_system_image_end - kaal_system_image);
    const char *why;

    if (size == 0) {
        say("no system image is linked in: nothing to load\n");
        return;
    }
    if (sysimage_check(kaal_system_image, size, &why) != 0) {
        say("the system image is not valid: ");
        kaal_debug_puts(why);
        kaal_debug_puts("\n[root] hint: rebuild it with kaal-sysgen\n");
        return;
    }
    alloc_init(bi);
    root_tsc_mhz = kaal_bootinfo_tsc_mhz(bi);
    unsigned int n = load_system();
    if (verbose || n < ncomps)
        report_loaded(n);
    start_system();
    serve();
}

/* "[root] loaded n of N components; M KiB of memory left". */
static void report_loaded(unsigned int n)
{
    say("loaded ");
    kaal_debug_put_dec(n);
    kaal_debug_puts(" of ");
    kaal_debug_put_dec(ncomps);
    kaal_debug_puts(" components; ");
    kaal_debug_put_dec(alloc_free_bytes() >> 10);
    kaal_debug_puts(" KiB of memory left\n");
}

/* The first lines with kaal.verbose: where the kernel put the boot info and the IPC buffer. */
static void hello(const seL4_BootInfo *bi)
{
    kaal_debug_puts("[root] Hello from the root server, in user mode\n");
    kaal_debug_puts("[root] boot info at ");
    kaal_debug_put_hex((seL4_Word)bi);
    kaal_debug_puts(", IPC buffer at ");
    kaal_debug_put_hex((seL4_Word)bi->ipcBuffer);
    kaal_debug_puts(", root CNode 2^");
    kaal_debug_put_dec(bi->initThreadCNodeSizeBits);
    kaal_debug_puts(" slots\n");
}

void root_main(seL4_BootInfo *bi)
{
    volatile seL4_Word *ipc = (volatile seL4_Word *)bi->ipcBuffer;

    verbose = cmdline_flag(kaal_bootinfo_cmdline(bi), "kaal.verbose");
    if (verbose)
        hello(bi);
    check(bi->nodeID == 0 && bi->numNodes == 1, "one node");
    check((seL4_Word)ipc + 4096 == (seL4_Word)bi, "IPC buffer frame right before boot info");
    ipc[0] = 0x1234abcd;
    check(ipc[0] == 0x1234abcd, "IPC buffer is writable");
    check_extra(bi);
    seL4_SetIPCBuffer((seL4_IPCBuffer *)bi->ipcBuffer);
    run_system(bi);
    seL4_DebugHalt();
}
