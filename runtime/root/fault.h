/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A fault message, as the root server receives it on a component's fault
 * endpoint, turned into one line of text for the log.  Pure (no system
 * calls, no C library), so the host unit tests run it as the root server
 * does.  The layouts are seL4 13.0.0's, x86_64, non-MCS (<sel4/faults.h>).
 */
#pragma once

#include <stdint.h>

/* Writes a one-line description of the seL4 fault message with this label and message words
 * mr[0..len) into buf (n bytes, always NUL-terminated, truncated if need be), for example
 * "VMFault at address 0xdead0000 (data write, page not present), ip 0x401234".  Returns the
 * faulting instruction pointer, or 0 if the message does not carry one.  An unknown label or a
 * message too short for its label gets a description saying so, never a read past len.
 *
 * A message too short for its label returns 0 even if its first word is there: only a whole
 * message is trusted.  With n == 0 nothing is written (buf may then be NULL). */
uint64_t root_fault_describe(uint64_t label, const uint64_t *mr, uint64_t len, char *buf,
                             unsigned int n);
