/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * blkcheck: a block class client (kaal/class/block.h) that checks a disk
 * through its driver, step by step, against the image tests/drivers/blk.py
 * wrote: DISK_BLOCKS blocks, word k of block s holding OLD_WORD(s, k).
 *
 *   capacity   the device's size is DISK_BLOCKS blocks
 *   read       four reads at once, of 1 to 16 blocks, the last block too
 *   refused    malformed requests and requests past the end get their error
 *   write      three writes at once, NEW_WORD contents, the last block too
 *   flush      the flush succeeds
 *   readback   the written blocks hold NEW_WORD, their neighbours OLD_WORD
 *
 * Each step submits all its requests, rings the driver if it asked for it,
 * and returns; notified() takes the completions and starts the next step
 * once all are in.  The runner then checks on the host that exactly the
 * written blocks changed.  The end is seL4_DebugHalt: the system waits for
 * interrupts on the way, so kaal.exit=idle cannot be the end.
 */
#include <kaal/class/block.h>
#include <kaal/component.h>
#include <sel4/arch/syscalls.h>

#define BLK_CH      0           /* the channel to the driver (system.yaml) */
#define BLK_VADDR   0x30000000u /* where the shared region is mapped here (system.yaml) */
#define DISK_BLOCKS 2048        /* the runner's image: 1 MiB */
#define WORDS       (KAAL_BLK_BLOCK_SIZE / 8)
#define MAX_REQS    8
#define SLOT_DATA   KAAL_BLK_MAX_TRANSFER /* request j's data at j * SLOT_DATA */

/* The contents the runner wrote, and those the write step writes ("old", "new"). */
#define OLD_WORD(s, k) (0x6f6c640000000000ull | (uint64_t)(s) << 8 | (k))
#define NEW_WORD(s, k) (0x6e65770000000000ull | (uint64_t)(s) << 8 | (k))

struct req {
    uint32_t op;
    uint64_t block;
    uint32_t count;
    uint32_t offset; /* in the data area */
    uint32_t want;   /* the status it must get */
};

struct step {
    const char *ok; /* logged when every request got what it must; a whole line */
    unsigned int n;
    struct req r[MAX_REQS];
};

#define R(op, b, c, j)                                                                             \
    {                                                                                              \
        KAAL_BLK_##op, (b), (c), (j)*SLOT_DATA, KAAL_BLK_OK                                        \
    }

static const struct step steps[] = {
    {"ok: capacity: 2048 blocks\n", 1, {{KAAL_BLK_CAPACITY, 0, 0, 0, KAAL_BLK_OK}}},
    {"ok: four reads at once (1, 7, 16 blocks and the last block) hold the image's pattern\n",
     4,
     {R(READ, 0, 1, 0), R(READ, 1, 7, 1), R(READ, 1000, 16, 2), R(READ, DISK_BLOCKS - 1, 1, 3)}},
    {"ok: past the end, unknown op, 0 and 17 blocks, data outside the area: all refused\n",
     6,
     {{KAAL_BLK_READ, DISK_BLOCKS - 1, 2, 0, KAAL_BLK_ERANGE},
      {KAAL_BLK_WRITE, DISK_BLOCKS, 1, 0, KAAL_BLK_ERANGE},
      {99, 0, 1, 0, KAAL_BLK_EINVAL},
      {KAAL_BLK_READ, 0, 0, 0, KAAL_BLK_EINVAL},
      {KAAL_BLK_READ, 0, 17, 0, KAAL_BLK_EINVAL},
      {KAAL_BLK_WRITE, 0, 2, KAAL_BLK_DATA_SIZE - KAAL_BLK_BLOCK_SIZE, KAAL_BLK_EINVAL}}},
    {"ok: three writes at once (blocks 10, 500-503 and the last)\n",
     3,
     {R(WRITE, 10, 1, 0), R(WRITE, 500, 4, 1), R(WRITE, DISK_BLOCKS - 1, 1, 2)}},
    {"ok: flush\n", 1, {R(FLUSH, 0, 0, 0)}},
    {"ok: read back: the written blocks hold the new pattern, their neighbours the old\n",
     3,
     {R(READ, 9, 3, 0), R(READ, 499, 6, 1), R(READ, DISK_BLOCKS - 2, 2, 2)}},
};

#define NSTEPS (sizeof(steps) / sizeof(steps[0]))
#define WRITE  3 /* the step that writes: contents are new from then on */

static kaal_blk_t blk;
static unsigned int step;    /* the step under way */
static unsigned int pending; /* its requests not yet completed */
static int failed;
static seL4_Word wakeups;

static int written(uint64_t s)
{
    return step > WRITE && (s == 10 || (s >= 500 && s < 504) || s == DISK_BLOCKS - 1);
}

