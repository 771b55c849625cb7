/* SPDX-License-Identifier: BSD-2-Clause */
/* The host unit-test harness (see test.h). */
#include "test.h"

#include <stdarg.h>
#include <stdio.h>

static int failures_in_case;

void test_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    printf("  %s:%d: ", file, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    failures_in_case++;
}

int test_main(const char *suite, const struct test_case *cases, size_t n)
{
    int failed = 0;

    for (size_t i = 0; i < n; i++) {
        failures_in_case = 0;
        cases[i].fn();
        printf("%s: unit/%s/%s\n", failures_in_case ? "FAIL" : "PASS", suite, cases[i].name);
        fflush(stdout);
        failed += failures_in_case != 0;
    }
    return failed ? 1 : 0;
}
