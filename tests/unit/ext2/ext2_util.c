/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers for the ext2 tests (see ext2_util.h). */
#define _GNU_SOURCE
#include "ext2_util.h"
#include "test.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char scratch[512];
int eu_failures; /* set by the tests' main wrappers */

const char *eu_dir(void)
{
    if (!scratch[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(scratch, sizeof(scratch), "%s/kaal-ext2-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(scratch)) {
            perror("mkdtemp");
            exit(2);
        }
        /* e2fsprogs live in /sbin, which a user's PATH may lack. */
        const char *path = getenv("PATH");
        char *np = malloc(strlen(path ? path : "") + 32);
        sprintf(np, "/sbin:/usr/sbin:%s", path ? path : "/bin:/usr/bin");
        setenv("PATH", np, 1);
        free(np);
    }
    return scratch;
}

void eu_cleanup(void)
{
    if (!scratch[0])
        return;
    if (eu_failures)
        printf("  (ext2 scratch files kept in %s)\n", scratch);
    else
        eu_sh("rm -rf '%s'", scratch);
}

const char *eu_path(const char *name)
{
    static char bufs[4][600];
    static int next;
    char *b = bufs[next++ % 4];

    snprintf(b, sizeof(bufs[0]), "%s/%s", eu_dir(), name);
    return b;
}

static char *vformat(const char *fmt, va_list ap)
{
    char *s = NULL;

    if (vasprintf(&s, fmt, ap) < 0)
        abort();
    return s;
}

int eu_sh(const char *fmt, ...)
{
    va_list ap;
    char *cmd;
    int st;

    eu_dir();
    va_start(ap, fmt);
    cmd = vformat(fmt, ap);
    va_end(ap);
    st = system(cmd);
    free(cmd);
    return st == -1 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

char *eu_out(size_t *len, const char *fmt, ...)
{
    va_list ap;
    char *cmd, *buf = NULL;
    size_t n = 0;
    FILE *p, *m;

    eu_dir();
    va_start(ap, fmt);
    cmd = vformat(fmt, ap);
    va_end(ap);
    p = popen(cmd, "r");
    free(cmd);
    m = open_memstream(&buf, &n);
    if (p) {
        char chunk[65536];
        size_t k;
        while ((k = fread(chunk, 1, sizeof(chunk), p)) > 0)
            fwrite(chunk, 1, k, m);
        pclose(p);
    }
    fclose(m);
    if (len)
        *len = n;
    return buf;
}

int eu_mkfs(const char *path, unsigned bs, unsigned size_kib, const char *dir, const char *extra)
{
    unlink(path);
    return eu_sh("mke2fs -q -F -t ext2 -b %u %s %s%s%s '%s' %uk >/dev/null 2>&1", bs,
                 extra ? extra : "", dir ? "-d '" : "", dir ? dir : "", dir ? "'" : "", path,
                 size_kib);
}

static int dev_read(void *ctx, uint64_t off, void *buf, size_t len)
{
    ssize_t n = pread(*(int *)ctx, buf, len, (off_t)off);
    return n == (ssize_t)len ? 0 : -EIO;
}

static int dev_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
    ssize_t n = pwrite(*(int *)ctx, buf, len, (off_t)off);
    return n == (ssize_t)len ? 0 : -EIO;
}

/* The vectored calls, so the unit tests take the cache's run path as the file service does. */
static int dev_readv(void *ctx, uint64_t off, uint8_t *const *bufs, size_t count, size_t bs)
{
    for (size_t i = 0; i < count; i++)
        if (dev_read(ctx, off + i * bs, bufs[i], bs) < 0)
            return -EIO;
    return 0;
}

static int dev_writev(void *ctx, uint64_t off, uint8_t *const *bufs, size_t count, size_t bs)
{
    for (size_t i = 0; i < count; i++)
        if (dev_write(ctx, off + i * bs, bufs[i], bs) < 0)
            return -EIO;
    return 0;
}

static int dev_flush(void *ctx)
{
    return fsync(*(int *)ctx) == 0 ? 0 : -EIO;
}

int eu_mount(struct eu_img *im, const char *path, bool read_only)
{
    return eu_mount_with(im, path, read_only, EU_CACHE_BYTES);
}

int eu_mount_with(struct eu_img *im, const char *path, bool read_only, size_t cache_bytes)
{
    struct stat st;
    char copy[sizeof(im->path)];
    const char *base;

    snprintf(copy, sizeof(copy), "%s", path); /* path may be im->path itself */
    memset(im, 0, sizeof(*im));
    memcpy(im->path, copy, sizeof(copy));
    path = im->path;
    base = strrchr(path, '/');
    im->fd = open(path, read_only ? O_RDONLY : O_RDWR);
    if (im->fd < 0 || fstat(im->fd, &st) < 0)
        return -errno;
    im->dev = (struct ext2_dev){.ctx = &im->fd,
                                .size_bytes = (uint64_t)st.st_size,
                                .read = dev_read,
                                .write = dev_write,
                                .flush = dev_flush,
                                .readv = dev_readv,
                                .writev = dev_writev};
    im->cache = malloc(cache_bytes);
    int r =
        ext2_mount(&im->fs, &im->dev, im->cache, cache_bytes, read_only, base ? base + 1 : path);
    ext2_set_clock(&im->fs, eu_clock);
    return r;
}

int eu_umount(struct eu_img *im)
{
    int r = im->fs.nslots ? ext2_unmount(&im->fs) : 0;

    free(im->cache);
    im->cache = NULL;
    if (im->fd >= 0)
        close(im->fd);
    im->fd = -1;
    return r;
}

int eu_fsck(const char *path)
{
    size_t n;
    char *out = eu_out(&n, "e2fsck -fn '%s' 2>&1; echo \"status $?\"", path);
    const char *st = strstr(out, "status ");
    int status = st ? atoi(st + 7) : -1;

    if (status != 0)
        printf("  e2fsck -fn %s:\n%s", path, out);
    free(out);
    return status;
}

char *eu_cat(const char *path, const char *fspath, size_t *len)
{
    return eu_out(len, "debugfs -R 'cat \"%s\"' '%s' 2>/dev/null", fspath, path);
}

long long eu_stat(const char *path, const char *fspath, const char *field)
{
    char *out = eu_out(NULL, "debugfs -R 'stat \"%s\"' '%s' 2>/dev/null", fspath, path);
    char key[64];
    const char *p;
    long long v = -1;

    snprintf(key, sizeof(key), "%s: ", field);
    for (p = out; (p = strstr(p, key)) != NULL; p++) {
        if (p == out || p[-1] == ' ' || p[-1] == '\n') {
            v = strtoll(p + strlen(key), NULL, 0);
            break;
        }
    }
    free(out);
    return v;
}

uint8_t eu_byte(uint32_t seed, uint64_t i)
{
    uint64_t x = (i / 8 + 1) * 0x9E3779B97F4A7C15ull ^ ((uint64_t)seed * 0xBF58476D1CE4E5B9ull);

    x ^= x >> 31;
    x *= 0x94D049BB133111EBull;
    x ^= x >> 29;
    return (uint8_t)(x >> (8 * (i % 8)));
}

void eu_fill(void *buf, size_t len, uint32_t seed, uint64_t from)
{
    uint8_t *b = buf;

    for (size_t i = 0; i < len; i++)
        b[i] = eu_byte(seed, from + i);
}

int eu_write_file(const char *path, size_t len, uint32_t seed)
{
    uint8_t *buf = malloc(len ? len : 1);
    FILE *f = fopen(path, "wb");
    int ok;

    eu_fill(buf, len, seed, 0);
    ok = f && fwrite(buf, 1, len, f) == len;
    if (f)
        ok = (fclose(f) == 0) && ok;
    free(buf);
    return ok ? 0 : -1;
}

int eu_walk(struct ext2_fs *fs, const char *path, uint32_t *ino)
{
    uint32_t cur = ext2_root(fs);

    while (*path) {
        const char *slash = strchr(path, '/');
        size_t n = slash ? (size_t)(slash - path) : strlen(path);
        if (n) {
            int r = ext2_lookup(fs, cur, path, n, &cur);
            if (r < 0)
                return r;
        }
        path += n + (slash != NULL);
    }
    *ino = cur;
    return 0;
}

uint32_t eu_clock(void)
{
    return (uint32_t)time(NULL);
}
