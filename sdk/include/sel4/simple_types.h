/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fixed-width types the seL4 API is written in (libsel4's names).  A
 * word is the machine word, 64 bits on every architecture KaaL targets.
 */
#pragma once

typedef signed char seL4_Int8;
typedef unsigned char seL4_Uint8;
typedef signed short seL4_Int16;
typedef unsigned short seL4_Uint16;
typedef signed int seL4_Int32;
typedef unsigned int seL4_Uint32;
typedef signed long long seL4_Int64;
typedef unsigned long long seL4_Uint64;

typedef seL4_Uint64 seL4_Word;
typedef seL4_Int8 seL4_Bool;
typedef seL4_Word seL4_CPtr;
typedef seL4_Word seL4_NodeId;
typedef seL4_Word seL4_Domain;
typedef seL4_Word seL4_SlotPos;
