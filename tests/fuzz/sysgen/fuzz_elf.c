/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target for kaal-sysgen's ELF check (tools/sysgen/elf.c: the
 * shared <kaal/elfcheck.h>, kaal-sysgen's messages and the maps).  The
 * input is one component's ELF file, copied into a buffer of exactly its
 * size so ASan reports any read past the end; the component maps one 64
 * KiB region at MAP_VADDR.  Beyond not crashing: a refused file must have
 * printed file:line:col: error: lines each followed by a hint, and an
 * accepted one is walked here, independently, and must really be an
 * x86_64 ET_EXEC whose loadable segments lie in the file, in the user part
 * of the address space and off the map, with the entry point in an
 * executable one.
 */
#include "sysgen.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

#define MAP_VADDR 0x10000000ull
#define MAP_SIZE  0x10000ull

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what)
{
    fprintf(stderr, "PROPERTY: %s\n", what);
    abort();
}

/* The checks an accepted file must pass, restated without elf.c's code. */
static void check_accepted(const unsigned char *e, size_t size)
{
    Elf64_Ehdr eh;
    Elf64_Phdr ph;
    bool entry_ok = false;
    if (size < sizeof(eh))
        broken("accepted a file shorter than an ELF header");
    memcpy(&eh, e, sizeof(eh));
    if (eh.e_type != ET_EXEC || eh.e_machine != EM_X86_64 || eh.e_ident[EI_CLASS] != ELFCLASS64)
        broken("accepted a file that is not an x86_64 ELF64 executable");
    if (eh.e_phoff > size || (uint64_t)eh.e_phnum * sizeof(ph) > size - eh.e_phoff)
        broken("accepted program headers outside the file");
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        memcpy(&ph, e + eh.e_phoff + i * sizeof(ph), sizeof(ph));
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (ph.p_offset > size || ph.p_filesz > size - ph.p_offset)
            broken("accepted a segment whose data lies outside the file");
        if (ph.p_vaddr < SG_USER_BASE || ph.p_vaddr >= SG_RESERVED_BASE ||
            ph.p_memsz > SG_RESERVED_BASE - ph.p_vaddr)
            broken("accepted a segment outside the user part of the address space");
        if (ph.p_vaddr < MAP_VADDR + MAP_SIZE && MAP_VADDR < ph.p_vaddr + ph.p_memsz)
            broken("accepted a segment that overlaps the map");
        if (ph.p_vaddr % 4096 != ph.p_offset % 4096)
            broken("accepted a segment the loader cannot map page by page");
        if (eh.e_entry >= ph.p_vaddr && eh.e_entry - ph.p_vaddr < ph.p_memsz && (ph.p_flags & PF_X))
            entry_ok = true;
    }
    if (!entry_ok)
        broken("accepted an entry point outside every executable segment");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *out = NULL;
    size_t outlen = 0;
    struct sg_region region = {.name = "shared", .size = MAP_SIZE, .page_size = 4096};
    struct sg_map map = {.region = "shared", .region_idx = 0, .vaddr = MAP_VADDR, .perms = 3};
    struct sg_component comp = {.name = "c", .elf = "c.elf", .maps = &map, .nmaps = 1};
    struct sg_system s;
    map.at = map.vaddr_at = comp.elf_at = (struct sg_pos){1, 1};
    comp.elf_data = malloc(size ? size : 1);
    comp.elf_size = size;
    memcpy(comp.elf_data, data, size);

    FILE *diag = open_memstream(&out, &outlen);
    sg_init(&s, "f.yaml", diag);
    s.regions = &region, s.nregions = 1;
    s.components = &comp, s.ncomponents = 1;
    sg_check_elf(&s, &comp, "c.elf");
    int errors = s.errors;
    sg_report(&s); /* frees the messages; the records above are on the stack */
    fclose(diag);
    if (errors && (strncmp(out, "f.yaml:1:1: error: ", 19) != 0 || !strstr(out, "\n  hint: ")))
        broken("an error without file:line:col: error: and a hint");
    if (!errors)
        check_accepted(comp.elf_data, size);
    free(comp.elf_data);
    free(out);
    return 0;
}
