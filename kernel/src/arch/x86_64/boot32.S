/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Multiboot entry: from the loader's 32-bit protected mode to 64-bit code
 * at the kernel's high address.
 *
 * The loader jumps to _start with eax = multiboot magic and ebx = the
 * physical address of its info block.  This code runs at its physical
 * address (section .boot is linked low), so it may only touch low memory:
 *   1. check the magic and that the CPU has long mode, else say so on COM1;
 *   2. build the boot page tables: 2 MiB pages mapping the first 4 GiB at
 *      0 (identity, needed until we jump high), at PPTR_BASE (the physical
 *      window) and the first 1 GiB at KERNEL_ELF_BASE (the kernel image);
 *   3. enable PAE, long mode, NX where present, paging and write-protect;
 *   4. far-jump into 64-bit code, zero .bss, switch to the kernel stack and
 *      call arch_boot(magic, info) at its high address.
 */

#define MB_MAGIC        0x1badb002
#define MB_FLAGS        0x00000003 /* modules page aligned, memory info wanted */
#define MB_BOOT_MAGIC   0x2badb002
#define COM1            0x3f8
#define DEBUG_EXIT_PORT 0xf4
#define EXIT_BOOT       2          /* KAAL_EXIT_BOOT */
#define PTE_P           0x001
#define PTE_W           0x002
#define PTE_PS          0x080

    .section .boot, "ax"
    .code32
    .align 4
multiboot_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)

    .globl _start
_start:
    cli
    cld
    movl $boot_stack_top, %esp
    movl %eax, %edi                 /* keep magic and info for arch_boot */
    movl %ebx, %esi

    cmpl $MB_BOOT_MAGIC, %eax
    jne not_multiboot

    movl $0x80000000, %eax          /* long mode present? */
    cpuid
    cmpl $0x80000001, %eax
    jb no_long_mode
    movl $0x80000001, %eax
    cpuid
    testl $(1 << 29), %edx
    jz no_long_mode
    movl %edx, %ebp                 /* bit 20: NX */

    /* Zero the page-table area: pml4, two pdpts, four pds. */
    movl $boot_pml4, %ecx
    pushl %edi
    movl %ecx, %edi
    xorl %eax, %eax
    movl $(7 * 4096 / 4), %ecx
    rep stosl
    popl %edi

    /* pd[k] for k in 0..2047 maps 2 MiB page k (k << 21 fits in 32 bits). */
    movl $boot_pd, %ebx
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $21, %eax
    orl $(PTE_P | PTE_W | PTE_PS), %eax
    movl %eax, (%ebx, %ecx, 8)
    incl %ecx
    cmpl $2048, %ecx
    jb 1b

    /* Both pdpts point their first four entries at the four pds. */
    xorl %ecx, %ecx
2:  movl %ecx, %eax
    shll $12, %eax
    addl $(boot_pd + PTE_P + PTE_W), %eax
    movl %eax, boot_pdpt_low(, %ecx, 8)
    movl %eax, boot_pdpt_high(, %ecx, 8)
    incl %ecx
    cmpl $4, %ecx
    jb 2b
    /* KERNEL_ELF_BASE is pml4 slot 511, pdpt slot 510: physical 0..1 GiB. */
    movl $(boot_pd + PTE_P + PTE_W), boot_pdpt_high + 510 * 8
    movl $(boot_pdpt_low + PTE_P + PTE_W), boot_pml4
    movl $(boot_pdpt_high + PTE_P + PTE_W), boot_pml4 + 511 * 8

    movl %cr4, %eax
    orl $(1 << 5), %eax             /* PAE */
    movl %eax, %cr4
    movl $boot_pml4, %eax
    movl %eax, %cr3
    movl $0xc0000080, %ecx          /* EFER */
    rdmsr
    orl $(1 << 8), %eax             /* LME */
    testl $(1 << 20), %ebp
    jz 3f
    orl $(1 << 11), %eax            /* NXE */
3:  wrmsr
    movl %cr0, %eax
    orl $((1 << 31) | (1 << 16) | 1), %eax /* PG, WP, PE */
    movl %eax, %cr0

    lgdt boot_gdt_ptr
    ljmp $0x08, $long_entry

not_multiboot:
    movl $msg_not_multiboot, %ebx
    jmp early_fail
no_long_mode:
    movl $msg_no_long_mode, %ebx
    /* fall through */

/* Prints the string at ebx on COM1 and stops QEMU with the boot-error code. */
early_fail:
    movw $COM1, %dx
4:  movb (%ebx), %al
    testb %al, %al
    jz 5f
    outb %al, %dx
    incl %ebx
    jmp 4b
5:  movw $DEBUG_EXIT_PORT, %dx
    movl $EXIT_BOOT, %eax
    outl %eax, %dx
6:  hlt
    jmp 6b

    .code64
long_entry:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    xorw %ax, %ax
    movw %ax, %fs
    movw %ax, %gs

    movq %rdi, %r12                 /* zero .bss (it holds the kernel stack) */
    movabsq $__bss_start, %rdi
    movabsq $__bss_end, %rcx
    subq %rdi, %rcx
    xorl %eax, %eax
    rep stosb
    movq %r12, %rdi

    movabsq $kernel_stack_top, %rsp
    xorl %ebp, %ebp
    movabsq $arch_boot, %rax
    call *%rax
7:  hlt
    jmp 7b

    .section .boot.data, "a"
    .align 16
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff        /* 0x08: 64-bit kernel code */
    .quad 0x00cf92000000ffff        /* 0x10: kernel data */
boot_gdt_end:
boot_gdt_ptr:
    .word boot_gdt_end - boot_gdt - 1
    .long boot_gdt

msg_not_multiboot:
    .asciz "[KaaL] boot error: not started by a multiboot loader (bad magic in eax)\r\n[KaaL] hint: boot the kernel with QEMU -kernel or GRUB's multiboot command\r\n[KaaL] system halted\r\n"
msg_no_long_mode:
    .asciz "[KaaL] boot error: this CPU has no 64-bit long mode\r\n[KaaL] hint: use an x86_64 CPU (QEMU: qemu-system-x86_64 -cpu max)\r\n[KaaL] system halted\r\n"

    .section .boot.bss, "aw", @nobits
    .align 4096
    .globl boot_pml4
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096
boot_pdpt_high: .skip 4096
boot_pd:        .skip 4 * 4096
boot_stack:     .skip 1024
boot_stack_top:

    .bss
    .align 16
    .globl kernel_stack_top
kernel_stack:   .skip 16384
kernel_stack_top:
