/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The heap's page allocator: what the C library's mmap and munmap get
 * (syscall.c).  musl's malloc (mallocng) asks the system for whole pages
 * with anonymous mmap and gives them back with munmap; on KaaL those pages
 * come from one range the broker mapped before init() (libc.c), `heap:`
 * bytes at KAAL_HEAP_VADDR.
 *
 * The range's first pages hold a bitmap, one bit per page of the rest; a
 * mapping is the lowest run of free pages long enough (first fit).  Pages
 * are zeroed when they are unmapped, and the range starts zeroed, so every
 * mapping reads as zeros, as anonymous mmap must (mallocng's calloc counts
 * on it).  Portable: no system calls, so tests/unit/component runs it on
 * the host.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define KAAL_HEAP_PAGE 4096u

struct kaal_heap {
    unsigned char *used; /* bit i: page i of the pages after the bitmap is mapped */
    uintptr_t base;      /* the first page that can be mapped */
    size_t pages;        /* pages that can be mapped */
    size_t in_use;       /* of them mapped now */
};

/*
 * Sets h up over the bytes (a multiple of KAAL_HEAP_PAGE) at mem, page
 * aligned and zeroed.  With too few bytes for the bitmap and one page, the
 * heap has no pages and every kaal_heap_map fails.
 */
void kaal_heap_init(struct kaal_heap *h, void *mem, size_t bytes);

/* Maps len bytes (rounded up to pages); returns their address, zeroed, or NULL if no run of free
 * pages is that long. */
void *kaal_heap_map(struct kaal_heap *h, size_t len);

/* Unmaps the pages of [addr, addr + len), zeroing them; pages not mapped are left as they are.
 * Returns 0, or -1 if addr is not page aligned or the range is not inside the heap. */
int kaal_heap_unmap(struct kaal_heap *h, void *addr, size_t len);
