/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kvformat: the kernel's only printf engine, and ksnprintf on top of it.
 * Portable C with no console behind it, so host tests check it directly.
 */
#include <lib/printf.h>

struct fmt_spec {
    int width;
    bool zero;
    bool left;
    bool alt;  /* '#': 0x before hex */
    int longs; /* 0 int, 1 long, 2 long long; 'z' counts as long */
};

struct out {
    kputc_fn put;
    void *ctx;
    int count;
};

static void emit(struct out *o, char c)
{
    o->put(c, o->ctx);
    o->count++;
}

static void pad(struct out *o, int n, char c)
{
    while (n-- > 0)
        emit(o, c);
}

static void emit_str(struct out *o, const char *s, const struct fmt_spec *sp)
{
    int len = 0;

    if (!s)
        s = "(null)";
    while (s[len])
        len++;
    if (!sp->left)
        pad(o, sp->width - len, ' ');
    for (int i = 0; i < len; i++)
        emit(o, s[i]);
    if (sp->left)
        pad(o, sp->width - len, ' ');
}

/* Emits an unsigned magnitude in base behind prefix ("-", "0x" or ""). */
static void emit_num(struct out *o, unsigned long long v, unsigned base, const char *prefix,
                     bool upper, const struct fmt_spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, plen = 0;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    while (prefix[plen])
        plen++;

    int len = n + plen;
    if (!sp->left && !sp->zero)
        pad(o, sp->width - len, ' ');
    for (int i = 0; i < plen; i++)
        emit(o, prefix[i]);
    if (!sp->left && sp->zero)
        pad(o, sp->width - len, '0');
    while (n)
        emit(o, tmp[--n]);
    if (sp->left)
        pad(o, sp->width - len, ' ');
}

static const char *parse_spec(const char *f, struct fmt_spec *sp)
{
    *sp = (struct fmt_spec){0};
    for (;; f++) {
        if (*f == '0')
            sp->zero = true;
        else if (*f == '-')
            sp->left = true;
        else if (*f == '#')
            sp->alt = true;
        else
            break;
    }
    while (*f >= '0' && *f <= '9')
        sp->width = sp->width * 10 + (*f++ - '0');
    while (*f == 'l' || *f == 'z') {
        sp->longs++;
        f++;
    }
    return f;
}

static unsigned long long arg_unsigned(va_list *ap, int longs)
{
    if (longs >= 2)
        return va_arg(*ap, unsigned long long);
    if (longs == 1)
        return va_arg(*ap, unsigned long);
    return va_arg(*ap, unsigned int);
}

static long long arg_signed(va_list *ap, int longs)
{
    if (longs >= 2)
        return va_arg(*ap, long long);
    if (longs == 1)
        return va_arg(*ap, long);
    return va_arg(*ap, int);
}

static void format_one(struct out *o, char conv, const struct fmt_spec *sp, va_list *ap)
{
    switch (conv) {
    case 'c':
        emit(o, (char)va_arg(*ap, int));
        break;
    case 's':
        emit_str(o, va_arg(*ap, const char *), sp);
        break;
    case 'd':
    case 'i': {
        long long v = arg_signed(ap, sp->longs);
        unsigned long long mag = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
        emit_num(o, mag, 10, v < 0 ? "-" : "", false, sp);
        break;
    }
    case 'u':
        emit_num(o, arg_unsigned(ap, sp->longs), 10, "", false, sp);
        break;
    case 'x':
    case 'X':
        emit_num(o, arg_unsigned(ap, sp->longs), 16, sp->alt ? "0x" : "", conv == 'X', sp);
        break;
    case 'p':
        emit_num(o, (uintptr_t)va_arg(*ap, void *), 16, "0x", false, sp);
        break;
    case '%':
        emit(o, '%');
        break;
    default: /* Unknown conversion: show it rather than guess at arguments. */
        emit(o, '%');
        emit(o, conv);
        break;
    }
}

int kvformat(kputc_fn put, void *ctx, const char *fmt, va_list ap)
{
    struct out o = {put, ctx, 0};
    struct fmt_spec sp;
    va_list args;

    va_copy(args, ap);
    while (*fmt) {
        if (*fmt != '%') {
            emit(&o, *fmt++);
            continue;
        }
        fmt = parse_spec(fmt + 1, &sp);
        if (!*fmt)
            break;
        format_one(&o, *fmt++, &sp, &args);
    }
    va_end(args);
    return o.count;
}

struct sbuf {
    char *buf;
    size_t size;
    size_t len;
};

static void sbuf_put(char c, void *ctx)
{
    struct sbuf *b = ctx;

    if (b->len + 1 < b->size)
        b->buf[b->len] = c;
    b->len++;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    struct sbuf b = {buf, size, 0};
    va_list ap;

    va_start(ap, fmt);
    int n = kvformat(sbuf_put, &b, fmt, ap);
    va_end(ap);
    if (size)
        buf[b.len < size ? b.len : size - 1] = '\0';
    return n;
}
