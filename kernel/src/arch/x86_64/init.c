/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * arch_boot: the first C code, called by boot32.S on the kernel stack at
 * the kernel's high address.  Order matters: the console first so anything
 * after can report; descriptor tables before anything can fault; paging
 * fix-ups before touching device registers; then the boot input is read
 * and checked, and the timer is started and seen to tick.
 *
 * Command-line options (see docs/boot.md):
 *   kaal.fault=de|ud|pf|gp|bp  debug builds: raise that CPU exception
 *   kaal.exit=booted           stop the machine once boot is done, before user space
 *   kaal.exit=idle             stop the machine when no thread can run (tests)
 *   kaal.console=user|kernel   user: the kernel is silent, but for panics and blocked DMA,
 *                              once the root server runs (the system console is a user-level
 *                              driver's)
 *   kaal.verbose               the kernel's and the root server's boot diagnostics; without
 *                              it the boot prints "[KaaL] Booting...", then only warnings,
 *                              errors and fault reports
 */
#include <arch/acpi.h>
#include <arch/cpu.h>
#include <arch/ioapic.h>
#include <arch/io.h>
#include <arch/multiboot.h>
#include <arch/vtd.h>
#include <boot/boot_run.h>
#include <boot/rootserver.h>
#include <lib/cmdline.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <machine.h>
#include <panic.h>
#include <thread.h>
#include <user.h>

#define TIMER_HZ         100
#define TICKS_TO_CONFIRM 3

extern char __kernel_phys_start[], __kernel_phys_end[];

void arch_boot(uint32_t magic, uint32_t info_pa);

struct acpi_info boot_acpi;
struct boot_input boot_in; /* bootcaps.c reads the RAM map from it */
static struct boot_mem boot_mem;
static struct elf_info root_elf;

/* Reads the MADT and masks every IOAPIC pin; a machine without them still boots. */
static void interrupts_init(void)
{
    char msg[96];

    if (!acpi_parse(acpi_locate_rsdp(), &boot_acpi, msg, sizeof(msg))) {
        kprintf("[KaaL] warning: ACPI: %s; no device interrupts through an IOAPIC\n", msg);
        return;
    }
    ioapic_init(&boot_acpi);
    kinfo("[KaaL] ACPI: %d CPU%s (KaaL uses one), %d IOAPIC%s\n", boot_acpi.n_cpus,
          boot_acpi.n_cpus == 1 ? "" : "s", ioapic_count(), ioapic_count() == 1 ? "" : "s");
    for (int i = 0; i < ioapic_count(); i++)
        kinfo("[KaaL]   IOAPIC %d at %#llx: GSI %u-%u, all masked\n", i,
              (unsigned long long)boot_acpi.ioapic[i].addr, boot_acpi.ioapic[i].gsi_base,
              boot_acpi.ioapic[i].gsi_base + ioapic_pins(i) - 1);
    for (int i = 0; i < boot_acpi.n_overrides; i++)
        kinfo("[KaaL]   ISA IRQ %u is GSI %u\n", boot_acpi.override[i].isa_irq,
              boot_acpi.override[i].gsi);
}

static void start_timer(void)
{
    uint32_t per_tick = lapic_timer_init(TIMER_HZ);

    __asm__ volatile("sti");
    while (timer_ticks() < TICKS_TO_CONFIRM)
        __asm__ volatile("hlt");
    kinfo("[KaaL] timer: local APIC at %u Hz (%u counts a tick), %llu interrupts seen; TSC "
          "%u MHz\n",
          TIMER_HZ, per_tick, (unsigned long long)timer_ticks(), tsc_mhz());
}

/* kaal.console: user hands the console to user level once the root server runs. */
static void console_option(void)
{
    char opt[16];

    if (!cmdline_get(boot_in.cmdline, "kaal.console", opt, sizeof(opt)))
        return;
    if (!strncmp(opt, "user", 5))
        console_set_user(true);
    else if (strncmp(opt, "kernel", 7) != 0)
        kprintf("[KaaL] warning: kaal.console=%s is neither user nor kernel; the kernel keeps "
                "the console\n",
                opt);
}

NORETURN void arch_halt(int code)
{
    __asm__ volatile("cli");
    outl(0xf4, (uint32_t)code); /* QEMU isa-debug-exit; nothing listens on real machines */
    for (;;)
        __asm__ volatile("hlt");
}

void arch_boot(uint32_t magic, uint32_t info_pa)
{
    char msg[192], opt[16];
    (void)magic; /* boot32.S has checked it */

    serial_init();
    kprintf("\n[KaaL] Booting...\n");
    gdt_init();
    idt_init();
    paging_init();
    pic_disable();

    struct mem_range kernel = {(paddr_t)(uintptr_t)__kernel_phys_start,
                               (paddr_t)(uintptr_t)__kernel_phys_end};
    enum boot_status st = multiboot_parse(info_pa, kernel, &boot_in, msg, sizeof(msg));
    if (st != BOOT_OK)
        boot_fail(boot_hint(st), "%s", msg);
    console_set_verbose(cmdline_flag(boot_in.cmdline, "kaal.verbose"));
    kinfo("[KaaL] kernel image [%#llx, %#llx), command line: %s\n",
          (unsigned long long)kernel.start, (unsigned long long)kernel.end,
          boot_in.cmdline ? boot_in.cmdline : "(none)");
    if (cmdline_get(boot_in.cmdline, "kaal.fault", opt, sizeof(opt)) && !selftest_fault(opt))
        kprintf("[KaaL] warning: kaal.fault=%s names no exception (de, ud, pf, gp, bp)\n", opt);
    console_option();

    boot_check(&boot_in, &boot_mem, &root_elf);
    interrupts_init();
#ifdef CONFIG_IOMMU
    vtd_init(&boot_mem);
#endif
    start_timer();
    arch_user_init();
    kinfo("[KaaL] boot complete\n");

    bool exit_opt = cmdline_get(boot_in.cmdline, "kaal.exit", opt, sizeof(opt));
    if (exit_opt && !strncmp(opt, "booted", 7))
        arch_halt(KAAL_EXIT_OK);
    thread_exit_on_idle = exit_opt && !strncmp(opt, "idle", 5);
    __asm__ volatile("cli"); /* the kernel runs with interrupts off from here on */
    rootserver_start(&boot_in.mods[0], &root_elf, &boot_mem);
}
