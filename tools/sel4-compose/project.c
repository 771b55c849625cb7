/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The project directory and make.  A project is a directory holding a
 * system.yaml and a Makefile; build, run, test and watch find it from the
 * current directory (or -C DIR) upwards, as git finds its repository, so
 * they work from any of the project's subdirectories.  The work itself is
 * the project's Makefile's: these commands only run make there.
 */
#include "compose.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* True if dir/name is a regular file. */
static bool has_file(const char *dir, const char *name)
{
    char path[PATH_MAX];
    struct stat st;
    if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
        return false;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int compose_find_project(const char *start, char *dir, size_t len)
{
    char at[PATH_MAX];
    if (!realpath(start, at))
        return -1;
    for (;;) {
        if (has_file(at, "system.yaml") && has_file(at, "Makefile")) {
            if ((size_t)snprintf(dir, len, "%s", at) >= len)
                return -1;
            return 0;
        }
        char *slash = strrchr(at, '/');
        if (!slash || strcmp(at, "/") == 0)
            return -1;
        slash[slash == at] = '\0'; /* the parent of "/x" is "/" */
    }
}

int compose_project_dir(const char *start, char *dir, size_t len, FILE *err)
{
    if (compose_find_project(start, dir, len) == 0)
        return 0;
    char abs[PATH_MAX];
    if (!realpath(start, abs))
        compose_error(err, "give a directory that exists: -C path/to/project",
                      "cannot look for a project in '%s': %s", start, strerror(errno));
    else
        compose_error(err,
                      "run this inside a project (a directory with system.yaml and a "
                      "Makefile), or create one first with 'sel4-compose new NAME'",
                      "no KaaL project in %s or any directory above it", abs);
    return -1;
}

int compose_make(const char *start, const char *target, FILE *err)
{
    char dir[PATH_MAX];
    if (compose_project_dir(start, dir, sizeof(dir), err) != 0)
        return COMPOSE_FAIL;
    fflush(NULL); /* nothing buffered may be written twice by the child */
    pid_t pid = fork();
    if (pid < 0) {
        compose_error(err, "the system is short of processes or memory; try again",
                      "cannot start make: %s", strerror(errno));
        return COMPOSE_FAIL;
    }
    if (pid == 0) {
        char *argv[] = {"make", (char *)target, NULL};
        if (chdir(dir) == 0)
            execvp("make", argv);
        fprintf(stderr, "sel4-compose: error: cannot run make in %s: %s\n", dir, strerror(errno));
        fputs("  hint: install it (sudo apt-get install -y make); sel4-compose doctor checks "
              "the rest\n",
              stderr);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return COMPOSE_FAIL;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return COMPOSE_OK;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return COMPOSE_FAIL; /* the child said why */
    compose_error(err, "the first error in make's output above says what to fix",
                  "'make%s%s' failed in %s", target ? " " : "", target ? target : "", dir);
    return COMPOSE_FAIL;
}
