/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target for kaal-sysgen's parser and checks (tools/sysgen),
 * without reading ELF files.  Beyond not crashing: a description with
 * errors must have printed file:line:col: error: lines each followed by a
 * hint, and one without must give an image that sysimage_check accepts
 * (the components' ELF data is empty here, so the check runs on an image
 * with each component given one fake byte).
 */
#include "sysgen.h"

#include <kaal/sysimage.h>

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what)
{
    fprintf(stderr, "PROPERTY: %s\n", what);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned char fake_elf[1] = {0x7f};
    char *out = NULL;
    size_t outlen = 0;
    FILE *diag = open_memstream(&out, &outlen);
    struct sg_system s;
    sg_init(&s, "f.yaml", diag);
    s.check_files = false;
    sg_parse(&s, data, size);
    if (s.have_doc)
        sg_check(&s);
    sg_report(&s);
    fclose(diag);
    if (s.errors) {
        if (strncmp(out, "f.yaml:", 7) != 0 || !strstr(out, ": error: ") ||
            !strstr(out, "\n  hint: "))
            broken("an error without file:line:col: error: and a hint");
    } else {
        for (size_t i = 0; i < s.ncomponents; i++)
            s.components[i].elf_data = fake_elf, s.components[i].elf_size = 1;
        size_t len = 0;
        unsigned char *img = sg_image(&s, &len);
        const char *why = "";
        if (img && sysimage_check(img, len, &why) != 0)
            broken(why);
        free(img);
        for (size_t i = 0; i < s.ncomponents; i++)
            s.components[i].elf_data = NULL;
    }
    sg_free(&s);
    free(out);
    return 0;
}
