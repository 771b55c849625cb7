/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The shell's line editor: a byte of terminal input in, the bytes that
 * redraw the line out, and now and then a finished line.  Pure C with no
 * kernel or C library dependency, so the host unit tests drive it byte by
 * byte (tests/unit/shell/line_test.c) exactly as the shell does.
 *
 * Keys (docs/shell.md):
 *   printable      inserted at the cursor
 *   BS, DEL        erase the character before the cursor
 *   ESC [ D / C    cursor left / right (also ESC O D / C)
 *   ESC [ A / B    the previous / next line of the history
 *   ESC [ H / F    start / end of the line (also ESC [ 1 ~, ESC [ 4 ~)
 *   ESC [ 3 ~      erase the character under the cursor
 *   Ctrl-A, Ctrl-E start, end of the line
 *   Ctrl-U         erase from the start of the line to the cursor
 *   Ctrl-W         erase the word before the cursor
 *   Ctrl-C         abandon the line: "^C", a new line and the prompt
 *   CR, LF, CRLF   end the line (the LF of a CRLF is not a second line)
 * Anything else is ignored.  Output moves the cursor with BS and redraws
 * with plain bytes and ESC [ K (erase to the end of the line), which every
 * terminal since the VT100 understands.
 */
#pragma once

#define LINE_MAX     120 /* characters in a line */
#define LINE_HISTORY 8   /* lines kept for up and down */
/* The most output one byte of input makes: a whole redraw of the line after the prompt. */
#define LINE_PROMPT_MAX 16
#define LINE_OUT_MAX    (2 * LINE_MAX + LINE_PROMPT_MAX + 16)

struct line_ed {
    char buf[LINE_MAX + 1]; /* the line, NUL-terminated */
    unsigned int len, cur;  /* its length and the cursor's place in it */
    char hist[LINE_HISTORY][LINE_MAX + 1];
    unsigned int nhist;       /* lines in hist, oldest first */
    unsigned int browse;      /* the history line shown; nhist: the line being typed */
    char typed[LINE_MAX + 1]; /* that line, kept while the history is browsed */
    unsigned int esc;         /* escape sequence state: 0 none, 1 ESC seen, 2 ESC [ or ESC O */
    char esc_arg;             /* the digit of ESC [ n ~, or 0 */
    int after_cr;             /* the last byte was CR: a LF now ends nothing */
    const char *prompt;       /* at most LINE_PROMPT_MAX bytes */
    char out[LINE_OUT_MAX];   /* what the last byte made for the terminal */
    unsigned int nout;
};

/* What line_feed reports. */
#define LINE_MORE 0 /* nothing finished: keep feeding */
#define LINE_DONE 1 /* ed->buf holds a finished line (until the next line_feed or line_prompt) */

/* Starts an editor with this prompt (kept by pointer); writes nothing. */
void line_init(struct line_ed *ed, const char *prompt);

/* Takes one byte of input.  ed->out[0 .. ed->nout) is what to send to the terminal (for a
 * finished line, "\r\n"); returns LINE_DONE or LINE_MORE. */
int line_feed(struct line_ed *ed, char c);

/* Starts a new empty line: ed->out holds the prompt. */
void line_prompt(struct line_ed *ed);
