/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libcheck: the C library a component gets (musl), checked from init().
 * Each check prints "ok: ..." or "FAILED: ..." through printf, so the
 * lines themselves show that stdout reaches the log with the component's
 * name; tests/system/scenarios.py looks for each ok line in order.
 */
#include <errno.h>
#include <kaal/component.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BLOCKS 120

static _Thread_local int tls_value = 42; /* from the ELF's TLS image: musl copies it at start */

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAILED", what);
}

static void formats(void)
{
    char buf[8];
    int n;

    printf("ok: printf %d %s %x %lu %5.2f|%-4s|\n", -42, "str", 0xbeefu, ULONG_MAX, 3.14159, "ab");
    n = snprintf(buf, sizeof(buf), "%s", "truncated text");
    check(n == 14 && strcmp(buf, "truncat") == 0, "snprintf truncates and counts the whole");
    fputs("ok: stderr reaches the log too\n", stderr);
}

/* The byte pattern of block i at offset j. */
static unsigned char pattern(unsigned int i, size_t j)
{
    return (unsigned char)(i * 31 + j * 7);
}

static int holds(const unsigned char *p, unsigned int i, size_t len)
{
    for (size_t j = 0; j < len; j++)
        if (p[j] != pattern(i, j))
            return 0;
    return 1;
}

static void heap(void)
{
    static unsigned char *blk[BLOCKS];
    static size_t len[BLOCKS];
    int ok = 1;

    for (unsigned int i = 0; i < BLOCKS; i++) {
        len[i] = 1 + (i * 97) % 1500;
        blk[i] = malloc(len[i]);
        ok &= blk[i] != NULL;
        for (size_t j = 0; blk[i] && j < len[i]; j++)
            blk[i][j] = pattern(i, j);
    }
    for (unsigned int i = 0; i < BLOCKS; i += 3) { /* free a third, grow a third */
        free(blk[i]);
        blk[i] = NULL;
        unsigned char *q = realloc(blk[i + 1], len[i + 1] * 2);
        ok &= q != NULL && holds(q, i + 1, len[i + 1]);
        if (q)
            blk[i + 1] = q;
    }
    for (unsigned int i = 0; i < BLOCKS; i++)
        ok &= !blk[i] || holds(blk[i], i, len[i]);
    check(ok, "120 blocks malloc'd, a third freed, a third realloc'd: contents intact");

    void *huge = malloc(1 << 20);
    check(huge == NULL && errno == ENOMEM, "malloc beyond the heap returns NULL, errno ENOMEM");
    check(realloc(blk[1], 1 << 20) == NULL && holds(blk[1], 1, len[1]) && malloc(2 << 20) == NULL,
          "realloc and malloc beyond the heap again: NULL, the block kept, not logged again");
    for (unsigned int i = 0; i < BLOCKS; i++)
        ok &= !blk[i] || holds(blk[i], i, len[i]);
    check(ok, "the blocks are intact after the refusal");
    for (unsigned int i = 0; i < BLOCKS; i++)
        free(blk[i]);

    unsigned int *z = calloc(40000, sizeof(*z)); /* 160 KB: only fits once the blocks are gone */
    int zero = z != NULL;
    for (unsigned int i = 0; z && i < 40000; i++)
        zero &= z[i] == 0;
    free(z);
    check(zero, "after free, calloc of 160 KB fits, zeroed");
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void sorting(void)
{
    int v[200];
    int ok = 1;
    uint32_t r = 12345;

    for (int i = 0; i < 200; i++) {
        r = r * 1103515245u + 12345u;
        v[i] = (int)(r >> 8) - (1 << 22);
    }
    qsort(v, 200, sizeof(v[0]), cmp_int);
    for (int i = 1; i < 200; i++)
        ok &= v[i - 1] <= v[i];
    check(ok, "qsort sorts 200 ints");
}

static void numbers(void)
{
    char *end;
    long v;

    errno = 0;
    v = strtol("99999999999999999999", &end, 10);
    check(v == LONG_MAX && errno == ERANGE && *end == '\0',
          "strtol overflow gives LONG_MAX and errno ERANGE");
    errno = 0;
    v = strtol("  -0x1fz", &end, 16);
    check(v == -31 && errno == 0 && *end == 'z', "strtol parses -0x1f and stops at z");
    v = strtol("zz", &end, 10);
    check(v == 0 && strcmp(end, "zz") == 0, "strtol of no digits consumes nothing");
    check(tls_value == 42, "_Thread_local data has its initial value");
}

static void timing(void)
{
    struct timespec a, b;
    volatile unsigned long spin = 0;

    clock_gettime(CLOCK_MONOTONIC, &a);
    for (unsigned long i = 0; i < 1000000; i++)
        spin += i;
    clock_gettime(CLOCK_MONOTONIC, &b);
    check(b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec > a.tv_nsec),
          "clock_gettime moves forward");
    check(time(NULL) >= a.tv_sec, "time() agrees with clock_gettime");
}

void init(void)
{
    formats();
    heap();
    sorting();
    numbers();
    timing();
    printf("done\n");
}
