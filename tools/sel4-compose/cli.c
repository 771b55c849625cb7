/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The command line of sel4-compose: a table of subcommands, each with its
 * usage, description and the options it takes, and a parser that checks
 * argv against it.  Parsing changes nothing on disk; main.c acts on the
 * result.  Every mistake gets one error line and one hint line saying what
 * to type instead; an unknown word gets "did you mean" when a known one is
 * within a small edit distance.
 */
#include "compose.h"
#include "../lib/editdist.h"

#include <stdarg.h>
#include <string.h>

/* Options a subcommand may take, beyond --help. */
enum { OPT_DIR = 1 };

static const struct cmd_info {
    const char *name;
    const char *args;    /* what follows the name in the usage line */
    const char *summary; /* one line for the tool's help */
    const char *about;
    unsigned opts;
} cmds[COMPOSE_NCMDS] = {
    [COMPOSE_NEW] = {"new", "NAME", "create a new project",
                     "Creates the project NAME in a new directory NAME here: a Makefile\n"
                     "using the SDK in <this program's directory>/../share/kaal, system.yaml\n"
                     "with one component, main.c, expected.txt (for make test) and\n"
                     "README.md.  NAME is 1 to 31 letters, digits, '-' or '_'.\n",
                     0},
    [COMPOSE_BUILD] = {"build", "[-C DIR]", "build the project (make)",
                       "Builds the project: runs make in the project directory.\n", OPT_DIR},
    [COMPOSE_RUN] = {"run", "[-C DIR]", "build and boot it in QEMU (make run)",
                     "Builds the project and boots it in QEMU: runs make run in the project\n"
                     "directory.  Quit QEMU with Ctrl-A then X.\n",
                     OPT_DIR},
    [COMPOSE_TEST] = {"test", "[-C DIR]", "run its tests (make test)",
                      "Runs the project's tests: runs make test in the project directory.\n",
                      OPT_DIR},
    [COMPOSE_WATCH] = {"watch", "[-C DIR]", "make run, and again after every change to a source",
                       "Runs make run in the project directory, and again whenever a *.c, *.h,\n"
                       "*.yaml or Makefile in the project changes (checked once a second; the\n"
                       "running QEMU is stopped first).  QEMU gets no keyboard input here.\n"
                       "Quit with Ctrl-C.\n",
                       OPT_DIR},
    [COMPOSE_DOCTOR] = {"doctor", "", "check this machine for what KaaL needs",
                        "Checks that this machine has what KaaL needs (gcc, make, binutils,\n"
                        "QEMU, python3, libyaml; clang for the fuzz targets, optional) and\n"
                        "prints the apt-get command that installs whatever is missing.\n",
                        0},
};

/* The project directory options, shared by the help texts. */
static const char dir_help[] =
    "  -C DIR, --directory DIR\n"
    "               look for the project from DIR upwards, not from the current\n"
    "               directory (the project directory holds system.yaml and a Makefile)\n";

const char *compose_cmd_name(enum compose_cmd cmd)
{
    return cmd >= 0 && cmd < COMPOSE_NCMDS ? cmds[cmd].name : "sel4-compose";
}

void compose_help(enum compose_cmd cmd, FILE *out)
{
    if (cmd < 0 || cmd >= COMPOSE_NCMDS) {
        fputs("usage: sel4-compose [--help | --version]\n"
              "       sel4-compose COMMAND [OPTIONS]\n"
              "       sel4-compose help COMMAND\n"
              "\n"
              "Builds, runs and tests KaaL projects.  'kaal' is a short name for it.\n"
              "\n"
              "commands:\n",
              out);
        for (int i = 0; i < COMPOSE_NCMDS; i++)
            fprintf(out, "  %-8s %s\n", cmds[i].name, cmds[i].summary);
        fputs("\n"
              "options:\n"
              "  -h, --help   show this text ('sel4-compose COMMAND --help' for a command's)\n"
              "  --version    show the version\n"
              "\n"
              "exit status: 0 success, 1 the command failed, 2 the command line is wrong\n"
              "(see docs/cli.md)\n",
              out);
        return;
    }
    const struct cmd_info *c = &cmds[cmd];
    fprintf(out, "usage: sel4-compose %s%s%s\n\n%s\noptions:\n", c->name, *c->args ? " " : "",
            c->args, c->about);
    if (c->opts & OPT_DIR)
        fputs(dir_help, out);
    fputs("  -h, --help   show this text\n", out);
}

void compose_error(FILE *err, const char *hint, const char *fmt, ...)
{
    va_list ap;
    fputs("sel4-compose: error: ", err);
    va_start(ap, fmt);
    vfprintf(err, fmt, ap);
    va_end(ap);
    fputc('\n', err);
    if (hint)
        fprintf(err, "  hint: %s\n", hint);
}

const char *compose_closest(const char *word, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1, limit = (strlen(word) + 2) / 3;
    if (limit > 3)
        limit = 3;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, cands[i]);
        if (d < best_d)
            best = cands[i], best_d = d;
    }
    return best_d <= limit ? best : NULL;
}

/* Reports an unknown word: "did you mean" when one of cands is close, else fallback. */
static int unknown(FILE *err, const char *what, const char *word, const char *const *cands,
                   size_t n, const char *fallback)
{
    char hint[256];
    const char *close = compose_closest(word, cands, n);
    if (close)
        snprintf(hint, sizeof(hint), "did you mean '%s'?", close);
    compose_error(err, close ? hint : fallback, "unknown %s '%s'", what, word);
    return COMPOSE_USAGE;
}

