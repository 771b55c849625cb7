# SPDX-License-Identifier: BSD-2-Clause
#
# The boot-to-prompt system (system.yaml).  Read only by the sub-make that
# mk/bench.mk starts for $(O)/bench/boot/root.elf, as the last makefile: the
# kaal-system macro (mk/system.mk) is defined only after mk/bench.mk is read.
$(eval $(call kaal-system,bench/boot,stamp,drivers/serial/ns16550 apps/shell))
