/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fault delivery.  seL4 sends a fault message to the faulting thread's
 * fault endpoint and blocks the thread until the handler replies.  Fault
 * endpoints come with TCB objects; until then no thread has one, so every
 * fault takes seL4's no-handler path: the thread is suspended and the
 * kernel prints its name, the fault and the address, and the rest of the
 * system goes on.
 */
#include <fault.h>
#include <lib/printf.h>

static void report(const struct user_thread *t, const struct fault *f)
{
    const char *name;

    kprintf("[KaaL] thread '%s' faulted: ", t->name);
    switch (f->type) {
    case FAULT_VM:
        kprintf("VMFault at address %#lx (%s), ip %#lx", f->addr, arch_vm_fault_kind(f->code),
                f->ip);
        break;
    case FAULT_USER_EXCEPTION:
        name = arch_user_exception_name(f->number);
        kprintf("UserException %lu %s, code %#lx, ip %#lx", f->number, name ? name : "(reserved)",
                f->code, f->ip);
        break;
    case FAULT_UNKNOWN_SYSCALL:
        kprintf("UnknownSyscall %ld at ip %#lx", (long)f->number, f->ip);
        break;
    case FAULT_CAP:
        kprintf("CapFault at cptr %#lx, ip %#lx", f->addr, f->ip);
        break;
    case FAULT_NULL:
        kprintf("NullFault, ip %#lx", f->ip);
        break;
    }
    kprintf("\n[KaaL] thread '%s' has no fault handler: suspended\n", t->name);
}

void fault_raise(struct user_thread *t, const struct fault *f)
{
    report(t, f);
    t->runnable = false;
}
