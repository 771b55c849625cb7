/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Descriptor tables: the GDT (kernel and user segments plus the TSS) and
 * the IDT.  The TSS carries no I/O permission bitmap, so any in/out from
 * user level faults; I/O ports are reached only through IOPort caps.  Its
 * interrupt stacks give #DF, NMI and #MC a known-good stack, so even a
 * kernel stack overflow ends in a readable panic instead of a triple fault.
 * With the hardware debug API #DB has one too: a #DB the CPU held back
 * after a user's MOV SS until the first instruction of the kernel's
 * syscall entry, which still runs on the user's stack, must not push its
 * frame there (CVE-2018-8897).
 */
#include <arch/cpu.h>
#include <lib/string.h>

struct PACKED tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
};

struct PACKED idt_gate {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t zero;
};

struct PACKED table_ptr {
    uint16_t limit;
    uint64_t base;
};

#define IST_STACK_SIZE 4096
#define IST_DF         1
#define IST_NMI        2
#define IST_MC         3
#define GATE_INTR      0x8e /* present, DPL 0, 64-bit interrupt gate */

#ifdef CONFIG_HARDWARE_DEBUG_API
#define IST_DB     4
#define IST_STACKS 4
#else
#define IST_STACKS 3
#endif

static uint64_t gdt[7];
static struct tss64 tss;
static struct idt_gate idt[256];
static uint8_t ist_stacks[IST_STACKS][IST_STACK_SIZE] __attribute__((aligned(16)));

extern const uint64_t trap_vectors[256];

static void set_tss_descriptor(uint64_t *slot, uint64_t base, uint32_t limit)
{
    slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
              ((uint64_t)(limit >> 16 & 0xf) << 48) | ((base >> 24 & 0xff) << 56);
    slot[1] = base >> 32;
}

void gdt_init(void)
{
    gdt[0] = 0;
    gdt[1] = 0x00af9a000000ffffull; /* kernel code, 64-bit */
    gdt[2] = 0x00cf92000000ffffull; /* kernel data */
    gdt[3] = 0x00cff2000000ffffull; /* user data, DPL 3 */
    gdt[4] = 0x00affa000000ffffull; /* user code, 64-bit, DPL 3 */
    for (int i = 0; i < IST_STACKS; i++)
        tss.ist[i] = (uint64_t)&ist_stacks[i][IST_STACK_SIZE];
    tss.iomap_base = sizeof(tss);
    set_tss_descriptor(&gdt[5], (uint64_t)&tss, sizeof(tss) - 1);

    struct table_ptr p = {sizeof(gdt) - 1, (uint64_t)gdt};
    __asm__ volatile("lgdt %0\n\t"
                     "pushq %1\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "movw %w2, %%ax\n\t"
                     "movw %%ax, %%ds\n\t"
                     "movw %%ax, %%es\n\t"
                     "movw %%ax, %%ss\n\t"
                     "ltr %w3"
                     :
                     : "m"(p), "i"(SEL_KCODE), "r"(SEL_KDATA), "r"(SEL_TSS)
                     : "rax", "memory");
}

void tss_set_rsp0(uint64_t rsp0)
{
    tss.rsp[0] = rsp0;
}

static void set_gate(int vec, uint64_t handler, uint8_t ist)
{
    idt[vec] = (struct idt_gate){
        .offset_lo = handler & 0xffff,
        .selector = SEL_KCODE,
        .ist = ist,
        .type_attr = GATE_INTR,
        .offset_mid = (handler >> 16) & 0xffff,
        .offset_hi = handler >> 32,
    };
}

void idt_init(void)
{
    for (int v = 0; v < 256; v++)
        set_gate(v, trap_vectors[v], 0);
    set_gate(2, trap_vectors[2], IST_NMI);
    set_gate(8, trap_vectors[8], IST_DF);
    set_gate(18, trap_vectors[18], IST_MC);
#ifdef CONFIG_HARDWARE_DEBUG_API
    set_gate(1, trap_vectors[1], IST_DB);
    /* INT3 from user mode is a software break request, as in seL4, not a #GP for the gate's
     * DPL 0: DPL 3 (bits 5-6) lets user code raise it. */
    idt[3].type_attr |= 3 << 5;
#endif

    struct table_ptr p = {sizeof(idt) - 1, (uint64_t)idt};
    __asm__ volatile("lidt %0" ::"m"(p));
}
