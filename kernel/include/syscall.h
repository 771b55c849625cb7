/* SPDX-License-Identifier: BSD-2-Clause */
/* System call dispatch (api/syscall.c) and the arch accessors it reads registers with. */
#pragma once

#include <object/tcb.h>

/* Carries out system call n for thread t; t's registers hold the arguments and results. */
void syscall_handle(struct tcb *t, sword_t n);

/*
 * Carries out system call n for t on the fast path (api/fastpath.c) if it
 * qualifies, a Call or ReplyRecv of a short message to a waiting partner,
 * and resumes the partner.  Returns, having changed nothing, if
 * syscall_handle must do it.
 */
void fastpath(struct tcb *t, sword_t n);

/*
 * The UnknownSyscall fault of t's system call n on the fast path, to a
 * handler already waiting, which then runs; returns, having changed
 * nothing, if the ordinary fault delivery must do it.
 */
void fastpath_unknown_syscall(struct tcb *t, sword_t n);

#ifdef CONFIG_DEBUG
/* How many Calls, ReplyRecvs and faults took the fast path (printed when the kernel halts). */
extern word_t fastpath_calls, fastpath_replies, fastpath_faults;
#endif
