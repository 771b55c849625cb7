/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sel4-compose watch: `make run` in the project, again whenever a source
 * changes.  Deliberately simple: once a second it takes a fingerprint of
 * the sources (compose_watch_stamp) and, when it differs, stops the running
 * make and its QEMU and starts a new one.
 *
 * make runs in a process group of its own, so one kill(-pgid) reaches QEMU
 * too, and with stdin from /dev/null: it is in the background, where reading
 * the terminal would stop it.  The terminal's Ctrl-C therefore reaches only
 * this process, which stops the group and exits 0.
 */
#define _GNU_SOURCE /* DT_DIR in struct dirent */
#include "compose.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* True for the files watch watches. */
static bool watched(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (strcmp(name, "Makefile") == 0)
        return true;
    return dot && (strcmp(dot, ".c") == 0 || strcmp(dot, ".h") == 0 || strcmp(dot, ".yaml") == 0);
}

/* FNV-1a over n bytes, continuing from h. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    for (const unsigned char *b = p; n--; b++)
        h = (h ^ *b) * 0x100000001b3ull;
    return h;
}

/* Adds the watched files under dir, depth levels below the project, to h. */
static uint64_t stamp_dir(const char *dir, uint64_t h, int depth)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[PATH_MAX];
    struct stat st;
    if (!d || depth > 16) { /* an unreadable or absurdly deep directory adds nothing */
        if (d)
            closedir(d);
        return h;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || (depth == 0 && strcmp(e->d_name, "build") == 0))
            continue; /* hidden entries and the build tree are not sources */
        if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= sizeof(path) ||
            lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            h = stamp_dir(path, h, depth + 1);
        } else if (S_ISREG(st.st_mode) && watched(e->d_name)) {
            /* readdir's order is not stable; the sum of per-file hashes does not depend on it */
            uint64_t f = fnv(0xcbf29ce484222325ull, path, strlen(path));
            f = fnv(f, &st.st_size, sizeof(st.st_size));
            f = fnv(f, &st.st_mtim, sizeof(st.st_mtim));
            h += f;
        }
    }
    closedir(d);
    return h;
}

uint64_t compose_watch_stamp(const char *dir)
{
    return stamp_dir(dir, 0, 0);
}

static volatile sig_atomic_t quit;

static void on_quit(int sig)
{
    (void)sig;
    quit = 1;
}

/* Starts `make run` in dir in a new process group; returns its pid, or -1. */
static pid_t start_run(const char *dir)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    int null = open("/dev/null", O_RDONLY);
    setpgid(0, 0);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (null < 0 || dup2(null, 0) < 0 || chdir(dir) != 0)
        _exit(127);
    execlp("make", "make", "run", (char *)NULL);
    fprintf(stderr, "sel4-compose: error: cannot run make: %s\n", strerror(errno));
    _exit(127);
}

/* Stops the group led by pid: SIGTERM (QEMU restores the terminal), SIGKILL after 3 s. */
static void stop_run(pid_t pid)
{
    kill(-pid, SIGTERM);
    for (int i = 0; i < 30; i++) {
        if (waitpid(pid, NULL, WNOHANG) == pid)
            return;
        nanosleep(&(struct timespec){0, 100000000}, NULL);
    }
    kill(-pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/* Reports how a run that ended by itself ended. */
static void report_end(int status, FILE *err)
{
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        fputs("sel4-compose watch: make run finished; waiting for a change (Ctrl-C quits)\n", err);
    else
        fputs("sel4-compose watch: make run failed; fix the error above and save, or Ctrl-C "
              "to quit\n",
              err);
}

/* The watch loop proper, on project directory dir. */
static int watch_loop(const char *dir, FILE *err)
{
    uint64_t seen = compose_watch_stamp(dir);
    fprintf(err, "sel4-compose watch: %s; Ctrl-C quits\n", dir);
    pid_t pid = start_run(dir);
    if (pid < 0)
        compose_error(err, "the system is short of processes or memory; save a file to retry",
                      "cannot start make run: %s", strerror(errno));
    while (!quit) {
        int status;
        sleep(1); /* a signal cuts it short */
        if (pid > 0 && waitpid(pid, &status, WNOHANG) == pid) {
            report_end(status, err);
            pid = 0;
        }
        uint64_t now = compose_watch_stamp(dir);
        if (now == seen || quit)
            continue;
        seen = now;
        fputs("sel4-compose watch: a source changed; running make run again\n", err);
        if (pid > 0)
            stop_run(pid);
        pid = start_run(dir);
    }
    if (pid > 0)
        stop_run(pid);
    fputs("sel4-compose watch: stopped\n", err);
    return COMPOSE_OK;
}

int compose_watch(const char *start, FILE *err)
{
    char dir[PATH_MAX];
    if (compose_project_dir(start, dir, sizeof(dir), err) != 0)
        return COMPOSE_FAIL;
    struct sigaction sa = {.sa_handler = on_quit};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    return watch_loop(dir, err);
}
