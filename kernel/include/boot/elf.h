/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root server's ELF image as the kernel's boot sees it: the segments
 * the loader places and the range they span.  The checking itself is the
 * shared checker's (sdk/private/include/kaal/elfcheck.h); elf_check runs it
 * with the kernel's range and words its answer as the boot message.
 */
#pragma once

#include <types.h>

#define ELF_MAX_SEGMENTS 16

/* Segment permissions, as in p_flags. */
enum {
    PF_X = 1,
    PF_W = 2,
    PF_R = 4,
};

struct elf_segment {
    uint64_t vaddr;
    uint64_t memsz;
    uint64_t offset;
    uint64_t filesz;
    uint32_t flags; /* PF_R | PF_W | PF_X */
};

/* A validated executable: what the loader needs and nothing else. */
struct elf_info {
    uint64_t entry;
    int n_seg;
    struct elf_segment seg[ELF_MAX_SEGMENTS];
    uint64_t lo; /* lowest loaded address, page aligned down */
    uint64_t hi; /* end of the highest segment, page aligned up */
};

/*
 * Checks that img[0..size) is a static executable for this architecture
 * whose loadable segments lie in the file and in the user address range,
 * do not overlap, and contain the entry point.  Returns true and fills
 * info, or returns false with the reason in msg.  Never reads outside img.
 */
bool elf_check(const void *img, size_t size, struct elf_info *info, char *msg, size_t msg_size);
