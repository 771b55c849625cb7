/*
 * The generated label enum (tools/ifgen from sdk/interface/sel4.api), which
 * the kernel and user code both include, has seL4 13.0.0's labels for
 * x86_64 pc99 without IOMMU or VT-x, as SEL4_ABI.md's table gives them:
 * every name in order with its value, and the group ends.  With
 * CONFIG_HARDWARE_DEBUG_API (make HARDWARE_DEBUG_API=1) it has seL4's
 * labels of that configuration: the four debug invocations at 15-18 and
 * every label from SetTLSBase on four higher, as seL4's generated enum has
 * them when its object-api.xml's CONFIG_HARDWARE_DEBUG_API methods are in.
 * With CONFIG_IOMMU (make IOMMU=1) the x86 group gains IOPageTable Map and
 * Unmap before Page Map and Page MapIO after Page Unmap, as in seL4's
 * sel4arch.xml; with both options on, as seL4's pc99 hardware builds, both
 * shifts add up.  labels_gen.c compiles the generated enum in each
 * configuration.  The table here is the ABI's, written down apart from the
 * spec, so a mistake in the spec cannot pass for the ABI; the options'
 * tables are made from it by inserting their methods where seL4's XML
 * conditions put them (with_hwdebug, with_iommu), and spot checks pin
 * their values.
 */
#include "test.h"

#include <kaal/invocation_list.h>
#include <kaal/invocation_table.h>
#include <sel4/invocation.h>

#include "labels.h"

/* seL4 13.0.0's enum invocation_label on x86_64 (SEL4_ABI.md, "Invocation labels"). */
static const struct label_value abi_labels[] = {
    {"UntypedRetype", 1},
    {"TCBReadRegisters", 2},
    {"TCBWriteRegisters", 3},
    {"TCBCopyRegisters", 4},
    {"TCBConfigure", 5},
    {"TCBSetPriority", 6},
    {"TCBSetMCPriority", 7},
    {"TCBSetSchedParams", 8},
    {"TCBSetIPCBuffer", 9},
    {"TCBSetSpace", 10},
    {"TCBSuspend", 11},
    {"TCBResume", 12},
    {"TCBBindNotification", 13},
    {"TCBUnbindNotification", 14},
    {"TCBSetTLSBase", 15},
    {"CNodeRevoke", 16},
    {"CNodeDelete", 17},
    {"CNodeCancelBadgedSends", 18},
    {"CNodeCopy", 19},
    {"CNodeMint", 20},
    {"CNodeMove", 21},
    {"CNodeMutate", 22},
    {"CNodeRotate", 23},
    {"CNodeSaveCaller", 24},
    {"IRQIssueIRQHandler", 25},
    {"IRQAckIRQ", 26},
    {"IRQSetIRQHandler", 27},
    {"IRQClearIRQHandler", 28},
    {"DomainSetSet", 29},
    {"X86PDPTMap", 30},
    {"X86PDPTUnmap", 31},
    {"X86PageDirectoryMap", 32},
    {"X86PageDirectoryUnmap", 33},
    {"X86PageTableMap", 34},
    {"X86PageTableUnmap", 35},
    {"X86PageMap", 36},
    {"X86PageUnmap", 37},
    {"X86PageGetAddress", 38},
    {"X86ASIDControlMakePool", 39},
    {"X86ASIDPoolAssign", 40},
    {"X86IOPortControlIssue", 41},
    {"X86IOPortIn8", 42},
    {"X86IOPortIn16", 43},
    {"X86IOPortIn32", 44},
    {"X86IOPortOut8", 45},
    {"X86IOPortOut16", 46},
    {"X86IOPortOut32", 47},
    {"X86IRQIssueIRQHandlerIOAPIC", 48},
    {"X86IRQIssueIRQHandlerMSI", 49},
    {0, 0},
};

/* The group ends: the generic labels, then x86_64's, then x86's. */
static const struct label_value abi_ends[] = {
    {"nInvocationLabels", 30},
    {"nSeL4ArchInvocationLabels", 32},
    {"nArchInvocationLabels", 50},
    {0, 0},
};

