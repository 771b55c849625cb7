/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ELF64 images for x86_64, built byte by byte in a test's own buffer, for
 * the host tests of the ELF checkers (elfcheck_test.c, root/elf_test.c).
 * Field offsets are the System V ABI's; every field is little endian.
 * Each test keeps its image in a static buffer and wraps these in one-line
 * helpers over it, then breaks single fields with elf_put_le.
 */
#pragma once

#include <kaal/elfcheck.h>
#include <stdint.h>
#include <string.h>

#define E_IDENT_CLASS   4
#define E_IDENT_DATA    5
#define E_IDENT_VERSION 6
#define E_TYPE          16
#define E_MACHINE       18
#define E_VERSION       20
#define E_ENTRY         24
#define E_PHOFF         32
#define E_EHSIZE        52
#define E_PHENTSIZE     54
#define E_PHNUM         56
#define P_TYPE          0
#define P_FLAGS         4
#define P_OFFSET        8
#define P_VADDR         16
#define P_FILESZ        32
#define P_MEMSZ         40

#define PT_LOAD      1u
#define PT_INTERP    3u
#define PT_NOTE      4u
#define PT_GNU_STACK 0x6474e551u
#define PHOFF        64 /* program headers right after the ELF header */
#define PHSIZE       56
#define RX           (ELFCHECK_PF_R | ELFCHECK_PF_X)
#define RW           (ELFCHECK_PF_R | ELFCHECK_PF_W)

static inline void elf_put_le(uint8_t *image, uint64_t off, uint64_t v, unsigned int bytes)
{
    for (unsigned int i = 0; i < bytes; i++)
        image[off + i] = (uint8_t)(v >> (8 * i));
}

/* Sets one field of program header k; p_type and p_flags are 4 bytes, the rest 8. */
static inline void elf_set_ph(uint8_t *image, unsigned int k, unsigned int field, uint64_t v)
{
    elf_put_le(image, PHOFF + k * PHSIZE + field, v, field == P_TYPE || field == P_FLAGS ? 4 : 8);
}

static inline void elf_ph(uint8_t *image, unsigned int k, uint32_t type, uint32_t flags,
                          uint64_t offset, uint64_t vaddr, uint64_t filesz, uint64_t memsz)
{
    elf_set_ph(image, k, P_TYPE, type);
    elf_set_ph(image, k, P_FLAGS, flags);
    elf_set_ph(image, k, P_OFFSET, offset);
    elf_set_ph(image, k, P_VADDR, vaddr);
    elf_set_ph(image, k, P_FILESZ, filesz);
    elf_set_ph(image, k, P_MEMSZ, memsz);
}

/* Clears image[0, size) and writes an x86_64 ET_EXEC header with phnum headers at PHOFF. */
static inline void elf_header(uint8_t *image, uint64_t size, unsigned int phnum, uint64_t entry)
{
    memset(image, 0, size);
    memcpy(image, "\177ELF", 4);
    image[E_IDENT_CLASS] = 2;            /* ELFCLASS64 */
    image[E_IDENT_DATA] = 1;             /* ELFDATA2LSB */
    image[E_IDENT_VERSION] = 1;          /* EV_CURRENT */
    elf_put_le(image, E_TYPE, 2, 2);     /* ET_EXEC */
    elf_put_le(image, E_MACHINE, 62, 2); /* EM_X86_64 */
    elf_put_le(image, E_VERSION, 1, 4);
    elf_put_le(image, E_ENTRY, entry, 8);
    elf_put_le(image, E_PHOFF, PHOFF, 8);
    elf_put_le(image, E_EHSIZE, 64, 2);
    elf_put_le(image, E_PHENTSIZE, PHSIZE, 2);
    elf_put_le(image, E_PHNUM, phnum, 2);
}
