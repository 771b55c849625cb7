# SPDX-License-Identifier: BSD-2-Clause
#
# The interface generator (tools/ifgen) and what it makes from the
# invocation spec sdk/interface/sel4.api (docs/interface.md):
#
#   make ifgen            build the generator and the generated headers
#   make test-fuzz-ifgen  fuzz the spec parser for IFGENFUZZ_TEST_SECONDS (10) from
#                         tests/fuzz/ifgen/corpus and the live spec; one line
#                         PASS: fuzz/ifgen (N executions) or FAIL: ...
#   make fuzz-ifgen IFGENFUZZ_SECONDS=N   a longer run
#
# For the rest of the build: add $(IFGEN_INCLUDE) to the include path and
# depend on $(IFGEN_HEADERS).  The headers are
#
#   $(IFGEN_INCLUDE)/sel4/invocation.h         enum invocation_label
#   $(IFGEN_INCLUDE)/interfaces/sel4_types.h   cap types, seL4_UserContext, result structs
#   $(IFGEN_INCLUDE)/interfaces/sel4_client.h  the user stubs (seL4_CNode_Copy ...)
#   $(IFGEN_INCLUDE)/kaal/invocation_list.h    X-macro list of the invocations
#   $(IFGEN_INCLUDE)/kaal/invocation_table.h   the kernel's label -> words/caps table
#   $(IFGEN_INCLUDE)/kaal/invocation_args.h    the kernel's decoders' argument positions by name
#   $(IFGEN_INCLUDE)/kaal/proto/NAME.h         one per KaaL protocol, sdk/interface/NAME.proto

IFGEN_SPEC    := sdk/interface/sel4.api
IFGEN_DIR     := $(O)/tools/ifgen
IFGEN_BIN     := $(IFGEN_DIR)/ifgen
IFGEN_INCLUDE := $(O)/include
IFGEN_STAMP   := $(IFGEN_DIR)/headers.stamp
IFGEN_HEADERS := $(IFGEN_INCLUDE)/sel4/invocation.h $(IFGEN_INCLUDE)/interfaces/sel4_types.h \
                 $(IFGEN_INCLUDE)/interfaces/sel4_client.h \
                 $(IFGEN_INCLUDE)/kaal/invocation_list.h $(IFGEN_INCLUDE)/kaal/invocation_table.h \
                 $(IFGEN_INCLUDE)/kaal/invocation_args.h
