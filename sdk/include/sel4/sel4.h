/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The whole seL4 user API in one include, as libsel4's <sel4/sel4.h>: types,
 * constants, the system calls and the invocation stubs.  The stubs and the
 * label enum are generated from sdk/interface/sel4.api, so a program that
 * includes this header also needs the generated headers on its include
 * path ($(IFGEN_INCLUDE), see mk/ifgen.mk and docs/interface.md).
 */
#pragma once

#include <sel4/simple_types.h>
#include <sel4/errors.h>
#include <sel4/constants.h>
#include <sel4/objecttype.h>
#include <sel4/syscall.h>
#include <sel4/shared_types.h>
#include <sel4/functions.h>
#include <sel4/bootinfo_types.h>
#include <sel4/faults.h>
#include <sel4/invocation.h>
#include <sel4/arch/syscalls.h>
#include <interfaces/sel4_client.h>
