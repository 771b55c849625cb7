/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The interface-spec parser.  The text is read line by line; each line is
 * split into whitespace-separated tokens ('#' starts a comment) and its
 * first token picks a handler.  Handlers check what they can see at once
 * (known types, duplicates, label order); a method is laid out and checked
 * as a whole (message size, return type) when the next method or the end
 * of the file closes it.  Every error names file:line and ends with a hint
 * on how to fix the spec, because the spec is edited by hand.
 *
 * A `config NAME` ... `end-config` block holds methods that exist only
 * when the C macro NAME is defined (seL4's <condition><config var=...>):
 * their labels continue from the method before the block (plus the methods
 * of earlier blocks of the same config, which are there too), and after the
 * block the numbering goes on as if the block were not there, so that every
 * label written outside a block is the one it has with every config off, and
 * one inside a block the one it has with that config alone on.  The
 * writers put the block's methods inside #ifdef NAME, and the enum counts
 * on by itself, as seL4's generated one does.
 *
 * A protocol spec (first line `protocol`) shares the types and parameter
 * lines but lists `op`s instead of seL4 methods.  Its messages are laid
 * out one word per argument, with no packing: KaaL's own protocols need
 * not match any other library, and whole words keep the server's decoding
 * a plain load per argument.
 */
#include "spec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 24

struct tokens {
    int n;
    char tok[MAX_TOKENS][SPEC_NAME_MAX];
};

struct parser {
    const char *file;
    int line;
    struct spec *s;
    char *err;
    size_t errlen;
    int iface;      /* interface methods are added to; -1 before any */
    int method;     /* method parameters are added to; -1 when none is open */
    int strct;      /* struct `fields` lines extend; -1 when none is open */
    int strct_line; /* where that struct was declared */
    int next_label; /* the label the next method must have */
    int since_end;  /* methods since the last labels-end */
    int block;      /* the open config block, 1-based; 0 when none is open */
    int block_from; /* next_label where that block began, where numbering resumes after it */
};

/* Formats "file:line: error: <msg>\n  hint: <hint>" and returns -1. */
static int fail_at(struct parser *p, int line, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail_at(struct parser *p, int line, const char *hint, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (p->errlen > 0)
        snprintf(p->err, p->errlen, "%s:%d: error: %s\n  hint: %s", p->file, line, msg, hint);
    return -1;
}

#define fail(p, hint, ...) fail_at((p), (p)->line, (hint), __VA_ARGS__)

/* Splits one line (without its newline) into tokens. */
static int tokenize(struct parser *p, const char *text, size_t len, struct tokens *t)
{
    size_t i = 0;

    t->n = 0;
    while (i < len && text[i] != '#') {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            i++;
            continue;
        }
        if (c < 0x21 || c > 0x7e)
            return fail(p, "the spec is plain ASCII text", "unexpected byte 0x%02x", c);
        if (t->n == MAX_TOKENS)
            return fail(p, "split the line", "more than %d words on one line", MAX_TOKENS);
        size_t n = 0;
        while (i < len && text[i] > ' ' && text[i] <= '~' && text[i] != '#') {
            if (n + 1 == SPEC_NAME_MAX)
                return fail(p, "names are C identifiers", "word longer than %d characters",
                            SPEC_NAME_MAX - 1);
            t->tok[t->n][n++] = text[i++];
        }
        t->tok[t->n++][n] = '\0';
    }
    return 0;
}

static int is_ident(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return 0;
    for (s++; *s; s++) {
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return 0;
    }
    return 1;
}

static int check_ident(struct parser *p, const char *what, const char *name)
{
    if (!is_ident(name))
        return fail(p, "use a C identifier: letters, digits and '_', not starting with a digit",
                    "%s '%s' is not a C identifier", what, name);
    return 0;
}

/* Parses a decimal number in [lo, hi]; returns -1 if it is not one. */
static long parse_num(const char *s, long lo, long hi)
{
    long v = 0;

    if (!*s || strlen(s) > 9)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v < lo || v > hi ? -1 : v;
}

static int find_type(const struct spec *s, const char *name)
{
    for (int i = 0; i < s->ntypes; i++) {
        if (strcmp(s->types[i].name, name) == 0)
            return i;
    }
    return -1;
}

static int find_iface(const struct spec *s, const char *name)
{
    for (int i = 0; i < s->nifaces; i++) {
        if (strcmp(s->ifaces[i], name) == 0)
            return i;
    }
    return -1;
}

static int want_args(struct parser *p, const struct tokens *t, int min, int max, const char *usage)
{
    if (t->n - 1 < min || t->n - 1 > max)
        return fail(p, usage, "'%s' takes %s", t->tok[0],
                    min == max ? "a fixed number of arguments" : "other arguments");
    return 0;
}

static int parse_version(struct parser *p, const struct tokens *t)
{
    if (want_args(p, t, 3, 3, "write: version <api> <release> <arch>") < 0)
        return -1;
    if (p->s->version[0][0])
        return fail(p, "keep one version (or protocol) line, at the top", "second version line");
    for (int i = 0; i < 3; i++)
        strcpy(p->s->version[i], t->tok[i + 1]);
    return 0;
}

static struct spec_type *new_type(struct parser *p, const char *name)
{
    if (check_ident(p, "type name", name) < 0)
        return NULL;
    if (find_type(p->s, name) >= 0) {
        fail(p, "declare each type once", "duplicate type '%s'", name);
        return NULL;
    }
    if (p->s->ntypes == SPEC_MAX_TYPES) {
        fail(p, "raise SPEC_MAX_TYPES in tools/ifgen/spec.h", "more than %d types", SPEC_MAX_TYPES);
        return NULL;
    }
    struct spec_type *ty = &p->s->types[p->s->ntypes++];
    memset(ty, 0, sizeof(*ty));
    strcpy(ty->name, name);
    return ty;
}

/* Reads the optional trailing `define` of a type line at index i. */
static int parse_define(struct parser *p, const struct tokens *t, int i, struct spec_type *ty)
{
    if (i == t->n)
        return 0;
    if (i + 1 == t->n && strcmp(t->tok[i], "define") == 0) {
        ty->define = 1;
        return 0;
    }
    return fail(p, "the only word allowed after a type is 'define'", "unexpected '%s'", t->tok[i]);
}

static int parse_type_word(struct parser *p, const struct tokens *t, struct spec_type *ty)
{
    long bits;

    if (t->n < 4)
        return fail(p, "write: type word <name> <bits> [define]", "missing the size in bits");
    bits = parse_num(t->tok[3], 1, 64);
    if (bits != 1 && bits != 8 && bits != 16 && bits != 32 && bits != 64)
        return fail(p, "a word type packs 1, 8, 16, 32 or 64 bits", "bad size '%s'", t->tok[3]);
    ty->kind = KIND_WORD;
    ty->bits = (int)bits;
    return parse_define(p, t, 4, ty);
}

/* type text <name> <bytes>: fixed-size text, NUL-padded, in bytes / 8 message words. */
static int parse_type_text(struct parser *p, const struct tokens *t, struct spec_type *ty)
{
    long bytes;

    if (!p->s->protocol)
        return fail(p, "text types are for KaaL protocols (a spec that starts with 'protocol')",
                    "text type '%s' in seL4's spec", ty->name);
    if (t->n != 4)
        return fail(p, "write: type text <name> <bytes>", "missing the size in bytes");
    bytes = parse_num(t->tok[3], 8, SPEC_MAX_TEXT);
    if (bytes < 0 || bytes % 8)
        return fail(p, "a text type holds a multiple of 8 bytes, 8 to 256", "bad size '%s'",
                    t->tok[3]);
    ty->kind = KIND_TEXT;
    ty->bits = (int)bytes * 8;
    ty->define = 1;
    return 0;
}

static int parse_type(struct parser *p, const struct tokens *t)
{
    static const char usage[] = "write: type word|bitfield|cap|text <name> ...";
    struct spec_type *ty;

    if (want_args(p, t, 2, 4, usage) < 0)
        return -1;
    if (strcmp(t->tok[1], "word") && strcmp(t->tok[1], "bitfield") && strcmp(t->tok[1], "cap") &&
        strcmp(t->tok[1], "text"))
        return fail(p, usage, "unknown kind of type '%s'", t->tok[1]);
    if (p->s->protocol && strcmp(t->tok[1], "bitfield") == 0)
        return fail(p, "a protocol sends whole words: use a word type",
                    "bitfield type in a protocol");
    ty = new_type(p, t->tok[2]);
    if (!ty)
        return -1;
    if (strcmp(t->tok[1], "word") == 0)
        return parse_type_word(p, t, ty);
    if (strcmp(t->tok[1], "text") == 0)
        return parse_type_text(p, t, ty);
    ty->bits = SPEC_WORD_BITS;
    ty->kind = strcmp(t->tok[1], "cap") == 0 ? KIND_CAP : KIND_BITFIELD;
    if (ty->kind == KIND_BITFIELD && t->n > 3)
        return fail(p, "a bitfield type comes from the hand-written SDK headers", "unexpected '%s'",
                    t->tok[3]);
    return parse_define(p, t, 3, ty);
}

static int parse_struct(struct parser *p, const struct tokens *t)
{
    struct spec_type *ty;

    if (want_args(p, t, 1, 1, "write: struct <name>, then lines of: fields <name>...") < 0)
        return -1;
    if (p->s->protocol)
        return fail(p, "list the words as separate in/out parameters", "struct in a protocol");
    ty = new_type(p, t->tok[1]);
    if (!ty)
        return -1;
    ty->kind = KIND_STRUCT;
    ty->define = 1;
    p->strct = p->s->ntypes - 1;
    p->strct_line = p->line;
    return 0;
}

static int parse_fields(struct parser *p, const struct tokens *t)
{
    struct spec_type *ty;

    if (p->strct < 0)
        return fail(p, "put 'fields' lines right after their 'struct' line",
                    "'fields' outside a struct");
    ty = &p->s->types[p->strct];
    for (int i = 1; i < t->n; i++) {
        if (check_ident(p, "field", t->tok[i]) < 0)
            return -1;
        for (int j = 0; j < ty->nfields; j++) {
            if (strcmp(ty->fields[j], t->tok[i]) == 0)
                return fail(p, "name each field once", "duplicate field '%s' in %s", t->tok[i],
                            ty->name);
        }
        if (ty->nfields == SPEC_MAX_FIELDS)
            return fail(p, "raise SPEC_MAX_FIELDS in tools/ifgen/spec.h",
                        "more than %d fields in %s", SPEC_MAX_FIELDS, ty->name);
        strcpy(ty->fields[ty->nfields++], t->tok[i]);
    }
    ty->bits = SPEC_WORD_BITS * ty->nfields;
    return 0;
}

static int close_method(struct parser *p);

static int parse_interface(struct parser *p, const struct tokens *t)
{
    int ty;

    if (p->s->protocol)
        return fail(p, "a protocol lists ops: op <label> <name>", "'interface' in a protocol");
    if (want_args(p, t, 1, 1, "write: interface <cap type>") < 0 || close_method(p) < 0)
        return -1;
    ty = find_type(p->s, t->tok[1]);
    if (ty < 0 || p->s->types[ty].kind != KIND_CAP)
        return fail(p, "declare the interface's cap type first: type cap <name> define",
                    "interface '%s' is not a declared cap type", t->tok[1]);
    p->iface = find_iface(p->s, t->tok[1]);
    if (p->iface < 0) {
        if (p->s->nifaces == SPEC_MAX_IFACES)
            return fail(p, "raise SPEC_MAX_IFACES in tools/ifgen/spec.h", "more than %d interfaces",
                        SPEC_MAX_IFACES);
        p->iface = p->s->nifaces++;
        strcpy(p->s->ifaces[p->iface], t->tok[1]);
    }
    p->method = -1;
    return 0;
}

static int words_of(int bits)
{
    return (bits + SPEC_WORD_BITS - 1) / SPEC_WORD_BITS;
}

/* Places a value of size bits after *used bits, aligned to its own size. */
static int place(int *used, int bits)
{
    int align = bits < SPEC_WORD_BITS ? bits : SPEC_WORD_BITS;
    int at = (*used + align - 1) / align * align;

    *used = at + bits;
    return at;
}

/* Bits a parameter takes: its packed size for seL4, whole words in a protocol. */
static int param_bits(const struct spec *s, const struct spec_param *pa)
{
    int bits = spec_param_type(s, pa)->bits;

    if (pa->dir == DIR_BUF)
        return 2 * SPEC_WORD_BITS;
    return s->protocol ? words_of(bits) * SPEC_WORD_BITS : bits;
}

/* Lays out a method's request and reply: as libsel4 does for seL4, a word apiece for protocols. */
static void layout(const struct spec *s, struct spec_method *m)
{
    int in_bits = 0, out_bits = 0;

    m->in_caps = 0;
    m->ret_struct = 0;
    for (int i = 0; i < m->nparams; i++) {
        struct spec_param *pa = &m->params[i];
        const struct spec_type *ty = spec_param_type(s, pa);
        if (pa->dir == DIR_CAP_IN)
            pa->cap_index = m->in_caps++;
        else if (pa->dir == DIR_IN || pa->dir == DIR_BUF)
            pa->first_bit = place(&in_bits, param_bits(s, pa));
        else
            pa->first_bit = place(&out_bits, param_bits(s, pa));
        if (pa->dir == DIR_OUT && ty->kind != KIND_STRUCT)
            m->ret_struct = 1;
    }
    m->in_words = words_of(in_bits);
    m->out_words = words_of(out_bits);
}

/* Checks the open method once all its parameters are known. */
static int close_method(struct parser *p)
{
    struct spec_method *m;
    char want[sizeof(m->ret)];

    if (p->method < 0)
        return 0;
    m = &p->s->methods[p->method];
    p->method = -1;
    layout(p->s, m);
    if (m->in_words > SPEC_MAX_MSG || m->out_words > SPEC_MAX_MSG)
        return fail_at(p, m->line, "seL4 messages carry at most 120 words",
                       "method %s needs %d words", m->id,
                       m->in_words > m->out_words ? m->in_words : m->out_words);
    if (m->in_caps > SPEC_MAX_CAPS)
        return fail_at(p, m->line, "seL4 messages carry at most 3 extra caps",
                       "method %s passes %d caps", m->id, m->in_caps);
    if (p->s->protocol)
        return 0; /* an op returns 0 or a negative errno; its results go to a struct */
    if (m->ret_struct)
        snprintf(want, sizeof(want), "%s_%s_t", p->s->ifaces[m->iface], m->name);
    else
        strcpy(want, "seL4_Error");
    if (strcmp(m->ret, want) != 0)
        return fail_at(p, m->line,
                       m->ret_struct ? "a method with word results returns <interface>_<method>_t"
                                     : "a method without word results returns seL4_Error",
                       "method %s returns '%s', expected '%s'", m->id, m->ret, want);
    return 0;
}

static int check_new_method(struct parser *p, const struct tokens *t, long label)
{
    static const char order[] = "labels count up by one from 1 in file order; renumber the "
                                "methods from here on";
    const struct spec *s = p->s;

    if (label < 0)
        return fail(p, "the label is a decimal number", "bad label '%s'", t->tok[1]);
    if (label != p->next_label)
        return fail(p, order, "label %ld out of order: expected %d", label, p->next_label);
    for (int i = 0; i < s->nmethods; i++) {
        if (strcmp(s->methods[i].id, t->tok[2]) == 0)
            return fail(p, "each label identifier names one method", "duplicate label name '%s'",
                        t->tok[2]);
        if (s->methods[i].iface == p->iface && strcmp(s->methods[i].name, t->tok[3]) == 0)
            return fail(p, "an interface has one method of each name",
                        "duplicate method %s_%s (first at line %d)", s->ifaces[p->iface], t->tok[3],
                        s->methods[i].line);
    }
    if (s->nmethods == SPEC_MAX_METHODS)
        return fail(p, "raise SPEC_MAX_METHODS in tools/ifgen/spec.h", "more than %d methods",
                    SPEC_MAX_METHODS);
    return 0;
}

static int parse_method(struct parser *p, const struct tokens *t)
{
    struct spec_method *m;
    long label;

    if (p->s->protocol)
        return fail(p, "a protocol lists ops: op <label> <name>", "'method' in a protocol");
    if (want_args(p, t, 4, 4, "write: method <label> <label name> <method> <return type>") < 0)
        return -1;
    if (p->iface < 0)
        return fail(p, "start the group with: interface <cap type>", "method before any interface");
    if (close_method(p) < 0)
        return -1;
    if (check_ident(p, "label name", t->tok[2]) < 0 || check_ident(p, "method", t->tok[3]) < 0 ||
        check_ident(p, "return type", t->tok[4]) < 0)
        return -1;
    label = parse_num(t->tok[1], 0, 1000000);
    if (check_new_method(p, t, label) < 0)
        return -1;
    p->method = p->s->nmethods++;
    m = &p->s->methods[p->method];
    memset(m, 0, sizeof(*m));
    m->label = (int)label;
    m->block = p->block;
    m->iface = p->iface;
    m->line = p->line;
    strcpy(m->id, t->tok[2]);
    strcpy(m->name, t->tok[3]);
    strcpy(m->ret, t->tok[4]);
    p->next_label++;
    p->since_end++;
    return 0;
}

/* protocol <name> endpoint|channel: the first line of a KaaL protocol spec. */
static int parse_protocol(struct parser *p, const struct tokens *t)
{
    static const char usage[] = "write: protocol <name> endpoint|channel|queue";
    struct spec *s = p->s;

    if (want_args(p, t, 2, 2, usage) < 0)
        return -1;
    if (s->version[0][0])
        return fail(p, "keep one version (or protocol) line, at the top", "second protocol line");
    for (const char *c = t->tok[1]; *c; c++) {
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9' && c != t->tok[1]) || *c == '_'))
            return fail(p, "a protocol's name is a lower-case C identifier (it names its header)",
                        "bad protocol name '%s'", t->tok[1]);
    }
    if (strcmp(t->tok[2], "endpoint") && strcmp(t->tok[2], "channel") && strcmp(t->tok[2], "queue"))
        return fail(p, usage, "unknown transport '%s'", t->tok[2]);
    s->protocol = 1;
    s->transport = strcmp(t->tok[2], "channel") == 0 ? TRANSPORT_CHANNEL
                   : strcmp(t->tok[2], "queue") == 0 ? TRANSPORT_QUEUE
                                                     : TRANSPORT_ENDPOINT;
    strcpy(s->version[0], "kaal");
    strcpy(s->version[1], t->tok[1]);
    strcpy(s->version[2], t->tok[2]);
    snprintf(s->ifaces[0], SPEC_NAME_MAX, "kaal_%.*s", SPEC_NAME_MAX - 6, t->tok[1]);
    s->nifaces = 1;
    p->iface = 0;
    return 0;
}

/* buffer <name>: a shared buffer that ops name ranges of with `buf`. */
static int parse_buffer(struct parser *p, const struct tokens *t)
{
    struct spec *s = p->s;

    if (!s->protocol)
        return fail(p, "buffers are for KaaL protocols", "'buffer' in seL4's spec");
    if (want_args(p, t, 1, 1, "write: buffer <name>") < 0 || close_method(p) < 0 ||
        check_ident(p, "buffer", t->tok[1]) < 0)
        return -1;
    for (int i = 0; i < s->nbuffers; i++) {
        if (strcmp(s->buffers[i], t->tok[1]) == 0)
            return fail(p, "declare each buffer once", "duplicate buffer '%s'", t->tok[1]);
    }
    if (s->nbuffers == SPEC_MAX_BUFFERS)
        return fail(p, "raise SPEC_MAX_BUFFERS in tools/ifgen/spec.h", "more than %d buffers",
                    SPEC_MAX_BUFFERS);
    strcpy(s->buffers[s->nbuffers++], t->tok[1]);
    return 0;
}

/* op <label> <name>: one operation of a protocol; its enumerator is KAAL_<PROTOCOL>_<NAME>. */
static int parse_op(struct parser *p, const struct tokens *t)
{
    struct spec *s = p->s;
    struct spec_method *m;
    char id[2 * SPEC_NAME_MAX + 8];
    long label;

    if (!s->protocol)
        return fail(p, "seL4's invocations are methods: method <label> <id> <name> <return>",
                    "'op' in seL4's spec");
    if (want_args(p, t, 2, 2, "write: op <label> <name>") < 0 || close_method(p) < 0 ||
        check_ident(p, "op", t->tok[2]) < 0)
        return -1;
    snprintf(id, sizeof(id), "KAAL_%s_%s", s->version[1], t->tok[2]);
    if (strlen(id) >= SPEC_NAME_MAX ||
        strlen(s->ifaces[0]) + strlen(t->tok[2]) + 8 >= SPEC_NAME_MAX)
        return fail(p, "use a shorter name", "op name '%s' too long", t->tok[2]);
    for (char *c = id; *c; c++)
        *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
    label = parse_num(t->tok[1], 0, 1000000);
    if (label < 0)
        return fail(p, "the label is a decimal number", "bad label '%s'", t->tok[1]);
    if (label != p->next_label)
        return fail(p, "labels count up by one from 1 in file order; renumber the ops from here on",
                    "label %ld out of order: expected %d", label, p->next_label);
    for (int i = 0; i < s->nmethods; i++) {
        if (strcmp(s->methods[i].id, id) == 0)
            return fail(p, "a protocol has one op of each name",
                        "duplicate op '%s' (first at line %d)", t->tok[2], s->methods[i].line);
    }
    if (s->nmethods == SPEC_MAX_METHODS)
        return fail(p, "raise SPEC_MAX_METHODS in tools/ifgen/spec.h", "more than %d ops",
                    SPEC_MAX_METHODS);
    p->method = s->nmethods++;
    m = &s->methods[p->method];
    memset(m, 0, sizeof(*m));
    m->label = (int)label;
    m->line = p->line;
    memcpy(m->id, id, strlen(id) + 1);
    strcpy(m->name, t->tok[2]);
    strcpy(m->ret, "int");
    p->next_label++;
    return 0;
}

/* Checks that a parameter's type suits its direction. */
static int check_param_type(struct parser *p, enum spec_dir dir, const struct spec_type *ty,
                            const char *name)
{
    if (dir == DIR_OUT && p->s->protocol && ty->kind == KIND_CAP)
        return fail(p,
                    "a protocol's ops take caps (cap-in); a server hands out caps by other means",
                    "parameter '%s' is a cap result", name);
    if (dir == DIR_CAP_IN && ty->kind != KIND_CAP)
        return fail(p, "cap-in is for capabilities; use 'in' for words",
                    "parameter '%s' is cap-in but type '%s' is not a cap", name, ty->name);
    if (dir != DIR_CAP_IN && ty->kind == KIND_CAP)
        return fail(p, "pass capabilities with cap-in",
                    "parameter '%s' has cap type '%s' but direction '%s'", name, ty->name,
                    dir == DIR_IN ? "in" : "out");
    return 0;
}

static int check_param_name(struct parser *p, const struct spec_method *m, const char *name)
{
    if (check_ident(p, "parameter", name) < 0)
        return -1;
    if (name[0] == '_')
        return fail(p, "names starting with '_' are the stubs' own",
                    "parameter '%s' starts with '_'", name);
    for (int i = 0; i < m->nparams; i++) {
        if (strcmp(m->params[i].name, name) == 0)
            return fail(p, "name each parameter once", "duplicate parameter '%s' in %s", name,
                        m->id);
    }
    if (m->nparams == SPEC_MAX_PARAMS)
        return fail(p, "raise SPEC_MAX_PARAMS in tools/ifgen/spec.h",
                    "more than %d parameters in %s", SPEC_MAX_PARAMS, m->id);
    return 0;
}

/*
 * A queue protocol's arguments and results are fields of one request slot in shared memory: word
 * types only (no caps travel there, and text or buffer ranges have no slot layout yet), and a
 * name two ops share must have one type, since it is one field.
 */
static int check_slot_field(struct parser *p, enum spec_dir dir, int ty, const char *name)
{
    const struct spec *s = p->s;

    if (dir == DIR_CAP_IN || s->types[ty].kind != KIND_WORD)
        return fail(p, "a queue protocol's slot holds words: use in/out with a word type",
                    "'%s' is not a word in a queue protocol", name);
    if (!strcmp(name, "op") || !strcmp(name, "status"))
        return fail(p, "op and status are the slot's own fields: pick another name",
                    "argument named '%s' in a queue protocol", name);
    for (int i = 0; i < s->nmethods; i++) {
        for (int j = 0; j < s->methods[i].nparams; j++) {
            const struct spec_param *o = &s->methods[i].params[j];
            if (!strcmp(o->name, name) && o->type != ty)
                return fail(p,
                            "an argument of the same name is the same slot field: give it one type",
                            "'%s' is %s here but %s in op %s", name, s->types[ty].name,
                            s->types[o->type].name, s->methods[i].name);
            if (!strcmp(o->name, name) && o->dir != dir)
                return fail(p, "a slot field is written by one side: use another name",
                            "'%s' is an argument in one op and a result in another", name);
        }
    }
    return 0;
}

static int parse_param(struct parser *p, const struct tokens *t, enum spec_dir dir)
{
    struct spec_method *m;
    struct spec_param *pa;
    int ty;

    if (want_args(p, t, 2, 2, "write: in|out|cap-in <type> <name>") < 0)
        return -1;
    if (p->method < 0)
        return fail(p, "parameters follow their method line", "parameter outside a method");
    m = &p->s->methods[p->method];
    ty = find_type(p->s, t->tok[1]);
    if (ty < 0)
        return fail(
            p,
            p->s->protocol
                ? "declare it first with 'type word|cap|text <name> ...' (a word: "
                  "type word seL4_Word 64)"
                : "declare it first with 'type word|bitfield|cap <name>' or 'struct <name>'",
            "unknown type '%s'", t->tok[1]);
    if (check_param_type(p, dir, &p->s->types[ty], t->tok[2]) < 0 ||
        check_param_name(p, m, t->tok[2]) < 0)
        return -1;
    if (p->s->transport == TRANSPORT_QUEUE && check_slot_field(p, dir, ty, t->tok[2]) < 0)
        return -1;
    pa = &m->params[m->nparams++];
    memset(pa, 0, sizeof(*pa));
    pa->dir = dir;
    pa->type = ty;
    strcpy(pa->name, t->tok[2]);
    return 0;
}

static int parse_in(struct parser *p, const struct tokens *t)
{
    return parse_param(p, t, DIR_IN);
}

static int parse_out(struct parser *p, const struct tokens *t)
{
    return parse_param(p, t, DIR_OUT);
}

static int parse_cap_in(struct parser *p, const struct tokens *t)
{
    return parse_param(p, t, DIR_CAP_IN);
}

/* buf <buffer> <name>: a range of a shared buffer, sent as its offset and length. */
static int parse_buf(struct parser *p, const struct tokens *t)
{
    struct spec_method *m;
    struct spec_param *pa;
    int b = -1;

    if (!p->s->protocol)
        return fail(p, "buffers are for KaaL protocols", "'buf' in seL4's spec");
    if (p->s->transport == TRANSPORT_QUEUE)
        return fail(p, "in a queue protocol the queue's entries say where the data is",
                    "'buf' in a queue protocol");
    if (want_args(p, t, 2, 2, "write: buf <buffer> <name>") < 0)
        return -1;
    if (p->method < 0)
        return fail(p, "parameters follow their op line", "parameter outside an op");
    for (int i = 0; i < p->s->nbuffers; i++) {
        if (strcmp(p->s->buffers[i], t->tok[1]) == 0)
            b = i;
    }
    if (b < 0)
        return fail(p, "declare it first with: buffer <name>", "unknown buffer '%s'", t->tok[1]);
    m = &p->s->methods[p->method];
    if (check_param_name(p, m, t->tok[2]) < 0)
        return -1;
    pa = &m->params[m->nparams++];
    memset(pa, 0, sizeof(*pa));
    pa->dir = DIR_BUF;
    pa->type = find_type(p->s, "seL4_Word");
    pa->buffer = b;
    strcpy(pa->name, t->tok[2]);
    if (pa->type < 0)
        return fail(p, "declare: type word seL4_Word 64", "buf needs the type seL4_Word");
    return 0;
}

static int check_end_name(struct parser *p, const char *name)
{
    const struct spec *s = p->s;

    for (int i = 0; i < s->nends; i++) {
        if (strcmp(s->ends[i].name, name) == 0)
            return fail(p, "each labels-end has its own name", "duplicate labels-end '%s'", name);
    }
    for (int i = 0; i < s->nmethods; i++) {
        if (strcmp(s->methods[i].id, name) == 0)
            return fail(p, "pick a name no method uses", "labels-end '%s' is a label name", name);
    }
    return 0;
}

static int parse_labels_end(struct parser *p, const struct tokens *t)
{
    struct spec_end *e;

    if (p->s->protocol)
        return fail(p, "a protocol's labels need no end marker", "'labels-end' in a protocol");
    if (want_args(p, t, 1, 1, "write: labels-end <name>") < 0)
        return -1;
    if (p->block)
        return fail(p, "close the config block with end-config first",
                    "labels-end inside config block %s", p->s->blocks[p->block - 1].name);
    if (close_method(p) < 0 || check_ident(p, "labels-end name", t->tok[1]) < 0 ||
        check_end_name(p, t->tok[1]) < 0)
        return -1;
    if (p->since_end == 0)
        return fail(p, "a labels-end closes a group of methods", "no method since the %s",
                    p->s->nends ? "last labels-end" : "start of the file");
    if (p->s->nends == SPEC_MAX_ENDS)
        return fail(p, "raise SPEC_MAX_ENDS in tools/ifgen/spec.h", "more than %d labels-end",
                    SPEC_MAX_ENDS);
    e = &p->s->ends[p->s->nends++];
    strcpy(e->name, t->tok[1]);
    e->value = p->next_label;
    e->after = p->s->nmethods;
    p->since_end = 0;
    return 0;
}

/*
 * config <NAME>: the methods up to end-config exist only when NAME is defined.  A block may not
 * open a group of labels: the enum gives a group's first label a value of its own (X86PDPTMap =
 * nInvocationLabels), and a method that may be missing cannot carry it.
 */
static int parse_config(struct parser *p, const struct tokens *t)
{
    struct spec *s = p->s;

    if (s->protocol)
        return fail(p, "a protocol's ops are always there", "'config' in a protocol");
    if (want_args(p, t, 1, 1, "write: config CONFIG_<NAME>, the methods, then end-config") < 0 ||
        close_method(p) < 0 || check_ident(p, "config name", t->tok[1]) < 0)
        return -1;
    if (strncmp(t->tok[1], "CONFIG_", 7) != 0)
        return fail(p, "name the C macro of the kernel's configuration, as seL4 does",
                    "config '%s' does not start with CONFIG_", t->tok[1]);
    if (p->block)
        return fail(p, "close the open block with end-config first; blocks do not nest",
                    "config inside config block %s", s->blocks[p->block - 1].name);
    if (p->since_end == 0)
        return fail(p, "put a method that is always there first in its group of labels",
                    "config block opens a group of labels");
    if (s->nblocks == SPEC_MAX_BLOCKS)
        return fail(p, "raise SPEC_MAX_BLOCKS in tools/ifgen/spec.h", "more than %d config blocks",
                    SPEC_MAX_BLOCKS);
    strcpy(s->blocks[s->nblocks].name, t->tok[1]);
    s->blocks[s->nblocks].line = p->line;
    p->block = ++s->nblocks;
    p->block_from = p->next_label;
    /* The config's earlier blocks are in whenever this one is, so its labels start after theirs. */
    for (int i = 0; i < s->nblocks - 1; i++)
        if (strcmp(s->blocks[i].name, t->tok[1]) == 0)
            p->next_label += s->blocks[i].length;
    return 0;
}

/* end-config: closes the block; the labels after it are those it has with the block left out. */
static int parse_end_config(struct parser *p, const struct tokens *t)
{
    struct spec_block *b;

    if (want_args(p, t, 0, 0, "write: end-config, alone on its line") < 0 || close_method(p) < 0)
        return -1;
    if (!p->block)
        return fail(p, "open the block with: config CONFIG_<NAME>", "end-config without config");
    b = &p->s->blocks[p->block - 1];
    b->length = 0;
    for (int i = 0; i < p->s->nmethods; i++)
        b->length += p->s->methods[i].block == p->block;
    if (b->length == 0)
        return fail(p, "list the block's methods between config and end-config",
                    "config block %s has no methods", b->name);
    p->block = 0;
    p->next_label = p->block_from;
    return 0;
}

static const struct keyword {
    const char *word;
    int (*parse)(struct parser *, const struct tokens *);
} keywords[] = {
    {"version", parse_version},
    {"type", parse_type},
    {"struct", parse_struct},
    {"fields", parse_fields},
    {"interface", parse_interface},
    {"method", parse_method},
    {"in", parse_in},
    {"out", parse_out},
    {"cap-in", parse_cap_in},
    {"labels-end", parse_labels_end},
    {"config", parse_config},
    {"end-config", parse_end_config},
    {"protocol", parse_protocol},
    {"buffer", parse_buffer},
    {"op", parse_op},
    {"buf", parse_buf},
};

/* Ends an open struct before any line that is not one of its fields. */
static int close_struct(struct parser *p)
{
    if (p->strct >= 0 && p->s->types[p->strct].nfields == 0)
        return fail_at(p, p->strct_line, "list its fields on 'fields' lines after it",
                       "struct '%s' has no fields", p->s->types[p->strct].name);
    p->strct = -1;
    return 0;
}

static int parse_line(struct parser *p, const struct tokens *t)
{
    if (t->n == 0)
        return 0;
    if (strcmp(t->tok[0], "fields") != 0 && close_struct(p) < 0)
        return -1;
    if (!p->s->version[0][0] && strcmp(t->tok[0], "version") != 0 &&
        strcmp(t->tok[0], "protocol") != 0)
        return fail(p,
                    "start the spec with: version <api> <release> <arch>, or for a KaaL "
                    "protocol: protocol <name> endpoint|channel",
                    "'%s' before the version line", t->tok[0]);
    for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
        if (strcmp(t->tok[0], keywords[i].word) == 0)
            return keywords[i].parse(p, t);
    }
    return fail(p,
                "lines start with version, type, struct, fields, interface, method, in, out, "
                "cap-in, labels-end, config or end-config; in a protocol: protocol, type, buffer, "
                "op, in, out, cap-in or buf",
                "unknown keyword '%s'", t->tok[0]);
}

/* Checks what can only be checked at the end of the file. */
static int finish(struct parser *p)
{
    if (close_struct(p) < 0 || close_method(p) < 0)
        return -1;
    if (p->line == 0)
        p->line = 1; /* an empty file: point at its first line */
    if (p->s->nmethods == 0)
        return fail(p, "a spec lists at least one method", "no methods");
    if (p->s->protocol)
        return 0;
    if (p->block)
        return fail_at(p, p->s->blocks[p->block - 1].line, "close it with end-config",
                       "config block %s not closed", p->s->blocks[p->block - 1].name);
    if (p->since_end != 0)
        return fail(p, "end the file with: labels-end <name>", "methods after the last labels-end");
    return 0;
}

int spec_parse(const char *file, const char *text, size_t len, struct spec *s, char *err,
               size_t errlen)
{
    struct parser p = {file, 0, s, err, errlen, -1, -1, -1, 0, 1, 0, 0, 0};
    struct tokens t;
    size_t at = 0;

    memset(s, 0, sizeof(*s));
    s->source = file;
    if (errlen > 0)
        err[0] = '\0';
    while (at < len) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        p.line++;
        if (tokenize(&p, text + at, n, &t) < 0 || parse_line(&p, &t) < 0)
            return -1;
        at += n + 1;
    }
    return finish(&p);
}
