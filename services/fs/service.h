/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The file service's state, shared by its parts: service.c (start-up from
 * the file records, the entry points), proto.c (the file protocol's
 * handlers) and disk.c (ext2 on a block driver).
 */
#pragma once

#include "cpio.h"
#include "ext2.h"
#include "ramfs.h"
#include "vfs.h"

#include <errno.h>
#include <kaal/component_layout.h>
#include <kaal/proto/fs.h>
#include <stdbool.h>
#include <stddef.h>

#define FS_MOUNT_PATH 128 /* a mount's or grant's path, with its NUL (the broker's kaal_path) */
#define FS_MAX_GRANTS 8   /* per client */

/* One mount of the description. */
struct fs_mount {
    char path[FS_MOUNT_PATH];
    unsigned int kind; /* KAAL_BROKER_FS_* */
    bool read_only, mounted;
    seL4_Word vaddr, size, length; /* cpio: the archive; ramfs: size */
    unsigned int channel;          /* ext2: the block driver's channel */
    const struct fs_ops *ops;
    void *fs;
    union {
        struct cpio_fs cpio;
        struct ramfs ram;
    } u;
};

/* One client: the channel it calls on, its buffer here and its grants. */
struct fs_client {
    bool ready;
    unsigned char *buffer;
    seL4_Word buffer_size;
    unsigned int ngrants;
    char paths[FS_MAX_GRANTS][FS_MOUNT_PATH];
    struct vfs_grant grants[FS_MAX_GRANTS];
    struct vfs_client vc;
};

extern struct fs_client fs_clients[KAAL_MAX_CHANNELS];
extern struct vfs fs_vfs;
extern struct fs_mount fs_mounts[VFS_MAX_MOUNTS];
extern unsigned int fs_nmounts;

/* Answers one request of client c (proto.c). */
seL4_MessageInfo_t fs_serve(struct fs_client *c, seL4_MessageInfo_t msginfo);

/* Mounts ext2 for m from its block driver: 0 with m->ops and m->fs set, or a negative errno with
 * the reason logged (disk.c). */
int fs_ext2_mount(struct fs_mount *m);
