/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's early console: a 16550 UART on COM1, polled, 115200 8N1.
 * It serves boot messages and panics only.  Output gives up waiting for the
 * transmitter after a bounded spin, so a missing UART slows the kernel down
 * but never hangs it.
 */
#include <arch/cpu.h>
#include <arch/io.h>
#include <machine.h>

#define COM1     0x3f8
#define UART_THR 0 /* transmit holding (DLAB=0) */
#define UART_DLL 0 /* divisor low (DLAB=1) */
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_THRE 0x20
#define SPIN_MAX 100000

void serial_init(void)
{
    outb(COM1 + UART_IER, 0x00);
    outb(COM1 + UART_LCR, 0x80); /* DLAB: divisor follows */
    outb(COM1 + UART_DLL, 1);    /* 115200 baud */
    outb(COM1 + UART_DLM, 0);
    outb(COM1 + UART_LCR, 0x03); /* 8N1 */
    outb(COM1 + UART_FCR, 0xc7); /* FIFOs on and cleared */
    outb(COM1 + UART_MCR, 0x03); /* DTR, RTS */
}

void arch_console_putchar(char c)
{
    for (int i = 0; i < SPIN_MAX && !(inb(COM1 + UART_LSR) & LSR_THRE); i++)
        cpu_relax();
    outb(COM1 + UART_THR, (uint8_t)c);
}
