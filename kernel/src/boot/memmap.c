/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * From the boot loader's memory map to the free RAM the kernel hands on.
 *
 * Loaders report ranges in any order, may repeat or overlap them, and may
 * call the same bytes both usable and reserved.  The rule here: a byte is
 * free only if some range calls it usable, no range calls it anything else,
 * it is above 1 MiB, and neither the kernel, a module nor the loader's own
 * records occupy it.  Free ranges are then shrunk to whole pages.
 *
 * The work set is sized so that no input of at most BOOT_MAX_RANGES
 * available and reserved ranges can overflow it; only the final copy into
 * struct boot_mem may drop (the smallest) ranges.
 */
#include <boot/boot.h>
#include <arch/machine.h>
#include <lib/printf.h>

#define WORK_MAX (4 * BOOT_MAX_RANGES + BOOT_MAX_MODULES + 4)

static bool range_empty(struct mem_range r)
{
    return r.start >= r.end;
}

static bool range_overlaps(struct mem_range a, struct mem_range b)
{
    return a.start < b.end && b.start < a.end;
}

/* Adds r to the sorted disjoint set, merging neighbours; false if full. */
static bool range_union(struct mem_range *set, int *n, int max, struct mem_range r)
{
    int i = 0, j;

    if (range_empty(r))
        return true;
    while (i < *n && set[i].end < r.start)
        i++;
    /* set[i..j) touch or overlap r: fold them into it. */
    for (j = i; j < *n && set[j].start <= r.end; j++) {
        r.start = MIN(r.start, set[j].start);
        r.end = MAX(r.end, set[j].end);
    }
    if (j == i && *n == max)
        return false;
    int shift = 1 - (j - i);
    if (shift > 0) {
        for (int k = *n; k > i; k--)
            set[k] = set[k - 1];
    } else if (shift < 0) {
        for (int k = j; k < *n; k++)
            set[k + shift] = set[k];
    }
    *n += shift;
    set[i] = r;
    return true;
}

bool memrange_subtract(struct mem_range *set, int *n, int max, struct mem_range r)
{
    if (range_empty(r))
        return true;
    for (int i = 0; i < *n; i++) {
        struct mem_range s = set[i];
        if (!range_overlaps(s, r))
            continue;
        struct mem_range lo = {s.start, r.start}, hi = {r.end, s.end};
        if (!range_empty(lo) && !range_empty(hi)) {
            if (*n == max)
                return false;
            for (int k = *n; k > i + 1; k--)
                set[k] = set[k - 1];
            set[i] = lo;
            set[i + 1] = hi;
            (*n)++;
            return true; /* the set is disjoint: nothing else can overlap r */
        }
        if (!range_empty(lo)) {
            set[i] = lo;
        } else if (!range_empty(hi)) {
            set[i] = hi;
        } else {
            for (int k = i; k + 1 < *n; k++)
                set[k] = set[k + 1];
            (*n)--;
            i--;
        }
    }
    return true;
}

paddr_t boot_mem_take(struct boot_mem *mem, size_t size, size_t align, paddr_t limit)
{
    for (int i = 0; i < mem->n; i++) {
        struct mem_range *r = &mem->free[i];
        paddr_t start = ROUND_UP(r->start, align);
        if (start >= r->start && start + size <= r->end && start + size <= limit) {
            struct mem_range used = {start, start + size};
            if (!memrange_subtract(mem->free, &mem->n, BOOT_MAX_RANGES, used))
                return 0;
            mem->total -= size;
            return start;
        }
    }
    return 0;
}

bool memrange_covered(const struct mem_range *set, int n, struct mem_range r)
{
    for (int i = 0; i < n; i++) {
        if (set[i].start <= r.start && r.end <= set[i].end)
            return true;
    }
    return false;
}

/* Usable RAM as the map describes it: union of usable minus everything else. */
static int usable_ram(const struct boot_input *in, struct mem_range *work)
{
    int n = 0;

    for (int i = 0; i < in->n_avail; i++)
        range_union(work, &n, WORK_MAX, in->avail[i]);
    for (int i = 0; i < in->n_resv; i++)
        memrange_subtract(work, &n, WORK_MAX, in->resv[i]);
    return n;
}

/* Describes why range r (the kernel or a module) is not in usable RAM. */
static void explain_not_ram(const struct boot_input *in, const char *what, struct mem_range r,
                            char *msg, size_t size)
{
    for (int i = 0; i < in->n_resv; i++) {
        if (range_overlaps(in->resv[i], r)) {
            ksnprintf(msg, size,
                      "the memory map marks [%#llx, %#llx) as not usable RAM, but %s lies at "
                      "[%#llx, %#llx)",
                      (unsigned long long)in->resv[i].start, (unsigned long long)in->resv[i].end,
                      what, (unsigned long long)r.start, (unsigned long long)r.end);
            return;
        }
    }
    ksnprintf(msg, size, "no usable RAM range in the memory map contains %s at [%#llx, %#llx)",
              what, (unsigned long long)r.start, (unsigned long long)r.end);
}

