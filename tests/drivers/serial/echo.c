/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * echo: the serial class's test client (tests/drivers/serial.py).  It
 * writes a greeting through the driver, then answers each line it
 * receives with "echo: <line>\r\n".  A line ends at '\r', or at a '\n'
 * that does not follow a '\r'; a line longer than LINE_MAX is cut to it.
 * After the line "bye" it waits until the driver has sent everything,
 * logs the driver's counters next to its own, and ends the test with
 * DebugHalt.
 *
 * After the line "hold" it takes no input until every rx buffer waits on
 * rx active, so that the driver has none left and must hold input back in
 * the UART; the runner sends more than the buffers hold meanwhile.  The
 * echoes of that burst then outrun the tx buffers too.
 *
 * It is event-driven like any component: run() takes what the driver has
 * received, echoes, and returns to wait.  Each echo takes one tx buffer;
 * with none free, run() stops in the middle of the rx buffer it holds and
 * waits for the driver to return one.  Both waits follow the signalling
 * rule (docs/queues.md): the batch is signalled first, then prepare_wait.
 */
#include <kaal/class/serial.h>
#include <kaal/component.h>
#include <kaal/debug.h>
#include <sel4/arch/syscalls.h>

#define SERIAL_VADDR 0x20000000ul /* the serial region, as system.yaml maps it */
#define DRIVER_CH    0            /* the channel to the driver, as system.yaml numbers it */
#define PREFIX       "echo: "
#define PREFIX_LEN   (sizeof(PREFIX) - 1)
#define LINE_MAX     (KAAL_SERIAL_BUF_SIZE - PREFIX_LEN - 2) /* an echo fills one buffer at most */
#define GREETING     "KaaL serial echo: type a line\r\n"     /* longer than the UART's FIFO */
#define LAST_LINE    "bye"
#define HOLD_LINE    "hold"
#define IDLE_TRIES   100000 /* kaal_serial_info calls before the driver is deemed stuck */

static kaal_serial_t serial;
static uint32_t fresh;     /* tx buffers used so far, of KAAL_SERIAL_TX_BUFS */
static kaal_buf_desc_t in; /* the rx buffer being read */
static uint8_t *in_buf;    /* its bytes, or NULL if none is held */
static uint32_t in_off;    /* bytes of it taken */
static char line[LINE_MAX];
static uint32_t line_len;
static int after_cr;       /* the last byte taken was '\r' */
static int done;           /* LAST_LINE was echoed: no more input is taken */
static int holding;        /* HOLD_LINE was echoed: input stays queued (see hold_over) */
static seL4_Word received; /* bytes that came in rx buffers */
static seL4_Word sent;     /* bytes queued on tx active */
static seL4_Word lines;    /* lines echoed */

/* "[echo] ok: what" or "[echo] FAILED: what". */
static void say(int ok, const char *what)
{
    kaal_log(ok ? "ok: " : "FAILED: ");
    kaal_debug_puts(what);
    seL4_DebugPutChar('\n');
}

/* A tx buffer into *d: a fresh one, else one the driver returned; 0 if none is free now. */
static int take_tx(kaal_buf_desc_t *d, uint8_t **buf)
{
    for (;;) {
        if (fresh < KAAL_SERIAL_TX_BUFS)
            *d = kaal_serial_desc(KAAL_SERIAL_RX_BUFS + fresh++);
        else if (kaal_queue_dequeue(&serial.tx.free, d) != 0)
            return 0;
        *buf = kaal_serial_buf(&serial, d);
        if (*buf)
            return 1;
        say(0, "the driver returned a descriptor that names no buffer");
    }
}

static void copy(uint8_t *to, uint32_t *n, const char *from, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++)
        to[(*n)++] = (uint8_t)from[i];
}

/* Queues head, body and tail, together at most a buffer, in one tx buffer; 0, or -1 if no
 * buffer is free now. */
static int send(const char *head, uint32_t hl, const char *body, uint32_t bl, const char *tail,
                uint32_t tl)
{
    kaal_buf_desc_t d;
    uint8_t *buf;
    uint32_t n = 0;

    if (!take_tx(&d, &buf))
        return -1;
    copy(buf, &n, head, hl);
    copy(buf, &n, body, bl);
    copy(buf, &n, tail, tl);
    d.len = n;
    /* Cannot fail: a queue holds every buffer there is (serial.h). */
    if (kaal_queue_enqueue(&serial.tx.active, &d) != 0)
        say(0, "tx active is full");
    sent += n;
    return 0;
}

/* True if the line taken so far is s. */
static int line_is(const char *s)
{
    uint32_t i = 0;

    while (i < line_len && s[i] && line[i] == s[i])
        i++;
    return i == line_len && !s[i];
}

