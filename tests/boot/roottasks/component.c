/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test root task: a minimal loader for one component, following
 * <kaal/component_layout.h>, and a client that checks the component
 * runtime (runtime/component) from outside.
 *
 * The component (component/echo.c, linked with libkaal_component.a at
 * 0x10000000) is embedded in this image.  To stay small the loader shares
 * its own VSpace with the component instead of making a new one: it maps
 * the ELF's segments, the stack, the IPC buffer and the info page at the
 * layout's addresses in its own VSpace, and gives the component a copy of
 * its VSpace cap.  Everything else is as the real loader will do it: a
 * CNode of 2^KAAL_CNODE_RADIX slots with the layout's guard, the fixed
 * slots, per-channel caps, a TCB bound to the input notification, started
 * at the ELF entry with rsp at KAAL_STACK_TOP.
 *
 * Then it signals the component on several channels at once, protected-
 * calls it, and checks the replies, the order of notified() calls, the
 * component's output notification and the refusal of invalid channels.
 */
#include <interfaces/sel4_client.h>
#include <kaal/bootinfo.h>
#include <kaal/component.h>
#include <kaal/debug.h>
#include <sel4/arch/syscalls.h>
#include <sel4/bootinfo_types.h>
#include <sel4/errors.h>
#include <sel4/objecttype.h>

KAAL_DEFINE_IPC_BUFFER();

void root_main(seL4_BootInfo *bi);

__asm__(".section .rodata\n.balign 16\necho_elf:\n.incbin \"" KAAL_ECHO_ELF "\"\n"
        "echo_elf_end:\n.previous");
extern const unsigned char echo_elf[], echo_elf_end[];

#define CNODE  seL4_CapInitThreadCNode
#define VSPACE seL4_CapInitThreadVSpace
#define DEPTH  64
#define PAGE   4096ul
#define INFO_FILL                                                                                  \
    0x20000000ul /* where the loader fills the info page before mapping it read-only */
#define ECHO_ID 7
#define ROOT_CH 4 /* the root's channel id for the echo component: the badge of its signals */
#define PRIO    100

enum { LABEL_SEQ = 1, LABEL_ADD = 2, LABEL_PING = 3, LABEL_BADCH = 4 };

static seL4_CPtr ut, next_slot;
static seL4_Word failures;

static int check(int ok, const char *what)
{
    kaal_debug_puts(ok ? "[test] ok: " : "[test] FAILED: ");
    kaal_debug_puts(what);
    kaal_debug_puts("\n");
    failures += !ok;
    return ok;
}

/* A new object from the untyped, in the next free slot; 0 on failure. */
static seL4_CPtr alloc(seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = next_slot++;

    return seL4_Untyped_Retype(ut, type, size_bits, CNODE, 0, 0, slot, 1) ? 0 : slot;
}

/* Gives va the paging level that is missing (PT, else PD, else PDPT); false if none could be. */
static int map_missing_level(seL4_Word va)
{
    seL4_CPtr pt = alloc(seL4_X86_PageTableObject, 0);

    if (seL4_X86_PageTable_Map(pt, VSPACE, va, seL4_X86_Default_VMAttributes) != seL4_FailedLookup)
        return 1;
    seL4_CPtr pd = alloc(seL4_X86_PageDirectoryObject, 0);
    if (seL4_X86_PageDirectory_Map(pd, VSPACE, va, seL4_X86_Default_VMAttributes) !=
        seL4_FailedLookup)
        return 1;
    seL4_CPtr pdpt = alloc(seL4_X86_PDPTObject, 0);
    return seL4_X86_PDPT_Map(pdpt, VSPACE, va, seL4_X86_Default_VMAttributes) == seL4_NoError;
}

/* Maps frame at va in the shared VSpace, making page tables as needed; false if it fails. */
static int map_frame(seL4_CPtr frame, seL4_Word va, seL4_CapRights_t rights)
{
    for (int tries = 0; tries < 4; tries++) {
        seL4_Error e = seL4_X86_Page_Map(frame, VSPACE, va, rights, seL4_X86_Default_VMAttributes);
        if (e != seL4_FailedLookup)
            return e == seL4_NoError;
        if (!map_missing_level(va))
            return 0;
    }
    return 0;
}

/* A new frame mapped read-write at va; its cap, or 0. */
static seL4_CPtr new_page(seL4_Word va)
{
    seL4_CPtr frame = alloc(seL4_X86_4K, 0);

    return frame && map_frame(frame, va, seL4_ReadWrite) ? frame : 0;
}

struct elf_phdr {
    seL4_Uint32 type, flags;
    seL4_Word offset, vaddr, paddr, filesz, memsz, align;
};

