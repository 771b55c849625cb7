# SPDX-License-Identifier: BSD-2-Clause
#
# The power-cut test (tests/system/powercut, docs/durability.md): the file
# service with an ext2 disk on the virtio-blk driver and a writer that logs
# each file whose fsync returned.  tests/system/powercut.py serves the disk
# to QEMU through a write cache of its own (an NBD server that keeps writes
# until a flush), kills QEMU at random moments, keeps a random part of the
# unflushed writes, and checks the disk with e2fsck and debugfs.  (A
# fragment named after system.mk, which defines kaal-system.)
#
#   make test-powercut               3 cuts, for make check
#   make powercut POWERCUT_RUNS=N    N cuts (default 24); POWERCUT_SEED=S replays a run

POWERCUT_RUNS ?= 24
POWERCUT_SEED ?=

$(eval $(call kaal-system,tests/system/powercut,writer,drivers/blk/virtio-blk services/fs))
all: $(O)/tests/system/powercut/root.elf

POWERCUT_RUN = $(PYTHON) tests/system/powercut.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) \
               --build $(O) --out $(O)/tests/system/powercut $(if $(POWERCUT_SEED),--seed $(POWERCUT_SEED))

.PHONY: test-powercut powercut
test-powercut: $(KERNEL_IMAGE) $(O)/tests/system/powercut/root.elf
	@$(POWERCUT_RUN) --runs 3 --max-delay 4

powercut: $(KERNEL_IMAGE) $(O)/tests/system/powercut/root.elf
	@$(POWERCUT_RUN) --runs $(POWERCUT_RUNS)
