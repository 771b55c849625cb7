# SPDX-License-Identifier: BSD-2-Clause
#
# Shared-memory queues (sdk/include/kaal/queue.h): host tests and a model.
#
#   make test-unit    includes tests/unit/queue/*_test.c (ASan, UBSan)
#   make test-tsan    the two-thread stream test under ThreadSanitizer, and
#                     a copy of the header with tail's store-release made
#                     relaxed, on which TSan must report the race
#   make test-model   the Spin model of the signalling protocol and its
#                     mutants (tests/model/queue/check.sh)

QUEUE_HEADER := sdk/include/kaal/queue.h

# Header only: the "sources" are the header, so a change to it rebuilds the tests.
UNIT_SRCS_queue/basic  := $(QUEUE_HEADER)
UNIT_SRCS_queue/stream := $(QUEUE_HEADER)
$(O)/tests/unit/queue/stream_test: HOST_CFLAGS += -pthread

# ---- ThreadSanitizer ---------------------------------------------------------
#
# TSan cannot be combined with ASan, so these binaries have their own flags.
# -Wno-tsan: GCC warns that TSan does not model atomic_thread_fence.  The
# header's two fences order only the flag against tail (no plain data relies
# on them); the stream's lost-wakeup checks and the Spin model cover them.
TSAN_CFLAGS  := -std=gnu11 $(WARN) -Wno-tsan -O1 -g -fno-omit-frame-pointer \
                -fsanitize=thread -pthread
# Any report ends the run with status 66; a hang is cut at 150 s.
TSAN_RUN     := env TSAN_OPTIONS="halt_on_error=1 exitcode=66" timeout 150
TSAN_DIR     := $(O)/tests/tsan/queue
TSAN_STREAM  := $(TSAN_DIR)/stream_test
TSAN_MUTANT  := $(TSAN_DIR)/mutant/stream_test
TSAN_SRCS    := tests/unit/queue/stream_test.c tests/unit/test.c

$(TSAN_STREAM): $(TSAN_SRCS) $(QUEUE_HEADER) tests/unit/test.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@ (TSan)"
	$(Q)$(HOSTCC) $(TSAN_CFLAGS) -DSTREAM_SUITE='"queue/stream-tsan"' -Isdk/include \
	    -Itests/unit -o $@ $(TSAN_SRCS)

# The mutant: enqueue's store-release of tail made relaxed, in a copy of the
# header that is found first.  The sed must change the file, or this fails.
$(TSAN_MUTANT): $(TSAN_SRCS) $(QUEUE_HEADER) tests/unit/test.h
	@mkdir -p $(dir $@)kaal
	@echo "  HOSTCC  $@ (TSan, tail store relaxed)"
	$(Q)sed '/^static inline int kaal_queue_enqueue/,/^}/s/memory_order_release/memory_order_relaxed/' \
	    $(QUEUE_HEADER) >$(dir $@)kaal/queue.h
	$(Q)! cmp -s $(QUEUE_HEADER) $(dir $@)kaal/queue.h
	$(Q)$(HOSTCC) $(TSAN_CFLAGS) -DSTREAM_SUITE='"queue/stream-tsan-mutant"' -I$(dir $@) \
	    -Isdk/include -Itests/unit -o $@ $(TSAN_SRCS)

.PHONY: test-tsan test-model
test-tsan: $(TSAN_STREAM) $(TSAN_MUTANT)
	@out=$$($(TSAN_RUN) $(TSAN_STREAM) 2>&1); st=$$?; echo "$$out"; \
	if [ $$st -eq 66 ]; then echo "FAIL: unit/queue/stream-tsan: ThreadSanitizer reported a race (above)"; \
	elif [ $$st -eq 124 ]; then echo "FAIL: unit/queue/stream-tsan: still running after 150 s"; \
	elif [ $$st -ne 0 ] && ! echo "$$out" | grep -q '^FAIL:'; then \
	    echo "FAIL: unit/queue/stream-tsan: died with status $$st"; fi
	@$(TSAN_RUN) $(TSAN_MUTANT) >$(TSAN_DIR)/mutant.log 2>&1; st=$$?; \
	if [ $$st -eq 66 ] && grep -q 'WARNING: ThreadSanitizer: data race' $(TSAN_DIR)/mutant.log; then \
	    echo "PASS: unit/queue/stream-tsan-mutant-race-found"; \
	else echo "FAIL: unit/queue/stream-tsan-mutant-race-found: TSan did not report the race" \
	    "(status $$st; see $(TSAN_DIR)/mutant.log)"; fi

# ---- Spin ----------------------------------------------------------------------
test-model:
	@tests/model/queue/check.sh $(O) $(HOSTCC)