/* Echoes the line taken so far; 0, or -1 if no tx buffer is free now. */
static int echo_line(void)
{
    if (send(PREFIX, PREFIX_LEN, line, line_len, "\r\n", 2) != 0)
        return -1;
    lines++;
    done = line_is(LAST_LINE);
    holding = line_is(HOLD_LINE);
    line_len = 0;
    return 0;
}

/* Takes the bytes of the rx buffer held; 0 once all are taken, -1 if an echo found no tx
 * buffer (the byte that ends the line is taken again next time). */
static int take_input(void)
{
    for (; in_off < in.len && !done; in_off++) {
        char c = (char)in_buf[in_off];

        if (c == '\r' || (c == '\n' && !after_cr)) {
            if (echo_line() != 0)
                return -1;
        } else if (c != '\n' && line_len < LINE_MAX) {
            line[line_len++] = c;
        }
        after_cr = c == '\r';
    }
    return 0;
}

/* Waits until the driver has sent everything, then reports and ends the test. */
static void finish(void)
{
    struct kaal_serial_info_out info = {0};
    int tries = 0;

    do {
        if (kaal_serial_info(DRIVER_CH, &info) != 0) {
            say(0, "the driver does not answer kaal_serial_info");
            seL4_DebugHalt();
        }
    } while (!(info.flags & KAAL_SERIAL_TX_IDLE) && ++tries < IDLE_TRIES);
    say(tries < IDLE_TRIES, "the driver has sent every byte (its transmitter is idle)");
    kaal_log_num("lines echoed: ", lines);
    kaal_log_num("bytes received: ", received);
    kaal_log_num("bytes sent: ", sent);
    kaal_log_num("driver: bytes received: ", info.rx_bytes);
    kaal_log_num("driver: bytes sent: ", info.tx_bytes);
    kaal_log_num("driver: receive interrupts: ", info.rx_irqs);
    kaal_log_num("driver: transmit interrupts: ", info.tx_irqs);
    kaal_log_num("driver: overruns: ", info.overruns);
    say(info.rx_bytes == received && info.tx_bytes == sent,
        "the driver's byte counts are the client's");
    say(info.rx_irqs > 0 && info.tx_irqs > 0, "input and output went by interrupts");
    say(info.overruns == 0, "no byte was lost");
    seL4_DebugHalt(); /* the test is over (tests/drivers/serial.py) */
}

/* True if every rx buffer is queued on rx active: the driver holds none. */
static int driver_has_no_rx_buffer(void)
{
    /* Our own head, and the driver's tail, as kaal_queue_empty reads it. */
    uint32_t head = atomic_load_explicit(&serial.rx.active.shm->head, memory_order_relaxed);
    uint32_t tail = atomic_load_explicit(&serial.rx.active.shm->tail, memory_order_acquire);

    return tail - head >= KAAL_SERIAL_RX_BUFS;
}

/* While holding: true once the driver has no rx buffer left, and the hold is over; else false,
 * with a signal asked for on rx active (then re-checked, as prepare_wait does). */
static int hold_over(void)
{
    if (!driver_has_no_rx_buffer()) {
        kaal_queue_request_signal(&serial.rx.active);
        if (!driver_has_no_rx_buffer())
            return 0;
        kaal_queue_cancel_signal(&serial.rx.active);
    }
    holding = 0;
    say(1, "the driver ran out of rx buffers; input waited for them");
    return 1;
}

/* Takes and echoes what has come until there is nothing more to do now; then returns to wait. */
static void run(void)
{
    for (;;) {
        while (!done) {
            if (!in_buf) {
                if (holding || kaal_queue_dequeue(&serial.rx.active, &in) != 0)
                    break;
                in_buf = kaal_serial_buf(&serial, &in);
                in_off = 0;
                if (!in_buf) {
                    say(0, "the driver sent a descriptor that names no buffer");
                    continue;
                }
                received += in.len;
            }
            if (take_input() != 0)
                break;
            in.len = 0;
            kaal_queue_enqueue(&serial.rx.free, &in); /* cannot fail, as in send */
            in_buf = 0;
        }
        if (kaal_serial_client_signal(&serial))
            kaal_notify(DRIVER_CH);
        if (done) {
            finish();
            return;
        }
        if (holding && !in_buf) {
            if (!hold_over())
                return;
            continue;
        }
        /* Holding input means an echo waits for a tx buffer; else wait for input. */
        if (kaal_queue_prepare_wait(in_buf ? &serial.tx.free : &serial.rx.active))
            return;
    }
}

void init(void)
{
    kaal_serial_client_init(&serial, (void *)SERIAL_VADDR);
    send(GREETING, sizeof(GREETING) - 1, "", 0, "", 0);
    run();
}

void notified(unsigned int ch)
{
    if (ch == DRIVER_CH && !done)
        run();
}
