# SPDX-License-Identifier: BSD-2-Clause
#
# Fuzz targets for the kernel's boot parsers (tests/fuzz/boot), built with
# clang's libFuzzer, ASan and UBSan:
#
#   fuzz_elf        elf_check, the root-server ELF validation (<kaal/elfcheck.h>)
#   fuzz_multiboot  multiboot_parse followed by boot_check_memory
#   fuzz_cmdline    cmdline_get
#   fuzz_acpi       acpi_parse, the ACPI RSDP/XSDT/RSDT/MADT reader
#
#   make test-fuzz-boot                      each for BOOTFUZZ_TEST_SECONDS (10) from the
#                                            committed seeds; one PASS/FAIL line each
#   make fuzz-boot BOOTFUZZ_SECONDS=N        each for N seconds (default 60)
#
# Each run starts from tests/fuzz/boot/corpus/<name> and keeps what it finds
# in build/, never in the tree.  A crash, a sanitizer report or a broken
# property (the targets trap) fails the run and leaves the input in build/.

BOOTFUZZ_CC           ?= clang
BOOTFUZZ_SECONDS      ?= 60
BOOTFUZZ_TEST_SECONDS ?= 10
BOOTFUZZ_DIR          := $(O)/tests/fuzz/boot
BOOTFUZZ_NAMES        := elf multiboot cmdline acpi # each has a bootfuzz-run line below
BOOTFUZZ_BINS         := $(BOOTFUZZ_NAMES:%=$(BOOTFUZZ_DIR)/fuzz_%)
BOOTFUZZ_CFLAGS        = -std=gnu11 $(WARN) -g -O1 -fno-omit-frame-pointer \
                         -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                         -Ikernel/include -Ikernel/include/arch/$(ARCH) -Isdk/private/include

BOOTFUZZ_SRCS_elf       := kernel/src/boot/elf.c kernel/src/lib/printf.c
BOOTFUZZ_SRCS_multiboot := kernel/src/arch/$(ARCH)/multiboot.c kernel/src/boot/memmap.c \
                           kernel/src/lib/printf.c
BOOTFUZZ_SRCS_cmdline   := kernel/src/lib/cmdline.c
BOOTFUZZ_SRCS_acpi      := kernel/src/arch/$(ARCH)/acpi.c kernel/src/lib/printf.c

$(BOOTFUZZ_DIR)/fuzz_%: tests/fuzz/boot/fuzz_%.c $$(BOOTFUZZ_SRCS_$$*) $(UNIT_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	$(Q)$(BOOTFUZZ_CC) $(BOOTFUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# bootfuzz-run NAME SECONDS: prints one PASS/FAIL line with the execution count.
define bootfuzz-run
	@mkdir -p $(BOOTFUZZ_DIR)/work-$(1)
	@if $(BOOTFUZZ_DIR)/fuzz_$(1) -max_total_time=$(2) -print_final_stats=1 \
	        -artifact_prefix=$(BOOTFUZZ_DIR)/crash-$(1)- $(BOOTFUZZ_DIR)/work-$(1) \
	        tests/fuzz/boot/corpus/$(1) >$(BOOTFUZZ_DIR)/$(1).log 2>&1; then \
	    echo "PASS: fuzz/boot-$(1) ($$(grep -o 'number_of_executed_units: *[0-9]*' \
	        $(BOOTFUZZ_DIR)/$(1).log | grep -o '[0-9]*$$') executions in $(2) s)"; \
	else \
	    echo "FAIL: fuzz/boot-$(1): see $(BOOTFUZZ_DIR)/$(1).log and the crash-$(1)-* input"; \
	    grep -m3 -E 'ERROR|runtime error|deadly signal' $(BOOTFUZZ_DIR)/$(1).log | sed 's/^/  /'; \
	fi
endef

.PHONY: test-fuzz-boot fuzz-boot

test-fuzz-boot: $(BOOTFUZZ_BINS)
	$(call bootfuzz-run,elf,$(BOOTFUZZ_TEST_SECONDS))
	$(call bootfuzz-run,multiboot,$(BOOTFUZZ_TEST_SECONDS))
	$(call bootfuzz-run,cmdline,$(BOOTFUZZ_TEST_SECONDS))
	$(call bootfuzz-run,acpi,$(BOOTFUZZ_TEST_SECONDS))

fuzz-boot: $(BOOTFUZZ_BINS)
	$(call bootfuzz-run,elf,$(BOOTFUZZ_SECONDS))
	$(call bootfuzz-run,multiboot,$(BOOTFUZZ_SECONDS))
	$(call bootfuzz-run,cmdline,$(BOOTFUZZ_SECONDS))
	$(call bootfuzz-run,acpi,$(BOOTFUZZ_SECONDS))
