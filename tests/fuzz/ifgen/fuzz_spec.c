/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target for ifgen's spec parser (tools/ifgen/spec.c), with the
 * writers run over whatever it accepts.  Beyond not crashing, an accepted
 * spec must be one the generated code can trust:
 *
 *   - labels count 1, 2, 3 ... in method order, and the labels-end markers
 *     rise with them, the last one just past the last label; a method of a
 *     config block goes on from the methods always there before it and the
 *     block's own, and the markers count only the methods always there;
 *   - every message fits seL4's limits (120 words, 3 extra caps);
 *   - the word arguments of a message do not overlap and stay inside its
 *     length, and the caps fill slots 0, 1, 2 in order;
 *   - in a KaaL protocol (a spec that starts with `protocol`), every
 *     argument starts on a word of its own, and a buffer range takes two;
 *
 * and a rejected one must say file:line: error: and give a hint.  A broken
 * property prints "PROPERTY: ..." and aborts, which libFuzzer reports.
 */
#include "spec.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what, const char *detail)
{
    fprintf(stderr, "PROPERTY: %s (%s)\n", what, detail);
    abort();
}

/* Marks [first, first + bits) in used; breaks if any bit was taken or lies past words. */
static void claim(unsigned char *used, int words, int first, int bits, const char *id)
{
    if (first < 0 || first + bits > words * SPEC_WORD_BITS)
        broken("argument outside its message", id);
    for (int b = first; b < first + bits; b++) {
        if (used[b])
            broken("arguments overlap", id);
        used[b] = 1;
    }
}

static void check_method(const struct spec *s, const struct spec_method *m)
{
    static unsigned char in_used[SPEC_MAX_MSG * SPEC_WORD_BITS];
    static unsigned char out_used[SPEC_MAX_MSG * SPEC_WORD_BITS];
    int caps = 0;

    if (m->in_words > SPEC_MAX_MSG || m->out_words > SPEC_MAX_MSG || m->in_caps > SPEC_MAX_CAPS)
        broken("message over seL4's limits", m->id);
    memset(in_used, 0, sizeof(in_used));
    memset(out_used, 0, sizeof(out_used));
    for (int i = 0; i < m->nparams; i++) {
        const struct spec_param *p = &m->params[i];
        int bits = spec_param_type(s, p)->bits;
        if (s->protocol) {
            bits = p->dir == DIR_BUF
                       ? 2 * SPEC_WORD_BITS
                       : (bits + SPEC_WORD_BITS - 1) / SPEC_WORD_BITS * SPEC_WORD_BITS;
            if (p->dir != DIR_CAP_IN && p->first_bit % SPEC_WORD_BITS)
                broken("a protocol argument not on a word of its own", m->id);
        }
        if (p->dir == DIR_CAP_IN && p->cap_index != caps++)
            broken("caps out of order", m->id);
        else if (p->dir == DIR_IN || p->dir == DIR_BUF)
            claim(in_used, m->in_words, p->first_bit, bits, m->id);
        else if (p->dir == DIR_OUT)
            claim(out_used, m->out_words, p->first_bit, bits, m->id);
    }
    if (caps != m->in_caps)
        broken("cap count", m->id);
}

static void check_accepted(const struct spec *s)
{
    int always = 0, in_block[SPEC_MAX_BLOCKS + 1] = {0}, e = 0;

    for (int i = 0; i < s->nmethods; i++) {
        const struct spec_method *m = &s->methods[i];
        if (m->block < 0 || m->block > s->nblocks)
            broken("config block index", m->id);
        /* A block's labels go on from the method before it, after the config's earlier blocks. */
        int before = 0;
        for (int b = 1; m->block && b < m->block; b++)
            if (strcmp(s->blocks[b - 1].name, s->blocks[m->block - 1].name) == 0)
                before += in_block[b];
        if (m->label != 1 + always + before + (m->block ? in_block[m->block] : 0))
            broken("labels not consecutive", m->id);
        if (m->block)
            in_block[m->block]++;
        else
            always++;
        check_method(s, m);
    }
    if (s->protocol) {
        if (s->nends || s->nblocks)
            broken("labels-end or config in a protocol", s->methods[0].id);
        return;
    }
    for (; e < s->nends; e++) {
        if (s->ends[e].value < 2 || s->ends[e].value > always + 1 ||
            (e > 0 && s->ends[e].value <= s->ends[e - 1].value) ||
            (e > 0 && s->ends[e].after <= s->ends[e - 1].after) || s->ends[e].after > s->nmethods)
            broken("labels-end value", s->ends[e].name);
    }
    if (e == 0 || s->ends[e - 1].value != always + 1 || s->ends[e - 1].after != s->nmethods)
        broken("last labels-end", "not after the last label");
}

static void check_rejected(const char *err)
{
    if (strncmp(err, "fuzz.api:", 9) != 0 || !strstr(err, ": error: ") ||
        !strstr(err, "\n  hint: "))
        broken("error message without file:line, error or hint", err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct spec s;
    static FILE *null;
    char err[512];

    if (!null)
        null = fopen("/dev/null", "w");
    if (spec_parse("fuzz.api", (const char *)data, size, &s, err, sizeof(err)) < 0) {
        check_rejected(err);
        return 0;
    }
    check_accepted(&s);
    if (s.protocol) {
        emit_proto(null, &s);
        return 0;
    }
    emit_labels(null, &s);
    emit_types(null, &s);
    emit_client(null, &s);
    emit_list(null, &s);
    emit_table(null, &s);
    return 0;
}
