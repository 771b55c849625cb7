/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ticker: a driver that asks the broker for its device's I/O ports, IRQ
 * and MMIO range, checks each works, and takes five interrupts from the
 * PIT (ISA IRQ 0) as notifications on channel 5, acknowledging all but the
 * last, so the line stays masked; then it ends the test with DebugHalt.
 */
#include <interfaces/sel4_client.h>
#include <kaal/broker.h>
#include <kaal/component.h>
#include <kaal/debug.h>
#include <sel4/arch/syscalls.h>
#include <sel4/errors.h>

#define DEV              0
#define PORTS            300
#define IRQ_CH           5
#define MMIO_VA          0x50000000ul
#define PIT_CH0          0x40
#define PIT_CMD          0x43
#define PIT_HZ           1193182u
#define HPET_VENDOR(cap) ((cap) >> 16 & 0xffff) /* general capabilities register, bits 16-31 */
#define TICKS            5

static unsigned int ticks;

static void say_check(int ok, const char *what)
{
    kaal_log(ok ? "ok: " : "FAILED: ");
    kaal_debug_puts(what);
    seL4_DebugPutChar('\n');
}

void init(void)
{
    struct kaal_broker_ioport_out ports;
    struct kaal_broker_irq_out irq;
    struct kaal_broker_mmio_out mmio;
    seL4_Word div = PIT_HZ / 1000;

    say_check(kaal_broker_ioport(KAAL_SLOT_BROKER, DEV, PORTS, 0, &ports) == 0 &&
                  ports.base == 0x40 && ports.size == 4,
              "the PIT's ports 0x40-0x43");
    say_check(kaal_broker_irq(KAAL_SLOT_BROKER, DEV, &irq) == 0 && irq.irq_id == IRQ_CH &&
                  irq.where == 0 && seL4_DebugCapIdentify(KAAL_SLOT_IRQ_BASE + IRQ_CH) != 0,
              "IRQ 0 as an IRQ handler for channel 5");
    say_check(kaal_broker_mmio(KAAL_SLOT_BROKER, DEV, MMIO_VA, 0, &mmio) == 0 &&
                  mmio.phys == 0xfed00000 && mmio.size == 4096 &&
                  HPET_VENDOR(*(volatile seL4_Uint32 *)MMIO_VA) == 0x8086,
              "the MMIO page, uncached: the HPET's vendor id reads 0x8086");
    seL4_X86_IOPort_Out8(PORTS, PIT_CMD, 0x34); /* channel 0, low then high byte, rate generator */
    seL4_X86_IOPort_Out8(PORTS, PIT_CH0, div & 0xff);
    seL4_X86_IOPort_Out8(PORTS, PIT_CH0, div >> 8);
    say_check(kaal_irq_ack(IRQ_CH) == 0, "the first Ack unmasks the line");
}

void notified(unsigned int ch)
{
    if (ch != IRQ_CH) {
        say_check(0, "a notification on a channel other than the IRQ's");
        return;
    }
    if (++ticks < TICKS) {
        kaal_irq_ack(IRQ_CH);
        return;
    }
    /* Left unacknowledged, the line stays masked: no more interrupts. */
    seL4_X86_IOPort_Out8(PORTS, PIT_CMD, 0x30); /* channel 0 to one-shot mode: it stops */
    say_check(1, "5 PIT interrupts arrived as notifications on channel 5");
    seL4_DebugHalt(); /* the test is over (scenarios.py) */
}
