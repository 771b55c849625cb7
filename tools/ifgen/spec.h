/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ifgen's model of an interface spec and its parser.  A spec is either
 * seL4's invocations (sdk/interface/sel4.api, opened by a `version` line)
 * or one KaaL protocol (sdk/interface/<name>.proto, opened by a
 * `protocol` line); the format of both is in docs/interface.md.  The parser reads the whole text,
 * checks it (known types, labels in order, no duplicates, message limits)
 * and lays out every method's message the way libsel4's stubs do: word
 * arguments packed in order, each aligned to its own size, capabilities
 * apart in the IPC buffer's caps array.  The emitters (emit.c) only print
 * what the parser has worked out.
 *
 * Fixed-size tables keep the parser free of allocation, so the fuzzer can
 * run it on any input; the limits are far above what seL4's API needs.
 */
#pragma once

#include <stddef.h>
#include <stdio.h>

#define SPEC_NAME_MAX    64 /* identifier length, terminator included */
#define SPEC_MAX_TYPES   64
#define SPEC_MAX_FIELDS  32 /* per struct */
#define SPEC_MAX_METHODS 128
#define SPEC_MAX_PARAMS  24 /* per method: 18 for the file protocol's stat */
#define SPEC_MAX_IFACES  64
#define SPEC_MAX_ENDS    8 /* labels-end markers */
#define SPEC_WORD_BITS   64
#define SPEC_MAX_MSG     120 /* seL4_MsgMaxLength */
#define SPEC_MAX_CAPS    3   /* seL4_MsgMaxExtraCaps */
#define SPEC_NUM_MRS     4   /* message registers passed in CPU registers */
#define SPEC_MAX_BUFFERS 8   /* shared buffers a protocol declares */
#define SPEC_MAX_BLOCKS  8   /* config blocks of conditional methods */

/* A text type's size in bytes: a multiple of a word, at most this. */
#define SPEC_MAX_TEXT 256

enum spec_kind { KIND_WORD, KIND_BITFIELD, KIND_CAP, KIND_STRUCT, KIND_TEXT };
/* DIR_BUF (protocols only): a range of a shared buffer, sent as offset and length words. */
enum spec_dir { DIR_IN, DIR_OUT, DIR_CAP_IN, DIR_BUF };
/* How a protocol's requests travel: seL4_Call on an endpoint, a protected call on a channel, or
 * request slots in shared memory beside a queue (the slot's layout is generated). */
enum spec_transport { TRANSPORT_ENDPOINT, TRANSPORT_CHANNEL, TRANSPORT_QUEUE };

struct spec_type {
    char name[SPEC_NAME_MAX];
    enum spec_kind kind;
    int bits;   /* packed size; a struct's is 64 per field, a text's 8 per byte */
    int define; /* the generated types header declares it */
    int nfields;
    char fields[SPEC_MAX_FIELDS][SPEC_NAME_MAX];
};

struct spec_param {
    enum spec_dir dir;
    int type; /* index in spec.types */
    char name[SPEC_NAME_MAX];
    int first_bit; /* position in the request (in) or reply (out) words */
    int cap_index; /* cap-in: slot in the caps array */
    int buffer;    /* buf: index in spec.buffers */
};

struct spec_method {
    int label; /* with every config off; in a config block, with that config alone on */
    int block; /* the config block it is in, 1-based in spec.blocks; 0: always there */
    int iface; /* index in spec.ifaces */
    char id[SPEC_NAME_MAX];
    char name[SPEC_NAME_MAX];
    char ret[2 * SPEC_NAME_MAX + 4];
    int ret_struct; /* returns <interface>_<name>_t rather than seL4_Error */
    int nparams;
    struct spec_param params[SPEC_MAX_PARAMS];
    int in_words;  /* message length the stub sends */
    int in_caps;   /* extra caps the stub sends */
    int out_words; /* reply words the stub reads */
    int line;
};

struct spec_end {
    char name[SPEC_NAME_MAX];
    int value; /* the label after the last method before the marker, every config off */
    int after; /* how many methods come before it */
};

/* config <name> ... end-config: methods that exist only when the C macro name is defined. */
struct spec_block {
    char name[SPEC_NAME_MAX];
    int line;
    int length; /* its methods */
};

struct spec {
    const char *source; /* the file name given to spec_parse */
    /* seL4: api, release, arch.  A protocol: "kaal", its name, its transport. */
    char version[3][SPEC_NAME_MAX];
    int protocol; /* a KaaL protocol rather than seL4's invocations */
    enum spec_transport transport;
    int nbuffers;
    char buffers[SPEC_MAX_BUFFERS][SPEC_NAME_MAX];
    int ntypes, nifaces, nmethods, nends, nblocks;
    struct spec_type types[SPEC_MAX_TYPES];
    char ifaces[SPEC_MAX_IFACES][SPEC_NAME_MAX];
    struct spec_method methods[SPEC_MAX_METHODS];
    struct spec_end ends[SPEC_MAX_ENDS];
    struct spec_block blocks[SPEC_MAX_BLOCKS];
};

/*
 * Parses len bytes of text (no terminator needed) named file in messages.
 * Returns 0 and fills *s, or -1 with "file:line: error: ...\n  hint: ..."
 * in err (always terminated when errlen > 0).
 */
int spec_parse(const char *file, const char *text, size_t len, struct spec *s, char *err,
               size_t errlen);

/* The type a parameter has. */
static inline const struct spec_type *spec_param_type(const struct spec *s,
                                                      const struct spec_param *p)
{
    return &s->types[p->type];
}

/* Writes the label enum, <sel4/invocation.h>. */
void emit_labels(FILE *f, const struct spec *s);
/* Writes the types the spec defines and the stubs' result structs. */
void emit_types(FILE *f, const struct spec *s);
/* Writes the user stubs, <interfaces/sel4_client.h>. */
void emit_client(FILE *f, const struct spec *s);
/* Writes the X-macro list of invocations, <kaal/invocation_list.h>. */
void emit_list(FILE *f, const struct spec *s);
/* Writes the kernel's table indexed by label, <kaal/invocation_table.h>. */
void emit_table(FILE *f, const struct spec *s);
/* Writes the kernel's argument positions by name, <kaal/invocation_args.h>. */
void emit_kernel_args(FILE *f, const struct spec *s);
/* Writes a protocol's header, <kaal/proto/NAME.h>: ops, argument and result structs, client
 * stubs and the server's decode and dispatch (emit_proto.c). */
void emit_proto(FILE *f, const struct spec *s);
