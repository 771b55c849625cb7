# SPDX-License-Identifier: BSD-2-Clause
#
# The virtio-blk driver's test system (tests/drivers/blk) and its runner.
#
#   make test-drivers-blk   builds the system and boots it with a disk, then without one

$(eval $(call kaal-system,tests/drivers/blk,blkcheck,drivers/blk/virtio-blk))
$(eval $(call kaal-system,tests/drivers/blk-error,blkerr,drivers/blk/virtio-blk))

.PHONY: test-drivers-blk
test-drivers-blk: $(KERNEL_IMAGE) $(O)/tests/drivers/blk/root.elf \
                  $(O)/tests/drivers/blk-error/root.elf
	@$(PYTHON) tests/drivers/blk.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) --build $(O) \
	    --out $(O)/tests/drivers/blk

all: $(O)/tests/drivers/blk/root.elf $(O)/tests/drivers/blk-error/root.elf
