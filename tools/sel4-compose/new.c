/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sel4-compose new NAME: checks the name, that nothing called NAME is in
 * the way and that the SDK is there, then creates the project NAME/ from
 * the templates below: a Makefile that includes the installed SDK's
 * mk/project.mk, system.yaml with the console driver, main and the shell,
 * main.c, which prints "Welcome to NAME!", expected.txt for make test,
 * and a README.
 *
 * The SDK is found beside this program, as make install lays it out:
 * <bindir>/sel4-compose and <bindir>/../share/kaal.  The Makefile names
 * that directory, so a project works wherever KaaL was installed.
 * Templates hold @NAME@ and @KAAL@, replaced as they are written.
 */
#include "compose.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* ---- The files a project starts with ---------------------------------------- */

static const char makefile_tpl[] =
    "# @NAME@: a KaaL system; README.md says how to build, run and test it.\n"
    "KAAL ?= @KAAL@\n"
    "# The 16550 driver is the console: the kernel leaves COM1 to it once the root server runs.\n"
    "# Add kaal.verbose to see the kernel's and the root server's boot diagnostics.\n"
    "KAAL_CMDLINE := kaal.console=user\n"
    "# A component of several files, and flags of its own or for all (see $(KAAL)/mk/project.mk):\n"
    "#   main_SRCS    := main.c util.c\n"
    "#   main_CFLAGS  := -DDEBUG_LEVEL=2\n"
    "#   CFLAGS       += -O1\n"
    "include $(KAAL)/mk/project.mk\n";

/*
 * main above the shell, so its welcome comes before the prompt; the driver
 * above both, so it is ready before anyone writes.  ns16550.elf,
 * shell.elf and fs.elf come prebuilt with the SDK (no C file here builds
 * them); the file service's root is the project's root/ folder.
 */
static const char system_yaml_tpl[] =
    "# @NAME@'s system description: its components and what each may use\n"
    "# (docs/system-description.md in the KaaL tree).  main.elf is built from\n"
    "# main.c; ns16550.elf, shell.elf and fs.elf come prebuilt with the KaaL SDK.\n"
    "components:\n"
    "  - name: ns16550            # the 16550 UART driver: the console on COM1\n"
    "    elf: ns16550.elf\n"
    "    priority: 200\n"
    "    stack: 16K\n"
    "    maps:\n"
    "      - {region: serial, vaddr: 0x30000000, perms: rw}\n"
    "    devices:\n"
    "      - {name: com1, isa: true, ioports: {base: 0x3f8, size: 8}, irq: 4, irq_id: 4}\n"
    "  - name: main               # main.c: prints the welcome\n"
    "    elf: main.elf\n"
    "    priority: 150\n"
    "    stack: 16K\n"
    "  - name: shell              # the native shell: type help at the $ prompt\n"
    "    elf: shell.elf\n"
    "    priority: 100\n"
    "    stack: 16K\n"
    "    monitor: true            # ps, caps and mem may look at the system\n"
    "    power: true              # reboot and poweroff\n"
    "    maps:\n"
    "      - {region: serial, vaddr: 0x20000000, perms: rw}\n"
    "      - {region: shellfiles, vaddr: 0x21000000, perms: rw}\n"
    "  - name: fs                 # the file service: ls, cat, ... at the prompt\n"
    "    elf: fs.elf\n"
    "    priority: 180\n"
    "    stack: 64K\n"
    "    memory: 2M\n"
    "    heap: 2M\n"
    "    maps:\n"
    "      - {region: rootfs, vaddr: 0x40000000, perms: r}\n"
    "      - {region: shellfiles, vaddr: 0x41000000, perms: rw}\n"
    "    mounts:\n"
    "      - {path: /, type: cpio, region: rootfs}   # root/, read-only\n"
    "      - {path: /tmp, type: ramfs, size: 1M}     # in RAM, read-write\n"
    "regions:\n"
    "  - {name: serial, size: 20K}   # the console's queues, shared by the shell and the driver\n"
    "  - {name: rootfs, size: 64K, cpio: root}   # the folder root/, packed when the image is "
    "made\n"
    "  - {name: shellfiles, size: 64K}            # paths and data between the shell and fs\n"
    "channels:\n"
    "  - {a: shell, a_id: 0, b: ns16550, b_id: 1, pp: a}\n"
    "  - a: shell\n"
    "    a_id: 1\n"
    "    b: fs\n"
    "    b_id: 0\n"
    "    pp: a\n"
    "    buffer: shellfiles\n"
    "    files:\n"
    "      - {path: /, perms: rw}\n";

