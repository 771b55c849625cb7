/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kaal-sysgen's parser and checks (tools/sysgen) on the descriptions in
 * fixtures/: the good three-component system must pass and survive the
 * trip through the image (read back with sysimage_check), and each broken
 * one must give its exact "file:line:col: error:" line and a hint line,
 * all of them in file order.  The
 * tests run in the build tree, where they write the small fake ELF files
 * the descriptions name.
 */
#include "sysgen.h"
#include "test.h"

#include <kaal/sysimage.h>

#include <elf.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char diag[8192];

/*
 * The ELF files the fixtures name, made here so no binary is committed.
 * The good one is an x86_64 executable of 1 KiB: its header, one program
 * header at offset 64 for an 8 KiB R+X segment at 0x400000 (file offset 0,
 * 200 bytes in the file) holding the entry point, and then body bytes that
 * equal their offset's low byte.  Every other file is the good one with
 * one field changed.
 */
enum elf_field {
    F_NONE,
    F_CLASS,
    F_VERSION,
    F_TYPE,
    F_PHNUM,
    F_PHENTSIZE,
    F_ENTRY,
    F_PTYPE,
    F_FLAGS,
    F_VADDR,
    F_OFFSET,
    F_FILESZ,
    F_MEMSZ,
};

static const struct fake_elf {
    const char *name;
    enum elf_field field;
    uint64_t value;
} fakes[] = {
    {"server.elf", F_NONE, 0},
    {"client.elf", F_NONE, 0},
    {"driver.elf", F_NONE, 0},
    {"elf32.elf", F_CLASS, ELFCLASS32},
    {"pie.elf", F_TYPE, ET_DYN},
    {"low.elf", F_VADDR, 0},
    {"high.elf", F_VADDR, 0x7ffefffff000},
    {"mapped.elf", F_VADDR, 0x10004000},
    {"truncated.elf", F_PHNUM, 40}, /* 40 * 56 bytes of headers in a 1 KiB file */
    {"cut.elf", F_FILESZ, 0x1000},
    {"fat.elf", F_MEMSZ, 100},
    {"noload.elf", F_PTYPE, PT_NOTE},
    {"reloc.elf", F_TYPE, ET_REL},
    {"phent.elf", F_PHENTSIZE, 32},
    {"version.elf", F_VERSION, 0},
    {"interp.elf", F_PTYPE, PT_INTERP},
    {"empty.elf", F_MEMSZ, 0},
    {"skewed.elf", F_OFFSET, 0x10},
    {"twice.elf", F_PHNUM, 2}, /* the same segment twice */
    {"many.elf", F_PHNUM, 17},
    {"lost.elf", F_ENTRY, 0x300000},
    {"noexec.elf", F_FLAGS, PF_R},
};

#define FAKE_SIZE 1024

/* Sets one field of the good file's headers to v. */
static void change_field(Elf64_Ehdr *eh, Elf64_Phdr *ph, enum elf_field field, uint64_t v)
{
    switch (field) {
    case F_NONE:
        break;
    case F_CLASS:
        eh->e_ident[EI_CLASS] = (unsigned char)v;
        break;
    case F_VERSION:
        eh->e_version = (uint32_t)v;
        break;
    case F_TYPE:
        eh->e_type = (uint16_t)v;
        break;
    case F_PHNUM:
        eh->e_phnum = (uint16_t)v;
        break;
    case F_PHENTSIZE:
        eh->e_phentsize = (uint16_t)v;
        break;
    case F_ENTRY:
        eh->e_entry = v;
        break;
    case F_PTYPE:
        ph->p_type = (uint32_t)v;
        break;
    case F_FLAGS:
        ph->p_flags = (uint32_t)v;
        break;
    case F_VADDR:
        ph->p_vaddr = v;
        break;
    case F_OFFSET:
        ph->p_offset = v;
        break;
    case F_FILESZ:
        ph->p_filesz = v;
        break;
    case F_MEMSZ:
        ph->p_memsz = v;
        break;
    }
}

