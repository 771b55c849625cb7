/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Basic kernel types.  word_t is the machine word that the seL4 ABI speaks
 * in; paddr_t and vaddr_t keep physical and virtual addresses apart in
 * signatures even though both are words.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uintptr_t word_t;
typedef intptr_t sword_t;
typedef uint64_t paddr_t;
typedef uintptr_t vaddr_t;

#define BIT(n)           (1ul << (n))
#define MASK(n)          (BIT(n) - 1ul)
#define ROUND_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define ROUND_UP(x, a)   ROUND_DOWN((x) + (a)-1, (a))
#define ARRAY_SIZE(a)    (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)        ((a) < (b) ? (a) : (b))
#define MAX(a, b)        ((a) > (b) ? (a) : (b))

#define UNUSED           __attribute__((unused))
#define NORETURN         __attribute__((noreturn))
#define ALWAYS_INLINE    inline __attribute__((always_inline))
#define PACKED           __attribute__((packed))
#define PRINTF_FMT(f, a) __attribute__((format(printf, f, a)))

#define KiB (1ul << 10)
#define MiB (1ul << 20)
#define GiB (1ul << 30)
