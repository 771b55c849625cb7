/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The generated stubs compiled as user code gets them, over the real
 * x86_64 system-call stubs (<sel4/arch/syscalls.h>): this file only has to
 * build.  Nothing here runs; a syscall instruction on the host would reach
 * Linux, not KaaL.
 */
#include <interfaces/sel4_client.h>

#include "stubs.h"

/* Hands out a stub so that the compiler cannot drop it unchecked. */
seL4_Error (*stubs_real_copy(void))(seL4_CNode, seL4_Word, seL4_Uint8, seL4_CNode, seL4_Word,
                                    seL4_Uint8, seL4_CapRights_t)
{
    return seL4_CNode_Copy;
}
