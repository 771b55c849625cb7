/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The generated invocation stubs (<interfaces/sel4_client.h>) send what
 * libsel4's stubs send.  KAAL_CLIENT_CALL points them at fake_call, which
 * records the destination, message info and message registers 0-3 and
 * answers with a canned reply; the IPC buffer is a static one here.  The
 * expected words follow libsel4's packing: word arguments in order, each
 * aligned to its size, the first four words in registers, caps in the
 * caps array.
 */
#include "test.h"

#include <sel4/functions.h>
#include <sel4/shared_types.h>

static struct {
    int calls;
    seL4_CPtr dest;
    seL4_MessageInfo_t info;
    seL4_Word mr[4];
    seL4_MessageInfo_t reply;
    seL4_Word reply_mr[4];
} rec;

static seL4_MessageInfo_t fake_call(seL4_CPtr dest, seL4_MessageInfo_t info, seL4_Word *mr0,
                                    seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_Word *mr[4] = {mr0, mr1, mr2, mr3};

    rec.calls++;
    rec.dest = dest;
    rec.info = info;
    for (int i = 0; i < 4; i++) {
        rec.mr[i] = *mr[i];
        *mr[i] = rec.reply_mr[i];
    }
    return rec.reply;
}

#define KAAL_CLIENT_CALL fake_call
#include <interfaces/sel4_client.h>

#include "stubs.h"

KAAL_DEFINE_IPC_BUFFER();
static seL4_IPCBuffer buffer;

/* A fresh IPC buffer and a reply with label (error) and words 0-3. */
static void reset(seL4_Word label, seL4_Word w0, seL4_Word w1, seL4_Word w2, seL4_Word w3)
{
    memset(&rec, 0, sizeof(rec));
    memset(&buffer, 0, sizeof(buffer));
    seL4_SetIPCBuffer(&buffer);
    rec.reply = seL4_MessageInfo_new(label, 0, 0, 4);
    rec.reply_mr[0] = w0;
    rec.reply_mr[1] = w1;
    rec.reply_mr[2] = w2;
    rec.reply_mr[3] = w3;
}

static void check_info(seL4_Word label, seL4_Word caps, seL4_Word length)
{
    CHECK_EQ(rec.calls, 1);
    CHECK_EQ(seL4_MessageInfo_get_label(rec.info), label);
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(rec.info), caps);
    CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(rec.info), 0);
    CHECK_EQ(seL4_MessageInfo_get_length(rec.info), length);
}

static void cnode_copy(void)
{
    reset(0, 0, 0, 0, 0);
    CHECK_EQ(seL4_CNode_Copy(2, 0x10, 64, 3, 0x20, 63, seL4_ReadWrite), seL4_NoError);
    check_info(CNodeCopy, 1, 5);
    CHECK_EQ(rec.dest, 2);
    CHECK_EQ(rec.mr[0], 0x10);
    CHECK_EQ(rec.mr[1], 64);
    CHECK_EQ(rec.mr[2], 0x20);
    CHECK_EQ(rec.mr[3], 63);
    CHECK_EQ(buffer.msg[4], 3);
    CHECK_EQ(buffer.caps_or_badges[0], 3);
}

static void cnode_rotate_puts_caps_in_order(void)
{
    reset(0, 0, 0, 0, 0);
    CHECK_EQ(seL4_CNode_Rotate(2, 10, 64, 0xb1, 5, 11, 64, 0xb2, 6, 12, 64), seL4_NoError);
    check_info(CNodeRotate, 2, 8);
    CHECK_EQ(buffer.caps_or_badges[0], 5);
    CHECK_EQ(buffer.caps_or_badges[1], 6);
    CHECK_EQ(rec.mr[2], 0xb1);
    CHECK_EQ(rec.mr[3], 11);
    CHECK_EQ(buffer.msg[4], 64);
    CHECK_EQ(buffer.msg[5], 0xb2);
    CHECK_EQ(buffer.msg[6], 12);
    CHECK_EQ(buffer.msg[7], 64);
}

static void untyped_retype(void)
{
    reset(0, 0, 0, 0, 0);
    CHECK_EQ(seL4_Untyped_Retype(20, 8, 12, 2, 0x7, 64, 100, 3), seL4_NoError);
    check_info(UntypedRetype, 1, 6);
    CHECK_EQ(rec.dest, 20);
    CHECK_EQ(rec.mr[0], 8);
    CHECK_EQ(rec.mr[1], 12);
    CHECK_EQ(rec.mr[2], 0x7);
    CHECK_EQ(rec.mr[3], 64);
    CHECK_EQ(buffer.msg[4], 100);
    CHECK_EQ(buffer.msg[5], 3);
    CHECK_EQ(buffer.caps_or_badges[0], 2);
}

static void tcb_write_registers(void)
{
    seL4_UserContext regs;
    seL4_Word *w = (seL4_Word *)&regs;

    for (int i = 0; i < 20; i++)
        w[i] = 0x1000 + i;
    reset(0, 0, 0, 0, 0);
    CHECK_EQ(seL4_TCB_WriteRegisters(1, 1, 0xab, 20, &regs), seL4_NoError);
    check_info(TCBWriteRegisters, 0, 22);
    CHECK_EQ(rec.mr[0], 1 | (0xab << 8)); /* resume_target bit 0, arch_flags bits 8-15 */
    CHECK_EQ(rec.mr[1], 20);
    CHECK_EQ(rec.mr[2], regs.rip);
    CHECK_EQ(rec.mr[3], regs.rsp);
    CHECK_EQ(buffer.msg[4], regs.rflags);
    CHECK_EQ(buffer.msg[12], regs.r8);
    CHECK_EQ(buffer.msg[21], regs.gs_base);
}

