/* SPDX-License-Identifier: BSD-2-Clause */
/* Splitting command lines and suggesting commands (cmd.h). */
#include "cmd.h"

#define WORD_MAX 31 /* longer words are never close to a command */
#define FAR      99

int cmd_split(char *line, char *argv[CMD_MAX_ARGS])
{
    char *in = line;
    int argc = 0;

    for (;;) {
        while (*in == ' ' || *in == '\t')
            in++;
        if (!*in)
            return argc;
        if (argc == CMD_MAX_ARGS)
            return -1;
        char *out = in; /* the word is rewritten in place, without its quotes */
        argv[argc++] = out;
        char quote = 0;
        for (; *in && (quote || (*in != ' ' && *in != '\t')); in++) {
            if (!quote && (*in == '\'' || *in == '"'))
                quote = *in;
            else if (quote && *in == quote)
                quote = 0;
            else
                *out++ = *in;
        }
        if (quote)
            return -1;
        int more = *in != '\0';
        *out = '\0';
        if (more)
            in++;
    }
}

static unsigned int length(const char *s)
{
    unsigned int n = 0;

    while (s[n])
        n++;
    return n;
}

static unsigned int min3(unsigned int a, unsigned int b, unsigned int c)
{
    unsigned int m = a < b ? a : b;

    return m < c ? m : c;
}

unsigned int cmd_distance(const char *a, const char *b)
{
    unsigned int la = length(a), lb = length(b);
    unsigned char d[WORD_MAX + 1][WORD_MAX + 1]; /* d[i][j]: a's first i against b's first j */

    if (la > WORD_MAX || lb > WORD_MAX)
        return FAR;
    for (unsigned int i = 0; i <= la; i++)
        d[i][0] = (unsigned char)i;
    for (unsigned int j = 0; j <= lb; j++)
        d[0][j] = (unsigned char)j;
    for (unsigned int i = 1; i <= la; i++)
        for (unsigned int j = 1; j <= lb; j++) {
            unsigned int v = min3(d[i - 1][j] + 1u, d[i][j - 1] + 1u,
                                  d[i - 1][j - 1] + (a[i - 1] != b[j - 1] ? 1u : 0u));
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1u < v)
                v = d[i - 2][j - 2] + 1u; /* two neighbours swapped */
            d[i][j] = (unsigned char)v;
        }
    return d[la][lb];
}

/* True if p is a proper prefix of s. */
static int starts(const char *s, const char *p)
{
    while (*p && *s == *p)
        s++, p++;
    return !*p && *s;
}

const char *cmd_suggest(const char *word, const char *const *names, unsigned int n)
{
    const char *prefixed = 0, *best = 0;
    unsigned int nprefixed = 0, best_d = FAR, limit = length(word) <= 4 ? 1 : 2;

    if (!*word)
        return 0;
    for (unsigned int i = 0; i < n; i++) {
        if (starts(names[i], word)) {
            prefixed = names[i];
            nprefixed++;
        }
        unsigned int d = cmd_distance(word, names[i]);
        if (d < best_d) {
            best = names[i];
            best_d = d;
        }
    }
    if (nprefixed == 1)
        return prefixed;
    return best_d <= limit ? best : 0;
}
