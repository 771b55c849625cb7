# SPDX-License-Identifier: BSD-2-Clause
#
# The SDK install (tools/install.sh has the layout; docs/getting-started.md):
#
#   make install [PREFIX=/usr/local] [DESTDIR=]   build what the SDK needs and copy it
#                                                 into $(DESTDIR)$(PREFIX)
#   make uninstall [PREFIX=...] [DESTDIR=]        remove exactly what install copied
#   make test-install                             the quick start (tests/install/quickstart.sh):
#                                                 install into a scratch prefix, `sel4-compose new`,
#                                                 `make test` in the new project
#
# The SDK's root server is an archive of the root server's objects without
# image.S; a project links it (with --whole-archive) and its own image.S.o.

PREFIX  ?= /usr/local
DESTDIR ?=

ROOT_LIB := $(O)/runtime/root/libkaal_root.a

# Prerequisites expand late (.SECONDEXPANSION): root.mk, kernel.mk and sysgen.mk are read after this.
$(ROOT_LIB): $$(ROOT_CODE_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

INSTALL_INPUTS  = $(KERNEL_IMAGE) $(SYSGEN_BIN) $(COMPOSE_BIN) $(COMPONENT_LIB) $(DDDK_LIB) \
                  $(ROOT_LIB) $(IFGEN_HEADERS)

.PHONY: install uninstall test-install

install: $$(INSTALL_INPUTS)
	@tools/install.sh install "$(DESTDIR)$(PREFIX)" $(O)

uninstall:
	@tools/install.sh uninstall "$(DESTDIR)$(PREFIX)"

test-install:
	@tests/install/quickstart.sh "$(MAKE)" $(O)/tests/install