static void write_fake_elf(const struct fake_elf *f)
{
    unsigned char e[4096];
    Elf64_Ehdr eh = {
        .e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT},
        .e_type = ET_EXEC,
        .e_machine = EM_X86_64,
        .e_version = EV_CURRENT,
        .e_entry = 0x400000,
        .e_phoff = sizeof(eh),
        .e_ehsize = sizeof(eh),
        .e_phentsize = sizeof(Elf64_Phdr),
        .e_phnum = 1};
    Elf64_Phdr ph = {.p_type = PT_LOAD,
                     .p_flags = PF_R | PF_X,
                     .p_vaddr = 0x400000,
                     .p_paddr = 0x400000,
                     .p_filesz = 200,
                     .p_memsz = 0x2000,
                     .p_align = 4096};
    change_field(&eh, &ph, f->field, f->value);
    for (size_t i = 0; i < sizeof(e); i++)
        e[i] = (unsigned char)i;
    memcpy(e, &eh, sizeof(eh));
    for (unsigned i = 0; i < eh.e_phnum && sizeof(eh) + (i + 1) * sizeof(ph) <= sizeof(e); i++)
        memcpy(e + sizeof(eh) + i * sizeof(ph), &ph, sizeof(ph));
    FILE *out = fopen(f->name, "wb");
    if (!out || fwrite(e, 1, FAKE_SIZE, out) != FAKE_SIZE || fclose(out) != 0)
        abort();
}

static void setup(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    mkdir(SYSGEN_WORK, 0777);
    if (chdir(SYSGEN_WORK) != 0)
        abort();
    for (size_t i = 0; i < sizeof(fakes) / sizeof(fakes[0]); i++)
        write_fake_elf(&fakes[i]);
    FILE *f = fopen("notelf.elf", "wb");
    fputs("#!/bin/sh\necho this is not an ELF file, but it is long enough to be one\n", f);
    fclose(f);
    /* Region contents: 5000 bytes of pattern, and one byte more than 4K for a 4K region. */
    f = fopen("root.cpio", "wb");
    for (int i = 0; i < 5000; i++)
        fputc(i % 251, f);
    fclose(f);
    f = fopen("big.cpio", "wb");
    for (int i = 0; i < 4097; i++)
        fputc(0, f);
    fclose(f);
    /* A folder for cpio: a file, a directory with a file, a symlink. */
    if (system("rm -rf tree && mkdir -p tree/etc && printf 'hi\\n' > tree/etc/motd && "
               "printf 'top\\n' > tree/a && chmod 600 tree/a && chmod 755 tree tree/etc && "
               "chmod 644 tree/etc/motd && ln -s etc/motd tree/link && rm -rf bigtree && "
               "mkdir bigtree && head -c 5000 /dev/zero > bigtree/zeros") != 0)
        abort();
}

/* Parses and checks fixtures/<name> (named <name> in messages); returns the error count. */
static int run(const char *name, struct sg_system *s)
{
    char path[512], text[8192];
    setup();
    snprintf(path, sizeof(path), "%s/%s", SYSGEN_FIXTURES, name);
    FILE *f = fopen(path, "rb");
    size_t len = f ? fread(text, 1, sizeof(text), f) : 0;
    if (f)
        fclose(f);
    CHECK(len > 0);
    memset(diag, 0, sizeof(diag));
    FILE *out = fmemopen(diag, sizeof(diag) - 1, "w");
    sg_init(s, name, out);
    sg_parse(s, (const unsigned char *)text, len);
    if (s->have_doc)
        sg_check(s);
    sg_report(s);
    fclose(out);
    return s->errors;
}

