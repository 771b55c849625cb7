# SPDX-License-Identifier: BSD-2-Clause
#
# KaaL: one top-level Makefile; each part of the tree has its fragment in mk/.
# Everything generated lands under $(BUILD)/.  The targets a user needs:
#
#   make run      build and boot in QEMU, serial console on this terminal
#   make check    every test level, ending with "N passed, N failed"
#   make debug    QEMU stopped at the first instruction, gdb attached
#   make format   apply .clang-format to all C sources
#
# Both `run` and `check` first call tools/setup.sh, which installs missing
# Debian packages (as root) or prints the apt-get command to run.

ARCH  ?= x86_64
BUILD ?= build
O     := $(BUILD)/$(ARCH)

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:
# No file is intermediate: make would delete objects built through a chain of
# pattern rules (a system's NAME.c.o) at the end of the run, and the next make,
# whose .d files now name them, would compile them again.
.SECONDARY:
# Fragments name per-target source lists in prerequisites ($$(X_SRCS_$$*)).
.SECONDEXPANSION:

# config.mk first.  The other fragments mostly define deferred variables and
# rules; those that expand kaal-system or kaal-driver at once (mk/system.mk
# defines the one, mk/drivers.mk the other and calls both) must come after
# their definitions: system.mk sorts after drivers.mk, and the driver
# classes' fragments, mk/drivers-<class>.mk, are read last.
include mk/config.mk
include $(filter-out mk/config.mk mk/drivers-%.mk,$(sort $(wildcard mk/*.mk)))
include $(sort $(wildcard mk/drivers-*.mk))

.PHONY: all setup clean help test-rebuild

all: $(KERNEL_IMAGE) $(ROOT_ELF)

# A second make with nothing changed must rebuild nothing.  The first make runs
# as a make of its own, so anything it deletes at its end (intermediate files)
# is gone before make -q (status 0 if every target of all is up to date) looks.
# On failure, a real second make shows what it rebuilt.
test-rebuild:
	@mkdir -p $(BUILD)
	@$(MAKE) --no-print-directory all >/dev/null 2>$(BUILD)/rebuild.log || { \
	    echo "FAIL: rebuild: make all failed; see $(BUILD)/rebuild.log"; exit 1; }
	@if $(MAKE) --no-print-directory -q all; then \
	    echo "PASS: rebuild (a second make all, nothing changed, has nothing to do)"; \
	else \
	    echo "FAIL: rebuild: a second make all with nothing changed rebuilds:"; \
	    $(MAKE) --no-print-directory all 2>&1 | grep -E '^  [A-Z]+ |^rm ' | head -n 10 | sed 's/^/  /'; \
	    exit 1; \
	fi

setup:
	@tools/setup.sh

clean:
	rm -rf $(BUILD)

help:
	@sed -n '3,12p' Makefile | sed 's/^# \{0,1\}//'