static void tcb_read_registers(void)
{
    seL4_UserContext regs;

    reset(0, 0x401000, 0x7ff0, 0x202, 42);
    for (int i = 4; i < 20; i++)
        buffer.msg[i] = 0x2000 + i;
    memset(&regs, 0, sizeof(regs));
    CHECK_EQ(seL4_TCB_ReadRegisters(1, 1, 0, 20, &regs), seL4_NoError);
    check_info(TCBReadRegisters, 0, 2);
    CHECK_EQ(rec.mr[0], 1);
    CHECK_EQ(rec.mr[1], 20);
    CHECK_EQ(regs.rip, 0x401000);
    CHECK_EQ(regs.rsp, 0x7ff0);
    CHECK_EQ(regs.rflags, 0x202);
    CHECK_EQ(regs.rax, 42);
    CHECK_EQ(regs.rbx, 0x2004);
    CHECK_EQ(regs.gs_base, 0x2013);
}

static void tcb_copy_registers_packs_flags(void)
{
    reset(0, 0, 0, 0, 0);
    CHECK_EQ(seL4_TCB_CopyRegisters(1, 9, 1, 0, 1, 1, 0x5a), seL4_NoError);
    check_info(TCBCopyRegisters, 1, 1);
    CHECK_EQ(rec.mr[0], 0x1 | 0x4 | 0x8 | (0x5a << 8));
    CHECK_EQ(buffer.caps_or_badges[0], 9);
}

static void x86_page_map(void)
{
    reset(0, 0, 0, 0, 0);
    CHECK_EQ(seL4_X86_Page_Map(30, 3, 0x400000, seL4_CanRead, 0), seL4_NoError);
    check_info(X86PageMap, 1, 3);
    CHECK_EQ(rec.dest, 30);
    CHECK_EQ(rec.mr[0], 0x400000);
    CHECK_EQ(rec.mr[1], 2);
    CHECK_EQ(rec.mr[2], 0);
    CHECK_EQ(rec.mr[3], 0); /* unused register words are sent as 0 */
    CHECK_EQ(buffer.caps_or_badges[0], 3);
}

static void ioport_in8(void)
{
    seL4_X86_IOPort_In8_t r;

    reset(0, 0x1234, 0, 0, 0);
    r = seL4_X86_IOPort_In8(40, 0x3f8);
    check_info(X86IOPortIn8, 0, 1);
    CHECK_EQ(rec.mr[0], 0x3f8);
    CHECK_EQ(r.error, seL4_NoError);
    CHECK_EQ(r.result, 0x34);
}

static void ioport_out16_and_get_address(void)
{
    seL4_X86_Page_GetAddress_t a;

    reset(0, 0, 0, 0, 0);
    CHECK_EQ(seL4_X86_IOPort_Out16(40, 0x3f8, 0xbeef), seL4_NoError);
    check_info(X86IOPortOut16, 0, 2);
    CHECK_EQ(rec.mr[0], 0x3f8);
    CHECK_EQ(rec.mr[1], 0xbeef);
    reset(0, 0x123000, 0, 0, 0);
    a = seL4_X86_Page_GetAddress(30);
    check_info(X86PageGetAddress, 0, 0);
    CHECK_EQ(a.error, 0);
    CHECK_EQ(a.paddr, 0x123000);
}

/* On an error the reply's register words go to the IPC buffer for seL4_GetMR. */
static void errors_land_in_the_ipc_buffer(void)
{
    seL4_X86_IOPort_In8_t r;

    reset(seL4_FailedLookup, 1, 2, 3, 4);
    CHECK_EQ(seL4_CNode_Delete(2, 5, 64), seL4_FailedLookup);
    for (int i = 0; i < 4; i++)
        CHECK_EQ(seL4_GetMR(i), i + 1);
    reset(seL4_IllegalOperation, 7, 0, 0, 0);
    r = seL4_X86_IOPort_In8(40, 0x60);
    CHECK_EQ(r.error, seL4_IllegalOperation);
    CHECK_EQ(r.result, 0);
    CHECK_EQ(seL4_GetMR(0), 7);
}

static void real_stubs_build(void)
{
    CHECK(stubs_real_copy() != NULL);
}

TEST_CASES({cnode_copy, "cnode_copy"},
           {cnode_rotate_puts_caps_in_order, "cnode_rotate_puts_caps_in_order"},
           {untyped_retype, "untyped_retype"}, {tcb_write_registers, "tcb_write_registers"},
           {tcb_read_registers, "tcb_read_registers"},
           {tcb_copy_registers_packs_flags, "tcb_copy_registers_packs_flags"},
           {x86_page_map, "x86_page_map"}, {ioport_in8, "ioport_in8"},
           {ioport_out16_and_get_address, "ioport_out16_and_get_address"},
           {errors_land_in_the_ipc_buffer, "errors_land_in_the_ipc_buffer"},
           {real_stubs_build, "real_stubs_build"}, );
TEST_MAIN("sdk/stubs")
