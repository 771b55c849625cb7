/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Component entry.  The loader starts the thread here with rsp at
 * KAAL_STACK_TOP (<kaal/component_layout.h>); the stack is set again from
 * the layout so a loader that passes nothing still works.  rsp is 16-byte
 * aligned before the call, as the SysV ABI wants.
 */
#include <kaal/component_layout.h>

    .text
    .globl _start
_start:
    movabsq $KAAL_STACK_TOP, %rsp
    xorl %ebp, %ebp
    call kaal_component_main
1:  jmp 1b                          /* kaal_component_main does not return */

    .section .note.GNU-stack, "", @progbits
