/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's tick: the local APIC timer in periodic mode, as seL4 keeps
 * its own tick there on pc99.  Its rate is unknown until measured, so the
 * kernel counts APIC timer and TSC cycles across 10 ms of PIT channel 2
 * (the PIT runs at a fixed 1.193182 MHz).  The legacy 8259 PICs are masked;
 * device interrupts will come through the IOAPIC.
 */
#include <arch/cpu.h>
#include <arch/io.h>
#include <machine.h>

#define PIT_HZ       1193182u
#define PIT_CH2      0x42
#define PIT_CMD      0x43
#define PIT_GATE     0x61
#define CALIBRATE_MS 10

#define MSR_APIC_BASE  0x1b
#define APIC_ENABLE    (1u << 11)
#define LAPIC_EOI      0x0b0
#define LAPIC_SVR      0x0f0
#define LAPIC_LVT_TMR  0x320
#define LAPIC_TMR_INIT 0x380
#define LAPIC_TMR_CUR  0x390
#define LAPIC_TMR_DIV  0x3e0
#define LVT_MASKED     (1u << 16)
#define LVT_PERIODIC   (1u << 17)
#define DIV_BY_16      0x3

static volatile uint32_t *lapic;
static volatile uint64_t ticks;
static uint32_t tsc_freq_mhz;

static uint32_t lapic_read(uint32_t reg)
{
    return lapic[reg / 4];
}

static void lapic_write(uint32_t reg, uint32_t v)
{
    lapic[reg / 4] = v;
}

void pic_disable(void)
{
    /* Remap both PICs away from the exception vectors, then mask every line. */
    outb(0x20, 0x11);
    outb(0xa0, 0x11);
    outb(0x21, 0xe0);
    outb(0xa1, 0xe8);
    outb(0x21, 0x04);
    outb(0xa1, 0x02);
    outb(0x21, 0x01);
    outb(0xa1, 0x01);
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
}

/* Runs PIT channel 2 for CALIBRATE_MS; returns APIC timer counts elapsed. */
static uint32_t calibrate(void)
{
    uint16_t count = PIT_HZ / (1000 / CALIBRATE_MS);
    uint8_t gate = (inb(PIT_GATE) & ~0x02) | 0x01; /* speaker off, gate on */

    outb(PIT_GATE, gate & ~0x01);
    outb(PIT_CMD, 0xb0); /* channel 2, lo/hi byte, mode 0 */
    outb(PIT_CH2, count & 0xff);
    outb(PIT_CH2, count >> 8);
    lapic_write(LAPIC_TMR_DIV, DIV_BY_16);
    lapic_write(LAPIC_LVT_TMR, LVT_MASKED);
    uint64_t tsc0 = rdtsc();
    lapic_write(LAPIC_TMR_INIT, 0xffffffffu);
    outb(PIT_GATE, gate); /* rising edge starts the count */
    while (!(inb(PIT_GATE) & 0x20))
        cpu_relax();
    uint32_t elapsed = 0xffffffffu - lapic_read(LAPIC_TMR_CUR);
    uint64_t tsc = rdtsc() - tsc0;
    lapic_write(LAPIC_TMR_INIT, 0);
    tsc_freq_mhz = (uint32_t)(tsc / (CALIBRATE_MS * 1000));
    return elapsed;
}

uint32_t lapic_timer_init(unsigned hz)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);

    wrmsr(MSR_APIC_BASE, base | APIC_ENABLE);
    lapic = arch_paddr_to_ptr(base & ~0xfffull);
    lapic_write(LAPIC_SVR, 0x100 | VEC_SPURIOUS);

    uint32_t per_ms = calibrate() / CALIBRATE_MS;
    uint32_t per_tick = per_ms * (1000 / hz);
    if (per_tick == 0)
        per_tick = 1;
    lapic_write(LAPIC_TMR_DIV, DIV_BY_16);
    lapic_write(LAPIC_LVT_TMR, VEC_TIMER | LVT_PERIODIC);
    lapic_write(LAPIC_TMR_INIT, per_tick);
    return per_tick;
}

void lapic_eoi(void)
{
    lapic_write(LAPIC_EOI, 0);
}

uint32_t tsc_mhz(void)
{
    return tsc_freq_mhz;
}

void timer_tick(void)
{
    ticks++;
}

uint64_t timer_ticks(void)
{
    return ticks;
}

uint64_t arch_timer_ticks(void)
{
    return ticks;
}
