/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Trap entry stubs, one per vector.  Each pushes a zero where the CPU pushes
 * no error code, then its vector number, and joins trap_common, which saves
 * the general registers as a struct trapframe (arch/cpu.h) and calls
 * trap_dispatch.  The frame is 22 words, so rsp stays 16-byte aligned at the
 * call.  trap_vectors[] lists the stubs for idt_init.
 */

    .altmacro
    .text
    .globl trap_common
trap_common:
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    cld
    movq %rsp, %rdi
    call trap_dispatch
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
    addq $16, %rsp                  /* vector and error code */
    iretq

/* Vectors whose exceptions push an error code: #DF #TS #NP #SS #GP #PF #AC #CP #VC #SX. */
.macro stub n
    .align 16
trap_stub_\n:
    .if (\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
    .else
    pushq $0
    .endif
    pushq $\n
    jmp trap_common
.endm

    .set i, 0
    .rept 256
    stub %i
    .set i, i + 1
    .endr

    .section .rodata
    .align 8
    .globl trap_vectors
trap_vectors:
.macro vec n
    .quad trap_stub_\n
.endm
    .set i, 0
    .rept 256
    vec %i
    .set i, i + 1
    .endr
