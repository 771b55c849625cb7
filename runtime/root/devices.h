/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device grants (devices.c): the broker's ops that hand a component what
 * its description's `devices:` list grants it, MMIO, IRQs, I/O ports, DMA
 * memory and PCI configuration, and the PCI listing any component may read.
 */
#pragma once

#include "root.h"

#include <kaal/proto/broker.h>

/* Each serves one op for component ctx (<kaal/proto/broker.h>): 0 with the results set, or a
 * negative errno, the refusal logged. */
int dev_mmio(void *ctx, const struct kaal_broker_mmio_in *in, struct kaal_broker_mmio_out *out);
int dev_irq(void *ctx, const struct kaal_broker_irq_in *in, struct kaal_broker_irq_out *out);
int dev_ioport(void *ctx, const struct kaal_broker_ioport_in *in,
               struct kaal_broker_ioport_out *out);
int dev_dma(void *ctx, const struct kaal_broker_dma_in *in, struct kaal_broker_dma_out *out);
int dev_pci_read(void *ctx, const struct kaal_broker_pci_read_in *in,
                 struct kaal_broker_pci_read_out *out);
int dev_pci_write(void *ctx, const struct kaal_broker_pci_write_in *in);
int dev_pci_info(void *ctx, const struct kaal_broker_pci_info_in *in,
                 struct kaal_broker_pci_info_out *out);
int dev_pci_list(void *ctx, const struct kaal_broker_pci_list_in *in,
                 struct kaal_broker_pci_list_out *out);

/* The IOMMU domain device dev of c is in (its DMA reaches only its grant), or 0 if its DMA is not
 * remapped. */
seL4_Word dev_iommu_domain(const struct comp *c, seL4_Word dev);
