# SPDX-License-Identifier: BSD-2-Clause
#
# The ext2 library (services/fs/ext2*.c, docs/ext2.md).  Its unit tests are
# tests/unit/ext2 (UNIT_SRCS_ext2/* in tests.mk); here are the rest:
#
#   make test-fuzz-ext2     fuzz the library for EXT2FUZZ_TEST_SECONDS (10) from the
#                           seed images in tests/fuzz/ext2/corpus; one PASS/FAIL line
#   make fuzz-ext2 EXT2FUZZ_SECONDS=N   a longer run (default 60)
#   make test-ext2-heavy    the heavy unit test's long form (EXT2_HEAVY=1): tens of
#                           thousands of files and operations, checked by e2fsck and debugfs
#
# tests/fuzz/ext2/mkseeds.sh remakes the seeds with mke2fs -d.

EXT2_SRCS := $(sort $(wildcard services/fs/ext2*.c)) services/fs/ext2.h services/fs/ext2_priv.h

EXT2FUZZ_CC           ?= clang
EXT2FUZZ_SECONDS      ?= 60
EXT2FUZZ_TEST_SECONDS ?= 10
EXT2FUZZ_DIR          := $(O)/tests/fuzz/ext2
EXT2FUZZ_BIN          := $(EXT2FUZZ_DIR)/fuzz_ext2
EXT2FUZZ_CFLAGS        = -std=gnu11 $(WARN) -g -O1 -fno-omit-frame-pointer \
                         -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                         -Iservices/fs

$(EXT2FUZZ_BIN): tests/fuzz/ext2/fuzz_ext2.c $(EXT2_SRCS)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	$(Q)$(EXT2FUZZ_CC) $(EXT2FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# ext2fuzz-run SECONDS: one PASS/FAIL line with the execution count.
define ext2fuzz-run
	@mkdir -p $(EXT2FUZZ_DIR)/work
	@if $(EXT2FUZZ_BIN) -max_total_time=$(1) -print_final_stats=1 -timeout=10 \
	        -artifact_prefix=$(EXT2FUZZ_DIR)/ $(EXT2FUZZ_DIR)/work \
	        tests/fuzz/ext2/corpus >$(EXT2FUZZ_DIR)/fuzz.log 2>&1; then \
	    echo "PASS: fuzz/ext2 ($$(grep -o 'number_of_executed_units: *[0-9]*' \
	        $(EXT2FUZZ_DIR)/fuzz.log | grep -o '[0-9]*$$') executions in $(1) s)"; \
	else \
	    echo "FAIL: fuzz/ext2: see $(EXT2FUZZ_DIR)/fuzz.log and the crash-* input"; \
	    grep -m3 -E 'ERROR|runtime error|deadly signal|timeout' $(EXT2FUZZ_DIR)/fuzz.log | \
	        sed 's/^/  /'; \
	fi
endef

.PHONY: test-fuzz-ext2 fuzz-ext2 test-ext2-heavy

test-fuzz-ext2: $(EXT2FUZZ_BIN)
	$(call ext2fuzz-run,$(EXT2FUZZ_TEST_SECONDS))

fuzz-ext2: $(EXT2FUZZ_BIN)
	$(call ext2fuzz-run,$(EXT2FUZZ_SECONDS))

test-ext2-heavy: $(O)/tests/unit/ext2/heavy_test
	@EXT2_HEAVY=1 $<
