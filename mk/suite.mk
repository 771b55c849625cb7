# SPDX-License-Identifier: BSD-2-Clause
#
# The in-guest kernel conformance suite (tests/kernel): a root task built
# only against sdk/, booted by `make test-kernel`, whose runs each end with
# "N passed, N failed".

SUITE_SRCS := $(wildcard tests/kernel/*.c)
SUITE_OBJS  = $(SUITE_SRCS:%=$(O)/%.o)
SUITE_ELF  := $(O)/tests/kernel/suite.elf

# The suite uses the generated client stubs (seL4_CNode_Copy ...), as any libsel4 program would.
$(O)/tests/kernel/%.c.o: tests/kernel/%.c $(IFGEN_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ROOT_CFLAGS) -I$(IFGEN_INCLUDE) -c $< -o $@

$(SUITE_ELF): $(SUITE_OBJS) $$(ROOT_START_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) -nostdlib -static -no-pie -Wl,-z,noexecstack -Wl,--build-id=none -o $@ $^

# make test-kernel runs the suite three times: as built here; with seL4's hardware debug API and
# its VT-d support (HARDWARE_DEBUG_API=1 IOMMU=1, as seL4's pc99 hardware builds) on a machine
# without VT-d; and with VT-d support alone (IOMMU=1) on a machine that has it.  Each option set
# gets a kernel and suite tree of its own, $(BUILD)/hwdebug-iommu and $(BUILD)/iommu.  The later
# runs have every case again, under the labels their options move, and the options' own
# (tests/kernel/debug_api.c; tests/kernel/iommu.c, whose cases but the boot-info one skip without
# VT-d), named kernel-hwdebug/<case> and kernel-iommu/<case>.
SUITE_NAME ?= kernel
SUITE_VTD  ?= 0
SUITE_RUN   = $(PYTHON) tests/kernel/run.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) \
              --suite $(SUITE_ELF) --log $(O)/tests/kernel/suite.log --name $(SUITE_NAME)

# The IOMMU run's machine (SUITE_VTD=1): QEMU's VT-d, which translates only for PCI devices given
# after it, and two edu devices (PCI 00:05.0 and 00:06.0) whose DMA iommu.c's cases drive.
SUITE_VTD_QEMU := -device intel-iommu -device edu,addr=05.0 -device edu,addr=06.0
ifeq ($(SUITE_VTD),1)
SUITE_RUN += --iommu --qemu-args "$(SUITE_VTD_QEMU)"
endif

.PHONY: test-kernel
test-kernel: $(KERNEL_IMAGE) $(SUITE_ELF)
ifeq ($(HARDWARE_DEBUG_API)$(IOMMU),00)
	@st=0; $(SUITE_RUN) || st=1; \
	$(MAKE) --no-print-directory BUILD=$(BUILD)/hwdebug-iommu HARDWARE_DEBUG_API=1 IOMMU=1 \
	    SUITE_NAME=kernel-hwdebug test-kernel || st=1; \
	$(MAKE) --no-print-directory BUILD=$(BUILD)/iommu IOMMU=1 SUITE_VTD=1 \
	    SUITE_NAME=kernel-iommu test-kernel || st=1; \
	exit $$st
else
	@$(SUITE_RUN)
endif

-include $(SUITE_OBJS:.o=.d)
