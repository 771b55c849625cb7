# SPDX-License-Identifier: BSD-2-Clause
#
# The file service's portable core (services/fs: the VFS, ramfs and the cpio
# reader, docs/file-service.md) and its host tests.
#
#   make test-unit          includes tests/unit/fs/*_test.c (ASan, UBSan); fs/packer
#                           checks kaal-sysgen --pack-cpio against GNU cpio both ways
#   make test-fuzz-fs       fuzz the cpio reader and the VFS for FSFUZZ_TEST_SECONDS (5)
#                           each from tests/fuzz/fs/corpus; one PASS/FAIL line each
#   make fuzz-fs FSFUZZ_SECONDS=N   longer runs (default 60)

FS_SRCS    := services/fs/vfs.c services/fs/vfs_file.c services/fs/ramfs.c services/fs/cpio.c
FS_HEADERS := services/fs/vfs.h services/fs/vfs_impl.h services/fs/ramfs.h services/fs/cpio.h \
              tests/unit/fs/fsfix.h

UNIT_SRCS_fs/path  := $(FS_SRCS) $(FS_HEADERS)
$(O)/tests/unit/fs/%: HOST_CFLAGS += -Iservices/fs
UNIT_SRCS_fs/grant := $(FS_SRCS) $(FS_HEADERS)
UNIT_SRCS_fs/file  := $(FS_SRCS) $(FS_HEADERS)
UNIT_SRCS_fs/ramfs := $(FS_SRCS) $(FS_HEADERS)
UNIT_SRCS_fs/cpio  := $(FS_SRCS) $(FS_HEADERS)

# The protocol layer: the client library's stubs call the service's dispatch and handlers
# directly (KAAL_PROTO_CHANNEL_CALL, declared for every file by loop_call.h).
UNIT_SRCS_fs/service := $(FS_SRCS) $(FS_HEADERS) services/fs/proto.c services/fs/service.h \
                        runtime/component/fs.c sdk/include/kaal/fs.h tests/unit/fs/loop_call.h \
                        tests/unit/fs/svcfix.h
$(O)/tests/unit/fs/service_test: HOST_CFLAGS += -DKAAL_PROTO_CHANNEL_CALL=loop_call \
                                                -include tests/unit/fs/loop_call.h
$(O)/tests/unit/fs/service_test: $(IFGEN_PROTO_HEADERS)

# ---- The packer ----------------------------------------------------------------

# A region's cpio: folder is packed by kaal-sysgen (tools/sysgen/cpio.c); its test runs
# kaal-sysgen --pack-cpio against GNU cpio.  A static pattern rule (it wins over tests.mk's)
# to pass the command and a work folder.
$(O)/tests/unit/fs/packer_test: $(O)/tests/unit/fs/%: tests/unit/fs/%.c tests/unit/test.c \
                                $(FS_SRCS) $(FS_HEADERS) tests/unit/test.h $(SYSGEN_BIN)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(filter-out -MMD -MP,$(HOST_CFLAGS)) -Itests/unit \
	    -DPACK='"$(abspath $(SYSGEN_BIN)) --pack-cpio"' \
	    -DPACK_WORK='"$(abspath $(O)/tests/unit/fs/work)"' \
	    -o $@ $(filter %.c,$^)

# ---- Fuzzing (tests/fuzz/fs) -------------------------------------------------------

FSFUZZ_CC           ?= clang
FSFUZZ_SECONDS      ?= 60
FSFUZZ_TEST_SECONDS ?= 5
FSFUZZ_DIR          := $(O)/tests/fuzz/fs
FSFUZZ_NAMES        := cpio path proto
FSFUZZ_BINS         := $(FSFUZZ_NAMES:%=$(FSFUZZ_DIR)/fuzz_%)
FSFUZZ_CFLAGS        = -std=gnu11 $(WARN) -g -O1 -fno-omit-frame-pointer \
                       -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                       -Iservices/fs -Itests/unit/fs

$(FSFUZZ_DIR)/fuzz_%: tests/fuzz/fs/fuzz_%.c $(FS_SRCS) $(FS_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	$(Q)$(FSFUZZ_CC) $(FSFUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# The protocol layer: the service's handlers and the generated dispatch (tests/unit/fs/svcfix.h).
$(FSFUZZ_DIR)/fuzz_proto: tests/fuzz/fs/fuzz_proto.c $(FS_SRCS) $(FS_HEADERS) services/fs/proto.c \
                          runtime/component/fs.c tests/unit/fs/svcfix.h $(IFGEN_PROTO_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	$(Q)$(FSFUZZ_CC) $(FSFUZZ_CFLAGS) $(UNIT_INCLUDES) -DKAAL_PROTO_CHANNEL_CALL=loop_call \
	    -include tests/unit/fs/loop_call.h -o $@ $(filter %.c,$^)

# fsfuzz-run NAME SECONDS: one PASS/FAIL line with the execution count.
define fsfuzz-run
	@mkdir -p $(FSFUZZ_DIR)/work-$(1)
	@if $(FSFUZZ_DIR)/fuzz_$(1) -max_total_time=$(2) -print_final_stats=1 \
	        -artifact_prefix=$(FSFUZZ_DIR)/crash-$(1)- $(FSFUZZ_DIR)/work-$(1) \
	        tests/fuzz/fs/corpus/$(1) >$(FSFUZZ_DIR)/$(1).log 2>&1; then \
	    echo "PASS: fuzz/fs-$(1) ($$(grep -o 'number_of_executed_units: *[0-9]*' \
	        $(FSFUZZ_DIR)/$(1).log | grep -o '[0-9]*$$') executions in $(2) s)"; \
	else \
	    echo "FAIL: fuzz/fs-$(1): see $(FSFUZZ_DIR)/$(1).log and the crash-$(1)-* input"; \
	    grep -m3 -E 'ERROR|runtime error|deadly signal|PROPERTY' $(FSFUZZ_DIR)/$(1).log | \
	        sed 's/^/  /'; \
	fi
endef

.PHONY: test-fuzz-fs fuzz-fs
test-fuzz-fs: $(FSFUZZ_BINS)
	$(call fsfuzz-run,cpio,$(FSFUZZ_TEST_SECONDS))
	$(call fsfuzz-run,path,$(FSFUZZ_TEST_SECONDS))
	$(call fsfuzz-run,proto,$(FSFUZZ_TEST_SECONDS))

fuzz-fs: $(FSFUZZ_BINS)
	$(call fsfuzz-run,cpio,$(FSFUZZ_SECONDS))
	$(call fsfuzz-run,path,$(FSFUZZ_SECONDS))
	$(call fsfuzz-run,proto,$(FSFUZZ_SECONDS))