static void good_system_round_trips(void)
{
    struct sg_system s;
    size_t len = 0;
    const char *why = "";
    CHECK_EQ(run("good.yaml", &s), 0);
    CHECK_STR(diag, "");
    unsigned char *img = sg_image(&s, &len);
    CHECK(img != NULL);
    CHECK_EQ(sysimage_check(img, len, &why), 0);
    const struct kaal_sysimage_header *h = (const void *)img;
    CHECK_EQ(h->components.count, 3);
    CHECK_EQ(h->regions.count, 2);
    CHECK_EQ(h->maps.count, 4);
    CHECK_EQ(h->channels.count, 2);
    CHECK_EQ(h->devices.count, 1);
    const struct kaal_sysimage_component *c = (const void *)(img + h->components.offset);
    CHECK_STR(c[0].name, "driver");
    CHECK_EQ(c[0].priority, 250);
    CHECK_EQ(c[1].stack_size, 32 * 1024);
    CHECK_EQ(c[1].mem_quota, 4 << 20);
    CHECK_EQ(c[0].mem_quota, 0);
    CHECK_EQ(c[1].heap_size, 1 << 20);
    CHECK_EQ(c[0].heap_size, 0); /* no heap: is no heap */
    CHECK_EQ(c[0].grants, 0);
    CHECK_EQ(c[1].grants, KAAL_SYSIMAGE_GRANT_MONITOR);
    CHECK_EQ(c[2].grants, KAAL_SYSIMAGE_GRANT_POWER);
    CHECK_STR(c[2].name, "client");
    CHECK_EQ(c[1].map_first, 1);
    CHECK_EQ(c[1].map_count, 2);
    CHECK_EQ(c[0].elf_size, FAKE_SIZE);
    CHECK_EQ(c[2].elf_offset % 4096, 0);
    CHECK(memcmp(img + c[2].elf_offset, ELFMAG, SELFMAG) == 0);
    CHECK_EQ(img[c[2].elf_offset + 150], 150); /* in the body, past the headers */
    const struct kaal_sysimage_region *r = (const void *)(img + h->regions.offset);
    CHECK_STR(r[1].name, "shared");
    CHECK_EQ(r[1].page_size, 2 << 20);
    const struct kaal_sysimage_map *m = (const void *)(img + h->maps.offset);
    CHECK_EQ(m[0].cached, 0);
    CHECK_EQ(m[0].perms, KAAL_SYSIMAGE_PERM_R | KAAL_SYSIMAGE_PERM_W);
    CHECK_EQ(m[2].vaddr, 0x40000000);
    CHECK_EQ(m[2].region, 1);
    CHECK_EQ(m[3].component, 2);
    const struct kaal_sysimage_channel *ch = (const void *)(img + h->channels.offset);
    CHECK_EQ(ch[1].a, 2);
    CHECK_EQ(ch[1].b, 1);
    CHECK_EQ(ch[1].pp, KAAL_SYSIMAGE_PP_A);
    const struct kaal_sysimage_device *d = (const void *)(img + h->devices.offset);
    CHECK_STR(d->name, "nic");
    CHECK_EQ(d->kind, KAAL_SYSIMAGE_DEV_PCI);
    CHECK_EQ(d->pci_vendor, 0x8086);
    CHECK_EQ(d->pci_device, 0x100e);
    CHECK_EQ(d->irq, KAAL_SYSIMAGE_IRQ_INTX);
    CHECK_EQ(d->irq_id, 5);
    CHECK_EQ(d->ioport_base, 0xc000);
    CHECK_EQ(d->ioport_size, 64);
    CHECK_EQ(d->dma_size, 64 * 1024);
    free(img);
    sg_free(&s);
}

/* An isa device has its ports and IRQ and nothing else: in the image a fixed device whose MMIO
 * range is empty, so the broker grants the ports and the IRQ and refuses MMIO. */
static void isa_devices_round_trip(void)
{
    struct sg_system s;
    size_t len = 0;
    const char *why = "";
    CHECK_EQ(run("isa.yaml", &s), 0);
    CHECK_STR(diag, "");
    unsigned char *img = sg_image(&s, &len);
    CHECK(img != NULL);
    CHECK_EQ(sysimage_check(img, len, &why), 0);
    const struct kaal_sysimage_header *h = (const void *)img;
    CHECK_EQ(h->devices.count, 2);
    const struct kaal_sysimage_device *d = (const void *)(img + h->devices.offset);
    CHECK_STR(d[0].name, "com2");
    CHECK_EQ(d[0].kind, KAAL_SYSIMAGE_DEV_MMIO);
    CHECK_EQ(d[0].mmio_size, 0);
    CHECK_EQ(d[0].ioport_base, 0x2f8);
    CHECK_EQ(d[0].ioport_size, 8);
    CHECK_EQ(d[0].irq, 3);
    CHECK_EQ(d[0].irq_id, 3);
    CHECK_EQ(d[1].kind, KAAL_SYSIMAGE_DEV_MMIO);
    CHECK_EQ(d[1].ioport_size, 0);
    CHECK_EQ(d[1].irq, 0);
    CHECK_EQ(d[1].irq_id, 4);
    free(img);
    sg_free(&s);
    CHECK_EQ(run("isa_bad.yaml", &s), 4); /* one error per device, each in the table below */
    sg_free(&s);
}

/* A file service's mounts and its client's grants reach the image as file records, and the cpio
 * root's bytes as its region's contents. */
