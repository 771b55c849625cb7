/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A checker of the object model's invariants, for host tests, the fuzzer
 * and debug kernels.  It walks the derivation-tree lists that contain the
 * given slots and checks that the lists are well formed, that every cap
 * sits in a live CNode or TCB (or one of the given root slots), that every
 * object lies inside the used part of the untyped it came from and after
 * it in the tree, and that no two live objects overlap.
 */
#pragma once

#include <object/cte.h>

/* Most slots a check follows; more is reported as a violation. */
#define INVARIANT_MAX_CAPS 4096

/*
 * Checks the lists through roots[0..n); returns true if all holds, else
 * false with a description of the first violation in msg.
 */
bool invariant_check(cte_t *const *roots, size_t n, char *msg, size_t size);
