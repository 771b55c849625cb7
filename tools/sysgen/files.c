/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The file service's part of a system description: a component with
 * `mounts:` serves the file protocol (services/fs), and each channel on
 * which a client calls it carries the client's `files:` grants and the
 * `buffer:` region the two share.  Also the regions' `data:` files, which
 * is how a cpio root reaches its service.  Run by sg_check after the
 * names, maps and channels are resolved; values parse.c refused are left
 * alone.
 *
 * The rules:
 *   - a file service mounts something at /, and no path twice;
 *   - a cpio mount names a region the service maps readable and that has
 *     data:; an ext2 mount names a channel the service has and the region
 *     it shares with the block driver there, mapped read-write;
 *   - files: and buffer: come together, on a channel with pp:, whose
 *     callee has mounts:; both ends map the buffer read-write;
 *   - a data: file exists and fits its region.
 */
#include "sysgen.h"

#include <kaal/sysimage.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* KAAL_BLK_REGION_SIZE of <kaal/class/block.h> (which needs generated headers sysgen is built
 * before): the block class's queues, slots and data area. */
#define SG_BLK_REGION_SIZE (76u * 1024)

bool sg_path_ok(const char *path)
{
    char buf[KAAL_SYSIMAGE_PATH_LEN] = {0};
    size_t len = strlen(path);

    if (len >= sizeof(buf))
        return false;
    memcpy(buf, path, len);
    return sysimage_path_ok_(buf);
}

void sg_resolve_path(const struct sg_system *s, const char *dir, const char *name, char *buf,
                     size_t len)
{
    const char *slash = strrchr(s->file, '/');
    int dirlen = slash ? (int)(slash - s->file + 1) : 0;

    if (name[0] == '/')
        snprintf(buf, len, "%s", name);
    else if (dir)
        snprintf(buf, len, "%s/%s", dir, name);
    else
        snprintf(buf, len, "%.*s%s", dirlen, s->file, name);
}

/* Packs region r's cpio: folder, which must fit the region. */
static void pack_folder(struct sg_system *s, struct sg_region *r)
{
    char path[4096], hint[160];
    const char *why = NULL;
    size_t len = 0;
    sg_resolve_path(s, NULL, r->data, path, sizeof(path));
    unsigned char *a = sg_pack_cpio(path, &len, &why);
    if (!a) {
        sg_error(s, r->data_at, "the folder is relative to the system description's directory",
                 "cannot pack cpio folder: %s", why);
        return;
    }
    if (len > r->size) {
        snprintf(hint, sizeof(hint), "make the region at least %zuK", (len + 4095) / 4096 * 4);
        sg_error(s, r->data_at, hint, "the archive of '%s' (%zu bytes) is larger than region '%s'",
                 path, len, r->name ? r->name : "?");
        free(a);
        return;
    }
    r->data_bytes = a, r->data_size = len;
}

