/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Access to the calling thread's IPC buffer, with libsel4's names: message
 * registers beyond the four that travel in CPU registers, the caps a
 * message carries, the badges of caps received, and where received caps
 * go.
 *
 * libsel4 keeps the buffer's address in a thread-local __sel4_ipc_buffer.
 * KaaL's root tasks are single-threaded for now, so it is a plain global
 * here.  It is declared here and defined in exactly one place per program:
 * that program's start-up code (or a test) expands KAAL_DEFINE_IPC_BUFFER
 * once, at file scope.  Make it _Thread_local when components get threads.
 */
#pragma once

#include <sel4/shared_types.h>
#include <sel4/simple_types.h>

extern seL4_IPCBuffer *__sel4_ipc_buffer;

/* Expands to the one definition of the IPC buffer pointer. */
#define KAAL_DEFINE_IPC_BUFFER() seL4_IPCBuffer *__sel4_ipc_buffer

static inline void seL4_SetIPCBuffer(seL4_IPCBuffer *ipc_buffer)
{
    __sel4_ipc_buffer = ipc_buffer;
}

static inline seL4_IPCBuffer *seL4_GetIPCBuffer(void)
{
    return __sel4_ipc_buffer;
}

/* Message register i (0 <= i < seL4_MsgMaxLength) as the IPC buffer holds it. */
static inline seL4_Word seL4_GetMR(int i)
{
    return __sel4_ipc_buffer->msg[i];
}

static inline void seL4_SetMR(int i, seL4_Word mr)
{
    __sel4_ipc_buffer->msg[i] = mr;
}

static inline seL4_Word seL4_GetUserData(void)
{
    return __sel4_ipc_buffer->userData;
}

static inline void seL4_SetUserData(seL4_Word data)
{
    __sel4_ipc_buffer->userData = data;
}

/* The badge of the i-th cap of a received message that was unwrapped. */
static inline seL4_Word seL4_GetBadge(int i)
{
    return __sel4_ipc_buffer->caps_or_badges[i];
}

static inline seL4_CPtr seL4_GetCap(int i)
{
    return (seL4_CPtr)__sel4_ipc_buffer->caps_or_badges[i];
}

/* Puts the i-th extra cap (0 <= i < seL4_MsgMaxExtraCaps) of the next message. */
static inline void seL4_SetCap(int i, seL4_CPtr cptr)
{
    __sel4_ipc_buffer->caps_or_badges[i] = cptr;
}

static inline void seL4_GetCapReceivePath(seL4_CPtr *receiveCNode, seL4_CPtr *receiveIndex,
                                          seL4_Word *receiveDepth)
{
    if (receiveCNode)
        *receiveCNode = __sel4_ipc_buffer->receiveCNode;
    if (receiveIndex)
        *receiveIndex = __sel4_ipc_buffer->receiveIndex;
    if (receiveDepth)
        *receiveDepth = __sel4_ipc_buffer->receiveDepth;
}

/* Where a cap received with the next message is put: a slot in the caller's CSpace. */
static inline void seL4_SetCapReceivePath(seL4_CPtr receiveCNode, seL4_CPtr receiveIndex,
                                          seL4_Word receiveDepth)
{
    __sel4_ipc_buffer->receiveCNode = receiveCNode;
    __sel4_ipc_buffer->receiveIndex = receiveIndex;
    __sel4_ipc_buffer->receiveDepth = receiveDepth;
}
