/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The word-sized structures every seL4 message is built from, with
 * libsel4's names and accessors: the message info word, the capability
 * rights word, CNode cap data, and the IPC buffer.  libsel4 generates the
 * accessors from a bitfield spec; these are written by hand from the
 * layouts in SEL4_ABI.md, and each keeps libsel4's signature (the _new
 * functions take fields from the most significant down).
 *
 * A value too wide for its field is cut to the field's width here, where
 * libsel4's debug builds would assert; the bits beyond never leak into a
 * neighbouring field either way.
 */
#pragma once

#include <sel4/constants.h>
#include <sel4/simple_types.h>

/* ---- Message info: length 0-6, extraCaps 7-8, capsUnwrapped 9-11, label 12-63. */

typedef struct seL4_MessageInfo {
    seL4_Word words[1];
} seL4_MessageInfo_t;

#define SEL4_MI_LENGTH_SHIFT    0
#define SEL4_MI_LENGTH_MASK     0x7full
#define SEL4_MI_EXTRACAPS_SHIFT 7
#define SEL4_MI_EXTRACAPS_MASK  0x3ull
#define SEL4_MI_UNWRAPPED_SHIFT 9
#define SEL4_MI_UNWRAPPED_MASK  0x7ull
#define SEL4_MI_LABEL_SHIFT     12
#define SEL4_MI_LABEL_MASK      0xfffffffffffffull

static inline seL4_MessageInfo_t seL4_MessageInfo_new(seL4_Uint64 label, seL4_Uint64 capsUnwrapped,
                                                      seL4_Uint64 extraCaps, seL4_Uint64 length)
{
    seL4_MessageInfo_t mi;

    mi.words[0] = (label & SEL4_MI_LABEL_MASK) << SEL4_MI_LABEL_SHIFT |
                  (capsUnwrapped & SEL4_MI_UNWRAPPED_MASK) << SEL4_MI_UNWRAPPED_SHIFT |
                  (extraCaps & SEL4_MI_EXTRACAPS_MASK) << SEL4_MI_EXTRACAPS_SHIFT |
                  (length & SEL4_MI_LENGTH_MASK) << SEL4_MI_LENGTH_SHIFT;
    return mi;
}

static inline seL4_Uint64 seL4_MessageInfo_get_label(seL4_MessageInfo_t mi)
{
    return (mi.words[0] >> SEL4_MI_LABEL_SHIFT) & SEL4_MI_LABEL_MASK;
}

static inline seL4_Uint64 seL4_MessageInfo_get_capsUnwrapped(seL4_MessageInfo_t mi)
{
    return (mi.words[0] >> SEL4_MI_UNWRAPPED_SHIFT) & SEL4_MI_UNWRAPPED_MASK;
}

static inline seL4_Uint64 seL4_MessageInfo_get_extraCaps(seL4_MessageInfo_t mi)
{
    return (mi.words[0] >> SEL4_MI_EXTRACAPS_SHIFT) & SEL4_MI_EXTRACAPS_MASK;
}

static inline seL4_Uint64 seL4_MessageInfo_get_length(seL4_MessageInfo_t mi)
{
    return (mi.words[0] >> SEL4_MI_LENGTH_SHIFT) & SEL4_MI_LENGTH_MASK;
}

/* Returns mi with the field at shift (of width mask) replaced by v. */
static inline seL4_MessageInfo_t seL4_MessageInfo_set_field_(seL4_MessageInfo_t mi, int shift,
                                                             seL4_Uint64 mask, seL4_Uint64 v)
{
    mi.words[0] = (mi.words[0] & ~(mask << shift)) | (v & mask) << shift;
    return mi;
}

static inline seL4_MessageInfo_t seL4_MessageInfo_set_label(seL4_MessageInfo_t mi, seL4_Uint64 v)
{
    return seL4_MessageInfo_set_field_(mi, SEL4_MI_LABEL_SHIFT, SEL4_MI_LABEL_MASK, v);
}

static inline seL4_MessageInfo_t seL4_MessageInfo_set_capsUnwrapped(seL4_MessageInfo_t mi,
                                                                    seL4_Uint64 v)
{
    return seL4_MessageInfo_set_field_(mi, SEL4_MI_UNWRAPPED_SHIFT, SEL4_MI_UNWRAPPED_MASK, v);
}

