// SPDX-License-Identifier: BSD-2-Clause
/*
 * The port instructions behind IOPort caps (In8/16/32, Out8/16/32), which
 * object/ioport.c decodes and checks against the cap's range.  Kernel
 * only: host builds of the object code link the simulated port space in
 * tests/unit/object/sim.c instead.  The kernel's own port I/O
 * (<arch/io.h>) knows only the widths it uses.
 */
#include <arch/object/ioport.h>

static word_t port_in(uint16_t port, word_t width)
{
    uint8_t b;
    uint16_t w;
    uint32_t l;

    if (width == 1) {
        __asm__ volatile("inb %1, %0" : "=a"(b) : "Nd"(port));
        return b;
    }
    if (width == 2) {
        __asm__ volatile("inw %1, %0" : "=a"(w) : "Nd"(port));
        return w;
    }
    __asm__ volatile("inl %1, %0" : "=a"(l) : "Nd"(port));
    return l;
}

static void port_out(uint16_t port, word_t width, word_t v)
{
    if (width == 1)
        __asm__ volatile("outb %0, %1" ::"a"((uint8_t)v), "Nd"(port));
    else if (width == 2)
        __asm__ volatile("outw %0, %1" ::"a"((uint16_t)v), "Nd"(port));
    else
        __asm__ volatile("outl %0, %1" ::"a"((uint32_t)v), "Nd"(port));
}

word_t ioport_perform(const struct ioport_op *op)
{
    if (op->in)
        return port_in((uint16_t)op->port, op->width);
    port_out((uint16_t)op->port, op->width, op->data);
    return 0;
}
