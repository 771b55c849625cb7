# SPDX-License-Identifier: BSD-2-Clause
#
# Shared-memory queues (sdk/include/kaal/queue.h): host tests.
#
#   make test-unit         includes tests/unit/queue/*_test.c (ASan, UBSan)
#
# Still to come (issue 5): the stream test under ThreadSanitizer and a Spin
# model of the signalling protocol.

QUEUE_HEADER := sdk/include/kaal/queue.h

# Header only: the "sources" are the header, so a change to it rebuilds the tests.
UNIT_SRCS_queue/basic  := $(QUEUE_HEADER)
UNIT_SRCS_queue/stream := $(QUEUE_HEADER)
$(O)/tests/unit/queue/stream_test: HOST_CFLAGS += -pthread
