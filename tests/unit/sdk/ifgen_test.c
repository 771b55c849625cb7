/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The interface generator's parser and writers (tools/ifgen): the real spec
 * parses with the message layouts libsel4 uses, and each kind of bad spec
 * is rejected with file:line, what is wrong and a hint.
 */
#include "test.h"

#include <spec.h>
#include <stdio.h>
#include <stdlib.h>

/* Lines 1-5 of every small spec below; line 6 is the first one a case writes. */
#define HEAD                                                                                       \
    "version seL4 13.0.0 x86_64\n"                                                                 \
    "type word seL4_Word 64\n"                                                                     \
    "type word seL4_Uint8 8\n"                                                                     \
    "type cap seL4_CPtr\n"                                                                         \
    "type cap seL4_CNode define\n"

#define GOOD_BODY                                                                                  \
    "interface seL4_CNode\n"                                                                       \
    "method 1 CNodeCopy Copy seL4_Error\n"                                                         \
    "  in seL4_Word dest_index\n"                                                                  \
    "  in seL4_Uint8 dest_depth\n"                                                                 \
    "  cap-in seL4_CNode src_root\n"                                                               \
    "labels-end nLabels\n"

static struct spec spec;
static char err[512];

static int parse(const char *text)
{
    return spec_parse("t.api", text, strlen(text), &spec, err, sizeof(err));
}

/* Checks that text is rejected with an error at line naming what. */
static void rejects(const char *text, int line, const char *what)
{
    char where[32];

    snprintf(where, sizeof(where), "t.api:%d: error: ", line);
    CHECK_EQ(parse(text), -1);
    CHECK_CONTAINS(err, where);
    CHECK_CONTAINS(err, what);
    CHECK_CONTAINS(err, "\n  hint: ");
}

static void accepts_a_small_spec(void)
{
    CHECK_EQ(parse(HEAD GOOD_BODY), 0);
    CHECK_STR(err, "");
    CHECK_EQ(spec.nmethods, 1);
    CHECK_EQ(spec.methods[0].in_words, 2);
    CHECK_EQ(spec.methods[0].in_caps, 1);
    CHECK_EQ(spec.nends, 1);
    CHECK_EQ(spec.ends[0].value, 2);
}

static const struct spec_method *method(const char *id)
{
    for (int i = 0; i < spec.nmethods; i++) {
        if (strcmp(spec.methods[i].id, id) == 0)
            return &spec.methods[i];
    }
    return NULL;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = malloc(1 << 20);

    *len = f && buf ? fread(buf, 1, 1 << 20, f) : 0;
    if (f)
        fclose(f);
    return buf;
}

