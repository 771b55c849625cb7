/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The block device class: how a client reads and writes a disk through its
 * driver (docs/class-block.md).  One header for both sides, so the two
 * cannot disagree about the layout.
 *
 * A client and its driver share one region of KAAL_BLK_REGION_SIZE bytes,
 * laid out at fixed offsets:
 *
 *   KAAL_BLK_REQ_OFF    the request queue (kaal/queue.h): client -> driver
 *   KAAL_BLK_CMPL_OFF   the completion queue:             driver -> client
 *   KAAL_BLK_SLOT_OFF   KAAL_BLK_QUEUE_CAPACITY request slots (struct kaal_blk_slot)
 *   KAAL_BLK_DATA_OFF   the data area, KAAL_BLK_DATA_SIZE bytes
 *
 * A request lives in a slot.  The client fills slot i and enqueues
 * {io_addr = offset of its data in the data area, len = bytes, id = i} on
 * the request queue.  The driver does the work and writes the slot's
 * result, then enqueues {the same io_addr, len = bytes transferred, id = i}
 * on the completion queue.  The queues' store-release / load-acquire pairs
 * publish the slot along with the entry, so a slot needs no barrier of its
 * own.  A slot is the client's from its completion until it is submitted
 * again: a client therefore has at most KAAL_BLK_QUEUE_CAPACITY requests
 * outstanding, and the completion queue is never full.
 *
 * Notifications follow the signalling rule of docs/queues.md over one
 * channel, both ways: the producer of a queue calls kaal_queue_require_signal
 * after a batch and notifies the peer if it returns true; the consumer
 * calls kaal_queue_prepare_wait before it sleeps.  A driver has one client.
 *
 * Header only and freestanding, like kaal/queue.h.
 */
#pragma once

#include <kaal/error.h>
#include <kaal/proto/blk.h>
#include <kaal/queue.h>

#define KAAL_BLK_BLOCK_SIZE     512u  /* bytes in a block; block numbers count these */
#define KAAL_BLK_QUEUE_CAPACITY 16u   /* entries per queue, and request slots */
#define KAAL_BLK_MAX_TRANSFER   8192u /* bytes one READ or WRITE may move: 16 blocks */
#define KAAL_BLK_DATA_SIZE      (64u * 1024)

#define KAAL_BLK_REQ_OFF     0x0000u
#define KAAL_BLK_CMPL_OFF    0x1000u
#define KAAL_BLK_SLOT_OFF    0x2000u
#define KAAL_BLK_DATA_OFF    0x3000u
#define KAAL_BLK_REGION_SIZE (KAAL_BLK_DATA_OFF + KAAL_BLK_DATA_SIZE) /* 76 KiB */

/*
 * Where a block driver finds its client: the channel id at the driver's
 * end and the address at which the driver maps the shared region.  A
 * driver is one ELF for every system, so these are fixed; the system
 * description must follow them (the client's own end is its choice).
 */
#define KAAL_BLK_DRIVER_CH    0
#define KAAL_BLK_DRIVER_VADDR 0x30000000ull

/* The ops (KAAL_BLK_READ, _WRITE, _FLUSH, _CAPACITY) and a request slot's fields (struct
 * kaal_blk_slot: op, status, block, count, blocks) come from the spec sdk/interface/blk.proto,
 * through the generated <kaal/proto/blk.h>.  0 is no op. */

/* How a request ended (struct kaal_blk_slot's status): 0 or a positive errno of KaaL's one error
 * space (<kaal/error.h>), which a client negates into its own return value (kaal_blk_result_*). */
enum kaal_blk_status {
    KAAL_BLK_OK = 0,
    KAAL_BLK_EINVAL = KAAL_EINVAL, /* a malformed request: unknown op, bad count, data outside */
    KAAL_BLK_ERANGE = KAAL_ERANGE, /* the blocks lie beyond the end of the device */
    KAAL_BLK_EIO = KAAL_EIO,       /* the device reported an error */
    KAAL_BLK_EROFS = KAAL_EROFS,   /* a WRITE to a read-only device */
};

_Static_assert(sizeof(struct kaal_blk_slot) == 32, "a slot is 32 bytes: 16 fit in the slot page");
_Static_assert(KAAL_BLK_REQ_OFF + sizeof(kaal_queue_shm_t) +
                       KAAL_BLK_QUEUE_CAPACITY * sizeof(kaal_buf_desc_t) <=
                   KAAL_BLK_CMPL_OFF,
               "the request queue fits before the completion queue");
