/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * x86_64 system call stubs.  The convention (SEL4_ABI.md): rdx holds the
 * number, rdi the destination cptr, rsi the message info, r10 r8 r9 r15
 * message registers 0-3.  syscall clobbers rcx and r11, and the kernel need
 * not keep rsp across a call, so each stub parks rsp in rbx and takes it
 * back afterwards, as seL4's own stubs do.
 */
#pragma once

#include <sel4/simple_types.h>
#include <sel4/syscall.h>

/* A system call that takes one word in rdi and returns nothing. */
static inline void x64_sys_send_null(seL4_Word sys, seL4_Word arg)
{
    __asm__ volatile("movq %%rsp, %%rbx\n\t"
                     "syscall\n\t"
                     "movq %%rbx, %%rsp"
                     : "+D"(arg)
                     : "d"(sys)
                     : "rbx", "rcx", "r11", "rsi", "r8", "r9", "r10", "r15", "memory");
}

static inline void seL4_Yield(void)
{
    x64_sys_send_null(seL4_SysYield, 0);
}

static inline void seL4_DebugPutChar(char c)
{
    x64_sys_send_null(seL4_SysDebugPutChar, (seL4_Uint8)c);
}

static inline void seL4_DebugHalt(void)
{
    x64_sys_send_null(seL4_SysDebugHalt, 0);
}
