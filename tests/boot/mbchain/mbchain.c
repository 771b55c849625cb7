/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mbchain's main line: read the multiboot info QEMU passed, load module 0
 * (the KaaL kernel), hand the kernel a new info block and jump to it.
 *
 * The new block lives in mbchain's own memory (struct handoff, one piece so
 * the kernel sees its records side by side) and differs from QEMU's in the
 * ways every chain loader's does: the command line is "mbchain mode=MODE"
 * plus whatever followed the mode word, and module 0 is gone, so the root
 * server becomes the kernel's module 0.  Then the mode breaks one thing:
 *
 *   pass             nothing (the control case: the kernel must boot)
 *   nommap           flag bit 6 cleared: no memory map
 *   kernel-reserved  one more map entry, type 2, over the kernel's range
 *   badmmap          the first map entry's size field is 4
 *   badmagic         eax holds 0x12345678 instead of 0x2badb002
 */
#include "mbchain.h"

#define MAX_MODS    16   /* modules handed on (QEMU's list minus the kernel) */
#define MMAP_BYTES  2048 /* room for QEMU's map, which has a handful of entries */
#define CMDLINE_MAX 512
#define STRING_MAX  256
#define MODE_WORD   "mode="
#define MODE_LIST   "pass, nommap, kernel-reserved, badmmap, badmagic"

enum mode { MODE_PASS, MODE_NOMMAP, MODE_KERNEL_RESERVED, MODE_BADMMAP, MODE_BADMAGIC, N_MODES };

static const char *const mode_names[N_MODES] = {"pass", "nommap", "kernel-reserved", "badmmap",
                                                "badmagic"};

/*
 * Everything the kernel is given; the strings are copies, so no record of
 * QEMU's is needed.  The info block first and the memory map last: the
 * kernel treats the span from its info block to the end of its map and
 * module list as the loader's records, so the strings in between are kept.
 */
static struct handoff {
    struct mb_info info;
    char cmdline[CMDLINE_MAX];
    char mod_strings[MAX_MODS][STRING_MAX];
    char loader_name[8];
    struct mb_module mods[MAX_MODS];
    uint8_t mmap[MMAP_BYTES + sizeof(struct mb_mmap_entry)]; /* room to append one entry */
} out;

static uint32_t phys(const void *p)
{
    return (uint32_t)(uintptr_t)p;
}

static const void *at(uint32_t pa)
{
    return (const void *)(uintptr_t)pa;
}

static enum mode mode_lookup(const char *name, size_t len)
{
    char shown[32] = {0};

    for (int m = 0; m < N_MODES; m++) {
        if (strlen(mode_names[m]) == len && strncmp(name, mode_names[m], len) == 0)
            return (enum mode)m;
    }
    memcpy(shown, name, len < sizeof(shown) - 1 ? len : sizeof(shown) - 1);
    mbchain_fail("unknown mode '%s'; the modes are " MODE_LIST, shown);
}

/* Finds the word mode=NAME; *rest is set to the text after that word. */
static enum mode parse_mode(const char *cmdline, const char **rest)
{
    const size_t klen = sizeof(MODE_WORD) - 1;

    for (const char *p = cmdline; *p;) {
        while (*p == ' ')
            p++;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        if ((size_t)(p - w) >= klen && strncmp(w, MODE_WORD, klen) == 0) {
            *rest = p;
            return mode_lookup(w + klen, (size_t)(p - w) - klen);
        }
    }
    mbchain_fail("no mode= word in the command line '%s'; boot with -append \"mode=MODE\", "
                 "MODE one of " MODE_LIST,
                 cmdline);
}

/* The kernel's command line: "mbchain mode=NAME" and the words after the mode word. */
static void set_cmdline(enum mode mode, const char *rest)
{
    size_t n;

    if (!str_copy(out.cmdline, sizeof(out.cmdline), "mbchain " MODE_WORD))
        mbchain_fail("internal: command line buffer too small");
    n = strlen(out.cmdline);
    if (!str_copy(out.cmdline + n, sizeof(out.cmdline) - n, mode_names[mode]))
        mbchain_fail("internal: command line buffer too small");
    n = strlen(out.cmdline);
    if (!str_copy(out.cmdline + n, sizeof(out.cmdline) - n, rest))
        mbchain_fail("the command line is longer than %u bytes", (uint32_t)CMDLINE_MAX - 1);
    out.info.cmdline = phys(out.cmdline);
    out.info.flags |= MB_INFO_CMDLINE;
}

/* Hands on modules 1.. as 0..; copies their strings. */
static void copy_modules(const struct mb_info *in)
{
    const struct mb_module *mods = at(in->mods_addr);

    if (in->mods_count - 1 > MAX_MODS)
        mbchain_fail("%u modules; mbchain hands on at most %u after the kernel", in->mods_count,
                     (uint32_t)MAX_MODS);
    for (uint32_t i = 1; i < in->mods_count; i++) {
        struct mb_module *m = &out.mods[i - 1];
        *m = mods[i];
        if (!m->string)
            continue;
        if (!str_copy(out.mod_strings[i - 1], STRING_MAX, at(m->string)))
            mbchain_fail("module %u's string is longer than %u bytes", i, (uint32_t)STRING_MAX - 1);
        m->string = phys(out.mod_strings[i - 1]);
    }
    out.info.mods_count = in->mods_count - 1;
    out.info.mods_addr = out.info.mods_count ? phys(out.mods) : 0;
}

