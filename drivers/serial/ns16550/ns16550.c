/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The 16550 UART driver: the serial class (<kaal/class/serial.h>) on a
 * PC's COM port, interrupt-driven both ways, built on the DDDK.
 *
 * The port base and the IRQ come from the system description (an
 * `isa: true` device with `ioports:` and `irq:`).  init checks that a UART
 * answers there, sets 115200 8N1 with the FIFOs on, and enables the
 * receive interrupts; the client's region and channel are those of
 * KAAL_SERIAL_DRIVER_VADDR and KAAL_SERIAL_DRIVER_CH.
 *
 * Input: a receive interrupt (data at the trigger level, or the FIFO's
 * timeout) drains the FIFO into an rx buffer from the client, and the
 * buffer goes back on rx active at the end of the interrupt.  With no
 * buffer to fill, the driver turns the receive interrupt off and leaves the
 * bytes in the UART until the client returns buffers: the UART holds them
 * (and QEMU holds back more), so nothing is dropped here.
 *
 * Output: when the client queues bytes, the driver fills the transmit FIFO
 * at once; if bytes are left over, it enables the THRE interrupt, which
 * comes when the FIFO has emptied, and refills it there.  With nothing left
 * to send, THRE is turned off again.
 *
 * The ISA line is edge-triggered and the kernel masks it from an interrupt
 * until the acknowledgement, so the DDDK acknowledges an edge-triggered
 * line before it calls the handler, and the handler reads IIR until no
 * cause is left: a cause after that read raises an edge on an unmasked
 * line, and one before it is served by the loop.
 */
#include "ns16550.h"

#include <kaal/class/serial.h>
#include <kaal/dddk.h>

#define BAUD       115200u
#define MAX_CAUSES 64   /* causes served in one interrupt before other events get a turn */
#define DRAIN_US   5000 /* wait at most this for bytes in the transmitter (17 take 1.5 ms) */

struct uart {
    kaal_serial_t q;
    int fifo;    /* bytes the transmitter takes at a time: UART_FIFO, or 1 without FIFOs */
    uint8_t ier; /* what IER holds */

    kaal_buf_desc_t tx; /* the client's buffer being sent */
    uint8_t *tx_buf;    /* its bytes, or NULL if none is held */
    uint32_t tx_off;    /* how many of them are in the UART */

    kaal_buf_desc_t rx; /* the client's buffer being filled; len counts the bytes */
    uint8_t *rx_buf;    /* or NULL if none is held */

    struct kaal_serial_info_out count; /* the counters kaal_serial_info reports */
    int bad_logged;                    /* a bad descriptor from the client was logged */
};

static struct uart uart;

/* ---- Registers ------------------------------------------------------------------------------- */

/* LSR, counting a reported overrun: reading LSR clears the error bits. */
static uint8_t read_lsr(struct dddk_dev *d)
{
    uint8_t lsr = dddk_in8(d, UART_LSR);

    if (lsr & LSR_OE)
        uart.count.overruns++;
    return lsr;
}

static void set_ier(struct dddk_dev *d, uint8_t ier)
{
    if (ier != uart.ier)
        dddk_out8(d, UART_IER, ier);
    uart.ier = ier;
}

/* True if the scratch register keeps two patterns: something answers at these ports. */
static int uart_present(struct dddk_dev *d)
{
    dddk_out8(d, UART_SCR, 0x5a);
    if (dddk_in8(d, UART_SCR) != 0x5a)
        return 0;
    dddk_out8(d, UART_SCR, 0xa5);
    return dddk_in8(d, UART_SCR) == 0xa5;
}

