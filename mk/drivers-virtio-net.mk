# SPDX-License-Identifier: BSD-2-Clause
#
# The virtio-net driver's test (tests/drivers/virtio_net.py): the driver and
# the network class's client netcheck in one system (tests/drivers/virtio-net),
# booted with a virtio-net device whose peer is the runner, exchanging frames
# both ways, and without one, for the DDDK's error.
#
#   make test-drivers-virtio-net   prints PASS: drivers/virtio-net-<name> or FAIL: ...: why

$(eval $(call kaal-system,tests/drivers/virtio-net,netcheck,drivers/net/virtio-net))
all: $(O)/tests/drivers/virtio-net/root.elf

# netcheck is the e1000 test's client (tests/drivers/net/netcheck.c, built by mk/drivers-net.mk):
# it speaks only the class protocol, so this system takes its ELF instead of a copy of its source.
# An explicit rule, which make prefers to kaal-system's pattern rule for the system's own C files.
$(O)/tests/drivers/virtio-net/netcheck.elf: $(O)/tests/drivers/net/netcheck.elf
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

.PHONY: test-drivers-virtio-net
test-drivers-virtio-net: $(KERNEL_IMAGE) $(O)/tests/drivers/virtio-net/root.elf
	@$(PYTHON) tests/drivers/virtio_net.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) \
	    --root $(O)/tests/drivers/virtio-net/root.elf --out $(O)/tests/drivers/virtio-net