static uint64_t *block_data(uint32_t offset, uint32_t i)
{
    return (uint64_t *)(blk.data + offset + i * KAAL_BLK_BLOCK_SIZE);
}

static void fail(const char *why, seL4_Word v)
{
    kaal_log_num(why, v);
    failed = 1;
}

/* Fills the data of a WRITE with NEW_WORD, and of a READ with a value no block holds; not that of
 * a request that must be refused, whose data may lie outside the area. */
static void prepare(const struct req *r)
{
    if (r->want != KAAL_BLK_OK || (r->op != KAAL_BLK_READ && r->op != KAAL_BLK_WRITE))
        return;
    for (uint32_t i = 0; i < r->count; i++)
        for (uint32_t k = 0; k < WORDS; k++)
            block_data(r->offset, i)[k] =
                r->op == KAAL_BLK_WRITE ? NEW_WORD(r->block + i, k) : 0xdeadbeefdeadbeefull;
}

/* Checks what a READ brought against what the disk must hold now. */
static void check_read(const struct req *r)
{
    for (uint32_t i = 0; i < r->count; i++) {
        uint64_t s = r->block + i;
        for (uint32_t k = 0; k < WORDS; k++) {
            uint64_t want = written(s) ? NEW_WORD(s, k) : OLD_WORD(s, k);
            if (block_data(r->offset, i)[k] != want) {
                fail("FAILED: wrong data read from block ", s);
                return;
            }
        }
    }
}

/* Checks one completion of the current step. */
static void check(const kaal_buf_desc_t *d)
{
    const struct req *r = &steps[step].r[d->id < MAX_REQS ? d->id : 0];
    const struct kaal_blk_slot *slot = &blk.slot[d->id];
    int data = r->want == KAAL_BLK_OK && (r->op == KAAL_BLK_READ || r->op == KAAL_BLK_WRITE);

    if (d->id >= steps[step].n) {
        fail("FAILED: a completion for a request never made, id ", d->id);
        return;
    }
    if (slot->status != r->want) {
        kaal_log_num("FAILED: in the step below, request ", d->id);
        fail("FAILED: ... got status ", slot->status);
        return;
    }
    if (d->len != (data ? r->count * KAAL_BLK_BLOCK_SIZE : 0))
        fail("FAILED: a completion reports the wrong length ", d->len);
    if (r->op == KAAL_BLK_CAPACITY) {
        kaal_log_num("capacity in blocks: ", slot->blocks);
        if (slot->blocks != DISK_BLOCKS)
            fail("FAILED: the capacity is not the image's, blocks ", slot->blocks);
    }
    if (data && r->op == KAAL_BLK_READ)
        check_read(r);
}

/* Submits every request of the current step and rings the driver if it asked. */
static void submit_step(void)
{
    const struct step *st = &steps[step];

    pending = st->n;
    for (unsigned int j = 0; j < st->n; j++) {
        const struct req *r = &st->r[j];
        prepare(r);
        if (kaal_blk_submit(&blk, j, r->op, r->block, r->count, r->offset) != 0)
            fail("FAILED: the request queue refused request ", j);
    }
    if (kaal_blk_client_signal(&blk))
        kaal_notify(BLK_CH);
}

static void finish(void)
{
    /* A figure only: whether the client sleeps before a completion comes depends on how fast
     * QEMU's I/O thread is.  A lost wakeup would show as a hang, which the runner times out. */
    kaal_log_num("notifications from the driver: ", wakeups);
    kaal_log(failed ? "FAILED\n" : "done\n");
    seL4_DebugHalt(); /* the test is over (tests/drivers/blk.py) */
}

/* Takes the completions there are; when a step is complete, logs it and starts the next. */
static void run(void)
{
    kaal_buf_desc_t d;

    for (;;) {
        int err = kaal_blk_reap(&blk, &d);
        if (err == -KAAL_QUEUE_EINVAL) {
            fail("FAILED: a completion whose id is no slot: ", d.id);
            continue;
        }
        if (err == 0) {
            check(&d);
            if (--pending > 0 || failed)
                continue;
            kaal_log(steps[step].ok);
            if (++step == NSTEPS)
                return finish();
            submit_step();
            continue;
        }
        if (failed)
            return finish();
        if (kaal_queue_prepare_wait(&blk.cmpl))
            return; /* the driver signals when completions come */
    }
}

void init(void)
{
    if (kaal_blk_init(&blk, (void *)(uintptr_t)BLK_VADDR) != 0) {
        kaal_log("FAILED: kaal_blk_init\n");
        return;
    }
    kaal_log("asking the driver for the capacity\n");
    submit_step();
    run();
}

void notified(unsigned int ch)
{
    if (ch != BLK_CH)
        return;
    wakeups++;
    run();
}
