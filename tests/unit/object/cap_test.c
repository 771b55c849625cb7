// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of cap packing and of the cap-level rules: field round trips,
 * slot size, regions and identity, rights masking, Mint/Mutate data.
 */
#include "test.h"
#include "sim.h"

#include <arch/object/cap.h>

static void slot_is_32_bytes(void)
{
    CHECK_EQ(sizeof(cte_t), 32);
    CHECK_EQ(sizeof(cap_t), 16);
    CHECK(cap_is_null((cap_t){{0, 0}}));
}

static void fields_round_trip(void)
{
    cap_t u = cap_untyped_new(0xfffffffff000ul, 47, true, 0x7ffffffffffful);
    cap_t e = cap_endpoint_new(0x123450, ~0ul, KAAL_CAP_ALLOW_READ | KAAL_CAP_ALLOW_GRANT_REPLY);
    cap_t c = cap_cnode_new(0x8000, 42, 22, MASK(22));
    cap_t f = cap_frame_new(0x40000000, FRAME_1G, false);
    cap_t p = cap_io_port_new(0x3f8, 0x3ff);

    CHECK_EQ(cap_type(u), CAP_UNTYPED);
    CHECK_EQ(cap_ptr(u), 0xfffffffff000ul);
    CHECK_EQ(cap_untyped_block_size(u), 47);
    CHECK_EQ(cap_untyped_is_device(u), 1);
    CHECK_EQ(cap_untyped_free_index(u), 0x7ffffffffffful);
    CHECK_EQ(cap_endpoint_badge(e), ~0ul);
    CHECK_EQ(cap_endpoint_rights(e), KAAL_CAP_ALLOW_READ | KAAL_CAP_ALLOW_GRANT_REPLY);
    CHECK_EQ(cap_ptr(e), 0x123450);
    CHECK_EQ(cap_cnode_radix(c), 42);
    CHECK_EQ(cap_cnode_guard_size(c), 22);
    CHECK_EQ(cap_cnode_guard(c), MASK(22));
    CHECK_EQ(cap_size_bits(c), 47);
    CHECK_EQ(cap_frame_size(f), FRAME_1G);
    CHECK_EQ(cap_frame_vm_rights(f), VM_READ_WRITE);
    CHECK_EQ(cap_size_bits(f), 30);
    CHECK_EQ(cap_io_port_first_port(p), 0x3f8);
    CHECK_EQ(cap_io_port_last_port(p), 0x3ff);
    CHECK_EQ(cap_zombie_number(cap_zombie_new(0x1000, ZOMBIE_TYPE_TCB, 5)), 5);
    CHECK_EQ(cap_size_bits(cap_zombie_new(0x1000, ZOMBIE_TYPE_TCB, 5)), seL4_TCBBits);
    CHECK_EQ(cap_size_bits(cap_zombie_new(0x1000, 3, 8)), 8);
}

static void regions_and_identity(void)
{
    cap_t ut = cap_untyped_new(0x100000, 20, false, 0);
    cap_t ep = cap_endpoint_new(0x100010, 0, 15), ep2 = cap_endpoint_new(0x100010, 9, 1);
    cap_t big = cap_frame_new(0x200000, FRAME_2M, false), small = cap_frame_new(0x201000, 0, 0);
    cap_t ctl = cap_new(CAP_IRQ_CONTROL), h = cap_irq_handler_new(3);

    CHECK(cap_same_region_as(ut, ep));
    CHECK(!cap_same_region_as(ut, big));
    CHECK(!cap_same_object_as(ut, ut)); /* an untyped is never "the same object" */
    CHECK(cap_same_object_as(ep, ep2)); /* badges and rights do not matter */
    CHECK(cap_same_region_as(big, small));
    CHECK(!cap_same_object_as(big, small));
    CHECK(cap_same_region_as(ctl, h));
    CHECK(!cap_same_object_as(ctl, h));
    CHECK(!cap_same_region_as(cap_cnode_new(0x8000, 4, 0, 0), cap_cnode_new(0x8000, 5, 0, 0)));
    CHECK(cap_same_region_as(cap_new(CAP_IO_PORT_CONTROL), cap_io_port_new(1, 2)));
    CHECK(!cap_same_object_as(cap_new(CAP_IO_PORT_CONTROL), cap_io_port_new(1, 2)));
    CHECK(!cap_same_region_as(cap_io_port_new(1, 2), cap_io_port_new(1, 3)));
    CHECK(!cap_same_region_as(cap_zombie_new(0x8000, 4, 16), cap_zombie_new(0x8000, 4, 16)));
}

