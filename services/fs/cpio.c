// SPDX-License-Identifier: BSD-2-Clause
/*
 * cpiofs (see cpio.h).  An entry of a newc archive is a 110-byte header
 * ("070701" and thirteen 8-digit hex fields), the name with its NUL padded
 * so the data starts on a multiple of 4, and the data padded to 4; the
 * archive ends with the entry "TRAILER!!!".
 *
 * cpio_init takes one entry at a time: check_header decodes and checks
 * every field against the archive's size and changes nothing; add_entry
 * then places the name in the tree, making the directories its path
 * implies.  After the trailer, link_hardlinks and count_links finish the
 * inodes.  Anything wrong refuses the whole archive with a message that
 * names the entry, its offset and the field.  The fs_ops calls only read.
 */
#include "cpio.h"

#include <errno.h>
#include <string.h>

#define HEADER     110
#define END_COOKIE (UINT64_C(1) << 62)

enum {
    F_INO,
    F_MODE,
    F_UID,
    F_GID,
    F_NLINK,
    F_MTIME,
    F_FILESIZE,
    F_DEVMAJOR,
    F_DEVMINOR,
    F_RDEVMAJOR,
    F_RDEVMINOR,
    F_NAMESIZE,
    F_CHECK,
    NFIELDS
};

static const char *const field_names[NFIELDS] = {
    "ino",      "mode",     "uid",       "gid",       "nlink",    "mtime", "filesize",
    "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check",
};

struct entry {
    uint32_t f[NFIELDS];
    const char *name; /* NUL-terminated, namesize - 1 bytes */
    const uint8_t *data;
    size_t next; /* offset of the next header */
};

/* ---- messages (no stdio below the POSIX layer) ----------------------------- */

struct why {
    char *buf;
    size_t len;
};

static void why_str(struct why *w, const char *s)
{
    while (*s && w->len + 1 < CPIO_WHY_SIZE)
        w->buf[w->len++] = *s++;
    w->buf[w->len] = 0;
}

static void why_num(struct why *w, uint64_t v, bool hex)
{
    char tmp[24];
    int i = (int)sizeof(tmp) - 1;

    tmp[i] = 0;
    do {
        tmp[--i] = "0123456789abcdef"[v % (hex ? 16 : 10)];
        v /= hex ? 16 : 10;
    } while (v);
    if (hex)
        why_str(w, "0x");
    why_str(w, &tmp[i]);
}

/* fs->why = "entry N at offset 0xOFF: WHAT[ DETAIL]"; returns `err`. */
static int refuse(struct cpio_fs *fs, uint32_t entry, size_t off, const char *what,
                  const char *detail, int err)
{
    struct why w = {fs->why, 0};

    why_str(&w, "cpio: entry ");
    why_num(&w, entry, false);
    why_str(&w, " at offset ");
    why_num(&w, off, true);
    why_str(&w, ": ");
    why_str(&w, what);
    if (detail) {
        why_str(&w, " ");
        why_str(&w, detail);
    }
    return err;
}

