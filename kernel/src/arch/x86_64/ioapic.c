/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IOAPIC driver.  Each IOAPIC is two registers in memory: IOREGSEL picks
 * an internal register and IOWIN reads or writes it.  Register 1 holds the
 * number of redirection entries; entry n is the 64-bit pair at 0x10 + 2n.
 * Register layouts are Intel's 82093AA datasheet's.
 */
#include <arch/cpu.h>
#include <arch/ioapic.h>
#include <lib/printf.h>
#include <machine.h>

#define IOREGSEL     0x00
#define IOWIN        0x10
#define REG_VERSION  0x01
#define REG_REDIR(n) (0x10 + 2 * (n))
#define REDIR_MASKED (1u << 16)
#define REDIR_LEVEL  (1u << 15)
#define REDIR_LOW    (1u << 13)
#define MAX_PINS     240 /* vectors above the exceptions, below the kernel's own */

struct ioapic {
    volatile uint32_t *regs;
    int pins;
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static int n_ioapics;

static uint32_t reg_read(const struct ioapic *a, uint32_t reg)
{
    a->regs[IOREGSEL / 4] = reg;
    return a->regs[IOWIN / 4];
}

static void reg_write(const struct ioapic *a, uint32_t reg, uint32_t v)
{
    a->regs[IOREGSEL / 4] = reg;
    a->regs[IOWIN / 4] = v;
}

int ioapic_init(const struct acpi_info *info)
{
    n_ioapics = 0;
    for (int i = 0; i < info->n_ioapics; i++) {
        struct ioapic *a = &ioapics[n_ioapics];
        window_uncached(info->ioapic[i].addr);
        a->regs = arch_paddr_to_ptr(info->ioapic[i].addr);
        a->pins = (int)((reg_read(a, REG_VERSION) >> 16) & 0xff) + 1;
        if (a->pins > MAX_PINS)
            a->pins = MAX_PINS;
        for (int pin = 0; pin < a->pins; pin++) {
            reg_write(a, REG_REDIR(pin), REDIR_MASKED);
            reg_write(a, REG_REDIR(pin) + 1, 0);
        }
        n_ioapics++;
    }
    return n_ioapics;
}

int ioapic_count(void)
{
    return n_ioapics;
}

int ioapic_pins(int i)
{
    return i >= 0 && i < n_ioapics ? ioapics[i].pins : 0;
}

bool ioapic_route(int i, int pin, uint8_t vector, bool level, bool active_low)
{
    if (pin < 0 || pin >= ioapic_pins(i))
        return false;
    uint32_t lo = vector | REDIR_MASKED | (level ? REDIR_LEVEL : 0) | (active_low ? REDIR_LOW : 0);
    reg_write(&ioapics[i], REG_REDIR(pin) + 1, 0); /* destination: APIC 0, the boot CPU */
    reg_write(&ioapics[i], REG_REDIR(pin), lo);
    return true;
}

void ioapic_mask(int i, int pin, bool masked)
{
    if (pin < 0 || pin >= ioapic_pins(i))
        return;
    uint32_t lo = reg_read(&ioapics[i], REG_REDIR(pin));
    lo = masked ? lo | REDIR_MASKED : lo & ~REDIR_MASKED;
    reg_write(&ioapics[i], REG_REDIR(pin), lo);
}
