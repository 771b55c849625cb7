/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * x86_64 system call stubs.  The convention (SEL4_ABI.md): rdx holds the
 * number, rdi the destination cptr (the badge on return), rsi the message
 * info, r10 r8 r9 r15 message registers 0-3.  syscall clobbers rcx and r11,
 * and the kernel need not keep rsp across a call, so each stub parks rsp in
 * rbx and takes it back afterwards, as seL4's own stubs do.
 *
 * The IPC stubs keep libsel4's contract: the plain forms (seL4_Send,
 * seL4_Call, seL4_Recv ...) take message registers 0-3 from the IPC buffer
 * and put the received ones back there; the WithMRs forms take them through
 * pointers, each of which may be NULL, and send only those within the
 * message's length.  Signal, Wait and Poll are Send, Recv and NBRecv on a
 * notification, as in seL4 without MCS.
 */
#pragma once

#include <sel4/functions.h>
#include <sel4/shared_types.h>
#include <sel4/simple_types.h>
#include <sel4/syscall.h>

/* A system call that takes one word in rdi and returns nothing. */
static inline void x64_sys_send_null(seL4_Word sys, seL4_Word arg)
{
    __asm__ volatile("movq %%rsp, %%rbx\n\t"
                     "syscall\n\t"
                     "movq %%rbx, %%rsp"
                     : "+D"(arg)
                     : "d"(sys)
                     : "rbx", "rcx", "r11", "rsi", "r8", "r9", "r10", "r15", "memory");
}

static inline void seL4_Yield(void)
{
    x64_sys_send_null(seL4_SysYield, 0);
}

/* Sets the calling thread's TLS base: the FS base on x86_64 (read back with %fs). */
static inline void seL4_SetTLSBase(seL4_Word tls_base)
{
    x64_sys_send_null(seL4_SysSetTLSBase, tls_base);
}

static inline void seL4_DebugPutChar(char c)
{
    x64_sys_send_null(seL4_SysDebugPutChar, (seL4_Uint8)c);
}

static inline void seL4_DebugHalt(void)
{
    x64_sys_send_null(seL4_SysDebugHalt, 0);
}

/* Prints the kernel's scheduler state: the running thread and every ready thread, highest
 * priority first. */
static inline void seL4_DebugDumpScheduler(void)
{
    x64_sys_send_null(seL4_SysDebugDumpScheduler, 0);
}

/* seL4 prints a capDL dump of the system here; KaaL's kernel lists the caps in the caller's root
 * CNode (one level, the CNodes in it not followed). */
static inline void seL4_DebugSnapshot(void)
{
    x64_sys_send_null(seL4_SysDebugSnapshot, 0);
}

/* The seL4 cap tag (seL4_CapTableObject numbering of cap types) of the cap in cap; 0 if empty. */
static inline seL4_Uint32 seL4_DebugCapIdentify(seL4_CPtr cap)
{
    seL4_Word r = cap;

    __asm__ volatile("movq %%rsp, %%rbx\n\t"
                     "syscall\n\t"
                     "movq %%rbx, %%rsp"
                     : "+D"(r)
                     : "d"((seL4_Word)seL4_SysDebugCapIdentify)
                     : "rbx", "rcx", "r11", "rsi", "r8", "r9", "r10", "r15", "memory");
    return (seL4_Uint32)r;
}

/* Names the thread tcb (shown in fault reports); the name travels in the IPC buffer. */
static inline void seL4_DebugNameThread(seL4_CPtr tcb, const char *name)
{
    char *dst = (char *)seL4_GetIPCBuffer()->msg;
    seL4_Word i = 0;

    for (; name[i] && i + 1 < sizeof(seL4_GetIPCBuffer()->msg); i++)
        dst[i] = name[i];
    dst[i] = 0;
    x64_sys_send_null(seL4_SysDebugNameThread, tcb);
}

/*
 * The stubs below use no SSE, so a thread whose own code does not use the
 * FPU never takes it: the kernel switches the FPU lazily and charges a
 * save and a load only to threads that use it.  Compilers like to join
 * stores of neighbouring words into SSE stores, so message registers are
 * kept in separate variables, never in an array, and the stores into the
 * IPC buffer are kept apart by empty asm statements, which emit nothing.
 */
static inline void x64_keep_apart(void)
{
    __asm__ volatile("" ::: "memory");
}

/*
 * The one IPC system call: number sys, *dest and *info in, message
 * registers *m0..*m3 in and out; *dest returns the badge and *info the
 * received message info.
 */