/* ---- checking one header --------------------------------------------------- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static size_t align4(size_t x)
{
    return (x + 3) & ~(size_t)3;
}

static bool valid_type(uint32_t mode)
{
    switch (mode & VFS_S_IFMT) {
    case VFS_S_IFREG:
    case VFS_S_IFDIR:
    case VFS_S_IFLNK:
    case VFS_S_IFCHR:
    case VFS_S_IFBLK:
    case VFS_S_IFIFO:
    case VFS_S_IFSOCK:
        return true;
    }
    return false;
}

/* The fields' meaning: the type and how the size fits it. */
static int check_fields(struct cpio_fs *fs, uint32_t n, size_t off, const struct entry *e)
{
    uint32_t mode = e->f[F_MODE], size = e->f[F_FILESIZE];

    if (e->f[F_CHECK] != 0)
        return refuse(fs, n, off, "check field is not 0, as a 070701 archive has it", NULL,
                      -EINVAL);
    if (mode & ~(uint32_t)0177777)
        return refuse(fs, n, off, "mode has bits beyond the file type", NULL, -EINVAL);
    if (!valid_type(mode))
        return refuse(fs, n, off, "mode has an unknown file type", NULL, -EINVAL);
    if (VFS_S_ISLNK(mode) && (size == 0 || size >= VFS_PATH_MAX))
        return refuse(fs, n, off, "symlink target is empty or 4096 bytes or longer", NULL, -EINVAL);
    if (VFS_S_ISLNK(mode) && memchr(e->data, 0, size))
        return refuse(fs, n, off, "symlink target has a NUL byte", NULL, -EINVAL);
    if (!VFS_S_ISLNK(mode) && !VFS_S_ISREG(mode) && size != 0)
        return refuse(fs, n, off, "filesize is not 0 for a directory or special file", NULL,
                      -EINVAL);
    return 0;
}

/* Decodes the header at `off` into e; checks every field; changes nothing. */
static int check_header(struct cpio_fs *fs, uint32_t n, size_t off, struct entry *e)
{
    const char *h = (const char *)fs->archive + off;

    if (fs->size - off < HEADER)
        return refuse(fs, n, off, "archive ends inside a header (no TRAILER!!!)", NULL, -EINVAL);
    if (memcmp(h, "070701", 6) != 0)
        return refuse(fs, n, off, "bad magic: not a newc (070701) header", NULL, -EINVAL);
    for (int i = 0; i < NFIELDS; i++) {
        uint32_t v = 0;
        for (int j = 0; j < 8; j++) {
            int d = hexval(h[6 + 8 * i + j]);
            if (d < 0)
                return refuse(fs, n, off, "bad hex digit in field", field_names[i], -EINVAL);
            v = v << 4 | (uint32_t)d;
        }
        e->f[i] = v;
    }
    uint32_t namesize = e->f[F_NAMESIZE];
    if (namesize < 2)
        return refuse(fs, n, off, "namesize below 2: an empty name", NULL, -EINVAL);
    if (namesize > VFS_PATH_MAX)
        return refuse(fs, n, off, "name longer than 4095 bytes", NULL, -EINVAL);
    if (namesize > fs->size - off - HEADER)
        return refuse(fs, n, off, "name runs past the end of the archive", NULL, -EINVAL);
    e->name = h + HEADER;
    if (e->name[namesize - 1] != 0)
        return refuse(fs, n, off, "name does not end with NUL", NULL, -EINVAL);
    if (memchr(e->name, 0, namesize - 1))
        return refuse(fs, n, off, "name has a NUL byte inside it", NULL, -EINVAL);
    size_t data = align4(off + HEADER + namesize);
    if (data > fs->size || e->f[F_FILESIZE] > fs->size - data)
        return refuse(fs, n, off, "file data runs past the end of the archive", NULL, -EINVAL);
    e->data = fs->archive + data;
    e->next = align4(data + e->f[F_FILESIZE]);
    if (strcmp(e->name, "TRAILER!!!") == 0)
        return 0;
    return check_fields(fs, n, off, e);
}

/* ---- the tree -------------------------------------------------------------- */

static uint32_t find_child(struct cpio_fs *fs, uint32_t dir, const char *name, size_t len)
{
    for (uint32_t c = fs->nodes[dir].child; c; c = fs->nodes[c].sibling)
        if (fs->nodes[c].namelen == len && memcmp(fs->nodes[c].name, name, len) == 0)
            return c;
    return 0;
}

/* A new node in `dir` (an implied directory until add_entry fills it), or 0 if the arena is full.
 */