static void rights_masking(void)
{
    cap_t ep = cap_endpoint_new(0x1000, 0, KAAL_CAP_ALL_RIGHTS);
    cap_t n = cap_notification_new(0x1000, 0, KAAL_CAP_ALL_RIGHTS);
    cap_t f = cap_frame_new(0x1000, 0, false);

    CHECK_EQ(cap_endpoint_rights(cap_mask_rights(KAAL_CAP_ALLOW_WRITE, ep)), KAAL_CAP_ALLOW_WRITE);
    CHECK_EQ(cap_notification_rights(n), KAAL_CAP_ALLOW_WRITE | KAAL_CAP_ALLOW_READ);
    CHECK_EQ(cap_notification_rights(cap_mask_rights(KAAL_CAP_ALLOW_READ, n)), KAAL_CAP_ALLOW_READ);
    CHECK_EQ(cap_frame_vm_rights(cap_mask_rights(KAAL_CAP_ALL_RIGHTS, f)), VM_READ_WRITE);
    CHECK_EQ(cap_frame_vm_rights(cap_mask_rights(KAAL_CAP_ALLOW_READ, f)), VM_READ_ONLY);
    CHECK_EQ(cap_frame_vm_rights(cap_mask_rights(KAAL_CAP_ALLOW_WRITE, f)), VM_KERNEL_ONLY);
    CHECK_EQ(cap_frame_vm_rights(
                 cap_mask_rights(KAAL_CAP_ALL_RIGHTS, cap_mask_rights(KAAL_CAP_ALLOW_READ, f))),
             VM_READ_ONLY); /* rights only ever shrink */
}

static void update_data(void)
{
    cap_t ep = cap_endpoint_new(0x1000, 0, 15), cn = cap_cnode_new(0x8000, 8, 0, 0);

    CHECK_EQ(cap_endpoint_badge(cap_update_data(false, 77, ep)), 77);
    CHECK(cap_is_null(cap_update_data(true, 77, ep)));
    CHECK(cap_is_null(cap_update_data(false, 1, cap_update_data(false, 77, ep))));
    CHECK_EQ(cap_cnode_guard_size(cap_update_data(true, 56, cn)), 56);
    CHECK(cap_is_null(cap_update_data(true, 57, cn)));
    /* Guard bits beyond the guard size are dropped. */
    CHECK_EQ(cap_cnode_guard(cap_update_data(true, (0xfful << 6) | 4, cn)), 0xf);
    CHECK_EQ(cap_type(cap_update_data(true, 5, cap_frame_new(0x1000, 0, 0))), CAP_FRAME);
    CHECK(cap_is_revocable(cap_update_data(false, 77, ep), ep));
    CHECK(!cap_is_revocable(ep, ep));
    CHECK(cap_is_revocable(cap_io_port_new(1, 1), cap_new(CAP_IO_PORT_CONTROL)));
}

TEST_CASES({slot_is_32_bytes, "slot_is_32_bytes"}, {fields_round_trip, "fields_round_trip"},
           {regions_and_identity, "regions_and_identity"}, {rights_masking, "rights_masking"},
           {update_data, "update_data"}, );
TEST_MAIN("object/cap")
