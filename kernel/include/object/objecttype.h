/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the kernel does with a cap according to its type: derive a copy,
 * finalise the object when the last cap goes, create objects for
 * Untyped_Retype.  Each generic function handles the generic cap types and
 * hands the rest to the arch_ hook of the same name, declared here and
 * defined under kernel/src/arch/<arch>/object/.
 */
#pragma once

#include <object/cte.h>
#include <object/status.h>

struct derive_ret {
    status_t status;
    cap_t cap; /* null where the cap cannot be copied (not an error) */
};

struct finalise_ret {
    cap_t remainder; /* null when done, or a Zombie still to be reduced */
    cap_t cleanup;   /* a cap whose deletion needs work after its slot is empty */
};

/* The cap a Copy or Mint of slot's cap c may place; status RevokeFirst/IllegalOperation. */
struct derive_ret cap_derive(cte_t *slot, cap_t c);

/*
 * Releases what c's object holds, if final (no other cap to it); returns
 * what is left to do (seL4 finaliseCap).  exposed says the caller cannot
 * take a Zombie back, which only happens for types finalised at once.
 */
struct finalise_ret cap_finalise(cap_t c, bool final, bool exposed);

/* Work that must follow the emptying of a slot whose cap needed it. */
void cap_post_deletion(cap_t cleanup);

/* Log2 of the size of an object of this type and user size; user_size is radix/size bits. */
word_t object_size_bits(word_t type, word_t user_size);

/* Zeroes and initialises an object at pa and returns the original cap to it. */
cap_t object_create(word_t type, paddr_t pa, word_t user_size, bool device);

/*
 * Architecture hooks (kernel/src/arch/<arch>/object/), each the arch half of
 * the generic function named in its comment; they see only arch cap types
 * (>= CAP_ARCH_FIRST) and arch object types (>= seL4_NonArchObjectTypeCount).
 */

/* True if c is a cap to a top-level page table that can be a thread's VSpace (mapped). */
bool arch_is_valid_vtable_root(cap_t c);
/* True if c is a frame cap, and if that frame is device memory. */
bool arch_is_frame_cap(cap_t c);
bool arch_frame_is_device(cap_t c);
/* cap_is_physical: true if c names memory. */
bool arch_cap_is_physical(cap_t c);
/* cap_size_bits: log2 bytes a physical arch cap names. */
word_t arch_cap_size_bits(cap_t c);
/* cap_same_region_as: true if b lies in what a names. */
bool arch_cap_same_region_as(cap_t a, cap_t b);
/* cap_same_object_as: true if a and b name one object. */
bool arch_cap_same_object_as(cap_t a, cap_t b);
/* cap_mask_rights: c with rights reduced by a seL4 rights word. */
cap_t arch_cap_mask_rights(word_t rights, cap_t c);
/* cap_update_data: c after Mint/Mutate data, or the null cap. */
cap_t arch_cap_update_data(bool preserve, word_t data, cap_t c);
/* cap_is_revocable: true if derived starts a new subtree below src. */
bool arch_cap_is_revocable(cap_t derived, cap_t src);
/* cap_derive: the copy of c a Copy/Mint may place, or an error. */
struct derive_ret arch_cap_derive(cte_t *slot, cap_t c);
/* cap_finalise: undoes mappings and releases what c's object holds. */
struct finalise_ret arch_cap_finalise(cap_t c, bool final);
/* cap_post_deletion: work after the slot of cleanup is empty. */
void arch_cap_post_deletion(cap_t cleanup);
/* True if type is a frame type (device untyped may only make these and untypeds). */
bool arch_object_is_frame_type(word_t type);
/* object_size_bits: log2 bytes of an arch object type. */
word_t arch_object_size_bits(word_t type);
/* Resets the arch's object records (ASID table, issued I/O ports) to their boot state. */
void arch_objects_init(void);
/* object_create: the original cap to a new arch object at pa (memory already zeroed). */
cap_t arch_object_create(word_t type, paddr_t pa, bool device);
