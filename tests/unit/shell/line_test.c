/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The shell's line editor (apps/shell/line.c), fed byte by byte as the
 * shell feeds it: the line it finishes and, where the screen matters, the
 * exact bytes it sends back to the terminal.
 */
#include "../../../apps/shell/line.h"
#include "test.h"

#include <stdio.h>

static struct line_ed ed;
static char screen[4096]; /* everything sent back since start(), NUL-terminated */
static size_t nscreen;
static char done[LINE_MAX + 1]; /* the last line finished */
static int ndone;

static void start(void)
{
    line_init(&ed, "$ ");
    line_prompt(&ed);
    nscreen = 0;
    ndone = 0;
    done[0] = '\0';
}

/* Feeds s (n bytes); collects the output and any finished line, then starts a new line. */
static void feed_n(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int r = line_feed(&ed, s[i]);
        CHECK(ed.nout <= LINE_OUT_MAX);
        memcpy(screen + nscreen, ed.out, ed.nout);
        nscreen += ed.nout;
        if (r == LINE_DONE) {
            snprintf(done, sizeof(done), "%s", ed.buf);
            ndone++;
            line_prompt(&ed);
            memcpy(screen + nscreen, ed.out, ed.nout);
            nscreen += ed.nout;
        }
    }
    screen[nscreen] = '\0';
}

static void feed(const char *s)
{
    feed_n(s, strlen(s));
}

static void typing_and_enter(void)
{
    start();
    feed("help\r");
    CHECK_STR(done, "help");
    CHECK_EQ(ndone, 1);
    CHECK_STR(screen, "help\r\n$ ");
}

static void line_ends(void)
{
    start();
    feed("a\rb\nc\r\nd\r");
    CHECK_EQ(ndone, 4); /* the \n of a \r\n ends no second line */
    CHECK_STR(done, "d");
    start();
    feed("\r\n");
    CHECK_EQ(ndone, 1);
    CHECK_STR(done, "");
    start();
    feed("\n\n");
    CHECK_EQ(ndone, 2); /* a \n alone ends a line each time */
}

static void backspace_and_delete(void)
{
    start();
    feed("kaal\x7f\x08L\r");
    CHECK_STR(done, "kaL");
    CHECK_STR(screen, "kaal\b \b\b \bL\r\n$ ");
    start();
    feed("\x7f\x08x\r"); /* nothing to erase */
    CHECK_STR(done, "x");
    CHECK_STR(screen, "x\r\n$ ");
}

static void arrows_insert_in_the_middle(void)
{
    start();
    feed("ecoh one\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D"); /* cursor after "eco" */
    CHECK_EQ(ed.cur, 3);
    feed("\x7f"); /* "ech one", cursor after "ec" */
    CHECK_STR(ed.buf, "ech one");
    CHECK_EQ(ed.cur, 2);
    feed("\x1b[C"); /* after "ech" */
    feed("o");
    CHECK_STR(ed.buf, "echo one");
    feed("\r");
    CHECK_STR(done, "echo one");
    /* The screen: each left a BS; an edit redraws from the change and moves back. */
    CHECK_STR(screen, "ecoh one\b\b\b\b\b"
                      "\bh one\x1b[K\b\b\b\b\b" /* DEL: one left, rewrite, erase, back */
                      "h"                       /* right: the character passed over */
                      "o one\x1b[K\b\b\b\b"     /* insert: rewrite from it, back to after it */
                      "\r\n$ ");
}

static void arrows_stop_at_the_ends(void)
{
    start();
    feed("ab\x1b[C\x1b[C\x1b[D\x1b[D\x1b[D\x1b[D");
    CHECK_EQ(ed.cur, 0);
    CHECK_STR(screen, "ab\b\b"); /* no move past either end */
    feed("X\x1bOC\x1bOCY\r");    /* ESC O C is right too */
    CHECK_STR(done, "XabY");
}

static void home_end_keys(void)
{
    start();
    feed("bc\x01"
         "a\x05"
         "d\r"); /* Ctrl-A, Ctrl-E */
    CHECK_STR(done, "abcd");
    start();
    feed("bc\x1b[Ha\x1b[Fd\x1b[1~0\x1b[4~9\r"); /* ESC [ H, F, 1~, 4~ */
    CHECK_STR(done, "0abcd9");
    start();
    feed("abc\x1b[D\x1b[D\x1b[3~\r"); /* ESC [ 3 ~ deletes under the cursor */
    CHECK_STR(done, "ac");
}

