/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * console: the system console at user level, on COM1 through the 16550
 * driver (tests/drivers/serial.py, drivers/ns16550-console).  It writes a
 * banner and a prompt, echoes what is typed as a terminal would, and
 * answers each line with "you typed: <line>" and a new prompt.  The line
 * "halt" is answered with "halting"; once the driver has sent every byte,
 * the console ends the run with DebugHalt.
 *
 * Input: a printable byte is kept and echoed, up to LINE_MAX of them; a
 * backspace (BS or DEL) erases the last one on the screen too; '\r' ends a
 * line, and so does a '\n' that does not follow a '\r'; other bytes are
 * ignored.
 *
 * Output goes into one tx buffer at a time, queued at the end of each
 * batch of input or when the next byte's output would not fit.  With no tx
 * buffer free, the console stops before the byte it could not answer and
 * waits for the driver to return one, following the signalling rule of
 * docs/queues.md as tests/drivers/serial/echo.c does.
 *
 * It writes nothing of its own on the kernel's debug console, which shares
 * the wire, unless something is wrong ("[console] FAILED: ...").
 */
#include <kaal/class/serial.h>
#include <kaal/component.h>
#include <kaal/debug.h>
#include <sel4/arch/syscalls.h>

#define SERIAL_VADDR 0x20000000ul /* the serial region, as system.yaml maps it */
#define DRIVER_CH    0            /* the channel to the driver, as system.yaml numbers it */
#define BANNER       "Welcome to KaaL!\r\n"
#define PROMPT       "$ "
#define ANSWER       "you typed: "
#define HALT_LINE    "halt"
#define HALTING      "halting\r\n"
#define ERASE        "\b \b" /* a backspace on the screen */
#define LINE_MAX     100
#define LEN(s)       (sizeof(s) - 1)
/* The most one byte of input makes: the end of a line of LINE_MAX bytes. */
#define LINE_END_MAX (2 + LEN(ANSWER) + LINE_MAX + 2 + LEN(HALTING))
#define IDLE_TRIES   100000 /* kaal_serial_info calls before the driver is deemed stuck */

_Static_assert(LEN(HALTING) >= LEN(PROMPT), "LINE_END_MAX counts the longer of the two");
_Static_assert(LINE_END_MAX <= KAAL_SERIAL_BUF_SIZE, "a line's answer fits in one tx buffer");

static kaal_serial_t serial;
static uint32_t fresh;      /* tx buffers used so far, of KAAL_SERIAL_TX_BUFS */
static kaal_buf_desc_t out; /* the tx buffer being written; len counts its bytes */
static uint8_t *out_buf;    /* its bytes, or NULL if none is held */
static kaal_buf_desc_t in;  /* the rx buffer being read */
static uint8_t *in_buf;     /* its bytes, or NULL if none is held */
static uint32_t in_off;     /* bytes of it taken */
static char line[LINE_MAX];
static uint32_t line_len;
static int after_cr; /* the last byte taken was '\r' */
static int halting;  /* HALT_LINE was answered: no more input is taken */

static void fail(const char *what)
{
    kaal_log("FAILED: ");
    kaal_debug_puts(what);
    seL4_DebugPutChar('\n');
}

/* Queues the tx buffer being written, if it holds anything. */
static void flush(void)
{
    if (!out_buf || out.len == 0)
        return;
    /* Cannot fail: a queue holds every buffer there is (serial.h). */
    if (kaal_queue_enqueue(&serial.tx.active, &out) != 0)
        fail("tx active is full");
    out_buf = 0;
}

/* Makes room for n bytes of output: 0, or -1 if that needs a tx buffer and none is free now. */
static int room(uint32_t n)
{
    if (out_buf && out.len + n > KAAL_SERIAL_BUF_SIZE)
        flush();
    while (!out_buf) {
        if (fresh < KAAL_SERIAL_TX_BUFS)
            out = kaal_serial_desc(KAAL_SERIAL_RX_BUFS + fresh++);
        else if (kaal_queue_dequeue(&serial.tx.free, &out) != 0)
            return -1;
        out.len = 0;
        out_buf = kaal_serial_buf(&serial, &out);
        if (!out_buf)
            fail("the driver returned a descriptor that names no buffer");
    }
    return 0;
}

