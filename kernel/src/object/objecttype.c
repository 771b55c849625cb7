// SPDX-License-Identifier: BSD-2-Clause
/*
 * Per-type behaviour of caps and objects: which caps may be copied, what
 * finalising an object releases, how big each object is and how a new one
 * starts, and the dispatch of an invocation to the invoked object's
 * decoder.  Arch types go to the arch_ hooks of <object/objecttype.h>.
 *
 * Endpoint, notification and reply caps never come here: sending on them
 * is message passing, which api/syscall.c hands to endpoint.c,
 * notification.c and ipc.c.
 */
#include <lib/string.h>
#include <object/cnode.h>
#include <object/endpoint.h>
#include <object/invocation.h>
#include <object/irq.h>
#include <object/notification.h>
#include <object/objecttype.h>
#include <object/tcb.h>
#include <object/untyped.h>
#include <sel4/objecttype.h>

struct derive_ret cap_derive(cte_t *slot, cap_t c)
{
    struct derive_ret ret = {seL4_NoError, c};

    if (cap_type(c) >= CAP_ARCH_FIRST)
        return arch_cap_derive(slot, c);
    switch (cap_type(c)) {
    case CAP_ZOMBIE:
    case CAP_IRQ_CONTROL:
    case CAP_REPLY:
        /* One IRQControl, reply caps only from the kernel, Zombies never: no error, no cap. */
        ret.cap = cap_null();
        break;
    case CAP_UNTYPED:
        /* A copy of an untyped with children could retype over them. */
        if (cdt_has_children(slot)) {
            ret.status = seL4_RevokeFirst;
            ret.cap = cap_null();
        }
        break;
    default:
        break;
    }
    return ret;
}

static struct finalise_ret finalise_none(void)
{
    return (struct finalise_ret){cap_null(), cap_null()};
}

/* CNodes and TCBs hold slots: their last cap becomes a Zombie that empties them. */
static struct finalise_ret finalise_container(cap_t c, bool final)
{
    if (!final)
        return finalise_none();
    if (cap_type(c) == CAP_CNODE)
        return (struct finalise_ret){
            cap_zombie_new(cap_ptr(c), cap_cnode_radix(c), BIT(cap_cnode_radix(c))), cap_null()};
    tcb_prepare_delete(tcb_at(cap_ptr(c)));
    arch_tcb_prepare_delete(tcb_at(cap_ptr(c)));
    return (struct finalise_ret){cap_zombie_new(cap_ptr(c), ZOMBIE_TYPE_TCB, TCB_CNODE_ENTRIES),
                                 cap_null()};
}

struct finalise_ret cap_finalise(cap_t c, bool final, bool exposed)
{
    if (cap_type(c) >= CAP_ARCH_FIRST)
        return arch_cap_finalise(c, final);
    switch (cap_type(c)) {
    case CAP_ENDPOINT:
        if (final)
            ep_cancel_all(ep_at(cap_ptr(c)));
        return finalise_none();
    case CAP_NOTIFICATION:
        if (final) {
            ntfn_unbind(ntfn_at(cap_ptr(c)));
            ntfn_cancel_all(ntfn_at(cap_ptr(c)));
        }
        return finalise_none();
    case CAP_REPLY:
    case CAP_NULL:
    case CAP_DOMAIN:
        return finalise_none();
    }
    /* The remaining types may need a Zombie, which an exposed caller cannot take. */
    kassert(!exposed);
    switch (cap_type(c)) {
    case CAP_CNODE:
    case CAP_THREAD:
        return finalise_container(c, final);
    case CAP_ZOMBIE:
        return (struct finalise_ret){c, cap_null()};
    case CAP_IRQ_HANDLER:
        if (!final)
            return finalise_none();
        irq_deleting_handler(cap_irq_handler_irq(c));
        return (struct finalise_ret){cap_null(), c};
    default:
        return finalise_none();
    }
}

void cap_post_deletion(cap_t cleanup)
{
    if (cap_type(cleanup) == CAP_IRQ_HANDLER)
        irq_deleted_handler(cap_irq_handler_irq(cleanup));
    else if (cap_type(cleanup) >= CAP_ARCH_FIRST)
        arch_cap_post_deletion(cleanup);
}

word_t object_size_bits(word_t type, word_t user_size)
{
    switch (type) {
    case seL4_UntypedObject:
        return user_size;
    case seL4_TCBObject:
        return seL4_TCBBits;
    case seL4_EndpointObject:
        return seL4_EndpointBits;
    case seL4_NotificationObject:
        return seL4_NotificationBits;
    case seL4_CapTableObject:
        return seL4_SlotBits + user_size;
    default:
        return arch_object_size_bits(type);
    }
}

cap_t object_create(word_t type, paddr_t pa, word_t user_size, bool device)
{
    /* Device memory may hold registers: only untyped and frames are made of it, unzeroed. */
    if (type != seL4_UntypedObject && !device)
        memset(arch_paddr_to_ptr(pa), 0, BIT(object_size_bits(type, user_size)));
    switch (type) {
    case seL4_UntypedObject:
        return cap_untyped_new(pa, user_size, device, 0);
    case seL4_TCBObject:
        tcb_init(pa);
        return cap_thread_new(pa);
    case seL4_EndpointObject:
        return cap_endpoint_new(pa, 0, KAAL_CAP_ALL_RIGHTS);
    case seL4_NotificationObject:
        return cap_notification_new(pa, 0, KAAL_CAP_ALL_RIGHTS);
    case seL4_CapTableObject:
        return cap_cnode_new(pa, user_size, 0, 0);
    default:
        return arch_object_create(type, pa, device);
    }
}

status_t decode_invocation(cte_t *slot, const struct invocation *inv, struct syscall_error *err)
{
    switch (cap_type(slot->cap)) {
    case CAP_NULL:
    case CAP_ZOMBIE:
        err->invalid_cap_number = 0;
        return syscall_error_set(err, seL4_InvalidCapability);
    case CAP_UNTYPED:
        return untyped_decode_invocation(slot, inv, err);
    case CAP_IRQ_CONTROL:
        return irq_control_decode(slot, inv, err);
    case CAP_IRQ_HANDLER:
        return irq_handler_decode(slot, inv, err);
    case CAP_CNODE:
        return cnode_decode_invocation(slot, inv, err);
    case CAP_THREAD:
        return tcb_decode_invocation(slot, inv, err);
    case CAP_DOMAIN:
        return domain_decode_invocation(inv, err);
    default:
        if (cap_type(slot->cap) >= CAP_ARCH_FIRST)
            return arch_decode_invocation(slot, inv, err);
        /* Endpoint, notification and reply caps: api/syscall.c passes messages on them. */
        return syscall_error_set(err, seL4_IllegalOperation);
    }
}
