# SPDX-License-Identifier: BSD-2-Clause
#
# The network class's test (docs/class-net.md): the e1000 driver and a
# client, netcheck, in one system (tests/drivers/net), booted by
# tests/drivers/net.py twice: with an e1000 whose peer is the runner,
# exchanging frames both ways, and without one, for the DDDK's error.
#
#   make test-drivers-net    prints PASS: drivers/<name> or FAIL: drivers/<name>: why

$(eval $(call kaal-system,tests/drivers/net,netcheck,drivers/net/e1000))
all: $(O)/tests/drivers/net/root.elf

.PHONY: test-drivers-net
test-drivers-net: $(KERNEL_IMAGE) $(O)/tests/drivers/net/root.elf
	@$(PYTHON) tests/drivers/net.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) \
	    --root $(O)/tests/drivers/net/root.elf --out $(O)/tests/drivers/net
