/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The shell's file commands, through the file service's client library
 * (<kaal/fs.h>): ls, cat, mkdir, rmdir, rm, mv, cp, touch, cd, pwd, df and
 * mount, and a command's output redirected with "> FILE" or ">> FILE".
 * The system description gives the shell a protected-call channel to the
 * file service (SHELL_FS_CH) and a 64 KiB buffer at SHELL_FS_VADDR; a
 * shell without that channel says so when a file command runs.  Errors are
 * printed as "cmd: path: what", with the errno's own text.
 */
#include "files.h"

#include "out.h"

#include <kaal/broker.h>
#include <kaal/component.h>
#include <kaal/fs.h>
#include <stdlib.h>
#include <string.h>

#define SHELL_FS_CH    1
#define SHELL_FS_VADDR 0x21000000ul
#define SHELL_FS_SIZE  (64u * 1024)
#define MAX_ENTRIES    512
#define CHUNK          4096

static int connected = -1; /* -1: not tried yet */
static char chunk[CHUNK];

/* True once the shell is connected to its file service; else says why not, for cmd. */
static int ready(const char *cmd)
{
    if (connected < 0)
        connected = (kaal_channel_flags(SHELL_FS_CH) & KAAL_CH_PPCALL) &&
                    kaal_file_connect(SHELL_FS_CH, (void *)SHELL_FS_VADDR, SHELL_FS_SIZE) == 0;
    if (!connected) {
        out_str(cmd);
        out_str(": no file service: the system description gives this shell no channel ");
        out_dec(SHELL_FS_CH);
        out_str(" to one (docs/shell.md)\r\n");
    }
    return connected;
}

/* "cmd: path: what went wrong"; returns 1 if err was an error. */
static int failed(const char *cmd, const char *path, long err)
{
    if (err >= 0)
        return 0;
    out_str(cmd);
    out_str(": ");
    if (path) {
        out_str(path);
        out_str(": ");
    }
    out_str(kaal_strerror(err));
    out_str("\r\n");
    return 1;
}

static void mode_string(uint32_t mode, char s[11])
{
    static const char *const rwx = "rwxrwxrwx";
    uint32_t t = mode & KAAL_S_IFMT;
    s[0] = t == KAAL_S_IFDIR ? 'd' : t == KAAL_S_IFLNK ? 'l' : t == KAAL_S_IFREG ? '-' : '?';
    for (int i = 0; i < 9; i++)
        s[1 + i] = mode & (1u << (8 - i)) ? rwx[i] : '-';
    s[10] = '\0';
}

/* One "ls -l" line for name, whose attributes are st; full is its path for readlink. */
static void long_line(const char *name, const char *full, const struct kaal_stat *st)
{
    char mode[11];
    mode_string(st->mode, mode);
    out_str(mode);
    out_dec_pad(st->nlink, 3);
    out_dec_pad(st->uid, 5);
    out_dec_pad(st->gid, 5);
    out_dec_pad(st->size, 9);
    out_str(" ");
    out_str(name);
    if ((st->mode & KAAL_S_IFMT) == KAAL_S_IFLNK) {
        int64_t n = kaal_file_readlink(full, chunk, sizeof(chunk) - 1);
        if (n >= 0) {
            chunk[n] = '\0';
            out_str(" -> ");
            out_str(chunk);
        }
    }
    out_str("\r\n");
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct kaal_dirent *)a)->name, ((const struct kaal_dirent *)b)->name);
}

static struct kaal_dirent entries[MAX_ENTRIES];

/* Lists directory path, sorted by name, without the dot files; -l adds the attributes. */
static void list_dir(const char *path, int lng)
{
    struct kaal_dir d;
    unsigned int n = 0;
    int r;

    if (failed("ls", path, kaal_dir_open(&d, path)))
        return;
    while (n < MAX_ENTRIES && (r = kaal_dir_read(&d, &entries[n])) == 1)
        if (entries[n].name[0] != '.')
            n++;
    kaal_dir_close(&d);
    qsort(entries, n, sizeof(entries[0]), by_name);
    for (unsigned int i = 0; i < n; i++) {
        char full[KAAL_PATH_MAX];
        struct kaal_stat st;
        if (!lng) {
            out_str(entries[i].name);
            out_str("\r\n");
            continue;
        }
        size_t len = strlen(path);
        if (len + 1 + strlen(entries[i].name) >= sizeof(full))
            continue;
        memcpy(full, path, len);
        full[len] = '/';
        strcpy(full + len + 1, entries[i].name);
        if (!failed("ls", full, kaal_file_lstat(full, &st)))
            long_line(entries[i].name, full, &st);
    }
}

