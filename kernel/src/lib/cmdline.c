/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel command-line options (see lib/cmdline.h).  Later words win, as on Linux. */
#include <lib/cmdline.h>
#include <lib/string.h>

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool cmdline_get(const char *cmdline, const char *key, char *val, size_t size)
{
    size_t klen = strlen(key);
    bool found = false;

    if (!cmdline || size == 0)
        return false;
    for (const char *p = cmdline; *p;) {
        while (is_space(*p))
            p++;
        const char *w = p;
        while (*p && !is_space(*p))
            p++;
        if ((size_t)(p - w) <= klen || strncmp(w, key, klen) != 0 || w[klen] != '=')
            continue;
        size_t n = 0;
        for (const char *v = w + klen + 1; v < p && n + 1 < size; v++)
            val[n++] = *v;
        val[n] = '\0';
        found = true;
    }
    return found;
}
