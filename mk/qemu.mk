# SPDX-License-Identifier: BSD-2-Clause
#
# Booting in QEMU.  `make run` puts the serial console on this terminal and
# boots examples/shell: the console driver, a welcome line and the native
# shell (`poweroff` at its prompt ends the run; so does Ctrl-A then X).
# `make run SYSTEM=examples/calc-stream` boots another system (mk/system.mk),
# `make run SYSTEM=` the bare root server; a system directory may hold a file
# `cmdline` with the kernel options it boots with, and CMDLINE="..." adds
# more.  QEMU_EXTRA="-device e1000" adds devices or other QEMU options.  With IOMMU=1 (and a
# BUILD of its own) the machine gets VT-d, so that `make run IOMMU=1 BUILD=build/iommu` boots
# with DMA remapped.
# `make debug` stops QEMU before the first instruction and attaches gdb with
# the kernel's symbols.  Every run has -no-reboot and the isa-debug-exit
# device, through which the kernel ends QEMU with an exit status (code * 2 + 1).
#
# `make test-run` (a level of make check) runs `make run` on a pseudo-terminal
# as a user would (tests/install/session.py): [KaaL] Booting..., Welcome to
# KaaL! and the prompt in order, help answered, poweroff ending make run.

SYSTEM     ?= examples/shell
QEMU_MEM   ?= 128M
# The kernel's command line: the system's cmdline file, then CMDLINE.
RUN_CMDLINE = $(strip $(if $(SYSTEM),$(file < $(patsubst %/,%,$(SYSTEM))/cmdline)) $(CMDLINE))
# A kernel built with IOMMU=1 boots on a machine with VT-d: QEMU's intel-iommu (ahead of every
# other device), with the virtio devices' DMA sent through it (make test-iommu uses the same).
IOMMU_MACHINE := -device intel-iommu -global virtio-blk-pci.iommu_platform=on \
                 -global virtio-net-pci.iommu_platform=on
QEMU_FLAGS  = -machine q35 -cpu max -m $(QEMU_MEM) -no-reboot \
              $(if $(filter 1,$(IOMMU)),$(IOMMU_MACHINE)) \
              -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
              -kernel $(KERNEL_IMAGE) -initrd $(RUN_ROOT) $(QEMU_EXTRA) \
              $(if $(RUN_CMDLINE),-append '$(RUN_CMDLINE)')
# The root server to boot: a system's, or the bare one.
RUN_ROOT    = $(if $(SYSTEM),$(O)/$(patsubst %/,%,$(SYSTEM))/root.elf,$(ROOT_ELF))
GDB        ?= gdb

.PHONY: run debug test-run

run:
	@tools/setup.sh
	@$(MAKE) --no-print-directory all
	@test -f $(RUN_ROOT) || { echo "KaaL: no system '$(SYSTEM)': $(RUN_ROOT) was not built;" \
	    "systems are the kaal-system lines in mk/system.mk"; exit 1; }
	@echo "KaaL: booting in QEMU; quit with Ctrl-A then X"
	$(QEMU) $(QEMU_FLAGS) -display none -serial mon:stdio; \
	    st=$$?; [ $$st -eq 1 ] || [ $$st -eq 0 ] || echo "KaaL: QEMU exited with status $$st"

debug:
	@tools/setup.sh --debug
	@$(MAKE) --no-print-directory all
	@echo "KaaL: QEMU waits for gdb on localhost:1234; serial output goes to $(O)/debug-serial.log"
	$(QEMU) $(QEMU_FLAGS) -display none -serial file:$(O)/debug-serial.log -s -S & \
	    for i in 1 2 3 4 5 6 7 8 9 10; do \
	        $(PYTHON) -c 'import socket; socket.create_connection(("localhost", 1234), 1).close()' \
	            2>/dev/null && break; sleep 0.5; done; \
	    $(GDB) -q $(KERNEL_ELF) -ex 'target remote localhost:1234' \
	        -ex 'hbreak arch_boot' -ex 'continue'; \
	    kill %1 2>/dev/null || true

test-run: all
	@mkdir -p $(O)/tests/run
	@if $(PYTHON) tests/install/session.py . KaaL $(O)/tests/run/session.log \
	        "$(MAKE) SYSTEM=examples/shell" >$(O)/tests/run/why.txt; then \
	    echo "PASS: run/make-run (the welcome, the prompt, help, ls / and poweroff)"; \
	else echo "FAIL: run/make-run: $$(cat $(O)/tests/run/why.txt)"; fi
