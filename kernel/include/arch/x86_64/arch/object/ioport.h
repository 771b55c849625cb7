/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * x86_64 I/O ports as caps: IOPortControl_Issue hands out a range of ports
 * once, the kernel remembers which ports are taken, and deleting the last
 * cap to a range gives it back.  The port reads and writes themselves
 * (IOPort_In/Out) need the reply path and come with the device issue.
 */
#pragma once

#include <object/cte.h>
#include <object/status.h>

struct invocation;

#define IO_PORT_COUNT 65536

/* Marks every port free (boot state). */
void ioport_init(void);

/* True if no port in [first, last] has been issued. */
bool ioport_range_free(word_t first, word_t last);

/* Decodes and performs IOPortControl_Issue (slot holds the IOPortControl cap). */
status_t ioport_control_decode(cte_t *slot, const struct invocation *inv,
                               struct syscall_error *err);

/* Frees [first, last] after the last cap to it is gone. */
void ioport_free_range(word_t first, word_t last);