/* Message sizes per method, as libsel4 13.0.0's stubs send them. */
static void real_spec_has_libsel4_layouts(void)
{
    static const struct {
        const char *id;
        int words, caps, out;
    } want[] = {
        {"UntypedRetype", 6, 1, 0},      {"TCBReadRegisters", 2, 0, 20},
        {"TCBWriteRegisters", 22, 0, 0}, {"TCBCopyRegisters", 1, 1, 0},
        {"TCBConfigure", 4, 3, 0},       {"TCBSetSpace", 3, 2, 0},
        {"CNodeCopy", 5, 1, 0},          {"CNodeMint", 6, 1, 0},
        {"CNodeRotate", 8, 2, 0},        {"IRQIssueIRQHandler", 3, 1, 0},
        {"DomainSetSet", 1, 1, 0},       {"X86PageMap", 3, 1, 0},
        {"X86PageGetAddress", 0, 0, 1},  {"X86ASIDControlMakePool", 2, 2, 0},
        {"X86IOPortIn8", 1, 0, 1},       {"X86IRQIssueIRQHandlerMSI", 7, 1, 0},
        {"TCBSetBreakpoint", 5, 0, 0},   {"TCBGetBreakpoint", 1, 0, 5},
        {"TCBUnsetBreakpoint", 1, 0, 0}, {"TCBConfigureSingleStepping", 2, 0, 1},
        {"X86IOPageTableMap", 1, 1, 0},  {"X86IOPageTableUnmap", 0, 0, 0},
        {"X86PageMapIO", 2, 1, 0},
    };
    size_t len;
    char *text = read_all("sdk/interface/sel4.api", &len);

    CHECK_EQ(spec_parse("sdk/interface/sel4.api", text, len, &spec, err, sizeof(err)), 0);
    CHECK_STR(err, "");
    CHECK_EQ(spec.nmethods, 56);
    CHECK_EQ(spec.nblocks, 3);
    CHECK_STR(spec.blocks[0].name, "CONFIG_HARDWARE_DEBUG_API");
    CHECK_STR(spec.blocks[1].name, "CONFIG_IOMMU");
    CHECK_STR(spec.blocks[2].name, "CONFIG_IOMMU");
    CHECK(method("X86PageMapIO") && method("X86PageMapIO")->label == 40);
    CHECK(method("TCBSetBreakpoint") && method("TCBSetBreakpoint")->block == 1 &&
          method("TCBSetBreakpoint")->label == 15);
    CHECK(method("TCBSetTLSBase") && method("TCBSetTLSBase")->block == 0 &&
          method("TCBSetTLSBase")->label == 15);
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const struct spec_method *m = method(want[i].id);
        CHECK(m != NULL);
        if (!m)
            continue;
        CHECK_EQ(m->in_words, want[i].words);
        CHECK_EQ(m->in_caps, want[i].caps);
        CHECK_EQ(m->out_words, want[i].out);
    }
    free(text);
}

static void rejects_unknown_type(void)
{
    rejects(HEAD "interface seL4_CNode\nmethod 1 A B seL4_Error\n  in seL4_Wurd x\n"
                 "labels-end n\n",
            8, "unknown type 'seL4_Wurd'");
}

static void rejects_duplicate_method(void)
{
    rejects(HEAD "interface seL4_CNode\nmethod 1 CNodeA Copy seL4_Error\n"
                 "method 2 CNodeB Copy seL4_Error\nlabels-end n\n",
            8, "duplicate method seL4_CNode_Copy");
}

static void rejects_duplicate_label_name(void)
{
    rejects(HEAD "interface seL4_CNode\nmethod 1 CNodeA A seL4_Error\n"
                 "method 2 CNodeA B seL4_Error\nlabels-end n\n",
            8, "duplicate label name 'CNodeA'");
}

static void rejects_label_out_of_order(void)
{
    rejects(HEAD "interface seL4_CNode\nmethod 1 CNodeA A seL4_Error\n"
                 "method 3 CNodeB B seL4_Error\nlabels-end n\n",
            8, "label 3 out of order: expected 2");
    rejects(HEAD "interface seL4_CNode\nmethod 0 CNodeA A seL4_Error\nlabels-end n\n", 7,
            "label 0 out of order: expected 1");
    rejects(HEAD "interface seL4_CNode\nmethod x1 CNodeA A seL4_Error\nlabels-end n\n", 7,
            "bad label 'x1'");
}

static void rejects_duplicate_type(void)
{
    rejects(HEAD "type word seL4_Word 32\n", 6, "duplicate type 'seL4_Word'");
}

static void rejects_cap_and_word_mixups(void)
{
    rejects(HEAD "interface seL4_CNode\nmethod 1 A B seL4_Error\n  in seL4_CNode root\n", 8,
            "has cap type 'seL4_CNode' but direction 'in'");
    rejects(HEAD "interface seL4_CNode\nmethod 1 A B seL4_Error\n  cap-in seL4_Word w\n", 8,
            "is cap-in but type 'seL4_Word' is not a cap");
    rejects(HEAD "interface seL4_Word\n", 6, "interface 'seL4_Word' is not a declared cap type");
}

