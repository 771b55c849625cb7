/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * memory: tutorial 02 (README.md).  A component asks the root server's
 * broker for memory with kaal_broker_mem_alloc and gives it back with
 * kaal_broker_mem_free (<kaal/broker.h>); the broker maps fresh, zeroed
 * frames at the address the component picks, within the `memory:` quota of
 * the system description, and keeps the frame caps itself.
 *
 * init() walks through it once: the quota, two allocations that use it up,
 * a pattern written and read back, a request over the quota (refused), a
 * free, a double free (refused), the freed memory asked for again (zeroed
 * again), and everything freed.  Each step prints what the broker answered.
 */
#include <kaal/broker.h>
#include <kaal/component.h>
#include <kaal/debug.h>

#define HEAP   0x10000000ul /* where the memory goes: any free, 4 KiB-aligned address */
#define CHUNK  (64 * 1024)  /* bytes per allocation: two use up the quota */
#define WORDS  (CHUNK / sizeof(seL4_Word))
#define PAGES  (CHUNK / 4096)
#define GOLDEN 0x9e3779b97f4a7c15ull /* the pattern: word i holds i * GOLDEN */

/* Prints "[memory] what: ok, <left> bytes of the quota left", or on an error "what: -ENAME"
 * (<kaal/error.h> names it). */
static void report(const char *what, int err, seL4_Word left)
{
    kaal_log(what);
    kaal_debug_puts(err ? ": -" : ": ok");
    kaal_debug_puts(err ? (kaal_errname(err) ? kaal_errname(err) : "?") : "");
    if (!err) {
        kaal_debug_puts(", ");
        kaal_debug_put_dec(left);
        kaal_debug_puts(" bytes of the quota left");
    }
    kaal_debug_puts("\n");
}

/* Asks for size bytes at va; the broker's answer, 0 or a negative errno. */
static int mem_alloc(seL4_Word va, seL4_Word size, const char *what)
{
    struct kaal_broker_mem_alloc_out res = {0};
    int err = kaal_broker_mem_alloc(KAAL_SLOT_BROKER, va, size, &res);

    report(what, err, res.quota_left);
    return err;
}

/* Gives back the allocation that starts at va; the broker's answer. */
static int mem_free(seL4_Word va, const char *what)
{
    struct kaal_broker_mem_free_out res = {0};
    int err = kaal_broker_mem_free(KAAL_SLOT_BROKER, va, &res);

    report(what, err, res.quota_left);
    return err;
}

/* How many of the CHUNK bytes at va are not zero.  volatile: read what is in memory now. */
static seL4_Word nonzero_bytes(seL4_Word va)
{
    const volatile unsigned char *p = (const volatile unsigned char *)va;
    seL4_Word n = 0;

    for (seL4_Word i = 0; i < CHUNK; i++)
        n += p[i] != 0;
    return n;
}

/* Writes the pattern into the chunk at va, reads it back; prints how many words differ and
 * the sum of what was read. */
static void pattern(seL4_Word va)
{
    volatile seL4_Word *p = (volatile seL4_Word *)va;
    seL4_Word differ = 0, sum = 0;

    for (seL4_Word i = 0; i < WORDS; i++)
        p[i] = i * GOLDEN;
    for (seL4_Word i = 0; i < WORDS; i++) {
        seL4_Word v = p[i];
        differ += v != i * GOLDEN;
        sum += v;
    }
    kaal_log_num("pattern written to 8192 words and read back; words that differ: ", differ);
    kaal_log("sum of the words read: ");
    kaal_debug_put_hex(sum);
    kaal_debug_puts("\n");
}

/* The physical address of each page of the chunk at va (kaal_broker_phys), 0 if not known. */
static void phys_pages(seL4_Word va, seL4_Word phys[PAGES])
{
    struct kaal_broker_phys_out res;

    for (seL4_Word i = 0; i < PAGES; i++)
        phys[i] = kaal_broker_phys(KAAL_SLOT_BROKER, va + i * 4096, &res) == 0 ? res.phys : 0;
}

/* How many frames of now were also in before. */
static seL4_Word reused(const seL4_Word before[PAGES], const seL4_Word now[PAGES])
{
    seL4_Word n = 0;

    for (seL4_Word i = 0; i < PAGES; i++)
        for (seL4_Word j = 0; j < PAGES; j++)
            if (now[i] && now[i] == before[j]) {
                n++;
                break;
            }
    return n;
}

void init(void)
{
    struct kaal_broker_info_out info;
    seL4_Word freed[PAGES], again[PAGES];

    if (kaal_broker_info(KAAL_SLOT_BROKER, &info) == 0)
        kaal_log_num("my memory quota in bytes: ", info.quota);

    if (mem_alloc(HEAP, CHUNK, "64 KiB at 0x10000000") != 0)
        return;
    kaal_log_num("bytes of it that are not zero: ", nonzero_bytes(HEAP));
    pattern(HEAP);
    phys_pages(HEAP, freed);

    mem_alloc(HEAP + CHUNK, CHUNK, "64 KiB more at 0x10010000");
    mem_alloc(HEAP + 2 * CHUNK, 4096, "4 KiB more, over the quota");

    mem_free(HEAP, "free 0x10000000");
    mem_free(HEAP, "free 0x10000000 again");

    mem_alloc(HEAP, CHUNK, "64 KiB at 0x10000000 again");
    kaal_log_num("bytes of it that are not zero: ", nonzero_bytes(HEAP));
    phys_pages(HEAP, again);
    kaal_log_num("of its 16 pages, frames freed above: ", reused(freed, again));

    mem_free(HEAP, "free 0x10000000");
    mem_free(HEAP + CHUNK, "free 0x10010000");
    kaal_log("done\n");
}