static uint32_t new_node(struct cpio_fs *fs, uint32_t dir, const char *name, size_t len)
{
    if (fs->n == fs->cap)
        return 0;
    uint32_t i = fs->n++;
    struct cpio_node *c = &fs->nodes[i];
    memset(c, 0, sizeof(*c));
    c->name = name, c->namelen = (uint32_t)len;
    c->parent = dir;
    c->inode = i;
    c->mode = VFS_S_IFDIR | 0755;
    if (fs->nodes[dir].lastchild)
        fs->nodes[fs->nodes[dir].lastchild].sibling = i;
    else
        fs->nodes[dir].child = i;
    fs->nodes[dir].lastchild = i;
    return i;
}

static void fill(struct cpio_node *c, const struct entry *e)
{
    c->mode = e->f[F_MODE], c->uid = e->f[F_UID], c->gid = e->f[F_GID];
    c->nlink = e->f[F_NLINK], c->mtime = e->f[F_MTIME];
    c->ino = e->f[F_INO], c->devmajor = e->f[F_DEVMAJOR], c->devminor = e->f[F_DEVMINOR];
    c->rdevmajor = e->f[F_RDEVMAJOR], c->rdevminor = e->f[F_RDEVMINOR];
    c->data = e->data, c->size = e->f[F_FILESIZE];
    c->explicit = true;
}

/* Next component of the name from *p; skips "/" and "." components; sets *len (0 at the end). */
static const char *component(const char **p, size_t *len)
{
    const char *s = *p;

    for (;;) {
        while (*s == '/')
            s++;
        const char *end = s;
        while (*end && *end != '/')
            end++;
        *p = end;
        *len = (size_t)(end - s);
        if (*len != 1 || s[0] != '.')
            return s;
        s = end;
    }
}

/* Puts the entry's name in the tree; the directories on its way are made if missing. */
static int add_entry(struct cpio_fs *fs, uint32_t n, size_t off, const struct entry *e)
{
    const char *p = e->name, *name;
    size_t len;
    uint32_t dir = 0;

    name = component(&p, &len);
    if (len == 0) { /* "." or "/": the root itself */
        if (!VFS_S_ISDIR(e->f[F_MODE]))
            return refuse(fs, n, off, "the root (\".\") is not a directory", NULL, -EINVAL);
        fill(&fs->nodes[0], e);
        return 0;
    }
    for (;;) {
        const char *next_name;
        size_t next_len;
        if (len == 2 && name[0] == '.' && name[1] == '.')
            return refuse(fs, n, off, "name has a \"..\" component:", e->name, -EINVAL);
        if (len > VFS_NAME_MAX)
            return refuse(fs, n, off, "name has a component over 255 bytes", NULL, -EINVAL);
        next_name = component(&p, &next_len);
        uint32_t c = find_child(fs, dir, name, len);
        if (next_len == 0) { /* the last component */
            if (c && (fs->nodes[c].explicit || !VFS_S_ISDIR(e->f[F_MODE])))
                return refuse(fs, n, off, "a second entry for", e->name, -EINVAL);
            if (!c && !(c = new_node(fs, dir, name, len)))
                return refuse(fs, n, off, "more entries than the arena holds", NULL, -ENOMEM);
            fill(&fs->nodes[c], e);
            return 0;
        }
        if (c && !VFS_S_ISDIR(fs->nodes[c].mode))
            return refuse(fs, n, off, "a path goes through a non-directory:", e->name, -EINVAL);
        if (!c && !(c = new_node(fs, dir, name, len)))
            return refuse(fs, n, off, "more entries than the arena holds", NULL, -ENOMEM);
        dir = c, name = next_name, len = next_len;
    }
}

