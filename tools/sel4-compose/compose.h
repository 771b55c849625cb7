/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sel4-compose (alias kaal): the command-line front end for KaaL projects.
 *
 * The tool is split by responsibility, one file each:
 *   cli.c     the command line: subcommands, options, help texts, messages
 *             and "did you mean" hints (edit distance)
 *   doctor.c  what the host has and lacks, with the apt-get command to fix it
 *   project.c finding the project directory and running make in it
 *   watch.c   re-running `make run` whenever a source file changes
 *   new.c     a new project: its name, the SDK beside this program, and
 *             the files a project starts with
 *   main.c    dispatch
 *
 * Exit status everywhere: COMPOSE_OK, COMPOSE_FAIL (the command ran and
 * failed), COMPOSE_USAGE (the command line itself is wrong).  Functions that
 * report take the streams to write to, so unit tests can read what a user
 * would see.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define COMPOSE_VERSION "0.1"

enum { COMPOSE_OK = 0, COMPOSE_FAIL = 1, COMPOSE_USAGE = 2 };

enum compose_cmd {
    COMPOSE_NONE = -1,
    COMPOSE_NEW,
    COMPOSE_BUILD,
    COMPOSE_RUN,
    COMPOSE_TEST,
    COMPOSE_WATCH,
    COMPOSE_DOCTOR,
    COMPOSE_NCMDS,
};

/* What the command line asked for. */
struct compose_args {
    enum compose_cmd cmd;
    bool help;        /* show the help of cmd (or of the tool, for COMPOSE_NONE) */
    bool version;     /* show the version */
    const char *name; /* new: the project's name */
    const char *dir;  /* -C DIR: where the project search starts (default ".") */
};

/* ---- cli.c ---------------------------------------------------------------- */

/*
 * Parses argv into *a.  Returns COMPOSE_OK, or COMPOSE_USAGE after writing
 * the problem and what to do about it to err.
 */
int compose_parse(int argc, char *const *argv, struct compose_args *a, FILE *err);

/* Writes the help of cmd (the tool's own for COMPOSE_NONE) to out. */
void compose_help(enum compose_cmd cmd, FILE *out);

/* The subcommand's name, as typed on the command line. */
const char *compose_cmd_name(enum compose_cmd cmd);

/*
 * The candidate closest to word by edit distance, or NULL when none is
 * close enough to be a likely typo (at most a third of word's length,
 * rounded up, and never more than 3).
 */
const char *compose_closest(const char *word, const char *const *cands, size_t n);

/* Writes "sel4-compose: error: <what>" and, if hint is not NULL, "  hint: <hint>". */
void compose_error(FILE *err, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- doctor.c ------------------------------------------------------------- */

/* Where doctor looks: the real host's, or a test's fake one. */
struct compose_host {
    const char *path;        /* a PATH string: directories separated by ':' */
    const char *include_dir; /* where headers are installed, normally /usr/include */
};

/*
 * Looks prog up in the directories of path, as a shell would: an empty
 * entry means the current directory, and only executable regular files
 * count.  Returns true and the full name in found (if not NULL) when found.
 */
bool compose_which(const char *prog, const char *path, char *found, size_t len);

/*
 * Checks the host for what KaaL needs, one line per check on out, then the
 * apt-get command for anything missing.  Returns COMPOSE_FAIL if something
 * required is missing, else COMPOSE_OK.
 */
int compose_doctor(const struct compose_host *host, FILE *out);

/* ---- project.c ------------------------------------------------------------ */

/*
 * Finds the project directory: the first of start and its parents that
 * holds both a system.yaml and a Makefile.  Returns 0 with its absolute
 * name in dir, or -1 if there is none (or start does not exist).
 */
int compose_find_project(const char *start, char *dir, size_t len);

/* compose_find_project, and on failure the error a user sees, on err. */
int compose_project_dir(const char *start, char *dir, size_t len, FILE *err);

/*
 * Runs `make [target]` in the project found from start (target NULL: plain
 * make), with the caller's PATH.  Returns COMPOSE_OK if make succeeded,
 * COMPOSE_FAIL otherwise (with the reason on err).
 */
int compose_make(const char *start, const char *target, FILE *err);

/* ---- watch.c -------------------------------------------------------------- */

/*
 * A fingerprint of the project's sources under dir: names, sizes and
 * modification times of every *.c, *.h, *.yaml and Makefile, skipping
 * build/ and hidden directories.  Any edit, new file or removed file
 * changes it.
 */
uint64_t compose_watch_stamp(const char *dir);

/* Runs `make run` in the project found from start, again after each change; see docs/cli.md. */
int compose_watch(const char *start, FILE *err);

/* ---- new.c ---------------------------------------------------------------- */

/*
 * Checks a project name: 1 to 31 letters, digits, '-' or '_'.  Returns true
 * if it is good; otherwise false with the reason in why.
 */
bool compose_name_ok(const char *name, char *why, size_t len);

/*
 * The SDK's directory as make install lays it out: <this program's
 * directory>/../share/kaal, resolved if it exists.  Returns 0 with it in
 * buf, or -1 if this program's own name cannot be read.
 */
int compose_sdk_dir(char *buf, size_t len);

/*
 * `new NAME` in directory parent: checks NAME, that parent/NAME does not
 * exist and that sdk holds mk/project.mk, then creates parent/NAME with a
 * Makefile that uses sdk.  Returns COMPOSE_OK with what to do next on out;
 * otherwise creates nothing and says why on err.
 */
int compose_new(const char *parent, const char *name, const char *sdk, FILE *out, FILE *err);
