/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reading the extra boot info that follows the boot-info frame: chunks,
 * each behind a seL4_BootInfoHeader {id, len (header included)}, up to
 * bi->extraLen bytes.  A chunk too short to hold its own header ends the
 * walk, so a damaged list cannot loop or run past the end.
 */
#pragma once

#include <sel4/bootinfo_types.h>

/*
 * KaaL's kernel adds one chunk of its own, which seL4 does not have (a root
 * task that walks the chunks skips ids it does not know): the kernel's
 * command line, NUL-terminated and padded with NULs to a multiple of 8
 * bytes, so the root server can read the options meant for it
 * (kaal.verbose).  The id spells "KaaL".
 */
#define KAAL_BOOTINFO_HEADER_CMDLINE 0x4b61614cUL

/* Returns the first extra boot-info chunk with this id, or 0. */
static inline const seL4_BootInfoHeader *kaal_bootinfo_chunk(const seL4_BootInfo *bi, seL4_Word id)
{
    const char *extra = (const char *)bi + seL4_BootInfoFrameSize;
    seL4_Word off = 0;

    while (off + sizeof(seL4_BootInfoHeader) <= bi->extraLen) {
        const seL4_BootInfoHeader *h = (const seL4_BootInfoHeader *)(extra + off);
        if (h->id == id)
            return h;
        if (h->len < sizeof(*h))
            break;
        off += h->len;
    }
    return 0;
}

/* The TSC frequency in MHz from its x86 chunk (id 5), or 0 if there is none. */
static inline seL4_Word kaal_bootinfo_tsc_mhz(const seL4_BootInfo *bi)
{
    const seL4_BootInfoHeader *h = kaal_bootinfo_chunk(bi, SEL4_BOOTINFO_HEADER_X86_TSC_FREQ);

    return h ? *(const seL4_Uint32 *)(h + 1) : 0;
}

/* The kernel's command line from KaaL's chunk, or 0 if there is none (on seL4) or it is not
 * NUL-terminated within its chunk. */
static inline const char *kaal_bootinfo_cmdline(const seL4_BootInfo *bi)
{
    const seL4_BootInfoHeader *h = kaal_bootinfo_chunk(bi, KAAL_BOOTINFO_HEADER_CMDLINE);

    if (!h || h->len <= sizeof(*h))
        return 0;
    const char *s = (const char *)(h + 1);
    return s[h->len - sizeof(*h) - 1] == '\0' ? s : 0;
}
