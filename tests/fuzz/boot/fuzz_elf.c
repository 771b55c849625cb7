/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for elf_check, the root-server ELF validation: the shared
 * checker (<kaal/elfcheck.h>) with the kernel's range and options, and the
 * kernel's message for each refusal.  Any input may be refused; an input
 * that is accepted must describe an image the loader can place safely, and
 * this target traps if it does not: at least one segment, each segment's
 * bytes inside the file and its memory inside user space above page 0, no
 * two segments overlapping, the entry point in an executable segment, and
 * lo/hi bounding every segment.  ASan checks that the checker reads nothing
 * outside the input.
 */
#include <boot/elf.h>
#include <arch/machine.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
    if (!ok)
        __builtin_trap();
}

static void check_accepted(const struct elf_info *info, size_t size)
{
    bool entry_ok = false;

    require(info->n_seg > 0 && info->n_seg <= ELF_MAX_SEGMENTS);
    for (int i = 0; i < info->n_seg; i++) {
        const struct elf_segment *s = &info->seg[i];
        require(s->offset <= size && s->filesz <= size - s->offset);
        require(s->filesz <= s->memsz);
        require(s->vaddr >= 4096 && s->vaddr + s->memsz <= ARCH_USER_TOP);
        require(info->lo <= s->vaddr && s->vaddr + s->memsz <= info->hi);
        for (int j = 0; j < i; j++) {
            const struct elf_segment *t = &info->seg[j];
            require(s->vaddr >= t->vaddr + t->memsz || t->vaddr >= s->vaddr + s->memsz);
        }
        if (info->entry >= s->vaddr && info->entry - s->vaddr < s->memsz && (s->flags & PF_X))
            entry_ok = true;
    }
    require(entry_ok);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy, so any read past the end is an ASan report. */
    uint8_t *img = malloc(size ? size : 1);
    struct elf_info info;
    char msg[256];

    memcpy(img, data, size);
    msg[0] = '\0';
    if (elf_check(img, size, &info, msg, sizeof(msg)))
        check_accepted(&info, size);
    else
        require(msg[0] != '\0'); /* every refusal says why */
    free(img);
    return 0;
}
