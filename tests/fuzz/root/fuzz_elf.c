/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for root_elf_check (runtime/root/elf.c), the root server's
 * check of a component's ELF: the shared <kaal/elfcheck.h> with all its
 * options on, and the root server's phrase for each refusal.  The input is the ELF file, placed one
 * byte past an 8-byte boundary at the very end of a heap block: a field read as a wider type would
 * be misaligned (UBSan), a byte read past the end is an ASan report.
 *
 * A refusal must come with a short lowercase phrase.  An image accepted
 * for the loader's range must describe what the loader can place safely,
 * and this target traps if not: 1..16 segments, each non-empty with its
 * file bytes inside the input and its memory inside [lo, hi), address and
 * offset congruent modulo 4096, no two sharing a byte, the entry point in
 * an executable one.  It must also be accepted, the same, for the whole
 * address space.
 */
#include "../../../runtime/root/elf.h"

#include <stdlib.h>
#include <string.h>

#define LOADER_LO 0x1000ull
#define LOADER_HI 0x7fff00000000ull

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
    if (!ok)
        __builtin_trap();
}

static void check_phrase(const char *why)
{
    size_t n;

    require(why != NULL);
    n = strlen(why);
    require(n > 0 && n < 96);
    require(!(why[0] >= 'A' && why[0] <= 'Z'));
    require(strchr(why, '\n') == NULL);
}

static void check_accepted(const struct elfcheck *e, uint64_t size, uint64_t lo, uint64_t hi)
{
    int entry_ok = 0;

    require(e->nseg >= 1 && e->nseg <= ELFCHECK_MAX_SEGMENTS);
    for (unsigned int i = 0; i < e->nseg; i++) {
        const struct elfcheck_segment *s = &e->seg[i];

        require(s->memsz > 0 && s->filesz <= s->memsz);
        require(s->offset <= size && s->filesz <= size - s->offset);
        require(s->vaddr >= lo && s->vaddr <= hi && s->memsz <= hi - s->vaddr);
        require(s->vaddr % 4096 == s->offset % 4096);
        require((s->flags & ~(ELFCHECK_PF_R | ELFCHECK_PF_W | ELFCHECK_PF_X)) == 0);
        for (unsigned int j = 0; j < i; j++) {
            const struct elfcheck_segment *t = &e->seg[j];
            require(s->vaddr >= t->vaddr + t->memsz || t->vaddr >= s->vaddr + s->memsz);
        }
        if (e->entry >= s->vaddr && e->entry - s->vaddr < s->memsz && (s->flags & ELFCHECK_PF_X))
            entry_ok = 1;
    }
    require(entry_ok);
}

static int same(const struct elfcheck *a, const struct elfcheck *b)
{
    if (a->entry != b->entry || a->nseg != b->nseg)
        return 0;
    for (unsigned int i = 0; i < a->nseg; i++) {
        const struct elfcheck_segment *s = &a->seg[i], *t = &b->seg[i];
        if (s->vaddr != t->vaddr || s->memsz != t->memsz || s->offset != t->offset ||
            s->filesz != t->filesz || s->flags != t->flags)
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *block = malloc(size + 1);
    const uint8_t *elf = block + 1;
    struct elfcheck narrow, wide;
    const char *why = NULL;

    memcpy(block + 1, data, size);
    if (root_elf_check(elf, size, LOADER_LO, LOADER_HI, &narrow, &why) == 0) {
        check_accepted(&narrow, size, LOADER_LO, LOADER_HI);
        require(root_elf_check(elf, size, 0, ~0ull, &wide, &why) == 0);
        require(same(&narrow, &wide));
    } else {
        check_phrase(why);
        why = NULL;
        if (root_elf_check(elf, size, 0, ~0ull, &wide, &why) == 0)
            check_accepted(&wide, size, 0, ~0ull);
        else
            check_phrase(why);
    }
    free(block);
    return 0;
}
