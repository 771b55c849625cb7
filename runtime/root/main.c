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
#include "alloc.h"
#include "boot.h"
#include "broker.h"
#include "fault.h"
#include "loader.h"
#include "report.h"
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

/* The entry from start.S, with the boot info the kernel passed. */
void root_main(seL4_BootInfo *bi);

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
        seL4_MessageInfo_t msg = seL4_Recv(loader_endpoint(), &badge);
        seL4_Word id = badge & 0xffff;
        struct comp *c = comp_at(id);
        if (!c || !c->loaded)
            continue;
        if (badge == KAAL_FAULT_BADGE(id)) {
            fault(c, msg);
            continue;
        }
        seL4_Reply(broker_serve(c, msg));
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
    unsigned int n = load_system(kaal_system_image);
    if (boot_verbose() || n < comp_count())
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
    kaal_debug_put_dec(comp_count());
    kaal_debug_puts(" components; ");
    kaal_debug_put_dec(alloc_free_bytes() >> 10);
    kaal_debug_puts(" KiB of memory left\n");
}

void root_main(seL4_BootInfo *bi)
{
    boot_read(bi);
    seL4_SetIPCBuffer((seL4_IPCBuffer *)bi->ipcBuffer);
    run_system(bi);
    seL4_DebugHalt();
}
