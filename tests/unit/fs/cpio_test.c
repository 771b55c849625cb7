/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The cpio newc reader (services/fs/cpio.c): what a good archive shows
 * (files, symlinks, implied directories, hard links, "./" names, the root's
 * own entry), and one broken archive per check, each refused with -EINVAL
 * (or -ENOMEM for a small arena) and a message naming the fault.
 */
#include "test.h"
#include "fsfix.h"

static const struct fs_ops *o = &cpio_ops;
static unsigned char arena[32 * 1024];

#define R(s) s, strlen(s)

/* Field i of the header at `off` (6 + 8 i): overwrite it with 8 characters. */
static void patch(struct ar *a, size_t off, int field, const char *eight)
{
    memcpy(a->buf + off + 6 + 8 * field, eight, 8);
}

static int load(struct cpio_fs *fs, struct ar *a)
{
    return cpio_init(fs, a->buf, a->len, arena, sizeof(arena));
}

static uint64_t look(struct cpio_fs *fs, const char *path)
{
    uint64_t ino = CPIO_ROOT;
    char buf[256];
    strcpy(buf, path);
    for (char *s = strtok(buf, "/"); s; s = strtok(NULL, "/"))
        if (o->lookup(fs, ino, s, strlen(s), &ino))
            return 0;
    return ino;
}

static void reads_a_good_archive(void)
{
    struct ar a = {0};
    struct cpio_fs fs;
    struct vfs_attr at;
    char buf[64];
    uint64_t ino;

    fix_archive(&a);
    CHECK_EQ(load(&fs, &a), 0);
    CHECK((ino = look(&fs, "etc/passwd")) != 0);
    CHECK_EQ(o->read(&fs, ino, 0, buf, sizeof(buf)), 11);
    CHECK(memcmp(buf, "root:x:0:0\n", 11) == 0);
    CHECK_EQ(o->read(&fs, ino, 5, buf, 3), 3);
    CHECK(memcmp(buf, "x:0", 3) == 0);
    CHECK_EQ(o->read(&fs, ino, 11, buf, 3), 0);
    CHECK_EQ(o->getattr(&fs, ino, &at), 0);
    CHECK_EQ(at.mode, VFS_S_IFREG | 0644);
    CHECK_EQ(at.mtime.sec, 1700000000);
    CHECK_EQ(at.nlink, 1);
    CHECK((ino = look(&fs, "bin")) != 0); /* implied: the archive has only bin/sh */
    CHECK_EQ(o->getattr(&fs, ino, &at), 0);
    CHECK_EQ(at.mode, VFS_S_IFDIR | 0755);
    CHECK_EQ(o->getattr(&fs, CPIO_ROOT, &at), 0);
    CHECK_EQ(at.nlink, 2 + 5); /* etc bin data secret tmp (data/sub counts for data) */
    CHECK((ino = look(&fs, "etc/motd")) != 0);
    CHECK_EQ(o->readlink(&fs, ino, buf, sizeof(buf)), 6);
    CHECK(memcmp(buf, "passwd", 6) == 0);
    CHECK_EQ(o->read(&fs, look(&fs, "etc"), 0, buf, 1), -EISDIR);
    CHECK_EQ(o->lookup(&fs, look(&fs, "etc/passwd"), R("x"), &ino), -ENOTDIR);
    CHECK_EQ(o->lookup(&fs, CPIO_ROOT, R("nothing"), &ino), -ENOENT);
    CHECK_EQ(o->getattr(&fs, 100000, &at), -ENOENT);
    CHECK(o->write == NULL && o->create == NULL); /* read-only: the VFS mounts it so */
    free(a.buf);
}

