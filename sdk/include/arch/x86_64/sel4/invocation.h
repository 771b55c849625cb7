/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Invocation labels of seL4 13.0.0 (non-MCS, single core) for x86_64 pc99
 * without IOMMU or VT-x: the label of an invocation's message info says
 * which operation on the invoked cap is asked for.
 *
 * This is the ONE list of labels the kernel's decoders include.  It is to be
 * generated from the interface spec, sdk/interface/sel4.api, as seL4
 * generates it from its object-api XML: tools/ifgen already writes the same
 * enum under build/, and the unit test sdk/labels checks the two agree value
 * by value, so until the kernel build includes the generated copy, change
 * the spec and this file together.  Each architecture has its own copy
 * under its include path.
 */
#pragma once

enum invocation_label {
    InvalidInvocation = 0,
    UntypedRetype = 1,
    TCBReadRegisters = 2,
    TCBWriteRegisters,
    TCBCopyRegisters,
    TCBConfigure,
    TCBSetPriority,
    TCBSetMCPriority,
    TCBSetSchedParams,
    TCBSetIPCBuffer,
    TCBSetSpace,
    TCBSuspend,
    TCBResume,
    TCBBindNotification,
    TCBUnbindNotification,
    TCBSetTLSBase = 15,
    CNodeRevoke = 16,
    CNodeDelete,
    CNodeCancelBadgedSends,
    CNodeCopy,
    CNodeMint,
    CNodeMove,
    CNodeMutate,
    CNodeRotate,
    CNodeSaveCaller = 24,
    IRQIssueIRQHandler = 25,
    IRQAckIRQ = 26,
    IRQSetIRQHandler,
    IRQClearIRQHandler = 28,
    DomainSetSet = 29,
    nInvocationLabels,
    X86PDPTMap = 30,
    X86PDPTUnmap,
    nSeL4ArchInvocationLabels,
    X86PageDirectoryMap = 32,
    X86PageDirectoryUnmap,
    X86PageTableMap,
    X86PageTableUnmap,
    X86PageMap,
    X86PageUnmap,
    X86PageGetAddress = 38,
    X86ASIDControlMakePool = 39,
    X86ASIDPoolAssign = 40,
    X86IOPortControlIssue = 41,
    X86IOPortIn8 = 42,
    X86IOPortIn16,
    X86IOPortIn32,
    X86IOPortOut8,
    X86IOPortOut16,
    X86IOPortOut32 = 47,
    X86IRQIssueIRQHandlerIOAPIC = 48,
    X86IRQIssueIRQHandlerMSI = 49,
    nArchInvocationLabels
};
