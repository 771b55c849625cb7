/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of the kernel command-line parser. */
#include "test.h"

#include <lib/cmdline.h>

static char val[16];

static void finds_options(void)
{
    const char *cl = "/boot/kernel.elf kaal.exit=booted kaal.fault=pf";

    CHECK(cmdline_get(cl, "kaal.exit", val, sizeof(val)));
    CHECK_STR(val, "booted");
    CHECK(cmdline_get(cl, "kaal.fault", val, sizeof(val)));
    CHECK_STR(val, "pf");
}

static void absent_and_prefixes(void)
{
    CHECK(!cmdline_get("kaal.exitx=1 xkaal.exit=2 kaal.exit", "kaal.exit", val, sizeof(val)));
    CHECK(!cmdline_get(NULL, "kaal.exit", val, sizeof(val)));
    CHECK(!cmdline_get("", "kaal.exit", val, sizeof(val)));
}

static void last_one_wins(void)
{
    CHECK(cmdline_get("a=1  \t a=2\na=3", "a", val, sizeof(val)));
    CHECK_STR(val, "3");
}

static void empty_value_and_truncation(void)
{
    CHECK(cmdline_get("a= b=x", "a", val, sizeof(val)));
    CHECK_STR(val, "");
    char small[4];
    CHECK(cmdline_get("k=abcdef", "k", small, sizeof(small)));
    CHECK_STR(small, "abc");
}

static void flags(void)
{
    CHECK(cmdline_flag("k.elf kaal.verbose", "kaal.verbose"));
    CHECK(cmdline_flag("kaal.verbose=1", "kaal.verbose"));
    CHECK(cmdline_flag("kaal.verbose=on x=y", "kaal.verbose"));
    CHECK(!cmdline_flag("kaal.verbose=0", "kaal.verbose"));
    CHECK(!cmdline_flag("kaal.verbose kaal.verbose=0", "kaal.verbose"));
    CHECK(cmdline_flag("kaal.verbose=0 kaal.verbose", "kaal.verbose"));
    CHECK(!cmdline_flag("kaal.verbosex xkaal.verbose", "kaal.verbose"));
    CHECK(!cmdline_flag("", "kaal.verbose"));
    CHECK(!cmdline_flag(NULL, "kaal.verbose"));
}

TEST_CASES({finds_options, "finds_options"}, {absent_and_prefixes, "absent_and_prefixes"},
           {last_one_wins, "last_one_wins"},
           {empty_value_and_truncation, "empty_value_and_truncation"}, {flags, "flags"}, );
TEST_MAIN("cmdline")
