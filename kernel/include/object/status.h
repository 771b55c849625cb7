/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's one status type and where an invocation's error details go.
 *
 * status_t holds a seL4_Error (0 = success) or STATUS_PREEMPTED, which only
 * long operations return and which never reaches user space: the system call
 * is restarted and the operation continues where it stopped.  The details a
 * failed invocation reports beside its error code (the argument at fault, a
 * range, the lookup failure, the memory left) are collected in struct
 * syscall_error, which the decode step fills and the reply path copies into
 * the message registers as seL4 lays them out.
 */
#pragma once

#include <types.h>
#include <sel4/constants.h>
#include <sel4/errors.h>

typedef int status_t;

/* A long operation stopped at a preemption point; invoking it again continues it. */
#define STATUS_PREEMPTED 64

/* What a failed lookup found, as a CapFault message or FailedLookup error reports it. */
struct lookup_fault {
    word_t type; /* seL4_LookupFailureType */
    word_t bits_left;
    word_t guard_found; /* GuardMismatch only */
    word_t bits_found;  /* DepthMismatch and GuardMismatch */
};

/* The details of an error reply; only the fields its type names are meaningful. */
struct syscall_error {
    seL4_Error type;
    word_t invalid_argument_number;   /* InvalidArgument */
    word_t invalid_cap_number;        /* InvalidCapability */
    word_t range_min, range_max;      /* RangeError */
    bool failed_lookup_was_source;    /* FailedLookup */
    struct lookup_fault lookup_fault; /* FailedLookup */
    word_t memory_left;               /* NotEnoughMemory */
};

/* Records an error of the given type in err and returns it. */
static inline status_t syscall_error_set(struct syscall_error *err, seL4_Error type)
{
    err->type = type;
    return type;
}

/* Records a RangeError with its bounds and returns it. */
static inline status_t syscall_error_range(struct syscall_error *err, word_t min, word_t max)
{
    err->range_min = min;
    err->range_max = max;
    return syscall_error_set(err, seL4_RangeError);
}

/* Records an InvalidArgument naming argument n and returns it. */
static inline status_t syscall_error_arg(struct syscall_error *err, word_t n)
{
    err->invalid_argument_number = n;
    return syscall_error_set(err, seL4_InvalidArgument);
}

/* Records a FailedLookup with its lookup fault and returns it. */
static inline status_t syscall_error_lookup(struct syscall_error *err, bool source,
                                            struct lookup_fault lf)
{
    err->failed_lookup_was_source = source;
    err->lookup_fault = lf;
    return syscall_error_set(err, seL4_FailedLookup);
}

/* A MissingCapability lookup fault with bits_left bits unresolved. */
static inline struct lookup_fault lookup_fault_missing(word_t bits_left)
{
    return (struct lookup_fault){.type = seL4_MissingCapability, .bits_left = bits_left};
}

/*
 * Called between units of a long operation; returns STATUS_PREEMPTED when
 * pending work (an interrupt) should run first, seL4_NoError otherwise.
 */
status_t preemption_point(void);