static void rejects_wrong_return_type(void)
{
    rejects(HEAD "interface seL4_CNode\nmethod 1 A Get seL4_Error\n  out seL4_Word v\n"
                 "labels-end n\n",
            7, "returns 'seL4_Error', expected 'seL4_CNode_Get_t'");
    rejects(HEAD "interface seL4_CNode\nmethod 1 A Get seL4_CNode_Get_t\nlabels-end n\n", 7,
            "expected 'seL4_Error'");
}

static void rejects_oversized_messages(void)
{
    rejects(HEAD "interface seL4_CNode\nmethod 1 A B seL4_Error\n  cap-in seL4_CPtr a\n"
                 "  cap-in seL4_CPtr b\n  cap-in seL4_CPtr c\n  cap-in seL4_CPtr d\n"
                 "labels-end n\n",
            7, "passes 4 caps");
    rejects(HEAD "struct S\nfields a b c d e f g h i j k l m n o p\n"
                 "fields q r s t u v w x y z a1 a2 a3 a4 a5 a6\ninterface seL4_CNode\n"
                 "method 1 A B seL4_Error\n  in S p\n  in S q\n  in S r\n  in S s\n"
                 "labels-end n\n",
            10, "needs 128 words");
}

static void rejects_misplaced_lines(void)
{
    rejects(HEAD "  in seL4_Word x\n", 6, "parameter outside a method");
    rejects(HEAD "method 1 A B seL4_Error\n", 6, "method before any interface");
    rejects(HEAD "fields a\n", 6, "'fields' outside a struct");
    rejects("type word seL4_Word 64\n", 1, "before the version line");
    rejects(HEAD "frobnicate x\n", 6, "unknown keyword 'frobnicate'");
    rejects(HEAD "struct S\ninterface seL4_CNode\n", 6, "struct 'S' has no fields");
}

static void rejects_unfinished_specs(void)
{
    rejects(HEAD "interface seL4_CNode\nmethod 1 A B seL4_Error\n", 7,
            "methods after the last labels-end");
    rejects(HEAD, 5, "no methods");
    rejects(HEAD "labels-end n\n", 6, "no method since the start of the file");
}

static void rejects_bad_words(void)
{
    rejects(HEAD "type word seL4_Odd 12\n", 6, "bad size '12'");
    rejects(HEAD "type blob X\n", 6, "unknown kind of type 'blob'");
    rejects(HEAD "type cap 9lives\n", 6, "'9lives' is not a C identifier");
    rejects(HEAD "interface seL4_CNode\nmethod 1 A B seL4_Error\n  in seL4_Word _mr0\n", 8,
            "starts with '_'");
    rejects(HEAD "interface seL4_CNode\nmethod 1 A B seL4_Error\n  in seL4_Word x\n"
                 "  in seL4_Word x\n",
            9, "duplicate parameter 'x'");
    rejects(HEAD "type cap \xc3\xa9\n", 6, "unexpected byte 0xc3");
    rejects(HEAD "type cap X extra\n", 6, "unexpected 'extra'");
}

/* The client writer prints libsel4's signature and packing for the small spec. */
static void writes_a_stub(void)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);

    CHECK_EQ(parse(HEAD GOOD_BODY), 0);
    emit_client(f, &spec);
    fclose(f);
    CHECK_CONTAINS(out, "static inline seL4_Error seL4_CNode_Copy(seL4_CNode _service, "
                        "seL4_Word dest_index, seL4_Uint8 dest_depth, seL4_CNode src_root)");
    CHECK_CONTAINS(out, "seL4_MessageInfo_new(CNodeCopy, 0, 1, 2)");
    CHECK_CONTAINS(out, "seL4_SetCap(0, src_root);");
    CHECK_CONTAINS(out, "_mr1 = (dest_depth & 0xffull);");
    free(out);
}

/* A config block: its labels go on from the method before it, and after it the numbering goes
 * on as if it were not there. */
