/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel command line: words separated by spaces, options of the form
 * key=value, and flags: a bare key, or key=1|on|yes (on) or any other value
 * (off).  Loaders may put the kernel's own path first; words that name no
 * key asked for are ignored.
 */
#pragma once

#include <types.h>

/*
 * Copies the value of the last key=value word on cmdline into val (NUL
 * terminated, cut to size) and returns true; returns false if key is
 * absent or cmdline is NULL.
 */
bool cmdline_get(const char *cmdline, const char *key, char *val, size_t size);

/* True if the last word that is key or key=value turns the flag key on (key alone, key=1,
 * key=on or key=yes); false if it is absent, cmdline is NULL, or the last such word says
 * otherwise (key=0). */
bool cmdline_flag(const char *cmdline, const char *key);
