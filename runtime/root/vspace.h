/* SPDX-License-Identifier: BSD-2-Clause */
/* Mapping frames into a VSpace, paging objects made as needed (vspace.c). */
#pragma once

#include "root.h"

/* Maps frame at va in the VSpace pml4 with rights and attr, making a PDPT, page directory and
 * page table as needed.  Returns the seL4 error of the final Page_Map. */
seL4_Error vs_map(seL4_CPtr pml4, seL4_CPtr frame, seL4_Word va, seL4_CapRights_t rights,
                  seL4_Word attr, int large);

/* Writes len bytes of src (zeros if src is NULL) into the 4 KiB frame at offset off, through a
 * temporary mapping in the root's VSpace.  Returns 0, or -1 if it could not be mapped. */
int vs_fill(seL4_CPtr frame, seL4_Word off, const void *src, seL4_Word len);
