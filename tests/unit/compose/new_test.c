/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sel4-compose new's scaffolding (tools/sel4-compose/new.c) in scratch
 * directories with a fake SDK (a directory holding mk/project.mk): the
 * five files it writes, the name and the SDK's directory put into them,
 * what it prints, its refusal to touch a directory that exists, and the
 * error when it cannot create the directory.
 * (project_test.c has the refusals of bad names and of a missing SDK.)
 */
#include "compose.h"
#include "test.h"
#include "testfs.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The whole of dir/rel, or "" if it cannot be read; valid until the next call. */
static const char *slurp(const char *dir, const char *rel)
{
    static char text[8192];
    char path[PATH_MAX];
    FILE *f = fopen(tfs_path(path, sizeof(path), dir, rel), "r");
    size_t n = 0;
    if (f) {
        n = fread(text, 1, sizeof(text) - 1, f);
        fclose(f);
    }
    text[n] = '\0';
    return text;
}

/* A scratch directory with a fake SDK in dir/sdk; returns dir, or NULL. */
static const char *with_sdk(char *sdk, size_t len)
{
    const char *dir = tfs_mkdtemp();
    if (!dir || tfs_write(dir, "sdk/mk/project.mk", "# fake\n", 0644) != 0)
        return NULL;
    tfs_path(sdk, len, dir, "sdk");
    return dir;
}

static void new_writes_the_project(void)
{
    char sdk[PATH_MAX], line[PATH_MAX + 64];
    const char *dir = with_sdk(sdk, sizeof(sdk));
    struct tfs_capture out, err;
    CHECK(dir);
    tfs_capture_open(&out);
    tfs_capture_open(&err);
    CHECK_EQ(compose_new(dir, "my-os", sdk, out.f, err.f), COMPOSE_OK);
    CHECK_STR(tfs_capture_text(&err), "");
    CHECK_CONTAINS(tfs_capture_text(&out), "Created my-os/: Makefile, system.yaml, main.c");
    CHECK_CONTAINS(tfs_capture_text(&out), "cd my-os && make run   (type help at the $ prompt");

    snprintf(line, sizeof(line), "\nKAAL ?= %s\n", sdk);
    CHECK_CONTAINS(slurp(dir, "my-os/Makefile"), line);
    /* The console driver and the shell, prebuilt in the SDK, beside main; the shell's grants. */
    CHECK_CONTAINS(slurp(dir, "my-os/Makefile"), "\nKAAL_CMDLINE := kaal.console=user\n");
    CHECK_CONTAINS(slurp(dir, "my-os/Makefile"), "\n#   main_SRCS    := main.c util.c\n");
    CHECK_CONTAINS(slurp(dir, "my-os/Makefile"), "\ninclude $(KAAL)/mk/project.mk\n");
    CHECK_CONTAINS(slurp(dir, "my-os/system.yaml"), "    elf: main.elf\n    priority: 150\n");
    CHECK_CONTAINS(slurp(dir, "my-os/system.yaml"), "    elf: ns16550.elf\n    priority: 200\n");
    CHECK_CONTAINS(slurp(dir, "my-os/system.yaml"), "    elf: shell.elf\n    priority: 100\n");
    CHECK_CONTAINS(slurp(dir, "my-os/system.yaml"), "    monitor: true");
    CHECK_CONTAINS(slurp(dir, "my-os/system.yaml"), "    power: true");
    CHECK_CONTAINS(slurp(dir, "my-os/system.yaml"),
                   "  - {a: shell, a_id: 0, b: ns16550, b_id: 1, pp: a}\n");
    CHECK_CONTAINS(slurp(dir, "my-os/main.c"), "void init(void)\n{\n");
    CHECK_CONTAINS(slurp(dir, "my-os/main.c"), "kaal_debug_puts(\"Welcome to my-os!\\n\");");
    CHECK_STR(slurp(dir, "my-os/expected.txt"), "[KaaL] Booting...\nWelcome to my-os!\n$\n");
    CHECK_CONTAINS(slurp(dir, "my-os/README.md"), "# my-os\n");
    CHECK_CONTAINS(slurp(dir, "my-os/README.md"), "**`poweroff` ends the run**");
    /* The file service, its root folder and the shell's channel to it. */
    CHECK_CONTAINS(slurp(dir, "my-os/system.yaml"), "    elf: fs.elf\n    priority: 180\n");
    CHECK_CONTAINS(slurp(dir, "my-os/system.yaml"), "{name: rootfs, size: 64K, cpio: root}");
    CHECK_CONTAINS(slurp(dir, "my-os/system.yaml"), "    buffer: shellfiles\n");
    CHECK_CONTAINS(slurp(dir, "my-os/root/etc/motd"), "Welcome to my-os, built on KaaL.");
    CHECK_STR(slurp(dir, "my-os/root/tmp/.keep"), "");
    /* Every placeholder was replaced, in every file. */
    const char *files[] = {"Makefile",     "system.yaml", "main.c",
                           "expected.txt", "README.md",   "root/etc/motd"};
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char rel[64];
        snprintf(rel, sizeof(rel), "my-os/%s", files[i]);
        const char *text = slurp(dir, rel);
        CHECK(text[0] != '\0');
        CHECK(!strstr(text, "@NAME@") && !strstr(text, "@KAAL@"));
    }
    tfs_capture_close(&out);
    tfs_capture_close(&err);
    tfs_remove(dir);
}

