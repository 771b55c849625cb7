/* SPDX-License-Identifier: BSD-2-Clause */
/* The shell's command line (apps/shell/cmd.c): splitting, the edit distance, suggestions. */
#include "../../../apps/shell/cmd.h"
#include "test.h"

#include <stdio.h>

static const char *const commands[] = {"help", "echo",  "ps",     "caps",
                                       "mem",  "lspci", "reboot", "poweroff"};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* Splits a copy of s; returns argc and the words joined by '|' in out. */
static int split(const char *s, char out[256])
{
    char line[256], *argv[CMD_MAX_ARGS];
    snprintf(line, sizeof(line), "%s", s);
    int argc = cmd_split(line, argv);
    out[0] = '\0';
    for (int i = 0; i < argc; i++) {
        strcat(out, argv[i]);
        if (i + 1 < argc)
            strcat(out, "|");
    }
    return argc;
}

static void splits_words(void)
{
    char out[256];
    CHECK_EQ(split("echo hello world", out), 3);
    CHECK_STR(out, "echo|hello|world");
    CHECK_EQ(split("  \t caps\t shell   ", out), 2);
    CHECK_STR(out, "caps|shell");
    CHECK_EQ(split("", out), 0);
    CHECK_EQ(split("    ", out), 0);
    CHECK_EQ(split("x", out), 1);
    CHECK_STR(out, "x");
}

static void splits_quotes(void)
{
    char out[256];
    CHECK_EQ(split("echo \"big world\" 'a  b' c", out), 4);
    CHECK_STR(out, "echo|big world|a  b|c");
    CHECK_EQ(split("echo x\"y z\"w", out), 2); /* quotes inside a word join its parts */
    CHECK_STR(out, "echo|xy zw");
    CHECK_EQ(split("echo \"it's\" ''", out), 3); /* the other quote is kept; '' is empty */
    CHECK_STR(out, "echo|it's|");
    CHECK_EQ(split("echo \"open", out), -1);
    CHECK_EQ(split("echo 'open", out), -1);
}

static void too_many_words(void)
{
    char line[256] = "", out[256];
    for (int i = 0; i < CMD_MAX_ARGS; i++)
        strcat(line, "w ");
    CHECK_EQ(split(line, out), CMD_MAX_ARGS);
    strcat(line, "one-more");
    CHECK_EQ(split(line, out), -1);
}

static void distance(void)
{
    CHECK_EQ(cmd_distance("help", "help"), 0);
    CHECK_EQ(cmd_distance("", "ps"), 2);
    CHECK_EQ(cmd_distance("ps", ""), 2);
    CHECK_EQ(cmd_distance("hlep", "help"), 1); /* a swap counts once */
    CHECK_EQ(cmd_distance("ehco", "echo"), 1);
    CHECK_EQ(cmd_distance("pss", "ps"), 1); /* an insertion */
    CHECK_EQ(cmd_distance("lpsci", "lspci"), 1);
    CHECK_EQ(cmd_distance("rebot", "reboot"), 1);
    CHECK_EQ(cmd_distance("mam", "mem"), 1); /* a substitution */
    CHECK_EQ(cmd_distance("kitten", "sitting"), 3);
    CHECK_EQ(cmd_distance("ca", "abc"), 3); /* optimal string alignment, not Damerau */
    char long_word[40];
    memset(long_word, 'a', sizeof(long_word) - 1);
    long_word[39] = '\0';
    CHECK_EQ(cmd_distance(long_word, "a"), 99);
}

static void suggests_close_commands(void)
{
    CHECK_STR(cmd_suggest("hlep", commands, NCOMMANDS), "help");
    CHECK_STR(cmd_suggest("ehco", commands, NCOMMANDS), "echo");
    CHECK_STR(cmd_suggest("pss", commands, NCOMMANDS), "ps");
    CHECK_STR(cmd_suggest("lsppci", commands, NCOMMANDS), "lspci");
    CHECK_STR(cmd_suggest("powerof", commands, NCOMMANDS), "poweroff");
    CHECK_STR(cmd_suggest("porweoff", commands, NCOMMANDS), "poweroff");
    CHECK_STR(cmd_suggest("rebot", commands, NCOMMANDS), "reboot");
    CHECK_STR(cmd_suggest("cap", commands, NCOMMANDS), "caps"); /* the one it starts */
    CHECK_STR(cmd_suggest("pow", commands, NCOMMANDS), "poweroff");
    CHECK_STR(cmd_suggest("ls", commands, NCOMMANDS), "lspci"); /* the prefix beats ps, 1 away */
    CHECK_STR(cmd_suggest("p", commands, NCOMMANDS), "ps");     /* two start with it: the nearest */
}

static void suggests_nothing_far(void)
{
    CHECK(cmd_suggest("", commands, NCOMMANDS) == NULL);
    CHECK(cmd_suggest("zz", commands, NCOMMANDS) == NULL);
    CHECK(cmd_suggest("xyzzy", commands, NCOMMANDS) == NULL);
    CHECK(cmd_suggest("halt", commands, NCOMMANDS) == NULL); /* help is 2 away: too far */
    CHECK(cmd_suggest("ps", NULL, 0) == NULL);
}

TEST_CASES({splits_words, "splits-words"}, {splits_quotes, "splits-quotes"},
           {too_many_words, "too-many-words"}, {distance, "distance"},
           {suggests_close_commands, "suggests-close-commands"},
           {suggests_nothing_far, "suggests-nothing-far"});
TEST_MAIN("shell/cmd")
