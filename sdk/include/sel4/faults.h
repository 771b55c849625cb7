/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fault messages: the label of the message a fault handler receives, and
 * the position of each word in it (seL4 13.0.0, x86_64, non-MCS).  The
 * DebugException fault exists only with the hardware debug API
 * (CONFIG_HARDWARE_DEBUG_API); its number, 4, is free without it, so
 * VMFault stays 5 either way, as in seL4's non-MCS builds.
 */
#pragma once

#include <sel4/config.h>

typedef enum {
    seL4_Fault_NullFault = 0,
    seL4_Fault_CapFault = 1,
    seL4_Fault_UnknownSyscall = 2,
    seL4_Fault_UserException = 3,
#ifdef CONFIG_HARDWARE_DEBUG_API
    seL4_Fault_DebugException = 4,
#endif
    seL4_Fault_VMFault = 5,
} seL4_FaultType;

enum {
    seL4_CapFault_IP = 0,
    seL4_CapFault_Addr = 1,
    seL4_CapFault_InRecvPhase = 2,
    seL4_CapFault_LookupFailureType = 3,
    seL4_CapFault_BitsLeft = 4,
    seL4_CapFault_DepthMismatch_BitsFound = 5,
    seL4_CapFault_GuardMismatch_GuardFound = 5,
    seL4_CapFault_GuardMismatch_BitsFound = 6,
};

enum {
    seL4_VMFault_IP = 0,
    seL4_VMFault_Addr = 1,
    seL4_VMFault_PrefetchFault = 2,
    seL4_VMFault_FSR = 3,
    seL4_VMFault_Length = 4,
};

enum {
    seL4_UnknownSyscall_RAX = 0,
    seL4_UnknownSyscall_RBX = 1,
    seL4_UnknownSyscall_RCX = 2,
    seL4_UnknownSyscall_RDX = 3,
    seL4_UnknownSyscall_RSI = 4,
    seL4_UnknownSyscall_RDI = 5,
    seL4_UnknownSyscall_RBP = 6,
    seL4_UnknownSyscall_R8 = 7,
    seL4_UnknownSyscall_R15 = 14,
    seL4_UnknownSyscall_FaultIP = 15,
    seL4_UnknownSyscall_SP = 16,
    seL4_UnknownSyscall_FLAGS = 17,
    seL4_UnknownSyscall_Syscall = 18,
    seL4_UnknownSyscall_Length = 19,
};

enum {
    seL4_UserException_FaultIP = 0,
    seL4_UserException_SP = 1,
    seL4_UserException_FLAGS = 2,
    seL4_UserException_Number = 3,
    seL4_UserException_Code = 4,
    seL4_UserException_Length = 5,
};

#ifdef CONFIG_HARDWARE_DEBUG_API
/* A breakpoint or watchpoint sends all four words; a single step or INT3 only the first two. */
enum {
    seL4_DebugException_FaultIP = 0,
    seL4_DebugException_ExceptionReason = 1, /* a seL4_BreakpointType */
    seL4_DebugException_TriggerAddress = 2,  /* the breakpoint's address */
    seL4_DebugException_BreakpointNumber = 3,
    seL4_DebugException_Length = 4,
};
#endif
