/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * System call numbers of seL4 13.0.0 (non-MCS).  They are negative so that
 * a positive number in the syscall register can never reach the kernel's
 * API by mistake; the POSIX layer relies on that to trap Linux calls.
 */
#pragma once

typedef enum {
    seL4_SysCall = -1,
    seL4_SysReplyRecv = -2,
    seL4_SysSend = -3,
    seL4_SysNBSend = -4,
    seL4_SysRecv = -5,
    seL4_SysReply = -6,
    seL4_SysYield = -7,
    seL4_SysNBRecv = -8,
    seL4_SysDebugPutChar = -9,
    seL4_SysDebugDumpScheduler = -10,
    seL4_SysDebugHalt = -11,
    seL4_SysDebugCapIdentify = -12,
    seL4_SysDebugSnapshot = -13,
    seL4_SysDebugNameThread = -14,
    seL4_SysSetTLSBase = -29,
} seL4_Syscall_ID;
