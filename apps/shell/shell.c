/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * shell: KaaL's native shell (docs/shell.md), a client of the serial class
 * (docs/class-serial.md) until the POSIX layer brings busybox.  It prints
 * the prompt "$ " and nothing before it: a system's main component greets
 * the user on the kernel's debug console, and the prompt follows.
 *
 * Input bytes go through the line editor (line.c); a finished line is run
 * by commands.c.  Everything the editor and the commands print goes into
 * the output ring (out.c), which is drained into the driver's transmit
 * buffers as they come free.  Input waits while output is pending, so a
 * command's output is never interleaved with the echo of what is typed
 * next, and the ring holds at most one command's output.  The queues
 * follow the signalling rule of docs/queues.md, as the console test
 * client (tests/drivers/console/console.c) does.
 *
 * reboot and poweroff wait until the driver reports its transmitter idle,
 * so their last line is on the wire, then ask the root server.
 *
 * The system description maps the serial region at SHELL_SERIAL_VADDR and
 * connects the driver on channel SHELL_DRIVER_CH, with pp towards the
 * driver (tests/shell/system.yaml).
 */
#include "commands.h"
#include "files.h"
#include "line.h"
#include "out.h"

#include <kaal/class/serial.h>
#include <kaal/component.h>

#define SHELL_SERIAL_VADDR 0x20000000ul
#define SHELL_DRIVER_CH    0
#define PROMPT             "$ "
#define IDLE_TRIES         100000 /* kaal_serial_info calls before the driver is deemed stuck */

static kaal_serial_t serial;
static struct line_ed ed;
static uint32_t fresh;     /* tx buffers used so far, of KAAL_SERIAL_TX_BUFS */
static kaal_buf_desc_t in; /* the rx buffer being read */
static uint8_t *in_buf;    /* its bytes, or NULL if none is held */
static uint32_t in_off;    /* bytes of it taken */

/* Moves output from the ring into free tx buffers; true once the ring is empty. */
static int drain(void)
{
    while (out_pending()) {
        kaal_buf_desc_t d;
        if (fresh < KAAL_SERIAL_TX_BUFS)
            d = kaal_serial_desc(KAAL_SERIAL_RX_BUFS + fresh++);
        else if (kaal_queue_dequeue(&serial.tx.free, &d) != 0)
            return 0;
        uint8_t *b = kaal_serial_buf(&serial, &d);
        if (!b) {
            kaal_log("FAILED: the driver returned a descriptor that names no buffer\n");
            continue;
        }
        d.len = out_take((char *)b, KAAL_SERIAL_BUF_SIZE);
        kaal_queue_enqueue(&serial.tx.active, &d); /* cannot fail: a queue holds every buffer */
    }
    return 1;
}

/* The next input byte, or -1 if none has come. */
static int next_byte(void)
{
    while (!in_buf || in_off == in.len) {
        if (in_buf) { /* used up: lend it to the driver again */
            in.len = 0;
            kaal_queue_enqueue(&serial.rx.free, &in);
            in_buf = 0;
        }
        if (kaal_queue_dequeue(&serial.rx.active, &in) != 0)
            return -1;
        in_buf = kaal_serial_buf(&serial, &in);
        in_off = 0;
        if (!in_buf)
            kaal_log("FAILED: the driver sent a descriptor that names no buffer\n");
    }
    return in_buf[in_off++];
}

void shell_flush(void)
{
    while (!drain()) {
        if (kaal_serial_client_signal(&serial))
            kaal_notify(SHELL_DRIVER_CH);
        if (kaal_queue_prepare_wait(&serial.tx.free))
            kaal_wait(1ull << SHELL_DRIVER_CH);
    }
    if (kaal_serial_client_signal(&serial))
        kaal_notify(SHELL_DRIVER_CH);
}

/* Feeds one byte to the editor and runs a finished line. */
static void take(char c)
{
    int done = line_feed(&ed, c);

    out_bytes(ed.out, ed.nout);
    if (done != LINE_DONE)
        return;
    commands_run(ed.buf);
    if (commands_power_op == COMMANDS_NO_POWER) {
        line_prompt(&ed);
        out_bytes(ed.out, ed.nout);
    }
}

/* Waits until the driver has put every byte on the wire (reboot and poweroff go after). */
static void wait_sent(void)
{
    struct kaal_serial_info_out info = {0};

    for (int tries = 0; tries < IDLE_TRIES; tries++)
        if (kaal_serial_info(SHELL_DRIVER_CH, &info) != 0 || (info.flags & KAAL_SERIAL_TX_IDLE))
            return;
}

/* Answers what has come until there is nothing more to do now; then returns to wait. */
static void run(void)
{
    for (;;) {
        int empty = drain();
        int c = 0;
        while (empty && commands_power_op == COMMANDS_NO_POWER && (c = next_byte()) >= 0) {
            take((char)c);
            empty = drain();
        }
        if (kaal_serial_client_signal(&serial))
            kaal_notify(SHELL_DRIVER_CH);
        if (empty && commands_power_op != COMMANDS_NO_POWER) {
            wait_sent();
            commands_power(); /* returns only if it failed, having said why */
            line_prompt(&ed);
            out_bytes(ed.out, ed.nout);
            continue;
        }
        /* Output held back waits for a tx buffer; otherwise wait for input. */
        if (kaal_queue_prepare_wait(empty ? &serial.rx.active : &serial.tx.free))
            return;
    }
}

void init(void)
{
    kaal_serial_client_init(&serial, (void *)SHELL_SERIAL_VADDR);
    line_init(&ed, PROMPT);
    line_prompt(&ed);
    out_bytes(ed.out, ed.nout);
    run();
}

void notified(unsigned int ch)
{
    if (ch == SHELL_DRIVER_CH)
        run();
}
