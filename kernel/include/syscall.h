/* SPDX-License-Identifier: BSD-2-Clause */
/* System call dispatch (api/syscall.c) and the arch accessors it reads registers with. */
#pragma once

#include <object/tcb.h>

/* Carries out system call n for thread t; t's registers hold the arguments and results. */
void syscall_handle(struct tcb *t, sword_t n);
