/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sel4-compose's project side (tools/sel4-compose/project.c, new.c,
 * watch.c) in scratch directory trees: project names, `new` refusing a bad
 * or taken name or a missing SDK (new_test.c has what it creates), the search for the
 * project directory from below and from outside, make run through a fake
 * `make` on PATH, and the watch fingerprint's reaction to edits.
 */
#define _GNU_SOURCE /* setenv, utimensat */
#include "compose.h"
#include "test.h"
#include "testfs.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

static void name_rules(void)
{
    char why[96];
    CHECK(compose_name_ok("a", why, sizeof(why)));
    CHECK(compose_name_ok("my-os_2", why, sizeof(why)));
    CHECK(compose_name_ok("0123456789012345678901234567890", why, sizeof(why))); /* 31 */
    CHECK(!compose_name_ok("01234567890123456789012345678901", why, sizeof(why)));
    CHECK_STR(why, "the name is 32 characters long; at most 31 fit");
    CHECK(!compose_name_ok("", why, sizeof(why)));
    CHECK_STR(why, "the name is empty");
    CHECK(!compose_name_ok("my.os", why, sizeof(why)));
    CHECK_STR(why, "'.' is not allowed in a name");
    CHECK(!compose_name_ok("a/b", why, sizeof(why)));
    CHECK_STR(why, "'/' is not allowed in a name");
    CHECK(!compose_name_ok("my os", why, sizeof(why)));
    CHECK_STR(why, "' ' is not allowed in a name");
    CHECK(!compose_name_ok("caf\xc3\xa9", why, sizeof(why)));
    CHECK_STR(why, "byte 0xc3 is not allowed in a name");
}

/* Runs compose_new in parent with an SDK that is not there; returns its status, its errors in err.
 */
static int new_in(const char *parent, const char *name, struct tfs_capture *err)
{
    tfs_capture_open(err);
    return compose_new(parent, name, "/nonexistent/share/kaal", stdout, err->f);
}

static void new_refuses(void)
{
    const char *dir = tfs_mkdtemp();
    struct tfs_capture err;
    CHECK(dir);
    CHECK_EQ(new_in(dir, "bad.name", &err), COMPOSE_USAGE);
    CHECK_CONTAINS(tfs_capture_text(&err), "error: bad project name 'bad.name'");
    CHECK_CONTAINS(tfs_capture_text(&err), "hint: use 1 to 31 letters");
    tfs_capture_close(&err);

    CHECK_EQ(tfs_write(dir, "taken/README", "", 0644), 0);
    CHECK_EQ(new_in(dir, "taken", &err), COMPOSE_FAIL);
    CHECK_CONTAINS(tfs_capture_text(&err), "error: 'taken' already exists in");
    CHECK_CONTAINS(tfs_capture_text(&err), "hint: pick another name");
    tfs_capture_close(&err);

    CHECK_EQ(new_in(dir, "fresh", &err), COMPOSE_FAIL);
    CHECK_CONTAINS(tfs_capture_text(&err),
                   "error: no KaaL SDK in /nonexistent/share/kaal (no mk/project.mk there)\n");
    CHECK_CONTAINS(tfs_capture_text(&err), "hint: install KaaL with 'make install PREFIX=DIR'");
    tfs_capture_close(&err);
    char path[PATH_MAX];
    struct stat st;
    CHECK(stat(tfs_path(path, sizeof(path), dir, "fresh"), &st) != 0); /* nothing created */
    tfs_remove(dir);
}

/* A project tree: root/{system.yaml,Makefile,src/deep/x.c}, and root/sub with only a Makefile. */
static const char *make_tree(const char *make_rules)
{
    const char *root = tfs_mkdtemp();
    CHECK(root);
    CHECK_EQ(tfs_write(root, "system.yaml", "components: []\n", 0644), 0);
    CHECK_EQ(tfs_write(root, "Makefile", make_rules, 0644), 0);
    CHECK_EQ(tfs_write(root, "src/deep/x.c", "int x;\n", 0644), 0);
    CHECK_EQ(tfs_write(root, "sub/Makefile", "all:\n", 0644), 0);
    return root;
}

static void find_project_upwards(void)
{
    const char *root = make_tree("all:\n");
    char real[PATH_MAX], found[PATH_MAX], start[PATH_MAX];
    CHECK(realpath(root, real));
    CHECK_EQ(compose_find_project(root, found, sizeof(found)), 0);
    CHECK_STR(found, real);
    CHECK_EQ(compose_find_project(tfs_path(start, sizeof(start), root, "src/deep"), found,
                                  sizeof(found)),
             0);
    CHECK_STR(found, real);
    /* a Makefile without system.yaml is not a project: the search goes on upwards */
    CHECK_EQ(
        compose_find_project(tfs_path(start, sizeof(start), root, "sub"), found, sizeof(found)), 0);
    CHECK_STR(found, real);
    tfs_remove(root);
}

