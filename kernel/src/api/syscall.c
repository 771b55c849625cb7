/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * System call dispatch by seL4's numbers.  The debug calls exist only in
 * debug builds, as in seL4; in a release build they are unknown system
 * calls.  The IPC calls need capabilities and endpoints, which arrive with
 * the object model: until then the kernel says so and suspends the caller
 * rather than pretend.  A number seL4 does not have is an UnknownSyscall
 * fault, which is how the POSIX layer will receive Linux system calls.
 */
#include <fault.h>
#include <lib/printf.h>
#include <machine.h>
#include <sel4/syscall.h>
#include <syscall.h>

static void unknown_syscall(struct user_thread *t, sword_t n)
{
    struct fault f = {.type = FAULT_UNKNOWN_SYSCALL, .ip = arch_fault_ip(&t->ctx), .number = n};
    fault_raise(t, &f);
}

static bool debug_syscall(struct user_thread *t, sword_t n)
{
#ifdef CONFIG_DEBUG
    switch (n) {
    case seL4_SysDebugPutChar:
        kprintf("%c", (char)arch_syscall_arg(&t->ctx, 0));
        return true;
    case seL4_SysDebugHalt:
        kprintf("[KaaL] halted by thread '%s' (DebugHalt) after %llu timer interrupts\n", t->name,
                (unsigned long long)arch_timer_ticks());
        arch_halt(KAAL_EXIT_OK);
    }
#else
    (void)t;
    (void)n;
#endif
    return false;
}

void syscall_handle(struct user_thread *t, sword_t n)
{
    if (debug_syscall(t, n))
        return;
    switch (n) {
    case seL4_SysYield:
        return; /* no other thread exists to yield to */
    case seL4_SysSetTLSBase:
        arch_set_tls_base(&t->ctx, arch_syscall_arg(&t->ctx, 0));
        return;
    case seL4_SysCall:
    case seL4_SysReplyRecv:
    case seL4_SysSend:
    case seL4_SysNBSend:
    case seL4_SysRecv:
    case seL4_SysReply:
    case seL4_SysNBRecv:
        kprintf("[KaaL] thread '%s': system call %ld needs capabilities, which this kernel "
                "does not have yet; suspended\n",
                t->name, (long)n);
        t->runnable = false;
        return;
    default:
        unknown_syscall(t, n);
    }
}
