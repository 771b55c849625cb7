/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Architecture-neutral constants of the seL4 13.0.0 API: the bits of a
 * rights word, lookup-failure types and message limits.  Sizes of objects
 * depend on the architecture and come from <sel4/arch/constants.h>.
 */
#pragma once

#include <sel4/config.h>

#include <sel4/arch/constants.h>

/*
 * The bits of a seL4_CapRights_t word.  libsel4 wraps the word in a struct
 * with its own constants (seL4_CanRead ...); these name the bits for code
 * that handles the raw word, such as the kernel.
 */
#define KAAL_CAP_ALLOW_WRITE       (1ul << 0)
#define KAAL_CAP_ALLOW_READ        (1ul << 1)
#define KAAL_CAP_ALLOW_GRANT       (1ul << 2)
#define KAAL_CAP_ALLOW_GRANT_REPLY (1ul << 3)
#define KAAL_CAP_ALL_RIGHTS        0xful

/* Lookup failures, as a CapFault message and a FailedLookup error report them. */
typedef enum {
    seL4_NoFailure = 0,
    seL4_InvalidRoot = 1,
    seL4_MissingCapability = 2,
    seL4_DepthMismatch = 3,
    seL4_GuardMismatch = 4,
} seL4_LookupFailureType;

#define seL4_MsgLengthBits   7
#define seL4_MsgExtraCapBits 2
#define seL4_MsgMaxLength    120
#define seL4_MsgMaxExtraCaps 3

#ifdef CONFIG_HARDWARE_DEBUG_API
/* The hardware debug API's breakpoint types (SetBreakpoint's type, a DebugException's reason). */
typedef enum {
    seL4_DataBreakpoint = 0,
    seL4_InstructionBreakpoint = 1,
    seL4_SingleStep = 2,
    seL4_SoftwareBreakRequest = 3,
} seL4_BreakpointType;

/* The accesses a breakpoint triggers on (SetBreakpoint's rw). */
typedef enum {
    seL4_BreakOnRead = 0,
    seL4_BreakOnWrite = 1,
    seL4_BreakOnReadWrite = 2,
    seL4_MaxBreakpointAccess = 3,
} seL4_BreakpointAccess;
#endif

/* Thread priorities, as libsel4 names them: 256 levels, 255 the highest (the root thread's). */
enum priorityConstants {
    seL4_InvalidPrio = -1,
    seL4_MinPrio = 0,
    seL4_MaxPrio = 255,
};
