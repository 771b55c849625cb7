# SPDX-License-Identifier: BSD-2-Clause
#
# Tests of the root server's pure parts: the component ELF check
# (runtime/root/elf.c over sdk/private/include/kaal/elfcheck.h) and the fault
# decoder (runtime/root/fault.c).
#
#   tests/unit/root/elf_test.c, fault_test.c   host unit tests, in make test-unit
#   tests/fuzz/root/fuzz_elf.c                 libFuzzer target for root_elf_check
#
#   make test-fuzz-root                    the target for ROOTFUZZ_TEST_SECONDS (10) from
#                                          the seeds; one PASS/FAIL line
#   make fuzz-root ROOTFUZZ_SECONDS=N      a longer run (default 60)
#
# The run starts from seeds tests/fuzz/root/mkseeds.py writes into build/,
# with the values in tests/fuzz/root/elf.dict, and keeps what it finds in
# build/, never in the tree.  A crash, a sanitizer
# report or a broken property (the target traps) fails the run and leaves
# the input in build/.

UNIT_SRCS_root/elf   := runtime/root/elf.c
UNIT_SRCS_root/fault := runtime/root/fault.c

ROOTFUZZ_CC           ?= clang
ROOTFUZZ_SECONDS      ?= 60
ROOTFUZZ_TEST_SECONDS ?= 10
ROOTFUZZ_DIR          := $(O)/tests/fuzz/root
ROOTFUZZ_BIN          := $(ROOTFUZZ_DIR)/fuzz_elf
ROOTFUZZ_SEEDS        := $(ROOTFUZZ_DIR)/seeds-elf
ROOTFUZZ_CFLAGS        = -std=gnu11 $(WARN) -g -O1 -fno-omit-frame-pointer \
                         -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                         -Isdk/private/include

$(ROOTFUZZ_BIN): tests/fuzz/root/fuzz_elf.c runtime/root/elf.c runtime/root/elf.h \
                 sdk/private/include/kaal/elfcheck.h
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	$(Q)$(ROOTFUZZ_CC) $(ROOTFUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# The seeds are written by tests/fuzz/root/mkseeds.py, so none is a binary in the tree.
$(ROOTFUZZ_SEEDS)/.stamp: tests/fuzz/root/mkseeds.py
	@rm -rf $(ROOTFUZZ_SEEDS)
	$(Q)$(PYTHON) tests/fuzz/root/mkseeds.py $(ROOTFUZZ_SEEDS)
	@touch $@

# rootfuzz-run SECONDS: prints one PASS/FAIL line with the execution count.
define rootfuzz-run
	@rm -rf $(ROOTFUZZ_DIR)/crash-elf-*
	@mkdir -p $(ROOTFUZZ_DIR)/work-elf
	@if $(ROOTFUZZ_BIN) -max_total_time=$(1) -print_final_stats=1 \
	        -dict=tests/fuzz/root/elf.dict -artifact_prefix=$(ROOTFUZZ_DIR)/crash-elf- \
	        $(ROOTFUZZ_DIR)/work-elf $(ROOTFUZZ_SEEDS) >$(ROOTFUZZ_DIR)/elf.log 2>&1; then \
	    echo "PASS: fuzz/root-elf ($$(grep -o 'number_of_executed_units: *[0-9]*' \
	        $(ROOTFUZZ_DIR)/elf.log | grep -o '[0-9]*$$') executions)"; \
	else \
	    echo "FAIL: fuzz/root-elf: see $(ROOTFUZZ_DIR)/elf.log and the crash-elf-* input there"; \
	    grep -m3 -E 'ERROR|runtime error|deadly signal' $(ROOTFUZZ_DIR)/elf.log | sed 's/^/  /'; \
	fi
endef

.PHONY: test-fuzz-root fuzz-root

test-fuzz-root: $(ROOTFUZZ_BIN) $(ROOTFUZZ_SEEDS)/.stamp
	$(call rootfuzz-run,$(ROOTFUZZ_TEST_SECONDS))

fuzz-root: $(ROOTFUZZ_BIN) $(ROOTFUZZ_SEEDS)/.stamp
	$(call rootfuzz-run,$(ROOTFUZZ_SECONDS))
