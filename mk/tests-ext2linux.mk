# SPDX-License-Identifier: BSD-2-Clause
#
# The ext2-against-Linux test (tests/system/ext2linux, docs/durability.md):
# one list of file operations (tests/system/ext2linux/ops.py) applied by a
# KaaL component through the file service, and by Debian's kernel as busybox
# commands, each to a copy of one mke2fs -d image; tests/system/ext2linux.py
# then compares the two images with debugfs and checks both with e2fsck.
# Linux's side needs Debian's kernel and some of its modules (tools/setup.sh
# --bench fetches them); when they cannot be fetched the test prints a SKIP
# line and succeeds.  (A fragment named after system.mk, which defines
# kaal-system.)
#
#   make test-ext2-linux    PASS: ext2-linux/<name> or FAIL: ext2-linux/<name>: why

EXT2LINUX_DIR       := $(O)/tests/system/ext2linux
EXT2LINUX_OPS_H     := $(EXT2LINUX_DIR)/include/ext2linux_ops.h
EXT2LINUX_OPS_SH    := $(EXT2LINUX_DIR)/ops.sh
EXT2LINUX_INITRAMFS := $(EXT2LINUX_DIR)/initramfs.cpio

$(eval $(call kaal-system,tests/system/ext2linux,ops,drivers/blk/virtio-blk services/fs))
all: $(O)/tests/system/ext2linux/root.elf

$(EXT2LINUX_OPS_H): tests/system/ext2linux/ops.py
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)$(PYTHON) $< --c $@

$(EXT2LINUX_OPS_SH): tests/system/ext2linux/ops.py
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)$(PYTHON) $< --sh $@

$(EXT2LINUX_DIR)/ops.c.o: $(EXT2LINUX_OPS_H)

$(EXT2LINUX_INITRAMFS): $(EXT2LINUX_OPS_SH) tests/system/ext2linux/init \
                        tests/system/ext2linux/mkinitramfs.sh $(BUILD)/linux/modules/order
	@echo "  CPIO    $@"
	$(Q)tests/system/ext2linux/mkinitramfs.sh $(BUILD)/linux/modules $(EXT2LINUX_OPS_SH) $@

.PHONY: test-ext2-linux
test-ext2-linux: $(KERNEL_IMAGE) $(O)/tests/system/ext2linux/root.elf
	@mkdir -p $(EXT2LINUX_DIR)
	@if ! BUILD=$(BUILD) tools/setup.sh --bench >$(EXT2LINUX_DIR)/setup.log 2>&1; then \
	    echo "SKIP: ext2-linux: Debian's kernel could not be fetched (tools/setup.sh --bench;" \
	         "see $(EXT2LINUX_DIR)/setup.log)"; \
	else \
	    $(MAKE) -s --no-print-directory $(EXT2LINUX_INITRAMFS) && \
	    $(PYTHON) tests/system/ext2linux.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) --build $(O) \
	        --linux-kernel $(LINUX_KERNEL) --linux-initramfs $(EXT2LINUX_INITRAMFS) \
	        --out $(EXT2LINUX_DIR); \
	fi
