/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The generic part of boot: checks what the arch layer collected, reports
 * it on the console, and stops with a named error if it cannot be used.
 */
#pragma once

#include <boot/boot.h>
#include <boot/elf.h>

/*
 * Checks memory and the root server module of in, fills mem and root, and
 * prints a summary.  Does not return if boot cannot go on: it calls
 * boot_fail with the problem and a hint.
 */
void boot_check(const struct boot_input *in, struct boot_mem *mem, struct elf_info *root);
