/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The file service's protocol layer without QEMU, for tests/unit/fs/service_test.c and
 * tests/fuzz/fs/fuzz_proto.c: the service's globals (service.c's, which talks to the broker),
 * a VFS with the fixture's cpio root and a ramfs at /tmp, client 0 granted "/" read-write and
 * client 1 /data read-only, each with a 4 KiB buffer, and loop_call, the stubs' channel call,
 * which runs the service's dispatch on the same IPC buffer.  Include it once, after test.h or
 * the fuzzer's own headers; svc_setup() (idempotent) fails through svc_check.
 */
#pragma once

#include <kaal/fs.h>
#include <kaal/proto/fs.h>
#include <sel4/functions.h>

#include "fsfix.h"
#include "service.h"

KAAL_DEFINE_IPC_BUFFER();
static seL4_IPCBuffer ipc;

struct fs_client fs_clients[KAAL_MAX_CHANNELS];
struct vfs fs_vfs;
struct fs_mount fs_mounts[VFS_MAX_MOUNTS];
unsigned int fs_nmounts;

#define BUF_SIZE 4096
static unsigned char buffers[2][BUF_SIZE];
static struct ar archive;
static struct cpio_fs cpio;
static struct ramfs ram;
static unsigned char cpio_arena[64 * 1024], ram_arena[256 * 1024];
static const struct vfs_grant all[] = {{"/", true}}, data_ro[] = {{"/data", false}};

/* The stubs' channel call: the service answers on the same IPC buffer, as the kernel would
 * leave it. */
seL4_MessageInfo_t loop_call(unsigned int ch, seL4_MessageInfo_t msg)
{
    return fs_serve(&fs_clients[ch], msg);
}

static void svc_mount(const char *path, unsigned int kind, bool ro, const struct fs_ops *ops,
                      void *fs)
{
    struct fs_mount *m = &fs_mounts[fs_nmounts++];
    snprintf(m->path, sizeof(m->path), "%s", path);
    m->kind = kind, m->read_only = ro, m->ops = ops, m->fs = fs;
    m->mounted = vfs_mount(&fs_vfs, path, strlen(path), ops, fs, ro ? VFS_MOUNT_RDONLY : 0) >= 0;
    svc_check(m->mounted);
}

static void svc_client(unsigned int ch, const struct vfs_grant *g, size_t n)
{
    struct fs_client *c = &fs_clients[ch];
    c->buffer = buffers[ch], c->buffer_size = BUF_SIZE;
    svc_check(vfs_client_init(&c->vc, &fs_vfs, g, n, 0, 0) == 0);
    c->ready = true;
}

static void svc_setup(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    seL4_SetIPCBuffer(&ipc);
    fix_archive(&archive);
    vfs_init(&fs_vfs, 0, 0);
    svc_check(cpio_init(&cpio, archive.buf, archive.len, cpio_arena, sizeof(cpio_arena)) == 0);
    svc_check(ramfs_init(&ram, ram_arena, sizeof(ram_arena), 64, 0, 0) == 0);
    svc_mount("/", 1, true, &cpio_ops, &cpio);
    svc_mount("/tmp", 2, false, &ramfs_ops, &ram);
    svc_client(0, all, 1);
    svc_client(1, data_ro, 1);
    svc_check(kaal_file_connect(0, buffers[0], BUF_SIZE) == 0);
}
