/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Messages and the system's life cycle.  Every message has the form
 *
 *   file:line:col: error: what is wrong
 *     hint: what to do about it
 *
 * and "did you mean" hints come from the edit distance between a word and
 * the names it could have meant.
 */
#define _GNU_SOURCE /* asprintf */
#include "../lib/editdist.h"
#include "sysgen.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void sg_init(struct sg_system *s, const char *file, FILE *diag)
{
    memset(s, 0, sizeof(*s));
    s->file = file;
    s->diag = diag;
    s->check_files = true;
}

/* Drops the recorded messages. */
static void drop_msgs(struct sg_system *s)
{
    for (size_t i = 0; i < s->nmsgs; i++)
        free(s->msgs[i].text);
    free(s->msgs);
    s->msgs = NULL, s->nmsgs = 0;
}

void sg_free(struct sg_system *s)
{
    for (size_t i = 0; i < s->ncomponents; i++) {
        free(s->components[i].maps);
        free(s->components[i].devices);
        free(s->components[i].elf_data);
        free(s->components[i].mounts);
    }
    for (size_t i = 0; i < s->nregions; i++)
        free(s->regions[i].data_bytes);
    for (size_t i = 0; i < s->nchannels; i++)
        free(s->channels[i].files);
    free(s->components);
    free(s->regions);
    free(s->channels);
    if (s->have_doc)
        yaml_document_delete(&s->doc);
    drop_msgs(s);
    s->components = NULL, s->regions = NULL, s->channels = NULL, s->have_doc = false;
    s->ncomponents = s->nregions = s->nchannels = 0;
}

void sg_error(struct sg_system *s, struct sg_pos at, const char *hint, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    struct sg_msg *grown = realloc(s->msgs, (s->nmsgs + 1) * sizeof(*s->msgs));
    char *text = NULL;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    if (!grown || asprintf(&text, "%s:%u:%u: error: %s\n  hint: %s\n", s->file, at.line, at.col,
                           what, hint) < 0) {
        perror("kaal-sysgen");
        exit(2);
    }
    s->msgs = grown;
    s->msgs[s->nmsgs++] = (struct sg_msg){at, text};
    s->errors++;
}

void sg_report(struct sg_system *s)
{
    /*
     * Insertion sort: stable, so messages at one position keep the order
     * they were found in, and fast on the nearly sorted lists the checks make.
     */
    for (size_t i = 1; i < s->nmsgs; i++) {
        struct sg_msg m = s->msgs[i];
        size_t j = i;
        while (j > 0 && (s->msgs[j - 1].at.line > m.at.line ||
                         (s->msgs[j - 1].at.line == m.at.line && s->msgs[j - 1].at.col > m.at.col)))
            s->msgs[j] = s->msgs[j - 1], j--;
        s->msgs[j] = m;
    }
    for (size_t i = 0; i < s->nmsgs && s->diag; i++)
        fputs(s->msgs[i].text, s->diag);
    drop_msgs(s);
}

const char *sg_closest(const char *word, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1, limit = strlen(word) / 3 + 1;
    if (limit > 3)
        limit = 3;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i])
            continue;
        size_t d = edit_distance(word, cands[i]);
        if (d < best_d)
            best = cands[i], best_d = d;
    }
    return best_d <= limit ? best : NULL;
}

const char *sg_did_you_mean(char *buf, size_t len, const char *word, const char *const *cands,
                            size_t n, const char *other)
{
    const char *c = sg_closest(word, cands, n);
    if (c) {
        snprintf(buf, len, "did you mean '%s'?", c);
    } else if (other) {
        snprintf(buf, len, "%s", other);
    } else {
        size_t used = (size_t)snprintf(buf, len, "expected one of:");
        for (size_t i = 0; i < n && used < len; i++)
            used += (size_t)snprintf(buf + used, len - used, " %s", cands[i]);
    }
    return buf;
}
