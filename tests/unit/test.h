/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A small host unit-test harness.  Each test program has a table of
 * {function, "name"} cases and calls test_main; every case prints one line,
 * "PASS: unit/<suite>/<case>" or "FAIL: ..." with the failed checks before
 * it, and tests/check.sh counts those lines.  CHECKs record a failure and
 * go on, so one run shows every broken expectation in a case.
 */
#pragma once

#include <stddef.h>
#include <string.h>

struct test_case {
    void (*fn)(void);
    const char *name;
};

/* Runs every case; returns the process exit status (0 if all passed). */
int test_main(const char *suite, const struct test_case *cases, size_t n);

/* Records a failed check; called by the macros below. */
void test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define CHECK(e)                                                                                   \
    do {                                                                                           \
        if (!(e))                                                                                  \
            test_fail(__FILE__, __LINE__, "CHECK(%s)", #e);                                        \
    } while (0)

#define CHECK_EQ(a, b)                                                                             \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        if (a_ != b_)                                                                              \
            test_fail(__FILE__, __LINE__, "%s == %s: %lld (%#llx) != %lld (%#llx)", #a, #b, a_,    \
                      (unsigned long long)a_, b_, (unsigned long long)b_);                         \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        if (strcmp(a_, b_) != 0)                                                                   \
            test_fail(__FILE__, __LINE__, "%s: \"%s\" != \"%s\"", #a, a_, b_);                     \
    } while (0)

#define CHECK_CONTAINS(s, sub)                                                                     \
    do {                                                                                           \
        const char *s_ = (s), *sub_ = (sub);                                                       \
        if (!strstr(s_, sub_))                                                                     \
            test_fail(__FILE__, __LINE__, "%s: \"%s\" lacks \"%s\"", #s, s_, sub_);                \
    } while (0)

#define TEST_CASES(...) static const struct test_case test_cases_[] = {__VA_ARGS__}
#define TEST_MAIN(suite)                                                                           \
    int main(void)                                                                                 \
    {                                                                                              \
        return test_main(suite, test_cases_, sizeof(test_cases_) / sizeof(test_cases_[0]));        \
    }
