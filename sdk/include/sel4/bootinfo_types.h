/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * seL4_BootInfo: what the kernel tells the root task at start-up, in the
 * boot-info frame whose address arrives in the first argument register.
 * Layout of seL4 13.0.0 built without MCS: there is no schedcontrol region
 * (seL4 has that field only in MCS builds), so untyped follows
 * initThreadDomain directly.  Extra boot-info chunks, each behind a
 * seL4_BootInfoHeader, start one page after the frame when extraLen > 0.
 */
#pragma once

#include <sel4/simple_types.h>

#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS 230
#define seL4_BootInfoFrameBits               12
#define seL4_BootInfoFrameSize               (1ul << seL4_BootInfoFrameBits)

struct seL4_IPCBuffer_;

typedef struct seL4_SlotRegion {
    seL4_SlotPos start; /* first slot of the region */
    seL4_SlotPos end;   /* first slot after it */
} seL4_SlotRegion;

/* The root task's initial CNode slots (seL4 13.0.0; 12-15 are always null on x86_64 non-MCS). */
enum seL4_RootCNodeCapSlots {
    seL4_CapNull = 0,
    seL4_CapInitThreadTCB = 1,
    seL4_CapInitThreadCNode = 2,
    seL4_CapInitThreadVSpace = 3,
    seL4_CapIRQControl = 4,
    seL4_CapASIDControl = 5,
    seL4_CapInitThreadASIDPool = 6,
    seL4_CapIOPortControl = 7,
    seL4_CapIOSpace = 8,
    seL4_CapBootInfoFrame = 9,
    seL4_CapInitThreadIPCBuffer = 10,
    seL4_CapDomain = 11,
    seL4_CapSMMUSIDControl = 12,
    seL4_CapSMMUCBControl = 13,
    seL4_CapInitThreadSC = 14,
    seL4_CapSMC = 15,
    seL4_NumInitialCaps = 16
};

typedef struct seL4_UntypedDesc {
    seL4_Word paddr;
    seL4_Uint8 sizeBits;
    seL4_Uint8 isDevice;
    seL4_Uint8 padding[sizeof(seL4_Word) - 2];
} seL4_UntypedDesc;

typedef struct seL4_BootInfo {
    seL4_Word extraLen;
    seL4_NodeId nodeID;
    seL4_Word numNodes;
    seL4_Word numIOPTLevels;
    struct seL4_IPCBuffer_ *ipcBuffer;
    seL4_SlotRegion empty;
    seL4_SlotRegion sharedFrames;
    seL4_SlotRegion userImageFrames;
    seL4_SlotRegion userImagePaging;
    seL4_SlotRegion ioSpaceCaps;
    seL4_SlotRegion extraBIPages;
    seL4_Word initThreadCNodeSizeBits;
    seL4_Domain initThreadDomain;
    seL4_SlotRegion untyped;
    seL4_UntypedDesc untypedList[CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS];
} seL4_BootInfo;

_Static_assert(sizeof(seL4_UntypedDesc) == 2 * sizeof(seL4_Word), "untyped descriptor size");
_Static_assert(sizeof(seL4_BootInfo) <= seL4_BootInfoFrameSize, "boot info fits its frame");

typedef enum {
    SEL4_BOOTINFO_HEADER_PADDING = 0,
    SEL4_BOOTINFO_HEADER_X86_VBE = 1,
    SEL4_BOOTINFO_HEADER_X86_MBMMAP = 2,
    SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP = 3,
    SEL4_BOOTINFO_HEADER_X86_FRAMEBUFFER = 4,
    SEL4_BOOTINFO_HEADER_X86_TSC_FREQ = 5, /* a seL4_Uint32 in MHz follows the header */
    SEL4_BOOTINFO_HEADER_FDT = 6,
    SEL4_BOOTINFO_HEADER_NUM,
} seL4_BootInfoID;

typedef struct seL4_BootInfoHeader {
    seL4_Word id;
    seL4_Word len; /* of the whole chunk, header included */
} seL4_BootInfoHeader;