static void find_project_none(void)
{
    const char *dir = tfs_mkdtemp();
    char found[PATH_MAX], start[PATH_MAX];
    struct tfs_capture err;
    CHECK(dir);
    CHECK_EQ(tfs_write(dir, "only/system.yaml", "", 0644), 0); /* no Makefile beside it */
    CHECK_EQ(
        compose_find_project(tfs_path(start, sizeof(start), dir, "only"), found, sizeof(found)),
        -1);
    CHECK_EQ(
        compose_find_project(tfs_path(start, sizeof(start), dir, "gone"), found, sizeof(found)),
        -1);
    tfs_capture_open(&err);
    CHECK_EQ(compose_make(dir, "run", err.f), COMPOSE_FAIL);
    CHECK_CONTAINS(tfs_capture_text(&err), "or any directory above it\n");
    CHECK_CONTAINS(tfs_capture_text(&err), "create one first with 'sel4-compose new NAME'");
    tfs_capture_close(&err);
    tfs_capture_open(&err);
    CHECK_EQ(compose_make(start, NULL, err.f), COMPOSE_FAIL);
    CHECK_CONTAINS(tfs_capture_text(&err), "cannot look for a project in");
    CHECK_CONTAINS(tfs_capture_text(&err), "give a directory that exists");
    tfs_capture_close(&err);
    tfs_remove(dir);
}

/*
 * compose_make with a fake make first on PATH that records its directory
 * and arguments in log and exits with status.
 */
static int fake_make(const char *start, const char *target, int status, const char *log,
                     struct tfs_capture *err)
{
    const char *bin = tfs_mkdtemp();
    char script[PATH_MAX + 64], path[PATH_MAX + 32];
    const char *old = getenv("PATH");
    char *saved = old ? strdup(old) : NULL;
    snprintf(script, sizeof(script), "#!/bin/sh\necho \"$PWD|$*\" >'%s'\nexit %d\n", log, status);
    CHECK(bin && tfs_write(bin, "make", script, 0755) == 0);
    snprintf(path, sizeof(path), "%s:/usr/bin:/bin", bin);
    setenv("PATH", path, 1);
    tfs_capture_open(err);
    int st = compose_make(start, target, err->f);
    if (saved)
        setenv("PATH", saved, 1);
    free(saved);
    tfs_remove(bin);
    return st;
}

/* The first line of file, or "" if it cannot be read. */
static const char *first_line(const char *file)
{
    static char line[PATH_MAX + 64];
    FILE *f = fopen(file, "r");
    line[0] = '\0';
    if (f) {
        if (!fgets(line, sizeof(line), f))
            line[0] = '\0';
        fclose(f);
    }
    return line;
}

static void make_in_project_dir(void)
{
    const char *root = make_tree("all:\n");
    char real[PATH_MAX], start[PATH_MAX], log[PATH_MAX], want[PATH_MAX + 64];
    struct tfs_capture err;
    CHECK(realpath(root, real));
    tfs_path(log, sizeof(log), real, "make.log");
    tfs_path(start, sizeof(start), root, "src/deep");

    CHECK_EQ(fake_make(start, "run", 0, log, &err), COMPOSE_OK);
    CHECK_STR(tfs_capture_text(&err), "");
    tfs_capture_close(&err);
    snprintf(want, sizeof(want), "%s|run\n", real); /* make ran in the project directory */
    CHECK_STR(first_line(log), want);

    CHECK_EQ(fake_make(start, NULL, 0, log, &err), COMPOSE_OK);
    tfs_capture_close(&err);
    snprintf(want, sizeof(want), "%s|\n", real);
    CHECK_STR(first_line(log), want);

    CHECK_EQ(fake_make(start, "test", 2, log, &err), COMPOSE_FAIL);
    snprintf(want, sizeof(want), "error: 'make test' failed in %s\n", real);
    CHECK_CONTAINS(tfs_capture_text(&err), want);
    tfs_capture_close(&err);
    tfs_remove(root);
}

/* Sets file's modification time to t seconds, so the test needs no waiting. */
static void set_mtime(const char *root, const char *rel, long t)
{
    char path[PATH_MAX];
    struct timespec ts[2] = {{t, 0}, {t, 0}};
    CHECK_EQ(utimensat(AT_FDCWD, tfs_path(path, sizeof(path), root, rel), ts, 0), 0);
}

static void watch_stamp_sees_sources_only(void)
{
    const char *root = make_tree("all:\n");
    uint64_t s0 = compose_watch_stamp(root);
    CHECK_EQ(compose_watch_stamp(root), s0); /* nothing changed */

    set_mtime(root, "src/deep/x.c", 1000000);
    uint64_t s1 = compose_watch_stamp(root);
    CHECK(s1 != s0);

    CHECK_EQ(tfs_write(root, "notes.txt", "not a source\n", 0644), 0);
    CHECK_EQ(tfs_write(root, "build/gen.c", "generated\n", 0644), 0);
    CHECK_EQ(tfs_write(root, ".git/x.h", "hidden\n", 0644), 0);
    CHECK_EQ(compose_watch_stamp(root), s1);

    CHECK_EQ(tfs_write(root, "src/new.h", "", 0644), 0);
    uint64_t s2 = compose_watch_stamp(root);
    CHECK(s2 != s1);
    set_mtime(root, "system.yaml", 2000000);
    uint64_t s3 = compose_watch_stamp(root);
    CHECK(s3 != s2);
    set_mtime(root, "Makefile", 3000000);
    CHECK(compose_watch_stamp(root) != s3);

    char path[PATH_MAX];
    uint64_t s4 = compose_watch_stamp(root);
    CHECK_EQ(remove(tfs_path(path, sizeof(path), root, "src/new.h")), 0);
    CHECK(compose_watch_stamp(root) != s4);
    tfs_remove(root);
}

TEST_CASES({name_rules, "name_rules"}, {new_refuses, "new_refuses"},
           {find_project_upwards, "find_project_upwards"}, {find_project_none, "find_project_none"},
           {make_in_project_dir, "make_in_project_dir"},
           {watch_stamp_sees_sources_only, "watch_stamp_sees_sources_only"});
TEST_MAIN("compose/project")
