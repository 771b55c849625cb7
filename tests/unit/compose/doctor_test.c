/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sel4-compose doctor (tools/sel4-compose/doctor.c) on a fake host: a
 * scratch directory of fake executables as the whole PATH, and a scratch
 * include directory.  Everything present must give exit 0 and no apt-get
 * line; each missing program must name its Debian package (tools/setup.sh's)
 * in the exact apt-get command, and exit 1 unless only clang is missing.
 */
#include "compose.h"
#include "test.h"
#include "testfs.h"

#include <limits.h>
#include <unistd.h>

static const char *const programs[] = {
    "gcc", "make", "ld", "objcopy", "python3", "clang", "qemu-system-x86_64"};
#define NPROGRAMS (sizeof(programs) / sizeof(programs[0]))

/* A fake host with every program but skip (NULL: none), and yaml.h if with_yaml. */
struct fake {
    const char *bin, *inc;
    struct compose_host host;
};

static void fake_host(struct fake *f, const char *skip, bool with_yaml)
{
    f->bin = tfs_mkdtemp();
    f->inc = tfs_mkdtemp();
    CHECK(f->bin && f->inc);
    for (size_t i = 0; i < NPROGRAMS; i++)
        if (!skip || strcmp(programs[i], skip) != 0)
            CHECK_EQ(tfs_write(f->bin, programs[i], "#!/bin/sh\nexit 0\n", 0755), 0);
    if (with_yaml)
        CHECK_EQ(tfs_write(f->inc, "yaml.h", "/* fake */\n", 0644), 0);
    f->host = (struct compose_host){f->bin, f->inc};
}

static void drop_host(struct fake *f)
{
    tfs_remove(f->bin);
    tfs_remove(f->inc);
}

/* Runs doctor on f; returns its status and its output in out (to be closed by the caller). */
static int doctor(struct fake *f, struct tfs_capture *out)
{
    tfs_capture_open(out);
    return compose_doctor(&f->host, out->f);
}

static void all_present(void)
{
    struct fake f;
    struct tfs_capture out;
    char line[PATH_MAX + 64];
    fake_host(&f, NULL, true);
    CHECK_EQ(doctor(&f, &out), COMPOSE_OK);
    const char *text = tfs_capture_text(&out);
    CHECK(!strstr(text, "missing"));
    CHECK(!strstr(text, "apt-get"));
    snprintf(line, sizeof(line), "  ok       gcc                  %s/gcc\n", f.bin);
    CHECK_CONTAINS(text, line);
    snprintf(line, sizeof(line), "  ok       libyaml              %s/yaml.h\n", f.inc);
    CHECK_CONTAINS(text, line);
    CHECK_CONTAINS(text, "Everything KaaL needs is here.");
    tfs_capture_close(&out);
    drop_host(&f);
}

/* Doctor with program missing must fail and name package in the apt-get command. */
static void one_missing(const char *program, const char *package)
{
    struct fake f;
    struct tfs_capture out;
    char want[128];
    fake_host(&f, program, true);
    CHECK_EQ(doctor(&f, &out), COMPOSE_FAIL);
    const char *text = tfs_capture_text(&out);
    snprintf(want, sizeof(want), "  missing  %-20s Debian package %s\n", program, package);
    CHECK_CONTAINS(text, want);
    snprintf(want, sizeof(want), "\n    sudo apt-get install -y %s\n", package);
    CHECK_CONTAINS(text, want);
    tfs_capture_close(&out);
    drop_host(&f);
}

static void gcc_missing(void)
{
    one_missing("gcc", "gcc");
}

static void qemu_missing(void)
{
    one_missing("qemu-system-x86_64", "qemu-system-x86");
}

static void ld_missing(void)
{
    one_missing("ld", "binutils");
}

static void libyaml_missing(void)
{
    struct fake f;
    struct tfs_capture out;
    fake_host(&f, NULL, false);
    CHECK_EQ(doctor(&f, &out), COMPOSE_FAIL);
    CHECK_CONTAINS(tfs_capture_text(&out), "\n    sudo apt-get install -y libyaml-dev\n");
    tfs_capture_close(&out);
    drop_host(&f);
}

/* clang is optional: its absence is reported with its command, but doctor still passes. */
static void clang_missing_is_optional(void)
{
    struct fake f;
    struct tfs_capture out;
    fake_host(&f, "clang", true);
    CHECK_EQ(doctor(&f, &out), COMPOSE_OK);
    const char *text = tfs_capture_text(&out);
    CHECK_CONTAINS(text, "(optional, for the fuzz targets)");
    CHECK_CONTAINS(text, "Optional, for the fuzz targets");
    CHECK_CONTAINS(text, "\n    sudo apt-get install -y clang\n");
    CHECK(!strstr(text, "Some of what KaaL needs is missing"));
    tfs_capture_close(&out);
    drop_host(&f);
}

/* An empty PATH: every program missing, each package once, in the checks' order. */
static void nothing_there(void)
{
    struct fake f;
    struct tfs_capture out;
    fake_host(&f, NULL, false);
    f.host.path = "/nonexistent-compose-test";
    CHECK_EQ(doctor(&f, &out), COMPOSE_FAIL);
    CHECK_CONTAINS(tfs_capture_text(&out),
                   "\n    sudo apt-get install -y gcc make binutils qemu-system-x86 python3 "
                   "libyaml-dev\n");
    tfs_capture_close(&out);
    drop_host(&f);
}

static void which_rules(void)
{
    const char *a = tfs_mkdtemp(), *b = tfs_mkdtemp();
    char path[2 * PATH_MAX + 8], found[PATH_MAX], want[PATH_MAX];
    CHECK(a && b);
    CHECK_EQ(tfs_write(a, "tool", "not executable\n", 0644), 0);
    CHECK_EQ(tfs_write(b, "tool", "#!/bin/sh\n", 0755), 0);
    CHECK_EQ(tfs_write(a, "dir/x", "", 0644), 0); /* a/dir is a directory, not a program */
    snprintf(path, sizeof(path), "%s:%s", a, b);
    CHECK(compose_which("tool", path, found, sizeof(found)));
    CHECK_STR(found, tfs_path(want, sizeof(want), b, "tool")); /* a's is not executable */
    CHECK(!compose_which("dir", path, NULL, 0));
    CHECK(!compose_which("tool", a, NULL, 0));
    CHECK(!compose_which("tool", "", NULL, 0)); /* "" is the current directory only */
    snprintf(path, sizeof(path), "::%s",
             b); /* empty entries (the current directory) do not end the search */
    CHECK(compose_which("tool", path, NULL, 0));
    tfs_remove(a);
    tfs_remove(b);
}

TEST_CASES({all_present, "all_present"}, {gcc_missing, "gcc_missing"},
           {qemu_missing, "qemu_missing"}, {ld_missing, "ld_missing_names_binutils"},
           {libyaml_missing, "libyaml_missing"},
           {clang_missing_is_optional, "clang_missing_is_optional"},
           {nothing_there, "nothing_there"}, {which_rules, "which_rules"});
TEST_MAIN("compose/doctor")
