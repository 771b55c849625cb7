/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The x86 records in the root server's extra boot info, as seL4 on pc99
 * passes them: the ACPI RSDP (id 3), so the root task can find the ACPI
 * tables, and the TSC frequency in MHz (id 5), without which seL4's own
 * libraries refuse to start.  acpi.c found and checked the RSDP at boot.
 * Then KaaL's own chunk, the kernel command line (<kaal/bootinfo.h>), from
 * which the root server reads kaal.verbose.
 */
#include <arch/acpi.h>
#include <arch/cpu.h>
#include <boot/boot.h>
#include <kaal/bootinfo.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <machine.h>
#include <sel4/bootinfo_types.h>
#include <user.h>

#define RSDP_LEN    36  /* the ACPI 2.0 RSDP, as seL4 on pc99 copies it */
#define CMDLINE_MAX 512 /* longer command lines reach the root server cut */

extern struct boot_input boot_in; /* init.c: what the loader passed, the command line with it */

/* Appends a chunk (header, then len bytes of body) at buf+off; returns the new offset. */
static size_t put_chunk(uint8_t *buf, size_t off, size_t size, word_t id, const void *body,
                        size_t len)
{
    seL4_BootInfoHeader h = {id, sizeof(h) + len};

    if (off + h.len > size)
        return off;
    memcpy(buf + off, &h, sizeof(h));
    memcpy(buf + off + sizeof(h), body, len);
    return off + h.len;
}

/* Appends KaaL's command-line chunk: the text, NUL-terminated, padded to 8 bytes. */
static size_t put_cmdline(uint8_t *buf, size_t off, size_t size)
{
    char text[CMDLINE_MAX] = {0};
    size_t n = boot_in.cmdline ? strlen(boot_in.cmdline) : 0;

    if (n > CMDLINE_MAX - 1)
        n = CMDLINE_MAX - 1;
    memcpy(text, boot_in.cmdline ? boot_in.cmdline : "", n);
    return put_chunk(buf, off, size, KAAL_BOOTINFO_HEADER_CMDLINE, text, (n + 1 + 7) & ~(size_t)7);
}

size_t arch_extra_bootinfo(uint8_t *buf, size_t size)
{
    uint32_t mhz = tsc_mhz();
    size_t off = 0;

    if (boot_acpi.rsdp)
        off = put_chunk(buf, off, size, SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP,
                        arch_paddr_to_ptr(boot_acpi.rsdp), RSDP_LEN);
    else
        kprintf("[KaaL] warning: no ACPI RSDP found; the root server gets none\n");
    off = put_chunk(buf, off, size, SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, &mhz, sizeof(mhz));
    return put_cmdline(buf, off, size);
}