static void ls(int argc, char **argv)
{
    int lng = 0, paths = 0;
    struct kaal_stat st;

    if (!ready("ls"))
        return;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-l") == 0)
            lng = 1;
    for (int i = 1; i <= argc; i++) {
        const char *p = i < argc ? argv[i] : ".";
        if (i < argc && strcmp(p, "-l") == 0)
            continue;
        if (i == argc && paths)
            break;
        paths++;
        if (failed("ls", p, kaal_file_lstat(p, &st)))
            continue;
        if ((st.mode & KAAL_S_IFMT) == KAAL_S_IFDIR)
            list_dir(p, lng);
        else if (lng)
            long_line(p, p, &st);
        else {
            out_str(p);
            out_str("\r\n");
        }
    }
}

static void cat(int argc, char **argv)
{
    if (!ready("cat"))
        return;
    for (int i = 1; i < argc; i++) {
        int fd = kaal_file_open(argv[i], KAAL_O_RDONLY, 0);
        int64_t n;
        if (failed("cat", argv[i], fd))
            continue;
        while ((n = kaal_file_read(fd, chunk, sizeof(chunk))) > 0) {
            out_text(chunk, (unsigned int)n);
            shell_flush(); /* a file may be larger than the output ring */
        }
        failed("cat", argv[i], (long)n);
        kaal_file_close(fd);
    }
}

/* Runs op on each argument, as mkdir, rmdir, rm and touch do. */
static void each(const char *cmd, int argc, char **argv, int (*op)(const char *))
{
    if (!ready(cmd))
        return;
    if (argc < 2)
        failed(cmd, 0, -KAAL_EINVAL);
    for (int i = 1; i < argc; i++)
        failed(cmd, argv[i], op(argv[i]));
}

static int make_dir(const char *p)
{
    return kaal_file_mkdir(p, 0755);
}

static int touch_one(const char *p)
{
    int fd = kaal_file_open(p, KAAL_O_WRONLY | KAAL_O_CREAT, 0644);
    struct kaal_timespec now[2] = {{0, (1l << 30) - 1}, {0, (1l << 30) - 1}}; /* UTIME_NOW */
    if (fd < 0)
        return fd;
    kaal_file_close(fd);
    return kaal_file_utimens(p, now);
}

static void mkdir_cmd(int argc, char **argv)
{
    each("mkdir", argc, argv, make_dir);
}

static void rmdir_cmd(int argc, char **argv)
{
    each("rmdir", argc, argv, kaal_file_rmdir);
}

static void rm(int argc, char **argv)
{
    each("rm", argc, argv, kaal_file_unlink);
}

static void touch(int argc, char **argv)
{
    each("touch", argc, argv, touch_one);
}

static void mv(int argc, char **argv)
{
    if (!ready("mv"))
        return;
    if (argc != 3) {
        out_str("mv: give a source and a destination\r\n");
        return;
    }
    failed("mv", argv[1], kaal_file_rename(argv[1], argv[2]));
}

static void cp(int argc, char **argv)
{
    int64_t n;

    if (!ready("cp"))
        return;
    if (argc != 3) {
        out_str("cp: give a source and a destination\r\n");
        return;
    }
    int in = kaal_file_open(argv[1], KAAL_O_RDONLY, 0);
    if (failed("cp", argv[1], in))
        return;
    int outfd = kaal_file_open(argv[2], KAAL_O_WRONLY | KAAL_O_CREAT | KAAL_O_TRUNC, 0644);
    if (!failed("cp", argv[2], outfd)) {
        while ((n = kaal_file_read(in, chunk, sizeof(chunk))) > 0)
            if (failed("cp", argv[2], (long)kaal_file_write(outfd, chunk, (size_t)n)))
                break;
        failed("cp", argv[1], (long)n);
        kaal_file_close(outfd);
    }
    kaal_file_close(in);
}