static void root_entry_dot_slash_and_hard_links(void)
{
    struct ar a = {0};
    struct cpio_fs fs;
    struct vfs_attr at;
    char buf[16];
    uint64_t x, y;

    ar_entry_full(&a, ".", VFS_S_IFDIR | 0700, "", 0, 1, 2);
    ar_entry_full(&a, "./d/x", VFS_S_IFREG | 0644, "", 0, 77, 2); /* GNU cpio: data last */
    ar_entry_full(&a, "/d/./y", VFS_S_IFREG | 0644, "shared", 6, 77, 2);
    ar_entry_full(&a, "d/", VFS_S_IFDIR | 0750, "", 0, 3, 2); /* fills the implied d */
    ar_trailer(&a);
    CHECK_EQ(load(&fs, &a), 0);
    CHECK_EQ(o->getattr(&fs, CPIO_ROOT, &at), 0);
    CHECK_EQ(at.mode, VFS_S_IFDIR | 0700);
    CHECK_EQ(o->getattr(&fs, look(&fs, "d"), &at), 0);
    CHECK_EQ(at.mode, VFS_S_IFDIR | 0750);
    x = look(&fs, "d/x"), y = look(&fs, "d/y");
    CHECK(x != 0);
    CHECK_EQ(x, y);
    CHECK_EQ(o->read(&fs, x, 0, buf, sizeof(buf)), 6);
    CHECK(memcmp(buf, "shared", 6) == 0);
    CHECK_EQ(o->getattr(&fs, x, &at), 0);
    CHECK_EQ(at.nlink, 2);
    free(a.buf);
}

/* Builds the archive `build` makes, loads it, and checks the refusal. */
static void refused(void (*build)(struct ar *), int err, const char *why)
{
    struct ar a = {0};
    struct cpio_fs fs;

    build(&a);
    CHECK_EQ(load(&fs, &a), err);
    CHECK_CONTAINS(fs.why, why);
    CHECK_CONTAINS(fs.why, "cpio: entry ");
    free(a.buf);
}

static void bad_magic(struct ar *a)
{
    ar_file(a, "f", "x");
    ar_trailer(a);
    memcpy(a->buf, "070707", 6);
}

static void bad_hex(struct ar *a)
{
    ar_file(a, "f", "x");
    ar_trailer(a);
    a->buf[6 + 8 * 6 + 3] = 'g';
}

static void size_past_end(struct ar *a)
{
    ar_file(a, "f", "x");
    ar_trailer(a);
    patch(a, 0, 6, "00001000");
}

static void name_without_nul(struct ar *a)
{
    ar_file(a, "abc", "x");
    ar_trailer(a);
    a->buf[110 + 3] = 'd';
}

static void nul_inside_name(struct ar *a)
{
    ar_file(a, "abc", "x");
    ar_trailer(a);
    a->buf[110 + 1] = 0;
}

static void namesize_zero(struct ar *a)
{
    ar_file(a, "f", "x");
    ar_trailer(a);
    patch(a, 0, 11, "00000000");
}

static void name_overlong(struct ar *a)
{
    ar_file(a, "f", "x");
    ar_trailer(a);
    patch(a, 0, 11, "00001001");
}

static void name_past_end(struct ar *a)
{
    ar_file(a, "f", "x");
    patch(a, 0, 11, "00000400");
}

static void no_trailer(struct ar *a)
{
    ar_file(a, "f", "x");
    ar_file(a, "g", "y");
}

static void truncated_header(struct ar *a)
{
    ar_file(a, "f", "x");
    ar_trailer(a);
    a->len = 50;
}

static void dotdot_name(struct ar *a)
{
    ar_file(a, "a/../../etc/shadow", "x");
    ar_trailer(a);
}

static void long_component(struct ar *a)
{
    char name[300];
    memset(name, 'n', 256);
    name[256] = 0;
    ar_file(a, name, "x");
    ar_trailer(a);
}

static void duplicate(struct ar *a)
{
    ar_file(a, "f", "x");
    ar_file(a, "./f", "y");
    ar_trailer(a);
}

static void through_a_file(struct ar *a)
{
    ar_file(a, "f", "x");
    ar_file(a, "f/g", "y");
    ar_trailer(a);
}

