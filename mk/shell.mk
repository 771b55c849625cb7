# SPDX-License-Identifier: BSD-2-Clause
#
# The native shell (apps/shell, docs/shell.md) and its tests.
#
#   $(O)/apps/shell/shell.elf   the component, linked from every C file in apps/shell; a system
#                               uses it by naming apps/shell in kaal-system's third argument
#                               (the ELF is copied in as shell.elf), as for a driver
#   make test-shell             boots tests/shell twice (tests/shell/shell.py): a session of
#                               every command ending in poweroff, then one ending in reboot;
#                               and tests/shell/nomonitor, a shell without the monitor grant;
#                               prints PASS: shell/<name> or FAIL: shell/<name>: why
#
# Host unit tests (make test-unit): tests/unit/shell/ for the line editor, the command line and
# the output ring; tests/unit/root/acpi_test.c for the root server's ACPI reading, which the
# shell's poweroff relies on (runtime/root/acpi.c).

SHELL_SRCS := $(wildcard apps/shell/*.c)
SHELL_OBJS := $(SHELL_SRCS:%=$(O)/%.o)
SHELL_ELF  := $(O)/apps/shell/shell.elf

$(O)/apps/shell/%.c.o: apps/shell/%.c $$(IFGEN_HEADERS) | $$(LIBC_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(COMPONENT_CFLAGS) -c $< -o $@

$(SHELL_ELF): $(SHELL_OBJS) $(COMPONENT_LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(COMPONENT_LDFLAGS) -o $@ $(SHELL_OBJS) $(COMPONENT_LIBS)

all: $(SHELL_ELF)
-include $(SHELL_OBJS:.o=.d)

# The test system, tests/shell, is defined in mk/tests-shell.mk: kaal-system (mk/system.mk) must
# be defined before a fragment calls it, and the Makefile reads the fragments in name order.

.PHONY: test-shell
test-shell: $(KERNEL_IMAGE) $(O)/tests/shell/root.elf $(O)/tests/shell/nomonitor/root.elf
	@$(PYTHON) tests/shell/shell.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) \
	    --root $(O)/tests/shell/root.elf --nomonitor-root $(O)/tests/shell/nomonitor/root.elf \
	    --out $(O)/tests/shell

# ---- host unit tests (the generic rule of mk/tests.mk, with these sources) ----------------------
UNIT_SRCS_shell/line := apps/shell/line.c
UNIT_SRCS_shell/cmd  := apps/shell/cmd.c
UNIT_SRCS_shell/out  := apps/shell/out.c
UNIT_SRCS_root/acpi  := runtime/root/acpi.c
$(patsubst tests/unit/%.c,$(O)/tests/unit/%,$(wildcard tests/unit/shell/*_test.c)): \
    $(wildcard apps/shell/*.h)
$(O)/tests/unit/root/acpi_test: runtime/root/acpi.h
