/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * KaaL's replacement for musl's arch/x86_64/syscall_arch.h, copied over it
 * by mk/libc.mk before musl is built for components.
 *
 * musl's own header issues the `syscall` instruction with Linux's register
 * convention.  A KaaL component runs on an seL4 kernel, which reads the
 * system call number from rdx (Linux's third argument) and would take the
 * instruction for some other seL4 call, or fault.  So here every musl
 * system call is a plain C call to __kaal_syscall (runtime/component/
 * syscall.c), which serves the few calls the C library needs from the
 * component runtime and answers -ENOSYS to the rest.  Linux's numbers and
 * return convention (a result, or -errno) are kept, so the rest of musl is
 * unchanged.
 *
 * No vDSO: VDSO_USEFUL stays undefined, so clock_gettime goes through here.
 */

#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

/* Serves Linux x86_64 system call n with arguments a1..a6; a result or -errno. */
long __kaal_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6);

static __inline long __syscall0(long n)
{
    return __kaal_syscall(n, 0, 0, 0, 0, 0, 0);
}

static __inline long __syscall1(long n, long a1)
{
    return __kaal_syscall(n, a1, 0, 0, 0, 0, 0);
}

static __inline long __syscall2(long n, long a1, long a2)
{
    return __kaal_syscall(n, a1, a2, 0, 0, 0, 0);
}

static __inline long __syscall3(long n, long a1, long a2, long a3)
{
    return __kaal_syscall(n, a1, a2, a3, 0, 0, 0);
}

static __inline long __syscall4(long n, long a1, long a2, long a3, long a4)
{
    return __kaal_syscall(n, a1, a2, a3, a4, 0, 0);
}

static __inline long __syscall5(long n, long a1, long a2, long a3, long a4, long a5)
{
    return __kaal_syscall(n, a1, a2, a3, a4, a5, 0);
}

static __inline long __syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
    return __kaal_syscall(n, a1, a2, a3, a4, a5, a6);
}

#define IPC_64 0
