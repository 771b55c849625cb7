/* SPDX-License-Identifier: BSD-2-Clause */
/* lspci: prints every PCI function, one lspci-style line each, then how many there were. */
#include <kaal/broker.h>
#include <kaal/component.h>
#include <kaal/pci.h>

void init(void)
{
    seL4_Word r[3], n = 0;
    char line[96];

    while (kaal_broker_call(KAAL_BROKER_PCI_LIST, n, 0, 0, r) == KAAL_BROKER_OK) {
        unsigned int len = 0;

        kaal_pci_format(line, sizeof(line) - 1, (uint32_t)r[0], (uint32_t)r[1], (uint32_t)r[2]);
        while (line[len])
            len++;
        line[len] = '\n';
        line[len + 1] = '\0';
        kaal_log(line);
        n++;
    }
    kaal_log_num("PCI functions: ", n);
}
