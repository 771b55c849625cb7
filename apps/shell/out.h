/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The shell's output: everything a command prints goes into one ring of
 * OUT_SIZE bytes, which shell.c drains into the serial driver's transmit
 * buffers as they come free.  Commands therefore never wait for the UART;
 * a command's output larger than the ring loses its end, counted in
 * out_lost.  Pure C (no kernel calls), so the host tests use it too.
 * Lines end in "\r\n", as a terminal wants.
 */
#pragma once

#include <stdint.h>

#define OUT_SIZE 16384

void out_bytes(const char *s, unsigned int n);
void out_str(const char *s);
void out_dec(uint64_t v);
void out_hex(uint64_t v); /* "0x" and lower-case digits */
/* s, then spaces up to width characters (none if s is longer). */
void out_pad(const char *s, unsigned int width);
/* v in decimal, right-aligned in width characters. */
void out_dec_pad(uint64_t v, unsigned int width);
/* A size: "N bytes" below 1 KiB, "N KiB" below 1 MiB, else "N MiB" (rounded down). */
void out_size(uint64_t bytes);

/* While sink is set (not NULL), everything printed goes to it instead of the ring: a command's
 * output redirected to a file.  The terminal's line ends ("\r\n") reach it as "\n". */
void out_redirect(void (*sink)(const char *s, unsigned int n));

/* A file's bytes (cat): to the terminal with each "\n" made "\r\n", as a tty does; to a sink
 * as they are. */
void out_text(const char *s, unsigned int n);

/* Bytes waiting to go out. */
unsigned int out_pending(void);
/* Takes up to max waiting bytes into dst; returns how many. */
unsigned int out_take(char *dst, unsigned int max);
/* Bytes dropped because the ring was full, since the start. */
extern uint64_t out_lost;