static const char motd_tpl[] =
    "Welcome to @NAME@, built on KaaL.  This file is root/etc/motd in the\n"
    "project; /tmp is a RAM file system.\n";

static const char main_c_tpl[] =
    "/*\n"
    " * @NAME@'s own component: it prints a welcome line and then waits.\n"
    " * init() runs once at start; notified() and protected() (see\n"
    " * <kaal/component.h>) handle events.  The shell's prompt follows.\n"
    " */\n"
    "#include <kaal/component.h>\n"
    "#include <kaal/debug.h>\n"
    "\n"
    "void init(void)\n"
    "{\n"
    "    /* kaal_log(\"...\") would print \"[main] ...\"; this prints the line as it is. */\n"
    "    kaal_debug_puts(\"Welcome to @NAME@!\\n\");\n"
    "}\n";

static const char expected_tpl[] = "[KaaL] Booting...\n"
                                   "Welcome to @NAME@!\n"
                                   "$\n";

static const char readme_tpl[] =
    "# @NAME@\n"
    "\n"
    "A system built on KaaL, created by `sel4-compose new @NAME@`.\n"
    "\n"
    "| file | what it is |\n"
    "|---|---|\n"
    "| `system.yaml` | the system description: components, memory, channels |\n"
    "| `main.c` | the component `main` (`elf: main.elf` in `system.yaml`); a component of\n"
    "several files lists them in the Makefile, `main_SRCS := main.c util.c` |\n"
    "| `expected.txt` | the serial lines `make test` looks for, in order |\n"
    "| `Makefile` | includes the KaaL SDK's `mk/project.mk` |\n"
    "\n"
    "| `root/` | the files at `/` (read-only): packed into the system image when it is made |\n"
    "\n"
    "Besides `main`, the system runs three components that come prebuilt with\n"
    "the SDK: `ns16550`, the serial driver that is the console, `shell`, the\n"
    "native shell, and `fs`, the file service, with `root/` at `/` and a RAM\n"
    "file system at `/tmp`.\n"
    "\n"
    "## Build, run, test\n"
    "\n"
    "    make          # build/root.elf: the components and the root server that loads them\n"
    "    make run      # boot in QEMU, serial console on this terminal\n"
    "    make test     # boot with a timeout; PASS if expected.txt's lines appear in order\n"
    "    make clean    # remove build/\n"
    "\n"
    "`make run` prints `[KaaL] Booting...`, the console driver's ready line,\n"
    "`Welcome to @NAME@!` and the shell's `$` prompt (`KAAL_CMDLINE +=\n"
    "kaal.verbose` in the Makefile adds the kernel's and the root server's\n"
    "boot diagnostics). Type `help` for the commands (`ls`, `cat`, `ps`,\n"
    "`caps NAME`, `mem`, `lspci`, ...). **`poweroff` ends the run**; so does Ctrl-A\n"
    "then X, QEMU's own key. `make test` ends QEMU by itself once the system\n"
    "waits for input, and keeps the serial output in `build/serial.log`.\n"
    "\n"
    "`sel4-compose build`, `run`, `test` and `watch` (run again after every\n"
    "change) do the same from any directory inside the project.\n"
    "\n"
    "The SDK is the one in the Makefile's `KAAL` line; `make KAAL=DIR` uses\n"
    "another.\n";

/* One file of the project: its name and template. */
static const struct {
    const char *file;
    const char *tpl;
} project_files[] = {
    {"Makefile", makefile_tpl},     {"system.yaml", system_yaml_tpl}, {"main.c", main_c_tpl},
    {"expected.txt", expected_tpl}, {"README.md", readme_tpl},        {"root/etc/motd", motd_tpl},
    {"root/tmp/.keep", ""},
};

/* The folders the files above need, parents first. */
static const char *const project_dirs[] = {"root", "root/etc", "root/tmp"};
#define NDIRS (sizeof(project_dirs) / sizeof(project_dirs[0]))

#define NFILES (sizeof(project_files) / sizeof(project_files[0]))

/* Writes tpl to f with @NAME@ and @KAAL@ replaced; 0, or -1 if a write failed. */
static int put_template(FILE *f, const char *tpl, const char *name, const char *sdk)
{
    for (const char *s = tpl; *s;) {
        if (strncmp(s, "@NAME@", 6) == 0) {
            fputs(name, f);
            s += 6;
        } else if (strncmp(s, "@KAAL@", 6) == 0) {
            fputs(sdk, f);
            s += 6;
        } else {
            fputc(*s++, f);
        }
    }
    return ferror(f) ? -1 : 0;
}

