/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sel4-compose new NAME: checks the name and that nothing called NAME is
 * in the way, then creates the project.  Creating it (the files a project
 * starts with, and the Makefile that builds against the installed SDK)
 * needs the SDK install, which does not exist yet, so new_scaffold only
 * says so.  Its layout is the SDK's to define, not this tool's.
 */
#include "compose.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>

#define NAME_MAX_LEN 31

bool compose_name_ok(const char *name, char *why, size_t len)
{
    size_t n = strlen(name);
    if (n == 0) {
        snprintf(why, len, "the name is empty");
        return false;
    }
    if (n > NAME_MAX_LEN) {
        snprintf(why, len, "the name is %zu characters long; at most %d fit", n, NAME_MAX_LEN);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!isascii(c) || !(isalnum(c) || c == '-' || c == '_')) {
            if (isprint(c))
                snprintf(why, len, "'%c' is not allowed in a name", c);
            else
                snprintf(why, len, "byte 0x%02x is not allowed in a name", c);
            return false;
        }
    }
    return true;
}

/*
 * NOT IMPLEMENTED YET: creating the project's files.  It waits for the SDK
 * install (make install), whose layout decides what a project's Makefile
 * includes and links; see docs/cli.md.
 */
static int new_scaffold(const char *parent, const char *name, FILE *err)
{
    (void)parent, (void)name;
    compose_error(err,
                  "until it exists, start from examples/calc-stream in the KaaL tree "
                  "(make run SYSTEM=examples/calc-stream)",
                  "not implemented yet: the SDK install (make install) comes first");
    return COMPOSE_FAIL;
}

int compose_new(const char *parent, const char *name, FILE *err)
{
    char why[96], path[PATH_MAX];
    struct stat st;
    if (!compose_name_ok(name, why, sizeof(why))) {
        compose_error(err, "use 1 to 31 letters, digits, '-' or '_': sel4-compose new my-project",
                      "bad project name '%s': %s", name, why);
        return COMPOSE_USAGE;
    }
    snprintf(path, sizeof(path), "%s/%s", parent, name);
    if (stat(path, &st) == 0) {
        compose_error(err, "pick another name, or move the existing one out of the way",
                      "'%s' already exists in %s", name, parent);
        return COMPOSE_FAIL;
    }
    if (errno != ENOENT) {
        compose_error(err, "check that you may read and write this directory",
                      "cannot check for '%s' in %s: %s", name, parent, strerror(errno));
        return COMPOSE_FAIL;
    }
    return new_scaffold(parent, name, err);
}