_Static_assert(KAAL_BLK_CMPL_OFF + sizeof(kaal_queue_shm_t) +
                       KAAL_BLK_QUEUE_CAPACITY * sizeof(kaal_buf_desc_t) <=
                   KAAL_BLK_SLOT_OFF,
               "the completion queue fits before the slots");
_Static_assert(KAAL_BLK_SLOT_OFF + KAAL_BLK_QUEUE_CAPACITY * sizeof(struct kaal_blk_slot) <=
                   KAAL_BLK_DATA_OFF,
               "the slots fit before the data area");
_Static_assert(KAAL_BLK_REGION_SIZE % 4096 == 0, "the region is whole pages");

/* One side's view of the shared region. */
typedef struct kaal_blk {
    kaal_queue_t req;           /* the client produces, the driver consumes */
    kaal_queue_t cmpl;          /* the driver produces, the client consumes */
    struct kaal_blk_slot *slot; /* KAAL_BLK_QUEUE_CAPACITY slots */
    uint8_t *data;              /* KAAL_BLK_DATA_SIZE bytes */
} kaal_blk_t;

/*
 * Either side: sets up its view of the region mapped at `region` (zeroed
 * at boot, which is two empty queues).  Writes nothing shared.  Returns 0,
 * or -KAAL_QUEUE_EINVAL if region is NULL.
 */
static inline int kaal_blk_init(kaal_blk_t *b, void *region)
{
    uint8_t *r = (uint8_t *)region;
    int err;

    if (!r)
        return -KAAL_QUEUE_EINVAL;
    err = kaal_queue_init(&b->req, (kaal_queue_shm_t *)(r + KAAL_BLK_REQ_OFF),
                          KAAL_BLK_QUEUE_CAPACITY);
    if (!err)
        err = kaal_queue_init(&b->cmpl, (kaal_queue_shm_t *)(r + KAAL_BLK_CMPL_OFF),
                              KAAL_BLK_QUEUE_CAPACITY);
    b->slot = (struct kaal_blk_slot *)(r + KAAL_BLK_SLOT_OFF);
    b->data = r + KAAL_BLK_DATA_OFF;
    return err;
}

/* ---- Client side ------------------------------------------------------------------------- */

/*
 * Client only: puts a request in slot id and enqueues it.  offset is where
 * its data is (READ: goes) in the data area; it is ignored for FLUSH and
 * CAPACITY.  The driver checks the request, not this function, so a
 * client can also send malformed ones.  Returns 0, -KAAL_QUEUE_EINVAL for
 * an id that is no slot, or -KAAL_QUEUE_EAGAIN if the queue is full.
 * Notifies no one: end the batch with kaal_blk_client_signal.
 */
static inline int kaal_blk_submit(kaal_blk_t *b, uint32_t id, uint32_t op, uint64_t block,
                                  uint32_t count, uint32_t offset)
{
    int data = op == KAAL_BLK_READ || op == KAAL_BLK_WRITE;
    kaal_buf_desc_t d = {
        .io_addr = data ? offset : 0, .len = data ? count * KAAL_BLK_BLOCK_SIZE : 0, .id = id};

    if (id >= KAAL_BLK_QUEUE_CAPACITY)
        return -KAAL_QUEUE_EINVAL;
    if (kaal_queue_full(&b->req))
        return -KAAL_QUEUE_EAGAIN;
    b->slot[id].op = op; /* any op: a malformed request is the driver's to refuse */
    b->slot[id].count = count;
    b->slot[id].block = block;
    /* The enqueue's store-release publishes the slot with the entry. */
    return kaal_queue_enqueue(&b->req, &d);
}

/* Client only, after a batch of submits: true if the driver asked to be woken; then notify it. */
static inline bool kaal_blk_client_signal(kaal_blk_t *b)
{
    return kaal_queue_require_signal(&b->req);
}

/*
 * Client only: takes the next completion into *d; its result is in
 * b->slot[d->id] (status, and blocks for CAPACITY), which the dequeue's
 * load-acquire makes visible.  Returns 0, -KAAL_QUEUE_EAGAIN if there is
 * none (call kaal_queue_prepare_wait(&b->cmpl) before sleeping), or
 * -KAAL_QUEUE_EINVAL for an entry whose id is no slot (it is dropped).
 */
