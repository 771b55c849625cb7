/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root server's ELF image at boot.  The module comes from the boot
 * loader, so nothing in it is trusted: the shared checker (<kaal/elfcheck.h>)
 * reads and checks every field, and this file gives it the kernel's range
 * and turns its answer into the boot message and struct elf_info.
 *
 * The range is user space above page 0, with room for the IPC buffer and
 * boot-info frames the kernel maps after the image.  None of the checker's
 * options is on: seL4's own boot copies segments byte by byte and refuses
 * neither a PT_INTERP header, nor an empty PT_LOAD, nor an address and
 * offset that differ modulo 4096, and neither does this kernel, which also
 * copies (rootserver.c), so any root task seL4 loads loads here too.
 */
#include <boot/elf.h>
#include <arch/machine.h>
#include <kaal/elfcheck.h>
#include <lib/printf.h>

#define PAGE 4096ull
/* After the image the kernel maps the IPC buffer frame and the boot-info frame. */
#define ROOM_AFTER_IMAGE (2 * PAGE)

_Static_assert(ELF_MAX_SEGMENTS == ELFCHECK_MAX_SEGMENTS, "one segment limit");
_Static_assert(PF_X == ELFCHECK_PF_X && PF_W == ELFCHECK_PF_W && PF_R == ELFCHECK_PF_R,
               "p_flags values");

/* The checker's answer; boot is single-threaded, and this keeps 700 bytes off its stack. */
static struct elfcheck checked;

/* The message for an error that names no number. */
static const char *plain_message(enum elfcheck_error err)
{
    switch (err) {
    case ELFCHECK_SHORT:
        return "too short to be an ELF file";
    case ELFCHECK_MAGIC:
        return "not an ELF file (bad magic)";
    case ELFCHECK_CLASS32:
        return "a 32-bit ELF file; the root server must be ELF64 for " ARCH_NAME;
    case ELFCHECK_CLASS:
        return "unknown ELF class";
    case ELFCHECK_DATA:
        return "a big-endian ELF file; " ARCH_NAME " is little-endian";
    case ELFCHECK_VERSION:
        return "unknown ELF version";
    case ELFCHECK_DYN:
        return "a position-independent ELF (ET_DYN); link the root server with -static -no-pie";
    case ELFCHECK_TYPE:
        return "not an executable (ELF type is not ET_EXEC)";
    case ELFCHECK_NO_PHDRS:
        return "no program headers";
    case ELFCHECK_PHENTSIZE:
        return "unexpected program header size";
    case ELFCHECK_PHDRS_OUTSIDE:
        return "program headers lie outside the file (truncated?)";
    case ELFCHECK_INTERP: /* the options below are off for the kernel: worded all the same */
        return "a dynamically linked ELF (PT_INTERP); link the root server with -static";
    case ELFCHECK_TOO_MANY:
        return "more than 16 loadable segments";
    case ELFCHECK_NO_LOAD:
        return "no loadable segments";
    default:
        return NULL;
    }
}

/* Writes the boot message for err, found in img of size bytes, to msg. */
static void word(enum elfcheck_error err, const struct elfcheck *e, size_t size, char *msg,
                 size_t msg_size)
{
    const struct elfcheck_segment *s = &e->seg[e->at];
    const char *plain = plain_message(err);

    if (plain) {
        ksnprintf(msg, msg_size, "%s", plain);
    } else if (err == ELFCHECK_MACHINE) {
        ksnprintf(msg, msg_size, "an ELF file for machine %u, not " ARCH_NAME " (machine %u)",
                  e->machine, ARCH_ELF_MACHINE);
    } else if (err == ELFCHECK_SEG_OUTSIDE) {
        ksnprintf(msg, msg_size, "segment %u: bytes [%#llx, +%#llx) lie outside the %llu-byte file",
                  s->phdr, (unsigned long long)s->offset, (unsigned long long)s->filesz,
                  (unsigned long long)size);
    } else if (err == ELFCHECK_SEG_FILESZ) {
        ksnprintf(msg, msg_size, "segment %u: file size exceeds memory size", s->phdr);
    } else if (err == ELFCHECK_SEG_WRAPS || err == ELFCHECK_SEG_RANGE) {
        ksnprintf(msg, msg_size, "segment %u: [%#llx, +%#llx) is outside user space [%#llx, %#llx)",
                  s->phdr, (unsigned long long)s->vaddr, (unsigned long long)s->memsz, PAGE,
                  (unsigned long long)(ARCH_USER_TOP - ROOM_AFTER_IMAGE));
    } else if (err == ELFCHECK_SEG_EMPTY) { /* the option is off: worded all the same */
        ksnprintf(msg, msg_size, "segment %u: memory size 0", s->phdr);
    } else if (err == ELFCHECK_SEG_MISALIGNED) { /* likewise */
        ksnprintf(msg, msg_size, "segment %u: address and file offset differ modulo 4096", s->phdr);
    } else if (err == ELFCHECK_OVERLAP) {
        ksnprintf(msg, msg_size, "segments %u and %u overlap in memory", e->seg[e->other].phdr,
                  s->phdr);
    } else {
        ksnprintf(msg, msg_size, "entry point %#llx is not in an executable segment",
                  (unsigned long long)e->entry);
    }
}

bool elf_check(const void *img, size_t size, struct elf_info *info, char *msg, size_t msg_size)
{
    const struct elfcheck_rules rules = {
        .machine = ARCH_ELF_MACHINE,
        .options = 0,
        .lo = PAGE,
        .hi = ARCH_USER_TOP - ROOM_AFTER_IMAGE,
    };
    enum elfcheck_error err = elfcheck(img, size, &rules, &checked);

    if (err != ELFCHECK_OK) {
        word(err, &checked, size, msg, msg_size);
        return false;
    }
    info->entry = checked.entry;
    info->n_seg = (int)checked.nseg;
    info->lo = ~0ull;
    info->hi = 0;
    for (unsigned int i = 0; i < checked.nseg; i++) {
        const struct elfcheck_segment *s = &checked.seg[i];
        struct elf_segment *d = &info->seg[i];

        d->vaddr = s->vaddr;
        d->memsz = s->memsz;
        d->offset = s->offset;
        d->filesz = s->filesz;
        d->flags = s->flags;
        info->lo = MIN(info->lo, ROUND_DOWN(s->vaddr, PAGE));
        info->hi = MAX(info->hi, ROUND_UP(s->vaddr + s->memsz, PAGE));
    }
    return true;
}
