/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel command line: words separated by spaces, options of the form
 * key=value.  Loaders may put the kernel's own path first; words without
 * '=' are ignored.
 */
#pragma once

#include <types.h>

/*
 * Copies the value of the last key=value word on cmdline into val (NUL
 * terminated, cut to size) and returns true; returns false if key is
 * absent or cmdline is NULL.
 */
bool cmdline_get(const char *cmdline, const char *key, char *val, size_t size);