static void file_service_round_trips(void)
{
    struct sg_system s;
    size_t len = 0;
    const char *why = "";
    CHECK_EQ(run("files.yaml", &s), 0);
    CHECK_STR(diag, "");
    unsigned char *img = sg_image(&s, &len);
    CHECK(img != NULL);
    CHECK_EQ(sysimage_check(img, len, &why), 0);
    const struct kaal_sysimage_header *h = (const void *)img;
    CHECK_EQ(h->files.count, 5);
    const struct kaal_sysimage_file *f = (const void *)(img + h->files.offset);
    CHECK_EQ(f[0].kind, KAAL_SYSIMAGE_FILE_MOUNT);
    CHECK_EQ(f[0].component, 1);
    CHECK_EQ(f[0].fs_type, KAAL_SYSIMAGE_FS_CPIO);
    CHECK_EQ(f[0].flags, 0); /* a cpio root is read-only */
    CHECK_EQ(f[0].vaddr, 0x40000000);
    CHECK_EQ(f[0].size, 64 * 1024);
    CHECK_STR(f[0].path, "/");
    CHECK_EQ(f[1].fs_type, KAAL_SYSIMAGE_FS_RAMFS);
    CHECK_EQ(f[1].flags, KAAL_SYSIMAGE_FILE_WRITE);
    CHECK_EQ(f[1].size, 1 << 20);
    CHECK_STR(f[1].path, "/tmp");
    CHECK_EQ(f[2].fs_type, KAAL_SYSIMAGE_FS_EXT2);
    CHECK_EQ(f[2].channel, 1);
    CHECK_EQ(f[2].flags, 0); /* read_only: true */
    CHECK_STR(f[2].path, "/data");
    CHECK_EQ(f[2].vaddr, 0x60000000); /* the region shared with the block driver */
    CHECK_EQ(f[2].size, 76 * 1024);
    for (int i = 3; i < 5; i++) {
        CHECK_EQ(f[i].kind, KAAL_SYSIMAGE_FILE_GRANT);
        CHECK_EQ(f[i].component, 1); /* the service, not the client */
        CHECK_EQ(f[i].channel, 0);   /* the client's channel as the service numbers it */
        CHECK_EQ(f[i].vaddr, 0x50000000);
        CHECK_EQ(f[i].size, 64 * 1024);
    }
    CHECK_STR(f[3].path, "/");
    CHECK_EQ(f[3].flags, 0);
    CHECK_STR(f[4].path, "/tmp");
    CHECK_EQ(f[4].flags, KAAL_SYSIMAGE_FILE_WRITE);
    const struct kaal_sysimage_region *r = (const void *)(img + h->regions.offset);
    CHECK_EQ(r[0].data_size, 5000);
    CHECK_EQ(r[0].data_offset % 4096, 0);
    CHECK_EQ(img[r[0].data_offset + 4999], 4999 % 251);
    CHECK_EQ(r[1].data_size, 0);
    CHECK_EQ(r[1].data_offset, 0);
    free(img);
    sg_free(&s);
}

/* A cpio: folder is packed into the region's contents; GNU cpio lists and extracts it as it was,
 * and the archive is the same bytes every time. */
static void cpio_folder_is_packed(void)
{
    struct sg_system s;
    size_t len = 0, len2 = 0;
    const char *why = "";
    char listing[256] = "", motd[16] = "";
    CHECK_EQ(run("files_cpio.yaml", &s), 0);
    CHECK_STR(diag, "");
    unsigned char *img = sg_image(&s, &len);
    CHECK(img != NULL && sysimage_check(img, len, &why) == 0);
    const struct kaal_sysimage_header *h = (const void *)img;
    const struct kaal_sysimage_region *r = (const void *)(img + h->regions.offset);
    CHECK(r->data_size > 110 && memcmp(img + r->data_offset, "070701", 6) == 0);
    FILE *f = fopen("packed.cpio", "wb");
    CHECK(f && fwrite(img + r->data_offset, 1, r->data_size, f) == r->data_size);
    fclose(f);
    f = popen("cpio -t --quiet < packed.cpio 2>&1 | tr '\\n' ' '", "r");
    CHECK(f && fgets(listing, sizeof(listing), f));
    pclose(f);
    CHECK_STR(listing, ". a etc etc/motd link ");
    f = popen("cpio -i --quiet --to-stdout etc/motd < packed.cpio", "r");
    CHECK(f && fgets(motd, sizeof(motd), f));
    pclose(f);
    CHECK_STR(motd, "hi\n");
    f = popen("cpio -tv --quiet < packed.cpio | awk '{print $1}' | tr '\\n' ' '", "r");
    CHECK(f && fgets(listing, sizeof(listing), f));
    pclose(f);
    CHECK_STR(listing, "drwxr-xr-x -rw------- drwxr-xr-x -rw-r--r-- lrwxrwxrwx ");
    sg_free(&s);
    CHECK_EQ(run("files_cpio.yaml", &s), 0);
    unsigned char *again = sg_image(&s, &len2);
    CHECK(again && len2 == len && memcmp(again, img, len) == 0);
    free(again);
    free(img);
    sg_free(&s);
}

