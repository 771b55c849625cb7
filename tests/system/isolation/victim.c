/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * victim: keeps a secret word in a region no other component maps, and
 * answers protected calls with the channel the call came on (which the
 * kernel derives from the caller's badge) and the secret word.
 */
#include "check.h"

void init(void)
{
    *(volatile seL4_Word *)SECRET_VADDR = SECRET_MAGIC;
}

seL4_MessageInfo_t protected(unsigned int ch, seL4_MessageInfo_t msginfo)
{
    if (seL4_MessageInfo_get_label(msginfo) != LABEL_PEEK)
        return kaal_msginfo_new(1, 0);
    kaal_mr_set(0, ch);
    kaal_mr_set(1, *(volatile seL4_Word *)SECRET_VADDR);
    return kaal_msginfo_new(0, 2);
}
