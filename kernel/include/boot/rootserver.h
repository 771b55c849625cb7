/* SPDX-License-Identifier: BSD-2-Clause */
/* Creating and starting the root server, the first user thread (boot/rootserver.c). */
#pragma once

#include <boot/boot.h>
#include <boot/elf.h>

/*
 * Builds the root server's address space from the checked ELF image of
 * module m, with its IPC buffer and boot-info frames after the image,
 * takes the memory for all of it from mem, and starts it.  Does not return.
 */
NORETURN void rootserver_start(const struct boot_module *m, const struct elf_info *elf,
                               struct boot_mem *mem);
