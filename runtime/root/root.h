/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root server's parts and what they share (docs/root-server.md):
 *
 *   alloc.c   untyped memory and the root's own CSpace slots
 *   vspace.c  mapping frames into a VSpace, making paging objects as needed
 *   loader.c  components from the system image: CSpace, VSpace, ELF, TCB
 *   broker.c  run-time requests: the broker protocol's table (broker.h)
 *   devices.c device grants: MMIO, IRQs, I/O ports, DMA, PCI (devices.h)
 *   memory.c  the memory manager: allocations within quotas (memory.h)
 *   introspect.c  what the broker tells a monitor: ps, caps, mem (introspect.h)
 *   power.c   reboot and ACPI poweroff (power.h)
 *   report.c  refusal reports (report.h)
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

/* ---- alloc.c -------------------------------------------------------------------------------- */

/* Names who the next allocations are for, in an out-of-memory report (a string that lives on). */
void alloc_set_owner(const char *name);

void alloc_init(const seL4_BootInfo *bi);

/* A free slot in the root's CNode, or 0 (logged) if none is left. */
seL4_CPtr slot_alloc(void);

/* Deletes whatever slot holds and makes the slot free again. */
void slot_free(seL4_CPtr slot);

/*
 * A new object of this seL4 type from RAM untypeds in a new slot; size_bits as for
 * Untyped_Retype.  If paddr is not NULL it gets the object's physical address.  Returns 0 and
 * logs what was asked and what is left if memory or slots are exhausted.
 */
seL4_CPtr obj_alloc(seL4_Word type, seL4_Word size_bits, seL4_Word *paddr);

/* A 4 KiB (or 2 MiB if large) frame at physical address paddr, from whichever untyped covers it
 * (device memory, normally).  0 and a log line if no untyped covers it or that part is used. */
seL4_CPtr frame_at(seL4_Word paddr, int large);

/* Bytes of RAM untyped not yet retyped, and how many RAM untypeds hold them. */
seL4_Word alloc_free_bytes(void);

/* What the untyped pool holds, for KAAL_BROKER_MEM. */
struct alloc_stats {
    seL4_Word total;     /* bytes of RAM untyped the kernel handed over */
    seL4_Word free;      /* bytes of them not yet retyped */
    seL4_Word untypeds;  /* RAM untypeds in the pool, the pieces split off included */
    seL4_Word with_room; /* of those, the ones with at least 4 KiB left */
    seL4_Word device;    /* device untypeds in the pool */
};
void alloc_stats(struct alloc_stats *st);

/* ---- vspace.c ------------------------------------------------------------------------------- */

/* Maps frame at va in the VSpace pml4 with rights and attr, making a PDPT, page directory and
 * page table as needed.  Returns the seL4 error of the final Page_Map. */
seL4_Error vs_map(seL4_CPtr pml4, seL4_CPtr frame, seL4_Word va, seL4_CapRights_t rights,
                  seL4_Word attr, int large);

/* Writes len bytes of src (zeros if src is NULL) into the 4 KiB frame at offset off, through a
 * temporary mapping in the root's VSpace.  Returns 0, or -1 if it could not be mapped. */
int vs_fill(seL4_CPtr frame, seL4_Word off, const void *src, seL4_Word len);

/* ---- loader.c ------------------------------------------------------------------------------- */

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
    int loaded, stopped;
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

/* Records [va, va + size) as in use in c; false if it overlaps a range in use or none is free. */
int range_claim(struct comp *c, seL4_Word va, seL4_Word size);

/* Forgets the range in use that starts at va. */
void range_release(struct comp *c, seL4_Word va);

/* The system image's header, and its tables, once load_system has the image. */
const struct kaal_sysimage_header *sys_header(void);
const struct kaal_sysimage_device *sys_devices(void);
const struct kaal_sysimage_channel *sys_channels(void);
const struct kaal_sysimage_map *sys_maps(void);
const struct kaal_sysimage_region *sys_regions(void);

/* Device dev of c's own `devices:` list, or NULL if it has fewer. */
const struct kaal_sysimage_device *comp_device(const struct comp *c, seL4_Word dev);

/* The component with this id, or NULL past the last; and how many the image has. */
struct comp *comp_at(seL4_Word id);
unsigned int comp_count(void);

/* The root server's endpoint, on which components' requests and faults arrive (by badge). */
seL4_CPtr loader_endpoint(void);

/* Loads every component of the checked image; a component that cannot be loaded is reported
 * and left out.  Returns how many were loaded. */
unsigned int load_system(const unsigned char *image);

/* Starts the loaded components, highest priority first. */
void start_system(void);
