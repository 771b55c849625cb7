/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fault decoder (fault.h).  One function per fault label reads the
 * words of its layout, after checking the message has them all, and writes
 * the same phrases the kernel prints for a thread with no fault handler
 * (kernel/src/api/fault.c), so a fault reads alike in either log:
 *
 *   VMFault at address 0x1000 (data write, page not present), ip 0x401234
 *   UserException 13 #GP (general protection), code 0x0, ip 0x401234
 *   UnknownSyscall -12 at ip 0x401234
 *   CapFault at cptr 0x7 (send phase), invalid root, ip 0x401234
 *
 * The CapFault line adds the lookup failure, which the kernel does not
 * print.  Text goes through a small bounded writer (struct text) that stops
 * one byte short of the end and keeps the NUL after the last character.
 */
#include "fault.h"

#include <kaal/exception.h>
#include <sel4/constants.h>
#include <sel4/faults.h>

struct text {
    char *buf;
    unsigned int n;   /* size of buf */
    unsigned int len; /* characters written, always < n when n > 0 */
};

static void put_char(struct text *t, char c)
{
    if (t->len + 1 < t->n) {
        t->buf[t->len++] = c;
        t->buf[t->len] = '\0';
    }
}

static void put_str(struct text *t, const char *s)
{
    while (*s)
        put_char(t, *s++);
}

static void put_udec(struct text *t, uint64_t v)
{
    char digits[20];
    unsigned int k = 0;

    do
        digits[k++] = (char)('0' + v % 10);
    while (v /= 10);
    while (k)
        put_char(t, digits[--k]);
}

/* v as a two's-complement signed word: system call numbers are negative for seL4's own. */
static void put_sdec(struct text *t, uint64_t v)
{
    if (v >> 63) {
        put_char(t, '-');
        v = -v; /* unsigned negation: the magnitude, also for the most negative word */
    }
    put_udec(t, v);
}

/* "0x" and the lowercase digits, no leading zeros ("0x0" for 0). */
static void put_hex(struct text *t, uint64_t v)
{
    int shift = 60;

    put_str(t, "0x");
    while (shift > 0 && !(v >> shift))
        shift -= 4;
    for (; shift >= 0; shift -= 4)
        put_char(t, "0123456789abcdef"[(v >> shift) & 0xf]);
}

/* "1 word", "7 words" */
static void put_words(struct text *t, uint64_t len)
{
    put_udec(t, len);
    put_str(t, len == 1 ? " word" : " words");
}

static uint64_t too_short(struct text *t, const char *name, uint64_t len, uint64_t need)
{
    put_str(t, name);
    put_str(t, " message too short: ");
    put_words(t, len);
    put_str(t, ", needs ");
    put_udec(t, need);
    return 0;
}

/*
 * The x86 page-fault error code: bit 0 set for a protection violation
 * (clear: the page is not present), bit 1 for a write, bit 4 for an
 * instruction fetch.
 */
static uint64_t vm_fault(struct text *t, const uint64_t *mr, uint64_t len)
{
    uint64_t fsr;

    if (len < seL4_VMFault_Length)
        return too_short(t, "VMFault", len, seL4_VMFault_Length);
    fsr = mr[seL4_VMFault_FSR];
    put_str(t, "VMFault at address ");
    put_hex(t, mr[seL4_VMFault_Addr]);
    put_str(t, fsr & 16 ? " (instruction fetch, " : fsr & 2 ? " (data write, " : " (data read, ");
    put_str(t, fsr & 1 ? "protection), ip " : "page not present), ip ");
    put_hex(t, mr[seL4_VMFault_IP]);
    return mr[seL4_VMFault_IP];
}

static uint64_t user_exception(struct text *t, const uint64_t *mr, uint64_t len)
{
    uint64_t number;
    const char *name;

    if (len < seL4_UserException_Length)
        return too_short(t, "UserException", len, seL4_UserException_Length);
    number = mr[seL4_UserException_Number];
    name = kaal_exception_name(number);
    put_str(t, "UserException ");
    put_udec(t, number);
    put_char(t, ' ');
    put_str(t, name ? name : "(reserved)");
    put_str(t, ", code ");
    put_hex(t, mr[seL4_UserException_Code]);
    put_str(t, ", ip ");
    put_hex(t, mr[seL4_UserException_FaultIP]);
    return mr[seL4_UserException_FaultIP];
}

