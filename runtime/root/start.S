/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Root server entry.  The kernel passes the boot-info address in rdi (the
 * seL4 convention on x86_64).  This minimal root server has nothing to do
 * yet; it stops in a loop rather than returning into nothing.
 */
    .text
    .globl _start
_start:
    andq $-16, %rsp
    call root_main
1:  jmp 1b
