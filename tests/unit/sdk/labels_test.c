/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The generated label enum equals the hand-written one in
 * sdk/include/arch/x86_64/sel4/invocation.h, name by name and value by
 * value, and both follow SEL4_ABI.md's numbering.  This file compiles the
 * hand-written enum; labels_gen.c compiles the generated one.
 */
#include "test.h"

#include "../../../sdk/include/arch/x86_64/sel4/invocation.h"
#include <kaal/invocation_list.h>
#include <kaal/invocation_table.h>

#include "labels.h"

#define HAND_LABEL(id, label, iface, method, words, caps) {#id, id},
#define HAND_END(name, value)                             {#name, name},

static const struct label_value hand_labels[] = {KAAL_INVOCATIONS(HAND_LABEL){0, 0}};
static const struct label_value hand_ends[] = {KAAL_INVOCATION_ENDS(HAND_END){0, 0}};

static void same_values(const struct label_value *gen, const struct label_value *hand)
{
    int n = 0;

    for (; gen[n].name && hand[n].name; n++) {
        CHECK_STR(gen[n].name, hand[n].name);
        if (gen[n].value != hand[n].value)
            test_fail(__FILE__, __LINE__, "%s: generated %ld, hand-written %ld", gen[n].name,
                      gen[n].value, hand[n].value);
    }
    CHECK(!gen[n].name && !hand[n].name);
}

static void labels_match_hand_written(void)
{
    same_values(gen_labels, hand_labels);
    CHECK_EQ(sizeof(hand_labels) / sizeof(hand_labels[0]) - 1, 49);
}

static void ends_match_hand_written(void)
{
    same_values(gen_ends, hand_ends);
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

    CHECK(kaal_invocation_info(InvalidInvocation) == NULL);
    CHECK(kaal_invocation_info(nArchInvocationLabels) == NULL);
    for (long l = UntypedRetype; l < nArchInvocationLabels; l++)
        CHECK(kaal_invocation_info(l) != NULL);
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

TEST_CASES({labels_match_hand_written, "labels_match_hand_written"},
           {ends_match_hand_written, "ends_match_hand_written"},
           {labels_follow_the_abi, "labels_follow_the_abi"},
           {kernel_table_has_every_label, "kernel_table_has_every_label"}, );
TEST_MAIN("sdk/labels")
