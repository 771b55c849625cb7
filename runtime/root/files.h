/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A file service's configuration (files.c): the broker hands a component
 * with `mounts:` its file records from the system image, its mounts and
 * its clients' grants, one per request.
 */
#pragma once

#include "root.h"

#include <kaal/proto/broker.h>

/* The caller's nth file record: 0 with out set, or -ENOENT past the last (the normal end). */
int files_record(const struct comp *c, seL4_Word n, struct kaal_broker_file_out *out);
