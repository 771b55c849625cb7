# SPDX-License-Identifier: BSD-2-Clause
#
# The file service's system test (tests/system/files, docs/file-service.md):
# the service (services/fs) with a cpio root, a ramfs and an ext2 disk on
# the virtio-blk driver, and two clients, one of them held to a read-only
# grant.  tests/system/files.py makes the disk with mke2fs -d, boots the
# system, and checks the disk afterwards with e2fsck and debugfs.  (A
# fragment named after system.mk, which defines kaal-system.)
#
#   make test-files    prints PASS: files/<name> or FAIL: files/<name>: why

$(eval $(call kaal-system,tests/system/files,filecheck nosy,drivers/blk/virtio-blk services/fs))
all: $(O)/tests/system/files/root.elf

.PHONY: test-files
test-files: $(KERNEL_IMAGE) $(O)/tests/system/files/root.elf
	@$(PYTHON) tests/system/files.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) --build $(O) \
	    --out $(O)/tests/system/files