/* 8N1 at BAUD, FIFOs on and cleared, the interrupt output on, every cause cleared; IER off. */
static void uart_setup(struct dddk_dev *d)
{
    uint16_t div = UART_CLOCK / BAUD;

    /* Bytes still on their way out would be cut by the new divisor and the cleared FIFO: on COM1,
     * the system console, they are the end of the kernel's log and of components' DebugPutChar. */
    DDDK_WAIT(d, dddk_in8(d, UART_LSR) & LSR_TEMT, DRAIN_US);
    dddk_out8(d, UART_IER, 0);
    uart.ier = 0;
    dddk_out8(d, UART_LCR, LCR_DLAB);
    dddk_out8(d, UART_DLL, (uint8_t)div);
    dddk_out8(d, UART_DLM, (uint8_t)(div >> 8));
    dddk_out8(d, UART_LCR, LCR_8N1);
    dddk_out8(d, UART_FCR, FCR_ENABLE | FCR_CLEAR_RX | FCR_CLEAR_TX | FCR_TRIGGER8);
    uart.fifo = (dddk_in8(d, UART_IIR) & IIR_FIFO_ON) == IIR_FIFO_ON ? UART_FIFO : 1;
    dddk_out8(d, UART_MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
    for (int i = 0; i < UART_FIFO && (read_lsr(d) & LSR_DR); i++)
        dddk_in8(d, UART_RBR);
    dddk_in8(d, UART_IIR);
    dddk_in8(d, UART_MSR);
    uart.count.overruns = 0; /* left over from before */
}

/* ---- The client's buffers -------------------------------------------------------------------- */

/* Logs the client's first breach of the protocol (what); later ones are not logged. */
static void bad_descriptor(struct dddk_dev *d, const char *what)
{
    if (!uart.bad_logged++)
        dddk_log(d, what);
}

/* Holds an rx buffer to fill; false if the client has none for us now (a signal is asked
 * for: the client's next enqueue on rx free wakes us). */
static int rx_take(struct dddk_dev *d)
{
    while (!uart.rx_buf) {
        if (kaal_queue_dequeue(&uart.q.rx.free, &uart.rx) != 0) {
            if (kaal_queue_prepare_wait(&uart.q.rx.free))
                return 0;
            continue;
        }
        uart.rx.len = 0; /* what the client left there does not count */
        uart.rx_buf = kaal_serial_buf(&uart.q, &uart.rx);
        if (!uart.rx_buf)
            bad_descriptor(d, "error: a descriptor on rx free names no buffer; it is dropped");
    }
    return 1;
}

/* Hands the rx buffer held to the client if it has bytes in it. */
static void rx_give(struct dddk_dev *d)
{
    if (!uart.rx_buf || uart.rx.len == 0)
        return;
    /* Fails only if the client queued a buffer twice; the buffer is then its loss. */
    if (kaal_queue_enqueue(&uart.q.rx.active, &uart.rx) != 0)
        bad_descriptor(d, "error: rx active is full: the client queued a buffer twice");
    uart.rx_buf = 0;
}

/* The next byte the client queued, or -1 if none; a buffer sent to the end goes back on tx
 * free. */
static int tx_next(struct dddk_dev *d)
{
    for (;;) {
        if (uart.tx_buf && uart.tx_off < uart.tx.len)
            return uart.tx_buf[uart.tx_off++];
        if (uart.tx_buf && kaal_queue_enqueue(&uart.q.tx.free, &uart.tx) != 0)
            bad_descriptor(d, "error: tx free is full: the client queued a buffer twice");
        uart.tx_buf = 0;
        if (kaal_queue_dequeue(&uart.q.tx.active, &uart.tx) != 0)
            return -1;
        uart.tx_buf = kaal_serial_buf(&uart.q, &uart.tx);
        uart.tx_off = 0;
        if (!uart.tx_buf)
            bad_descriptor(d, "error: a descriptor on tx active names no buffer; it is dropped");
    }
}

/* ---- Moving bytes ---------------------------------------------------------------------------- */

/*
 * Moves the received bytes from the UART into rx buffers.  Without a
 * buffer the receive interrupt goes off and the bytes wait in the UART;
 * rx_take has asked the client to signal, and the next call here, from
 * notified, takes them up and turns the interrupt back on.
 */
static void rx_drain(struct dddk_dev *d)
{
    while (read_lsr(d) & LSR_DR) {
        if (!rx_take(d)) {
            set_ier(d, uart.ier & ~IER_RDA);
            return;
        }
        uart.rx_buf[uart.rx.len++] = dddk_in8(d, UART_RBR);
        uart.count.rx_bytes++;
        if (uart.rx.len == KAAL_SERIAL_BUF_SIZE)
            rx_give(d);
    }
    set_ier(d, uart.ier | IER_RDA);
}

/*
 * Fills the transmit FIFO while it is empty and the client has bytes
 * queued.  Bytes left over wait for the THRE interrupt; with none left,
 * THRE goes off and the driver asks the client to signal its next bytes
 * (and re-checks, since some may have come meanwhile).
 */
static void tx_fill(struct dddk_dev *d)
{
    for (;;) {
        if (read_lsr(d) & LSR_THRE) {
            int room = uart.fifo, c = 0;

            while (room > 0 && (c = tx_next(d)) >= 0) {
                dddk_out8(d, UART_THR, (uint8_t)c);
                uart.count.tx_bytes++;
                room--;
            }
            if (c < 0) {
                set_ier(d, uart.ier & ~IER_THRE);
                if (kaal_queue_prepare_wait(&uart.q.tx.active))
                    return;
                continue;
            }
        }
        set_ier(d, uart.ier | IER_THRE);
        return;
    }
}

/* The end of a batch: the partly filled rx buffer to the client, and a signal if it asked. */
static void end_batch(struct dddk_dev *d)
{
    rx_give(d);
    if (kaal_serial_driver_signal(&uart.q))
        kaal_notify(KAAL_SERIAL_DRIVER_CH);
}

/* ---- The DDDK's handlers --------------------------------------------------------------------- */

static void ns16550_irq(struct dddk_dev *d)
{
    int n;

    for (n = 0; n < MAX_CAUSES; n++) {
        uint8_t iir = dddk_in8(d, UART_IIR);

        if (iir & IIR_NONE)
            break;
        switch (iir & IIR_ID) {
        case IIR_RLS:
            read_lsr(d);
            break;
        case IIR_RDA:
        case IIR_TIMEOUT:
            uart.count.rx_irqs++;
            rx_drain(d);
            break;
        case IIR_THRE:
            uart.count.tx_irqs++;
            tx_fill(d);
            break;
        default:
            dddk_in8(d, UART_MSR);
            break;
        }
    }
    if (n == MAX_CAUSES) {
        /* Causes keep coming: let the client's notifications in, and come back.  Turning IER off
         * and on lowers the line and raises it again, an edge on the now unmasked line. */
        dddk_out8(d, UART_IER, 0);
        dddk_out8(d, UART_IER, uart.ier);
    }
    end_batch(d);
}

/* The client queued bytes to send or returned rx buffers. */
static void ns16550_notified(struct dddk_dev *d, unsigned int ch)
{
    if (ch != KAAL_SERIAL_DRIVER_CH)
        return;
    rx_drain(d);
    tx_fill(d);
    end_batch(d);
}

/* The serial class's info op (sdk/interface/serial.proto): the counters and the idle flag. */
static int serve_info(void *ctx, struct kaal_serial_info_out *out)
{
    struct dddk_dev *d = ctx;
    int idle = !uart.tx_buf && kaal_queue_empty(&uart.q.tx.active) && (read_lsr(d) & LSR_TEMT);

    uart.count.flags = idle ? KAAL_SERIAL_TX_IDLE : 0;
    *out = uart.count;
    return 0;
}

static const struct kaal_serial_server serial_server = {.info = serve_info};

static seL4_MessageInfo_t ns16550_protected(struct dddk_dev *d, unsigned int ch,
                                            seL4_MessageInfo_t m)
{
    if (ch != KAAL_SERIAL_DRIVER_CH)
        return kaal_proto_error_reply(-KAAL_EBADF);
    return kaal_serial_dispatch(&serial_server, d, m);
}

/* ---- Start-up ----------------------------------------------------------------------------------
 */

/* A log line under construction. */
struct line {
    char s[96];
    unsigned int n;
};

static void put_str(struct line *l, const char *s)
{
    while (*s && l->n < sizeof(l->s) - 1)
        l->s[l->n++] = *s++;
}

/* v in decimal, or with 0x in hex. */
static void put_num(struct line *l, uint32_t v, int hex)
{
    char digits[12];
    int i = 0;
    uint32_t base = hex ? 16 : 10;

    if (hex)
        put_str(l, "0x");
    do {
        digits[i++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (i > 0 && l->n < sizeof(l->s) - 1)
        l->s[l->n++] = digits[--i];
}

/* "[ns16550] ready: a 16550A at ports 0x2f8-0x2ff, IRQ 3, 115200 8N1". */
static void log_ready(const struct dddk_dev *d)
{
    const struct kaal_component_info *info = (const void *)KAAL_COMPONENT_INFO_VADDR;
    struct line l = {.n = 0};

    put_str(&l,
            uart.fifo > 1 ? "ready: a 16550A at ports " : "ready: a UART without FIFOs at ports ");
    put_num(&l, d->io_base, 1);
    put_str(&l, "-");
    put_num(&l, d->io_base + d->io_size - 1u, 1);
    put_str(&l, ", IRQ ");
    put_num(&l, info->channel[d->irq_ch].irq, 0);
    put_str(&l, ", ");
    put_num(&l, BAUD, 0);
    put_str(&l, " 8N1");
    l.s[l.n] = 0;
    dddk_log(d, l.s);
}

static int ns16550_init(struct dddk_dev *d)
{
    const struct kaal_component_info *info = (const void *)KAAL_COMPONENT_INFO_VADDR;

    if (d->io_size < UART_PORTS) {
        dddk_fail(d, "the UART needs 8 I/O ports and fewer are granted",
                  "give the device ioports: {base: ..., size: 8} in the system description");
        return -1;
    }
    if (!(info->channel[KAAL_SERIAL_DRIVER_CH].flags & KAAL_CH_NOTIFY)) {
        dddk_fail(d, "no client is connected on channel 1 (KAAL_SERIAL_DRIVER_CH)",
                  "add a channel between the client and this driver with the driver's id 1, and "
                  "map the serial region at 0x30000000 in the driver");
        return -1;
    }
    if (!uart_present(d)) {
        dddk_fail(d,
                  "no UART answers at the granted I/O ports (the scratch register keeps nothing)",
                  "check ioports: in the system description; QEMU gives COM1, COM2, ... one per "
                  "-serial option");
        return -1;
    }
    kaal_serial_init(&uart.q, (void *)KAAL_SERIAL_DRIVER_VADDR);
    uart_setup(d);
    set_ier(d, IER_RLS);
    rx_drain(d); /* enables the receive interrupt */
    tx_fill(d);  /* asks the client to signal its first bytes */
    log_ready(d);
    return 0;
}

DDDK_DRIVER(ns16550, DDDK_FIXED, .ioports = 1, .irq = DDDK_IRQ_LEGACY, .init = ns16550_init,
            .irq_handler = ns16550_irq, .notified = ns16550_notified,
            .protected = ns16550_protected);
