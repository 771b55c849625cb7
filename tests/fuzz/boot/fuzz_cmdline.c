/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for the kernel command-line parser.  For any line, a value
 * found for a key must be NUL terminated within the buffer, must occur in
 * the line right after "key=", and must contain no blank.  The parser must
 * never read past the line's end (ASan watches the exact-size copy).
 */
#include <lib/cmdline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
    if (!ok)
        __builtin_trap();
}

static void check_key(const char *line, const char *key)
{
    char val[16], pattern[64];

    memset(val, 'x', sizeof(val));
    if (!cmdline_get(line, key, val, sizeof(val)))
        return;
    require(memchr(val, '\0', sizeof(val)) != NULL);
    require(!strpbrk(val, " \t\r\n"));
    snprintf(pattern, sizeof(pattern), "%s=%s", key, val);
    require(strstr(line, pattern) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = malloc(size + 1);

    memcpy(line, data, size);
    line[size] = '\0';
    check_key(line, "kaal.exit");
    check_key(line, "kaal.fault");
    check_key(line, "a");
    free(line);
    return 0;
}
