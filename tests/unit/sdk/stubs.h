/* SPDX-License-Identifier: BSD-2-Clause */
/* What stubs_real.c exports to stubs_test.c: see stubs_real.c. */
#pragma once

#include <sel4/errors.h>
#include <sel4/shared_types.h>

/* Returns seL4_CNode_Copy as compiled over the real system-call stubs. */
seL4_Error (*stubs_real_copy(void))(seL4_CPtr, seL4_Word, seL4_Uint8, seL4_CPtr, seL4_Word,
                                    seL4_Uint8, seL4_CapRights_t);
