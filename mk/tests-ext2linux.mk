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
#   make ext2-linux         the long form: EXT2LINUX_RANDOM=N (default 2000) random
#                           operations after the fixed list, drawn with EXT2LINUX_SEED (1)
#
# The operations are generated into the build at build time (ops.py --c and --sh);
# $(EXT2LINUX_DIR)/params holds the options they were made with and changes only when
# they do, so a change of EXT2LINUX_RANDOM or EXT2LINUX_SEED remakes them.

EXT2LINUX_DIR       := $(O)/tests/system/ext2linux
EXT2LINUX_OPS_H     := $(EXT2LINUX_DIR)/include/ext2linux_ops.h
EXT2LINUX_OPS_SH    := $(EXT2LINUX_DIR)/ops.sh
EXT2LINUX_INITRAMFS := $(EXT2LINUX_DIR)/initramfs.cpio
EXT2LINUX_RANDOM    ?= 0
EXT2LINUX_SEED      ?= 1
EXT2LINUX_PARAMS    := --random $(EXT2LINUX_RANDOM) --seed $(EXT2LINUX_SEED)

ifneq ($(file <$(EXT2LINUX_DIR)/params),$(EXT2LINUX_PARAMS))
$(shell mkdir -p $(EXT2LINUX_DIR) && echo '$(EXT2LINUX_PARAMS)' >$(EXT2LINUX_DIR)/params)
endif

$(eval $(call kaal-system,tests/system/ext2linux,ops,drivers/blk/virtio-blk services/fs))
all: $(O)/tests/system/ext2linux/root.elf

$(EXT2LINUX_OPS_H): tests/system/ext2linux/ops.py $(EXT2LINUX_DIR)/params
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)$(PYTHON) $< $(EXT2LINUX_PARAMS) --c $@

$(EXT2LINUX_OPS_SH): tests/system/ext2linux/ops.py $(EXT2LINUX_DIR)/params
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)$(PYTHON) $< $(EXT2LINUX_PARAMS) --sh $@

$(EXT2LINUX_DIR)/ops.c.o: $(EXT2LINUX_OPS_H)

$(EXT2LINUX_INITRAMFS): $(EXT2LINUX_OPS_SH) tests/system/ext2linux/init bench/linux/mkinitramfs.sh \
                        $(BUILD)/linux/modules/order
	@echo "  CPIO    $@"
	$(Q)bench/linux/mkinitramfs.sh $(BUILD)/linux/modules tests/system/ext2linux/init $@ \
	    $(EXT2LINUX_OPS_SH):ops.sh

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
	        --out $(EXT2LINUX_DIR) $(if $(filter 0,$(EXT2LINUX_RANDOM)),,--image-size 64M --timeout 900); \
	fi

.PHONY: ext2-linux
ext2-linux:
	@$(MAKE) --no-print-directory test-ext2-linux EXT2LINUX_RANDOM=$(if $(filter 0,$(EXT2LINUX_RANDOM)),2000,$(EXT2LINUX_RANDOM))
