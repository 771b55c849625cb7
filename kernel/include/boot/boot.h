/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the boot loader handed over, in a form generic code can check.
 *
 * The arch layer (multiboot on x86_64) fills a struct boot_input from the
 * loader's own records without judging them.  Generic code then checks it:
 * memmap.c turns the raw memory map into sorted, page-aligned free RAM and
 * refuses maps that are missing, too small or that overlap the kernel;
 * elf.c validates the root server module.  Every refusal carries a message
 * that names the problem, so a bad boot never ends in a silent hang.
 */
#pragma once

#include <types.h>

#define BOOT_MAX_RANGES  64
#define BOOT_MAX_MODULES 16
#define BOOT_PAGE_SIZE   4096ul
/* RAM below 1 MiB holds firmware tables and is never handed out. */
#define BOOT_LOW_MEM_END (1 * MiB)
/* The least free RAM, after the kernel and modules, that a KaaL system needs. */
#define BOOT_MIN_FREE (16 * MiB)

/* A physical range [start, end). */
struct mem_range {
    paddr_t start;
    paddr_t end;
};

struct boot_module {
    paddr_t start;
    paddr_t end;
    const char *cmdline; /* may be NULL */
};

struct boot_input {
    bool have_mmap;
    int n_avail; /* ranges the map calls usable RAM */
    struct mem_range avail[BOOT_MAX_RANGES];
    int n_resv; /* ranges the map calls anything else */
    struct mem_range resv[BOOT_MAX_RANGES];
    int n_mods;
    struct boot_module mods[BOOT_MAX_MODULES];
    bool mods_truncated;     /* the loader gave more modules than we keep */
    struct mem_range kernel; /* the kernel image, physical */
    struct mem_range info;   /* the loader's own records, kept until boot is done */
    const char *cmdline;     /* kernel command line, may be NULL */
};

/* The free RAM that boot leaves for the root server: sorted, disjoint, page aligned. */
struct boot_mem {
    int n;
    struct mem_range free[BOOT_MAX_RANGES];
    bool dropped; /* some small ranges did not fit in free[] */
    paddr_t total;
    /* RAM that holds the modules and the loader's records during boot and is handed out
     * afterwards, as seL4 hands out its boot modules' memory: whole pages outside free[],
     * the kernel and the first MiB. */
    int n_reclaim;
    struct mem_range reclaim[BOOT_MAX_RANGES];
};

enum boot_status {
    BOOT_OK = 0,
    BOOT_ERR_NO_MMAP,
    BOOT_ERR_BAD_MMAP,
    BOOT_ERR_KERNEL_NOT_RAM,
    BOOT_ERR_MODULE_NOT_RAM,
    BOOT_ERR_TOO_SMALL,
    BOOT_ERR_NO_MODULE,
    BOOT_ERR_BAD_ELF,
};

/* Subtracts r from the sorted disjoint set set[0..*n); returns false if it would overflow max. */
bool memrange_subtract(struct mem_range *set, int *n, int max, struct mem_range r);

/* Returns true if r lies entirely inside one range of the sorted disjoint set. */
bool memrange_covered(const struct mem_range *set, int n, struct mem_range r);

/*
 * Computes free RAM from in into out.  Returns BOOT_OK, or an error with a
 * message in msg that names the problem (missing map, kernel or a module
 * outside RAM, too little memory).
 */
enum boot_status boot_check_memory(const struct boot_input *in, struct boot_mem *out, char *msg,
                                   size_t msg_size);

/*
 * Takes size bytes aligned to align (a power of two) out of mem's free RAM, below limit, from the
 * lowest range that holds them.  Returns their physical address, or 0 if no range does (or the
 * free set could not be split).
 */
paddr_t boot_mem_take(struct boot_mem *mem, size_t size, size_t align, paddr_t limit);

/* Returns the one-line suggestion that goes with a boot error. */
const char *boot_hint(enum boot_status st);
