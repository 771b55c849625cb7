/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * witness: the lowest priority, so it runs after the others have faulted.
 * It shows that the system goes on: the victim still answers, with its
 * secret unchanged and with the channel the witness's badge names.
 */
#include "check.h"

void init(void)
{
    seL4_MessageInfo_t r = kaal_ppcall(0, kaal_msginfo_new(LABEL_PEEK, 0));

    check(seL4_MessageInfo_get_label(r) == 0 && kaal_mr_get(0) == 4 &&
              kaal_mr_get(1) == SECRET_MAGIC,
          "the victim still serves after the faults, its secret intact");
    kaal_log("done\n");
}