static void copy_mmap(const struct mb_info *in)
{
    if (!(in->flags & MB_INFO_MMAP))
        mbchain_fail("the boot loader passed mbchain no memory map to derive the kernel's from");
    if (in->mmap_length > MMAP_BYTES || in->mmap_length < sizeof(struct mb_mmap_entry))
        mbchain_fail("the memory map is %u bytes; mbchain handles %u to %u", in->mmap_length,
                     (uint32_t)sizeof(struct mb_mmap_entry), (uint32_t)MMAP_BYTES);
    memcpy(out.mmap, at(in->mmap_addr), in->mmap_length);
    out.info.mmap_addr = phys(out.mmap);
    out.info.mmap_length = in->mmap_length;
}

/*
 * The unbroken info block.  Flags above bit 11 name fields past the 0.6.96
 * layout that are not copied, so they are cleared.
 */
static void build_info(const struct mb_info *in, enum mode mode, const char *rest)
{
    out.info = *in;
    out.info.flags &= MB_INFO_KNOWN;
    set_cmdline(mode, rest);
    copy_modules(in);
    copy_mmap(in);
    str_copy(out.loader_name, sizeof(out.loader_name), "mbchain");
    out.info.boot_loader_name = phys(out.loader_name);
    out.info.flags |= MB_INFO_NAME;
}

/* Breaks the info block the way mode asks; img is where the kernel now lies. */
static void apply_mode(enum mode mode, struct kernel_image img)
{
    struct mb_mmap_entry resv = {MB_MMAP_ENTRY, img.lo, img.hi - img.lo, MB_MMAP_RESV};
    uint32_t one = 4;

    switch (mode) {
    case MODE_NOMMAP:
        out.info.flags &= ~MB_INFO_MMAP;
        out.info.mmap_addr = out.info.mmap_length = 0;
        break;
    case MODE_KERNEL_RESERVED:
        memcpy(out.mmap + out.info.mmap_length, &resv, sizeof(resv));
        out.info.mmap_length += sizeof(resv);
        break;
    case MODE_BADMMAP:
        memcpy(out.mmap, &one, sizeof(one)); /* the first entry's size field */
        break;
    case MODE_PASS:
    case MODE_BADMAGIC:
    case N_MODES:
        break;
    }
}

/* Loads module 0, keeping clear of mbchain itself and of every module. */
static struct kernel_image load_kernel(const struct mb_info *in)
{
    const struct mb_module *mods = at(in->mods_addr);
    struct range keep[MAX_MODS + 2];
    int n = 0;

    keep[n++] = (struct range){phys(__mbchain_start), phys(__mbchain_end)};
    for (uint32_t i = 0; i < in->mods_count; i++) {
        if (mods[i].mod_end < mods[i].mod_start)
            mbchain_fail("module %u ends (%#x) before it starts (%#x)", i, mods[i].mod_end,
                         mods[i].mod_start);
        keep[n++] = (struct range){mods[i].mod_start, mods[i].mod_end};
    }
    return elf_load(at(mods[0].mod_start), mods[0].mod_end - mods[0].mod_start, keep, n);
}

void mbchain_main(uint32_t magic, uint32_t info_pa)
{
    const struct mb_info *in = at(info_pa);
    const char *rest = "";

    con_printf("\n[mbchain] multiboot chain loader for KaaL's boot tests\n");
    if (magic != MB_BOOT_MAGIC)
        mbchain_fail("eax is %#x, not the multiboot magic %#x", magic, MB_BOOT_MAGIC);
    if (!(in->flags & MB_INFO_CMDLINE) || !in->cmdline)
        mbchain_fail("no command line; boot with -append \"mode=MODE\", MODE one of " MODE_LIST);
    enum mode mode = parse_mode(at(in->cmdline), &rest);
    if (!(in->flags & MB_INFO_MODS) || in->mods_count == 0)
        mbchain_fail("no modules; boot with -initrd \"kernel.elf,root.elf\"");
    const struct mb_module *mods = at(in->mods_addr);
    con_printf("[mbchain] mode=%s: kernel is module 0 (%s), %u more module(s)\n", mode_names[mode],
               mods[0].string ? (const char *)at(mods[0].string) : "unnamed", in->mods_count - 1);

    build_info(in, mode, rest);
    struct kernel_image img = load_kernel(in);
    apply_mode(mode, img);

    uint32_t magic_out = mode == MODE_BADMAGIC ? MB_BAD_MAGIC : MB_BOOT_MAGIC;
    con_printf("[mbchain] kernel loaded at [%#x, %#x); jumping to %#x with eax %#x, ebx %#x\n",
               img.lo, img.hi, img.entry, magic_out, phys(&out.info));
    con_printf("[mbchain] kernel command line: %s\n", out.cmdline);
    mbchain_jump(img.entry, magic_out, phys(&out.info));
}
