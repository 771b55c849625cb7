/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sel4-compose doctor: checks the host for what KaaL's build, run and tests
 * need, one line per check, and prints the apt-get command that installs
 * whatever is missing.  The Debian package names are tools/setup.sh's; keep
 * the two lists in step.  Programs are looked up in a PATH string handed in,
 * and headers in an include directory handed in, so the unit tests can run
 * every check against a fake host.
 */
#include "compose.h"

#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One check: a program on PATH, or (program NULL) a header in the include directory. */
static const struct check {
    const char *what;    /* the name shown */
    const char *program; /* looked up in PATH */
    const char *header;  /* else looked up in the include directory */
    const char *package; /* the Debian package that provides it */
    const char *note;    /* what it is for, for an optional check; NULL if required */
} checks[] = {
    {"gcc", "gcc", NULL, "gcc", NULL},
    {"make", "make", NULL, "make", NULL},
    {"ld", "ld", NULL, "binutils", NULL},
    {"objcopy", "objcopy", NULL, "binutils", NULL},
    {"qemu-system-x86_64", "qemu-system-x86_64", NULL, "qemu-system-x86", NULL},
    {"python3", "python3", NULL, "python3", NULL},
    {"libyaml", NULL, "yaml.h", "libyaml-dev", NULL},
    {"clang", "clang", NULL, "clang", "optional, for the fuzz targets"},
};

#define NCHECKS (sizeof(checks) / sizeof(checks[0]))

bool compose_which(const char *prog, const char *path, char *found, size_t len)
{
    char name[PATH_MAX];
    struct stat st;
    for (const char *p = path;; p++) {
        const char *end = strchr(p, ':');
        size_t dlen = end ? (size_t)(end - p) : strlen(p);
        if (dlen == 0) /* an empty entry is the current directory */
            snprintf(name, sizeof(name), "%s", prog);
        else
            snprintf(name, sizeof(name), "%.*s/%s", (int)dlen, p, prog);
        if (stat(name, &st) == 0 && S_ISREG(st.st_mode) && access(name, X_OK) == 0) {
            if (found)
                snprintf(found, len, "%s", name);
            return true;
        }
        if (!end)
            return false;
        p = end;
    }
}

/* Runs check c on host; the place found goes into where. */
static bool run_check(const struct check *c, const struct compose_host *host, char *where,
                      size_t len)
{
    if (c->program)
        return compose_which(c->program, host->path, where, len);
    snprintf(where, len, "%s/%s", host->include_dir, c->header);
    return access(where, R_OK) == 0;
}

/* Appends pkg to the space-separated list unless it is there already. */
static void add_package(char *list, size_t len, const char *pkg)
{
    size_t n = strlen(pkg);
    for (const char *p = list; (p = strstr(p, pkg)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return;
    size_t used = strlen(list);
    snprintf(list + used, len - used, "%s%s", used ? " " : "", pkg);
}

int compose_doctor(const struct compose_host *host, FILE *out)
{
    char required[256] = "", optional[256] = "", where[PATH_MAX];
    fputs("sel4-compose doctor: checking this machine for what KaaL needs\n", out);
    for (size_t i = 0; i < NCHECKS; i++) {
        const struct check *c = &checks[i];
        if (run_check(c, host, where, sizeof(where))) {
            fprintf(out, "  ok       %-20s %s\n", c->what, where);
            continue;
        }
        fprintf(out, "  missing  %-20s Debian package %s%s%s%s\n", c->what, c->package,
                c->note ? " (" : "", c->note ? c->note : "", c->note ? ")" : "");
        add_package(c->note ? optional : required, sizeof(required), c->package);
    }
    if (*required)
        fprintf(out,
                "Some of what KaaL needs is missing.  Install it with:\n"
                "    sudo apt-get install -y %s\n",
                required);
    if (*optional)
        fprintf(out,
                "Optional, for the fuzz targets (make check runs them):\n"
                "    sudo apt-get install -y %s\n",
                optional);
    if (*required || *optional)
        fputs("(If apt-get cannot find a package, run 'sudo apt-get update' first.)\n", out);
    else
        fputs("Everything KaaL needs is here.\n", out);
    return *required ? COMPOSE_FAIL : COMPOSE_OK;
}