#define BLOCK_BODY                                                                                 \
    "interface seL4_CNode\n"                                                                       \
    "method 1 CNodeA A seL4_Error\n"                                                               \
    "config CONFIG_X\n"                                                                            \
    "method 2 CNodeB B seL4_Error\n"                                                               \
    "method 3 CNodeC C seL4_Error\n"                                                               \
    "end-config\n"                                                                                 \
    "method 2 CNodeD D seL4_Error\n"                                                               \
    "labels-end nLabels\n"                                                                         \
    "interface seL4_CPtr\n"                                                                        \
    "method 3 CPtrE E seL4_Error\n"                                                                \
    "labels-end nMore\n"

static void accepts_a_config_block(void)
{
    CHECK_EQ(parse(HEAD BLOCK_BODY), 0);
    CHECK_STR(err, "");
    CHECK_EQ(spec.nblocks, 1);
    CHECK_STR(spec.blocks[0].name, "CONFIG_X");
    CHECK_EQ(spec.blocks[0].line, 8);
    CHECK_EQ(method("CNodeA")->block, 0);
    CHECK_EQ(method("CNodeB")->block, 1);
    CHECK_EQ(method("CNodeC")->label, 3);
    CHECK_EQ(method("CNodeD")->block, 0);
    CHECK_EQ(method("CNodeD")->label, 2);
    CHECK_EQ(spec.ends[0].value, 3);
    CHECK_EQ(spec.ends[0].after, 4);
    CHECK_EQ(spec.ends[1].value, 4);
}

/* A config's second block counts on from its own labels plus the first block's, which are in
 * whenever it is (seL4's IOMMU labels: IOPageTable's two, then Page MapIO two further on). */
static void later_block_of_a_config_counts_the_earlier(void)
{
    static const char body[] =
        HEAD "interface seL4_CNode\nmethod 1 A A seL4_Error\nconfig CONFIG_X\n"
             "method 2 B B seL4_Error\nend-config\nmethod 2 C C seL4_Error\n"
             "config CONFIG_Y\nmethod 3 D D seL4_Error\nend-config\n"
             "config CONFIG_X\nmethod 4 E E seL4_Error\nend-config\n"
             "method 3 F F seL4_Error\nlabels-end n\n";

    CHECK_EQ(parse(body), 0);
    CHECK_STR(err, "");
    CHECK_EQ(spec.blocks[0].length, 1);
    CHECK_EQ(method("E")->label, 4);
    CHECK_EQ(method("F")->label, 3);
    rejects(HEAD "interface seL4_CNode\nmethod 1 A A seL4_Error\nconfig CONFIG_X\n"
                 "method 2 B B seL4_Error\nend-config\nmethod 2 C C seL4_Error\n"
                 "config CONFIG_X\nmethod 3 E E seL4_Error\nend-config\nlabels-end n\n",
            13, "label 3 out of order: expected 4");
}

static void rejects_bad_config_blocks(void)
{
    rejects(HEAD "interface seL4_CNode\nconfig CONFIG_X\n", 7, "config block opens a group");
    rejects(HEAD "interface seL4_CNode\nmethod 1 A A seL4_Error\nconfig X\n", 8,
            "config 'X' does not start with CONFIG_");
    rejects(HEAD "interface seL4_CNode\nmethod 1 A A seL4_Error\nconfig CONFIG_X\n"
                 "config CONFIG_Y\n",
            9, "config inside config block CONFIG_X");
    rejects(HEAD "interface seL4_CNode\nmethod 1 A A seL4_Error\nconfig CONFIG_X\nend-config\n", 9,
            "config block CONFIG_X has no methods");
    rejects(HEAD "interface seL4_CNode\nmethod 1 A A seL4_Error\nend-config\n", 8,
            "end-config without config");
    rejects(HEAD "interface seL4_CNode\nmethod 1 A A seL4_Error\nconfig CONFIG_X\n"
                 "method 2 B B seL4_Error\nlabels-end n\n",
            10, "labels-end inside config block CONFIG_X");
    rejects(HEAD "interface seL4_CNode\nmethod 1 A A seL4_Error\nconfig CONFIG_X\n"
                 "method 2 B B seL4_Error\n",
            8, "config block CONFIG_X not closed");
    rejects(HEAD "interface seL4_CNode\nmethod 1 A A seL4_Error\nconfig CONFIG_X\n"
                 "method 2 B B seL4_Error\nend-config\nmethod 3 C C seL4_Error\nlabels-end n\n",
            11, "label 3 out of order: expected 2");
    rejects("protocol demo channel\nconfig CONFIG_X\n", 2, "'config' in a protocol");
}