/* Regular files sharing (ino, devmajor, devminor) with nlink > 1 become one inode. */
static void link_hardlinks(struct cpio_fs *fs)
{
    for (uint32_t i = 1; i < fs->n; i++) {
        struct cpio_node *a = &fs->nodes[i];
        if (!VFS_S_ISREG(a->mode) || a->nlink < 2)
            continue;
        for (uint32_t j = 1; j < i; j++) {
            struct cpio_node *b = &fs->nodes[j];
            if (b->inode != j || !VFS_S_ISREG(b->mode) || b->nlink < 2 || b->ino != a->ino ||
                b->devmajor != a->devmajor || b->devminor != a->devminor)
                continue;
            a->inode = j;
            if (b->size == 0 && a->size != 0) /* GNU cpio stores the data with the last name */
                b->data = a->data, b->size = a->size;
            break;
        }
    }
}

static void count_links(struct cpio_fs *fs)
{
    for (uint32_t i = 0; i < fs->n; i++)
        fs->nodes[i].nlink = VFS_S_ISDIR(fs->nodes[i].mode) ? 2 : 0;
    for (uint32_t i = 1; i < fs->n; i++) {
        struct cpio_node *c = &fs->nodes[i];
        if (VFS_S_ISDIR(c->mode))
            fs->nodes[c->parent].nlink++;
        else
            fs->nodes[c->inode].nlink++;
    }
}

int cpio_init(struct cpio_fs *fs, const void *archive, size_t size, void *arena, size_t arena_size)
{
    uintptr_t a = ((uintptr_t)arena + 7) & ~(uintptr_t)7;
    size_t skip = a - (uintptr_t)arena, off = 0;
    struct entry e;
    int r;

    memset(&e, 0, sizeof(e));
    memset(fs, 0, sizeof(*fs));
    fs->archive = archive, fs->size = size;
    fs->nodes = (struct cpio_node *)a;
    if (arena_size > skip) {
        size_t cap = (arena_size - skip) / sizeof(struct cpio_node);
        fs->cap = cap > UINT32_MAX ? UINT32_MAX : (uint32_t)cap;
    }
    if (fs->cap == 0)
        return refuse(fs, 0, 0, "the arena cannot hold the root", NULL, -ENOMEM);
    memset(&fs->nodes[0], 0, sizeof(fs->nodes[0]));
    fs->nodes[0].mode = VFS_S_IFDIR | 0755;
    fs->nodes[0].name = "";
    fs->n = 1;
    for (uint32_t n = 0;; n++) {
        if ((r = check_header(fs, n, off, &e)))
            return r;
        if (strcmp(e.name, "TRAILER!!!") == 0)
            break;
        if ((r = add_entry(fs, n, off, &e)))
            return r;
        off = e.next;
        if (off > size)
            return refuse(fs, n + 1, off, "archive ends before TRAILER!!!", NULL, -EINVAL);
    }
    link_hardlinks(fs);
    count_links(fs);
    return 0;
}

/* ---- fs_ops ---------------------------------------------------------------- */

/* The inode `ino` names (its canonical node), or NULL. */
static struct cpio_node *inode_get(struct cpio_fs *fs, uint64_t ino)
{
    if (ino == 0 || ino > fs->n)
        return NULL;
    return &fs->nodes[fs->nodes[ino - 1].inode];
}

static int cpio_root(void *p, uint64_t *ino)
{
    (void)p;
    *ino = CPIO_ROOT;
    return 0;
}

static int cpio_lookup(void *p, uint64_t dir, const char *name, size_t len, uint64_t *ino)
{
    struct cpio_fs *fs = p;
    struct cpio_node *d = inode_get(fs, dir);

    if (!d)
        return -ENOENT;
    if (!VFS_S_ISDIR(d->mode))
        return -ENOTDIR;
    uint32_t c = find_child(fs, (uint32_t)(d - fs->nodes), name, len);
    if (!c)
        return -ENOENT;
    *ino = (uint64_t)fs->nodes[c].inode + 1;
    return 0;
}