/* Each broken fixture: its first message line exactly, and a piece of its hint. */
static const struct bad {
    const char *file, *error, *hint;
} bads[] = {
    {"syntax.yaml", "syntax.yaml:4:1: error: YAML syntax: did not find expected ',' or ']'",
     "while parsing a flow sequence (line 2)"},
    {"unknown_key.yaml", "unknown_key.yaml:5:5: error: unknown key 'stak' in a component",
     "did you mean 'stack'?"},
    {"missing_key.yaml", "missing_key.yaml:2:5: error: a component is missing 'elf'",
     "add 'elf: ...'"},
    {"bad_type.yaml", "bad_type.yaml:4:15: error: priority must be a number", "0 to 254"},
    {"priority.yaml", "priority.yaml:4:15: error: priority 255 is out of range",
     "255 is the root server's"},
    {"unknown_component.yaml", "unknown_component.yaml:11:29: error: unknown component 'sever'",
     "did you mean 'server'?"},
    {"unknown_region.yaml", "unknown_region.yaml:11:18: error: unknown region 'shard'",
     "did you mean 'shared'?"},
    {"duplicate.yaml", "duplicate.yaml:6:11: error: component 'server' declared twice",
     "the first is at line 2"},
    {"overlap.yaml",
     "overlap.yaml:12:31: error: map of 'ring' at 0x10008000 overlaps the map of 'shared' at "
     "0x10000000 in 'client'",
     "the other map is at line 11"},
    {"reserved.yaml",
     "reserved.yaml:11:33: error: map of 'shared' at 0x7ffeffff0000 (size 0x20000) overlaps the "
     "stack/IPC buffer area or page 0",
     "maps must lie in 0x1000..0x7fff00000000"},
    {"misaligned.yaml",
     "misaligned.yaml:11:30: error: vaddr 0x10001000 is not aligned to the page size 0x200000 "
     "of region 'big'",
     "align vaddr"},
    {"elf_missing.yaml",
     "elf_missing.yaml:7:10: error: cannot open ELF file 'missing.elf': No such file or "
     "directory",
     "relative to the system description's directory"},
    {"elf_not_elf.yaml", "elf_not_elf.yaml:7:10: error: 'notelf.elf' is not an ELF file",
     "build the component"},
    {"elf_class.yaml", "elf_class.yaml:7:10: error: 'elf32.elf' is not an x86_64 ELF64 file",
     "EM_X86_64"},
    {"channel_id.yaml",
     "channel_id.yaml:12:23: error: channel id 3 used twice in component 'client'",
     "3 is taken at line 11"},
    {"channel_self.yaml", "channel_self.yaml:11:29: error: channel from 'client' to itself",
     "two different components"},
    {"privilege.yaml",
     "privilege.yaml:11:50: error: privilege problem: 'server' (priority 200) may not call "
     "'client' (priority 100)",
     "higher-priority server"},
    {"device_twice.yaml",
     "device_twice.yaml:12:29: error: device MMIO range 0xfe000000 is granted twice",
     "the other is 'uart' at line 11"},
    {"phys_overlap.yaml",
     "phys_overlap.yaml:13:34: error: region 'regs' overlaps the MMIO of device 'uart'",
     "granted to its driver only ('client')"},
    {"ioports_twice.yaml", "ioports_twice.yaml:12:61: error: I/O ports 0x3fc.. are granted twice",
     "the other is 'com1' at line 11"},
    {"irq_id_clash.yaml",
     "irq_id_clash.yaml:11:75: error: channel id 0 used twice in component 'client'",
     "0 is taken at line 13"},
    {"grant_bad.yaml", "grant_bad.yaml:7:14: error: monitor must be true or false",
     "write true or false"},
    {"grant_bad.yaml", "grant_bad.yaml:8:5: error: unknown key 'powr' in a component",
     "did you mean 'power'?"},
    {"duplicate_key.yaml",
     "duplicate_key.yaml:6:5: error: key 'priority' given twice in a component", "remove one"},
    {"irq_twice.yaml", "irq_twice.yaml:13:66: error: IRQ 11 is used twice",
     "the other is 'nic' at line 7"},
    {"irq_intx_mmio.yaml", "irq_intx_mmio.yaml:7:63: error: irq: intx is only for PCI devices",
     "give the ISA IRQ number instead"},
    {"irq_msi_mmio.yaml", "irq_msi_mmio.yaml:7:63: error: irq: msi is only for PCI devices",
     "give the ISA IRQ number instead"},
    {"elf_pie.yaml",
     "elf_pie.yaml:7:10: error: 'pie.elf' is a position-independent executable or shared object "
     "(ET_DYN), not ET_EXEC",
     "link the component with -static -no-pie"},
    {"elf_outside.yaml",
     "elf_outside.yaml:3:10: error: ELF segment 0x7ffefffff000..0x7fff00001000 of 'high.elf' lies "
     "outside 0x1000..0x7fff00000000",
     "away from page 0 and the stack area"},
    {"elf_outside.yaml",
     "elf_outside.yaml:7:10: error: ELF segment 0x0..0x2000 of 'low.elf' lies outside "
     "0x1000..0x7fff00000000",
     "(e.g. -Wl,-Ttext-segment=0x400000)"},
    {"elf_map_overlap.yaml",
     "elf_map_overlap.yaml:7:10: error: ELF segment 0x10004000..0x10006000 of 'mapped.elf' "
     "overlaps the map of 'shared' at 0x10000000..0x10010000",
     "move the map (line 11) or link the component elsewhere"},
    {"elf_truncated.yaml",
     "elf_truncated.yaml:7:10: error: 'truncated.elf' is truncated: its 40 program headers (bytes "
     "0x40..0x900) lie outside the file (0x400 bytes)",
     "the file was cut short"},
    {"elf_malformed.yaml",
     "elf_malformed.yaml:3:22: error: 'cut.elf': the segment at 0x400000 has file data past the "
     "end of the file (truncated?)",
     "the file was cut short"},
    {"elf_malformed.yaml",
     "elf_malformed.yaml:4:22: error: 'fat.elf': the segment at 0x400000 is larger in the file "
     "than in memory",
     "or is damaged"},
    {"elf_malformed.yaml",
     "elf_malformed.yaml:5:25: error: 'noload.elf' has no PT_LOAD segment, so nothing to load",
     "with code in it"},
    {"elf_malformed.yaml",
     "elf_malformed.yaml:6:24: error: 'reloc.elf' is not an executable (ET_EXEC)",
     "-static -no-pie"},
    {"elf_malformed.yaml",
     "elf_malformed.yaml:7:24: error: 'phent.elf' has program headers of 32 bytes, not 56",
     "rebuild it as an x86_64 ELF64 executable"},
    {"elf_malformed.yaml",
     "elf_malformed.yaml:8:26: error: 'version.elf' has an unknown ELF version (not EV_CURRENT)",
     "ordinary toolchain"},
    {"elf_malformed.yaml",
     "elf_malformed.yaml:9:25: error: 'interp.elf' is dynamically linked (it names an "
     "interpreter, PT_INTERP)",
     "-static -no-pie"},
    {"elf_malformed.yaml",
     "elf_malformed.yaml:10:24: error: 'empty.elf': the segment at 0x400000 is empty (memory size "
     "0)",
     "rebuild the component"},
    {"elf_malformed.yaml",
     "elf_malformed.yaml:11:25: error: 'skewed.elf': the segment at 0x400000 has an address and "
     "file offset that differ modulo 4096",
     "rebuild the component"},
    {"elf_malformed.yaml",
     "elf_malformed.yaml:12:24: error: ELF segments at 0x400000 and 0x400000 of 'twice.elf' "
     "overlap",
     "no two segments share an address"},
    {"elf_malformed.yaml",
     "elf_malformed.yaml:13:23: error: 'many.elf' has more than 16 PT_LOAD segments, the most the "
     "loader takes",
     "fewer"},
    {"elf_malformed.yaml",
     "elf_malformed.yaml:14:23: error: the entry point 0x300000 of 'lost.elf' is outside every "
     "segment",
     "(_start) belongs in the code segment"},
    {"elf_malformed.yaml",
     "elf_malformed.yaml:15:25: error: the entry point 0x400000 of 'noexec.elf' is in a segment "
     "that is not executable",
     "(_start) belongs in the code segment"},
    {"memory_quota.yaml",
     "memory_quota.yaml:6:13: error: memory quota 0x1770 is not a multiple of 4K or above 1G",
     "use a multiple of 4K up to 1G"},
    {"isa_bad.yaml",
     "isa_bad.yaml:7:56: error: a device has one of 'pci', 'mmio' or 'isa', not more",
     "keep the one the device is found by"},
    {"isa_bad.yaml", "isa_bad.yaml:8:26: error: isa: false names no device", "or write isa: true"},
    {"isa_bad.yaml", "isa_bad.yaml:9:27: error: an isa device needs 'ioports' or 'irq'",
     "add 'ioports: {base: ..., size: ...}' or 'irq: N'"},
    {"isa_bad.yaml", "isa_bad.yaml:10:9: error: device needs 'pci', 'mmio' or 'isa'",
     "'isa: true' for a legacy device at fixed I/O ports"},
    {"memory_quota.yaml",
     "memory_quota.yaml:11:13: error: memory quota 0x80000000 is not a multiple of 4K or above 1G",
     "such as 256K or 4M"},
    {"heap.yaml",
     "heap.yaml:8:11: error: heap 0x200000 is larger than the component's memory quota",
     "the heap is taken from memory: (0x100000 here); raise memory: to at least 0x200000"},
    {"heap.yaml", "heap.yaml:14:11: error: heap size 0x1800 is not a multiple of 4K",
     "round it up to a multiple of 4K"},
    {"heap.yaml", "heap.yaml:20:11: error: heap must be a size", "such as 64K or 1M"},
    {"heap.yaml", "heap.yaml:25:11: error: heap 0x1000 is larger than the component's memory quota",
     "(0x0 here)"},
    {"heap.yaml",
     "heap.yaml:33:33: error: map of 'shared' at 0x7f0000000000 overlaps the component's heap",
     "map it below 0x7f0000000000 or above 0x7f0000010000"},
    {"heap.yaml", "heap.yaml:38:5: error: unknown key 'haep' in a component",
     "did you mean 'heap'"},
    {"files_cpio_bad.yaml",
     "files_cpio_bad.yaml:8:35: error: cannot pack cpio folder: cannot open the folder "
     "'no-such-folder': No such file or directory",
     "relative to the system description's directory"},
    {"files_cpio_bad.yaml",
     "files_cpio_bad.yaml:9:52: error: a region has data: or cpio:, not both", "keep one"},
    {"files_cpio_bad.yaml",
     "files_cpio_bad.yaml:10:35: error: the archive of 'bigtree' (5352 bytes) is larger than "
     "region 'small'",
     "make the region at least 8K"},
    {"files_bad.yaml", "files_bad.yaml:13:7: error: a file service needs a mount at /",
     "add '- {path: /, type: ramfs, size: 1M}'"},
    {"files_bad.yaml", "files_bad.yaml:14:16: error: '/tmp' is mounted twice",
     "the other is at line 13"},
    {"files_bad.yaml", "files_bad.yaml:16:16: error: mount path must be an absolute path",
     "no '.', '..', '//' or trailing '/'"},
    {"files_bad.yaml", "files_bad.yaml:16:16: error: mount path must be an absolute path",
     "at most 127 bytes"},
    {"files_bad.yaml", "files_bad.yaml:17:26: error: unknown file system type",
     "did you mean 'ramfs'?"},
    {"files_bad.yaml", "files_bad.yaml:18:9: error: a cpio mount needs 'region'",
     "add 'region: ...'"},
    {"files_bad.yaml", "files_bad.yaml:18:38: error: 'size' is not for a cpio mount",
     "a cpio mount takes 'region' only"},
    {"files_bad.yaml", "files_bad.yaml:19:40: error: 'fs' does not map region 'root' readable",
     "add '- {region: root, vaddr: ..., perms: r}'"},
    {"files_bad.yaml", "files_bad.yaml:20:41: error: 'fs' has no channel 9",
     "the service's channel to its block driver"},
    {"files_bad.yaml",
     "files_bad.yaml:20:52: error: region 'tiny' is too small for the block class", "make it 76K"},
    {"files_bad.yaml", "files_bad.yaml:21:40: error: region 'nodata' has no data: for the archive",
     "add 'cpio: FOLDER'"},
    {"files_bad.yaml", "files_bad.yaml:21:59: error: a cpio mount cannot be written",
     "always read-only"},
    {"files_bad.yaml", "files_bad.yaml:22:39: error: ramfs size 0x1388 is not a multiple of 4K",
     "round it up"},
    {"files_bad.yaml",
     "files_bad.yaml:34:34: error: data file 'big.cpio' (4097 bytes) is larger than region 'root'",
     "make the region at least 8K"},
    {"files_bad.yaml",
     "files_bad.yaml:38:51: error: a region at a fixed physical address is device memory: it has "
     "no data",
     "leave out data: or phys:"},
    {"files_bad.yaml", "files_bad.yaml:39:49: error: a region with data: has 4K pages",
     "leave out page_size: 2M"},
    {"files_bad.yaml", "files_bad.yaml:41:57: error: 'fs' does not map buffer 'buf' read-write",
     "add '- {region: buf, vaddr: ..., perms: rw}'"},
    {"files_bad.yaml", "files_bad.yaml:41:108: error: file perms must be r or rw",
     "write r (read-only) or rw"},
    {"files_bad.yaml", "files_bad.yaml:41:98: error: '/' is granted twice",
     "grant it once; the other is at line 41"},
    {"files_bad.yaml",
     "files_bad.yaml:42:49: error: files: on a channel without pp:", "add 'pp: a' (or b)"},
    {"files_bad.yaml", "files_bad.yaml:43:72: error: 'client' serves no files (it has no mounts:)",
     "give the called component mounts:"},
    {"files_bad.yaml",
     "files_bad.yaml:44:55: error: a file service's client needs both files: and buffer:",
     "add 'buffer: REGION'"},
};

