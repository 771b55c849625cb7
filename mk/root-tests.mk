# SPDX-License-Identifier: BSD-2-Clause
#
# Tests of the root server's pure parts: the component ELF check
# (runtime/root/elf.c) and the fault decoder (runtime/root/fault.c).
#
#   tests/unit/root/elf_test.c, fault_test.c   host unit tests, in make test-unit
#   tests/fuzz/root/fuzz_elf.c                 libFuzzer target for root_elf_check
#
#   make test-fuzz-root                    the target for ROOTFUZZ_TEST_SECONDS (10) from
#                                          the seeds; one PASS/FAIL line
#   make fuzz-root ROOTFUZZ_SECONDS=N      a longer run (default 60)
#
# The run starts from the committed seeds in tests/fuzz/root/corpus/elf and
# keeps what it finds in build/, never in the tree.  A crash, a sanitizer
# report or a broken property (the target traps) fails the run and leaves
# the input in build/.

UNIT_SRCS_root/elf   := runtime/root/elf.c
UNIT_SRCS_root/fault := runtime/root/fault.c
