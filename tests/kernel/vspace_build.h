/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Building VSpaces for the VSpace cases (vspace.c, vspace_access.c), with
 * the scratch allocator of alloc.h: paging objects, new assigned PML4s,
 * and the addresses the cases use.  The root thread sees frames under
 * test through copies mapped at SCRATCH_VA in its own VSpace (a 512 GiB
 * slot nothing else uses); a second VSpace holds them at DATA_VA (4 KiB)
 * or LARGE_VA (2 MiB).
 */
#pragma once

#include "alloc.h"

#define SCRATCH_VA       0x100000000000ul /* root VSpace: PML4 slot 32 */
#define SCRATCH_LARGE_VA (SCRATCH_VA + 0x200000ul)
#define DATA_VA          0x10000000ul /* a second VSpace: a 4 KiB page */
#define LARGE_VA         0x20000000ul /* a second VSpace: a 2 MiB page */
#define MAGIC            0x5ea1f00dcafe0001ul
#define LARGE_BYTES      (1ul << seL4_LargePageBits)

/* Paging levels map_tables() maps: a PDPT and a PD (for a 2 MiB frame), or a PT as well. */
enum { TO_PD = 2, TO_PT = 3 };

/* A new object from ut, or from the scratch pool if ut is 0; its slot, or 0. */
seL4_CPtr obj(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits);

/* Gives va in vs a PDPT and PD (and PT, for TO_PT) made from ut where it has none; false if not. */
bool map_tables(seL4_CPtr ut, seL4_CPtr vs, seL4_Word va, int levels);

/* A new PML4 from ut (0: the scratch pool) with an ASID from asid_pool; its slot, or 0. */
seL4_CPtr new_space(seL4_CPtr asid_pool, seL4_CPtr ut);

/* A copy of frame mapped read-write at va in the root thread's VSpace; false if it fails. */
bool map_in_root(seL4_CPtr frame, seL4_Word va);

/* The word at offset off of what is mapped at SCRATCH_VA. */
static inline volatile seL4_Word *scratch(seL4_Word off)
{
    return (volatile seL4_Word *)(SCRATCH_VA + off);
}