static int cpio_getattr(void *p, uint64_t ino, struct vfs_attr *a)
{
    struct cpio_node *c = inode_get(p, ino);

    if (!c)
        return -ENOENT;
    memset(a, 0, sizeof(*a));
    a->mode = c->mode, a->nlink = c->nlink, a->uid = c->uid, a->gid = c->gid;
    a->size = c->size;
    a->blocks = (c->size + 511) / 512;
    a->ino = ino;
    a->atime.sec = a->mtime.sec = a->ctime.sec = c->mtime;
    return 0;
}

static int64_t cpio_read(void *p, uint64_t ino, uint64_t off, void *buf, size_t len)
{
    struct cpio_node *c = inode_get(p, ino);

    if (!c)
        return -ENOENT;
    if (VFS_S_ISDIR(c->mode))
        return -EISDIR;
    if (!VFS_S_ISREG(c->mode))
        return -EINVAL;
    if (off >= c->size)
        return 0;
    if (len > c->size - off)
        len = (size_t)(c->size - off);
    memcpy(buf, c->data + off, len);
    return (int64_t)len;
}

static int64_t cpio_readlink(void *p, uint64_t ino, char *buf, size_t len)
{
    struct cpio_node *c = inode_get(p, ino);

    if (!c)
        return -ENOENT;
    if (!VFS_S_ISLNK(c->mode))
        return -EINVAL;
    if (len > c->size)
        len = c->size;
    memcpy(buf, c->data, len);
    return (int64_t)len;
}

/* Cookies: 0 ".", 1 "..", 2 the first child, 3 + i the child node i, END_COOKIE the end. */
static int cpio_readdir(void *p, uint64_t dir, uint64_t *cookie, vfs_emit_fn emit, void *ctx)
{
    struct cpio_fs *fs = p;
    struct cpio_node *d = inode_get(fs, dir);
    uint32_t i;

    if (!d)
        return -ENOENT;
    if (!VFS_S_ISDIR(d->mode))
        return -ENOTDIR;
    if (*cookie == 0) {
        if (emit(ctx, dir, VFS_DT_DIR, ".", 1, 1))
            return 0;
        *cookie = 1;
    }
    if (*cookie == 1) {
        if (emit(ctx, (uint64_t)d->parent + 1, VFS_DT_DIR, "..", 2, 2))
            return 0;
        *cookie = 2;
    }
    if (*cookie == 2)
        i = d->child;
    else if (*cookie >= 3 && *cookie - 3 < fs->n && fs->nodes[*cookie - 3].parent == d - fs->nodes)
        i = (uint32_t)(*cookie - 3);
    else
        return 0; /* the end, or a cookie this directory never gave: nothing more */
    for (; i; i = fs->nodes[i].sibling) {
        struct cpio_node *c = &fs->nodes[i];
        uint64_t next = c->sibling ? (uint64_t)c->sibling + 3 : END_COOKIE;
        if (emit(ctx, (uint64_t)c->inode + 1, (c->mode & VFS_S_IFMT) >> 12, c->name, c->namelen,
                 next))
            return 0;
        *cookie = next;
    }
    return 0;
}

static int cpio_statfs(void *p, struct vfs_statfs *st)
{
    struct cpio_fs *fs = p;

    memset(st, 0, sizeof(*st));
    st->type = CPIO_MAGIC;
    st->bsize = 512;
    st->blocks = (fs->size + 511) / 512;
    st->files = fs->n;
    st->namemax = VFS_NAME_MAX;
    return 0;
}

static int cpio_sync(void *p)
{
    (void)p;
    return 0;
}

static int cpio_fsync(void *p, uint64_t ino)
{
    return inode_get(p, ino) ? 0 : -ENOENT;
}

const struct fs_ops cpio_ops = {
    .root = cpio_root,
    .lookup = cpio_lookup,
    .getattr = cpio_getattr,
    .read = cpio_read,
    .readlink = cpio_readlink,
    .readdir = cpio_readdir,
    .statfs = cpio_statfs,
    .sync = cpio_sync,
    .fsync = cpio_fsync,
};
