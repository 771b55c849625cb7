# SPDX-License-Identifier: BSD-2-Clause
#
# The serial class's test (docs/class-serial.md): the 16550 driver on COM2
# and a client, echo, in one system (tests/drivers/serial), booted by
# tests/drivers/serial.py with COM2 on a socket the runner drives, and
# once more without COM2, for the driver's error.  A second system
# (tests/drivers/console) puts the driver on COM1 as the system console,
# beside the kernel's boot log, with kaal.console=user.
#
#   make test-drivers-serial    prints PASS: drivers/<name> or FAIL: drivers/<name>: why

$(eval $(call kaal-system,tests/drivers/serial,echo,drivers/serial/ns16550))
$(eval $(call kaal-system,tests/drivers/console,console,drivers/serial/ns16550))
all: $(O)/tests/drivers/serial/root.elf $(O)/tests/drivers/console/root.elf

.PHONY: test-drivers-serial
test-drivers-serial: $(KERNEL_IMAGE) $(O)/tests/drivers/serial/root.elf \
                     $(O)/tests/drivers/console/root.elf
	@$(PYTHON) tests/drivers/serial.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) \
	    --root $(O)/tests/drivers/serial/root.elf \
	    --console-root $(O)/tests/drivers/console/root.elf --out $(O)/tests/drivers/serial
