/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * seL4_Error: the error codes an invocation returns in its reply's label
 * (seL4 13.0.0).  The kernel uses the same values as its one status type,
 * so an error travels from the decode step to user space unchanged.
 */
#pragma once

typedef enum {
    seL4_NoError = 0,
    seL4_InvalidArgument = 1,
    seL4_InvalidCapability = 2,
    seL4_IllegalOperation = 3,
    seL4_RangeError = 4,
    seL4_AlignmentError = 5,
    seL4_FailedLookup = 6,
    seL4_TruncatedMessage = 7,
    seL4_DeleteFirst = 8,
    seL4_RevokeFirst = 9,
    seL4_NotEnoughMemory = 10,
    seL4_NumErrors
} seL4_Error;
