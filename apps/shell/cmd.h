/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The shell's command line: splitting a line into words and, for a word
 * that names no command, the command it most likely meant.  Pure C, no
 * kernel or C library, host-tested in tests/unit/shell/cmd_test.c.
 */
#pragma once

#define CMD_MAX_ARGS 16

/*
 * Splits line in place into words separated by spaces or tabs; a word may be quoted with '...' or
 * "..." to keep its spaces (the quotes are dropped).  argv gets up to CMD_MAX_ARGS words.
 * Returns the number of words, or -1 if there are more than CMD_MAX_ARGS or a quote is not
 * closed (argv then holds nothing useful).
 */
int cmd_split(char *line, char *argv[CMD_MAX_ARGS]);

/*
 * The optimal string alignment distance between a and b: the fewest single-character
 * insertions, deletions, substitutions and swaps of two neighbours that turn a into b (no
 * substring edited twice).  Words past 31 characters count as far from everything (99).
 */
unsigned int cmd_distance(const char *a, const char *b);

/*
 * The name in names[0 .. n) that word most likely meant, or 0 if none is close: the only name
 * word is a prefix of, else the nearest by cmd_distance if that is at most 1 for words of up to
 * 4 characters and 2 for longer ones (ties go to the first).
 */
const char *cmd_suggest(const char *word, const char *const *names, unsigned int n);
