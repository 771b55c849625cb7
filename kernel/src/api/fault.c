// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fault delivery (seL4 handleFault).  The fault goes as a fault message to
 * the endpoint the thread's fault_handler cptr names in its own CSpace,
 * which must be an endpoint cap with Send and Grant or GrantReply; the
 * thread then waits for the handler's reply as if it had called it.  A
 * thread with no such endpoint is suspended, and the kernel prints its
 * name, the fault and the address; the rest of the system goes on.
 */
#include <fault.h>
#include <lib/printf.h>
#include <object/cspace.h>
#include <object/endpoint.h>
#include <thread.h>

static void report(const struct tcb *t, const struct fault *f, const char *why)
{
    const char *name;

    kprintf("[KaaL] thread '%s' faulted: ", t->name[0] ? t->name : "(unnamed)");
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
        kprintf("CapFault at cptr %#lx (%s phase), ip %#lx", f->addr,
                f->in_receive_phase ? "receive" : "send", f->ip);
        break;
    case FAULT_DEBUG:
        kprintf("DebugException, reason %lu (breakpoint %lu at %#lx), ip %#lx", f->code, f->number,
                f->addr, f->ip);
        break;
    default:
        kprintf("NullFault, ip %#lx", f->ip);
        break;
    }
    kprintf("\n[KaaL] thread '%s' %s: suspended\n", t->name[0] ? t->name : "(unnamed)", why);
}

void fault_raise(struct tcb *t, const struct fault *f)
{
    struct resolve_ret lu = cspace_resolve(t->cnode[TCB_CTABLE].cap, t->fault_handler, 64);
    cap_t ep = lu.status == seL4_NoError ? lu.slot->cap : cap_null();
    word_t rights = cap_type(ep) == CAP_ENDPOINT ? cap_endpoint_rights(ep) : 0;

    if ((rights & KAAL_CAP_ALLOW_WRITE) &&
        (rights & (KAAL_CAP_ALLOW_GRANT | KAAL_CAP_ALLOW_GRANT_REPLY))) {
        t->fault = *f;
        ep_send(ep_at(cap_ptr(ep)), t, cap_endpoint_badge(ep), rights & KAAL_CAP_ALLOW_GRANT,
                rights & KAAL_CAP_ALLOW_GRANT_REPLY, true, true);
        return;
    }
    report(t, f,
           cap_type(ep) == CAP_NULL ? "has no fault handler" : "has no usable fault endpoint");
    thread_set_state(t, THREAD_INACTIVE);
}
