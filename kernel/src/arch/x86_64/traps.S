/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel entry and exit.
 *
 * Trap stubs, one per vector, push a zero where the CPU pushes no error
 * code, then the vector number, and join trap_common, which saves the
 * general registers as a struct trapframe (arch/cpu.h).  A trap from user
 * mode has had its frame pushed at the TSS's rsp0, just past the running
 * thread's saved context, so the whole frame lands in the thread's own
 * storage; trap_common then moves to the kernel stack and calls
 * trap_from_user, which never returns here.  A trap taken in the kernel
 * stays on the current stack and returns through iretq.
 *
 * syscall_entry builds the same frame by hand (syscall pushes nothing),
 * with VEC_SYSCALL as its vector.  restore_user_context is the one way back
 * to user mode.  The frame is 22 words, so rsp stays 16-byte aligned.
 */

#define TF_CS       0x90          /* offset of cs in struct trapframe */
#define SEL_UCODE   (0x20 | 3)
#define SEL_UDATA   (0x18 | 3)
#define VEC_SYSCALL 0x100

.macro save_gprs
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
.endm

.macro restore_gprs
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
.endm

    .altmacro
    .text
    .globl trap_common
trap_common:
    save_gprs
    cld
    movq %rsp, %rdi
    testb $3, TF_CS(%rsp)
    jz 1f
    leaq kernel_stack_top(%rip), %rsp
    call trap_from_user
    ud2                             /* trap_from_user does not return */
1:  call trap_dispatch
    restore_gprs
    addq $16, %rsp                  /* vector and error code */
    iretq

/* syscall: rcx holds the user rip, r11 the user rflags; rsp is still the user's. */
    .globl syscall_entry
syscall_entry:
    movq %rsp, syscall_user_rsp(%rip)
    movq user_context_end(%rip), %rsp
    pushq $SEL_UDATA
    pushq syscall_user_rsp(%rip)
    pushq %r11
    pushq $SEL_UCODE
    pushq %rcx
    pushq $0
    pushq $VEC_SYSCALL
    save_gprs
    cld
    movq %rsp, %rdi
    leaq kernel_stack_top(%rip), %rsp
    call syscall_from_user
    ud2

/* restore_user_context(struct trapframe *tf): back to user mode with tf's registers. */
    .globl restore_user_context
restore_user_context:
    movq %rdi, %rsp
    restore_gprs
    addq $16, %rsp
    iretq

    .bss
    .align 8
    .globl user_context_end
user_context_end:   .quad 0         /* just past the running thread's context */
syscall_user_rsp:   .quad 0

    .text

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