static void empty_symlink(struct ar *a)
{
    ar_entry_full(a, "l", VFS_S_IFLNK | 0777, "", 0, 5, 1);
    ar_trailer(a);
}

static void symlink_with_nul(struct ar *a)
{
    ar_entry_full(a, "l", VFS_S_IFLNK | 0777, "a\0b", 3, 5, 1);
    ar_trailer(a);
}

static void dir_with_data(struct ar *a)
{
    ar_entry_full(a, "d", VFS_S_IFDIR | 0755, "data", 4, 5, 2);
    ar_trailer(a);
}

static void unknown_type(struct ar *a)
{
    ar_entry_full(a, "f", 0170644, "", 0, 5, 1);
    ar_trailer(a);
}

static void check_field(struct ar *a)
{
    ar_file(a, "f", "x");
    ar_trailer(a);
    patch(a, 0, 12, "0000abcd");
}

static void root_not_dir(struct ar *a)
{
    ar_file(a, ".", "x");
    ar_trailer(a);
}

static void second_entry_points_at_offset(struct ar *a)
{
    ar_file(a, "good", "x");
    ar_file(a, "bad", "y");
    ar_trailer(a);
    a->buf[120 + 6 + 8 * 2] = 'Z'; /* header 110 + "good\0" 5 -> 116, data 1 -> 120 */
}

static void malformed_archives(void)
{
    refused(bad_magic, -EINVAL, "bad magic");
    refused(bad_hex, -EINVAL, "bad hex digit in field filesize");
    refused(size_past_end, -EINVAL, "file data runs past the end");
    refused(name_without_nul, -EINVAL, "does not end with NUL");
    refused(nul_inside_name, -EINVAL, "NUL byte inside");
    refused(namesize_zero, -EINVAL, "namesize below 2");
    refused(name_overlong, -EINVAL, "longer than 4095");
    refused(name_past_end, -EINVAL, "name runs past the end");
    refused(no_trailer, -EINVAL, "TRAILER!!!");
    refused(truncated_header, -EINVAL, "ends inside a header");
    refused(dotdot_name, -EINVAL, "\"..\" component");
    refused(long_component, -EINVAL, "over 255 bytes");
    refused(duplicate, -EINVAL, "a second entry for ./f");
    refused(through_a_file, -EINVAL, "non-directory: f/g");
    refused(empty_symlink, -EINVAL, "symlink target is empty");
    refused(symlink_with_nul, -EINVAL, "symlink target has a NUL");
    refused(dir_with_data, -EINVAL, "filesize is not 0");
    refused(unknown_type, -EINVAL, "unknown file type");
    refused(check_field, -EINVAL, "check field");
    refused(root_not_dir, -EINVAL, "root");
    refused(second_entry_points_at_offset, -EINVAL,
            "entry 1 at offset 0x78: bad hex digit in field uid");
}

static void empty_and_small_arena(void)
{
    struct ar a = {0};
    struct cpio_fs fs;

    CHECK_EQ(cpio_init(&fs, "", 0, arena, sizeof(arena)), -EINVAL);
    CHECK_CONTAINS(fs.why, "ends inside a header");
    fix_archive(&a);
    CHECK_EQ(cpio_init(&fs, a.buf, a.len, arena, 4 * sizeof(struct cpio_node)), -ENOMEM);
    CHECK_CONTAINS(fs.why, "more entries than the arena holds");
    CHECK_EQ(cpio_init(&fs, a.buf, a.len, arena, 3), -ENOMEM);
    CHECK_EQ(cpio_init(&fs, a.buf, a.len, arena + 1, sizeof(arena) - 1), 0); /* any alignment */
    free(a.buf);
}

TEST_CASES({reads_a_good_archive, "reads-a-good-archive"},
           {root_entry_dot_slash_and_hard_links, "root-entry-dot-slash-hard-links"},
           {malformed_archives, "malformed-archives-refused"},
           {empty_and_small_arena, "empty-archive-small-arena"}, );
TEST_MAIN("fs/cpio")
