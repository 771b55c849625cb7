/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hello: tutorial 01's one component (README.md).  The runtime calls
 * init() once when the root server starts the component; it prints two
 * lines and returns.  With no channels, nothing will ever call notified(),
 * so the component waits for ever and the system goes idle.
 */
#include <kaal/component.h>

void init(void)
{
    kaal_log("Hello, world!\n");                    /* "[hello] Hello, world!" */
    kaal_log_num("my component id is ", kaal_id()); /* from the info page the root server wrote */
}
