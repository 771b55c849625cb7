/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The few string and memory routines the kernel needs.  They keep the
 * standard names because gcc emits calls to memcpy and memset on its own;
 * host tests link the C library's versions instead of ours.
 */
#pragma once

#include <types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);