/* dir/file in buf; 0, or -1 with errno ENAMETOOLONG if it does not fit. */
static int join(char *buf, size_t len, const char *dir, const char *file)
{
    if ((size_t)snprintf(buf, len, "%s/%s", dir, file) < len)
        return 0;
    errno = ENAMETOOLONG;
    return -1;
}

/* Creates dir/file from tpl; 0, or -1 with errno set. */
static int write_file(const char *dir, const char *file, const char *tpl, const char *name,
                      const char *sdk)
{
    char path[PATH_MAX];
    if (join(path, sizeof(path), dir, file) != 0)
        return -1;
    FILE *f = fopen(path, "wx"); /* the directory is new: nothing may be there */
    if (!f)
        return -1;
    int r = put_template(f, tpl, name, sdk);
    int saved = errno;
    if (fclose(f) != 0 && r == 0)
        return -1;
    errno = saved;
    return r;
}

/* Removes the first n project files from dir, then its folders and dir: a failed new leaves
 * nothing behind. */
static void undo(const char *dir, size_t n)
{
    char path[PATH_MAX];
    for (size_t i = 0; i < n; i++) {
        if (join(path, sizeof(path), dir, project_files[i].file) == 0)
            unlink(path);
    }
    for (size_t i = NDIRS; i-- > 0;)
        if (join(path, sizeof(path), dir, project_dirs[i]) == 0)
            rmdir(path);
    rmdir(dir);
}

/* True if sdk holds the SDK's project.mk, which the new Makefile includes. */
static bool sdk_ok(const char *sdk)
{
    char path[PATH_MAX];
    struct stat st;
    if ((size_t)snprintf(path, sizeof(path), "%s/mk/project.mk", sdk) >= sizeof(path))
        return false;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int compose_sdk_dir(char *buf, size_t len)
{
    char exe[PATH_MAX], dir[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    if ((size_t)snprintf(dir, sizeof(dir), "%s/../share/kaal", exe) >= sizeof(dir))
        return -1;
    if (!realpath(dir, buf)) { /* no SDK there: keep the name, for the error message */
        if ((size_t)snprintf(buf, len, "%s", dir) >= len)
            return -1;
    }
    return 0;
}

/* Creates parent/name and its files; on failure removes what it made. */
static int new_scaffold(const char *parent, const char *name, const char *sdk, FILE *out, FILE *err)
{
    char dir[PATH_MAX];
    if (join(dir, sizeof(dir), parent, name) != 0 || mkdir(dir, 0777) != 0) {
        compose_error(err, "check that you may write in this directory", "cannot create %s: %s",
                      dir, strerror(errno));
        return COMPOSE_FAIL;
    }
    for (size_t i = 0; i < NDIRS; i++) {
        char sub[PATH_MAX];
        if (join(sub, sizeof(sub), dir, project_dirs[i]) != 0 || mkdir(sub, 0777) != 0) {
            compose_error(err, "check the disk space and permissions, then run new again",
                          "cannot create %s/%s: %s; nothing was created", dir, project_dirs[i],
                          strerror(errno));
            undo(dir, 0);
            return COMPOSE_FAIL;
        }
    }
    for (size_t i = 0; i < NFILES; i++) {
        if (write_file(dir, project_files[i].file, project_files[i].tpl, name, sdk) != 0) {
            compose_error(err, "check the disk space and permissions, then run new again",
                          "cannot write %s/%s: %s; nothing was created", dir, project_files[i].file,
                          strerror(errno));
            undo(dir, i + 1);
            return COMPOSE_FAIL;
        }
    }
    fprintf(
        out,
        "Created %s/: Makefile, system.yaml, main.c, expected.txt, README.md, root/\n"
        "Next: cd %s && make run   (type help at the $ prompt; poweroff ends it), or make test\n",
        name, name);
    return COMPOSE_OK;
}

int compose_new(const char *parent, const char *name, const char *sdk, FILE *out, FILE *err)
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
    if (!sdk_ok(sdk)) {
        compose_error(err,
                      "install KaaL with 'make install PREFIX=DIR' in the KaaL tree and run "
                      "DIR/bin/sel4-compose; it finds the SDK in DIR/share/kaal",
                      "no KaaL SDK in %s (no mk/project.mk there)", sdk);
        return COMPOSE_FAIL;
    }
    return new_scaffold(parent, name, sdk, out, err);
}
