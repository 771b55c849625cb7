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

.PHONY: all setup clean help

all: $(KERNEL_IMAGE) $(ROOT_ELF)

setup:
	@tools/setup.sh

clean:
	rm -rf $(BUILD)

help:
	@sed -n '3,12p' Makefile | sed 's/^# \{0,1\}//'
