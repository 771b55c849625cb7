/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sysimage_check (sdk/private/include/kaal/sysimage.h) on a good image made by
 * hand and on copies of it broken one way each: truncated, wrong magic,
 * tables or ELF files outside the image, indexes past their tables,
 * unterminated names, a memory quota off the page size or too large,
 * region contents out of place, file records with bad paths or kinds.
 * Every broken copy must be refused with a reason.
 */
#include "test.h"

#include <kaal/sysimage.h>

#include <stddef.h>
#include <stdlib.h>

#define IMG_SIZE (4 * 4096)

static _Alignas(8) unsigned char img[IMG_SIZE];

static struct kaal_sysimage_header *hdr(void)
{
    return (struct kaal_sysimage_header *)img;
}

static void *rec(const struct kaal_sysimage_table *t)
{
    return img + t->offset;
}

/* Lays table t out at *at for count records of size bytes. */
static void put(struct kaal_sysimage_table *t, uint32_t *at, uint32_t count, uint32_t size)
{
    *t = (struct kaal_sysimage_table){*at, count};
    *at += count * size;
}

/*
 * Two components, one region mapped by both with contents from the image,
 * one channel, one device, and two file records: the server mounts a
 * ramfs at / and grants the client /tmp.
 */
static void make_good(void)
{
    struct kaal_sysimage_header *h = hdr();
    uint32_t at = sizeof(*h);
    memset(img, 0, sizeof(img));
    memcpy(h->magic, KAAL_SYSIMAGE_MAGIC, 8);
    h->version = KAAL_SYSIMAGE_VERSION;
    h->header_size = sizeof(*h);
    h->image_size = IMG_SIZE;
    put(&h->components, &at, 2, sizeof(struct kaal_sysimage_component));
    put(&h->regions, &at, 1, sizeof(struct kaal_sysimage_region));
    put(&h->maps, &at, 2, sizeof(struct kaal_sysimage_map));
    put(&h->channels, &at, 1, sizeof(struct kaal_sysimage_channel));
    put(&h->devices, &at, 1, sizeof(struct kaal_sysimage_device));
    put(&h->files, &at, 2, sizeof(struct kaal_sysimage_file));
    struct kaal_sysimage_component *c = rec(&h->components);
    for (int i = 0; i < 2; i++) {
        memcpy(c[i].name, i ? "client" : "server", 7);
        c[i].priority = (uint8_t)(200 - 100 * i);
        c[i].stack_size = 16384;
        c[i].elf_offset = 4096u * (1 + (unsigned)i);
        c[i].elf_size = 100;
        c[i].map_first = (uint32_t)i, c[i].map_count = 1;
    }
    c[0].device_count = 1;
    c[0].mem_quota = KAAL_SYSIMAGE_MAX_MEM_QUOTA; /* the largest allowed */
    c[1].mem_quota = 0;
    struct kaal_sysimage_region *r = rec(&h->regions);
    memcpy(r->name, "shared", 7);
    r->size = 65536, r->page_size = 4096;
    r->data_offset = 3 * 4096, r->data_size = 4096;
    struct kaal_sysimage_map *m = rec(&h->maps);
    m[0] = (struct kaal_sysimage_map){.vaddr = 0x10000000, .region = 0, .component = 0, .perms = 3};
    m[1] = (struct kaal_sysimage_map){.vaddr = 0x10000000, .region = 0, .component = 1, .perms = 1};
    struct kaal_sysimage_channel *ch = rec(&h->channels);
    *ch = (struct kaal_sysimage_channel){.a = 1, .b = 0, .a_id = 0, .b_id = 1, .pp = 1};
    struct kaal_sysimage_device *d = rec(&h->devices);
    memcpy(d->name, "uart", 5);
    d->kind = KAAL_SYSIMAGE_DEV_MMIO, d->mmio_phys = 0xfe000000, d->mmio_size = 4096;
    d->irq = 4, d->irq_id = 9;
    struct kaal_sysimage_file *f = rec(&h->files);
    f[0] = (struct kaal_sysimage_file){.kind = KAAL_SYSIMAGE_FILE_MOUNT,
                                       .fs_type = KAAL_SYSIMAGE_FS_RAMFS,
                                       .flags = KAAL_SYSIMAGE_FILE_WRITE,
                                       .size = 1 << 20,
                                       .path = "/"};
    f[1] = (struct kaal_sysimage_file){.kind = KAAL_SYSIMAGE_FILE_GRANT,
                                       .vaddr = 0x10000000,
                                       .size = 65536,
                                       .channel = 1,
                                       .path = "/tmp/x"};
}

static int check(uint64_t size)
{
    const char *why = NULL;
    int r = sysimage_check(img, size, &why);
    CHECK(why != NULL);
    return r;
}

