/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel command-line options (see lib/cmdline.h).  Later words win, as on Linux. */
#include <lib/cmdline.h>
#include <lib/string.h>

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The next word at or after *p: its start, with its length in *len; *p moves past it. */
static const char *next_word(const char **p, size_t *len)
{
    while (is_space(**p))
        (*p)++;
    const char *w = *p;
    while (**p && !is_space(**p))
        (*p)++;
    *len = (size_t)(*p - w);
    return w;
}

bool cmdline_get(const char *cmdline, const char *key, char *val, size_t size)
{
    size_t klen = strlen(key), wlen;
    bool found = false;

    if (!cmdline || size == 0)
        return false;
    for (const char *p = cmdline; *p;) {
        const char *w = next_word(&p, &wlen);
        if (wlen <= klen || strncmp(w, key, klen) != 0 || w[klen] != '=')
            continue;
        size_t n = 0;
        for (const char *v = w + klen + 1; v < p && n + 1 < size; v++)
            val[n++] = *v;
        val[n] = '\0';
        found = true;
    }
    return found;
}

/* True if the value [v, v + n) turns a flag on. */
static bool flag_on(const char *v, size_t n)
{
    return (n == 1 && v[0] == '1') || (n == 2 && !strncmp(v, "on", 2)) ||
           (n == 3 && !strncmp(v, "yes", 3));
}

bool cmdline_flag(const char *cmdline, const char *key)
{
    size_t klen = strlen(key), wlen;
    bool on = false;

    if (!cmdline)
        return false;
    for (const char *p = cmdline; *p;) {
        const char *w = next_word(&p, &wlen);
        if (wlen < klen || strncmp(w, key, klen) != 0)
            continue;
        if (wlen == klen)
            on = true;
        else if (w[klen] == '=')
            on = flag_on(w + klen + 1, wlen - klen - 1);
    }
    return on;
}
