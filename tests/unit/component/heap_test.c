/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The heap's page allocator (runtime/component/heap.c) over a buffer of the
 * host's: the bitmap takes the first pages, mappings are first fit and
 * zeroed, unmapping gives pages back (and zeroes them), and a heap too
 * small or full refuses without touching memory it does not own.
 */
#include "../../../runtime/component/heap.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

#define PAGE KAAL_HEAP_PAGE

/* A zeroed, page-aligned buffer of n pages, with a guard page of 0xaa after it. */
static unsigned char *buffer(size_t n)
{
    unsigned char *b = aligned_alloc(PAGE, (n + 1) * PAGE);
    memset(b, 0, n * PAGE);
    memset(b + n * PAGE, 0xaa, PAGE);
    return b;
}

static int guard_intact(const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < PAGE; i++)
        if (b[n * PAGE + i] != 0xaa)
            return 0;
    return 1;
}

static void test_layout(void)
{
    struct kaal_heap h;
    unsigned char *b = buffer(64);

    kaal_heap_init(&h, b, 64 * PAGE);
    CHECK_EQ(h.pages, 63); /* one bitmap page */
    CHECK_EQ(h.base, (uintptr_t)b + PAGE);
    CHECK_EQ(h.in_use, 0);
    free(b);
}

static void test_bitmap_pages(void)
{
    struct kaal_heap h;

    /* 8 * 4096 pages fit one bitmap page; one more page needs a second. */
    kaal_heap_init(&h, (void *)0x100000, (32768 + 1) * (size_t)PAGE);
    CHECK_EQ(h.pages, 32768);
    kaal_heap_init(&h, (void *)0x100000, (32768 + 2) * (size_t)PAGE);
    CHECK_EQ(h.pages, 32768);
    kaal_heap_init(&h, (void *)0x100000, (32768 + 3) * (size_t)PAGE);
    CHECK_EQ(h.pages, 32769);
}

static void test_too_small(void)
{
    struct kaal_heap h;
    unsigned char *b = buffer(1);

    kaal_heap_init(&h, b, PAGE); /* the bitmap and nothing else */
    CHECK_EQ(h.pages, 0);
    CHECK(kaal_heap_map(&h, 1) == NULL);
    kaal_heap_init(&h, b, 0);
    CHECK_EQ(h.pages, 0);
    CHECK(kaal_heap_map(&h, PAGE) == NULL);
    free(b);
}

static void test_first_fit_and_reuse(void)
{
    struct kaal_heap h;
    unsigned char *b = buffer(9); /* 8 pages to hand out */

    kaal_heap_init(&h, b, 9 * PAGE);
    unsigned char *p = kaal_heap_map(&h, 1);            /* 1 page */
    unsigned char *q = kaal_heap_map(&h, 2 * PAGE);     /* 2 pages */
    unsigned char *r = kaal_heap_map(&h, 2 * PAGE + 1); /* 3 pages */
    CHECK(p == b + PAGE);
    CHECK(q == p + PAGE);
    CHECK(r == q + 2 * PAGE);
    CHECK_EQ(h.in_use, 6);
    CHECK(kaal_heap_map(&h, 3 * PAGE) == NULL); /* 2 left */
    CHECK_EQ(h.in_use, 6);
    memset(q, 0x55, 2 * PAGE);
    CHECK_EQ(kaal_heap_unmap(&h, q, 2 * PAGE), 0);
    CHECK_EQ(h.in_use, 4);
    CHECK(q[0] == 0 && q[2 * PAGE - 1] == 0);       /* zeroed for the next mapping */
    unsigned char *s = kaal_heap_map(&h, 4 * PAGE); /* q's hole is too short: after r */
    CHECK(s == NULL);
    s = kaal_heap_map(&h, 2 * PAGE);
    CHECK(s == q);
    CHECK(guard_intact(b, 9));
    free(b);
}

static void test_partial_unmap(void)
{
    struct kaal_heap h;
    unsigned char *b = buffer(9);

    kaal_heap_init(&h, b, 9 * PAGE);
    unsigned char *p = kaal_heap_map(&h, 4 * PAGE);
    CHECK_EQ(kaal_heap_unmap(&h, p + PAGE, PAGE), 0); /* a hole in the middle */
    CHECK_EQ(h.in_use, 3);
    CHECK(kaal_heap_map(&h, PAGE) == p + PAGE);
    CHECK_EQ(kaal_heap_unmap(&h, p, 8 * PAGE), 0); /* pages never mapped are left alone */
    CHECK_EQ(h.in_use, 0);
    free(b);
}

static void test_bad_unmap(void)
{
    struct kaal_heap h;
    unsigned char *b = buffer(9);

    kaal_heap_init(&h, b, 9 * PAGE);
    unsigned char *p = kaal_heap_map(&h, PAGE);
    CHECK_EQ(kaal_heap_unmap(&h, p + 1, PAGE), -1);      /* not page aligned */
    CHECK_EQ(kaal_heap_unmap(&h, b, PAGE), -1);          /* the bitmap */
    CHECK_EQ(kaal_heap_unmap(&h, p, 9 * PAGE), -1);      /* past the end */
    CHECK_EQ(kaal_heap_unmap(&h, p, (size_t)-1), -1);    /* overflow */
    CHECK_EQ(kaal_heap_unmap(&h, b + 10 * PAGE, 1), -1); /* outside */
    CHECK_EQ(h.in_use, 1);
    CHECK(guard_intact(b, 9));
    free(b);
}

static void test_fill_exactly(void)
{
    struct kaal_heap h;
    unsigned char *b = buffer(17);

    kaal_heap_init(&h, b, 17 * PAGE);
    for (int i = 0; i < 16; i++)
        CHECK(kaal_heap_map(&h, PAGE) == b + (size_t)(i + 1) * PAGE);
    CHECK(kaal_heap_map(&h, 1) == NULL);
    CHECK(kaal_heap_map(&h, 0) == NULL);
    CHECK(guard_intact(b, 17));
    free(b);
}

TEST_CASES({test_layout, "the bitmap takes the first page"},
           {test_bitmap_pages, "one bitmap page per 32768 pages"},
           {test_too_small, "a heap with no pages refuses"},
           {test_first_fit_and_reuse, "first fit, refusal, reuse of a freed run"},
           {test_partial_unmap, "part of a mapping can be unmapped"},
           {test_bad_unmap, "unmaps outside the heap are refused"},
           {test_fill_exactly, "every page, then refusal"}, );
TEST_MAIN("component/heap")
