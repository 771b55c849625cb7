/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sel4-compose's command line (tools/sel4-compose/cli.c): what each good
 * command line parses to, the exit status and message of each bad one,
 * "did you mean" for close words and its absence for far ones, and the
 * help texts.
 */
#include "compose.h"
#include "test.h"
#include "testfs.h"

/* Parses the words of line (at most 15, separated by single spaces) as sel4-compose's argv. */
static int parse(const char *line, struct compose_args *a, struct tfs_capture *err)
{
    static char buf[512];
    char *argv[16] = {"sel4-compose"};
    int argc = 1;
    snprintf(buf, sizeof(buf), "%s", line);
    for (char *w = strtok(buf, " "); w && argc < 15; w = strtok(NULL, " "))
        argv[argc++] = w;
    tfs_capture_open(err);
    return compose_parse(argc, argv, a, err->f);
}

/* Parses line, which must be accepted without a message. */
static struct compose_args parse_ok(const char *line)
{
    struct compose_args a;
    struct tfs_capture err;
    CHECK_EQ(parse(line, &a, &err), COMPOSE_OK);
    CHECK_STR(tfs_capture_text(&err), "");
    tfs_capture_close(&err);
    return a;
}

/* Parses line, which must be refused with status 2, an error containing what and a hint. */
static void parse_bad(const char *line, const char *what, const char *hint)
{
    struct compose_args a;
    struct tfs_capture err;
    CHECK_EQ(parse(line, &a, &err), COMPOSE_USAGE);
    const char *text = tfs_capture_text(&err);
    CHECK(strncmp(text, "sel4-compose: error: ", 21) == 0);
    CHECK_CONTAINS(text, what);
    CHECK_CONTAINS(text, "\n  hint: ");
    CHECK_CONTAINS(text, hint);
    tfs_capture_close(&err);
}

static void each_subcommand(void)
{
    static const struct {
        const char *word;
        enum compose_cmd cmd;
    } all[] = {{"build", COMPOSE_BUILD},
               {"run", COMPOSE_RUN},
               {"test", COMPOSE_TEST},
               {"watch", COMPOSE_WATCH},
               {"doctor", COMPOSE_DOCTOR}};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        struct compose_args a = parse_ok(all[i].word);
        CHECK_EQ(a.cmd, all[i].cmd);
        CHECK(!a.help && !a.version && !a.name);
        CHECK_STR(a.dir, ".");
        CHECK_STR(compose_cmd_name(all[i].cmd), all[i].word);
    }
    struct compose_args a = parse_ok("new my-os");
    CHECK_EQ(a.cmd, COMPOSE_NEW);
    CHECK_STR(a.name, "my-os");
}

static void help_and_version(void)
{
    struct compose_args a = parse_ok("--help");
    CHECK(a.help && a.cmd == COMPOSE_NONE);
    a = parse_ok("-h");
    CHECK(a.help && a.cmd == COMPOSE_NONE);
    a = parse_ok("help");
    CHECK(a.help && a.cmd == COMPOSE_NONE);
    a = parse_ok("--version");
    CHECK(a.version && !a.help && a.cmd == COMPOSE_NONE);
    a = parse_ok("watch --help");
    CHECK(a.help && a.cmd == COMPOSE_WATCH);
    a = parse_ok("help doctor");
    CHECK(a.help && a.cmd == COMPOSE_DOCTOR);
    a = parse_ok("new -h"); /* the name is not needed to ask for help */
    CHECK(a.help && a.cmd == COMPOSE_NEW && !a.name);
}

static void directory_option(void)
{
    struct compose_args a = parse_ok("build -C some/where");
    CHECK_STR(a.dir, "some/where");
    a = parse_ok("run --directory x");
    CHECK_STR(a.dir, "x");
    a = parse_ok("watch --directory=y");
    CHECK_EQ(a.cmd, COMPOSE_WATCH);
    CHECK_STR(a.dir, "y");
    parse_bad("test -C", "-C needs a directory", "sel4-compose test -C my-project");
    parse_bad("doctor -C x", "unknown option '-C'", "see sel4-compose doctor --help");
    parse_bad("new -C x p", "unknown option '-C'", "see sel4-compose new --help");
}

static void usage_errors(void)
{
    parse_bad("", "no command given", "sel4-compose --help lists them");
    parse_bad("new", "'new' needs the project's name", "sel4-compose new my-project");
    parse_bad("new a b", "unexpected argument 'b'", "give one name: sel4-compose new a");
    parse_bad("build now", "unexpected argument 'now'", "'build' takes no arguments");
    parse_bad("help build run", "unexpected argument 'run'", "sel4-compose help build");
}

