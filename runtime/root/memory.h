/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The memory manager (memory.c): memory a component asks for at run time,
 * within its `memory:` quota, and the record of every frame the broker has
 * mapped into a component (memory-manager and DMA frames alike), so that
 * it can say where a page is and take it back.
 */
#pragma once

#include "root.h"

#include <kaal/proto/broker.h>

/* The refusal's reason when a grant's address range overlaps one in use. */
#define MEM_ADDRESS_IN_USE "the address range is in use (its ELF, a region or an earlier grant)"

/* True if [va, va + size) is 4 KiB aligned, not empty and inside the broker's range. */
int mem_range_ok(seL4_Word va, seL4_Word size);

/* Maps frame at va in c and records it: 0, or -EBUSY (something is mapped there) or -ENOMEM,
 * and then the frame is kept for reuse. */
int mem_map_page(const struct comp *c, seL4_CPtr frame, seL4_Word va);

/* Unmaps c's recorded pages in [va, va + n pages) and keeps their frames for reuse. */
void mem_release_pages(const struct comp *c, seL4_Word va, seL4_Word n);

/* The broker's mem_alloc, mem_free, phys and info ops for component ctx (<kaal/proto/broker.h>):
 * 0 with the results set, or a negative errno (logged). */
int mem_alloc(void *ctx, const struct kaal_broker_mem_alloc_in *in,
              struct kaal_broker_mem_alloc_out *out);
int mem_free(void *ctx, const struct kaal_broker_mem_free_in *in,
             struct kaal_broker_mem_free_out *out);
int mem_phys(void *ctx, const struct kaal_broker_phys_in *in, struct kaal_broker_phys_out *out);
int mem_info(void *ctx, struct kaal_broker_info_out *out);
