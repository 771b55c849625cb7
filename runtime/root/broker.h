/* SPDX-License-Identifier: BSD-2-Clause */
/* The capability broker (broker.c): one request from a component in, its reply out. */
#pragma once

#include "root.h"

/* Serves the request msg (its words in the IPC buffer) from component c; returns the reply, its
 * words set in the IPC buffer.  Any message is safe: a bad one gets an error reply. */
seL4_MessageInfo_t broker_serve(struct comp *c, seL4_MessageInfo_t msg);