/* The subcommand named word, or COMPOSE_NONE. */
static enum compose_cmd find_cmd(const char *word)
{
    for (int i = 0; i < COMPOSE_NCMDS; i++)
        if (strcmp(word, cmds[i].name) == 0)
            return (enum compose_cmd)i;
    return COMPOSE_NONE;
}

static int unknown_cmd(FILE *err, const char *word)
{
    const char *names[COMPOSE_NCMDS + 1];
    for (int i = 0; i < COMPOSE_NCMDS; i++)
        names[i] = cmds[i].name;
    names[COMPOSE_NCMDS] = "help";
    return unknown(err, "command", word, names, COMPOSE_NCMDS + 1,
                   "the commands are new, build, run, test, watch and doctor; "
                   "see sel4-compose --help");
}

/* The options before the subcommand: --help, --version, or "help [COMMAND]". */
static int parse_global(int argc, char *const *argv, struct compose_args *a, FILE *err, int *next)
{
    static const char *const opts[] = {"--help", "--version"};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            a->help = true;
        else if (strcmp(argv[i], "--version") == 0)
            a->version = true;
        else
            return unknown(err, "option", argv[i], opts, 2,
                           "before the command, only --help and --version are known; "
                           "a command's options go after it");
    }
    *next = i;
    if (i < argc && strcmp(argv[i], "help") == 0) {
        a->help = true;
        if (++i == argc)
            return *next = i, COMPOSE_OK;
        if ((a->cmd = find_cmd(argv[i])) == COMPOSE_NONE)
            return unknown_cmd(err, argv[i]);
        if (i + 1 < argc) {
            compose_error(err, "ask for one command's help: sel4-compose help build",
                          "unexpected argument '%s' after 'help %s'", argv[i + 1], argv[i]);
            return COMPOSE_USAGE;
        }
        *next = argc;
    }
    return COMPOSE_OK;
}

/* One option of subcommand c at argv[*i]; moves *i past the option's value. */
static int parse_opt(const struct cmd_info *c, int argc, char *const *argv, int *i,
                     struct compose_args *a, FILE *err)
{
    const char *o = argv[*i];
    char hint[128];
    if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
        a->help = true;
        return COMPOSE_OK;
    }
    if (c->opts & OPT_DIR) {
        if (strncmp(o, "--directory=", 12) == 0 && o[12]) {
            a->dir = o + 12;
            return COMPOSE_OK;
        }
        if (strcmp(o, "-C") == 0 || strcmp(o, "--directory") == 0) {
            if (++*i == argc) {
                snprintf(hint, sizeof(hint), "give the directory: sel4-compose %s %s my-project",
                         c->name, o);
                compose_error(err, hint, "%s needs a directory", o);
                return COMPOSE_USAGE;
            }
            a->dir = argv[*i];
            return COMPOSE_OK;
        }
    }
    static const char *const with_dir[] = {"--help", "--directory"}, *const plain[] = {"--help"};
    snprintf(hint, sizeof(hint), "see sel4-compose %s --help", c->name);
    if (c->opts & OPT_DIR)
        return unknown(err, "option", o, with_dir, 2, hint);
    return unknown(err, "option", o, plain, 1, hint);
}

/* The subcommand's options and arguments, argv[i] onwards. */
static int parse_cmd(int argc, char *const *argv, int i, struct compose_args *a, FILE *err)
{
    const struct cmd_info *c = &cmds[a->cmd];
    char hint[160];
    for (; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1]) {
            int st = parse_opt(c, argc, argv, &i, a, err);
            if (st != COMPOSE_OK)
                return st;
        } else if (a->cmd == COMPOSE_NEW && !a->name) {
            a->name = argv[i];
        } else {
            if (a->cmd == COMPOSE_NEW)
                snprintf(hint, sizeof(hint), "give one name: sel4-compose new %s", a->name);
            else
                snprintf(hint, sizeof(hint), "'%s' takes no arguments; see sel4-compose %s --help",
                         c->name, c->name);
            compose_error(err, hint, "unexpected argument '%s'", argv[i]);
            return COMPOSE_USAGE;
        }
    }
    if (a->cmd == COMPOSE_NEW && !a->name && !a->help) {
        compose_error(err, "name the project: sel4-compose new my-project",
                      "'new' needs the project's name");
        return COMPOSE_USAGE;
    }
    return COMPOSE_OK;
}

int compose_parse(int argc, char *const *argv, struct compose_args *a, FILE *err)
{
    int i;
    *a = (struct compose_args){.cmd = COMPOSE_NONE, .dir = "."};
    int st = parse_global(argc, argv, a, err, &i);
    if (st != COMPOSE_OK || i == argc) {
        if (st == COMPOSE_OK && !a->help && !a->version) {
            compose_error(err,
                          "give a command, for instance: sel4-compose build "
                          "(sel4-compose --help lists them)",
                          "no command given");
            return COMPOSE_USAGE;
        }
        return st;
    }
    if ((a->cmd = find_cmd(argv[i])) == COMPOSE_NONE)
        return unknown_cmd(err, argv[i]);
    return parse_cmd(argc, argv, i + 1, a, err);
}
