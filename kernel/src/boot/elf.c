/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Validation of the root server's ELF image.  The module comes from the
 * boot loader, so every field is checked before the loader trusts it: the
 * identity bytes, the machine, that the program headers and each segment's
 * bytes are inside the file (with overflow-safe arithmetic), that segments
 * sit in user space above page 0 with room for the IPC buffer and boot-info
 * frames after them, and that the entry point is in an executable segment.
 * Headers are copied out with memcpy because a module need not be aligned.
 */
#include <boot/elf.h>
#include <arch/machine.h>
#include <lib/printf.h>
#include <lib/string.h>

#define PAGE 4096ull
/* After the image the kernel maps the IPC buffer frame and the boot-info frame. */
#define ROOM_AFTER_IMAGE (2 * PAGE)

static bool fail(char *msg, size_t size, const char *why)
{
    ksnprintf(msg, size, "%s", why);
    return false;
}

static bool check_ident(const elf64_ehdr_t *eh, char *msg, size_t size)
{
    if (memcmp(eh->e_ident, "\177ELF", 4) != 0)
        return fail(msg, size, "not an ELF file (bad magic)");
    if (eh->e_ident[EI_CLASS] == ELFCLASS32)
        return fail(msg, size, "a 32-bit ELF file; the root server must be ELF64 for " ARCH_NAME);
    if (eh->e_ident[EI_CLASS] != ELFCLASS64)
        return fail(msg, size, "unknown ELF class");
    if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(msg, size, "a big-endian ELF file; " ARCH_NAME " is little-endian");
    if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
        return fail(msg, size, "unknown ELF version");
    if (eh->e_machine != ARCH_ELF_MACHINE) {
        ksnprintf(msg, size, "an ELF file for machine %u, not " ARCH_NAME " (machine %u)",
                  eh->e_machine, ARCH_ELF_MACHINE);
        return false;
    }
    if (eh->e_type == ET_DYN)
        return fail(msg, size,
                    "a position-independent ELF (ET_DYN); link the root server with -static "
                    "-no-pie");
    if (eh->e_type != ET_EXEC)
        return fail(msg, size, "not an executable (ELF type is not ET_EXEC)");
    return true;
}

/* True if [off, off+len) fits in size, without overflowing. */
static bool in_file(uint64_t off, uint64_t len, uint64_t size)
{
    return off <= size && len <= size - off;
}

static bool check_segment(const elf64_phdr_t *ph, int idx, char *msg, size_t size,
                          uint64_t file_size)
{
    if (!in_file(ph->p_offset, ph->p_filesz, file_size)) {
        ksnprintf(msg, size, "segment %d: bytes [%#llx, +%#llx) lie outside the %llu-byte file",
                  idx, (unsigned long long)ph->p_offset, (unsigned long long)ph->p_filesz,
                  (unsigned long long)file_size);
        return false;
    }
    if (ph->p_filesz > ph->p_memsz) {
        ksnprintf(msg, size, "segment %d: file size exceeds memory size", idx);
        return false;
    }
    if (ph->p_vaddr < PAGE || ph->p_memsz > ARCH_USER_TOP - ROOM_AFTER_IMAGE ||
        ph->p_vaddr > ARCH_USER_TOP - ROOM_AFTER_IMAGE - ph->p_memsz) {
        ksnprintf(msg, size, "segment %d: [%#llx, +%#llx) is outside user space [%#llx, %#llx)",
                  idx, (unsigned long long)ph->p_vaddr, (unsigned long long)ph->p_memsz, PAGE,
                  (unsigned long long)(ARCH_USER_TOP - ROOM_AFTER_IMAGE));
        return false;
    }
    return true;
}

static bool check_overlaps(const struct elf_info *info, char *msg, size_t size)
{
    for (int i = 0; i < info->n_seg; i++) {
        for (int j = 0; j < i; j++) {
            const struct elf_segment *a = &info->seg[i], *b = &info->seg[j];
            if (a->vaddr < b->vaddr + b->memsz && b->vaddr < a->vaddr + a->memsz) {
                ksnprintf(msg, size, "segments %d and %d overlap in memory", j, i);
                return false;
            }
        }
    }
    return true;
}

static bool check_entry(const struct elf_info *info, char *msg, size_t size)
{
    for (int i = 0; i < info->n_seg; i++) {
        const struct elf_segment *s = &info->seg[i];
        if (info->entry >= s->vaddr && info->entry - s->vaddr < s->memsz) {
            if (s->flags & PF_X)
                return true;
            break;
        }
    }
    ksnprintf(msg, size, "entry point %#llx is not in an executable segment",
              (unsigned long long)info->entry);
    return false;
}

static bool collect_segments(const uint8_t *img, size_t size, const elf64_ehdr_t *eh,
                             struct elf_info *info, char *msg, size_t msg_size)
{
    info->n_seg = 0;
    info->lo = ~0ull;
    info->hi = 0;
    for (int i = 0; i < eh->e_phnum; i++) {
        elf64_phdr_t ph;
        memcpy(&ph, img + eh->e_phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (!check_segment(&ph, i, msg, msg_size, size))
            return false;
        if (info->n_seg == ELF_MAX_SEGMENTS)
            return fail(msg, msg_size, "more than 16 loadable segments");
        info->seg[info->n_seg++] = (struct elf_segment){
            ph.p_vaddr, ph.p_memsz, ph.p_offset, ph.p_filesz, ph.p_flags & (PF_R | PF_W | PF_X)};
        info->lo = MIN(info->lo, ROUND_DOWN(ph.p_vaddr, PAGE));
        info->hi = MAX(info->hi, ROUND_UP(ph.p_vaddr + ph.p_memsz, PAGE));
    }
    if (info->n_seg == 0)
        return fail(msg, msg_size, "no loadable segments");
    return true;
}

bool elf_check(const void *img, size_t size, struct elf_info *info, char *msg, size_t msg_size)
{
    elf64_ehdr_t eh;

    if (size < sizeof(eh))
        return fail(msg, msg_size, "too short to be an ELF file");
    memcpy(&eh, img, sizeof(eh));
    if (!check_ident(&eh, msg, msg_size))
        return false;
    if (eh.e_phentsize != sizeof(elf64_phdr_t))
        return fail(msg, msg_size, "unexpected program header size");
    if (eh.e_phnum == 0)
        return fail(msg, msg_size, "no program headers");
    if (!in_file(eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(elf64_phdr_t), size))
        return fail(msg, msg_size, "program headers lie outside the file (truncated?)");
    info->entry = eh.e_entry;
    return collect_segments(img, size, &eh, info, msg, msg_size) &&
           check_overlaps(info, msg, msg_size) && check_entry(info, msg, msg_size);
}
