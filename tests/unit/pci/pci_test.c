/* SPDX-License-Identifier: BSD-2-Clause */
/* kaal_pci_format and kaal_pci_class_name (sdk/include/kaal/pci.h): lspci-style lines. */
#include "test.h"

#include <kaal/pci.h>
#include <string.h>

static void formats_a_known_class(void)
{
    char buf[96];

    kaal_pci_format(buf, sizeof(buf), 0x010, 0x100e8086, 0x02000003);
    CHECK_STR(buf, "00:02.0 Ethernet controller [0200]: 8086:100e (rev 03)");
    kaal_pci_format(buf, sizeof(buf), 0x1ffu | 3u << 8, 0x29188086, 0x06010002);
    CHECK_STR(buf, "03:1f.7 ISA bridge [0601]: 8086:2918 (rev 02)");
}

static void falls_back_to_the_class(void)
{
    CHECK_STR(kaal_pci_class_name(0x0180), "Mass storage controller");
    CHECK_STR(kaal_pci_class_name(0x4000), "Unknown class");
}

static void cuts_short_and_terminates(void)
{
    char buf[12];

    memset(buf, 'x', sizeof(buf));
    kaal_pci_format(buf, 8, 0x010, 0x100e8086, 0x02000003);
    CHECK_STR(buf, "00:02.0");
    CHECK_EQ(buf[8], 'x');
    kaal_pci_format(buf, 0, 0, 0, 0);
    CHECK_EQ(buf[0], '0');
}

TEST_CASES({formats_a_known_class, "formats_a_known_class"},
           {falls_back_to_the_class, "falls_back_to_the_class"},
           {cuts_short_and_terminates, "cuts_short_and_terminates"}, );
TEST_MAIN("pci")