/* Copies the work set into out, keeping the largest ranges if there are too many. */
static void keep_largest(struct mem_range *work, int n, struct boot_mem *out)
{
    out->dropped = false;
    while (n > BOOT_MAX_RANGES) {
        int smallest = 0;
        for (int i = 1; i < n; i++) {
            if (work[i].end - work[i].start < work[smallest].end - work[smallest].start)
                smallest = i;
        }
        for (int i = smallest; i + 1 < n; i++)
            work[i] = work[i + 1];
        n--;
        out->dropped = true;
    }
    out->n = n;
    out->total = 0;
    for (int i = 0; i < n; i++) {
        out->free[i] = work[i];
        out->total += work[i].end - work[i].start;
    }
}

/*
 * Shrinks every range to whole pages and drops those with none left.  A
 * range in the last page of the address space has no whole page: rounding
 * its start up would wrap to 0, so it is dropped before that can happen.
 */
static int page_align(struct mem_range *work, int n)
{
    int m = 0;

    for (int i = 0; i < n; i++) {
        if (work[i].start > ~(paddr_t)0 - (BOOT_PAGE_SIZE - 1))
            continue;
        struct mem_range r = {ROUND_UP(work[i].start, BOOT_PAGE_SIZE),
                              ROUND_DOWN(work[i].end, BOOT_PAGE_SIZE)};
        if (!range_empty(r))
            work[m++] = r;
    }
    return m;
}

/*
 * The RAM boot holds only for a while: every whole page of RAM that is not
 * free, not the kernel's and not in the first MiB, which is the modules and
 * the loader's records (and slivers of free ranges that alignment or the
 * range limit left out).  If the set would not fit, none is reclaimed.
 * work is the caller's scratch array of WORK_MAX ranges, which keeps a
 * second one off the 16 KiB kernel stack.
 */
static void find_reclaim(const struct boot_input *in, struct boot_mem *out, struct mem_range *work)
{
    int n = usable_ram(in, work);
    bool fits = memrange_subtract(work, &n, WORK_MAX, (struct mem_range){0, BOOT_LOW_MEM_END}) &&
                memrange_subtract(work, &n, WORK_MAX, in->kernel);

    for (int i = 0; i < out->n && fits; i++)
        fits = memrange_subtract(work, &n, WORK_MAX, out->free[i]);
    n = fits ? page_align(work, n) : 0;
    if (n > BOOT_MAX_RANGES)
        n = 0;
    out->n_reclaim = n;
    for (int i = 0; i < n; i++)
        out->reclaim[i] = work[i];
}

enum boot_status boot_check_memory(const struct boot_input *in, struct boot_mem *out, char *msg,
                                   size_t msg_size)
{
    struct mem_range work[WORK_MAX];
    char what[32];

    if (!in->have_mmap) {
        ksnprintf(msg, msg_size, "the boot loader passed no memory map");
        return BOOT_ERR_NO_MMAP;
    }
    int n = usable_ram(in, work);
    if (!memrange_covered(work, n, in->kernel)) {
        explain_not_ram(in, "the kernel image", in->kernel, msg, msg_size);
        return BOOT_ERR_KERNEL_NOT_RAM;
    }
    for (int i = 0; i < in->n_mods; i++) {
        struct mem_range m = {in->mods[i].start, in->mods[i].end};
        if (!memrange_covered(work, n, m)) {
            ksnprintf(what, sizeof(what), "module %d", i);
            explain_not_ram(in, what, m, msg, msg_size);
            return BOOT_ERR_MODULE_NOT_RAM;
        }
    }
    memrange_subtract(work, &n, WORK_MAX, (struct mem_range){0, BOOT_LOW_MEM_END});
    memrange_subtract(work, &n, WORK_MAX, in->kernel);
    memrange_subtract(work, &n, WORK_MAX, in->info);
    for (int i = 0; i < in->n_mods; i++)
        memrange_subtract(work, &n, WORK_MAX,
                          (struct mem_range){in->mods[i].start, in->mods[i].end});
    n = page_align(work, n);
    keep_largest(work, n, out);
    find_reclaim(in, out, work); /* free[] holds its own copy: work is scratch again */
    if (out->total < BOOT_MIN_FREE) {
        ksnprintf(msg, msg_size,
                  "only %llu KiB of RAM is free after the kernel and modules; KaaL needs at "
                  "least %lu MiB",
                  (unsigned long long)(out->total / KiB), BOOT_MIN_FREE / MiB);
        return BOOT_ERR_TOO_SMALL;
    }
    return BOOT_OK;
}

const char *boot_hint(enum boot_status st)
{
    switch (st) {
    case BOOT_ERR_NO_MMAP:
        return "boot KaaL with a multiboot loader that passes a memory map (QEMU -kernel, GRUB)";
    case BOOT_ERR_BAD_MMAP:
        return "the boot loader's records are malformed; try another loader or loader version";
    case BOOT_ERR_KERNEL_NOT_RAM:
    case BOOT_ERR_MODULE_NOT_RAM:
        return "the loader placed an image outside RAM; check the loader's memory settings";
    case BOOT_ERR_TOO_SMALL:
        return "give the machine more memory (QEMU: -m 128M)";
    case BOOT_ERR_NO_MODULE:
        return "pass the root server ELF as the first multiboot module (QEMU: -initrd root.elf)";
    case BOOT_ERR_BAD_ELF:
        return "the first module must be the root server: a static " ARCH_NAME " ELF executable";
    case BOOT_OK:
        break;
    }
    return NULL;
}
