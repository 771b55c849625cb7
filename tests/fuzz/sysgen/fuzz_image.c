/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target for sysimage_check (sdk/private/include/kaal/sysimage.h).  The
 * input is copied into an 8-byte aligned buffer of exactly its size, so
 * ASan reports any read past the end; an accepted image is then walked the
 * way a loader would, through every record and index, and a refusal must
 * come with a reason.
 */
#include <kaal/sysimage.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t *buf = malloc(size ? size : 1);
    const char *why = NULL;
    volatile unsigned sum = 0;
    memcpy(buf, data, size);
    if (sysimage_check(buf, size, &why) == 0) {
        const unsigned char *img = (const void *)buf;
        const struct kaal_sysimage_header *h = (const void *)img;
        const struct kaal_sysimage_component *c = (const void *)(img + h->components.offset);
        const struct kaal_sysimage_map *m = (const void *)(img + h->maps.offset);
        const struct kaal_sysimage_region *r = (const void *)(img + h->regions.offset);
        for (uint32_t i = 0; i < h->components.count; i++) {
            sum += img[c[i].elf_offset + c[i].elf_size - 1] + (unsigned)strlen(c[i].name);
            for (uint32_t j = c[i].map_first; j < c[i].map_first + c[i].map_count; j++)
                sum += (unsigned)r[m[j].region].size;
        }
    } else if (!why || !*why) {
        fprintf(stderr, "PROPERTY: refused without a reason\n");
        abort();
    }
    (void)sum;
    free(buf);
    return 0;
}