/* Checks that diag has the line want, followed by a hint line that contains hint. */
static void check_message(const char *want, const char *hint)
{
    const char *at = strstr(diag, want);
    char hint_line[512] = "";
    if (!at || at[strlen(want)] != '\n' || (at != diag && at[-1] != '\n')) {
        test_fail(__FILE__, __LINE__, "no line \"%s\" in:\n%s", want, diag);
        return;
    }
    sscanf(at + strlen(want) + 1, "%511[^\n]", hint_line);
    CHECK(strncmp(hint_line, "  hint: ", 8) == 0);
    CHECK_CONTAINS(hint_line, hint);
}

static void each_error_has_its_message(void)
{
    for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
        struct sg_system s;
        CHECK(run(bads[i].file, &s) > 0);
        check_message(bads[i].error, bads[i].hint);
        sg_free(&s);
    }
}

static void reports_every_error_in_file_order(void)
{
    struct sg_system s;
    /* unknown_key.yaml has two: the then missing 'stack' (line 2) and the unknown key (line 5). */
    CHECK_EQ(run("unknown_key.yaml", &s), 2);
    const char *first = "unknown_key.yaml:2:5: error: a component is missing 'stack'\n";
    CHECK(strncmp(diag, first, strlen(first)) == 0);
    check_message("unknown_key.yaml:5:5: error: unknown key 'stak' in a component",
                  "did you mean 'stack'?");
    sg_free(&s);
}
/* Each ELF fixture reports its one mistake once, and segments may touch maps; each mistake about
 * files is reported once. */
