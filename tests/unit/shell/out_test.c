/* SPDX-License-Identifier: BSD-2-Clause */
/* The shell's output ring and number formatting (apps/shell/out.c). */
#include "../../../apps/shell/out.h"
#include "test.h"

static char got[OUT_SIZE + 1];

/* Everything waiting, taken out in pieces of 100 bytes as the shell takes 128. */
static const char *take_all(void)
{
    unsigned int n = 0, k;

    while ((k = out_take(got + n, 100)) > 0)
        n += k;
    got[n] = '\0';
    return got;
}

static void numbers(void)
{
    out_dec(0);
    out_str(" ");
    out_dec(18446744073709551615ull);
    out_str(" ");
    out_hex(0);
    out_str(" ");
    out_hex(0x8000000000000001ull);
    CHECK_STR(take_all(), "0 18446744073709551615 0x0 0x8000000000000001");
}

static void padding(void)
{
    out_pad("ps", 5);
    out_str("|");
    out_pad("poweroff", 5); /* longer than the width: whole, no padding */
    out_str("|");
    out_dec_pad(7, 3);
    out_dec_pad(1234, 3);
    CHECK_STR(take_all(), "ps   |poweroff|  71234");
}

static void sizes(void)
{
    out_size(1023);
    out_str(",");
    out_size(1024);
    out_str(",");
    out_size(20 * 1024 + 1000);
    out_str(",");
    out_size((3u << 20) + 5);
    CHECK_STR(take_all(), "1023 bytes,1 KiB,20 KiB,3 MiB");
}

static void ring_full_loses_the_end(void)
{
    static char big[OUT_SIZE + 10];

    memset(big, 'x', sizeof(big));
    uint64_t lost = out_lost;
    out_bytes(big, sizeof(big));
    CHECK_EQ(out_pending(), OUT_SIZE);
    CHECK_EQ(out_lost - lost, 10);
    CHECK_EQ(strlen(take_all()), OUT_SIZE);
    CHECK_EQ(out_pending(), 0);
    /* It wraps: again after the indexes moved past the end of the array. */
    out_str("after");
    CHECK_STR(take_all(), "after");
}

static char file[256];
static unsigned int file_len;

static void to_file(const char *s, unsigned int n)
{
    memcpy(file + file_len, s, n);
    file_len += n;
}

/* A file's text gets the terminal's "\r\n"; redirected, terminal lines end in "\n" and a file's
 * bytes go as they are, "\r\n" included; then the terminal again. */
static void text_and_redirection(void)
{
    out_text("a\nb\n", 4);
    CHECK_STR(take_all(), "a\r\nb\r\n");
    out_redirect(to_file);
    out_str("line one\r\n");
    out_str("\r\ntwo\r\n");
    out_text("dos\r\n", 5);
    out_dec(42);
    CHECK_EQ(out_pending(), 0);
    out_redirect(0);
    file[file_len] = '\0';
    CHECK_STR(file, "line one\n\ntwo\ndos\r\n42");
    out_str("back\r\n");
    CHECK_STR(take_all(), "back\r\n");
}

TEST_CASES({numbers, "numbers"}, {padding, "padding"}, {sizes, "sizes"},
           {ring_full_loses_the_end, "ring-full-loses-the-end"},
           {text_and_redirection, "text-and-redirection"});
TEST_MAIN("shell/out")