static const struct label_value abi_ends_hwdebug[] = {
    {"nInvocationLabels", 34},
    {"nSeL4ArchInvocationLabels", 36},
    {"nArchInvocationLabels", 54},
    {0, 0},
};

/*
 * A configuration's table from another's, as seL4's XML conditions make it: the names of
 * `insert` go in after the name `after` (its own label and every later one move up by their
 * number).  out has room for ABI_LABELS_MAX entries.
 */
#define ABI_LABELS_MAX 64

static void with_inserted(struct label_value *out, const struct label_value *in, const char *after,
                          const char *const *insert)
{
    int n = 0, shift = 0;

    for (int i = 0; in[i].name; i++) {
        out[n] = in[i];
        out[n++].value += shift;
        if (strcmp(in[i].name, after) != 0)
            continue;
        for (int k = 0; insert[k]; k++) {
            out[n].name = insert[k];
            out[n].value = out[n - 1].value + 1;
            n++;
            shift++;
        }
    }
    CHECK(n < ABI_LABELS_MAX);
    out[n] = (struct label_value){0, 0};
}

/* seL4's IOMMU labels, added to a table of a configuration without them. */
static void with_iommu(struct label_value *out, const struct label_value *in)
{
    static const char *const iopt[] = {"X86IOPageTableMap", "X86IOPageTableUnmap", 0};
    static const char *const map_io[] = {"X86PageMapIO", 0};
    struct label_value mid[ABI_LABELS_MAX];

    with_inserted(mid, in, "X86PageTableUnmap", iopt);
    with_inserted(out, mid, "X86PageUnmap", map_io);
}

/* seL4's hardware debug API labels: the TCB's breakpoint invocations after UnbindNotification,
 * before SetTLSBase, as seL4 13.0.0 numbers them with CONFIG_HARDWARE_DEBUG_API. */
static void with_hwdebug(struct label_value *out, const struct label_value *in)
{
    static const char *const debug[] = {"TCBSetBreakpoint", "TCBGetBreakpoint",
                                        "TCBUnsetBreakpoint", "TCBConfigureSingleStepping", 0};

    with_inserted(out, in, "TCBUnbindNotification", debug);
}

static void same_values(const struct label_value *gen, const struct label_value *abi)
{
    int n = 0;

    for (; gen[n].name && abi[n].name; n++) {
        CHECK_STR(gen[n].name, abi[n].name);
        if (gen[n].value != abi[n].value)
            test_fail(__FILE__, __LINE__, "%s: generated %ld, the ABI's %ld", gen[n].name,
                      gen[n].value, abi[n].value);
    }
    CHECK(!gen[n].name && !abi[n].name);
}

static void labels_match_the_abi(void)
{
    same_values(gen_labels, abi_labels);
}

static void ends_match_the_abi(void)
{
    same_values(gen_ends, abi_ends);
}

static void hwdebug_labels_match_the_abi(void)
{
    struct label_value want[ABI_LABELS_MAX];

    with_hwdebug(want, abi_labels);
    same_values(gen_labels_hwdebug, want);
    same_values(gen_ends_hwdebug, abi_ends_hwdebug);
    CHECK_STR(want[14].name, "TCBSetBreakpoint");
    CHECK_EQ(want[14].value, 15);
    CHECK_STR(want[18].name, "TCBSetTLSBase");
    CHECK_EQ(want[18].value, 19);
    CHECK_STR(want[39].name, "X86PageMap");
    CHECK_EQ(want[39].value, 40);
    CHECK_STR(want[52].name, "X86IRQIssueIRQHandlerMSI");
    CHECK_EQ(want[52].value, 53);
    CHECK(want[53].name == NULL);
}

