/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Generic boot checks and the boot report.  The arch layer collects what
 * the loader passed (struct boot_input); this file decides whether KaaL can
 * run on it: free RAM, a first module, and that module being a valid root
 * server ELF.  Starting it is boot/rootserver.c's job.
 */
#include <boot/boot_run.h>
#include <lib/printf.h>
#include <machine.h>
#include <panic.h>

static void report_memory(const struct boot_mem *mem)
{
    kinfo("[KaaL] memory: %llu MiB free in %d range%s\n", (unsigned long long)(mem->total / MiB),
          mem->n, mem->n == 1 ? "" : "s");
    for (int i = 0; i < mem->n; i++)
        kinfo("[KaaL]   [%#llx, %#llx)\n", (unsigned long long)mem->free[i].start,
              (unsigned long long)mem->free[i].end);
    for (int i = 0; i < mem->n_reclaim; i++)
        kinfo("[KaaL]   [%#llx, %#llx) holds the modules and boot records, free once the root "
              "server runs\n",
              (unsigned long long)mem->reclaim[i].start, (unsigned long long)mem->reclaim[i].end);
    if (mem->dropped)
        kprintf("[KaaL] warning: the memory map has more than %d free ranges; the smallest "
                "were left unused\n",
                BOOT_MAX_RANGES);
}

static void report_root(const struct boot_module *m, const struct elf_info *root)
{
    kinfo("[KaaL] root server: %s (%llu bytes), entry %#llx\n",
          m->cmdline ? m->cmdline : "(unnamed)", (unsigned long long)(m->end - m->start),
          (unsigned long long)root->entry);
    for (int i = 0; i < root->n_seg; i++) {
        const struct elf_segment *s = &root->seg[i];
        kinfo("[KaaL]   load [%#llx, %#llx) %c%c%c, %llu bytes from file\n",
              (unsigned long long)s->vaddr, (unsigned long long)(s->vaddr + s->memsz),
              s->flags & PF_R ? 'r' : '-', s->flags & PF_W ? 'w' : '-', s->flags & PF_X ? 'x' : '-',
              (unsigned long long)s->filesz);
    }
    kinfo("[KaaL] root server image [%#llx, %#llx), then its IPC buffer and boot info\n",
          (unsigned long long)root->lo, (unsigned long long)root->hi);
}

void boot_check(const struct boot_input *in, struct boot_mem *mem, struct elf_info *root)
{
    char msg[192];

    enum boot_status st = boot_check_memory(in, mem, msg, sizeof(msg));
    if (st != BOOT_OK)
        boot_fail(boot_hint(st), "%s", msg);
    report_memory(mem);

    if (in->n_mods == 0)
        boot_fail(boot_hint(BOOT_ERR_NO_MODULE),
                  "no root server: the boot loader passed no modules");
    if (in->mods_truncated)
        kprintf("[KaaL] warning: more than %d modules; the rest are ignored\n", BOOT_MAX_MODULES);
    const struct boot_module *m = &in->mods[0];
    if (!elf_check(arch_paddr_to_ptr(m->start), m->end - m->start, root, msg, sizeof(msg)))
        boot_fail(boot_hint(BOOT_ERR_BAD_ELF), "root server module %s is not usable: %s",
                  m->cmdline ? m->cmdline : "0", msg);
    report_root(m, root);
}
