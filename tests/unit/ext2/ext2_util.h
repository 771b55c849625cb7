/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Helpers for the ext2 library's tests: a scratch directory under $TMPDIR
 * (or /tmp), images made by mke2fs, a block device over an image file, and
 * e2fsprogs run on the host to check what the library wrote (e2fsck -fn)
 * and to read it back independently (debugfs).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ext2.h"

/* A mounted image file. */
struct eu_img {
    char path[512];
    int fd;
    struct ext2_dev dev;
    void *cache;
    struct ext2_fs fs;
};

#define EU_CACHE_BYTES (256 * (4096 + 64))

/* The scratch directory of this test program (made on first use). */
const char *eu_dir(void);
/* Removes the scratch directory unless a check failed (then says where it is). */
void eu_cleanup(void);
/* eu_dir()/name in a static buffer (four of them, in turn). */
const char *eu_path(const char *name);

/* Runs a shell command made from fmt; returns its exit status (-1 if it did not run). */
int eu_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Runs a command and returns its standard output (malloc'd, NUL-terminated), length in *len. */
char *eu_out(size_t *len, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* mke2fs -t ext2 -b bs of size_kib KiB at path, filled from dir if not NULL; 0 if it worked. */
int eu_mkfs(const char *path, unsigned bs, unsigned size_kib, const char *dir, const char *extra);
/* Opens and mounts path; returns ext2_mount's result (the file stays open on failure too). */
int eu_mount(struct eu_img *im, const char *path, bool read_only);
/* As eu_mount with a cache of cache_bytes (eu_mount: EU_CACHE_BYTES). */
int eu_mount_with(struct eu_img *im, const char *path, bool read_only, size_t cache_bytes);
/* Unmounts and closes; returns ext2_unmount's result. */
int eu_umount(struct eu_img *im);
/* e2fsck -fn path: 0 if clean; otherwise prints its report and returns its status. */
int eu_fsck(const char *path);
/* debugfs -R 'cat fspath' path, malloc'd, length in *len. */
char *eu_cat(const char *path, const char *fspath, size_t *len);
/* A field ("Size", "Links", "User", ...) of debugfs -R 'stat fspath'; -1 if missing. */
long long eu_stat(const char *path, const char *fspath, const char *field);

/* A reproducible byte pattern: byte i of stream seed. */
uint8_t eu_byte(uint32_t seed, uint64_t i);
void eu_fill(void *buf, size_t len, uint32_t seed, uint64_t from);
/* Writes a file of len pattern bytes at host path; 0 if it worked. */
int eu_write_file(const char *path, size_t len, uint32_t seed);

/* ext2_lookup along a slash-separated path from the root; 0 or -errno. */
int eu_walk(struct ext2_fs *fs, const char *path, uint32_t *ino);
/* Seconds since 1970, for ext2_set_clock. */
uint32_t eu_clock(void);
