// SPDX-License-Identifier: BSD-2-Clause
/*
 * mkcpio: packs a folder into a cpio "newc" archive at build time, for the
 * file service's read-only root (services/fs/cpio.c reads it).
 *
 *   mkcpio [-o OUT] [--root-owned] [--mtime=SECONDS] DIR
 *
 * The archive holds "." (DIR itself) and then every file, directory and
 * symlink under DIR, names relative to it ("bin/sh"), in sorted order so
 * the same folder always gives the same bytes.  --root-owned writes uid and
 * gid 0, --mtime one time for every entry (for reproducible images).  Hard
 * links are stored as separate files (each with nlink 1), which every newc
 * reader accepts.  Devices, fifos and sockets are refused: the file service
 * serves none.  GNU cpio's `cpio -i` and `cpio -t` read the output
 * (tests/unit/fs/mkcpio_test.c checks both ways).
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NAME_MAX_NEWC 4095 /* the reader's limit, PATH_MAX less the NUL */

struct opts {
    FILE *out;
    const char *root;
    int root_owned;
    long long mtime; /* -1: each file's own */
    unsigned ino;
    unsigned long long written;
};

static void die(const char *path, const char *what)
{
    fprintf(stderr, "mkcpio: %s: %s\n", path, what);
    exit(1);
}

static void put(struct opts *o, const void *p, size_t n, const char *path)
{
    if (n && fwrite(p, 1, n, o->out) != n)
        die(path, "write failed");
    o->written += n;
}

static void pad4(struct opts *o, const char *path)
{
    static const char zero[4];
    put(o, zero, (4 - o->written % 4) % 4, path);
}

/* One header, the name and its padding; the caller writes the data. */
static void header(struct opts *o, const char *name, const struct stat *st, unsigned nlink,
                   unsigned long long size)
{
    char h[111];
    unsigned uid = o->root_owned ? 0 : (unsigned)st->st_uid;
    unsigned gid = o->root_owned ? 0 : (unsigned)st->st_gid;
    unsigned long long mtime =
        o->mtime >= 0 ? (unsigned long long)o->mtime : (unsigned long long)st->st_mtime;

    if (strlen(name) > NAME_MAX_NEWC)
        die(name, "name longer than 4095 bytes");
    if (size > UINT32_MAX || mtime > UINT32_MAX)
        die(name, "file too large (or mtime too late) for newc's 32-bit fields");
    snprintf(h, sizeof(h), "070701%08X%08X%08X%08X%08X%08llX%08llX%08X%08X%08X%08X%08X%08X",
             ++o->ino, (unsigned)st->st_mode, uid, gid, nlink, mtime, size, 0u, 0u, 0u, 0u,
             (unsigned)strlen(name) + 1, 0u);
    put(o, h, 110, name);
    put(o, name, strlen(name) + 1, name);
    pad4(o, name);
}

static void copy_file(struct opts *o, const char *path, unsigned long long size)
{
    char buf[65536];
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        die(path, strerror(errno));
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        if (n > size)
            die(path, "file grew while being packed");
        put(o, buf, n, path);
        size -= n;
    }
    if (ferror(f) || size)
        die(path, "read failed or file shrank while being packed");
    fclose(f);
}

/* buf = a "/" b (or just b when a is NULL); dies if it does not fit. */
static void join(char *buf, size_t size, const char *a, const char *b)
{
    int n = a ? snprintf(buf, size, "%s/%s", a, b) : snprintf(buf, size, "%s", b);
    if (n < 0 || (size_t)n >= size)
        die(b, "path too long");
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names in directory `path`, without "." and ".."; *n of them. */
static char **list_dir(const char *path, size_t *n)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char **names = NULL;
    size_t cap = 0;

    if (!d)
        die(path, strerror(errno));
    *n = 0;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (*n == cap && !(names = realloc(names, (cap = cap ? 2 * cap : 16) * sizeof(*names))))
            die(path, "out of memory");
        if (!(names[(*n)++] = strdup(e->d_name)))
            die(path, "out of memory");
    }
    closedir(d);
    if (*n)
        qsort(names, *n, sizeof(*names), by_name);
    return names;
}

static unsigned subdirs(const char *path, char **names, size_t n)
{
    unsigned count = 0;
    char full[8192];
    struct stat st;

    for (size_t i = 0; i < n; i++) {
        join(full, sizeof(full), path, names[i]);
        if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode))
            count++;
    }
    return count;
}

/* Packs the entry `rel` (relative to the root; "." for the root) and what is below it. */
static void pack(struct opts *o, const char *rel)
{
    char full[8192], target[4097];
    struct stat st;

    join(full, sizeof(full), o->root, rel);
    if (lstat(full, &st) != 0)
        die(full, strerror(errno));
    if (S_ISREG(st.st_mode)) {
        header(o, rel, &st, 1, (unsigned long long)st.st_size);
        copy_file(o, full, (unsigned long long)st.st_size);
        pad4(o, rel);
    } else if (S_ISLNK(st.st_mode)) {
        ssize_t n = readlink(full, target, sizeof(target));
        if (n <= 0 || n >= (ssize_t)sizeof(target) - 1)
            die(full, "symlink target unreadable, empty or 4096 bytes or longer");
        header(o, rel, &st, 1, (unsigned long long)n);
        put(o, target, (size_t)n, rel);
        pad4(o, rel);
    } else if (S_ISDIR(st.st_mode)) {
        size_t n;
        char **names = list_dir(full, &n);
        header(o, rel, &st, 2 + subdirs(full, names, n), 0);
        for (size_t i = 0; i < n; i++) {
            char child[8192];
            join(child, sizeof(child), strcmp(rel, ".") ? rel : NULL, names[i]);
            pack(o, child);
            free(names[i]);
        }
        free(names);
    } else {
        die(full, "unsupported file type (only files, directories and symlinks are packed)");
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: mkcpio [-o OUT] [--root-owned] [--mtime=SECONDS] DIR\n");
    exit(2);
}

int main(int argc, char **argv)
{
    struct opts o = {.out = stdout, .mtime = -1};
    const char *out = NULL;
    struct stat st;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            out = argv[++i];
        else if (!strcmp(argv[i], "--root-owned"))
            o.root_owned = 1;
        else if (!strncmp(argv[i], "--mtime=", 8))
            o.mtime = strtoll(argv[i] + 8, NULL, 10);
        else if (argv[i][0] == '-' || o.root)
            usage();
        else
            o.root = argv[i];
    }
    if (!o.root)
        usage();
    if (stat(o.root, &st) != 0 || !S_ISDIR(st.st_mode))
        die(o.root, "not a directory");
    if (out && !(o.out = fopen(out, "wb")))
        die(out, strerror(errno));
    pack(&o, ".");
    memset(&st, 0, sizeof(st));
    st.st_mode = 0;
    o.mtime = 0;
    o.root_owned = 1;
    o.ino = (unsigned)-1; /* the trailer's ino is 0, as GNU cpio writes it */
    header(&o, "TRAILER!!!", &st, 1, 0);
    if (fflush(o.out) != 0 || (out && fclose(o.out) != 0)) {
        if (out)
            remove(out);
        die(out ? out : "stdout", "write failed");
    }
    return 0;
}
