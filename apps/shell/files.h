/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The shell's file commands (files.c), on the file service, and the
 * redirection of a command's output to a file.
 */
#pragma once

#include "commands.h"

extern const struct command files_commands[];
extern const unsigned int files_ncommands;

/* Sends what commands print to path from now on, made or emptied (or appended to); 0, or -1
 * having said why not. */
int files_redirect_start(const char *path, int append);

/* Back to the terminal; closes the file and says if a write failed. */
void files_redirect_end(const char *path);

/* Puts out everything printed so far, waiting for the serial driver as needed (shell.c): for
 * output larger than the ring. */
void shell_flush(void);
