# SPDX-License-Identifier: BSD-2-Clause
#
# Test levels.  `make check` runs them all through tests/check.sh, which
# prints every PASS/FAIL line and ends with "N passed, N failed".
#
#   test-format  every C file matches .clang-format
#   test-unit    host unit tests (tests/unit), built with ASan and UBSan
#   test-boot    QEMU boot scenarios (tests/boot), good and bad boot input
#
# A host unit test tests/unit/<path>_test.c is linked with test.c and the
# sources listed in UNIT_SRCS_<path>; add the variable beside its test here.

UNIT_INCLUDES := -Ikernel/include -Ikernel/include/arch/$(ARCH) -Isdk/include -Isdk/include/arch/$(ARCH) -Itests/unit \
                 -Isdk/private/include -Isdk/private/include/arch/$(ARCH) \
                 -I$(O)/include -Iservices/fs
UNIT_TESTS    := $(patsubst tests/unit/%_test.c,%,$(shell find tests/unit -name '*_test.c' | sort))
UNIT_BINS     := $(UNIT_TESTS:%=$(O)/tests/unit/%_test)
UNIT_HEADERS  := $(shell find kernel/include sdk/include sdk/private/include tests/unit -name '*.h')

UNIT_SRCS_printf    := kernel/src/lib/printf.c
UNIT_SRCS_cmdline   := kernel/src/lib/cmdline.c
UNIT_SRCS_memmap    := kernel/src/boot/memmap.c kernel/src/lib/printf.c
UNIT_SRCS_elf       := kernel/src/boot/elf.c kernel/src/lib/printf.c
UNIT_SRCS_sched     := kernel/src/kernel/sched.c
UNIT_SRCS_acpi      := kernel/src/arch/x86_64/acpi.c kernel/src/lib/printf.c
UNIT_SRCS_multiboot := kernel/src/arch/x86_64/multiboot.c kernel/src/boot/memmap.c \
                       kernel/src/lib/printf.c

# The ext2 library (EXT2_SRCS, mk/ext2.mk), tested against images that e2fsprogs makes and checks.
EXT2_TEST_SRCS := $(EXT2_SRCS) tests/unit/ext2/ext2_util.c tests/unit/ext2/ext2_util.h
UNIT_SRCS_ext2/read    = $(EXT2_TEST_SRCS)
UNIT_SRCS_ext2/write   = $(EXT2_TEST_SRCS)
UNIT_SRCS_ext2/hostile = $(EXT2_TEST_SRCS)
UNIT_SRCS_ext2/heavy   = $(EXT2_TEST_SRCS)

$(O)/tests/unit/%_test: tests/unit/%_test.c tests/unit/test.c $$(UNIT_SRCS_$$*) $(UNIT_HEADERS) \
                        $(IFGEN_STAMP)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(filter-out -MMD -MP,$(HOST_CFLAGS)) $(UNIT_INCLUDES) -o $@ \
	    $(filter %.c,$^)

C_SOURCES = $(shell git ls-files '*.c' '*.h' 2>/dev/null || find . -name '*.[ch]' -not -path './build/*')

.PHONY: check test-format test-unit test-boot format

check:
	@tools/setup.sh
	@tests/check.sh "$(MAKE) --no-print-directory" "$(O)"

test-unit: $(UNIT_BINS)
	@for t in $(UNIT_BINS); do \
	    out=$$($$t 2>&1); st=$$?; echo "$$out"; \
	    if [ $$st -ne 0 ] && ! echo "$$out" | grep -q '^FAIL:'; then \
	        echo "FAIL: unit/$${t#$(O)/tests/unit/} (died with status $$st)"; fi; \
	done; true

# Kernels built with other options, each in its own tree ($(BUILD)/NAME), for the boot
# scenarios of those options, as NAME:VARIABLE=VALUE: a release kernel; a root CNode of 2^13
# slots, as sel4bench builds seL4; seL4's default XSAVE feature set (x87 and SSE, 2^11-byte TCBs).
OPTION_KERNELS := release:DEBUG=0 cnode13:ROOT_CNODE_BITS=13 xsave3:XSAVE_FEATURES=3
option_name     = $(word 1,$(subst :, ,$(1)))

.PHONY: option-kernels
option-kernels:
	@$(foreach k,$(OPTION_KERNELS),$(MAKE) --no-print-directory BUILD=$(BUILD)/$(call option_name,$(k)) \
	    $(word 2,$(subst :, ,$(k))) kernel &&) true

test-boot: $(KERNEL_IMAGE) $(ROOT_ELF) $(MBCHAIN_ELF) $(ROOTTASK_ELFS) option-kernels
	@$(PYTHON) tests/boot/scenarios.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) \
	    --root $(ROOT_ELF) --mbchain $(MBCHAIN_ELF) --roottasks $(O)/tests/boot/roottasks \
	    $(foreach k,$(OPTION_KERNELS),--option-kernel \
	        $(call option_name,$(k))=$(BUILD)/$(call option_name,$(k))/$(ARCH)/kernel/kernel.elf) \
	    --out $(O)/tests/boot

# make test-iommu: the systems, drivers, shell, tutorials and make run again with seL4's IOMMU option on
# (IOMMU=1, in $(BUILD)/iommu), on a machine with VT-d: QEMU's intel-iommu, with the virtio
# devices' DMA sent through it (iommu_platform=on; e1000's always is).  Each device then reaches
# only the DMA memory the root server granted its driver.  Lines are named iommu/<the line>.
# IOMMU_MACHINE is mk/qemu.mk's.
IOMMU_LEVELS  := test-system test-drivers test-shell test-examples test-run

.PHONY: test-iommu
test-iommu:
	@mkdir -p $(O)
	@KAAL_QEMU_MACHINE='$(IOMMU_MACHINE)' $(MAKE) --no-print-directory -k BUILD=$(BUILD)/iommu \
	    IOMMU=1 $(IOMMU_LEVELS) >$(O)/iommu.log 2>&1; st=$$?; \
	sed -n 's/^\(PASS\|FAIL\): /\1: iommu\//p' $(O)/iommu.log; \
	[ $$st -eq 0 ] || echo "FAIL: iommu: a level did not finish; see $(O)/iommu.log"; exit $$st

test-format:
	@bad=$$(for f in $(C_SOURCES); do \
	    clang-format --dry-run -Werror "$$f" >/dev/null 2>&1 || echo "$$f"; done); \
	if [ -z "$$bad" ]; then echo "PASS: format/clang-format"; \
	else echo "FAIL: format/clang-format: these differ from .clang-format (run 'make format'):"; \
	    echo "$$bad" | sed 's/^/  /'; fi

format:
	clang-format -i $(C_SOURCES)
