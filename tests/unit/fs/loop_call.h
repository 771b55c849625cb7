/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * For tests/unit/fs/service_test.c: the channel call the protocol stubs make
 * (KAAL_PROTO_CHANNEL_CALL), given to every file of the test with -include,
 * so the client library's stubs reach the service's dispatch on the host.
 */
#pragma once

#include <sel4/shared_types.h>

seL4_MessageInfo_t loop_call(unsigned int ch, seL4_MessageInfo_t msg);
