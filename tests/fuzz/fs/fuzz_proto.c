/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target for the file service's protocol layer: the generated
 * dispatch and the handlers of services/fs/proto.c over the VFS of
 * tests/unit/fs/svcfix.h (a cpio root, a ramfs at /tmp).  The input is a
 * run of raw requests from either client (one granted "/" read-write, one
 * /data read-only): [client][label][words][buffer bytes][word values...],
 * so labels, lengths, buffer ranges, descriptors and paths are the
 * fuzzer's.  After each request:
 *
 *   - the reply's label is 0 or an errno of <kaal/error.h> (1 to 133), and
 *     a success has no more words than the largest op's results;
 *   - the read-only client's requests never change the ramfs's free pages
 *     or inodes (it may reach nothing writable).
 *
 * ASan and UBSan catch any read or write outside the buffers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void svc_fail(const char *what)
{
    fprintf(stderr, "PROPERTY: %s\n", what);
    abort();
}
#define svc_check(ok) ((ok) ? (void)0 : svc_fail(#ok))
#include "svcfix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t at = 0;

    svc_setup();
    while (at + 3 <= size) {
        unsigned int ch = data[at] & 1, label = data[at + 1] % (KAAL_FS_OP_END + 2);
        unsigned int words = data[at + 2] % 20;
        at += 3;
        /* Some bytes into the client's buffer, at its start: paths for the request. */
        size_t n = at < size ? data[at++] % 48 : 0;
        for (size_t i = 0; i < n && at < size; i++)
            buffers[ch][i] = data[at++];
        for (unsigned int i = 0; i < words; i++) {
            seL4_Word w = 0;
            for (int b = 0; b < 2 && at < size; b++)
                w = w << 8 | data[at++];
            /* Small values mostly: offsets and lengths inside the buffer, low descriptors. */
            seL4_SetMR((int)i, (w & 0x8000) ? ~(seL4_Word)0 - (w & 0xff) : w & 0x1fff);
        }
        uint32_t pages = ram.free_pages, inodes = ram.free_inodes;
        seL4_MessageInfo_t r = loop_call(ch, seL4_MessageInfo_new(label, 0, 0, words));
        seL4_Word err = seL4_MessageInfo_get_label(r);
        svc_check(err <= 133);
        svc_check(err != 0 || seL4_MessageInfo_get_length(r) <= 16);
        if (ch == 1)
            svc_check(ram.free_pages == pages && ram.free_inodes == inodes);
    }
    return 0;
}
