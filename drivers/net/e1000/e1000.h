/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Intel 82540EM (QEMU's e1000) as the driver uses it: register
 * offsets in BAR 0, their bits, and the legacy receive and transmit
 * descriptors.  From Intel's PCI/PCI-X Family of Gigabit Ethernet
 * Controllers Software Developer's Manual (8254x), chapter 13; only what
 * e1000.c needs.
 */
#pragma once

#include <stdint.h>

/* Registers (byte offsets in BAR 0). */
#define E1000_CTRL   0x0000
#define E1000_STATUS 0x0008
#define E1000_ICR    0x00c0 /* interrupt cause; reading clears it */
#define E1000_IMS    0x00d0 /* interrupt mask set */
#define E1000_IMC    0x00d8 /* interrupt mask clear */
#define E1000_RCTL   0x0100
#define E1000_TCTL   0x0400
#define E1000_TIPG   0x0410
#define E1000_RDBAL  0x2800 /* receive ring: base, length in bytes, head, tail */
#define E1000_RDBAH  0x2804
#define E1000_RDLEN  0x2808
#define E1000_RDH    0x2810
#define E1000_RDT    0x2818
#define E1000_TDBAL  0x3800 /* transmit ring: the same */
#define E1000_TDBAH  0x3804
#define E1000_TDLEN  0x3808
#define E1000_TDH    0x3810
#define E1000_TDT    0x3818
#define E1000_MTA    0x5200 /* multicast table, 128 words */
#define E1000_RAL0   0x5400 /* receive address 0: the MAC address, loaded from the EEPROM */
#define E1000_RAH0   0x5404

#define E1000_CTRL_LRST    (1u << 3)  /* link reset */
#define E1000_CTRL_SLU     (1u << 6)  /* set link up */
#define E1000_CTRL_ILOS    (1u << 7)  /* invert loss-of-signal */
#define E1000_CTRL_RST     (1u << 26) /* device reset; self-clearing */
#define E1000_CTRL_VME     (1u << 30) /* VLAN mode */
#define E1000_CTRL_PHY_RST (1u << 31)

#define E1000_STATUS_LU (1u << 1) /* link up */

/* Interrupt causes (ICR, IMS, IMC). */
#define E1000_INT_TXDW (1u << 0) /* a descriptor with RS written back */
#define E1000_INT_LSC  (1u << 2) /* link status change */
#define E1000_INT_RXT0 (1u << 7) /* receive timer: a frame arrived */

/* RCTL: buffer size field 0 (with BSEX 0) is 2048 bytes. */
#define E1000_RCTL_EN    (1u << 1)
#define E1000_RCTL_BAM   (1u << 15) /* accept broadcast */
#define E1000_RCTL_SECRC (1u << 26) /* strip the FCS */

#define E1000_TCTL_EN      (1u << 1)
#define E1000_TCTL_PSP     (1u << 3)   /* pad short packets */
#define E1000_TCTL_CT(x)   ((x) << 4)  /* collision threshold */
#define E1000_TCTL_COLD(x) ((x) << 12) /* collision distance */

/* IPGT 10, IPGR1 8, IPGR2 6: the manual's values for IEEE 802.3 gaps on copper. */
#define E1000_TIPG_DEFAULT (10u | 8u << 10 | 6u << 20)

#define E1000_RAH_AV (1u << 31) /* the address is valid */

/* A legacy receive descriptor; the device writes length, status and errors. */
struct e1000_rx_desc {
    uint64_t addr;
    uint16_t length, csum;
    uint8_t status, errors;
    uint16_t special;
};

#define E1000_RXD_DD  (1u << 0) /* descriptor done */
#define E1000_RXD_EOP (1u << 1) /* end of packet */

/* A legacy transmit descriptor; the device writes status. */
struct e1000_tx_desc {
    uint64_t addr;
    uint16_t length;
    uint8_t cso, cmd, status, css; /* checksum offset, command, status, checksum start */
    uint16_t special;
};

#define E1000_TXD_EOP  (1u << 0) /* end of packet */
#define E1000_TXD_IFCS (1u << 1) /* insert the FCS */
#define E1000_TXD_RS   (1u << 3) /* report status: write DD back */
#define E1000_TXD_DD   (1u << 0)

_Static_assert(sizeof(struct e1000_rx_desc) == 16 && sizeof(struct e1000_tx_desc) == 16,
               "descriptors are 16 bytes");
