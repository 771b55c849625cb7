/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The arch hooks generic code uses to build user address spaces and to run
 * user threads.  Until TCB objects exist, a user thread is the small struct
 * user_thread below: a saved register context, a name for fault reports
 * and whether it may run.  The TCB will embed the same context.
 */
#pragma once

#include <types.h>
#include <arch/user.h>

enum vm_rights {
    VM_READ = 1,
    VM_WRITE = 2,
    VM_EXEC = 4,
};

/* Hands out one zeroed, page-aligned physical page, or 0 when none is left. */
typedef paddr_t (*page_alloc_fn)(void *ctx);

struct user_thread {
    struct arch_context ctx; /* first: the trap path saves registers here */
    const char *name;
    paddr_t vspace; /* physical address of the top-level page table */
    bool runnable;
};

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

/* Sets t's registers to start at entry with arg as the first argument. */
void arch_thread_init(struct user_thread *t, vaddr_t entry, word_t arg);

/*
 * Writes the arch's extra boot-info chunks (each behind a seL4_BootInfoHeader)
 * into buf[0..size); returns the bytes used.
 */
size_t arch_extra_bootinfo(uint8_t *buf, size_t size);

/* Prepares the CPU for user threads: system call entry, FPU, FS/GS base. */
void arch_user_init(void);

/* Switches to t's address space and resumes it; does not return. */
NORETURN void arch_thread_resume(struct user_thread *t);
