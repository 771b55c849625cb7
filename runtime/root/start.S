/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Root server entry.  The kernel starts the root server with the boot-info
 * address in rdi (the seL4 convention on x86_64) and no stack, as seL4
 * does, so the first thing is a stack of its own.
 */
    .text
    .globl _start
_start:
    leaq root_stack_top(%rip), %rsp
    xorl %ebp, %ebp
    call root_main
1:  jmp 1b                          /* root_main does not return */

    .bss
    .align 16
root_stack:
    .skip 16384
root_stack_top:

    .section .note.GNU-stack, "", @progbits
