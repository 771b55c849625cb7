/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A log line with numbers anywhere in it, such as "6 * 7 = 42".
 * kaal_log_num puts one number at the end of a line; this builds the whole
 * line in a buffer and prints it with kaal_log.  Text past LOGLINE_MAX
 * characters is cut off.
 */
#pragma once

#include <kaal/component.h>

#define LOGLINE_MAX 120

struct logline {
    char buf[LOGLINE_MAX + 2]; /* the text, a newline and a NUL */
    unsigned int len;
};

/* Starts an empty line. */
static inline void logline_start(struct logline *l)
{
    l->len = 0;
}

/* Appends the string s. */
static inline void logline_str(struct logline *l, const char *s)
{
    while (*s && l->len < LOGLINE_MAX)
        l->buf[l->len++] = *s++;
}

/* Appends v in decimal. */
static inline void logline_num(struct logline *l, seL4_Word v)
{
    char digits[20]; /* 2^64 - 1 has 20 */
    unsigned int n = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n && l->len < LOGLINE_MAX)
        l->buf[l->len++] = digits[--n];
}

/* Prints the line as "[name] text" and a newline. */
static inline void logline_print(struct logline *l)
{
    l->buf[l->len++] = '\n';
    l->buf[l->len] = '\0';
    kaal_log(l->buf);
}
