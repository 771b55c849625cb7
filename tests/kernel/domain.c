/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * DomainSet_Set cases (seL4 13.0.0 decodeDomainInvocation) with the boot
 * Domain cap: a build with one domain (bi->initThreadDomain is 0) accepts
 * domain 0 for a TCB and refuses anything else with InvalidArgument, the
 * domain being argument 0 and the TCB argument 1.
 */
#include "alloc.h"

static const char *domain_set_root_thread(seL4_BootInfo *bi)
{
    BEGIN(bi);
    CHECK(seL4_DomainSet_Set(seL4_CapDomain, 0, seL4_CapInitThreadTCB) == seL4_NoError,
          "setting the root thread's domain to 0 failed");
    return PASS;
}

static const char *domain_set_bad_domain(seL4_BootInfo *bi)
{
    BEGIN(bi);
    CHECK(seL4_DomainSet_Set(seL4_CapDomain, 255, seL4_CapInitThreadTCB) == seL4_InvalidArgument,
          "domain 255 is not InvalidArgument");
    CHECK(MR(0) == 0, "InvalidArgument does not name argument 0 (the domain)");
    return PASS;
}

static const char *domain_set_needs_tcb(seL4_BootInfo *bi)
{
    BEGIN(bi);
    seL4_CPtr ep = alloc_obj(seL4_EndpointObject, 0);
    CHECK(ep, "cannot make an endpoint");
    CHECK(seL4_DomainSet_Set(seL4_CapDomain, 0, ep) == seL4_InvalidArgument,
          "an endpoint as the thread is not InvalidArgument");
    CHECK(MR(0) == 1, "InvalidArgument does not name argument 1 (the thread)");
    return PASS;
}

static const char *domain_wrong_label_and_truncation(seL4_BootInfo *bi)
{
    static const seL4_Word mrs[1] = {0};
    seL4_CPtr tcb = seL4_CapInitThreadTCB;
    BEGIN(bi);
    CHECK(seL4_MessageInfo_get_label(raw_call(seL4_CapDomain, CNodeCopy, 1, mrs, 1, &tcb)) ==
              seL4_IllegalOperation,
          "the Domain cap invoked with a CNode label is not IllegalOperation");
    CHECK(seL4_MessageInfo_get_label(raw_call(seL4_CapDomain, DomainSetSet, 0, 0, 1, &tcb)) ==
              seL4_TruncatedMessage,
          "Set without the domain word is not TruncatedMessage");
    CHECK(seL4_MessageInfo_get_label(raw_call(seL4_CapDomain, DomainSetSet, 1, mrs, 0, 0)) ==
              seL4_TruncatedMessage,
          "Set without the thread cap is not TruncatedMessage");
    return PASS;
}

const struct kernel_case domain_cases[] = {
    CASE(domain_set_root_thread),
    CASE(domain_set_bad_domain),
    CASE(domain_set_needs_tcb),
    CASE(domain_wrong_label_and_truncation),
    END_OF_CASES,
};
