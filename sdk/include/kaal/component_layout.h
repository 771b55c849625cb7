/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The layout of a KaaL component: what the loader (the root server) puts
 * where, and where the component runtime (runtime/component) looks for it.
 * This header is the one statement of the convention; both sides include it.
 *
 * CSpace.  A component has one CNode of 2^KAAL_CNODE_RADIX slots whose
 * guard is zero and KAAL_CNODE_GUARD_BITS long, so radix + guard cover all
 * 64 bits of a cptr and a cptr is simply a slot number (as for the root
 * task).  The loader passes KAAL_CNODE_GUARD_DATA as the cspace_root_data
 * of TCB_Configure.  Fixed slots come first, then one range per kind of
 * per-channel cap, indexed by channel id, then a window for caps the
 * broker hands out at run time, then slots the component may use freely.
 *
 * Badges.  The component receives everything on one endpoint (slot 1); its
 * TCB is bound to its notification (slot 2), so a Recv on the endpoint
 * returns either a notification word or a protected call:
 *   - a notification's badge is (1 << ch) for the channel ch that signals,
 *     so the word delivered is the OR of all channels signalled since the
 *     last delivery; ch is 0-62, bit 63 is never a notification badge;
 *   - an endpoint badge of a protected call is KAAL_PPC_BADGE(ch): bit 63
 *     set and the channel id (as the callee numbers it) in bits 0-5.
 *
 * VSpace.  The top 2 MiB of the user half (one page table) holds the
 * runtime's pages, each with an unmapped guard page above it:
 *
 *   0x7ffffffff000  guard (never mapped)
 *   0x7fffffffe000  IPC buffer                 KAAL_IPC_BUFFER_VADDR, RW
 *   0x7fffffffd000  guard
 *   0x7fffffffc000  component info page        KAAL_COMPONENT_INFO_VADDR, RO
 *   0x7fffffffb000  guard
 *   0x7ffffffeb000  stack, 64 KiB, grows down  KAAL_STACK_BASE .. KAAL_STACK_TOP, RW
 *   0x7ffffffea000  guard
 *
 * The heap (the C library's malloc, runtime/component/heap.c) is mapped at
 * KAAL_HEAP_VADDR, kaal_component_info.heap_size bytes, by the broker from
 * the component's `memory:` quota, before init() runs.
 *
 * The program image goes where its ELF file says, below 0x7fffffe00000.
 * The loader starts the thread at the ELF entry with rsp = KAAL_STACK_TOP
 * and no arguments: everything else the runtime needs is in the info page.
 */
#pragma once

#ifdef __ASSEMBLER__
#define KAAL_ULL(x) x
#else
#include <sel4/simple_types.h>
#define KAAL_ULL(x) x##ull
#endif

/* --- CSpace ------------------------------------------------------------- */

#define KAAL_CNODE_RADIX      10 /* 1024 slots */
#define KAAL_CNODE_GUARD_BITS (64 - KAAL_CNODE_RADIX)
/* CNode cap data (guardSize in bits 0-5, guard 0 above): the cspace_root_data for TCB_Configure. */
#define KAAL_CNODE_GUARD_DATA KAAL_CNODE_GUARD_BITS
#define KAAL_CPTR_DEPTH       64 /* the depth for invocations on the component's own CNode */

/* Fixed slots.  Slot 0 stays empty (seL4_CapNull). */
#define KAAL_SLOT_INPUT_EP  1 /* endpoint: the component Recvs here */
#define KAAL_SLOT_INPUT_NTF 2 /* notification bound to the TCB */
#define KAAL_SLOT_TCB       3
#define KAAL_SLOT_VSPACE    4 /* its PML4 */
#define KAAL_SLOT_CNODE     5 /* its own CNode, guard as above */
#define KAAL_SLOT_BROKER    6 /* endpoint to the root server's capability broker */
#define KAAL_SLOT_FAULT_EP  7 /* fault endpoint, badged by the root server with the component id */
/* Slots 8-63 are reserved for later fixed caps. */

/* Channels: ids 0 to KAAL_MAX_CHANNELS - 1; bit 63 of a badge marks a protected call. */
#define KAAL_MAX_CHANNELS  63
#define KAAL_PPC_BIT       (1ull << 63)
#define KAAL_CH_MASK       0x3full
#define KAAL_PPC_BADGE(ch) (KAAL_PPC_BIT | (unsigned long long)(ch))
#define KAAL_NTF_BADGE(ch) (1ull << (ch))

/* Per-channel caps: base + channel id.  Each range has 64 slots, the last unused. */
#define KAAL_SLOT_NOTIFY_BASE 64  /* notification of the peer, badged KAAL_NTF_BADGE(peer's id) */
#define KAAL_SLOT_PPC_BASE    128 /* the peer's input endpoint, badged KAAL_PPC_BADGE(peer's id) */
#define KAAL_SLOT_IRQ_BASE    192 /* IRQHandler whose notification is ours, badged (1 << ch) */
#define KAAL_SLOT_RECV_BASE   256 /* the broker puts the caps it hands out here */
#define KAAL_SLOT_RECV_COUNT  256
#define KAAL_SLOT_FREE_BASE   512 /* 512 to 1023: the component's own */

/* --- VSpace ------------------------------------------------------------- */

#define KAAL_USER_TOP             KAAL_ULL(0x800000000000) /* end of the user half */
#define KAAL_RUNTIME_REGION       KAAL_ULL(0x7fffffe00000) /* the top 2 MiB: one page table */
#define KAAL_IPC_BUFFER_VADDR     KAAL_ULL(0x7fffffffe000)
#define KAAL_COMPONENT_INFO_VADDR KAAL_ULL(0x7fffffffc000)
#define KAAL_STACK_TOP            KAAL_ULL(0x7fffffffb000)
#define KAAL_STACK_PAGES          16
#define KAAL_STACK_BASE           (KAAL_STACK_TOP - KAAL_STACK_PAGES * KAAL_ULL(0x1000))
#define KAAL_HEAP_VADDR           KAAL_ULL(0x7f0000000000) /* the heap: up to 1 GiB from here */
#define KAAL_HEAP_MAX             KAAL_ULL(0x40000000)

/* --- The component info page -------------------------------------------- */

#define KAAL_COMPONENT_INFO_MAGIC   0x6f666e69706d636bull /* "kcmpinfo" */
#define KAAL_COMPONENT_INFO_VERSION 2                     /* 2: heap_size */
#define KAAL_COMPONENT_NAME_MAX     64                    /* bytes, with the terminating NUL */

/* What a channel lets the component do (kaal_channel.flags); 0: the channel does not exist. */
#define KAAL_CH_NOTIFY    0x1  /* kaal_notify: a notification at KAAL_SLOT_NOTIFY_BASE + ch */
#define KAAL_CH_PPCALL    0x2  /* kaal_ppcall: an endpoint at KAAL_SLOT_PPC_BASE + ch */
#define KAAL_CH_PROTECTED 0x4  /* the peer may protected-call this component on ch */
#define KAAL_CH_IRQ       0x8  /* kaal_irq_ack: an IRQHandler at KAAL_SLOT_IRQ_BASE + ch */
#define KAAL_CH_NOTIFIED  0x10 /* the peer (or the IRQ) may notify this component on ch */

#ifndef __ASSEMBLER__
/* One channel, as the component sees it. */
struct kaal_channel {
    seL4_Uint32 flags;   /* KAAL_CH_*; 0 if ch is not connected */
    seL4_Uint16 peer_id; /* the component at the other end (for an IRQ: 0xffff) */
    seL4_Uint16 irq;     /* for KAAL_CH_IRQ: the interrupt's number, for logging */
};

/*
 * The read-only page the loader maps at KAAL_COMPONENT_INFO_VADDR before
 * the component starts.  Fixed size and layout: the loader fills it from
 * the system description; a change bumps KAAL_COMPONENT_INFO_VERSION.
 */
struct kaal_component_info {
    seL4_Uint64 magic;   /* KAAL_COMPONENT_INFO_MAGIC */
    seL4_Uint32 version; /* KAAL_COMPONENT_INFO_VERSION */
    seL4_Uint32 id;      /* the component's id in the system description */
    char name[KAAL_COMPONENT_NAME_MAX];
    struct kaal_channel channel[KAAL_MAX_CHANNELS];
    seL4_Uint64 heap_size; /* bytes of heap at KAAL_HEAP_VADDR (`heap:`); 0: malloc returns NULL */
};

_Static_assert(sizeof(struct kaal_component_info) <= 4096, "the component info fits a page");
#endif
