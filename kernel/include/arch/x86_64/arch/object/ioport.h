/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * x86_64 I/O ports as caps: IOPortControl_Issue hands out a range of ports
 * once, the kernel remembers which ports are taken, and deleting the last
 * cap to a range gives it back.  An IOPort cap reads and writes the ports
 * of its range with In8/In16/In32 and Out8/Out16/Out32.
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

/* One port access that IOPort_In/Out asked for and decoding allowed. */
struct ioport_op {
    bool in;      /* In (answers the value) or Out */
    word_t port;  /* first port touched */
    word_t width; /* 1, 2 or 4 bytes */
    word_t data;  /* Out: the value, cut to width */
};

/*
 * Decodes an IOPort invocation on cap into *op without touching a port:
 * NoError, or TruncatedMessage, IllegalOperation (a port outside the
 * cap's range, or another label) recorded in err, as seL4 13.0.0.
 */
status_t ioport_decode_op(cap_t cap, const struct invocation *inv, struct ioport_op *op,
                          struct syscall_error *err);

/*
 * Performs a decoded access; returns the value an In read (0 for Out).
 * The kernel's is in portio.c; host builds get the simulated port space
 * in tests/unit/object/sim.c.
 */
word_t ioport_perform(const struct ioport_op *op);

/* Decodes and performs an IOPort invocation (slot holds the IOPort cap); In replies the value. */
status_t ioport_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err);

/* Frees [first, last] after the last cap to it is gone. */
void ioport_free_range(word_t first, word_t last);
