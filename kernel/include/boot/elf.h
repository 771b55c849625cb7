/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ELF64 as far as the kernel needs it to load the root server: the file
 * header, program headers, and a checker that refuses anything the loader
 * could not place safely.  Layouts are the System V ABI's.
 */
#pragma once

#include <types.h>

#define ELF_MAX_SEGMENTS 16

enum {
    EI_CLASS = 4,
    EI_DATA = 5,
    EI_VERSION = 6,
    ELFCLASS32 = 1,
    ELFCLASS64 = 2,
    ELFDATA2LSB = 1,
    EV_CURRENT = 1,
    ET_REL = 1,
    ET_EXEC = 2,
    ET_DYN = 3,
    PT_LOAD = 1,
    PF_X = 1,
    PF_W = 2,
    PF_R = 4,
};

typedef struct {
    uint8_t e_ident[16];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff;
    uint64_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
} elf64_ehdr_t;

typedef struct {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
} elf64_phdr_t;

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
