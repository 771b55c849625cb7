// SPDX-License-Identifier: BSD-2-Clause
/*
 * Operations on cap values that do not touch the objects: constructors,
 * the region and identity tests the derivation tree is built on, and the
 * rewriting of rights, badges and guards that Copy, Mint and Mutate do.
 * Each function handles the generic cap types and hands arch types to the
 * arch_cap_ hook of the same name.
 */
#include <object/cap.h>
#include <object/objecttype.h>
#include <sel4/constants.h>

cap_t cap_untyped_new(paddr_t pa, word_t block_size, bool device, word_t free_index)
{
    cap_t c = cap_with_ptr(cap_new(CAP_UNTYPED), pa);

    c = cap_untyped_set_block_size(c, block_size);
    c = cap_untyped_set_is_device(c, device);
    return cap_untyped_set_free_index(c, free_index);
}

cap_t cap_endpoint_new(paddr_t pa, word_t badge, word_t rights)
{
    cap_t c = cap_with_ptr(cap_new(CAP_ENDPOINT), pa);

    c = cap_endpoint_set_rights(c, rights);
    return cap_endpoint_set_badge(c, badge);
}

cap_t cap_notification_new(paddr_t pa, word_t badge, word_t rights)
{
    cap_t c = cap_with_ptr(cap_new(CAP_NOTIFICATION), pa);

    c = cap_notification_set_rights(c, rights & (KAAL_CAP_ALLOW_WRITE | KAAL_CAP_ALLOW_READ));
    return cap_notification_set_badge(c, badge);
}

cap_t cap_reply_new(paddr_t tcb, bool master, word_t rights)
{
    cap_t c = cap_with_ptr(cap_new(CAP_REPLY), tcb);

    c = cap_reply_set_master(c, master);
    return cap_reply_set_rights(c, rights & KAAL_CAP_ALLOW_GRANT);
}

cap_t cap_cnode_new(paddr_t pa, word_t radix, word_t guard_size, word_t guard)
{
    cap_t c = cap_with_ptr(cap_new(CAP_CNODE), pa);

    c = cap_cnode_set_radix(c, radix);
    c = cap_cnode_set_guard_size(c, guard_size);
    return cap_cnode_set_guard(c, guard);
}

cap_t cap_thread_new(paddr_t tcb)
{
    return cap_with_ptr(cap_new(CAP_THREAD), tcb);
}

cap_t cap_irq_handler_new(word_t irq)
{
    return cap_irq_handler_set_irq(cap_new(CAP_IRQ_HANDLER), irq);
}

cap_t cap_zombie_new(paddr_t first_slot, word_t ztype, word_t number)
{
    cap_t c = cap_with_ptr(cap_new(CAP_ZOMBIE), first_slot);

    c = cap_zombie_set_ztype(c, ztype);
    return cap_zombie_set_number(c, number);
}

bool cap_is_physical(cap_t c)
{
    switch (cap_type(c)) {
    case CAP_UNTYPED:
    case CAP_ENDPOINT:
    case CAP_NOTIFICATION:
    case CAP_CNODE:
    case CAP_THREAD:
    case CAP_ZOMBIE:
        return true;
    default:
        return cap_type(c) >= CAP_ARCH_FIRST && arch_cap_is_physical(c);
    }
}

word_t cap_size_bits(cap_t c)
{
    switch (cap_type(c)) {
    case CAP_UNTYPED:
        return cap_untyped_block_size(c);
    case CAP_ENDPOINT:
        return seL4_EndpointBits;
    case CAP_NOTIFICATION:
        return seL4_NotificationBits;
    case CAP_CNODE:
        return cap_cnode_radix(c) + seL4_SlotBits;
    case CAP_THREAD:
        return seL4_TCBBits;
    case CAP_ZOMBIE:
        if (cap_zombie_ztype(c) == ZOMBIE_TYPE_TCB)
            return seL4_TCBBits;
        return cap_zombie_ztype(c) + seL4_SlotBits;
    default:
        kassert(cap_type(c) >= CAP_ARCH_FIRST);
        return arch_cap_size_bits(c);
    }
}

/* An untyped covers every physical cap whose memory lies inside its block. */
static bool untyped_covers(cap_t ut, cap_t b)
{
    paddr_t a_base, a_top, b_base, b_top;

    if (!cap_is_physical(b))
        return false;
    a_base = cap_ptr(ut);
    a_top = a_base + MASK(cap_untyped_block_size(ut));
    b_base = cap_ptr(b);
    b_top = b_base + MASK(cap_size_bits(b));
    return a_base <= b_base && b_top <= a_top && b_base <= b_top;
}