IFGEN_PROTOS  := $(sort $(wildcard sdk/interface/*.proto))
IFGEN_PROTO_HEADERS := $(patsubst sdk/interface/%.proto,$(IFGEN_INCLUDE)/kaal/proto/%.h,\
                         $(IFGEN_PROTOS))
IFGEN_HEADERS += $(IFGEN_PROTO_HEADERS)
IFGEN_SRCS    := tools/ifgen/main.c tools/ifgen/spec.c tools/ifgen/emit.c tools/ifgen/emit_proto.c
IFGEN_CFLAGS   = $(filter-out -MMD -MP,$(HOST_CFLAGS))

# The SDK headers the generated ones include; a change to one reruns the tests.
SDK_HEADERS    = $(shell find sdk/include -name '*.h')

.PHONY: ifgen test-fuzz-ifgen fuzz-ifgen

# IFGEN_CHECK compiles the stubs as target code (freestanding, -O2), so that
# every build sees them build the way components will.
IFGEN_CHECK   := $(IFGEN_DIR)/stubs_target.o

ifgen: $(IFGEN_STAMP) $(IFGEN_PROTO_HEADERS) $(IFGEN_CHECK)
all: ifgen

$(IFGEN_BIN): $(IFGEN_SRCS) tools/ifgen/spec.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(IFGEN_CFLAGS) -o $@ $(IFGEN_SRCS)

# One run writes every header; the stamp stands for all of them.
$(IFGEN_STAMP): $(IFGEN_BIN) $(IFGEN_SPEC)
	@mkdir -p $(IFGEN_INCLUDE)
	@echo "  IFGEN   $(IFGEN_SPEC)"
	$(Q)$(IFGEN_BIN) -o $(IFGEN_INCLUDE) $(IFGEN_SPEC)
	@touch $@

$(filter-out $(IFGEN_PROTO_HEADERS),$(IFGEN_HEADERS)): $(IFGEN_STAMP)

# A protocol's header from its spec; written beside its name and renamed, as the others.
$(IFGEN_INCLUDE)/kaal/proto/%.h: sdk/interface/%.proto $(IFGEN_BIN)
	@mkdir -p $(dir $@)
	@echo "  IFGEN   $<"
	$(Q)$(IFGEN_BIN) -o $(IFGEN_INCLUDE) $<

$(IFGEN_CHECK): tests/unit/sdk/stubs_real.c $(IFGEN_STAMP) $(SDK_HEADERS)
	@echo "  CC      $@"
	$(Q)$(CC) $(filter-out -MMD -MP,$(TARGET_CFLAGS)) -m64 -Isdk/include \
	    -Isdk/include/arch/$(ARCH) -I$(IFGEN_INCLUDE) -include sel4/sel4.h -c $< -o $@

# ---- Host unit tests (tests/unit/sdk) -----------------------------------------
# tests.mk sets UNIT_INCLUDES with :=, after this file is read, so the
# generated headers join the path through a pattern-specific append, which
# make evaluates when the recipe runs.

UNIT_SRCS_sdk/ifgen       := tools/ifgen/spec.c tools/ifgen/emit.c tools/ifgen/emit_proto.c
UNIT_SRCS_sdk/labels      := tests/unit/sdk/labels_gen.c tests/unit/sdk/labels_gen_hwdebug.c \
                             tests/unit/sdk/labels_gen_iommu.c tests/unit/sdk/labels_gen_hw.c
UNIT_SRCS_sdk/messageinfo :=
UNIT_SRCS_sdk/stubs       := tests/unit/sdk/stubs_real.c

$(O)/tests/unit/sdk/%: UNIT_INCLUDES += -I$(IFGEN_INCLUDE) -Itools/ifgen
$(O)/tests/unit/sdk/labels_test: UNIT_INCLUDES += \
    -DIFGEN_LABELS_H='"$(abspath $(IFGEN_INCLUDE))/sel4/invocation.h"'
$(patsubst %,$(O)/tests/unit/sdk/%_test,ifgen labels messageinfo stubs): \
    $(IFGEN_STAMP) $(SDK_HEADERS) tools/ifgen/spec.h

# ---- Fuzzing the spec parser (tests/fuzz/ifgen) --------------------------------

IFGENFUZZ_CC           ?= clang
IFGENFUZZ_SECONDS      ?= 60
IFGENFUZZ_TEST_SECONDS ?= 10
IFGENFUZZ_DIR          := $(O)/tests/fuzz/ifgen
IFGENFUZZ_BIN          := $(IFGENFUZZ_DIR)/fuzz_spec
IFGENFUZZ_CFLAGS        = -std=gnu11 $(WARN) -g -O1 -fno-omit-frame-pointer \
                          -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                          -Itools/ifgen

$(IFGENFUZZ_BIN): tests/fuzz/ifgen/fuzz_spec.c tools/ifgen/spec.c tools/ifgen/emit.c \
                  tools/ifgen/emit_proto.c tools/ifgen/spec.h
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	$(Q)$(IFGENFUZZ_CC) $(IFGENFUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# ifgenfuzz-run SECONDS: one PASS/FAIL line with the execution count.
define ifgenfuzz-run
	@mkdir -p $(IFGENFUZZ_DIR)/work
	@if $(IFGENFUZZ_BIN) -max_total_time=$(1) -print_final_stats=1 \
	        -dict=tests/fuzz/ifgen/spec.dict -artifact_prefix=$(IFGENFUZZ_DIR)/crash- \
	        $(IFGENFUZZ_DIR)/work \
	        tests/fuzz/ifgen/corpus sdk/interface tests/unit/proto >$(IFGENFUZZ_DIR)/fuzz.log 2>&1; then \
	    echo "PASS: fuzz/ifgen ($$(grep -o 'number_of_executed_units: *[0-9]*' \
	        $(IFGENFUZZ_DIR)/fuzz.log | grep -o '[0-9]*$$') executions)"; \
	else \
	    echo "FAIL: fuzz/ifgen: see $(IFGENFUZZ_DIR)/fuzz.log and the crash-* input"; \
	    grep -m3 -E 'ERROR|runtime error|deadly signal|PROPERTY' $(IFGENFUZZ_DIR)/fuzz.log | \
	        sed 's/^/  /'; \
	fi
endef

test-fuzz-ifgen: $(IFGENFUZZ_BIN)
	$(call ifgenfuzz-run,$(IFGENFUZZ_TEST_SECONDS))

fuzz-ifgen: $(IFGENFUZZ_BIN)
	$(call ifgenfuzz-run,$(IFGENFUZZ_SECONDS))

# ---- The generated protocol code from both sides (tests/unit/proto) -------------
# demo.proto has an op of every shape; its header goes to the test's own include tree.

PROTO_TEST_INCLUDE := $(O)/tests/unit/proto/include
PROTO_TEST_HEADER  := $(PROTO_TEST_INCLUDE)/kaal/proto/demo.h

$(PROTO_TEST_HEADER): tests/unit/proto/demo.proto $(IFGEN_BIN)
	@mkdir -p $(dir $@)
	@echo "  IFGEN   $<"
	$(Q)$(IFGEN_BIN) -o $(PROTO_TEST_INCLUDE) $<

UNIT_SRCS_proto/proto :=
$(O)/tests/unit/proto/proto_test: UNIT_INCLUDES += -I$(PROTO_TEST_INCLUDE) -I$(IFGEN_INCLUDE)
$(O)/tests/unit/proto/proto_test: $(PROTO_TEST_HEADER) $(IFGEN_PROTO_HEADERS)
