# SPDX-License-Identifier: BSD-2-Clause
#
# Toolchain and flags shared by every fragment.  Freestanding code (kernel,
# components) uses TARGET_CFLAGS; host tools and host tests use HOST_CFLAGS.

CC       ?= gcc
HOSTCC   ?= gcc
LD       := ld
OBJCOPY  := objcopy
PYTHON   ?= python3
QEMU     ?= qemu-system-$(ARCH)

# V=1 shows every command in full.
Q := $(if $(filter 1,$(V)),,@)

# DEBUG=1 (the default, as seL4 debug builds) keeps the debug system calls
# and the kernel's boot-time self tests.  DEBUG=0 is a release build.
DEBUG ?= 1

# ROOT_CNODE_BITS: the root server's CNode holds 2^ROOT_CNODE_BITS slots (seL4's
# KernelRootCNodeSizeBits; 12 by default, as seL4's; sel4bench builds with 13).  A change
# needs a build directory of its own (BUILD=...), as DEBUG does.
ROOT_CNODE_BITS ?= 12
ifeq ($(filter 10 11 12 13 14 15 16 17 18,$(ROOT_CNODE_BITS)),)
$(error ROOT_CNODE_BITS=$(ROOT_CNODE_BITS): give 10 to 18 (seL4's default is 12))
endif

# XSAVE_FEATURES: the state components XCR0 may enable (seL4's KernelXSaveFeatureSet).  7, the
# default, is x87, SSE and AVX: an 832-byte XSAVE area and 2^12-byte TCBs.  3 is x87 and SSE,
# seL4's own default: 576 bytes and 2^11-byte TCBs, for root tasks built with seL4's defaults.
XSAVE_FEATURES ?= 7
ifeq ($(filter 3 7,$(XSAVE_FEATURES)),)
$(error XSAVE_FEATURES=$(XSAVE_FEATURES): give 7 (x87, SSE, AVX) or 3 (x87, SSE; seL4's default))
endif

WARN := -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes -Wshadow

TARGET_CFLAGS := -std=gnu11 $(WARN) -ffreestanding -fno-builtin -fno-stack-protector \
                 -fno-pic -fno-pie -fno-common -fno-omit-frame-pointer \
                 -fno-asynchronous-unwind-tables -O2 -g -MMD -MP
ifeq ($(DEBUG),1)
TARGET_CFLAGS += -DCONFIG_DEBUG=1
endif

# $(call seL4-config-switch,VAR,MACRO): a make variable for an on/off seL4 option that changes the
# ABI: 0 (the default, as seL4's simulation builds) or 1 (as its pc99 hardware builds), checked,
# and with 1 the C macro MACRO for all target code.
define seL4-config-switch
$(1) ?= 0
ifeq ($$(filter 0 1,$$($(1))),)
$$(error $(1)=$$($(1)): give 0 (off, seL4's simulation default) or 1 (on, as seL4's pc99 hardware builds))
endif
ifeq ($$($(1)),1)
TARGET_CFLAGS += -D$(2)=1
endif
endef

# HARDWARE_DEBUG_API: seL4's hardware debug API (KernelHardwareDebugAPI): 0, the default, as
# seL4's simulation builds; 1, as its pc99 hardware builds, adds the TCB's breakpoint and
# single-stepping invocations, the DebugException fault and four invocation labels, which move
# every later label up.  The labels are ABI, so every program is compiled with the same value
# (here: all target code) and a root task built for seL4 must match it.  A change needs a
# build directory of its own (BUILD=...), as DEBUG does.
$(eval $(call seL4-config-switch,HARDWARE_DEBUG_API,CONFIG_HARDWARE_DEBUG_API))

# IOMMU: seL4's VT-d support (KernelIOMMU): 0, the default, as seL4's simulation builds; 1, as
# its pc99 hardware builds (seL4's own default there), adds the IOSpace and I/O page table caps,
# IOPageTable Map/Unmap and Page MapIO (three labels, which move every later x86 label up) and
# the I/O page table object type.  On a machine with VT-d (QEMU's -device intel-iommu) the kernel
# then turns on DMA remapping: a device reaches only what is mapped in its IOSpace.  The labels
# are ABI, as for HARDWARE_DEBUG_API; a change needs a build directory of its own (BUILD=...).
$(eval $(call seL4-config-switch,IOMMU,CONFIG_IOMMU))

HOST_CFLAGS := -std=gnu11 $(WARN) -O1 -g -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=all -MMD -MP
