/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * root_fault_describe (runtime/root/fault.c): the exact line for each
 * fault label of seL4 13.0.0 x86_64 and the instruction pointer it
 * returns, then the edges: messages one word too short for their label,
 * unknown labels, and buffers too small for the line.  Every message is
 * handed over in a heap block of exactly its length, so a read past len is
 * an ASan report, not a lucky pass.
 */
#include "../../../runtime/root/fault.h"
#include "test.h"

#include <sel4/constants.h>
#include <sel4/faults.h>
#include <stdio.h>
#include <stdlib.h>

#define IP 0x401234ull

static char line[256];

/* Describes mr[0, len) given in a block of exactly len words; returns what the decoder did. */
static uint64_t describe(uint64_t label, const uint64_t *mr, uint64_t len)
{
    uint64_t *exact = len ? malloc(len * sizeof(*exact)) : NULL;
    uint64_t ip;

    if (len)
        memcpy(exact, mr, len * sizeof(*exact));
    memset(line, 'x', sizeof(line));
    ip = root_fault_describe(label, exact, len, line, sizeof(line));
    free(exact);
    return ip;
}

static void vm(uint64_t fsr, const char *want)
{
    const uint64_t mr[] = {[seL4_VMFault_IP] = IP,
                           [seL4_VMFault_Addr] = 0xdead0000,
                           [seL4_VMFault_PrefetchFault] = (fsr & 16) != 0,
                           [seL4_VMFault_FSR] = fsr};

    CHECK_EQ(describe(seL4_Fault_VMFault, mr, seL4_VMFault_Length), IP);
    CHECK_STR(line, want);
}

/* Error-code bit 2 (user mode) is always set for a user fault; it changes nothing here. */
static void test_vm_fault(void)
{
    vm(4, "VMFault at address 0xdead0000 (data read, page not present), ip 0x401234");
    vm(5, "VMFault at address 0xdead0000 (data read, protection), ip 0x401234");
    vm(6, "VMFault at address 0xdead0000 (data write, page not present), ip 0x401234");
    vm(7, "VMFault at address 0xdead0000 (data write, protection), ip 0x401234");
    vm(0x14, "VMFault at address 0xdead0000 (instruction fetch, page not present), ip 0x401234");
    vm(0x15, "VMFault at address 0xdead0000 (instruction fetch, protection), ip 0x401234");
}

static void test_vm_fault_extremes(void)
{
    const uint64_t mr[] = {~0ull, 0, 0, 6};

    CHECK_EQ(describe(seL4_Fault_VMFault, mr, 4), ~0ull);
    CHECK_STR(line, "VMFault at address 0x0 (data write, page not present), ip 0xffffffffffffffff");
}

static uint64_t exception(uint64_t number, uint64_t code)
{
    const uint64_t mr[] = {[seL4_UserException_FaultIP] = IP,
                           [seL4_UserException_SP] = 0x7fff0000,
                           [seL4_UserException_FLAGS] = 0x202,
                           [seL4_UserException_Number] = number,
                           [seL4_UserException_Code] = code};

    return describe(seL4_Fault_UserException, mr, seL4_UserException_Length);
}

static void test_user_exception(void)
{
    static const struct {
        uint64_t number;
        const char *name;
    } named[] = {
        {0, "#DE (divide error)"},     {3, "#BP (breakpoint)"},
        {4, "#OF (overflow)"},         {5, "#BR (bound range exceeded)"},
        {6, "#UD (invalid opcode)"},   {13, "#GP (general protection)"},
        {14, "#PF (page fault)"},      {16, "#MF (x87 floating-point error)"},
        {17, "#AC (alignment check)"}, {19, "#XM (SIMD floating-point error)"},
    };

    CHECK_EQ(exception(13, 0x18), IP);
    CHECK_STR(line, "UserException 13 #GP (general protection), code 0x18, ip 0x401234");
    for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
        char want[128];

        exception(named[i].number, 0);
        snprintf(want, sizeof(want), "UserException %llu %s, code 0x0, ip 0x401234",
                 (unsigned long long)named[i].number, named[i].name);
        CHECK_STR(line, want);
    }
    exception(15, 0);
    CHECK_STR(line, "UserException 15 (reserved), code 0x0, ip 0x401234");
    exception(22, 0);
    CHECK_STR(line, "UserException 22 (reserved), code 0x0, ip 0x401234");
    exception(~0ull, ~0ull);
    CHECK_STR(line, "UserException 18446744073709551615 (reserved), code 0xffffffffffffffff, "
                    "ip 0x401234");
}

