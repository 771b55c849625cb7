/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the root server's parts share: its constants and the record it
 * keeps of each component (struct comp).  Each part has its own header for
 * what it offers (docs/root-server.md):
 *
 *   alloc.c   untyped memory and the root's own CSpace slots (alloc.h)
 *   vspace.c  mapping frames into a VSpace, making paging objects as needed (vspace.h)
 *   loader.c  components from the system image: CSpace, VSpace, ELF, TCB (loader.h)
 *   boot.c    what the kernel told it at boot (boot.h)
 *   broker.c  run-time requests: the broker protocol's table (broker.h)
 *   devices.c device grants: MMIO, IRQs, I/O ports, DMA, PCI (devices.h)
 *   memory.c  the memory manager: allocations within quotas (memory.h)
 *   introspect.c  what the broker tells a monitor: ps, caps, mem (introspect.h)
 *   power.c   reboot and ACPI poweroff (power.h)
 *   report.c  its console lines and refusal reports (report.h)
 *   main.c    boot: bootinfo, the image, loading, then serving requests and faults
 *   elf.c     the ELF check, fault.c the fault decoder (pure, host-tested)
 */
#pragma once

#include <kaal/component_layout.h>
#include <kaal/sysimage.h>
#include <sel4/bootinfo_types.h>
#include <sel4/errors.h>
#include <sel4/shared_types.h>
#include <sel4/simple_types.h>

#define PAGE_SIZE  4096ul
#define LARGE_SIZE (2ul << 20)
#define ROOT_DEPTH 64 /* cptrs in the root's own CNode */

#define ROOT_MAX_ALLOCS 32   /* memory-manager allocations a component may hold at once */
#define ROOT_MAX_PAGES  4096 /* frames the broker has mapped, for all components */

struct alloc_rec {
    seL4_Word vaddr, pages; /* pages 0: the record is free */
};

#define ROOT_MAX_RANGES 64 /* address ranges in use per component */

/* A range of a component's address space that is in use. */
struct vrange {
    seL4_Word va, size; /* size 0: free */
};

/* One component as the root server keeps it. */
struct comp {
    const struct kaal_sysimage_component *desc;
    seL4_Word id;
    int loaded, stopped, exited; /* stopped: by a fault, or (exited) by its own exit */
    seL4_CPtr cnode, tcb, pml4, ep, ntfn, info;
    seL4_Word quota_left;
    seL4_Uint64 dma_done, irq_done, ioport_done;  /* devices granted, bit per index */
    seL4_Uint8 bars_done[64];                     /* PCI BARs mapped, bit per BAR */
    seL4_Uint16 ioport_slot[64];                  /* where its I/O ports went, per device */
    seL4_Uint16 ioport_base[64], ioport_last[64]; /* and which: first port, count - 1 */
    seL4_Uint16 irq_where[64];                    /* its IRQ's pin or MSI index, per device */
    seL4_Uint8 irq_kind[64];                      /* KAAL_BROKER_IRQ_*, per device */
    seL4_Word fault_label, fault_addr;            /* what stopped it (stopped set) */
    char fault_text[128];                         /* that fault as logged, cut short */
    struct alloc_rec allocs[ROOT_MAX_ALLOCS];
    /* What is mapped where, since Page_Map replaces a frame that is already mapped (seL4). */
    struct vrange used[ROOT_MAX_RANGES];
};