static void new_names_each_project(void)
{
    char sdk[PATH_MAX];
    const char *dir = with_sdk(sdk, sizeof(sdk));
    struct tfs_capture out, err;
    CHECK(dir);
    tfs_capture_open(&out);
    tfs_capture_open(&err);
    CHECK_EQ(compose_new(dir, "a", sdk, out.f, err.f), COMPOSE_OK);
    CHECK_EQ(compose_new(dir, "other_OS-2", sdk, out.f, err.f), COMPOSE_OK);
    CHECK_STR(slurp(dir, "a/expected.txt"), "[KaaL] Booting...\nWelcome to a!\n$\n");
    CHECK_STR(slurp(dir, "other_OS-2/expected.txt"),
              "[KaaL] Booting...\nWelcome to other_OS-2!\n$\n");
    CHECK(!strstr(slurp(dir, "other_OS-2/main.c"), "Welcome to a!"));
    tfs_capture_close(&out);
    tfs_capture_close(&err);
    tfs_remove(dir);
}

static void new_leaves_an_existing_directory_alone(void)
{
    char sdk[PATH_MAX];
    const char *dir = with_sdk(sdk, sizeof(sdk));
    struct tfs_capture out, err;
    CHECK(dir);
    CHECK_EQ(tfs_write(dir, "my-os/main.c", "mine\n", 0644), 0);
    tfs_capture_open(&out);
    tfs_capture_open(&err);
    CHECK_EQ(compose_new(dir, "my-os", sdk, out.f, err.f), COMPOSE_FAIL);
    CHECK_CONTAINS(tfs_capture_text(&err), "error: 'my-os' already exists in");
    CHECK_STR(tfs_capture_text(&out), "");
    CHECK_STR(slurp(dir, "my-os/main.c"), "mine\n");
    CHECK_STR(slurp(dir, "my-os/Makefile"), ""); /* not written */
    tfs_capture_close(&out);
    tfs_capture_close(&err);
    tfs_remove(dir);
}

/* A dangling link passes the "already exists" check (stat follows it), but mkdir fails. */
static void new_reports_what_it_cannot_create(void)
{
    char sdk[PATH_MAX], path[PATH_MAX];
    const char *dir = with_sdk(sdk, sizeof(sdk));
    struct tfs_capture out, err;
    struct stat st;
    CHECK(dir);
    CHECK_EQ(symlink("nowhere", tfs_path(path, sizeof(path), dir, "my-os")), 0);
    tfs_capture_open(&out);
    tfs_capture_open(&err);
    CHECK_EQ(compose_new(dir, "my-os", sdk, out.f, err.f), COMPOSE_FAIL);
    CHECK_CONTAINS(tfs_capture_text(&err), "error: cannot create ");
    CHECK_CONTAINS(tfs_capture_text(&err), "/my-os: File exists\n");
    CHECK_CONTAINS(tfs_capture_text(&err), "hint: ");
    CHECK_STR(tfs_capture_text(&out), "");
    CHECK_EQ(lstat(path, &st), 0);
    CHECK(S_ISLNK(st.st_mode)); /* the link is left as it was */
    tfs_capture_close(&out);
    tfs_capture_close(&err);
    tfs_remove(dir);
}

static void sdk_dir_is_beside_the_program(void)
{
    char sdk[PATH_MAX];
    CHECK_EQ(compose_sdk_dir(sdk, sizeof(sdk)), 0);
    /* This test's own binary is not installed, so the name stays unresolved. */
    size_t n = strlen(sdk), tail = strlen("/../share/kaal");
    CHECK(n > tail && strcmp(sdk + n - tail, "/../share/kaal") == 0);
    CHECK(sdk[0] == '/');
}

TEST_CASES({new_writes_the_project, "new_writes_the_project"},
           {new_names_each_project, "new_names_each_project"},
           {new_leaves_an_existing_directory_alone, "new_leaves_an_existing_directory_alone"},
           {new_reports_what_it_cannot_create, "new_reports_what_it_cannot_create"},
           {sdk_dir_is_beside_the_program, "sdk_dir_is_beside_the_program"});
TEST_MAIN("compose/new");
