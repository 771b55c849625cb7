/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Scratch file trees for the sel4-compose tests: a fresh directory under
 * $TMPDIR (or /tmp), files with given contents and modes in it, and its
 * removal.  /tmp is used rather than the build tree because the project
 * search walks upwards, and no directory above /tmp/x is a KaaL project.
 */
#pragma once

#include <stddef.h>
#include <stdio.h>

/* Makes a new empty directory; returns its name (the last 8 stay valid), or NULL. */
const char *tfs_mkdtemp(void);

/* Writes dir/rel with text and mode, creating the directories on the way; 0 or -1. */
int tfs_write(const char *dir, const char *rel, const char *text, unsigned mode);

/* Removes dir and everything under it. */
void tfs_remove(const char *dir);

/* dir/rel in buf. */
const char *tfs_path(char *buf, size_t len, const char *dir, const char *rel);

/* A memory stream for a function's messages, and its text so far. */
struct tfs_capture {
    FILE *f;
    char *text;
    size_t len;
};
FILE *tfs_capture_open(struct tfs_capture *c);
const char *tfs_capture_text(struct tfs_capture *c);
void tfs_capture_close(struct tfs_capture *c);