/* Writes f's output of emit for the block spec into a string the caller frees. */
static char *emitted(void (*emit)(FILE *, const struct spec *))
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);

    CHECK_EQ(parse(HEAD BLOCK_BODY), 0);
    emit(f, &spec);
    fclose(f);
    return out;
}

/* A block's methods are inside #ifdef in every header; the enum counts on by itself. */
static void writes_config_blocks(void)
{
    char *out = emitted(emit_labels);
    CHECK_CONTAINS(out, "    CNodeA, /* 1 */\n#ifdef CONFIG_X\n    CNodeB, /* 2 with CONFIG_X */\n"
                        "    CNodeC, /* 3 with CONFIG_X */\n#endif /* CONFIG_X */\n"
                        "    CNodeD, /* 2 */\n    nLabels, /* 3 */\n"
                        "    CPtrE = nLabels, /* 3 */\n    nMore, /* 4 */\n};");
    /* The build's options come in before the first #ifdef (an installed SDK's too). */
    CHECK(strstr(out, "#include <sel4/config.h>\n") != NULL &&
          strstr(out, "#include <sel4/config.h>\n") < strstr(out, "#ifdef CONFIG_X"));
    free(out);
    out = emitted(emit_client);
    CHECK_CONTAINS(out, "#ifdef CONFIG_X\n\n/* seL4_CNode_B: label CNodeB (2 with CONFIG_X)");
    CHECK_CONTAINS(out, "#endif /* CONFIG_X */\n\n/* seL4_CNode_D: label CNodeD (2)");
    free(out);
    out = emitted(emit_list);
    CHECK_CONTAINS(out, "#ifdef CONFIG_X\n#define KAAL_INVOCATIONS_BLOCK1(X) \\\n"
                        "    X(CNodeB, CNodeB, seL4_CNode, B, 0, 0) \\\n"
                        "    X(CNodeC, CNodeC, seL4_CNode, C, 0, 0)\n#else\n"
                        "#define KAAL_INVOCATIONS_BLOCK1(X)\n#endif\n");
    CHECK_CONTAINS(out, "    X(CNodeA, CNodeA, seL4_CNode, A, 0, 0) \\\n"
                        "    KAAL_INVOCATIONS_BLOCK1(X) \\\n"
                        "    X(CNodeD, CNodeD, seL4_CNode, D, 0, 0) \\\n");
    free(out);
    out = emitted(emit_kernel_args);
    CHECK_CONTAINS(out, "#ifdef CONFIG_X\n\n/* seL4_CNode_B */\n#define INV_CNodeB_WORDS 0\n");
    free(out);
}

/* Lines 1-4 of every small protocol below; line 5 is the first one a case writes. */
#define PHEAD                                                                                      \
    "protocol demo channel\n"                                                                      \
    "type word seL4_Word 64\n"                                                                     \
    "type word seL4_Uint8 8\n"                                                                     \
    "type cap seL4_CPtr\n"

/* A protocol lays out one whole word per argument, text by its bytes, a buffer range in two. */
static void accepts_a_protocol(void)
{
    CHECK_EQ(parse(PHEAD "type text name 24\nbuffer data\n"
                         "op 1 put\n in seL4_Uint8 a\n in name n\n buf data where\n"
                         "  cap-in seL4_CPtr c\n out seL4_Uint8 r\n out name copy\n"
                         "op 2 ping\n"),
             0);
    CHECK_STR(err, "");
    CHECK_EQ(spec.protocol, 1);
    CHECK_EQ(spec.transport, TRANSPORT_CHANNEL);
    CHECK_EQ(spec.nmethods, 2);
    CHECK_STR(spec.methods[0].id, "KAAL_DEMO_PUT");
    CHECK_EQ(spec.methods[0].in_words, 1 + 3 + 2);
    CHECK_EQ(spec.methods[0].in_caps, 1);
    CHECK_EQ(spec.methods[0].out_words, 1 + 3);
    CHECK_EQ(spec.methods[0].params[1].first_bit, 64);
    CHECK_EQ(spec.methods[0].params[2].first_bit, 4 * 64);
    CHECK_EQ(spec.methods[1].in_words, 0);
}

