/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * asserter: a component without `heap:` whose assert fails.  malloc must
 * return NULL (the runtime logs once that there is no heap), and the failed
 * assert must print its message under this component's name and stop it,
 * while the system goes on (libcheck runs after it).
 */
#include <assert.h>
#include <kaal/component.h>
#include <stdio.h>
#include <stdlib.h>

void init(void)
{
    void *p = malloc(16);

    printf("%s: malloc without a heap gives %s\n", p ? "FAILED" : "ok", p ? "memory" : "NULL");
    assert(p != NULL && "a component without heap: has no malloc");
    printf("FAILED: still running after a failed assert\n");
}