static inline seL4_MessageInfo_t seL4_MessageInfo_set_extraCaps(seL4_MessageInfo_t mi,
                                                                seL4_Uint64 v)
{
    return seL4_MessageInfo_set_field_(mi, SEL4_MI_EXTRACAPS_SHIFT, SEL4_MI_EXTRACAPS_MASK, v);
}

static inline seL4_MessageInfo_t seL4_MessageInfo_set_length(seL4_MessageInfo_t mi, seL4_Uint64 v)
{
    return seL4_MessageInfo_set_field_(mi, SEL4_MI_LENGTH_SHIFT, SEL4_MI_LENGTH_MASK, v);
}

/* ---- Capability rights: AllowWrite bit 0, AllowRead 1, AllowGrant 2, AllowGrantReply 3. */

typedef struct seL4_CapRights {
    seL4_Word words[1];
} seL4_CapRights_t;

static inline seL4_CapRights_t seL4_CapRights_new(seL4_Uint64 capAllowGrantReply,
                                                  seL4_Uint64 capAllowGrant,
                                                  seL4_Uint64 capAllowRead,
                                                  seL4_Uint64 capAllowWrite)
{
    seL4_CapRights_t r;

    r.words[0] = (capAllowGrantReply & 1) << 3 | (capAllowGrant & 1) << 2 |
                 (capAllowRead & 1) << 1 | (capAllowWrite & 1);
    return r;
}

static inline seL4_Uint64 seL4_CapRights_get_capAllowGrantReply(seL4_CapRights_t r)
{
    return (r.words[0] >> 3) & 1;
}

static inline seL4_Uint64 seL4_CapRights_get_capAllowGrant(seL4_CapRights_t r)
{
    return (r.words[0] >> 2) & 1;
}

static inline seL4_Uint64 seL4_CapRights_get_capAllowRead(seL4_CapRights_t r)
{
    return (r.words[0] >> 1) & 1;
}

static inline seL4_Uint64 seL4_CapRights_get_capAllowWrite(seL4_CapRights_t r)
{
    return r.words[0] & 1;
}

/* libsel4's named rights values: the struct, not the raw bits of <sel4/constants.h>. */
#define seL4_AllRights     seL4_CapRights_new(1, 1, 1, 1)
#define seL4_CanRead       seL4_CapRights_new(0, 0, 1, 0)
#define seL4_CanWrite      seL4_CapRights_new(0, 0, 0, 1)
#define seL4_CanGrant      seL4_CapRights_new(0, 1, 0, 0)
#define seL4_CanGrantReply seL4_CapRights_new(1, 0, 0, 0)
#define seL4_NoWrite       seL4_CapRights_new(1, 1, 1, 0)
#define seL4_NoRead        seL4_CapRights_new(1, 1, 0, 1)
#define seL4_NoRights      seL4_CapRights_new(0, 0, 0, 0)
#define seL4_ReadWrite     seL4_CapRights_new(0, 0, 1, 1)

/* ---- CNode cap data (Mint/Mutate's badge word for a CNode): guardSize 0-5, guard 6-63. */

typedef struct seL4_CNode_CapData {
    seL4_Word words[1];
} seL4_CNode_CapData_t;

static inline seL4_CNode_CapData_t seL4_CNode_CapData_new(seL4_Uint64 guard, seL4_Uint64 guardSize)
{
    seL4_CNode_CapData_t d;

    d.words[0] = (guard & 0x3ffffffffffffffull) << 6 | (guardSize & 0x3f);
    return d;
}

static inline seL4_Uint64 seL4_CNode_CapData_get_guard(seL4_CNode_CapData_t d)
{
    return d.words[0] >> 6;
}

static inline seL4_Uint64 seL4_CNode_CapData_get_guardSize(seL4_CNode_CapData_t d)
{
    return d.words[0] & 0x3f;
}

/* ---- The IPC buffer: 128 words, aligned to its size, one per thread. */

typedef struct seL4_IPCBuffer_ {
    seL4_MessageInfo_t tag;
    seL4_Word msg[seL4_MsgMaxLength];
    seL4_Word userData;
    seL4_Word caps_or_badges[seL4_MsgMaxExtraCaps];
    seL4_CPtr receiveCNode;
    seL4_CPtr receiveIndex;
    seL4_Word receiveDepth;
} seL4_IPCBuffer __attribute__((__aligned__(sizeof(struct seL4_IPCBuffer_))));

_Static_assert(sizeof(seL4_IPCBuffer) == 1024, "the IPC buffer is 128 words");
