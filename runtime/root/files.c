/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a file service learns of its configuration: the image's file table
 * (kaal-sysgen wrote it from the service's `mounts:` and its clients'
 * `files:` and `buffer:`; sysimage_check checked every record), filtered
 * to the caller's records, in table order.  The service asks for them one
 * by one at start-up.  A component with no records gets ENOENT at once,
 * so asking grants nothing: the records only describe what the loader
 * has already mapped into the caller and connected to it.
 */
#include "files.h"

#include "loader.h"

#include <kaal/broker.h>
#include <kaal/sysimage.h>

_Static_assert(KAAL_BROKER_FILE_MOUNT == KAAL_SYSIMAGE_FILE_MOUNT &&
                   KAAL_BROKER_FILE_GRANT == KAAL_SYSIMAGE_FILE_GRANT,
               "the broker passes the image's record kinds on");
_Static_assert(KAAL_BROKER_FS_CPIO == KAAL_SYSIMAGE_FS_CPIO &&
                   KAAL_BROKER_FS_RAMFS == KAAL_SYSIMAGE_FS_RAMFS &&
                   KAAL_BROKER_FS_EXT2 == KAAL_SYSIMAGE_FS_EXT2 &&
                   KAAL_BROKER_FILE_WRITE == KAAL_SYSIMAGE_FILE_WRITE,
               "and its file system types and flags");
_Static_assert(sizeof(((struct kaal_broker_file_out *)0)->path) >= KAAL_SYSIMAGE_PATH_LEN,
               "a path fits the reply");

/* For a cpio mount: how many bytes of the region mapped at vaddr in c are the archive. */
static seL4_Word archive_length(const struct comp *c, seL4_Word vaddr)
{
    const struct kaal_sysimage_map *m = sys_maps();

    for (uint32_t i = c->desc->map_first; i < c->desc->map_first + c->desc->map_count; i++)
        if (m[i].vaddr == vaddr)
            return sys_regions()[m[i].region].data_size;
    return 0;
}

int files_record(const struct comp *c, seL4_Word n, struct kaal_broker_file_out *out)
{
    const struct kaal_sysimage_header *h = sys_header();
    const struct kaal_sysimage_file *f = (const void *)((const unsigned char *)h + h->files.offset);

    for (uint32_t i = 0; i < h->files.count; i++, f++) {
        if (f->component != c->id || n--)
            continue;
        out->kind = f->kind, out->fs_type = f->fs_type, out->flags = f->flags;
        out->vaddr = f->vaddr, out->size = f->size, out->channel = f->channel;
        out->length = f->kind == KAAL_SYSIMAGE_FILE_MOUNT && f->fs_type == KAAL_SYSIMAGE_FS_CPIO
                          ? archive_length(c, f->vaddr)
                          : 0;
        for (unsigned int k = 0; k < KAAL_SYSIMAGE_PATH_LEN; k++)
            out->path[k] = f->path[k];
        return 0;
    }
    return -KAAL_ENOENT;
}
