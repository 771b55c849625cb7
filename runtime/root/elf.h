/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The check of a component's ELF image before the root server loads it.
 * The image comes from the system image, which a user built, so nothing in
 * it is trusted.  The checking is the shared checker's (<kaal/elfcheck.h>,
 * the same code the kernel and kaal-sysgen run) with every strict option
 * on; root_elf_check gives it the loader's range and words a refusal as a
 * short phrase for the boot log.  It is a pure function (no system calls,
 * no C library), so the host unit tests and a fuzz target run it as the
 * root server does.
 */
#pragma once

#include <kaal/elfcheck.h>
#include <stdint.h>

/*
 * Checks that elf[0, size) is a static x86_64 ELF64 little-endian executable (ET_EXEC) whose
 * PT_LOAD segments the loader can place in [lo, hi): returns 0 and fills *out, or -1 with *why
 * (never NULL, a short lowercase phrase such as "segment 2 reaches beyond the file").
 *
 * "segment N" in a phrase is out->seg[N], the Nth PT_LOAD counted from 0.  Such a phrase lives
 * in a buffer the next call may overwrite; the root server is single-threaded.  elf needs no
 * alignment.
 */
int root_elf_check(const void *elf, uint64_t size, uint64_t lo, uint64_t hi, struct elfcheck *out,
                   const char **why);
