/* SPDX-License-Identifier: BSD-2-Clause */
/* Scratch file trees and captured messages for the sel4-compose tests (see testfs.h). */
#define _GNU_SOURCE /* nftw's FTW_DEPTH and FTW_PHYS */
#include "testfs.h"

#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *tfs_mkdtemp(void)
{
    static char names[8][PATH_MAX];
    static unsigned next;
    char *name = names[next++ % 8];
    const char *tmp = getenv("TMPDIR");
    snprintf(name, PATH_MAX, "%s/compose-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    return mkdtemp(name);
}

const char *tfs_path(char *buf, size_t len, const char *dir, const char *rel)
{
    snprintf(buf, len, "%s/%s", dir, rel);
    return buf;
}

int tfs_write(const char *dir, const char *rel, const char *text, unsigned mode)
{
    char path[PATH_MAX];
    tfs_path(path, sizeof(path), dir, rel);
    for (char *s = strchr(path + strlen(dir) + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        mkdir(path, 0755); /* it may be there already */
        *s = '/';
    }
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    if (fclose(f) != 0)
        return -1;
    return chmod(path, mode);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

void tfs_remove(const char *dir)
{
    if (dir)
        nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

FILE *tfs_capture_open(struct tfs_capture *c)
{
    c->text = NULL;
    c->len = 0;
    c->f = open_memstream(&c->text, &c->len);
    return c->f;
}

const char *tfs_capture_text(struct tfs_capture *c)
{
    fflush(c->f);
    return c->text ? c->text : "";
}

void tfs_capture_close(struct tfs_capture *c)
{
    fclose(c->f);
    free(c->text);
}
