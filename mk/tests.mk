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
                 -I$(O)/include
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

# A release kernel (DEBUG=0) is built in its own tree for the release scenarios, and a kernel
# whose root CNode has 2^13 slots (ROOT_CNODE_BITS=13, as sel4bench builds seL4) in another.
RELEASE_BUILD  := $(BUILD)/release
RELEASE_KERNEL := $(RELEASE_BUILD)/$(ARCH)/kernel/kernel.elf
CNODE13_BUILD  := $(BUILD)/cnode13
CNODE13_KERNEL := $(CNODE13_BUILD)/$(ARCH)/kernel/kernel.elf
# A kernel with seL4's default XSAVE feature set (x87 and SSE, 2^11-byte TCBs) in a third.
XSAVE3_BUILD   := $(BUILD)/xsave3
XSAVE3_KERNEL  := $(XSAVE3_BUILD)/$(ARCH)/kernel/kernel.elf

.PHONY: release-kernel cnode13-kernel xsave3-kernel
release-kernel:
	@$(MAKE) --no-print-directory BUILD=$(RELEASE_BUILD) DEBUG=0 kernel
cnode13-kernel:
	@$(MAKE) --no-print-directory BUILD=$(CNODE13_BUILD) ROOT_CNODE_BITS=13 kernel
xsave3-kernel:
	@$(MAKE) --no-print-directory BUILD=$(XSAVE3_BUILD) XSAVE_FEATURES=3 kernel

test-boot: $(KERNEL_IMAGE) $(ROOT_ELF) $(MBCHAIN_ELF) $(ROOTTASK_ELFS) release-kernel cnode13-kernel \
           xsave3-kernel
	@$(PYTHON) tests/boot/scenarios.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) \
	    --root $(ROOT_ELF) --mbchain $(MBCHAIN_ELF) --roottasks $(O)/tests/boot/roottasks \
	    --release-kernel $(RELEASE_KERNEL) --cnode13-kernel $(CNODE13_KERNEL) \
	    --xsave3-kernel $(XSAVE3_KERNEL) --out $(O)/tests/boot

test-format:
	@bad=$$(for f in $(C_SOURCES); do \
	    clang-format --dry-run -Werror "$$f" >/dev/null 2>&1 || echo "$$f"; done); \
	if [ -z "$$bad" ]; then echo "PASS: format/clang-format"; \
	else echo "FAIL: format/clang-format: these differ from .clang-format (run 'make format'):"; \
	    echo "$$bad" | sed 's/^/  /'; fi

format:
	clang-format -i $(C_SOURCES)