static uint64_t syscall_fault(uint64_t number)
{
    uint64_t mr[seL4_UnknownSyscall_Length];

    /* Distinct register values, so taking the number or ip from the wrong word shows. */
    for (unsigned int i = 0; i < seL4_UnknownSyscall_Length; i++)
        mr[i] = 0x1000 + i;
    mr[seL4_UnknownSyscall_FaultIP] = IP;
    mr[seL4_UnknownSyscall_Syscall] = number;
    return describe(seL4_Fault_UnknownSyscall, mr, seL4_UnknownSyscall_Length);
}

static void test_unknown_syscall(void)
{
    CHECK_EQ(syscall_fault((uint64_t)-12), IP);
    CHECK_STR(line, "UnknownSyscall -12 at ip 0x401234");
    syscall_fault(60); /* Linux exit, as the POSIX layer receives it */
    CHECK_STR(line, "UnknownSyscall 60 at ip 0x401234");
    syscall_fault(0);
    CHECK_STR(line, "UnknownSyscall 0 at ip 0x401234");
    syscall_fault(1ull << 63);
    CHECK_STR(line, "UnknownSyscall -9223372036854775808 at ip 0x401234");
    syscall_fault(~0ull >> 1);
    CHECK_STR(line, "UnknownSyscall 9223372036854775807 at ip 0x401234");
}

static uint64_t cap(uint64_t recv, uint64_t type, uint64_t w4, uint64_t w5, uint64_t w6,
                    uint64_t len)
{
    const uint64_t mr[] = {IP, 0x2a, recv, type, w4, w5, w6};

    return describe(seL4_Fault_CapFault, mr, len);
}

static void test_cap_fault(void)
{
    CHECK_EQ(cap(0, seL4_InvalidRoot, 0, 0, 0, 4), IP);
    CHECK_STR(line, "CapFault at cptr 0x2a (send phase), invalid root, ip 0x401234");
    cap(1, seL4_NoFailure, 0, 0, 0, 4);
    CHECK_STR(line, "CapFault at cptr 0x2a (receive phase), no lookup failure, ip 0x401234");
    cap(0, seL4_MissingCapability, 52, 0, 0, 5);
    CHECK_STR(line, "CapFault at cptr 0x2a (send phase), missing capability, 52 bits left, "
                    "ip 0x401234");
    cap(1, seL4_DepthMismatch, 64, 12, 0, 6);
    CHECK_STR(line, "CapFault at cptr 0x2a (receive phase), depth mismatch, 64 bits left, "
                    "12 bits found, ip 0x401234");
    cap(0, seL4_GuardMismatch, 64, 0x3, 6, 7);
    CHECK_STR(line, "CapFault at cptr 0x2a (send phase), guard mismatch, 64 bits left, "
                    "found guard 0x3 of 6 bits, ip 0x401234");
    cap(0, 9, 0, 0, 0, 4);
    CHECK_STR(line, "CapFault at cptr 0x2a (send phase), unknown lookup failure type 9, "
                    "ip 0x401234");
}