static void did_you_mean_close(void)
{
    parse_bad("biuld", "unknown command 'biuld'", "did you mean 'build'?");
    parse_bad("doctr", "unknown command 'doctr'", "did you mean 'doctor'?");
    parse_bad("wacth", "unknown command 'wacth'", "did you mean 'watch'?");
    parse_bad("help tset", "unknown command 'tset'", "did you mean 'test'?");
    parse_bad("--verison", "unknown option '--verison'", "did you mean '--version'?");
    parse_bad("run --hlep", "unknown option '--hlep'", "did you mean '--help'?");
    parse_bad("build --directroy d", "unknown option '--directroy'", "did you mean '--directory'?");
}

static void did_you_mean_not_close(void)
{
    struct compose_args a;
    struct tfs_capture err;
    CHECK_EQ(parse("frobnicate", &a, &err), COMPOSE_USAGE);
    CHECK(!strstr(tfs_capture_text(&err), "did you mean"));
    CHECK_CONTAINS(tfs_capture_text(&err),
                   "the commands are new, build, run, test, watch and doctor");
    tfs_capture_close(&err);
    CHECK_EQ(parse("doctor --quiet", &a, &err), COMPOSE_USAGE);
    CHECK(!strstr(tfs_capture_text(&err), "did you mean"));
    CHECK_CONTAINS(tfs_capture_text(&err), "see sel4-compose doctor --help");
    tfs_capture_close(&err);
}

static void closest_limits(void)
{
    static const char *const words[] = {"new", "build", "run", "test", "watch", "doctor"};
    CHECK_STR(compose_closest("bild", words, 6), "build");
    /* the limit is a third of the word's length, rounded up: 1 edit for 2 or 3 letters */
    CHECK_STR(compose_closest("rn", words, 6), "run");
    CHECK(compose_closest("rnu", words, 6) == NULL); /* a swap is 2 edits */
    CHECK(compose_closest("xyz", words, 6) == NULL);
    /* and 2 for 4 to 6 letters */
    CHECK_STR(compose_closest("bxxld", words, 6), "build");
    CHECK(compose_closest("bxxxd", words, 6) == NULL);
    CHECK(compose_closest("qqqqqqqqqqqq", words, 6) == NULL); /* far from all */
    CHECK(compose_closest("", words, 6) == NULL);
    CHECK_STR(compose_closest("doctor", words, 6), "doctor");
}

static void help_texts(void)
{
    struct tfs_capture out;
    tfs_capture_open(&out);
    compose_help(COMPOSE_NONE, out.f);
    const char *text = tfs_capture_text(&out);
    CHECK_CONTAINS(text, "usage: sel4-compose");
    CHECK_CONTAINS(text, "'kaal' is a short name");
    for (int i = 0; i < COMPOSE_NCMDS; i++)
        CHECK_CONTAINS(text, compose_cmd_name((enum compose_cmd)i));
    CHECK_CONTAINS(text, "exit status: 0 success, 1 the command failed, 2 the command line");
    tfs_capture_close(&out);

    tfs_capture_open(&out);
    compose_help(COMPOSE_WATCH, out.f);
    text = tfs_capture_text(&out);
    CHECK_CONTAINS(text, "usage: sel4-compose watch [-C DIR]\n");
    CHECK_CONTAINS(text, "Quit with Ctrl-C");
    CHECK_CONTAINS(text, "--directory DIR");
    tfs_capture_close(&out);

    tfs_capture_open(&out);
    compose_help(COMPOSE_NEW, out.f);
    text = tfs_capture_text(&out);
    CHECK_CONTAINS(text, "usage: sel4-compose new NAME\n");
    CHECK_CONTAINS(text, "using the SDK in <this program's directory>/../share/kaal");
    CHECK(!strstr(text, "--directory")); /* new takes no -C */
    tfs_capture_close(&out);
}

TEST_CASES({each_subcommand, "each_subcommand"}, {help_and_version, "help_and_version"},
           {directory_option, "directory_option"}, {usage_errors, "usage_errors"},
           {did_you_mean_close, "did_you_mean_close"},
           {did_you_mean_not_close, "did_you_mean_not_close"}, {closest_limits, "closest_limits"},
           {help_texts, "help_texts"});
TEST_MAIN("compose/cli")
