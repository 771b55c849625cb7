/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the kernel told the root server at boot: the boot information's
 * checks (one node, the IPC buffer right before the boot info and
 * writable), and the facts the other parts need later: the TSC frequency
 * and the ACPI RSDP from the extra boot info, and kaal.verbose from the
 * kernel's command line (KaaL's own extra boot-info chunk; on seL4 there is
 * none, and the boot stays quiet).  Passed checks, the TSC and the hello
 * lines print only with kaal.verbose; a failed check always prints.
 *
 * Everything is read once, by boot_read, and kept here; the getters are
 * how the rest of the root server asks, so no part reads another's
 * variables.
 */
#include "boot.h"

#include <kaal/bootinfo.h>
#include <kaal/debug.h>
#include <sel4/bootinfo_types.h>

#define RSDP_LEN 36 /* an ACPI 2.0 RSDP, as seL4 on pc99 passes it */

static int verbose;                    /* kaal.verbose: the root server's boot diagnostics print */
static seL4_Word tsc_mhz;              /* the TSC frequency the kernel measured, 0 if not told */
static int iommu;                      /* the kernel remaps DMA: devices get IOSpaces */
static const unsigned char *rsdp_copy; /* the ACPI RSDP the kernel passed, or NULL */

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
    rsdp_copy = rsdp && rsdp_valid(rsdp) ? (const unsigned char *)(rsdp + 1) : 0;
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

void boot_read(const seL4_BootInfo *bi)
{
    volatile seL4_Word *ipc = (volatile seL4_Word *)bi->ipcBuffer;

    verbose = cmdline_flag(kaal_bootinfo_cmdline(bi), "kaal.verbose");
    if (verbose)
        hello(bi);
    check(bi->nodeID == 0 && bi->numNodes == 1, "one node");
    check(bi->empty.end == (seL4_Word)1 << bi->initThreadCNodeSizeBits,
          "empty slots reach the end of the root CNode");
    check((seL4_Word)ipc + 4096 == (seL4_Word)bi, "IPC buffer frame right before boot info");
    ipc[0] = 0x1234abcd;
    check(ipc[0] == 0x1234abcd, "IPC buffer is writable");
    check_extra(bi);
    tsc_mhz = kaal_bootinfo_tsc_mhz(bi);
    iommu = bi->numIOPTLevels != (seL4_Word)-1;
}

int boot_iommu(void)
{
    return iommu;
}

int boot_verbose(void)
{
    return verbose;
}

seL4_Word boot_tsc_mhz(void)
{
    return tsc_mhz;
}

const unsigned char *boot_rsdp(void)
{
    return rsdp_copy;
}
