/* SPDX-License-Identifier: BSD-2-Clause */
/* lspci: prints every PCI function, one lspci-style line each, then how many there were. */
#include <kaal/broker.h>
#include <kaal/component.h>
#include <kaal/pci.h>

void init(void)
{
    struct kaal_broker_pci_list_out f;
    seL4_Word n = 0;
    char line[96];

    while (kaal_broker_pci_list(KAAL_SLOT_BROKER, n, &f) == 0) {
        unsigned int len = 0;

        kaal_pci_format(line, sizeof(line) - 1, (uint32_t)f.bdf, (uint32_t)f.ids,
                        (uint32_t)f.class_word);
        while (line[len])
            len++;
        line[len] = '\n';
        line[len + 1] = '\0';
        kaal_log(line);
        n++;
    }
    kaal_log_num("PCI functions: ", n);
}