static inline void x64_sys_ipc(seL4_Word sys, seL4_Word *dest, seL4_Word *info, seL4_Word *m0,
                               seL4_Word *m1, seL4_Word *m2, seL4_Word *m3)
{
    register seL4_Word r10 __asm__("r10") = *m0;
    register seL4_Word r8 __asm__("r8") = *m1;
    register seL4_Word r9 __asm__("r9") = *m2;
    register seL4_Word r15 __asm__("r15") = *m3;

    __asm__ volatile("movq %%rsp, %%rbx\n\t"
                     "syscall\n\t"
                     "movq %%rbx, %%rsp"
                     : "+d"(sys), "+D"(*dest), "+S"(*info), "+r"(r10), "+r"(r8), "+r"(r9), "+r"(r15)
                     :
                     : "rbx", "rcx", "r11", "memory");
    *m0 = r10;
    *m1 = r8;
    *m2 = r9;
    *m3 = r15;
}

/* Message registers 0-3 into the IPC buffer. */
static inline void x64_mrs_to_buffer(seL4_Word m0, seL4_Word m1, seL4_Word m2, seL4_Word m3)
{
    seL4_IPCBuffer *b = __sel4_ipc_buffer;

    b->msg[0] = m0;
    x64_keep_apart();
    b->msg[1] = m1;
    x64_keep_apart();
    b->msg[2] = m2;
    x64_keep_apart();
    b->msg[3] = m3;
}

/* *p, if p is not NULL and the message of length len reaches message register i. */
static inline seL4_Word x64_mr_in(const seL4_Word *p, seL4_Word i, seL4_Word len)
{
    return p && i < len ? *p : 0;
}

static inline void x64_mr_out(seL4_Word *p, seL4_Word v)
{
    if (p)
        *p = v;
}

/* An IPC whose message registers come from the IPC buffer; the received ones go back there. */
static inline void x64_ipc_buffer(seL4_Word sys, seL4_Word *dest, seL4_Word *info, int receives)
{
    seL4_Word m0 = seL4_GetMR(0), m1 = seL4_GetMR(1), m2 = seL4_GetMR(2), m3 = seL4_GetMR(3);

    x64_sys_ipc(sys, dest, info, &m0, &m1, &m2, &m3);
    if (receives)
        x64_mrs_to_buffer(m0, m1, m2, m3);
}

/* An IPC whose message registers come through pointers, each of which may be NULL. */
static inline void x64_ipc_ptrs(seL4_Word sys, seL4_Word *dest, seL4_Word *info, seL4_Word *mr0,
                                seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_Word len = seL4_MessageInfo_get_length((seL4_MessageInfo_t){{*info}});
    seL4_Word m0 = x64_mr_in(mr0, 0, len), m1 = x64_mr_in(mr1, 1, len);
    seL4_Word m2 = x64_mr_in(mr2, 2, len), m3 = x64_mr_in(mr3, 3, len);

    x64_sys_ipc(sys, dest, info, &m0, &m1, &m2, &m3);
    x64_mr_out(mr0, m0);
    x64_mr_out(mr1, m1);
    x64_mr_out(mr2, m2);
    x64_mr_out(mr3, m3);
}

static inline void seL4_Send(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    x64_ipc_buffer(seL4_SysSend, &dest, &msgInfo.words[0], 0);
}

static inline void seL4_NBSend(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    x64_ipc_buffer(seL4_SysNBSend, &dest, &msgInfo.words[0], 0);
}

/* The send-only forms leave the caller's message registers as they were. */
static inline void seL4_SendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo, seL4_Word *mr0,
                                    seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_Word len = seL4_MessageInfo_get_length(msgInfo);
    seL4_Word m0 = x64_mr_in(mr0, 0, len), m1 = x64_mr_in(mr1, 1, len);
    seL4_Word m2 = x64_mr_in(mr2, 2, len), m3 = x64_mr_in(mr3, 3, len);

    x64_sys_ipc(seL4_SysSend, &dest, &msgInfo.words[0], &m0, &m1, &m2, &m3);
}

static inline void seL4_NBSendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo, seL4_Word *mr0,
                                      seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_Word len = seL4_MessageInfo_get_length(msgInfo);
    seL4_Word m0 = x64_mr_in(mr0, 0, len), m1 = x64_mr_in(mr1, 1, len);
    seL4_Word m2 = x64_mr_in(mr2, 2, len), m3 = x64_mr_in(mr3, 3, len);

    x64_sys_ipc(seL4_SysNBSend, &dest, &msgInfo.words[0], &m0, &m1, &m2, &m3);
}

