/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The SDK's word structures (<sel4/shared_types.h>): message info, rights
 * and CNode cap data pack their fields where SEL4_ABI.md puts them and read
 * back what was packed; the IPC buffer has the ABI's layout.
 */
#include "test.h"

#include <stddef.h>
#include <sel4/shared_types.h>

static void message_info_round_trips(void)
{
    static const seL4_Uint64 labels[] = {0, 1, 49, 0xfffffffffffffull};
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        for (seL4_Uint64 len = 0; len <= 120; len += 17) {
            seL4_MessageInfo_t mi = seL4_MessageInfo_new(labels[i], 5, 3, len);
            CHECK_EQ(seL4_MessageInfo_get_label(mi), labels[i]);
            CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(mi), 5);
            CHECK_EQ(seL4_MessageInfo_get_extraCaps(mi), 3);
            CHECK_EQ(seL4_MessageInfo_get_length(mi), len);
        }
    }
}

/* length 0-6, extraCaps 7-8, capsUnwrapped 9-11, label 12-63. */
static void message_info_bits_follow_the_abi(void)
{
    CHECK_EQ(seL4_MessageInfo_new(0, 0, 0, 1).words[0], 1);
    CHECK_EQ(seL4_MessageInfo_new(0, 0, 1, 0).words[0], 1 << 7);
    CHECK_EQ(seL4_MessageInfo_new(0, 1, 0, 0).words[0], 1 << 9);
    CHECK_EQ(seL4_MessageInfo_new(1, 0, 0, 0).words[0], 1 << 12);
    CHECK_EQ(seL4_MessageInfo_new(19, 0, 1, 5).words[0], (19 << 12) | (1 << 7) | 5);
}

static void message_info_fields_stay_apart(void)
{
    seL4_MessageInfo_t mi = seL4_MessageInfo_new(0, 0, 0, 0x80 | 0x7f);

    CHECK_EQ(mi.words[0], 0x7f); /* a too-long length does not spill into extraCaps */
    mi = seL4_MessageInfo_new(0, 8, 4, 0);
    CHECK_EQ(mi.words[0], 0);
    mi = seL4_MessageInfo_set_label(seL4_MessageInfo_new(3, 7, 3, 127), 42);
    CHECK_EQ(seL4_MessageInfo_get_label(mi), 42);
    CHECK_EQ(seL4_MessageInfo_get_length(mi), 127);
    mi = seL4_MessageInfo_set_length(mi, 2);
    mi = seL4_MessageInfo_set_extraCaps(mi, 1);
    mi = seL4_MessageInfo_set_capsUnwrapped(mi, 2);
    CHECK_EQ(mi.words[0], (42ull << 12) | (2 << 9) | (1 << 7) | 2);
}

static void rights_follow_the_abi(void)
{
    CHECK_EQ(seL4_CanWrite.words[0], 1);
    CHECK_EQ(seL4_CanRead.words[0], 2);
    CHECK_EQ(seL4_CanGrant.words[0], 4);
    CHECK_EQ(seL4_CanGrantReply.words[0], 8);
    CHECK_EQ(seL4_AllRights.words[0], 0xf);
    CHECK_EQ(seL4_ReadWrite.words[0], 3);
    CHECK_EQ(seL4_NoWrite.words[0], 0xe);
    CHECK_EQ(seL4_NoRead.words[0], 0xd);
    CHECK_EQ(seL4_NoRights.words[0], 0);
    CHECK_EQ(seL4_CapRights_get_capAllowGrant(seL4_CanGrant), 1);
    CHECK_EQ(seL4_CapRights_get_capAllowRead(seL4_CanGrant), 0);
    CHECK_EQ(seL4_CapRights_get_capAllowGrantReply(seL4_AllRights), 1);
    CHECK_EQ(seL4_CapRights_get_capAllowWrite(seL4_ReadWrite), 1);
}

static void cnode_cap_data_packs_guard(void)
{
    seL4_CNode_CapData_t d = seL4_CNode_CapData_new(0x5, 52);

    CHECK_EQ(d.words[0], (0x5 << 6) | 52);
    CHECK_EQ(seL4_CNode_CapData_get_guard(d), 5);
    CHECK_EQ(seL4_CNode_CapData_get_guardSize(d), 52);
}

static void ipc_buffer_layout(void)
{
    CHECK_EQ(sizeof(seL4_IPCBuffer), 1024);
    CHECK_EQ(_Alignof(seL4_IPCBuffer), 1024);
    CHECK_EQ(offsetof(seL4_IPCBuffer, tag), 0);
    CHECK_EQ(offsetof(seL4_IPCBuffer, msg), 8);
    CHECK_EQ(offsetof(seL4_IPCBuffer, userData), 8 + 120 * 8);
    CHECK_EQ(offsetof(seL4_IPCBuffer, caps_or_badges), 976);
    CHECK_EQ(offsetof(seL4_IPCBuffer, receiveCNode), 1000);
    CHECK_EQ(offsetof(seL4_IPCBuffer, receiveIndex), 1008);
    CHECK_EQ(offsetof(seL4_IPCBuffer, receiveDepth), 1016);
}

TEST_CASES({message_info_round_trips, "message_info_round_trips"},
           {message_info_bits_follow_the_abi, "message_info_bits_follow_the_abi"},
           {message_info_fields_stay_apart, "message_info_fields_stay_apart"},
           {rights_follow_the_abi, "rights_follow_the_abi"},
           {cnode_cap_data_packs_guard, "cnode_cap_data_packs_guard"},
           {ipc_buffer_layout, "ipc_buffer_layout"}, );
TEST_MAIN("sdk/messageinfo")