static void iommu_labels_match_the_abi(void)
{
    struct label_value want[ABI_LABELS_MAX];
    static const struct label_value ends[] = {{"nInvocationLabels", 30},
                                              {"nSeL4ArchInvocationLabels", 32},
                                              {"nArchInvocationLabels", 53},
                                              {0, 0}};

    with_iommu(want, abi_labels);
    same_values(gen_labels_iommu, want);
    same_values(gen_ends_iommu, ends);
    /* The values seL4 13.0.0 gives with KernelIOMMU on (the issue that asked for them: a root
     * task built so has its Page_Map at 38, which is GetAddress without the IOMMU). */
    CHECK_EQ(want[35].value, 36);
    CHECK_STR(want[35].name, "X86IOPageTableMap");
    CHECK_STR(want[37].name, "X86PageMap");
    CHECK_EQ(want[37].value, 38);
    CHECK_STR(want[39].name, "X86PageMapIO");
    CHECK_EQ(want[39].value, 40);
    CHECK_STR(want[40].name, "X86PageGetAddress");
    CHECK_EQ(want[40].value, 41);
}

static void pc99_hardware_labels_match_the_abi(void)
{
    struct label_value want[ABI_LABELS_MAX], hwdebug[ABI_LABELS_MAX];
    static const struct label_value ends[] = {{"nInvocationLabels", 34},
                                              {"nSeL4ArchInvocationLabels", 36},
                                              {"nArchInvocationLabels", 57},
                                              {0, 0}};

    with_hwdebug(hwdebug, abi_labels);
    with_iommu(want, hwdebug);
    same_values(gen_labels_hw, want);
    same_values(gen_ends_hw, ends);
    CHECK_STR(want[41].name, "X86PageMap");
    CHECK_EQ(want[41].value, 42);
    CHECK_STR(want[55].name, "X86IRQIssueIRQHandlerMSI");
    CHECK_EQ(want[55].value, 56);
}

/* Spot checks against SEL4_ABI.md's table. */
static void labels_follow_the_abi(void)
{
    CHECK_EQ(UntypedRetype, 1);
    CHECK_EQ(TCBSetTLSBase, 15);
    CHECK_EQ(CNodeRevoke, 16);
    CHECK_EQ(CNodeSaveCaller, 24);
    CHECK_EQ(IRQIssueIRQHandler, 25);
    CHECK_EQ(IRQClearIRQHandler, 28);
    CHECK_EQ(DomainSetSet, 29);
    CHECK_EQ(X86PDPTMap, 30);
    CHECK_EQ(X86PageGetAddress, 38);
    CHECK_EQ(X86IOPortControlIssue, 41);
    CHECK_EQ(X86IOPortOut32, 47);
    CHECK_EQ(X86IRQIssueIRQHandlerMSI, 49);
    CHECK_EQ(nArchInvocationLabels, 50);
}

static void kernel_table_has_every_label(void)
{
    const struct kaal_invocation_info *i;

    CHECK_EQ(gen_table_gap(), 0);
    CHECK_EQ(gen_table_gap_hwdebug(), 0);
    CHECK_EQ(gen_table_gap_iommu(), 0);
    CHECK_EQ(gen_table_gap_hw(), 0);
    i = kaal_invocation_info(CNodeCopy);
    CHECK_STR(i->interface, "seL4_CNode");
    CHECK_STR(i->method, "Copy");
    CHECK_EQ(i->words, 5);
    CHECK_EQ(i->caps, 1);
    i = kaal_invocation_info(X86IRQIssueIRQHandlerIOAPIC);
    CHECK_STR(i->interface, "seL4_IRQControl");
    CHECK_STR(i->method, "GetIOAPIC");
    CHECK_EQ(i->words, 7);
}

TEST_CASES({labels_match_the_abi, "labels_match_the_abi"},
           {ends_match_the_abi, "ends_match_the_abi"},
           {hwdebug_labels_match_the_abi, "hwdebug_labels_match_the_abi"},
           {iommu_labels_match_the_abi, "iommu_labels_match_the_abi"},
           {pc99_hardware_labels_match_the_abi, "pc99_hardware_labels_match_the_abi"},
           {labels_follow_the_abi, "labels_follow_the_abi"},
           {kernel_table_has_every_label, "kernel_table_has_every_label"}, );
TEST_MAIN("sdk/labels")
