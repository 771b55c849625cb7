/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of kvformat/ksnprintf, the kernel's only formatter. */
#include "test.h"

#include <lib/printf.h>

/* Some cases feed the formatter malformed formats on purpose. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-overflow"

static char buf[128];

#define FMT(...) (ksnprintf(buf, sizeof(buf), __VA_ARGS__), buf)

static void integers(void)
{
    CHECK_STR(FMT("%d %i %u", -42, 7, 3000000000u), "-42 7 3000000000");
    CHECK_STR(FMT("%ld %lu", -9000000000l, 18000000000ul), "-9000000000 18000000000");
    CHECK_STR(FMT("%lld", (long long)-9223372036854775807ll - 1), "-9223372036854775808");
    CHECK_STR(FMT("%zu", (size_t)12), "12");
}

static void hex_and_pointers(void)
{
    CHECK_STR(FMT("%x %X %#x %#lx", 0xbeefu, 0xbeefu, 0u, 0xffffffff80000000ul),
              "beef BEEF 0x0 0xffffffff80000000");
    CHECK_STR(FMT("%p", (void *)0x1000), "0x1000");
    CHECK_STR(FMT("%016lx", 0x1234ul), "0000000000001234");
}

static void widths_and_flags(void)
{
    CHECK_STR(FMT("[%5d][%-5d][%05d]", 42, 42, -42), "[   42][42   ][-0042]");
    CHECK_STR(FMT("[%6s][%-6s]", "ab", "ab"), "[    ab][ab    ]");
    CHECK_STR(FMT("%c%c%%", 'o', 'k'), "ok%");
    CHECK_STR(FMT("%s", (char *)NULL), "(null)");
}

static void truncation(void)
{
    char small[8];
    int n = ksnprintf(small, sizeof(small), "%s", "0123456789");

    CHECK_EQ(n, 10); /* the full length, as snprintf */
    CHECK_STR(small, "0123456");
    CHECK_EQ(ksnprintf(small, 0, "abc"), 3);
}

static void unknown_conversion(void)
{
    CHECK_STR(FMT("%q|%d", 5), "%q|5");
    CHECK_STR(FMT("trailing %"), "trailing ");
}

TEST_CASES({integers, "integers"}, {hex_and_pointers, "hex_and_pointers"},
           {widths_and_flags, "widths_and_flags"}, {truncation, "truncation"},
           {unknown_conversion, "unknown_conversion"}, );
TEST_MAIN("printf")