/* The protocol writer prints the stub, the server's table and its checks. */
static void writes_a_protocol(void)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);

    CHECK_EQ(parse(PHEAD "op 1 add\n in seL4_Word a\n in seL4_Uint8 b\n out seL4_Word sum\n"), 0);
    emit_proto(f, &spec);
    fclose(f);
    CHECK_CONTAINS(out, "static inline int kaal_demo_add(unsigned int _ch, seL4_Word a, "
                        "seL4_Uint8 b, struct kaal_demo_add_out *_out)");
    CHECK_CONTAINS(out,
                   "KAAL_PROTO_CHANNEL_CALL(_ch, seL4_MessageInfo_new(KAAL_DEMO_ADD, 0, 0, 2))");
    CHECK_CONTAINS(out, "int (*add)(void *ctx, const struct kaal_demo_add_in *in, "
                        "struct kaal_demo_add_out *out);");
    CHECK_CONTAINS(out, "kaal_proto_check(_srv->refused, _ctx, _msg, !!_srv->add, 2, 0)");
    CHECK_CONTAINS(out, "if (seL4_GetMR(1) > 0xffull)");
    CHECK_CONTAINS(out, "X(KAAL_DEMO_ADD, add, 2, 0, 1)");
    free(out);
}

static void rejects_bad_protocols(void)
{
    rejects("protocol Demo channel\nop 1 a\n", 1, "bad protocol name 'Demo'");
    rejects("protocol demo pipe\nop 1 a\n", 1, "unknown transport 'pipe'");
    rejects(PHEAD "op 1 a\nop 3 b\n", 6, "label 3 out of order: expected 2");
    rejects(PHEAD "op 1 a\nop 2 a\n", 6, "duplicate op 'a'");
    rejects(PHEAD "op 1 a\n buf data x\n", 6, "unknown buffer 'data'");
    rejects(PHEAD "op 1 a\n out seL4_CPtr c\n", 6, "is a cap result");
    rejects(PHEAD "type bitfield seL4_CapRights_t\n", 5, "bitfield type in a protocol");
    rejects(PHEAD "struct s\nfields a\n", 5, "struct in a protocol");
    rejects(PHEAD "interface seL4_CPtr\n", 5, "'interface' in a protocol");
    rejects(PHEAD "method 1 A a seL4_Error\n", 5, "'method' in a protocol");
    rejects(PHEAD "op 1 a\nlabels-end n\n", 6, "'labels-end' in a protocol");
    rejects(PHEAD "type text t 12\n", 5, "bad size '12'");
    rejects(PHEAD "buffer b\nbuffer b\n", 6, "duplicate buffer 'b'");
    rejects(PHEAD, 4, "no methods");
    rejects(HEAD "type text t 16\n", 6, "text type 't' in seL4's spec");
    rejects(HEAD "op 1 a\n", 6, "'op' in seL4's spec");
    rejects("protocol demo channel\nversion seL4 13.0.0 x86_64\n", 2, "second version line");
}