static void elf_errors_are_counted_once(void)
{
    static const struct {
        const char *file;
        int errors;
    } want[] = {
        {"elf_pie.yaml", 1},       {"elf_outside.yaml", 2},    {"elf_map_overlap.yaml", 1},
        {"elf_truncated.yaml", 1}, {"elf_malformed.yaml", 13}, {"elf_beside_map.yaml", 0},
        {"files_bad.yaml", 22},    {"files.yaml", 0},
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        struct sg_system s;
        if (run(want[i].file, &s) != want[i].errors)
            test_fail(__FILE__, __LINE__, "%s: %d errors, want %d:\n%s", want[i].file, s.errors,
                      want[i].errors, diag);
        sg_free(&s);
    }
}

static void suggests_close_names_only(void)
{
    static const char *const names[] = {"server", "client", "driver"};
    CHECK(sg_closest("sever", names, 3) == names[0]);
    CHECK(sg_closest("clinet", names, 3) == names[1]);
    CHECK(sg_closest("timer", names, 3) == NULL);
}

TEST_CASES({good_system_round_trips, "good_system_round_trips"},
           {isa_devices_round_trip, "isa_devices_round_trip"},
           {file_service_round_trips, "file_service_round_trips"},
           {cpio_folder_is_packed, "cpio_folder_is_packed"},
           {each_error_has_its_message, "each_error_has_its_message"},
           {reports_every_error_in_file_order, "reports_every_error_in_file_order"},
           {elf_errors_are_counted_once, "elf_errors_are_counted_once"},
           {suggests_close_names_only, "suggests_close_names_only"}, );
TEST_MAIN("sysgen")
