/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The file service component: what it serves comes from the system
 * description, as file records the broker hands out one by one at start
 * (docs/file-service.md, docs/system-description.md):
 *
 *   mounts   a cpio archive in a region the loader filled and mapped here,
 *            a ramfs of a given size, or ext2 on a block driver's channel;
 *   grants   for each client channel, the paths it may reach and the
 *            buffer it shares with the service.
 *
 * init() mounts "/" first and every other mount after its parent (making
 * its mount point if the file system below is writable and lacks it), and
 * makes one VFS client per client channel.  protected() then answers the
 * file protocol (proto.c) for the client the call came from.  A mount that
 * fails is logged with its reason and left out: the others keep working.
 * Memory for the caches, the ramfs and the cpio tree comes from the heap
 * (`heap:` in the description).
 */
#include "service.h"

#include <kaal/broker.h>
#include <kaal/component.h>
#include <kaal/proto/broker.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct fs_client fs_clients[KAAL_MAX_CHANNELS];
struct vfs fs_vfs;
struct fs_mount fs_mounts[VFS_MAX_MOUNTS];
unsigned int fs_nmounts;

/* Bytes of cpio tree per archive byte (a node per entry, an entry at least 112 bytes). */
#define CPIO_ARENA(len)  ((len) / 2 + 4096)
#define RAMFS_INODES(sz) ((uint32_t)((sz) / 4096 < 16 ? 16 : (sz) / 4096))

static struct vfs_timespec now(void *ctx)
{
    struct timespec t;
    (void)ctx;
    clock_gettime(CLOCK_REALTIME, &t);
    return (struct vfs_timespec){t.tv_sec, t.tv_nsec};
}

static void say(const char *path, const char *what, const char *why)
{
    printf("mount %s: %s%s%s\n", path, what, why && *why ? ": " : "", why ? why : "");
}

/* Makes the file system of mount m; 0, or a negative errno with the reason logged. */
static int make_fs(struct fs_mount *m)
{
    if (m->kind == KAAL_BROKER_FS_CPIO) {
        void *arena = malloc(CPIO_ARENA(m->length));
        if (!arena)
            return say(m->path, "no memory for the archive's tree", "raise heap:"), -ENOMEM;
        int err =
            cpio_init(&m->u.cpio, (const void *)m->vaddr, m->length, arena, CPIO_ARENA(m->length));
        if (err)
            return say(m->path, "the cpio archive is refused", m->u.cpio.why), err;
        m->ops = &cpio_ops, m->fs = &m->u.cpio, m->read_only = true;
        return 0;
    }
    if (m->kind == KAAL_BROKER_FS_RAMFS) {
        void *arena = malloc(m->size);
        if (!arena)
            return say(m->path, "no memory for the ramfs", "raise heap:"), -ENOMEM;
        int err = ramfs_init(&m->u.ram, arena, m->size, RAMFS_INODES(m->size), now, 0);
        if (err)
            return say(m->path, "the ramfs could not be made", 0), err;
        m->ops = &ramfs_ops, m->fs = &m->u.ram;
        return 0;
    }
    return fs_ext2_mount(m);
}

/* The service's own view, for making mount points: everything, read-write. */
static const struct vfs_grant everything = {"/", true};
static struct vfs_client self;

/* Mounts m's file system at its path; a missing mount point is made first where the file system
 * below can hold it (a ramfs root), as a directory 0755. */
static int mount_one(struct fs_mount *m, size_t len)
{
    unsigned int flags = m->read_only ? VFS_MOUNT_RDONLY : 0;
    int n = vfs_mount(&fs_vfs, m->path, len, m->ops, m->fs, flags);

    if (n == -ENOENT && len > 1 && vfs_mkdir(&self, m->path, len, 0755) == 0)
        n = vfs_mount(&fs_vfs, m->path, len, m->ops, m->fs, flags);
    return n;
}

/* Mounts in an order where every mount's parent comes first: "/" then by path length. */
static void mount_all(void)
{
    unsigned int done = 0;

    vfs_client_init(&self, &fs_vfs, &everything, 1, 0, 0);

    for (size_t len = 1; len < FS_MOUNT_PATH && done < fs_nmounts; len++)
        for (unsigned int i = 0; i < fs_nmounts; i++) {
            struct fs_mount *m = &fs_mounts[i];
            if (strlen(m->path) != len)
                continue;
            done++;
            if (make_fs(m) != 0)
                continue;
            int n = mount_one(m, len);
            if (n < 0)
                say(m->path, "refused by the VFS", strerror(-n));
            else
                m->mounted = true;
        }
}

/* Takes one record from the broker into the mount table or a client. */
static void take_record(const struct kaal_broker_file_out *r)
{
    if (r->kind == KAAL_BROKER_FILE_MOUNT && fs_nmounts < VFS_MAX_MOUNTS) {
        struct fs_mount *m = &fs_mounts[fs_nmounts++];
        snprintf(m->path, sizeof(m->path), "%s", r->path);
        m->kind = (unsigned int)r->fs_type;
        m->read_only = !(r->flags & KAAL_BROKER_FILE_WRITE);
        m->vaddr = r->vaddr, m->size = r->size, m->length = r->length;
        m->channel = (unsigned int)r->channel;
        return;
    }
    if (r->kind != KAAL_BROKER_FILE_GRANT || r->channel >= KAAL_MAX_CHANNELS)
        return;
    struct fs_client *c = &fs_clients[r->channel];
    if (c->ngrants == FS_MAX_GRANTS) {
        printf("channel %u: more than %d grants; the rest are left out\n", (unsigned int)r->channel,
               FS_MAX_GRANTS);
        return;
    }
    c->buffer = (unsigned char *)r->vaddr, c->buffer_size = r->size;
    snprintf(c->paths[c->ngrants], sizeof(c->paths[0]), "%s", r->path);
    c->grants[c->ngrants] =
        (struct vfs_grant){c->paths[c->ngrants], (r->flags & KAAL_BROKER_FILE_WRITE) != 0};
    c->ngrants++;
}

void init(void)
{
    struct kaal_broker_file_out r;

    vfs_init(&fs_vfs, now, 0);
    for (seL4_Word n = 0; kaal_broker_file(KAAL_SLOT_BROKER, n, &r) == 0; n++)
        take_record(&r);
    if (fs_nmounts == 0)
        printf("no mounts: this component is not a file service in the description\n");
    mount_all();
    for (unsigned int ch = 0; ch < KAAL_MAX_CHANNELS; ch++) {
        struct fs_client *c = &fs_clients[ch];
        if (c->ngrants && vfs_client_init(&c->vc, &fs_vfs, c->grants, c->ngrants, 0, 0) == 0)
            c->ready = true;
    }
}

seL4_MessageInfo_t protected(unsigned int ch, seL4_MessageInfo_t msginfo)
{
    struct fs_client *c = &fs_clients[ch];

    if (!c->ready)
        return kaal_proto_error_reply(-KAAL_EACCES); /* a channel with no files: grants */
    return fs_serve(c, msginfo);
}
