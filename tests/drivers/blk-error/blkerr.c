/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * blkerr: a block class client for the device-error test.  It reads block
 * BAD_BLOCK, which the runner's blkdebug disk fails with EIO, and checks
 * the driver reports KAAL_BLK_EIO; then it reads block 0 and checks the
 * driver still serves, with the image's data.
 */
#include <kaal/class/block.h>
#include <kaal/component.h>
#include <sel4/arch/syscalls.h>

#define BLK_CH         0
#define BLK_VADDR      0x30000000u
#define BAD_BLOCK      1500
#define OLD_WORD(s, k) (0x6f6c640000000000ull | (uint64_t)(s) << 8 | (k)) /* blk.py's pattern */

static kaal_blk_t blk;
static unsigned int step; /* 0: the bad block's read is out; 1: block 0's; 2: done */

static void submit(uint64_t block)
{
    if (kaal_blk_submit(&blk, 0, KAAL_BLK_READ, block, 1, 0) != 0)
        kaal_log("FAILED: the request queue refused the read\n");
    if (kaal_blk_client_signal(&blk))
        kaal_notify(BLK_CH);
}

static void completed(void)
{
    uint32_t status = blk.slot[0].status;

    if (step == 0) {
        kaal_log(status == KAAL_BLK_EIO ? "ok: the read of block 1500 failed with EIO\n"
                                        : "FAILED: the read of block 1500 did not fail with EIO\n");
        step = 1;
        submit(0);
        return;
    }
    const uint64_t *w = (const uint64_t *)blk.data;
    kaal_log(status == KAAL_BLK_OK && w[0] == OLD_WORD(0, 0) && w[63] == OLD_WORD(0, 63)
                 ? "ok: after the error the driver still reads block 0\n"
                 : "FAILED: the driver did not serve the read after the error\n");
    step = 2;
    seL4_DebugHalt(); /* the test is over (tests/drivers/blk.py) */
}

static void run(void)
{
    kaal_buf_desc_t d;

    while (step < 2) {
        if (kaal_blk_reap(&blk, &d) == 0)
            completed();
        else if (kaal_queue_prepare_wait(&blk.cmpl))
            return;
    }
}

void init(void)
{
    if (kaal_blk_init(&blk, (void *)(uintptr_t)BLK_VADDR) != 0) {
        kaal_log("FAILED: kaal_blk_init\n");
        return;
    }
    submit(BAD_BLOCK);
    run();
}

void notified(unsigned int ch)
{
    if (ch == BLK_CH)
        run();
}
