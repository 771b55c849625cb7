/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dmawild: a driver whose device does DMA where it should not.  It drives
 * QEMU's edu device (PCI 1234:11e8), whose DMA engine copies between the
 * device's 4 KiB buffer (at 0x40000 in the engine's addresses) and memory.
 * First a copy within its DMA memory, which must work; then the device is
 * told to write into a page of the component's ordinary memory, which the
 * root server never granted to the device.  With the IOMMU on, the write
 * must not land (and the kernel reports the device's fault); without it,
 * it lands, which the test also expects, so that it can tell the two apart.
 * Last it reads its own caps through the broker, as the shell's caps does:
 * the DMA grant's entry names the device's IOMMU domain, the number the
 * kernel's fault report gives.
 */
#include <kaal/broker.h>
#include <kaal/dddk.h>

#define EDU_ID      0x00
#define EDU_DMA_SRC 0x80
#define EDU_DMA_DST 0x88
#define EDU_DMA_LEN 0x90
#define EDU_DMA_CMD 0x98
#define EDU_CMD_RUN 1u
#define EDU_TO_RAM  2u
#define EDU_BUFFER  0x40000u
#define COPY        64
#define PAGE_VA     0x380000000ul
#define MARK        0x5a

/* One transfer of COPY bytes by the device; 0 once the engine reports it done. */
static int edu_dma(struct dddk_dev *d, uint64_t src, uint64_t dst, uint32_t cmd)
{
    dddk_write32(d->bar[0], EDU_DMA_SRC, (uint32_t)src);
    dddk_write32(d->bar[0], EDU_DMA_DST, (uint32_t)dst);
    dddk_write32(d->bar[0], EDU_DMA_LEN, COPY);
    dddk_write32(d->bar[0], EDU_DMA_CMD, cmd | EDU_CMD_RUN);
    return DDDK_WAIT(d, !(dddk_read32(d->bar[0], EDU_DMA_CMD) & EDU_CMD_RUN), 5000000) ? 0 : -1;
}

/* Memory -> device buffer -> memory, all within the DMA grant. */
static int copy_within(struct dddk_dev *d)
{
    uint64_t from, to;
    uint8_t *a = dddk_dma_alloc(d, COPY, 64, &from), *b = dddk_dma_alloc(d, COPY, 64, &to);

    for (int i = 0; i < COPY; i++)
        a[i] = (uint8_t)(i * 7 + 1);
    if (!a || !b || edu_dma(d, from, EDU_BUFFER, 0) || edu_dma(d, EDU_BUFFER, to, EDU_TO_RAM))
        return -1;
    for (int i = 0; i < COPY; i++)
        if (b[i] != a[i])
            return -1;
    return 0;
}

/* The IOMMU domain the broker reports for this component's DMA grant; 0 if none or not found. */
static seL4_Word dma_domain(void)
{
    struct kaal_broker_ps_out ps;
    struct kaal_broker_caps_out cap;

    for (seL4_Word n = 0; kaal_broker_ps(KAAL_SLOT_BROKER, n, &ps) == 0; n++) {
        const char *a = ps.name, *b = "dmawild";
        while (*a && *a == *b)
            a++, b++;
        if (*a || *b)
            continue;
        for (seL4_Word i = 0; kaal_broker_caps(KAAL_SLOT_BROKER, ps.id, i, &cap) == 0; i++)
            if (cap.kind == KAAL_CAP_DMA)
                return cap.c;
    }
    return 0;
}

static int dmawild_init(struct dddk_dev *d)
{
    struct kaal_broker_mem_alloc_out mem;
    struct kaal_broker_phys_out phys;
    volatile uint8_t *page = (volatile uint8_t *)PAGE_VA;
    int landed = 0;

    if ((dddk_read32(d->bar[0], EDU_ID) & 0xffff) != 0x00ed || copy_within(d)) {
        dddk_fail(d, "the edu device did not copy within its DMA memory", "is this -device edu?");
        return -1;
    }
    dddk_log(d, "ok: the device copies within its DMA memory");
    if (kaal_broker_mem_alloc(KAAL_SLOT_BROKER, PAGE_VA, 4096, &mem) ||
        kaal_broker_phys(KAAL_SLOT_BROKER, PAGE_VA, &phys)) {
        dddk_fail(d, "no page of ordinary memory", "give the component memory: 4K");
        return -1;
    }
    for (int i = 0; i < COPY; i++)
        page[i] = MARK;
    dddk_log_hex(d, "telling the device to write outside its DMA memory, at ", phys.phys);
    if (edu_dma(d, EDU_BUFFER, phys.phys, EDU_TO_RAM)) {
        dddk_fail(d, "the edu device did not finish the transfer", "is this -device edu?");
        return -1;
    }
    for (int i = 0; i < COPY; i++)
        landed |= page[i] != MARK;
    dddk_log(d, landed ? "the write outside its DMA memory landed"
                       : "ok: the write outside its DMA memory did not land");
    dddk_log_hex(d, "the broker lists its DMA memory in IOMMU domain (0: none) ", dma_domain());
    dddk_log(d, "ready");
    return 0;
}

DDDK_DRIVER(dmawild, DDDK_PCI(DDDK_ID(0x1234, 0x11e8)), DDDK_BAR(0, 4096), .dma_size = 4096,
            .init = dmawild_init);
