/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mbchain's multiboot header, its entry from the loader, and the jump to
 * the loaded kernel.
 *
 * _start runs in the state the multiboot spec promises (32-bit protected
 * mode, flat segments, paging off, interrupts off): it zeroes .bss, which
 * holds the stack, and calls mbchain_main(eax, ebx).  mbchain_jump leaves
 * the same state for the kernel: its own flat GDT loaded (the loader's may
 * lie anywhere, even under the kernel just copied), EFLAGS cleared (IF and
 * DF off), eax = magic, ebx = info block.  Paging is never turned on.
 */

#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00000003 /* modules page aligned, memory info wanted; ELF layout */

    .section .multiboot, "a"
    .align 4
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)

    .text
    .code32
    .globl _start
_start:
    cli
    cld
    movl %eax, %esi                 /* keep magic and info across the rep stosb */
    movl %ebx, %ebp
    movl $__bss_start, %edi
    movl $__bss_end, %ecx
    subl %edi, %ecx
    xorl %eax, %eax
    rep stosb
    movl $stack_top, %esp
    pushl %ebp
    pushl %esi
    call mbchain_main
1:  hlt
    jmp 1b

/* void mbchain_jump(uint32_t entry, uint32_t magic, uint32_t info) */
    .globl mbchain_jump
mbchain_jump:
    cli
    movl 4(%esp), %ecx
    movl 8(%esp), %eax
    movl 12(%esp), %ebx
    lgdt gdt_ptr
    ljmp $0x08, $2f
2:  movw $0x10, %dx
    movw %dx, %ds
    movw %dx, %es
    movw %dx, %fs
    movw %dx, %gs
    movw %dx, %ss
    pushl $0x2                      /* EFLAGS: only the always-one bit 1 */
    popfl
    jmp *%ecx

    .data
    .align 8
gdt:                                /* in .data: the CPU sets accessed bits in it */
    .quad 0
    .quad 0x00cf9a000000ffff        /* 0x08: 32-bit code, base 0, limit 4 GiB */
    .quad 0x00cf92000000ffff        /* 0x10: data, base 0, limit 4 GiB */
gdt_end:
gdt_ptr:
    .word gdt_end - gdt - 1
    .long gdt

    .bss
    .align 16
    .skip 8192
stack_top:
