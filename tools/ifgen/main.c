/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ifgen: the interface generator.  Reads an interface spec and writes,
 * under the output directory, the headers that both sides of the seL4 ABI
 * build from (docs/interface.md):
 *
 *   sel4/invocation.h          the label enum
 *   interfaces/sel4_types.h    cap types, structs, stub result structs
 *   interfaces/sel4_client.h   the user stubs (seL4_CNode_Copy ...)
 *   kaal/invocation_list.h     an X-macro list of the invocations
 *   kaal/invocation_table.h    the kernel's label -> lengths table
 *   kaal/invocation_args.h     the kernel's decoders' argument positions, by name
 *
 * or, from a KaaL protocol spec (first line `protocol NAME ...`), one header:
 *
 *   kaal/proto/NAME.h          ops, argument and result structs, client
 *                              stubs, the server's decode and dispatch
 *
 *   usage: ifgen -o <dir> <spec>
 *
 * Each file is written beside its final name and renamed into place, so an
 * interrupted run never leaves a half-written header for make to trust.
 */
#include "spec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const struct output {
    const char *dir;
    const char *name;
    void (*emit)(FILE *, const struct spec *);
} outputs[] = {
    {"sel4", "invocation.h", emit_labels},        {"interfaces", "sel4_types.h", emit_types},
    {"interfaces", "sel4_client.h", emit_client}, {"kaal", "invocation_list.h", emit_list},
    {"kaal", "invocation_table.h", emit_table},   {"kaal", "invocation_args.h", emit_kernel_args},
};

/* Reads a whole file into a malloc'd buffer; returns NULL with errno set. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;

    if (!f)
        return NULL;
    for (;;) {
        if (n == cap) {
            char *grown = realloc(buf, cap = cap ? 2 * cap : 65536);
            if (!grown)
                break;
            buf = grown;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f) || !buf) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0777) < 0 && errno != EEXIST) {
        fprintf(stderr, "ifgen: cannot create %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* Creates the parent of path (one level: "out/kaal" for "out/kaal/proto"). */
static int make_dir_parent(const char *path)
{
    char parent[4096];
    char *slash;

    snprintf(parent, sizeof(parent), "%s", path);
    slash = strrchr(parent, '/');
    if (slash)
        *slash = '\0';
    return make_dir(parent);
}

static int write_output(const char *out, const struct output *o, const struct spec *s)
{
    char dir[4096], path[4096], tmp[4096];
    FILE *f;

    if (strlen(out) > 4000) {
        fprintf(stderr, "ifgen: output directory name too long\n");
        return -1;
    }
    snprintf(dir, sizeof(dir), "%.4000s/%s", out, o->dir);
    snprintf(path, sizeof(path), "%.4000s/%s/%s", out, o->dir, o->name);
    snprintf(tmp, sizeof(tmp), "%.4000s/%s/%s.tmp", out, o->dir, o->name);
    if (make_dir(out) < 0 || (strchr(o->dir, '/') && make_dir_parent(dir) < 0) || make_dir(dir) < 0)
        return -1;
    f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "ifgen: cannot write %s: %s\n", tmp, strerror(errno));
        return -1;
    }
    o->emit(f, s);
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        fprintf(stderr, "ifgen: cannot write %s: %s\n", path, strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static struct spec s; /* too big for the stack */
    char err[512];
    size_t len;
    char *text;

    if (argc != 4 || strcmp(argv[1], "-o") != 0) {
        fprintf(stderr, "usage: ifgen -o <dir> <spec>\n");
        return 2;
    }
    text = read_file(argv[3], &len);
    if (!text) {
        fprintf(stderr, "ifgen: cannot read %s: %s\n", argv[3], strerror(errno));
        return 1;
    }
    if (spec_parse(argv[3], text, len, &s, err, sizeof(err)) < 0) {
        fprintf(stderr, "%s\n", err);
        free(text);
        return 1;
    }
    if (s.protocol) {
        char name[SPEC_NAME_MAX + 4];
        snprintf(name, sizeof(name), "%s.h", s.version[1]);
        struct output proto = {"kaal/proto", name, emit_proto};
        int st = write_output(argv[2], &proto, &s);
        free(text);
        return st < 0;
    }
    for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++) {
        if (write_output(argv[2], &outputs[i], &s) < 0) {
            free(text);
            return 1;
        }
    }
    free(text);
    return 0;
}