static void accepts_good_image(void)
{
    make_good();
    CHECK_EQ(check(IMG_SIZE), 0);
}

static void rejects_truncated(void)
{
    make_good();
    for (uint64_t size = 0; size < IMG_SIZE; size += 97)
        CHECK_EQ(check(size), -1);
}

/* Each mutation breaks the good image one way. */
static void m_magic(void)
{
    img[3] = 'x';
}
static void m_version(void)
{
    hdr()->version = KAAL_SYSIMAGE_VERSION + 1;
}
static void m_version_old(void)
{
    hdr()->version = 2; /* its components had no grants: a version 2 image is refused */
}
static void m_table_past_end(void)
{
    hdr()->devices.offset = IMG_SIZE - 8;
}
static void m_table_count(void)
{
    hdr()->maps.count = 0x10000000;
}
static void m_table_unaligned(void)
{
    hdr()->regions.offset += 4;
}
static void m_table_in_header(void)
{
    hdr()->maps.offset = 8;
}
static void m_name(void)
{
    memset(img + sizeof(struct kaal_sysimage_header), 'a', 32);
}
static void m_empty_name(void)
{
    img[sizeof(struct kaal_sysimage_header)] = 0;
}
static void m_priority(void)
{
    ((struct kaal_sysimage_component *)rec(&hdr()->components))->priority = 255;
}
static void m_elf_past_end(void)
{
    ((struct kaal_sysimage_component *)rec(&hdr()->components))[1].elf_size = 8193;
}
static void m_elf_wrap(void)
{
    ((struct kaal_sysimage_component *)rec(&hdr()->components))->elf_offset = 0xfffffffffffff000ull;
}
static void m_map_range(void)
{
    ((struct kaal_sysimage_component *)rec(&hdr()->components))[1].map_count = 2;
}
static void m_map_region(void)
{
    ((struct kaal_sysimage_map *)rec(&hdr()->maps))[1].region = 1;
}
static void m_channel_self(void)
{
    ((struct kaal_sysimage_channel *)rec(&hdr()->channels))->a = 0;
}
static void m_channel_id(void)
{
    ((struct kaal_sysimage_channel *)rec(&hdr()->channels))->b_id = 63;
}
static void m_device_kind(void)
{
    ((struct kaal_sysimage_device *)rec(&hdr()->devices))->kind = 3;
}
static void m_region_size(void)
{
    ((struct kaal_sysimage_region *)rec(&hdr()->regions))->size = 4095;
}

static void m_map_owner(void)
{
    ((struct kaal_sysimage_map *)rec(&hdr()->maps))[1].component = 0;
}
static void m_elf_on_header(void)
{
    ((struct kaal_sysimage_component *)rec(&hdr()->components))->elf_offset = 0;
}
static void m_mem_quota_unaligned(void)
{
    ((struct kaal_sysimage_component *)rec(&hdr()->components))[1].mem_quota = 4096 + 512;
}
static void m_mem_quota_big(void)
{
    ((struct kaal_sysimage_component *)rec(&hdr()->components))->mem_quota =
        KAAL_SYSIMAGE_MAX_MEM_QUOTA + 4096;
}

static void m_heap_over_quota(void)
{
    /* client's quota is 0: any heap is more than it has */
    ((struct kaal_sysimage_component *)rec(&hdr()->components))[1].heap_size = 4096;
}
static void m_heap_unaligned(void)
{
    ((struct kaal_sysimage_component *)rec(&hdr()->components))->heap_size = 100;
}

static void m_grants_unknown(void)
{
    ((struct kaal_sysimage_component *)rec(&hdr()->components))[1].grants = 4;
}

static struct kaal_sysimage_region *region0(void)
{
    return rec(&hdr()->regions);
}
static void m_data_past_end(void)
{
    region0()->data_offset = IMG_SIZE;
}
static void m_data_unaligned(void)
{
    region0()->data_offset += 8;
}
static void m_data_over_region(void)
{
    region0()->data_offset = 4096, region0()->data_size = 65536 + 1;
}
static void m_data_on_header(void)
{
    region0()->data_offset = 0;
}
static void m_data_on_device(void)
{
    region0()->flags = KAAL_SYSIMAGE_REGION_PHYS;
}
static void m_data_large_pages(void)
{
    region0()->page_size = 2u << 20, region0()->size = 2u << 20;
}

