/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sel4-compose (alias kaal): parses the command line (cli.c), then hands
 * the work to the subcommand's file.  Exit status: 0 success, 1 the command
 * failed, 2 the command line is wrong (docs/cli.md).
 */
#include "compose.h"

#include <limits.h>
#include <stdlib.h>

/* The real host for doctor: the caller's PATH and the system's headers. */
static int doctor(void)
{
    const char *path = getenv("PATH");
    struct compose_host host = {path ? path : "/usr/local/bin:/usr/bin:/bin", "/usr/include"};
    return compose_doctor(&host, stdout);
}

/* new NAME here, with the SDK installed beside this program. */
static int new_project(const char *name)
{
    char sdk[PATH_MAX];
    if (compose_sdk_dir(sdk, sizeof(sdk)) != 0) {
        compose_error(stderr, "run sel4-compose from where make install put it",
                      "cannot find this program's own directory, where the SDK is looked for");
        return COMPOSE_FAIL;
    }
    return compose_new(".", name, sdk, stdout, stderr);
}

int main(int argc, char **argv)
{
    struct compose_args a;
    int st = compose_parse(argc, argv, &a, stderr);
    if (st != COMPOSE_OK)
        return st;
    if (a.version) {
        printf("sel4-compose %s\n", COMPOSE_VERSION);
        return COMPOSE_OK;
    }
    if (a.help) {
        compose_help(a.cmd, stdout);
        return COMPOSE_OK;
    }
    switch (a.cmd) {
    case COMPOSE_NEW:
        return new_project(a.name);
    case COMPOSE_BUILD:
        return compose_make(a.dir, NULL, stderr);
    case COMPOSE_RUN:
        return compose_make(a.dir, "run", stderr);
    case COMPOSE_TEST:
        return compose_make(a.dir, "test", stderr);
    case COMPOSE_WATCH:
        return compose_watch(a.dir, stderr);
    case COMPOSE_DOCTOR:
        return doctor();
    default:
        return COMPOSE_USAGE; /* compose_parse never leaves cmd unset without help or version */
    }
}
