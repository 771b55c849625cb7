/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The arch hooks generic code uses to build user address spaces at boot
 * and to run user threads.
 */
#pragma once

#include <types.h>
#include <arch/user.h>

struct tcb;

enum vm_rights {
    VM_READ = 1,
    VM_WRITE = 2,
    VM_EXEC = 4,
};

/* Hands out one zeroed, page-aligned physical page, or 0 when none is left. */
typedef paddr_t (*page_alloc_fn)(void *ctx);

/* Makes an empty user address space sharing the kernel's mappings; 0 if out of pages. */
paddr_t arch_vspace_create(page_alloc_fn alloc, void *ctx);

/*
 * Maps the 4 KiB frame at pa at user address va with rights, allocating
 * page tables on the way.  Returns false if va is not a user address, is
 * already mapped, or a table could not be allocated.
 */
bool arch_vspace_map_page(paddr_t root, vaddr_t va, paddr_t pa, unsigned rights,
                          page_alloc_fn alloc, void *ctx);

/* Returns the number of page-table pages that mapping [lo, hi) needs at most. */
size_t arch_vspace_tables_needed(vaddr_t lo, vaddr_t hi);

/* Returns the physical address of the table that maps va at level (0 = PML4 .. 3 = PT), or 0. */
paddr_t arch_vspace_table_at(paddr_t root, vaddr_t va, int level);

/* Sets t's registers to start at entry with arg as the first argument. */
void arch_thread_init(struct tcb *t, vaddr_t entry, word_t arg);

/*
 * Writes the arch's extra boot-info chunks (each behind a seL4_BootInfoHeader)
 * into buf[0..size); returns the bytes used.
 */
size_t arch_extra_bootinfo(uint8_t *buf, size_t size);

/* Prepares the CPU for user threads: system call entry, FPU, FS/GS base. */
void arch_user_init(void);

/* Switches to t's address space and CPU state and resumes it; does not return. */
NORETURN void arch_thread_resume(struct tcb *t);

/* Sets the TLS base (FS base) of thread t. */
void arch_set_tls_base(struct tcb *t, word_t base);

/* Copies t's FS/GS bases from the CPU into its TCB if they are live there. */
void arch_thread_sync_state(struct tcb *t);

/* Loads t's FS/GS bases from its TCB into the CPU if t owns the CPU's. */
void arch_thread_load_bases(struct tcb *t);
