/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The heap's page allocator (heap.h): a bitmap over the pages of one range,
 * first fit.  Heaps are small (at most 1 GiB, usually a few hundred KiB),
 * so a scan of the bitmap per mapping is cheap next to the broker call that
 * mapped the range.
 */
#include "heap.h"

#include <string.h>

static int page_used(const struct kaal_heap *h, size_t i)
{
    return h->used[i / 8] >> (i % 8) & 1;
}

static void mark(struct kaal_heap *h, size_t first, size_t n, int used)
{
    for (size_t i = first; i < first + n; i++) {
        if (used)
            h->used[i / 8] |= (unsigned char)(1u << (i % 8));
        else
            h->used[i / 8] &= (unsigned char)~(1u << (i % 8));
    }
}

void kaal_heap_init(struct kaal_heap *h, void *mem, size_t bytes)
{
    size_t total = bytes / KAAL_HEAP_PAGE;
    /* Bitmap pages for the pages after them: each page covers 8 * 4096 pages. */
    size_t map_pages = (total + 8 * KAAL_HEAP_PAGE) / (8 * KAAL_HEAP_PAGE + 1);

    if (map_pages == 0 && total > 0)
        map_pages = 1;
    h->used = mem;
    h->base = (uintptr_t)mem + map_pages * KAAL_HEAP_PAGE;
    h->pages = total > map_pages ? total - map_pages : 0;
    h->in_use = 0;
}

void *kaal_heap_map(struct kaal_heap *h, size_t len)
{
    size_t n = len / KAAL_HEAP_PAGE + (len % KAAL_HEAP_PAGE != 0);
    size_t run = 0;

    if (n == 0 || n > h->pages - h->in_use)
        return NULL;
    for (size_t i = 0; i < h->pages; i++) {
        run = page_used(h, i) ? 0 : run + 1;
        if (run == n) {
            mark(h, i + 1 - n, n, 1);
            h->in_use += n;
            return (void *)(h->base + (i + 1 - n) * KAAL_HEAP_PAGE);
        }
    }
    return NULL;
}

int kaal_heap_unmap(struct kaal_heap *h, void *addr, size_t len)
{
    uintptr_t a = (uintptr_t)addr;
    size_t n = len / KAAL_HEAP_PAGE + (len % KAAL_HEAP_PAGE != 0);

    if (a % KAAL_HEAP_PAGE != 0 || a < h->base || (a - h->base) / KAAL_HEAP_PAGE > h->pages ||
        n > h->pages - (a - h->base) / KAAL_HEAP_PAGE)
        return -1;
    for (size_t i = (a - h->base) / KAAL_HEAP_PAGE, end = i + n; i < end; i++) {
        if (page_used(h, i)) {
            memset((void *)(h->base + i * KAAL_HEAP_PAGE), 0, KAAL_HEAP_PAGE);
            mark(h, i, 1, 0);
            h->in_use--;
        }
    }
    return 0;
}
