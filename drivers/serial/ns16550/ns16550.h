/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The 16550 UART's registers: port offsets from the UART's base and the
 * bits this driver uses (National Semiconductor PC16550D data sheet).
 * Offsets 0 and 1 are the divisor latch while LCR_DLAB is set.
 */
#pragma once

#define UART_PORTS 8       /* the UART decodes eight ports */
#define UART_CLOCK 115200u /* the baud rate at divisor 1: the PC's 1.8432 MHz clock / 16 */

/* Port offsets. */
#define UART_RBR 0 /* read: receive buffer */
#define UART_THR 0 /* write: transmit holding register */
#define UART_DLL 0 /* with DLAB: divisor, low byte */
#define UART_DLM 1 /* with DLAB: divisor, high byte */
#define UART_IER 1 /* interrupt enable */
#define UART_IIR 2 /* read: interrupt identification */
#define UART_FCR 2 /* write: FIFO control */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */
#define UART_MSR 6 /* modem status */
#define UART_SCR 7 /* scratch: keeps what is written, nothing else */

/* IER: which causes raise the interrupt line. */
#define IER_RDA  0x01 /* received data available, and the FIFO's character timeout */
#define IER_THRE 0x02 /* the transmit holding register (FIFO) is empty */
#define IER_RLS  0x04 /* receiver line status: overrun, parity, framing, break */

/* IIR: bit 0 clear while an interrupt is pending; bits 1-3 name the highest-priority cause. */
#define IIR_NONE    0x01
#define IIR_ID      0x0e
#define IIR_RLS     0x06 /* cleared by reading LSR */
#define IIR_RDA     0x04 /* cleared when the FIFO drops below its trigger level */
#define IIR_TIMEOUT 0x0c /* bytes wait in the FIFO: cleared by reading RBR */
#define IIR_THRE    0x02 /* cleared by reading IIR or writing THR */
#define IIR_MSR     0x00 /* cleared by reading MSR */
#define IIR_FIFO_ON 0xc0 /* both set: the FIFOs work (a 16550A) */

/* FCR. */
#define FCR_ENABLE   0x01
#define FCR_CLEAR_RX 0x02
#define FCR_CLEAR_TX 0x04
#define FCR_TRIGGER8 0x80 /* the receive interrupt comes at 8 bytes, or on the timeout */
#define UART_FIFO    16   /* bytes in each FIFO of a 16550A */

/* LCR. */
#define LCR_8N1  0x03 /* 8 data bits, no parity, 1 stop bit */
#define LCR_DLAB 0x80

/* MCR: DTR and RTS up, and OUT2, which gates the UART's interrupt onto the ISA line on a PC. */
#define MCR_DTR  0x01
#define MCR_RTS  0x02
#define MCR_OUT2 0x08

/* LSR. */
#define LSR_DR   0x01 /* a received byte is waiting */
#define LSR_OE   0x02 /* a received byte was lost: no room for it */
#define LSR_THRE 0x20 /* the transmit FIFO is empty */
#define LSR_TEMT 0x40 /* and the transmitter too: everything is on the wire */
