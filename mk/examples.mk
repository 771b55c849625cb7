# SPDX-License-Identifier: BSD-2-Clause
#
# The tutorials, examples/NN-name (examples/README.md): each is a project
# that builds against the installed KaaL SDK, as a user's would, with a
# Makefile that includes the SDK's mk/project.mk.
#
#   make test-examples   installs the SDK into $(O)/examples/sdk (a scratch
#                        prefix: no root needed), then runs `make test` in
#                        each tutorial with KAAL pointing there and its build
#                        output in $(O)/examples/NN-name, so nothing is
#                        written inside examples/.  One line each:
#                        PASS: examples/NN-name, or FAIL: examples/NN-name: why
#
# examples/calc-stream is built in the tree by mk/system.mk and checked by
# make test-system; it is not one of these.

EXAMPLE_DIRS := $(sort $(patsubst %/Makefile,%,$(wildcard examples/[0-9][0-9]-*/Makefile)))
EXAMPLES_OUT := $(abspath $(O))/examples
EXAMPLES_SDK := $(EXAMPLES_OUT)/sdk

.PHONY: test-examples
test-examples: $$(INSTALL_INPUTS)
	@rm -rf $(EXAMPLES_SDK) && mkdir -p $(EXAMPLES_OUT)
	@$(MAKE) --no-print-directory install PREFIX=$(EXAMPLES_SDK) DESTDIR= \
	    >$(EXAMPLES_OUT)/install.log 2>&1 || { echo "FAIL: examples: make install into" \
	    "$(EXAMPLES_SDK) failed; see $(EXAMPLES_OUT)/install.log"; exit 1; }
	@fail=0; for d in $(EXAMPLE_DIRS); do \
	    b=$(abspath $(O))/$$d; log=$$b.log; \
	    if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $(MAKE) --no-print-directory -C $$d \
	            KAAL=$(EXAMPLES_SDK)/share/kaal KAAL_BUILD=$$b QEMU='$(QEMU)' test >$$log 2>&1; then \
	        echo "PASS: $$d"; \
	    else \
	        fail=1; why=$$(sed -n 's/^FAIL: [^:]*: //p' $$log | head -n 1); \
	        [ -n "$$why" ] || why="make test failed: $$(grep -m 1 -i 'error' $$log); see $$log"; \
	        echo "FAIL: $$d: $$why"; \
	    fi; \
	done; exit $$fail