/* A queue protocol's slot: words only, one type per name, no caps, text or buffer ranges. */
static void rejects_bad_queue_protocols(void)
{
#define QHEAD                                                                                      \
    "protocol q queue\ntype word seL4_Word 64\ntype word seL4_Uint32 32\ntype cap seL4_CPtr\n"
    CHECK_EQ(parse(QHEAD "op 1 a\n in seL4_Word x\nop 2 b\n in seL4_Word x\n out seL4_Word y\n"),
             0);
    CHECK_EQ(spec.transport, TRANSPORT_QUEUE);
    rejects(QHEAD "op 1 a\n cap-in seL4_CPtr c\n", 6, "'c' is not a word in a queue protocol");
    rejects(QHEAD "type text t 8\nop 1 a\n in t x\n", 7, "'x' is not a word in a queue protocol");
    rejects(QHEAD "buffer d\nop 1 a\n buf d x\n", 7, "'buf' in a queue protocol");
    rejects(QHEAD "op 1 a\n in seL4_Word x\nop 2 b\n in seL4_Uint32 x\n", 8,
            "'x' is seL4_Uint32 here but seL4_Word in op a");
    rejects(QHEAD "op 1 a\n in seL4_Word x\nop 2 b\n out seL4_Word x\n", 8,
            "'x' is an argument in one op and a result in another");
    rejects(QHEAD "op 1 a\n in seL4_Word status\n", 6, "argument named 'status'");
#undef QHEAD
}

/* The real protocols parse; the broker keeps the labels its clients were built with. */
static void real_protocols_parse(void)
{
    static const char *const files[] = {"sdk/interface/broker.proto", "sdk/interface/serial.proto",
                                        "sdk/interface/net.proto",    "sdk/interface/timer.proto",
                                        "sdk/interface/blk.proto",    "sdk/interface/fs.proto"};

    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        size_t len;
        char *text = read_all(files[i], &len);
        CHECK_EQ(spec_parse(files[i], text, len, &spec, err, sizeof(err)), 0);
        CHECK_STR(err, "");
        CHECK_EQ(spec.protocol, 1);
        free(text);
    }
    size_t len;
    char *text = read_all("sdk/interface/broker.proto", &len);
    CHECK_EQ(spec_parse("broker.proto", text, len, &spec, err, sizeof(err)), 0);
    CHECK_EQ(spec.nmethods, 19);
    CHECK(method("KAAL_BROKER_PS") && method("KAAL_BROKER_PS")->label == 14 &&
          method("KAAL_BROKER_PS")->out_words == 27);
    CHECK(method("KAAL_BROKER_POWER") && method("KAAL_BROKER_POWER")->label == 17);
    CHECK(method("KAAL_BROKER_FILE") && method("KAAL_BROKER_FILE")->label == 19 &&
          method("KAAL_BROKER_FILE")->out_words == 7 + 16);
    free(text);
}

TEST_CASES({accepts_a_small_spec, "accepts_a_small_spec"},
           {real_spec_has_libsel4_layouts, "real_spec_has_libsel4_layouts"},
           {rejects_unknown_type, "rejects_unknown_type"},
           {rejects_duplicate_method, "rejects_duplicate_method"},
           {rejects_duplicate_label_name, "rejects_duplicate_label_name"},
           {rejects_label_out_of_order, "rejects_label_out_of_order"},
           {rejects_duplicate_type, "rejects_duplicate_type"},
           {rejects_cap_and_word_mixups, "rejects_cap_and_word_mixups"},
           {rejects_wrong_return_type, "rejects_wrong_return_type"},
           {rejects_oversized_messages, "rejects_oversized_messages"},
           {rejects_misplaced_lines, "rejects_misplaced_lines"},
           {rejects_unfinished_specs, "rejects_unfinished_specs"},
           {rejects_bad_words, "rejects_bad_words"}, {writes_a_stub, "writes_a_stub"},
           {accepts_a_config_block, "accepts_a_config_block"},
           {rejects_bad_config_blocks, "rejects_bad_config_blocks"},
           {later_block_of_a_config_counts_the_earlier,
            "later_block_of_a_config_counts_the_earlier"},
           {writes_config_blocks, "writes_config_blocks"},
           {accepts_a_protocol, "accepts_a_protocol"}, {writes_a_protocol, "writes_a_protocol"},
           {rejects_bad_protocols, "rejects_bad_protocols"},
           {real_protocols_parse, "real_protocols_parse"},
           {rejects_bad_queue_protocols, "rejects_bad_queue_protocols"}, );
TEST_MAIN("sdk/ifgen")