/* Reads region r's data: file, which must fit the region. */
static void read_data(struct sg_system *s, struct sg_region *r)
{
    char path[4096], hint[160];
    if (r->data_is_cpio) {
        pack_folder(s, r);
        return;
    }
    sg_resolve_path(s, NULL, r->data, path, sizeof(path));
    FILE *f = fopen(path, "rb");
    if (!f) {
        sg_error(s, r->data_at, "the path is relative to the system description's directory",
                 "cannot open data file '%s': %s", path, strerror(errno));
        return;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (size < 0 || (uint64_t)size > r->size) {
        snprintf(hint, sizeof(hint), "make the region at least %ldK", (size + 4095) / 4096 * 4);
        sg_error(s, r->data_at, hint, "data file '%s' (%ld bytes) is larger than region '%s'", path,
                 size, r->name ? r->name : "?");
        fclose(f);
        return;
    }
    r->data_bytes = malloc(size > 0 ? (size_t)size : 1);
    if (!r->data_bytes || fread(r->data_bytes, 1, (size_t)size, f) != (size_t)size) {
        sg_error(s, r->data_at, "check that the file can be read", "cannot read data file '%s'",
                 path);
        free(r->data_bytes), r->data_bytes = NULL;
    } else {
        r->data_size = (size_t)size;
    }
    fclose(f);
}

/* The map by which component c maps region ri, or NULL. */
static const struct sg_map *map_of(const struct sg_component *c, long ri)
{
    for (size_t i = 0; i < c->nmaps; i++)
        if (c->maps[i].region && c->maps[i].region_idx == (uint32_t)ri)
            return &c->maps[i];
    return NULL;
}

/* True if component ci has a channel with id at its end. */
static bool has_channel(const struct sg_system *s, uint32_t ci, uint32_t id)
{
    for (size_t i = 0; i < s->nchannels; i++) {
        const struct sg_channel *ch = &s->channels[i];
        if (ch->ia == ch->ib)
            continue; /* unresolved */
        if ((ch->ia == ci && ch->a_id == id) || (ch->ib == ci && ch->b_id == id))
            return true;
    }
    return false;
}

/* A mount's region: a cpio archive (readable, with data:) or a block driver's shared region
 * (read-write, large enough for the block class's layout). */
static void check_mount_region(struct sg_system *s, struct sg_component *c, struct sg_mount *m)
{
    bool cpio = m->type == KAAL_SYSIMAGE_FS_CPIO;
    unsigned want = cpio ? KAAL_SYSIMAGE_PERM_R : KAAL_SYSIMAGE_PERM_R | KAAL_SYSIMAGE_PERM_W;
    char hint[160];
    long ri = sg_find_region(s, m->region, hint, sizeof(hint));
    if (ri < 0) {
        sg_error(s, m->region_at, hint, "unknown region '%s'", m->region);
        return;
    }
    const struct sg_map *map = map_of(c, ri);
    if (!map || (map->perms & want) != want) {
        snprintf(hint, sizeof(hint),
                 "add '- {region: %s, vaddr: ..., perms: %s}' to its maps:", m->region,
                 cpio ? "r" : "rw");
        sg_error(s, m->region_at, hint, "'%s' does not map region '%s' %s", c->name ? c->name : "?",
                 m->region, cpio ? "readable" : "read-write");
        return;
    }
    if (cpio && !s->regions[ri].data)
        sg_error(s, m->region_at,
                 "add 'cpio: FOLDER' (packed at build time) or 'data: FILE.cpio' to the region",
                 "region '%s' has no data: for the archive", m->region);
    if (!cpio && s->regions[ri].size < SG_BLK_REGION_SIZE)
        sg_error(s, m->region_at, "make it 76K (KAAL_BLK_REGION_SIZE, <kaal/class/block.h>)",
                 "region '%s' is too small for the block class", m->region);
    m->vaddr = map->vaddr, m->size = s->regions[ri].size;
}

static void check_mounts(struct sg_system *s, uint32_t ci)
{
    struct sg_component *c = &s->components[ci];
    bool root = false;
    char hint[96];
    for (size_t i = 0; i < c->nmounts; i++) {
        struct sg_mount *m = &c->mounts[i];
        if (!m->path)
            continue;
        root |= strcmp(m->path, "/") == 0;
        for (size_t j = 0; j < i; j++)
            if (c->mounts[j].path && strcmp(c->mounts[j].path, m->path) == 0) {
                snprintf(hint, sizeof(hint), "mount one file system there; the other is at line %u",
                         c->mounts[j].at.line);
                sg_error(s, m->path_at, hint, "'%s' is mounted twice", m->path);
            }
        if (m->region)
            check_mount_region(s, c, m);
        if (m->type == KAAL_SYSIMAGE_FS_EXT2 && m->has_channel && !has_channel(s, ci, m->channel))
            sg_error(s, m->channel_at,
                     "give the id of the service's channel to its block driver (channels:)",
                     "'%s' has no channel %u", c->name ? c->name : "?", m->channel);
    }
    if (!root)
        sg_error(s, c->mounts_at, "add '- {path: /, type: ramfs, size: 1M}' or a cpio root",
                 "a file service needs a mount at /");
}

/* The buffer a client and its file service share: both map it read-write. */
static void check_buffer(struct sg_system *s, struct sg_channel *ch, uint32_t client,
                         uint32_t service)
{
    char hint[160];
    long ri = sg_find_region(s, ch->buffer, hint, sizeof(hint));
    if (ri < 0) {
        sg_error(s, ch->buffer_at, hint, "unknown region '%s'", ch->buffer);
        return;
    }
    uint32_t ends[2] = {client, service};
    for (int e = 0; e < 2; e++) {
        const struct sg_component *c = &s->components[ends[e]];
        const struct sg_map *map = map_of(c, ri);
        if (!map || (map->perms & (KAAL_SYSIMAGE_PERM_R | KAAL_SYSIMAGE_PERM_W)) !=
                        (KAAL_SYSIMAGE_PERM_R | KAAL_SYSIMAGE_PERM_W)) {
            snprintf(hint, sizeof(hint),
                     "add '- {region: %s, vaddr: ..., perms: rw}' to its maps:", ch->buffer);
            sg_error(s, ch->buffer_at, hint, "'%s' does not map buffer '%s' read-write",
                     c->name ? c->name : "?", ch->buffer);
            return;
        }
        if (e == 1)
            ch->buffer_vaddr = map->vaddr, ch->buffer_size = s->regions[ri].size;
    }
}

static void check_grants(struct sg_system *s, struct sg_channel *ch)
{
    char hint[96];
    if (!ch->files && !ch->buffer)
        return;
    if (ch->ia == ch->ib)
        return; /* an end already reported */
    if (!ch->files || !ch->buffer) {
        sg_error(s, ch->files ? ch->files_at : ch->buffer_at,
                 ch->files ? "add 'buffer: REGION', a region both ends map rw"
                           : "add 'files: [{path: ..., perms: r}]'",
                 "a file service's client needs both files: and buffer:");
        return;
    }
    if (ch->pp == KAAL_SYSIMAGE_PP_NONE) {
        sg_error(s, ch->files_at, "add 'pp: a' (or b): the client calls the file service",
                 "files: on a channel without pp:");
        return;
    }
    uint32_t service = ch->pp == KAAL_SYSIMAGE_PP_A ? ch->ib : ch->ia;
    uint32_t client = ch->pp == KAAL_SYSIMAGE_PP_A ? ch->ia : ch->ib;
    if (!s->components[service].nmounts) {
        sg_error(s, ch->files_at, "give the called component mounts:, or call the file service",
                 "'%s' serves no files (it has no mounts:)",
                 s->components[service].name ? s->components[service].name : "?");
        return;
    }
    for (size_t i = 0; i < ch->nfiles; i++)
        for (size_t j = 0; j < i; j++)
            if (ch->files[i].path && ch->files[j].path &&
                strcmp(ch->files[i].path, ch->files[j].path) == 0) {
                snprintf(hint, sizeof(hint), "grant it once; the other is at line %u",
                         ch->files[j].at.line);
                sg_error(s, ch->files[i].path_at, hint, "'%s' is granted twice", ch->files[i].path);
            }
    check_buffer(s, ch, client, service);
}

void sg_check_files(struct sg_system *s)
{
    for (size_t i = 0; i < s->nregions; i++)
        if (s->check_files && s->regions[i].data && s->regions[i].size_at.line)
            read_data(s, &s->regions[i]);
    for (size_t c = 0; c < s->ncomponents; c++)
        if (s->components[c].mounts_at.line)
            check_mounts(s, (uint32_t)c);
    for (size_t i = 0; i < s->nchannels; i++)
        check_grants(s, &s->channels[i]);
}
