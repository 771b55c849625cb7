/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The capability broker's constants: what the words of its ops mean.  The
 * ops themselves, their arguments, results and client stubs, come from
 * the spec sdk/interface/broker.proto through the generated
 * <kaal/proto/broker.h>, included here (docs/root-server.md).
 *
 * A request is a call on the broker endpoint, KAAL_SLOT_BROKER:
 *
 *     struct kaal_broker_dma_out dma;
 *     int err = kaal_broker_dma(KAAL_SLOT_BROKER, dev, vaddr, &dma);
 *
 * Each stub returns 0 or a negative errno (<kaal/error.h>).  The broker
 * knows the caller by the endpoint's badge, which the root server chose
 * when it loaded the component, so a component can ask only for its own
 * grants.  Every refusal is also logged on the console with the
 * component's name.
 *
 * Devices are named by their index in the component's own `devices:` list
 * (0 for the first).  Memory arrives as mappings the broker makes in the
 * caller's VSpace at an address the caller chooses; the root server keeps
 * the frame caps, so it can take the memory back.  Caps the caller invokes
 * itself (I/O ports, IRQ handlers) are written into its CNode: an IRQ
 * handler at KAAL_SLOT_IRQ_BASE + the IRQ's channel id, other caps at a
 * slot the caller picks in KAAL_SLOT_RECV_BASE .. + KAAL_SLOT_RECV_COUNT.
 *
 * Addresses given to the broker must be 4 KiB aligned and lie in
 * [KAAL_BROKER_VADDR_MIN, KAAL_BROKER_VADDR_MAX), below the runtime's area.
 */
#pragma once

#include <kaal/component_layout.h>
#include <kaal/proto/broker.h>

/* A component's state (kaal_broker_ps's state). */
#define KAAL_PS_RUNNING    0 /* started; it may be waiting for an event */
#define KAAL_PS_FAULTED    1 /* stopped by a fault; never restarted */
#define KAAL_PS_NOT_LOADED 2 /* the root server could not load it (logged at boot) */
#define KAAL_PS_EXITED     3 /* ended itself (exit, abort): fault_text says how */

/* Kinds of KAAL_BROKER_CAPS entries, and what a, b, c and the name are.  They come in this
 * order: the fixed caps, the channels' notification caps, their protected-call endpoints, IRQ
 * handlers, I/O ports, then the mappings. */
#define KAAL_CAP_INPUT_EP 1 /* its input endpoint (receive) */
#define KAAL_CAP_NTFN     2 /* its notification, bound to its TCB */
#define KAAL_CAP_TCB      3 /* a: priority */
#define KAAL_CAP_VSPACE   4 /* its PML4 */
#define KAAL_CAP_CNODE    5 /* a: slots */
#define KAAL_CAP_BROKER   6 /* a: badge, b: grants (KAAL_BROKER_GRANT_*) */
#define KAAL_CAP_FAULT_EP 7 /* a: badge */
#define KAAL_CAP_NOTIFY   8 /* a: channel id, b: badge; name: the peer it signals */
#define KAAL_CAP_PPCALL   9 /* a: channel id, b: badge; name: the peer it calls */
/* a: channel id, b: ISA IRQ, IOAPIC pin or MSI index, c: KAAL_BROKER_IRQ_*; name: device */
#define KAAL_CAP_IRQ        10
#define KAAL_CAP_IOPORT     11 /* a: first port, b: count; name: device */
#define KAAL_CAP_IPC_BUFFER 12 /* mapping, a: vaddr */
#define KAAL_CAP_INFO_PAGE  13 /* mapping, a: vaddr */
#define KAAL_CAP_STACK      14 /* mapping, a: vaddr, b: bytes */
#define KAAL_CAP_ELF        15 /* mapping, a: vaddr, b: bytes (its program's segments) */
/* mapping, a: vaddr, b: bytes, c: KAAL_CAP_REGION_* bits; name: region */
#define KAAL_CAP_REGION 16
/* mapping, a: the BARs mapped (a bit each), 0 for a fixed range; name: device */
#define KAAL_CAP_MMIO 17
/* mapping, b: bytes, c: the device's IOMMU domain (0: its DMA is not remapped); name: device */
#define KAAL_CAP_DMA    18
#define KAAL_CAP_MEMORY 19 /* mapping, a: vaddr, b: bytes (from KAAL_BROKER_MEM_ALLOC) */

/* KAAL_CAP_REGION's c: the mapping's rights (as the system description's perms) and caching. */
#define KAAL_CAP_REGION_R      1u
#define KAAL_CAP_REGION_W      2u
#define KAAL_CAP_REGION_X      4u
#define KAAL_CAP_REGION_CACHED 8u

/* The grants of KAAL_CAP_BROKER's b (the system description's monitor: and power:). */
#define KAAL_BROKER_GRANT_MONITOR 1
#define KAAL_BROKER_GRANT_POWER   2

/* KAAL_BROKER_POWER's op. */
#define KAAL_POWER_REBOOT 0
#define KAAL_POWER_OFF    1

/* KAAL_BROKER_FILE's kind, fs_type and flags: a file service's mounts and its clients' grants. */
#define KAAL_BROKER_FILE_MOUNT 1
#define KAAL_BROKER_FILE_GRANT 2
#define KAAL_BROKER_FS_CPIO    1 /* a read-only cpio (newc) archive, mapped in the service */
#define KAAL_BROKER_FS_RAMFS   2
#define KAAL_BROKER_FS_EXT2    3 /* on the block driver behind the record's channel */
#define KAAL_BROKER_FILE_WRITE 1 /* a read-write mount or grant */

/* What kind of interrupt KAAL_BROKER_IRQ made (its third result). */
#define KAAL_BROKER_IRQ_ISA  0 /* an ISA line: edge-triggered */
#define KAAL_BROKER_IRQ_INTX 1 /* a PCI INTx line: level-triggered */
#define KAAL_BROKER_IRQ_MSI  2 /* a message-signalled interrupt: an edge, never masked */

#define KAAL_BROKER_VADDR_MIN KAAL_ULL(0x1000)
#define KAAL_BROKER_VADDR_MAX KAAL_ULL(0x7fff00000000)

/* Broker badges: what the root server's endpoint sees.  Faults and requests come on separate
 * badges, so a component cannot pass a request off as a fault or the other way round. */
#define KAAL_BROKER_BADGE(id) (0x10000ull | (id))
#define KAAL_FAULT_BADGE(id)  (0x20000ull | (id))