bool cap_same_region_as(cap_t a, cap_t b)
{
    switch (cap_type(a)) {
    case CAP_UNTYPED:
        return untyped_covers(a, b);
    case CAP_ENDPOINT:
    case CAP_NOTIFICATION:
    case CAP_THREAD:
    case CAP_REPLY:
        return cap_type(b) == cap_type(a) && cap_ptr(b) == cap_ptr(a);
    case CAP_CNODE:
        return cap_type(b) == CAP_CNODE && cap_ptr(b) == cap_ptr(a) &&
               cap_cnode_radix(a) == cap_cnode_radix(b);
    case CAP_DOMAIN:
        return cap_type(b) == CAP_DOMAIN;
    case CAP_IRQ_CONTROL:
        return cap_type(b) == CAP_IRQ_CONTROL || cap_type(b) == CAP_IRQ_HANDLER;
    case CAP_IRQ_HANDLER:
        return cap_type(b) == CAP_IRQ_HANDLER && cap_irq_handler_irq(a) == cap_irq_handler_irq(b);
    case CAP_NULL:
    case CAP_ZOMBIE:
        return false;
    default:
        return cap_type(b) >= CAP_ARCH_FIRST && arch_cap_same_region_as(a, b);
    }
}

bool cap_same_object_as(cap_t a, cap_t b)
{
    /* Two untypeds over the same block are never one object: a copy is a new parent. */
    if (cap_type(a) == CAP_UNTYPED)
        return false;
    if (cap_type(a) == CAP_IRQ_CONTROL && cap_type(b) == CAP_IRQ_HANDLER)
        return false;
    if (cap_type(a) >= CAP_ARCH_FIRST && cap_type(b) >= CAP_ARCH_FIRST)
        return arch_cap_same_object_as(a, b);
    return cap_same_region_as(a, b);
}

cap_t cap_mask_rights(word_t rights, cap_t c)
{
    switch (cap_type(c)) {
    case CAP_ENDPOINT:
        return cap_endpoint_set_rights(c, cap_endpoint_rights(c) & rights & KAAL_CAP_ALL_RIGHTS);
    case CAP_NOTIFICATION:
        return cap_notification_set_rights(c, cap_notification_rights(c) & rights &
                                                  (KAAL_CAP_ALLOW_WRITE | KAAL_CAP_ALLOW_READ));
    case CAP_REPLY:
        return cap_reply_set_rights(c, cap_reply_rights(c) & rights & KAAL_CAP_ALLOW_GRANT);
    default:
        if (cap_type(c) >= CAP_ARCH_FIRST)
            return arch_cap_mask_rights(rights, c);
        return c;
    }
}

/* A CNode's guard from Mint/Mutate data; null if guard and radix would pass a word. */
static cap_t cnode_update_guard(word_t data, cap_t c)
{
    word_t guard_size = (data >> CNODE_CAPDATA_GUARD_SIZE_SHIFT) & MASK(seL4_GuardSizeBits);
    word_t guard = data >> CNODE_CAPDATA_GUARD_SHIFT;

    if (guard_size + cap_cnode_radix(c) > seL4_WordBits)
        return cap_null();
    /* A guard cannot be wider than the 58 bits the cap stores, so clip by both. */
    guard &= MASK(MIN(guard_size, (word_t)seL4_GuardBits));
    c = cap_cnode_set_guard_size(c, guard_size);
    return cap_cnode_set_guard(c, guard);
}

cap_t cap_update_data(bool preserve, word_t data, cap_t c)
{
    switch (cap_type(c)) {
    case CAP_ENDPOINT:
        /* A badge is set once: re-badging a badged cap would forge its origin. */
        if (preserve || cap_endpoint_badge(c) != 0)
            return cap_null();
        return cap_endpoint_set_badge(c, data);
    case CAP_NOTIFICATION:
        if (preserve || cap_notification_badge(c) != 0)
            return cap_null();
        return cap_notification_set_badge(c, data);
    case CAP_CNODE:
        return cnode_update_guard(data, c);
    default:
        if (cap_type(c) >= CAP_ARCH_FIRST)
            return arch_cap_update_data(preserve, data, c);
        return c;
    }
}

bool cap_is_revocable(cap_t derived, cap_t src)
{
    switch (cap_type(derived)) {
    case CAP_ENDPOINT:
        return cap_endpoint_badge(derived) != cap_endpoint_badge(src);
    case CAP_NOTIFICATION:
        return cap_notification_badge(derived) != cap_notification_badge(src);
    case CAP_IRQ_HANDLER:
        return cap_type(src) == CAP_IRQ_CONTROL;
    case CAP_UNTYPED:
        return true;
    default:
        if (cap_type(derived) >= CAP_ARCH_FIRST)
            return arch_cap_is_revocable(derived, src);
        return false;
    }
}