static uint64_t unknown_syscall(struct text *t, const uint64_t *mr, uint64_t len)
{
    if (len < seL4_UnknownSyscall_Length)
        return too_short(t, "UnknownSyscall", len, seL4_UnknownSyscall_Length);
    put_str(t, "UnknownSyscall ");
    put_sdec(t, mr[seL4_UnknownSyscall_Syscall]);
    put_str(t, " at ip ");
    put_hex(t, mr[seL4_UnknownSyscall_FaultIP]);
    return mr[seL4_UnknownSyscall_FaultIP];
}

/* How many words follow the lookup failure type for this type. */
static uint64_t lookup_words(uint64_t type)
{
    switch (type) {
    case seL4_MissingCapability:
        return 1; /* bits left */
    case seL4_DepthMismatch:
        return 2; /* bits left, bits found */
    case seL4_GuardMismatch:
        return 3; /* bits left, guard found, bits found */
    default:
        return 0;
    }
}

static void put_lookup_failure(struct text *t, const uint64_t *mr)
{
    uint64_t type = mr[seL4_CapFault_LookupFailureType];

    switch (type) {
    case seL4_NoFailure:
        put_str(t, "no lookup failure");
        return;
    case seL4_InvalidRoot:
        put_str(t, "invalid root");
        return;
    case seL4_MissingCapability:
        put_str(t, "missing capability, ");
        break;
    case seL4_DepthMismatch:
        put_str(t, "depth mismatch, ");
        break;
    case seL4_GuardMismatch:
        put_str(t, "guard mismatch, ");
        break;
    default:
        put_str(t, "unknown lookup failure type ");
        put_udec(t, type);
        return;
    }
    put_udec(t, mr[seL4_CapFault_BitsLeft]);
    put_str(t, " bits left");
    if (type == seL4_DepthMismatch) {
        put_str(t, ", ");
        put_udec(t, mr[seL4_CapFault_DepthMismatch_BitsFound]);
        put_str(t, " bits found");
    } else if (type == seL4_GuardMismatch) {
        put_str(t, ", found guard ");
        put_hex(t, mr[seL4_CapFault_GuardMismatch_GuardFound]);
        put_str(t, " of ");
        put_udec(t, mr[seL4_CapFault_GuardMismatch_BitsFound]);
        put_str(t, " bits");
    }
}

static uint64_t cap_fault(struct text *t, const uint64_t *mr, uint64_t len)
{
    uint64_t need = seL4_CapFault_LookupFailureType + 1;

    if (len < need)
        return too_short(t, "CapFault", len, need);
    need += lookup_words(mr[seL4_CapFault_LookupFailureType]);
    if (len < need)
        return too_short(t, "CapFault", len, need);
    put_str(t, "CapFault at cptr ");
    put_hex(t, mr[seL4_CapFault_Addr]);
    put_str(t, mr[seL4_CapFault_InRecvPhase] ? " (receive phase), " : " (send phase), ");
    put_lookup_failure(t, mr);
    put_str(t, ", ip ");
    put_hex(t, mr[seL4_CapFault_IP]);
    return mr[seL4_CapFault_IP];
}

uint64_t root_fault_describe(uint64_t label, const uint64_t *mr, uint64_t len, char *buf,
                             unsigned int n)
{
    struct text t = {buf, n, 0};

    if (n > 0)
        buf[0] = '\0';
    switch (label) {
    case seL4_Fault_CapFault:
        return cap_fault(&t, mr, len);
    case seL4_Fault_UnknownSyscall:
        return unknown_syscall(&t, mr, len);
    case seL4_Fault_UserException:
        return user_exception(&t, mr, len);
    case seL4_Fault_VMFault:
        return vm_fault(&t, mr, len);
    case seL4_Fault_NullFault:
        put_str(&t, "NullFault: label 0 is not a fault message");
        return 0;
    default:
        put_str(&t, "unknown fault label ");
        put_udec(&t, label);
        put_str(&t, " (");
        put_words(&t, len);
        put_char(&t, ')');
        return 0;
    }
}
