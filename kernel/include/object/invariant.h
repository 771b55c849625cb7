/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A checker of the object model's invariants, for host tests, the fuzzer
 * and debug kernels.  It walks the derivation-tree lists that contain the
 * given slots or a slot of the kernel's IRQ node and checks that the lists
 * are well formed, that every cap sits in a live CNode or TCB or in the IRQ
 * node, that every object lies inside the used part of the untyped it came
 * from and after it in the tree, and that no two live objects overlap.
 */
#pragma once

#include <object/cte.h>

/* Most slots a check follows; more is reported as a violation. */
#define INVARIANT_MAX_CAPS 4096

/*
 * Checks the lists through roots[0..n) and the IRQ node; returns true if
 * all holds, else false with a description of the first violation in msg.
 */
bool invariant_check(cte_t *const *roots, size_t n, char *msg, size_t size);