static inline seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    x64_ipc_buffer(seL4_SysCall, &dest, &msgInfo.words[0], 1);
    return msgInfo;
}

/* seL4_Call with message registers 0-3 through pointers; the reply's come back the same way. */
static inline seL4_MessageInfo_t seL4_CallWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                                  seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2,
                                                  seL4_Word *mr3)
{
    x64_ipc_ptrs(seL4_SysCall, &dest, &msgInfo.words[0], mr0, mr1, mr2, mr3);
    return msgInfo;
}

/* A receive: waits (or polls, for NBRecv) on src, stores the badge in *sender if not NULL. */
static inline seL4_MessageInfo_t x64_recv(seL4_Word sys, seL4_CPtr src, seL4_Word *sender)
{
    seL4_Word m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    seL4_MessageInfo_t info = {{0}};

    x64_sys_ipc(sys, &src, &info.words[0], &m0, &m1, &m2, &m3);
    x64_mrs_to_buffer(m0, m1, m2, m3);
    if (sender)
        *sender = src;
    return info;
}

static inline seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word *sender)
{
    return x64_recv(seL4_SysRecv, src, sender);
}

static inline seL4_MessageInfo_t seL4_NBRecv(seL4_CPtr src, seL4_Word *sender)
{
    return x64_recv(seL4_SysNBRecv, src, sender);
}

static inline seL4_MessageInfo_t seL4_RecvWithMRs(seL4_CPtr src, seL4_Word *sender, seL4_Word *mr0,
                                                  seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_Word m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    seL4_MessageInfo_t info = {{0}};

    x64_sys_ipc(seL4_SysRecv, &src, &info.words[0], &m0, &m1, &m2, &m3);
    x64_mr_out(mr0, m0);
    x64_mr_out(mr1, m1);
    x64_mr_out(mr2, m2);
    x64_mr_out(mr3, m3);
    if (sender)
        *sender = src;
    return info;
}

static inline void seL4_Reply(seL4_MessageInfo_t msgInfo)
{
    seL4_Word dest = 0;

    x64_ipc_buffer(seL4_SysReply, &dest, &msgInfo.words[0], 0);
}

static inline void seL4_ReplyWithMRs(seL4_MessageInfo_t msgInfo, seL4_Word *mr0, seL4_Word *mr1,
                                     seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_Word dest = 0, len = seL4_MessageInfo_get_length(msgInfo);
    seL4_Word m0 = x64_mr_in(mr0, 0, len), m1 = x64_mr_in(mr1, 1, len);
    seL4_Word m2 = x64_mr_in(mr2, 2, len), m3 = x64_mr_in(mr3, 3, len);

    x64_sys_ipc(seL4_SysReply, &dest, &msgInfo.words[0], &m0, &m1, &m2, &m3);
}

/* Replies to the last caller, then waits on src; the new message's MRs land in the buffer. */
static inline seL4_MessageInfo_t seL4_ReplyRecv(seL4_CPtr src, seL4_MessageInfo_t msgInfo,
                                                seL4_Word *sender)
{
    x64_ipc_buffer(seL4_SysReplyRecv, &src, &msgInfo.words[0], 1);
    if (sender)
        *sender = src;
    return msgInfo;
}

/* seL4_ReplyRecv with message registers 0-3 through pointers, both ways, as seL4_CallWithMRs. */
static inline seL4_MessageInfo_t seL4_ReplyRecvWithMRs(seL4_CPtr src, seL4_MessageInfo_t msgInfo,
                                                       seL4_Word *sender, seL4_Word *mr0,
                                                       seL4_Word *mr1, seL4_Word *mr2,
                                                       seL4_Word *mr3)
{
    x64_ipc_ptrs(seL4_SysReplyRecv, &src, &msgInfo.words[0], mr0, mr1, mr2, mr3);
    if (sender)
        *sender = src;
    return msgInfo;
}

static inline void seL4_Signal(seL4_CPtr dest)
{
    seL4_Word m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    seL4_MessageInfo_t info = seL4_MessageInfo_new(0, 0, 0, 0);

    x64_sys_ipc(seL4_SysSend, &dest, &info.words[0], &m0, &m1, &m2, &m3);
}

static inline void seL4_Wait(seL4_CPtr src, seL4_Word *sender)
{
    seL4_Recv(src, sender);
}

static inline seL4_MessageInfo_t seL4_Poll(seL4_CPtr src, seL4_Word *sender)
{
    return seL4_NBRecv(src, sender);
}