static void ctrl_u_and_ctrl_w(void)
{
    start();
    feed("xyz\x15"
         "echo u\r");
    CHECK_STR(done, "echo u");
    CHECK_STR(screen, "xyz\b\b\b\x1b[Kecho u\r\n$ ");
    start();
    feed("one two\x1b[D\x1b[D\x15\r"); /* Ctrl-U keeps what is after the cursor */
    CHECK_STR(done, "wo");
    start();
    feed("echo a  bb  \x17"
         "c\r"); /* Ctrl-W: the spaces, then the word */
    CHECK_STR(done, "echo a  c");
    start();
    feed("echo a b\x17"
         "c\r");
    CHECK_STR(done, "echo a c");
    CHECK_STR(screen, "echo a b\b \bc\r\n$ "); /* the last character: the plain erase */
}

static void ctrl_c_abandons(void)
{
    start();
    feed("abc\x03");
    CHECK_EQ(ndone, 0);
    CHECK_STR(screen, "abc^C\r\n$ ");
    feed("d\r");
    CHECK_STR(done, "d");
}

static void history_up_and_down(void)
{
    start();
    feed("one\rtwo\r");
    feed("thr");
    feed("\x1b[A");
    CHECK_STR(ed.buf, "two");
    feed("\x1b[A");
    CHECK_STR(ed.buf, "one");
    feed("\x1b[A"); /* no older line: stays */
    CHECK_STR(ed.buf, "one");
    feed("\x1b[B\x1b[B"); /* down past the newest: the line being typed comes back */
    CHECK_STR(ed.buf, "thr");
    feed("\x1b[B");
    CHECK_STR(ed.buf, "thr");
    feed("\x1b[A\r");
    CHECK_STR(done, "two");
    /* The redraw: to the start, the line, erase the rest. */
    start();
    feed("ab\rxyz\x1b[A");
    CHECK_STR(screen, "ab\r\n$ xyz\b\b\bab\x1b[K");
}

static void history_keeps_the_last_lines(void)
{
    char cmd[16];

    start();
    for (int i = 0; i < LINE_HISTORY + 3; i++) {
        snprintf(cmd, sizeof(cmd), "c%d\r", i);
        feed(cmd);
    }
    feed("same\rsame\r\r"); /* a repeat and an empty line are not kept */
    for (int i = 0; i < LINE_HISTORY + 5; i++)
        feed("\x1b[A");
    snprintf(cmd, sizeof(cmd), "c%d", 3 + 1); /* LINE_HISTORY - 1 of the c's, then "same" */
    CHECK_STR(ed.buf, cmd);
    CHECK_EQ(ed.nhist, LINE_HISTORY);
}

static void long_lines_and_odd_bytes(void)
{
    char big[LINE_MAX + 20];

    start();
    memset(big, 'a', sizeof(big));
    feed_n(big, sizeof(big));
    CHECK_EQ(ed.len, LINE_MAX);
    feed("\r");
    CHECK_EQ(strlen(done), LINE_MAX);
    start();
    feed("a\tb\x02\x1b[Zc\x1b[99;5Xd\x80"
         "\r"); /* tab, Ctrl-B, unknown sequences, a high byte */
    CHECK_STR(done, "abcd");
    /* The biggest redraw fits the output buffer: a full line, cursor at its start, insert. */
    start();
    feed_n(big, LINE_MAX - 1);
    feed("\x01"
         "b");
    CHECK(ed.nout <= LINE_OUT_MAX);
    CHECK_EQ(ed.nout, (unsigned)(LINE_MAX + 3 + LINE_MAX - 1));
}

TEST_CASES({typing_and_enter, "typing-and-enter"}, {line_ends, "line-ends"},
           {backspace_and_delete, "backspace-and-delete"},
           {arrows_insert_in_the_middle, "arrows-insert-in-the-middle"},
           {arrows_stop_at_the_ends, "arrows-stop-at-the-ends"}, {home_end_keys, "home-end-keys"},
           {ctrl_u_and_ctrl_w, "ctrl-u-and-ctrl-w"}, {ctrl_c_abandons, "ctrl-c-abandons"},
           {history_up_and_down, "history-up-and-down"},
           {history_keeps_the_last_lines, "history-keeps-the-last-lines"},
           {long_lines_and_odd_bytes, "long-lines-and-odd-bytes"});
TEST_MAIN("shell/line")
