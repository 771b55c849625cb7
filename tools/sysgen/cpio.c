/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A region's `cpio:` folder, packed into a cpio "newc" archive when the
 * image is made: the contents of a file service's read-only root.
 *
 * Each entry is a 110-byte header ("070701" and thirteen 8-digit hex
 * fields: ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor,
 * rdevmajor, rdevminor, namesize, check), the NUL-ended name padded to a
 * multiple of 4 bytes from the header's start, then the data padded
 * likewise; "TRAILER!!!" ends the archive.  Names are relative (".", the
 * folder itself, then "etc", "etc/motd"), in sorted order, so an archive
 * is the same bytes every build; owner and times are 0 (the folder's are the builder's, not the
 * system's), the permission bits are the folder's.  Regular files,
 * directories and symlinks are packed; anything else is an error.
 */
#include "sysgen.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct archive {
    unsigned char *data;
    size_t len, cap;
    uint32_t ino;
    const char *err; /* the first problem, for the caller's message */
    char why[512];
};

static void put(struct archive *a, const void *p, size_t n)
{
    if (a->len + n > a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 65536;
        while (cap < a->len + n)
            cap *= 2;
        unsigned char *d = realloc(a->data, cap);
        if (!d) {
            perror("kaal-sysgen");
            exit(2);
        }
        a->data = d, a->cap = cap;
    }
    memcpy(a->data + a->len, p, n);
    a->len += n;
}

static void pad4(struct archive *a)
{
    static const unsigned char zero[4];
    put(a, zero, (4 - a->len % 4) % 4);
}

/* One entry: header, name, data. */
static void entry(struct archive *a, const char *name, uint32_t mode, const void *data, size_t size)
{
    char hdr[111];
    uint32_t fields[13] = {++a->ino, mode, 0, 0, S_ISDIR(mode) ? 2 : 1,      0, (uint32_t)size,
                           0,        0,    0, 0, (uint32_t)strlen(name) + 1, 0};
    int n = snprintf(hdr, sizeof(hdr), "070701");
    for (int i = 0; i < 13; i++)
        n += snprintf(hdr + n, sizeof(hdr) - (size_t)n, "%08X", fields[i]);
    put(a, hdr, 110);
    put(a, name, strlen(name) + 1);
    pad4(a);
    put(a, data, size);
    pad4(a);
}

static int by_name(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static void pack_dir(struct archive *a, const char *host, const char *name);

/* Packs the file host (its name in the archive: name). */
static void pack_one(struct archive *a, const char *host, const char *name)
{
    struct stat st;
    if (lstat(host, &st) != 0) {
        snprintf(a->why, sizeof(a->why), "cannot read '%.400s': %s", host, strerror(errno));
        a->err = a->why;
        return;
    }
    if (strlen(name) > 255 || st.st_size > UINT32_MAX) {
        snprintf(a->why, sizeof(a->why), "'%.400s' is too large or its name too long", host);
        a->err = a->why;
    } else if (S_ISDIR(st.st_mode)) {
        entry(a, name, (uint32_t)st.st_mode & 0170777, "", 0);
        pack_dir(a, host, name);
    } else if (S_ISLNK(st.st_mode)) {
        char target[4096];
        ssize_t n = readlink(host, target, sizeof(target));
        if (n < 0 || (size_t)n == sizeof(target)) {
            snprintf(a->why, sizeof(a->why), "cannot read the symlink '%.400s'", host);
            a->err = a->why;
            return;
        }
        entry(a, name, 0120777, target, (size_t)n);
    } else if (S_ISREG(st.st_mode)) {
        FILE *f = fopen(host, "rb");
        unsigned char *d = malloc(st.st_size ? (size_t)st.st_size : 1);
        if (!f || !d || fread(d, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
            snprintf(a->why, sizeof(a->why), "cannot read '%.400s'", host);
            a->err = a->why;
        } else {
            entry(a, name, (uint32_t)st.st_mode & 0170777, d, (size_t)st.st_size);
        }
        free(d);
        if (f)
            fclose(f);
    } else {
        snprintf(a->why, sizeof(a->why), "'%.400s' is not a file, directory or symlink", host);
        a->err = a->why;
    }
}

/* Packs what directory host holds, sorted by name; name is its name in the archive ("" at top). */
static void pack_dir(struct archive *a, const char *host, const char *name)
{
    DIR *d = opendir(host);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0;

    if (!d) {
        snprintf(a->why, sizeof(a->why), "cannot open the folder '%.400s': %s", host,
                 strerror(errno));
        a->err = a->why;
        return;
    }
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            names = realloc(names, (n + 1) * sizeof(*names));
            if (!names || !(names[n++] = strdup(e->d_name))) {
                perror("kaal-sysgen");
                exit(2);
            }
        }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), by_name);
    for (size_t i = 0; i < n && !a->err; i++) {
        char h[4096], in[4096];
        snprintf(h, sizeof(h), "%s/%s", host, names[i]);
        snprintf(in, sizeof(in), "%s%s%s", name, *name ? "/" : "", names[i]);
        pack_one(a, h, in);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

unsigned char *sg_pack_cpio(const char *folder, size_t *len, const char **err)
{
    struct archive a = {0};
    static char why[512];

    struct stat st;
    if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(why, sizeof(why), "cannot open the folder '%.400s': %s", folder,
                 stat(folder, &st) != 0 ? strerror(errno) : "not a directory");
        *err = why;
        return NULL;
    }
    entry(&a, ".", (uint32_t)st.st_mode & 0170777, "", 0); /* the root, with the folder's mode */
    pack_dir(&a, folder, "");
    if (!a.err)
        entry(&a, "TRAILER!!!", 0, "", 0);
    if (a.err) {
        snprintf(why, sizeof(why), "%s", a.why);
        *err = why;
        free(a.data);
        return NULL;
    }
    *len = a.len;
    return a.data;
}