/* Each label one word short, including the words a lookup failure type adds. */
static void test_short_messages(void)
{
    uint64_t mr[seL4_UnknownSyscall_Length] = {IP, 1, 2, 3, 4, 5, 6};

    CHECK_EQ(describe(seL4_Fault_VMFault, mr, 3), 0);
    CHECK_STR(line, "VMFault message too short: 3 words, needs 4");
    CHECK_EQ(describe(seL4_Fault_UserException, mr, 4), 0);
    CHECK_STR(line, "UserException message too short: 4 words, needs 5");
    CHECK_EQ(describe(seL4_Fault_UnknownSyscall, mr, 18), 0);
    CHECK_STR(line, "UnknownSyscall message too short: 18 words, needs 19");
    CHECK_EQ(describe(seL4_Fault_CapFault, mr, 1), 0);
    CHECK_STR(line, "CapFault message too short: 1 word, needs 4");
    CHECK_EQ(describe(seL4_Fault_CapFault, NULL, 0), 0);
    CHECK_STR(line, "CapFault message too short: 0 words, needs 4");

    CHECK_EQ(cap(0, seL4_MissingCapability, 0, 0, 0, 4), 0);
    CHECK_STR(line, "CapFault message too short: 4 words, needs 5");
    CHECK_EQ(cap(0, seL4_DepthMismatch, 0, 0, 0, 5), 0);
    CHECK_STR(line, "CapFault message too short: 5 words, needs 6");
    CHECK_EQ(cap(0, seL4_GuardMismatch, 0, 0, 0, 6), 0);
    CHECK_STR(line, "CapFault message too short: 6 words, needs 7");
}

static void test_other_labels(void)
{
    const uint64_t mr[] = {IP, 1};

    CHECK_EQ(describe(seL4_Fault_NullFault, mr, 2), 0);
    CHECK_STR(line, "NullFault: label 0 is not a fault message");
    CHECK_EQ(describe(4, mr, 2), 0);
    CHECK_STR(line, "unknown fault label 4 (2 words)");
    CHECK_EQ(describe(1ull << 40, mr, 1), 0);
    CHECK_STR(line, "unknown fault label 1099511627776 (1 word)");
    CHECK_EQ(describe(~0ull, NULL, 0), 0);
    CHECK_STR(line, "unknown fault label 18446744073709551615 (0 words)");
}

/* A small buffer gets the start of the line and its NUL, and nothing past n is written. */
static void test_truncation(void)
{
    const uint64_t mr[] = {IP, 0xdead0000, 0, 6};
    char small[16];

    memset(small, '#', sizeof(small));
    CHECK_EQ(root_fault_describe(seL4_Fault_VMFault, mr, 4, small, 8), IP);
    CHECK_STR(small, "VMFault");
    CHECK_EQ(small[8], '#');
    CHECK_EQ(small[15], '#');

    memset(small, '#', sizeof(small));
    CHECK_EQ(root_fault_describe(seL4_Fault_VMFault, mr, 4, small, 1), IP);
    CHECK_EQ(small[0], '\0');
    CHECK_EQ(small[1], '#');

    /* The cut can fall inside a number. */
    memset(line, '#', sizeof(line));
    root_fault_describe(seL4_Fault_VMFault, mr, 4, line, 24);
    CHECK_STR(line, "VMFault at address 0xde");
    CHECK_EQ(line[24], '#');

    /* n == 0: nothing written, so buf may be NULL; the ip still comes back. */
    CHECK_EQ(root_fault_describe(seL4_Fault_VMFault, mr, 4, NULL, 0), IP);
    memset(small, '#', sizeof(small));
    root_fault_describe(seL4_Fault_VMFault, mr, 4, small, 0);
    CHECK_EQ(small[0], '#');

    /* A line of n - 1 characters fits whole; one byte less loses its last character. */
    memset(line, '#', sizeof(line));
    root_fault_describe(5000, NULL, 0, line, 35);
    CHECK_STR(line, "unknown fault label 5000 (0 words)");
    root_fault_describe(5000, NULL, 0, line, 34);
    CHECK_STR(line, "unknown fault label 5000 (0 words");
}

TEST_CASES({test_vm_fault, "vm-fault"}, {test_vm_fault_extremes, "vm-fault-extremes"},
           {test_user_exception, "user-exception"}, {test_unknown_syscall, "unknown-syscall"},
           {test_cap_fault, "cap-fault"}, {test_short_messages, "short-messages"},
           {test_other_labels, "other-labels"}, {test_truncation, "truncation"});
TEST_MAIN("root/fault")
