/* SPDX-License-Identifier: BSD-2-Clause */
/* The shell's output ring and number formatting (out.h). */
#include "out.h"

static char ring[OUT_SIZE];
static unsigned int head, tail; /* bytes taken, bytes written: both grow, indexes mod OUT_SIZE */
uint64_t out_lost;

static void (*sink)(const char *s, unsigned int n);

void out_redirect(void (*to)(const char *s, unsigned int n))
{
    sink = to;
}

/* One byte into the ring; false (counted lost) if it is full. */
static int put(char c)
{
    if (tail - head == OUT_SIZE) {
        out_lost++;
        return 0;
    }
    ring[tail++ % OUT_SIZE] = c;
    return 1;
}

void out_bytes(const char *s, unsigned int n)
{
    if (sink) { /* the terminal's "\r\n" is "\n" in a file */
        unsigned int start = 0;
        for (unsigned int i = 0; i + 1 < n; i++)
            if (s[i] == '\r' && s[i + 1] == '\n') {
                sink(s + start, i - start);
                start = i + 1;
            }
        sink(s + start, n - start);
        return;
    }
    for (unsigned int i = 0; i < n; i++)
        if (!put(s[i])) {
            out_lost += n - i - 1;
            return;
        }
}

void out_text(const char *s, unsigned int n)
{
    if (sink) {
        sink(s, n);
        return;
    }
    for (unsigned int i = 0; i < n; i++)
        if ((s[i] == '\n' && !put('\r')) || !put(s[i])) {
            out_lost += n - i - 1;
            return;
        }
}

void out_str(const char *s)
{
    unsigned int n = 0;

    while (s[n])
        n++;
    out_bytes(s, n);
}

/* v in base (10 or 16) into the end of buf[24]; returns where the digits start. */
static char *digits(uint64_t v, unsigned int base, char buf[24])
{
    char *p = buf + 23;

    *p = '\0';
    do {
        *--p = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    return p;
}

void out_dec(uint64_t v)
{
    char buf[24];

    out_str(digits(v, 10, buf));
}

void out_hex(uint64_t v)
{
    char buf[24];

    out_str("0x");
    out_str(digits(v, 16, buf));
}

void out_pad(const char *s, unsigned int width)
{
    unsigned int n = 0;

    while (s[n])
        n++;
    out_bytes(s, n);
    for (; n < width; n++)
        out_bytes(" ", 1);
}

void out_dec_pad(uint64_t v, unsigned int width)
{
    char buf[24];
    char *d = digits(v, 10, buf);

    for (unsigned int n = (unsigned int)(buf + 23 - d); n < width; n++)
        out_bytes(" ", 1);
    out_str(d);
}

void out_size(uint64_t bytes)
{
    if (bytes < 1024) {
        out_dec(bytes);
        out_str(" bytes");
    } else if (bytes < (1u << 20)) {
        out_dec(bytes >> 10);
        out_str(" KiB");
    } else {
        out_dec(bytes >> 20);
        out_str(" MiB");
    }
}

unsigned int out_pending(void)
{
    return tail - head;
}

unsigned int out_take(char *dst, unsigned int max)
{
    unsigned int n = 0;

    while (n < max && head != tail)
        dst[n++] = ring[head++ % OUT_SIZE];
    return n;
}
