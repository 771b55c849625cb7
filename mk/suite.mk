# SPDX-License-Identifier: BSD-2-Clause
#
# The in-guest kernel conformance suite (tests/kernel): a root task built
# only against sdk/, booted by `make test-kernel`, which ends with
# "N passed, N failed".

SUITE_SRCS := $(wildcard tests/kernel/*.c)
SUITE_OBJS  = $(SUITE_SRCS:%=$(O)/%.o)
SUITE_ELF  := $(O)/tests/kernel/suite.elf

# The suite uses the generated client stubs (seL4_CNode_Copy ...), as any libsel4 program would.
$(O)/tests/kernel/%.c.o: tests/kernel/%.c $(IFGEN_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ROOT_CFLAGS) -I$(IFGEN_INCLUDE) -c $< -o $@

$(SUITE_ELF): $(SUITE_OBJS) $$(ROOT_START_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) -nostdlib -static -no-pie -Wl,-z,noexecstack -Wl,--build-id=none -o $@ $^

.PHONY: test-kernel
test-kernel: $(KERNEL_IMAGE) $(SUITE_ELF)
	@$(PYTHON) tests/kernel/run.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) --suite $(SUITE_ELF) \
	    --log $(O)/tests/kernel/suite.log

-include $(SUITE_OBJS:.o=.d)
