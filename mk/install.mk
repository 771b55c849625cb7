# SPDX-License-Identifier: BSD-2-Clause
#
# The SDK install (tools/install.sh has the layout; docs/getting-started.md):
#
#   make install [PREFIX=/usr/local] [DESTDIR=]   build what the SDK needs and copy it
#                                                 into $(DESTDIR)$(PREFIX)
#   make uninstall [PREFIX=...] [DESTDIR=]        remove exactly what install copied
#   make test-install                             the quick start (tests/install/quickstart.sh):
#                                                 install into a scratch prefix, `sel4-compose new`,
#                                                 `make test` in the new project, a prebuilt
#                                                 component from the SDK, `make uninstall`
#
# The SDK's root server is an archive of the root server's objects without
# image.S; a project links it (with --whole-archive) and its own image.S.o.

PREFIX  ?= /usr/local
DESTDIR ?=

ROOT_LIB := $(O)/runtime/root/libkaal_root.a

# Prebuilt components the SDK carries, as share/kaal/components/<file name>: a project's
# system.yaml may name them (elf: ns16550.elf) without building them (sdk/mk/project.mk).
# Every driver under drivers/<class>/<device>/ (mk/drivers.mk), every app (the shell,
# mk/shell.mk) and every service (SERVICE_ELFS, which a services fragment adds to); the
# names must differ, since they share one directory.  Deferred: shell.mk is read after this.
INSTALL_COMPONENTS = $(foreach d,$(DRIVER_DIRS),$(O)/$(d)/$(notdir $(d)).elf) $(SHELL_ELF) \
                     $(SERVICE_ELFS)
SERVICE_ELFS ?=

# Prerequisites expand late (.SECONDEXPANSION): root.mk, kernel.mk and sysgen.mk are read after this.
$(ROOT_LIB): $$(ROOT_CODE_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

INSTALL_INPUTS  = $(KERNEL_IMAGE) $(SYSGEN_BIN) $(IFGEN_BIN) $(COMPOSE_BIN) $(COMPONENT_LIB) $(LIBC_STAMP) $(DDDK_LIB) \
                  $(ROOT_LIB) $(IFGEN_HEADERS) $(INSTALL_COMPONENTS)

.PHONY: install uninstall test-install

install: $$(INSTALL_INPUTS)
	@tools/install.sh install "$(DESTDIR)$(PREFIX)" $(O) $(INSTALL_COMPONENTS)

uninstall:
	@tools/install.sh uninstall "$(DESTDIR)$(PREFIX)"

test-install:
	@tests/install/quickstart.sh "$(MAKE)" $(O)/tests/install