/* Appends n bytes to the tx buffer held; room() has made room for them. */
static void put(const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        out_buf[out.len++] = (uint8_t)s[i];
}

/* True if the line typed is s. */
static int line_is(const char *s)
{
    uint32_t i = 0;

    while (i < line_len && s[i] && line[i] == s[i])
        i++;
    return i == line_len && !s[i];
}

/* The end of a line: a new line on the screen, the answer, and a prompt (or the goodbye). */
static void end_line(void)
{
    put("\r\n", 2);
    if (line_len > 0) {
        put(ANSWER, LEN(ANSWER));
        put(line, line_len);
        put("\r\n", 2);
    }
    halting = line_is(HALT_LINE);
    if (halting)
        put(HALTING, LEN(HALTING));
    else
        put(PROMPT, LEN(PROMPT));
    line_len = 0;
}

/* Takes one byte of input and writes what it makes; 0, or -1 if there was no room for that. */
static int take(char c)
{
    int ends = c == '\r' || (c == '\n' && !after_cr);

    if (room(ends ? LINE_END_MAX : LEN(ERASE)) != 0)
        return -1;
    if (ends) {
        end_line();
    } else if ((c == '\b' || c == 0x7f) && line_len > 0) {
        line_len--;
        put(ERASE, LEN(ERASE));
    } else if (c >= ' ' && c <= '~' && line_len < LINE_MAX) {
        line[line_len++] = c;
        put(&c, 1);
    }
    after_cr = c == '\r';
    return 0;
}

/* Takes the bytes of the rx buffer held; 0 once all are taken (or the console halts), -1 if
 * a byte found no room for its output (it is taken again next time). */
static int take_input(void)
{
    for (; in_off < in.len && !halting; in_off++) {
        if (take((char)in_buf[in_off]) != 0)
            return -1;
    }
    return 0;
}

/* Waits until the driver has sent everything, then ends the run. */
static void finish(void)
{
    struct kaal_serial_info_out info = {0};
    int tries = 0;

    do {
        if (kaal_serial_info(DRIVER_CH, &info) != 0) {
            fail("the driver does not answer kaal_serial_info");
            break;
        }
    } while (!(info.flags & KAAL_SERIAL_TX_IDLE) && ++tries < IDLE_TRIES);
    if (tries == IDLE_TRIES)
        fail("the driver's transmitter never went idle");
    seL4_DebugHalt(); /* the run is over (tests/drivers/serial.py) */
}

/* Takes and answers what has come until there is nothing more to do now; then returns to wait. */
static void run(void)
{
    for (;;) {
        while (!halting) {
            if (!in_buf) {
                if (kaal_queue_dequeue(&serial.rx.active, &in) != 0)
                    break;
                in_buf = kaal_serial_buf(&serial, &in);
                in_off = 0;
                if (!in_buf) {
                    fail("the driver sent a descriptor that names no buffer");
                    continue;
                }
            }
            if (take_input() != 0)
                break;
            in.len = 0;
            kaal_queue_enqueue(&serial.rx.free, &in); /* cannot fail, as in flush */
            in_buf = 0;
        }
        flush();
        if (kaal_serial_client_signal(&serial))
            kaal_notify(DRIVER_CH);
        if (halting) {
            finish();
            return;
        }
        /* Input held back means its answer waits for a tx buffer; else wait for input. */
        if (kaal_queue_prepare_wait(in_buf ? &serial.tx.free : &serial.rx.active))
            return;
    }
}

void init(void)
{
    kaal_serial_client_init(&serial, (void *)SERIAL_VADDR);
    room(LEN(BANNER) + LEN(PROMPT)); /* every tx buffer is free now */
    put(BANNER PROMPT, LEN(BANNER) + LEN(PROMPT));
    run();
}

void notified(unsigned int ch)
{
    if (ch == DRIVER_CH && !halting)
        run();
}
