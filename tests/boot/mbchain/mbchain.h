/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mbchain: a test-only multiboot chain loader for KaaL's boot scenarios.
 *
 * QEMU boots mbchain with the KaaL kernel as module 0; mbchain loads that
 * ELF32 at its physical addresses, writes a new multiboot info block that
 * is broken in one chosen way (the "mode") and jumps to the kernel.  This
 * header holds the ELF32 records it reads and the interfaces between its
 * files; the multiboot records and the string routines are the kernel's
 * own (<arch/multiboot.h>, kernel/src/lib/string.c), built here for 32 bits.
 */
#pragma once

#include <stdarg.h>
#include <arch/multiboot.h>
#include <lib/string.h>

/* Flags and entry types beyond those the kernel reads (<arch/multiboot.h> has the records). */
#define MB_BOOT_MAGIC 0x2badb002u
#define MB_BAD_MAGIC  0x12345678u
#define MB_INFO_NAME  (1u << 9)
#define MB_INFO_KNOWN 0x0fffu /* bits 0-11: the fields of struct mb_info */
#define MB_MMAP_RESV  2
#define MB_MMAP_ENTRY 20 /* an entry's size field: base, length and type */

/* What the kernel's ELF occupies once loaded, and where it starts. */
struct kernel_image {
    uint32_t entry;
    uint32_t lo, hi; /* physical [lo, hi): lowest p_paddr to highest p_paddr + p_memsz */
};

/* Physical byte range [start, end). */
struct range {
    uint64_t start, end;
};

/* lib.c */

/* Prints on COM1; understands %s, %u, %x and %llx, and the # flag (a 0x prefix). */
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "[mbchain] error: ..." on COM1 and ends QEMU with exit code 3. */
NORETURN void mbchain_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Copies the NUL-terminated src into dst of size bytes; false if it did not fit. */
bool str_copy(char *dst, size_t size, const char *src);

/* elf.c */

/*
 * Checks the ELF32 file at [file, file + size) and copies its PT_LOAD
 * segments to their physical addresses, zeroing the rest of each.  No
 * segment may touch a range in keep[0..n_keep).  Fails (does not return)
 * with a message naming the problem; on success returns what was loaded.
 */
struct kernel_image elf_load(const uint8_t *file, uint32_t size, const struct range *keep,
                             int n_keep);

/* entry.S */

/* Jumps to entry in flat 32-bit protected mode, interrupts off, eax = magic, ebx = info. */
NORETURN void mbchain_jump(uint32_t entry, uint32_t magic, uint32_t info);

/* Linker-script symbols bounding mbchain's own image (text to bss). */
extern char __mbchain_start[], __mbchain_end[];

/* mbchain.c */

/* The C entry, called by entry.S with the loader's eax and ebx; never returns. */
NORETURN void mbchain_main(uint32_t magic, uint32_t info_pa);
