// SPDX-License-Identifier: BSD-2-Clause
/*
 * DomainSet_Set.  KaaL has one scheduling domain (seL4's default
 * KernelNumDomains of 1), so the only domain a thread can be put in is 0,
 * where every thread already is: the invocation checks its arguments as
 * seL4 does and then has nothing to change.
 */
#include <object/invocation.h>

#define NUM_DOMAINS 1

status_t domain_decode_invocation(const struct invocation *inv, struct syscall_error *err)
{
    if (inv->label != DomainSetSet)
        return syscall_error_set(err, seL4_IllegalOperation);
    if (!inv_has(inv, DomainSetSet, domain))
        return syscall_error_set(err, seL4_TruncatedMessage);
    if (inv_arg(inv, DomainSetSet, domain) >= NUM_DOMAINS)
        return syscall_error_arg(err, 0);
    if (!inv_cap(inv, DomainSetSet, thread))
        return syscall_error_set(err, seL4_TruncatedMessage);
    if (cap_type(inv_cap(inv, DomainSetSet, thread)->cap) != CAP_THREAD)
        return syscall_error_arg(err, 1);
    return seL4_NoError;
}