/* Maps and fills the ELF's PT_LOAD segments; returns its entry point, or 0. */
static seL4_Word load_elf(const unsigned char *elf)
{
    seL4_Word entry = *(const seL4_Word *)(elf + 24), phoff = *(const seL4_Word *)(elf + 32);
    seL4_Uint16 phnum = *(const seL4_Uint16 *)(elf + 56);
    seL4_Word last_page = 0;

    for (seL4_Uint16 i = 0; i < phnum; i++) {
        const struct elf_phdr *ph = (const struct elf_phdr *)(elf + phoff + i * sizeof(*ph));
        if (ph->type != 1)
            continue;
        for (seL4_Word va = ph->vaddr & ~(PAGE - 1); va < ph->vaddr + ph->memsz; va += PAGE) {
            if (va != last_page && !new_page(va))
                return 0;
            last_page = va;
        }
        volatile unsigned char *dst = (volatile unsigned char *)ph->vaddr;
        for (seL4_Word b = 0; b < ph->filesz; b++)
            dst[b] = elf[ph->offset + b]; /* fresh frames are zero: .bss needs nothing */
    }
    return entry;
}

static void copy_name(char *dst, const char *src)
{
    while ((*dst++ = *src++))
        ;
}

/* Fills the info page at INFO_FILL, then maps a copy read-only at the layout's address. */
static int map_info(void)
{
    seL4_CPtr frame = new_page(INFO_FILL), ro = next_slot++;
    struct kaal_component_info *info = (struct kaal_component_info *)INFO_FILL;

    if (!frame)
        return 0;
    info->magic = KAAL_COMPONENT_INFO_MAGIC;
    info->version = KAAL_COMPONENT_INFO_VERSION;
    info->id = ECHO_ID;
    copy_name(info->name, "echo");
    info->channel[0].flags = KAAL_CH_NOTIFIED | KAAL_CH_NOTIFY;
    info->channel[1].flags = KAAL_CH_PROTECTED;
    info->channel[5].flags = KAAL_CH_NOTIFIED;
    info->channel[7].flags = KAAL_CH_NOTIFIED; /* the peer may signal, but not call */
    info->channel[9].flags = KAAL_CH_NOTIFIED;
    for (int ch = 0; ch < KAAL_MAX_CHANNELS; ch++)
        info->channel[ch].peer_id = 0; /* the root task */
    return !seL4_CNode_Copy(CNODE, ro, DEPTH, CNODE, frame, DEPTH, seL4_AllRights) &&
           map_frame(ro, KAAL_COMPONENT_INFO_VADDR, seL4_CanRead);
}

/* The runtime pages of the layout: stack, IPC buffer (returned), info page; 0 on failure. */
static seL4_CPtr map_runtime_pages(void)
{
    for (seL4_Word va = KAAL_STACK_BASE; va < KAAL_STACK_TOP; va += PAGE) {
        if (!new_page(va))
            return 0;
    }
    return map_info() ? new_page(KAAL_IPC_BUFFER_VADDR) : 0;
}

/* Copies (badge 0) or mints src into slot of the component's CNode (addressed with its radix). */
static int give(seL4_CPtr cnode, seL4_Word slot, seL4_CPtr src, seL4_Word badge)
{
    return !seL4_CNode_Mint(cnode, slot, KAAL_CNODE_RADIX, CNODE, src, DEPTH, seL4_AllRights,
                            badge);
}

/* A badged copy of src in the root's CNode; its slot. */
static seL4_CPtr badged(seL4_CPtr src, seL4_Word badge)
{
    seL4_CPtr slot = next_slot++;

    seL4_CNode_Mint(CNODE, slot, DEPTH, CNODE, src, DEPTH, seL4_AllRights, badge);
    return slot;
}

struct echo {
    seL4_CPtr tcb, ep, ntfn, root_ntfn;
};

/* The component's CSpace: the fixed slots and its one output notification (channel 0). */
static int make_cspace(struct echo *e, seL4_CPtr cnode)
{
    seL4_CPtr broker = alloc(seL4_EndpointObject, 0), fault = alloc(seL4_EndpointObject, 0);

    return broker && fault && give(cnode, KAAL_SLOT_INPUT_EP, e->ep, 0) &&
           give(cnode, KAAL_SLOT_INPUT_NTF, e->ntfn, 0) && give(cnode, KAAL_SLOT_TCB, e->tcb, 0) &&
           give(cnode, KAAL_SLOT_VSPACE, VSPACE, 0) &&
           give(cnode, KAAL_SLOT_CNODE, cnode, KAAL_CNODE_GUARD_DATA) &&
           give(cnode, KAAL_SLOT_BROKER, broker, 0) &&
           give(cnode, KAAL_SLOT_FAULT_EP, fault, ECHO_ID) &&
           give(cnode, KAAL_SLOT_NOTIFY_BASE + 0, e->root_ntfn, KAAL_NTF_BADGE(ROOT_CH));
}

