# SPDX-License-Identifier: BSD-2-Clause
#
# kaal-sysgen (tools/sysgen): the system description checker and image
# writer (docs/system-description.md), its unit tests and fuzz targets.
#
#   make sysgen            build build/<arch>/tools/sysgen/kaal-sysgen
#   make test-fuzz-sysgen  fuzz the parser, the ELF check and sysimage_check for
#                          SYSGENFUZZ_TEST_SECONDS (5) each from the committed seeds;
#                          one PASS/FAIL line each
#   make fuzz-sysgen SYSGENFUZZ_SECONDS=N   longer runs (default 60)
#
# The tool links libyaml (Debian libyaml-dev, installed by tools/setup.sh).

SYSGEN_DIR    := $(O)/tools/sysgen
SYSGEN_BIN    := $(SYSGEN_DIR)/kaal-sysgen
SYSGEN_LIBSRC := tools/sysgen/parse.c tools/sysgen/check.c tools/sysgen/files.c tools/sysgen/cpio.c \
                 tools/sysgen/elf.c \
                 tools/sysgen/image.c \
                 tools/sysgen/diag.c tools/lib/editdist.c
SYSGEN_DEPS   := tools/sysgen/sysgen.h sdk/private/include/kaal/sysimage.h \
                 sdk/private/include/kaal/elfcheck.h tools/lib/editdist.h
SYSGEN_CFLAGS  = $(filter-out -MMD -MP,$(HOST_CFLAGS)) -Isdk/include -Isdk/private/include -Itools/sysgen
SYSGEN_LIBS   := -lyaml

.PHONY: sysgen test-fuzz-sysgen fuzz-sysgen
sysgen: $(SYSGEN_BIN)
all: sysgen

$(SYSGEN_BIN): tools/sysgen/main.c $(SYSGEN_LIBSRC) $(SYSGEN_DEPS)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(SYSGEN_CFLAGS) -o $@ $(filter %.c,$^) $(SYSGEN_LIBS)

# ---- Host unit tests (tests/unit/sysgen) ---------------------------------------
# The generic unit-test rule in tests.mk does not link libraries, so the
# sysgen tests have their own rule; a static pattern rule wins over it.

SYSGEN_UNIT_BINS := $(O)/tests/unit/sysgen/sysgen_test $(O)/tests/unit/sysgen/sysimage_test

$(SYSGEN_UNIT_BINS): $(O)/tests/unit/sysgen/%: tests/unit/sysgen/%.c tests/unit/test.c \
                     $(SYSGEN_LIBSRC) $(SYSGEN_DEPS) tests/unit/test.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(SYSGEN_CFLAGS) -Itests/unit \
	    -DSYSGEN_FIXTURES='"$(abspath tests/unit/sysgen/fixtures)"' \
	    -DSYSGEN_WORK='"$(abspath $(O)/tests/unit/sysgen/work)"' \
	    -o $@ $(filter %.c,$^) $(SYSGEN_LIBS)

# ---- Fuzzing (tests/fuzz/sysgen) ---------------------------------------------

SYSGENFUZZ_CC           ?= clang
SYSGENFUZZ_SECONDS      ?= 60
SYSGENFUZZ_TEST_SECONDS ?= 5
SYSGENFUZZ_DIR          := $(O)/tests/fuzz/sysgen
SYSGENFUZZ_CFLAGS        = -std=gnu11 $(WARN) -g -O1 -fno-omit-frame-pointer \
                           -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                           -Isdk/include -Isdk/private/include -Itools/sysgen

$(SYSGENFUZZ_DIR)/fuzz_parse: tests/fuzz/sysgen/fuzz_parse.c $(SYSGEN_LIBSRC) $(SYSGEN_DEPS)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	$(Q)$(SYSGENFUZZ_CC) $(SYSGENFUZZ_CFLAGS) -o $@ $(filter %.c,$^) $(SYSGEN_LIBS)

$(SYSGENFUZZ_DIR)/fuzz_elf: tests/fuzz/sysgen/fuzz_elf.c $(SYSGEN_LIBSRC) $(SYSGEN_DEPS)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	$(Q)$(SYSGENFUZZ_CC) $(SYSGENFUZZ_CFLAGS) -o $@ $(filter %.c,$^) $(SYSGEN_LIBS)

$(SYSGENFUZZ_DIR)/fuzz_image: tests/fuzz/sysgen/fuzz_image.c $(SYSGEN_DEPS)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	$(Q)$(SYSGENFUZZ_CC) $(SYSGENFUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# sysgenfuzz-run NAME SECONDS: one PASS/FAIL line with the execution count.
define sysgenfuzz-run
	@mkdir -p $(SYSGENFUZZ_DIR)/work-$(1)
	@if $(SYSGENFUZZ_DIR)/fuzz_$(1) -max_total_time=$(2) -print_final_stats=1 \
	        -artifact_prefix=$(SYSGENFUZZ_DIR)/crash-$(1)- $(SYSGENFUZZ_DIR)/work-$(1) \
	        tests/fuzz/sysgen/corpus/$(1) >$(SYSGENFUZZ_DIR)/$(1).log 2>&1; then \
	    echo "PASS: fuzz/sysgen-$(1) ($$(grep -o 'number_of_executed_units: *[0-9]*' \
	        $(SYSGENFUZZ_DIR)/$(1).log | grep -o '[0-9]*$$') executions in $(2) s)"; \
	else \
	    echo "FAIL: fuzz/sysgen-$(1): see $(SYSGENFUZZ_DIR)/$(1).log and the crash-$(1)-* input"; \
	    grep -m3 -E 'ERROR|runtime error|deadly signal|PROPERTY' $(SYSGENFUZZ_DIR)/$(1).log | \
	        sed 's/^/  /'; \
	fi
endef

SYSGENFUZZ_BINS := $(SYSGENFUZZ_DIR)/fuzz_parse $(SYSGENFUZZ_DIR)/fuzz_elf \
                   $(SYSGENFUZZ_DIR)/fuzz_image

test-fuzz-sysgen: $(SYSGENFUZZ_BINS)
	$(call sysgenfuzz-run,parse,$(SYSGENFUZZ_TEST_SECONDS))
	$(call sysgenfuzz-run,elf,$(SYSGENFUZZ_TEST_SECONDS))
	$(call sysgenfuzz-run,image,$(SYSGENFUZZ_TEST_SECONDS))

fuzz-sysgen: $(SYSGENFUZZ_BINS)
	$(call sysgenfuzz-run,parse,$(SYSGENFUZZ_SECONDS))
	$(call sysgenfuzz-run,elf,$(SYSGENFUZZ_SECONDS))
	$(call sysgenfuzz-run,image,$(SYSGENFUZZ_SECONDS))
