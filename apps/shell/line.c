/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The line editor (line.h).  The screen is kept in step with ed->buf by
 * one rule: after each key the terminal's cursor sits after the prompt
 * plus ed->cur characters.  Edits in the middle move left to the first
 * changed character, rewrite from there to the end, erase what is left
 * of the old line (ESC [ K) and move back to the cursor.
 */
#include "line.h"

#define CTRL(c) ((c)&0x1f)
#define ESC     0x1b
#define DEL     0x7f

static unsigned int str_len(const char *s)
{
    unsigned int n = 0;

    while (s[n])
        n++;
    return n;
}

static void str_copy(char *dst, const char *src)
{
    while ((*dst++ = *src++))
        ;
}

static int str_same(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static void emit(struct line_ed *ed, char c)
{
    if (ed->nout < LINE_OUT_MAX)
        ed->out[ed->nout++] = c;
}

static void emit_str(struct line_ed *ed, const char *s, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++)
        emit(ed, s[i]);
}

static void left(struct line_ed *ed, unsigned int n)
{
    while (n--)
        emit(ed, '\b');
}

/* The screen shows the line as it was up to from and the cursor at old; makes it show ed->buf
 * with the cursor at ed->cur. */
static void redraw_from(struct line_ed *ed, unsigned int from, unsigned int old)
{
    left(ed, old - from);
    emit_str(ed, ed->buf + from, ed->len - from);
    emit_str(ed, "\x1b[K", 3);
    left(ed, ed->len - ed->cur);
}

/* Replaces the whole line with s, cursor at its end (history). */
static void show(struct line_ed *ed, const char *s)
{
    unsigned int old = ed->cur;

    str_copy(ed->buf, s);
    ed->len = ed->cur = str_len(s);
    redraw_from(ed, 0, old);
}

void line_init(struct line_ed *ed, const char *prompt)
{
    *ed = (struct line_ed){.prompt = prompt};
}

/* An empty line, the history's browsing back at the end. */
static void fresh_line(struct line_ed *ed)
{
    ed->len = ed->cur = 0;
    ed->buf[0] = '\0';
    ed->browse = ed->nhist;
}

void line_prompt(struct line_ed *ed)
{
    ed->nout = 0;
    fresh_line(ed);
    emit_str(ed, ed->prompt, str_len(ed->prompt));
}

static void insert(struct line_ed *ed, char c)
{
    if (ed->len == LINE_MAX)
        return;
    for (unsigned int i = ed->len + 1; i > ed->cur; i--)
        ed->buf[i] = ed->buf[i - 1];
    ed->buf[ed->cur] = c;
    ed->len++;
    if (++ed->cur == ed->len)
        emit(ed, c); /* at the end: no redraw */
    else
        redraw_from(ed, ed->cur - 1, ed->cur - 1);
}

/* Deletes n characters from position at and leaves the cursor there. */
static void erase(struct line_ed *ed, unsigned int at, unsigned int n)
{
    unsigned int old = ed->cur;

    for (unsigned int i = at; i + n <= ed->len; i++)
        ed->buf[i] = ed->buf[i + n];
    ed->len -= n;
    ed->cur = at;
    if (old == ed->len + n && n == 1 && at + 1 == old)
        emit_str(ed, "\b \b", 3); /* the last character: the classic erase */
    else
        redraw_from(ed, at, old);
}

static void erase_word(struct line_ed *ed)
{
    unsigned int at = ed->cur;

    while (at > 0 && ed->buf[at - 1] == ' ')
        at--;
    while (at > 0 && ed->buf[at - 1] != ' ')
        at--;
    if (at < ed->cur)
        erase(ed, at, ed->cur - at);
}

static void history_add(struct line_ed *ed)
{
    if (ed->len == 0 || (ed->nhist && str_same(ed->hist[ed->nhist - 1], ed->buf)))
        return;
    if (ed->nhist == LINE_HISTORY) {
        for (unsigned int i = 1; i < LINE_HISTORY; i++)
            str_copy(ed->hist[i - 1], ed->hist[i]);
        ed->nhist--;
    }
    str_copy(ed->hist[ed->nhist++], ed->buf);
}

/* Up (dir -1) or down (+1) through the history. */
static void browse(struct line_ed *ed, int dir)
{
    if (dir < 0 && ed->browse == 0)
        return;
    if (dir > 0 && ed->browse >= ed->nhist)
        return;
    if (ed->browse == ed->nhist)
        str_copy(ed->typed, ed->buf);
    ed->browse = dir < 0 ? ed->browse - 1 : ed->browse + 1;
    show(ed, ed->browse == ed->nhist ? ed->typed : ed->hist[ed->browse]);
}

static void home(struct line_ed *ed)
{
    left(ed, ed->cur);
    ed->cur = 0;
}

static void end(struct line_ed *ed)
{
    emit_str(ed, ed->buf + ed->cur, ed->len - ed->cur);
    ed->cur = ed->len;
}

/* The final byte of an escape sequence (ESC [ x or ESC O x), with ESC [ n ~'s n in ed->esc_arg. */
static void escape_key(struct line_ed *ed, char c)
{
    if (c == '~')
        c = ed->esc_arg == '1' || ed->esc_arg == '7'   ? 'H'
            : ed->esc_arg == '4' || ed->esc_arg == '8' ? 'F'
            : ed->esc_arg == '3'                       ? 'x'
                                                       : 0;
    switch (c) {
    case 'A':
        browse(ed, -1);
        break;
    case 'B':
        browse(ed, 1);
        break;
    case 'C':
        if (ed->cur < ed->len)
            emit(ed, ed->buf[ed->cur++]);
        break;
    case 'D':
        if (ed->cur > 0) {
            emit(ed, '\b');
            ed->cur--;
        }
        break;
    case 'H':
        home(ed);
        break;
    case 'F':
        end(ed);
        break;
    case 'x':
        if (ed->cur < ed->len)
            erase(ed, ed->cur, 1);
        break;
    default:
        break;
    }
}

/* Takes a byte of an escape sequence; true while the sequence goes on. */
static int escape(struct line_ed *ed, char c)
{
    if (ed->esc == 1) {
        ed->esc = c == '[' || c == 'O' ? 2 : 0;
        ed->esc_arg = 0;
        return 1;
    }
    if ((c >= '0' && c <= '9') || c == ';') {
        ed->esc_arg = ed->esc_arg ? ed->esc_arg : c;
        return 1;
    }
    ed->esc = 0;
    if (c >= 0x40 && c <= 0x7e)
        escape_key(ed, c);
    return 1;
}

/* A control key (below 0x20, or DEL). */
static void control(struct line_ed *ed, char c)
{
    switch (c) {
    case CTRL('A'):
        home(ed);
        break;
    case CTRL('E'):
        end(ed);
        break;
    case CTRL('U'):
        if (ed->cur)
            erase(ed, 0, ed->cur);
        break;
    case CTRL('W'):
        erase_word(ed);
        break;
    case CTRL('C'):
        emit_str(ed, "^C\r\n", 4);
        fresh_line(ed);
        emit_str(ed, ed->prompt, str_len(ed->prompt));
        break;
    case '\b':
    case DEL:
        if (ed->cur)
            erase(ed, ed->cur - 1, 1);
        break;
    case ESC:
        ed->esc = 1;
        break;
    default:
        break;
    }
}

int line_feed(struct line_ed *ed, char c)
{
    int after_cr = ed->after_cr;

    ed->nout = 0;
    ed->after_cr = c == '\r';
    if (ed->esc && escape(ed, c))
        return LINE_MORE;
    if (c == '\r' || (c == '\n' && !after_cr)) {
        emit_str(ed, "\r\n", 2);
        ed->buf[ed->len] = '\0';
        history_add(ed);
        ed->browse = ed->nhist;
        return LINE_DONE;
    }
    if (c >= ' ' && c < DEL)
        insert(ed, c);
    else
        control(ed, c);
    return LINE_MORE;
}