/* Loads the component and starts it; false if any step fails. */
static int load(struct echo *e)
{
    seL4_CPtr cnode = alloc(seL4_CapTableObject, KAAL_CNODE_RADIX);
    seL4_Word entry = load_elf(echo_elf);
    seL4_CPtr ipc = map_runtime_pages();
    seL4_UserContext regs = {0};

    e->tcb = alloc(seL4_TCBObject, 0);
    e->ep = alloc(seL4_EndpointObject, 0);
    e->ntfn = alloc(seL4_NotificationObject, 0);
    e->root_ntfn = alloc(seL4_NotificationObject, 0);
    if (!check(cnode && entry && ipc && e->tcb && e->ep && e->ntfn && e->root_ntfn,
               "the ELF, stack, IPC buffer and info page are mapped at the layout's addresses"))
        return 0;
    if (!check(make_cspace(e, cnode), "the component's CNode holds the layout's fixed slots"))
        return 0;
    regs.rip = entry;
    regs.rsp = KAAL_STACK_TOP;
    regs.rflags = 0x202;
    seL4_DebugNameThread(e->tcb, "echo");
    return check(!seL4_TCB_Configure(e->tcb, KAAL_SLOT_FAULT_EP, cnode, KAAL_CNODE_GUARD_DATA,
                                     VSPACE, 0, KAAL_IPC_BUFFER_VADDR, ipc) &&
                     !seL4_TCB_SetPriority(e->tcb, seL4_CapInitThreadTCB, PRIO) &&
                     !seL4_TCB_BindNotification(e->tcb, e->ntfn) &&
                     !seL4_TCB_WriteRegisters(e->tcb, 1, 0, 20, &regs),
                 "the TCB is configured, bound to the notification and started");
}

/* Calls through ep with label and mr0, mr1; returns the reply's label, words in m[0..3]. */
static seL4_Word call(seL4_CPtr ep, seL4_Word label, seL4_Word a, seL4_Word b, seL4_Word m[4])
{
    m[0] = a;
    m[1] = b;
    m[2] = m[3] = 0;
    seL4_MessageInfo_t info =
        seL4_CallWithMRs(ep, kaal_msginfo_new(label, 2), &m[0], &m[1], &m[2], &m[3]);
    return seL4_MessageInfo_get_label(info);
}

static void exercise(const struct echo *e)
{
    seL4_CPtr ch1 = badged(e->ep, KAAL_PPC_BADGE(1)), ch7 = badged(e->ep, KAAL_PPC_BADGE(7));
    seL4_CPtr ch63 = badged(e->ep, KAAL_PPC_BADGE(63));
    seL4_Word m[4], badge;

    /* Three channels signal before the component runs: one word, bits 0, 9 and 20. */
    seL4_Signal(badged(e->ntfn, KAAL_NTF_BADGE(9)));
    seL4_Signal(badged(e->ntfn, KAAL_NTF_BADGE(0)));
    seL4_Signal(badged(e->ntfn, KAAL_NTF_BADGE(20)));
    check(call(ch1, LABEL_SEQ, 0, 0, m) == 0 && m[0] == 2 && m[1] == 0 && m[2] == 9,
          "notified(0) then notified(9); channel 20, not connected, ignored");
    check(call(ch1, LABEL_ADD, 40, 2, m) == 0 && m[0] == 42 && m[1] == 1,
          "protected() gets the caller's channel and its reply reaches the caller");
    seL4_Signal(badged(e->ntfn, KAAL_NTF_BADGE(5)));
    check(call(ch1, LABEL_SEQ, 0, 0, m) == 0 && m[0] == 1 && m[1] == 5,
          "a notification between two calls (ReplyRecv, then Recv)");
    check(call(ch1, LABEL_PING, 0, 0, m) == 0, "kaal_notify on channel 0");
    seL4_Poll(e->root_ntfn, &badge);
    check(badge == KAAL_NTF_BADGE(ROOT_CH), "the component's signal arrived with its badge");
    check(call(ch1, LABEL_BADCH, 0, 0, m) == 0 && m[0] == 5,
          "kaal_notify, kaal_ppcall and kaal_irq_ack refuse invalid channels");
    check(call(ch7, LABEL_ADD, 1, 1, m) == KAAL_LABEL_BAD_CHANNEL,
          "a call on a channel not open for calls is refused");
    check(call(ch63, LABEL_ADD, 1, 1, m) == KAAL_LABEL_BAD_CHANNEL,
          "a call badge with channel 63 is refused");
    check(call(ch1, LABEL_ADD, 5, 6, m) == 0 && m[0] == 11, "the component still serves calls");
}

/* A RAM untyped of at least 2^bits bytes, or 0. */
static seL4_CPtr find_untyped(const seL4_BootInfo *bi, seL4_Word bits)
{
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= bits)
            return bi->untyped.start + i;
    return 0;
}

void root_main(seL4_BootInfo *bi)
{
    struct echo e;

    seL4_SetIPCBuffer(bi->ipcBuffer);
    ut = find_untyped(bi, 21);
    next_slot = bi->empty.start;
    if (check(ut && bi->empty.end - bi->empty.start > 128, "a 2 MiB untyped and free slots") &&
        load(&e))
        exercise(&e);
    kaal_debug_puts(failures ? "[test] component: FAILED\n" : "[test] component: all passed\n");
    seL4_DebugHalt();
}
