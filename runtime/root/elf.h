/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The check of a component's ELF image before the root server loads it.
 * The image comes from the system image, which a user built, so nothing in
 * it is trusted: root_elf_check reads every header field it uses, checks it
 * with overflow-safe arithmetic, and hands back only the PT_LOAD segments
 * the loader needs.  It is a pure function (no system calls, no C library),
 * so the host unit tests and a fuzz target run it as the root server does.
 */
#pragma once

#include <stdint.h>

#define ROOT_ELF_MAX_SEGMENTS 16
#define ROOT_ELF_PF_X         1u
#define ROOT_ELF_PF_W         2u
#define ROOT_ELF_PF_R         4u

struct root_elf_segment {
    uint64_t vaddr, memsz;   /* where it goes and how long it is in memory */
    uint64_t offset, filesz; /* what of the file fills its start; the rest is zero */
    uint32_t flags;          /* ROOT_ELF_PF_* */
};

struct root_elf {
    uint64_t entry;
    unsigned int nseg; /* PT_LOAD segments, in file order */
    struct root_elf_segment seg[ROOT_ELF_MAX_SEGMENTS];
};

/*
 * Checks that elf[0, size) is a static x86_64 ELF64 little-endian executable (ET_EXEC) whose
 * PT_LOAD segments the loader can place in [lo, hi): returns 0 and fills *out, or -1 with *why
 * (never NULL, a short lowercase phrase such as "segment 2 reaches beyond the file").
 *
 * "segment N" in a phrase is out->seg[N], the Nth PT_LOAD counted from 0.  Such a phrase lives
 * in a buffer the next call may overwrite; the root server is single-threaded.  elf needs no
 * alignment.
 */
int root_elf_check(const void *elf, uint64_t size, uint64_t lo, uint64_t hi, struct root_elf *out,
                   const char **why);
