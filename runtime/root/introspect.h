/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Introspection (introspect.c): what the broker tells a component granted
 * `monitor: true` about the whole system.  The caller (broker.c) has
 * checked the grant.
 */
#pragma once

#include "root.h"

#include <kaal/proto/broker.h>

/* Component n: 0 with out set, or -EINVAL past the last (the end of the list, not logged). */
int introspect_ps(seL4_Word n, struct kaal_broker_ps_out *out);

/* The nth cap or mapping of component id: 0 with out set, -EINVAL past the last (not logged) or
 * for an id with no component (logged as asker's refusal). */
int introspect_caps(const struct comp *asker, seL4_Word id, seL4_Word n,
                    struct kaal_broker_caps_out *out);

/* The memory figures. */
int introspect_mem(struct kaal_broker_mem_out *out);
