# SPDX-License-Identifier: BSD-2-Clause
#
# The kernel object model's host tests and fuzzer.  The kernel build
# (mk/kernel.mk) compiles kernel/src/object and kernel/src/arch/$(ARCH)/object
# into the kernel; here the same portable sources are built for the host,
# with the simulated machine of tests/unit/object/sim.c in place of the
# arch hooks, under ASan and UBSan.
#
#   make test-unit                  includes tests/unit/object/*_test.c
#   make fuzz FUZZ_SECONDS=N        runs the object-model fuzzer for N seconds
#                                   (default 60); last line "fuzz: E executions,
#                                   V invariant violations"
#   make test-fuzz                  a bounded run for make check: one line
#                                   PASS: fuzz/object (...) or FAIL: fuzz/object ...

# hooks.c holds the kernel's machine hooks; the host has sim.c's (and sim_cr3.c's) instead.
OBJECT_SRCS      = $(wildcard kernel/src/object/*.c) kernel/src/lib/printf.c \
                   kernel/src/kernel/sched.c kernel/src/kernel/schedule.c \
                   $(filter-out %/hooks.c,$(wildcard kernel/src/arch/$(ARCH)/object/*.c))
OBJECT_TEST_SRCS = $(OBJECT_SRCS) tests/unit/object/sim.c tests/unit/object/sim_cr3.c

UNIT_SRCS_object/cap       = $(OBJECT_TEST_SRCS)
UNIT_SRCS_object/cspace    = $(OBJECT_TEST_SRCS)
UNIT_SRCS_object/cnode     = $(OBJECT_TEST_SRCS)
UNIT_SRCS_object/untyped   = $(OBJECT_TEST_SRCS)
UNIT_SRCS_object/delete    = $(OBJECT_TEST_SRCS)
UNIT_SRCS_object/invariant = $(OBJECT_TEST_SRCS)
UNIT_SRCS_object/x86       = $(OBJECT_TEST_SRCS)
UNIT_SRCS_object/irq       = $(OBJECT_TEST_SRCS)
UNIT_SRCS_object/vspace    = $(OBJECT_TEST_SRCS)
UNIT_SRCS_object/vmroot    = $(OBJECT_TEST_SRCS)

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TEST_SECONDS ?= 30
FUZZ_DIR     := $(O)/tests/fuzz/object
FUZZ_BIN     := $(FUZZ_DIR)/fuzz_object
FUZZ_SEEDS   := tests/fuzz/object/corpus
COMMA        := ,
FUZZ_CFLAGS   = -std=gnu11 $(WARN) -g -O1 -fno-omit-frame-pointer \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                $(UNIT_INCLUDES) -Itests/unit/object

# Prerequisites are expanded as this file is read, before mk/tests.mk: list the headers here.
FUZZ_HEADERS := $(shell find kernel/include sdk/include sdk/private/include tests/unit -name '*.h')

$(FUZZ_BIN): tests/fuzz/object/fuzz_object.c $(OBJECT_TEST_SRCS) $(FUZZ_HEADERS) $(IFGEN_STAMP)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# fuzz-run SECONDS: runs the fuzzer over a scratch corpus seeded from the
# committed one and writes its log; the summary lines are made from the log.
define fuzz-run
	@mkdir -p $(FUZZ_DIR)/work
	@$(FUZZ_BIN) -max_total_time=$(1) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/work $(FUZZ_SEEDS) \
	    >$(FUZZ_DIR)/fuzz.log 2>&1; echo $$? >$(FUZZ_DIR)/fuzz.status
endef

FUZZ_EXECS = $$(grep -o 'stat::number_of_executed_units: *[0-9]*' $(FUZZ_DIR)/fuzz.log | \
                grep -o '[0-9]*$$' || grep -o '^\#[0-9]*' $(FUZZ_DIR)/fuzz.log | tail -1 | tr -d '\#')

# A run that stopped on a kernel assertion or a sanitizer report without an
# INVARIANT VIOLATION line still broke an invariant: it counts as one.
define fuzz-summary
	@st=$$(cat $(FUZZ_DIR)/fuzz.status); e=$(FUZZ_EXECS); \
	v=$$(grep -c '^INVARIANT VIOLATION' $(FUZZ_DIR)/fuzz.log); \
	if [ "$$st" != 0 ] && [ "$$v" = 0 ]; then v=1; fi; \
	$(1)
endef

.PHONY: fuzz test-fuzz

fuzz: $(FUZZ_BIN)
	$(call fuzz-run,$(FUZZ_SECONDS))
	@tail -n 20 $(FUZZ_DIR)/fuzz.log
	$(call fuzz-summary,echo "fuzz: $${e:-0} executions$(COMMA) $$v invariant violations"; [ "$$v" = 0 ])

test-fuzz: $(FUZZ_BIN)
	$(call fuzz-run,$(FUZZ_TEST_SECONDS))
	$(call fuzz-summary,if [ "$$v" = 0 ]; then \
	    echo "PASS: fuzz/object ($${e:-0} executions$(COMMA) 0 invariant violations)"; \
	else \
	    echo "FAIL: fuzz/object ($${e:-0} executions$(COMMA) $$v invariant violations; see $(FUZZ_DIR)/fuzz.log)"; \
	    grep -m3 -E 'INVARIANT|panic|ERROR|runtime error' $(FUZZ_DIR)/fuzz.log | sed 's/^/  /'; \
	fi)
