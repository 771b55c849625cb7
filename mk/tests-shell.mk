# SPDX-License-Identifier: BSD-2-Clause
#
# The shell's test system (make test-shell, mk/shell.mk): the 16550 on COM1, the shell with the
# monitor and power grants, a component that faults, one without grants that asks anyway and
# one that cannot be loaded;
# and tests/shell/nomonitor, the console and a shell without the monitor grant.
# It is here, not in mk/shell.mk, because the Makefile reads fragments in name order and
# kaal-system is defined by mk/system.mk, which this name sorts after.

$(eval $(call kaal-system,tests/shell,crasher nosy hog grabber quitter,drivers/serial/ns16550 apps/shell \
    services/fs))
# The same console with a shell that may power off but not look.
$(eval $(call kaal-system,tests/shell/nomonitor,,drivers/serial/ns16550 apps/shell))
all: $(O)/tests/shell/root.elf $(O)/tests/shell/nomonitor/root.elf