static struct kaal_sysimage_file *file(int i)
{
    return (struct kaal_sysimage_file *)rec(&hdr()->files) + i;
}
static void m_file_kind(void)
{
    file(0)->kind = 3;
}
static void m_file_component(void)
{
    file(1)->component = 2;
}
static void m_file_flags(void)
{
    file(1)->flags = 2;
}
static void m_file_fs_type(void)
{
    file(0)->fs_type = 4;
}
static void m_file_channel(void)
{
    file(1)->channel = 63;
}
static void m_file_relative(void)
{
    memcpy(file(1)->path, "tmp", 4);
}
static void m_file_dotdot(void)
{
    memcpy(file(1)->path, "/tmp/../etc", 12);
}
static void m_file_dot(void)
{
    memcpy(file(1)->path, "/./tmp", 7);
}
static void m_file_double_slash(void)
{
    memcpy(file(1)->path, "/tmp//x", 8);
}
static void m_file_trailing_slash(void)
{
    memcpy(file(1)->path, "/tmp/", 6);
}
static void m_file_unterminated(void)
{
    memset(file(1)->path + 1, 'a', KAAL_SYSIMAGE_PATH_LEN - 1);
}

static void rejects_each_corruption(void)
{
    static void (*const muts[])(void) = {
        m_magic,
        m_version,
        m_version_old,
        m_table_past_end,
        m_table_count,
        m_table_unaligned,
        m_table_in_header,
        m_name,
        m_empty_name,
        m_priority,
        m_elf_past_end,
        m_elf_wrap,
        m_map_range,
        m_map_region,
        m_channel_self,
        m_channel_id,
        m_device_kind,
        m_region_size,
        m_map_owner,
        m_elf_on_header,
        m_mem_quota_unaligned,
        m_mem_quota_big,
        m_grants_unknown,
        m_heap_over_quota,
        m_heap_unaligned,
        m_data_past_end,
        m_data_unaligned,
        m_data_over_region,
        m_data_on_header,
        m_data_on_device,
        m_data_large_pages,
        m_file_kind,
        m_file_component,
        m_file_flags,
        m_file_fs_type,
        m_file_channel,
        m_file_relative,
        m_file_dotdot,
        m_file_dot,
        m_file_double_slash,
        m_file_trailing_slash,
        m_file_unterminated,
    };
    for (size_t i = 0; i < sizeof(muts) / sizeof(muts[0]); i++) {
        make_good();
        muts[i]();
        if (check(IMG_SIZE) != -1)
            test_fail(__FILE__, __LINE__, "mutation %zu accepted", i);
    }
}

/* The quota is the last field of a component (version 2 appended it), checked on its own. */
static void refuses_bad_mem_quota(void)
{
    const char *why = NULL;
    CHECK_EQ(offsetof(struct kaal_sysimage_component, mem_quota), 72);
    make_good();
    m_mem_quota_unaligned();
    CHECK_EQ(sysimage_check(img, IMG_SIZE, &why), -1);
    CHECK_STR(why, "component mem_quota not a multiple of 4 KiB or above 1 GiB");
    make_good();
    m_mem_quota_big();
    CHECK_EQ(sysimage_check(img, IMG_SIZE, &why), -1);
    CHECK_STR(why, "component mem_quota not a multiple of 4 KiB or above 1 GiB");
}

/* The heap is taken from the quota: as large as the quota is fine, beyond it is not. */
static void heap_within_quota(void)
{
    const char *why = NULL;
    CHECK_EQ(offsetof(struct kaal_sysimage_component, heap_size), 80);
    make_good();
    ((struct kaal_sysimage_component *)rec(&hdr()->components))->heap_size =
        KAAL_SYSIMAGE_MAX_MEM_QUOTA;
    CHECK_EQ(sysimage_check(img, IMG_SIZE, &why), 0);
    make_good();
    m_heap_over_quota();
    CHECK_EQ(sysimage_check(img, IMG_SIZE, &why), -1);
    CHECK_STR(why, "component heap_size not a multiple of 4 KiB or above its mem_quota");
}

/* Names with dots that are not '.' or '..', and the longest path that fits, are fine. */
static void accepts_dotted_names(void)
{
    static const char *const ok[] = {"/.x", "/..x", "/a/...", "/a.b/c", "/"};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        make_good();
        memcpy(file(1)->path, ok[i], strlen(ok[i]) + 1);
        CHECK_EQ(check(IMG_SIZE), 0);
    }
    make_good();
    file(1)->path[0] = '/';
    memset(file(1)->path + 1, 'a', KAAL_SYSIMAGE_PATH_LEN - 2);
    CHECK_EQ(check(IMG_SIZE), 0);
}

TEST_CASES({accepts_good_image, "accepts_good_image"}, {rejects_truncated, "rejects_truncated"},
           {accepts_dotted_names, "accepts_dotted_names"},
           {rejects_each_corruption, "rejects_each_corruption"},
           {refuses_bad_mem_quota, "refuses_bad_mem_quota"},
           {heap_within_quota, "heap_within_quota"}, );
TEST_MAIN("sysimage")