static inline int kaal_blk_reap(kaal_blk_t *b, kaal_buf_desc_t *d)
{
    int err = kaal_queue_dequeue(&b->cmpl, d);

    if (!err && d->id >= KAAL_BLK_QUEUE_CAPACITY)
        return -KAAL_QUEUE_EINVAL;
    return err;
}

/* ---- Driver side ------------------------------------------------------------------------- */

/* A request as the driver took it: copied once out of shared memory, then checked. */
typedef struct kaal_blk_request {
    kaal_buf_desc_t desc; /* the request queue's entry */
    uint32_t op, count;
    uint64_t block;
} kaal_blk_request_t;

/*
 * Driver only: takes the next request into *r, copying its slot once, so
 * that what the driver checks is what it uses however the client changes
 * the slot meanwhile.  Returns 0, -KAAL_QUEUE_EAGAIN if there is none (call
 * kaal_queue_prepare_wait(&b->req) before sleeping), or -KAAL_QUEUE_EINVAL
 * for an entry whose id is no slot: it cannot be answered and is dropped.
 */
static inline int kaal_blk_take(kaal_blk_t *b, kaal_blk_request_t *r)
{
    int err = kaal_queue_dequeue(&b->req, &r->desc);
    struct kaal_blk_slot copy;

    if (err)
        return err;
    if (r->desc.id >= KAAL_BLK_QUEUE_CAPACITY)
        return -KAAL_QUEUE_EINVAL;
    kaal_blk_take_slot(&b->slot[r->desc.id], &copy); /* the generated copy-once */
    r->op = copy.op;
    r->count = copy.count;
    r->block = copy.block;
    return 0;
}

/*
 * Driver only: the status a request gets before any work, for a device of
 * capacity blocks: KAAL_BLK_OK if it may go to the device, else why not.
 * A READ or WRITE needs 1 to KAAL_BLK_MAX_TRANSFER bytes of whole blocks,
 * len equal to count blocks, its data inside the data area, and its blocks
 * on the device.  Every test is written so that no sum can wrap.
 */
static inline uint32_t kaal_blk_check(const kaal_blk_request_t *r, uint64_t capacity)
{
    if (!kaal_blk_op_known(r->op))
        return KAAL_BLK_EINVAL;
    if (r->op == KAAL_BLK_FLUSH || r->op == KAAL_BLK_CAPACITY)
        return KAAL_BLK_OK;
    if (r->count == 0 || r->count > KAAL_BLK_MAX_TRANSFER / KAAL_BLK_BLOCK_SIZE ||
        r->desc.len != r->count * KAAL_BLK_BLOCK_SIZE || r->desc.io_addr > KAAL_BLK_DATA_SIZE ||
        r->desc.len > KAAL_BLK_DATA_SIZE - r->desc.io_addr)
        return KAAL_BLK_EINVAL;
    if (r->block > capacity || r->count > capacity - r->block)
        return KAAL_BLK_ERANGE;
    return KAAL_BLK_OK;
}

/*
 * Driver only: answers request r with status (and, for CAPACITY, blocks):
 * writes the slot's result, then enqueues the completion, whose
 * store-release publishes the slot and the data read into the data area.
 * Returns 0, or -KAAL_QUEUE_EAGAIN if the completion queue is full (a client
 * over its KAAL_BLK_QUEUE_CAPACITY outstanding requests): try again later.
 * Notifies no one: end the batch with kaal_blk_driver_signal.
 */
static inline int kaal_blk_complete(kaal_blk_t *b, const kaal_blk_request_t *r, uint32_t status,
                                    uint64_t blocks)
{
    kaal_buf_desc_t d = r->desc;

    if (kaal_queue_full(&b->cmpl))
        return -KAAL_QUEUE_EAGAIN;
    d.len = status == KAAL_BLK_OK ? r->desc.len : 0;
    b->slot[d.id].status = status;
    b->slot[d.id].blocks = blocks;
    return kaal_queue_enqueue(&b->cmpl, &d);
}

/* Driver only, after a batch of completions: true if the client asked to be woken; notify it. */
static inline bool kaal_blk_driver_signal(kaal_blk_t *b)
{
    return kaal_queue_require_signal(&b->cmpl);
}
