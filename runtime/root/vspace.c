/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Mapping frames.  Page_Map fails with FailedLookup when a paging level
 * above the frame is missing, and the kernel says which one in the error's
 * third word (the number of address bits not yet translated): 39 means the
 * PML4 entry is empty (a PDPT is needed), 30 the PDPT entry (a page
 * directory), 21 the page directory entry (a page table).  vs_map makes
 * exactly the missing object and tries again.
 *
 * The root server writes into a frame it does not map for itself (an ELF
 * page, an info page) through a copy of the frame's cap mapped for a moment
 * at FILL_WINDOW in its own VSpace.
 */
#include "vspace.h"

#include "alloc.h"
#include "root.h"

#include <interfaces/sel4_client.h>
#include <sel4/errors.h>
#include <sel4/functions.h>
#include <sel4/objecttype.h>

#define FILL_WINDOW      0x100000000000ul /* far from the root's image and boot info */
#define LOOKUP_BITS_LEFT 2                /* error word: bits left where the lookup stopped */
#define MAX_MAP_ATTEMPTS 4

/* Makes and maps the paging object that the lookup missed at bits_left; 0 or an error. */
static seL4_Error make_level(seL4_CPtr pml4, seL4_Word va, seL4_Word bits_left)
{
    seL4_Word type;

    switch (bits_left) {
    case 39:
        type = seL4_X86_PDPTObject;
        break;
    case 30:
        type = seL4_X86_PageDirectoryObject;
        break;
    case 21:
        type = seL4_X86_PageTableObject;
        break;
    default:
        return seL4_FailedLookup;
    }
    seL4_CPtr obj = obj_alloc(type, 0, 0);
    if (!obj)
        return seL4_NotEnoughMemory;
    seL4_X86_VMAttributes attr = seL4_X86_Default_VMAttributes;
    switch (bits_left) {
    case 39:
        return seL4_X86_PDPT_Map(obj, pml4, va, attr);
    case 30:
        return seL4_X86_PageDirectory_Map(obj, pml4, va, attr);
    default:
        return seL4_X86_PageTable_Map(obj, pml4, va, attr);
    }
}

seL4_Error vs_map(seL4_CPtr pml4, seL4_CPtr frame, seL4_Word va, seL4_CapRights_t rights,
                  seL4_Word attr, int large)
{
    seL4_Error e = seL4_FailedLookup;

    for (int i = 0; i < MAX_MAP_ATTEMPTS; i++) {
        e = seL4_X86_Page_Map(frame, pml4, va, rights, (seL4_X86_VMAttributes)attr);
        if (e != seL4_FailedLookup)
            return e;
        seL4_Word bits_left = seL4_GetMR(LOOKUP_BITS_LEFT);
        if (large && bits_left == 21)
            return seL4_DeleteFirst; /* a page table is in the way of a 2 MiB page */
        seL4_Error made = make_level(pml4, va, bits_left);
        if (made != seL4_NoError)
            return made;
    }
    return e;
}

int vs_fill(seL4_CPtr frame, seL4_Word off, const void *src, seL4_Word len)
{
    seL4_CPtr copy = slot_alloc();

    if (!copy)
        return -1;
    if (seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, ROOT_DEPTH, seL4_CapInitThreadCNode, frame,
                        ROOT_DEPTH, seL4_AllRights) != seL4_NoError ||
        vs_map(seL4_CapInitThreadVSpace, copy, FILL_WINDOW, seL4_ReadWrite,
               seL4_X86_Default_VMAttributes, 0) != seL4_NoError) {
        slot_free(copy);
        return -1;
    }
    volatile unsigned char *dst = (volatile unsigned char *)(FILL_WINDOW + off);
    const unsigned char *s = src;
    for (seL4_Word i = 0; i < len && off + i < PAGE_SIZE; i++)
        dst[i] = s ? s[i] : 0;
    seL4_X86_Page_Unmap(copy);
    slot_free(copy); /* deleting the copy leaves the frame and its other mappings alone */
    return 0;
}
