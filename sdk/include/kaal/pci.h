/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PCI listings in the style of lspci, from what the broker's
 * KAAL_BROKER_PCI_LIST and KAAL_BROKER_PCI_INFO return:
 *
 *   00:02.0 Ethernet controller [0200]: 8086:100e (rev 03)
 *
 * Header only and freestanding, for any component (the shell's lspci).
 */
#pragma once

#include <stdint.h>

/* The name of a PCI class and subclass (class << 8 | subclass), or of the class alone. */
static inline const char *kaal_pci_class_name(uint16_t class_sub)
{
    static const struct {
        uint16_t code;
        const char *name;
    } names[] = {
        {0x0100, "SCSI storage controller"},
        {0x0101, "IDE interface"},
        {0x0106, "SATA controller"},
        {0x0108, "Non-Volatile memory controller"},
        {0x0200, "Ethernet controller"},
        {0x0300, "VGA compatible controller"},
        {0x0403, "Audio device"},
        {0x0600, "Host bridge"},
        {0x0601, "ISA bridge"},
        {0x0604, "PCI bridge"},
        {0x0c03, "USB controller"},
        {0x0c05, "SMBus"},
        {0x0780, "Communication controller"},
        {0x0880, "System peripheral"},
    };
    static const char *const classes[] = {
        "Unclassified device",
        "Mass storage controller",
        "Network controller",
        "Display controller",
        "Multimedia controller",
        "Memory controller",
        "Bridge",
        "Communication controller",
        "Generic system peripheral",
        "Input device controller",
        "Docking station",
        "Processor",
        "Serial bus controller",
    };

    for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].code == class_sub)
            return names[i].name;
    return (class_sub >> 8) < sizeof(classes) / sizeof(classes[0]) ? classes[class_sub >> 8]
                                                                   : "Unknown class";
}

/* Writes "bb:ss.f Name [ccss]: vvvv:dddd (rev rr)" into buf (n bytes, NUL-terminated, cut short
 * if need be) for the function bdf with ids (vendor | device << 16) and its class word. */
static inline void kaal_pci_format(char *buf, unsigned int n, uint32_t bdf, uint32_t ids,
                                   uint32_t class_rev)
{
    unsigned int at = 0;
    const char *digits = "0123456789abcdef";
#define KAAL_PCI_PUT(c)                                                                            \
    do {                                                                                           \
        if (at + 1 < n)                                                                            \
            buf[at++] = (c);                                                                       \
    } while (0)
#define KAAL_PCI_HEX(v, w)                                                                         \
    for (int s_ = 4 * ((w)-1); s_ >= 0; s_ -= 4)                                                   \
    KAAL_PCI_PUT(digits[(v) >> s_ & 0xf])

    if (n == 0)
        return;
    KAAL_PCI_HEX(bdf >> 8, 2);
    KAAL_PCI_PUT(':');
    KAAL_PCI_HEX(bdf >> 3 & 31, 2);
    KAAL_PCI_PUT('.');
    KAAL_PCI_HEX(bdf & 7, 1);
    KAAL_PCI_PUT(' ');
    for (const char *p = kaal_pci_class_name((uint16_t)(class_rev >> 16)); *p; p++)
        KAAL_PCI_PUT(*p);
    KAAL_PCI_PUT(' ');
    KAAL_PCI_PUT('[');
    KAAL_PCI_HEX(class_rev >> 16, 4);
    KAAL_PCI_PUT(']');
    KAAL_PCI_PUT(':');
    KAAL_PCI_PUT(' ');
    KAAL_PCI_HEX(ids, 4);
    KAAL_PCI_PUT(':');
    KAAL_PCI_HEX(ids >> 16, 4);
    for (const char *p = " (rev "; *p; p++)
        KAAL_PCI_PUT(*p);
    KAAL_PCI_HEX(class_rev, 2);
    KAAL_PCI_PUT(')');
    buf[at] = '\0';
#undef KAAL_PCI_PUT
#undef KAAL_PCI_HEX
}