static void cd(int argc, char **argv)
{
    if (ready("cd"))
        failed("cd", argc > 1 ? argv[1] : "/", kaal_file_chdir(argc > 1 ? argv[1] : "/"));
}

static void pwd(int argc, char **argv)
{
    (void)argc, (void)argv;
    if (!ready("pwd"))
        return;
    out_str(kaal_file_cwd());
    out_str("\r\n");
}

static const char *const kinds[] = {"?", "cpio", "ramfs", "ext2"};

/* Each mount, with what mount or df says of it. */
static void mounts(const char *cmd, int df)
{
    char path[KAAL_PATH_MAX];
    unsigned int kind;
    int ro;

    if (!ready(cmd))
        return;
    if (df)
        out_str("Filesystem     1K-blocks       Used  Available  Mounted on\r\n");
    for (unsigned int i = 0; kaal_file_mount_info(i, path, sizeof(path), &kind, &ro) == 0; i++) {
        const char *k = kind <= KAAL_BROKER_FS_EXT2 ? kinds[kind] : kinds[0];
        if (!df) {
            out_str(k);
            out_str(" on ");
            out_str(path);
            out_str(ro ? " (ro)\r\n" : " (rw)\r\n");
            continue;
        }
        struct kaal_statfs st;
        if (failed("df", path, kaal_file_statfs(path, &st)))
            continue;
        out_pad(k, 10);
        out_dec_pad(st.blocks * st.bsize / 1024, 14);
        out_dec_pad((st.blocks - st.bfree) * st.bsize / 1024, 11);
        out_dec_pad(st.bavail * st.bsize / 1024, 11);
        out_str("  ");
        out_str(path);
        out_str("\r\n");
    }
}

static void df(int argc, char **argv)
{
    (void)argc, (void)argv;
    mounts("df", 1);
}

static void mount(int argc, char **argv)
{
    (void)argc, (void)argv;
    mounts("mount", 0);
}

const struct command files_commands[] = {
    {"ls", "[-l] [PATH]", "list a directory (-l: mode, links, owner, size)", ls},
    {"cat", "FILE", "print files", cat},
    {"cd", "[DIR]", "change the working directory", cd},
    {"pwd", "", "print the working directory", pwd},
    {"mkdir", "DIR", "make directories", mkdir_cmd},
    {"rmdir", "DIR", "remove empty directories", rmdir_cmd},
    {"rm", "FILE", "remove files", rm},
    {"mv", "FROM TO", "rename or move a file", mv},
    {"cp", "FROM TO", "copy a file", cp},
    {"touch", "FILE", "make a file, or set its times to now", touch},
    {"df", "", "the file systems' sizes and free space", df},
    {"mount", "", "what is mounted where", mount},
};
const unsigned int files_ncommands = sizeof(files_commands) / sizeof(files_commands[0]);

/* ---- "> FILE" and ">> FILE" ------------------------------------------------------ */

static int redirect_fd = -1;
static int64_t redirect_err;

static void to_file(const char *s, unsigned int n)
{
    int64_t w = redirect_err < 0 ? redirect_err : kaal_file_write(redirect_fd, s, n);
    if (w < 0)
        redirect_err = w;
}

int files_redirect_start(const char *path, int append)
{
    if (!ready(append ? ">>" : ">"))
        return -1;
    int fd = kaal_file_open(
        path, KAAL_O_WRONLY | KAAL_O_CREAT | (append ? KAAL_O_APPEND : KAAL_O_TRUNC), 0644);
    if (failed("shell", path, fd))
        return -1;
    redirect_fd = fd, redirect_err = 0;
    out_redirect(to_file);
    return 0;
}

void files_redirect_end(const char *path)
{
    out_redirect(0);
    kaal_file_close(redirect_fd);
    redirect_fd = -1;
    failed("shell", path, (long)redirect_err);
}
