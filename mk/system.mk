# SPDX-License-Identifier: BSD-2-Clause
#
# Whole systems: components, a system description and the root server that
# loads them (docs/root-server.md).
#
#   $(eval $(call kaal-system,DIR,COMPONENTS[,DRIVERS]))
#
# builds, for a directory DIR holding system.yaml and one C file per
# component (COMPONENTS, names without .c), and drivers from drivers/
# (DRIVERS, their directories, e.g. drivers/net/e1000; mk/drivers.mk):
#
#   $(O)/DIR/NAME.elf    each component, linked with libkaal_component.a,
#                        and each driver's ELF, copied in under its name
#   $(O)/DIR/system.img  kaal-sysgen's image; the description's elf: paths
#                        are looked up in $(O)/DIR (--elf-dir)
#   $(O)/DIR/root.elf    the root server with that image linked in: the one
#                        multiboot module the system needs
#
# and adds $(O)/DIR/root.elf to SYSTEM_ROOTS.  A system's own protocols,
# DIR/NAME.proto (docs/interface.md), are generated into
# $(O)/DIR/include/kaal/proto/NAME.h, which its components include as
# <kaal/proto/NAME.h>.

SYSTEM_ROOTS :=

# $(call system-protos,DIR): the headers of DIR's own protocol specs.
system-protos = $(patsubst $(1)/%.proto,$(O)/$(1)/include/kaal/proto/%.h,$(wildcard $(1)/*.proto))

define kaal-system
$(O)/$(1)/%.c.o: $(1)/%.c $$$$(IFGEN_HEADERS) $(call system-protos,$(1)) | $$$$(LIBC_STAMP)
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$<"
	$$(Q)$$(CC) $$(COMPONENT_CFLAGS) -I$$(DDDK_INCLUDE) -I$(O)/$(1)/include -c $$< -o $$@

$(foreach p,$(wildcard $(1)/*.proto),$(eval $(call kaal-system-proto,$(1),$(p))))

$(O)/$(1)/%.elf: $(O)/$(1)/%.c.o $$(COMPONENT_LIB)
	@echo "  LD      $$@"
	$$(Q)$$(CC) $$(COMPONENT_LDFLAGS) -o $$@ $$< $$(COMPONENT_LIBS)

$(foreach drv,$(3),$(eval $(call kaal-system-driver,$(1),$(drv))))

$(O)/$(1)/system.img: $(1)/system.yaml $(2:%=$(O)/$(1)/%.elf) \
                      $(foreach drv,$(3),$(O)/$(1)/$(notdir $(drv)).elf) $$(SYSGEN_BIN)
	@echo "  SYSGEN  $$@"
	$$(Q)$$(SYSGEN_BIN) --elf-dir $(O)/$(1) $(1)/system.yaml -o $$@

$(call kaal-root,$(1))
-include $(2:%=$(O)/$(1)/%.c.d)
endef

# $(call kaal-system-proto,DIR,SPEC): a system's protocol header from its spec.
define kaal-system-proto
$(O)/$(1)/include/kaal/proto/$(basename $(notdir $(2))).h: $(2) $$(IFGEN_BIN)
	@mkdir -p $$(dir $$@)
	@echo "  IFGEN   $$<"
	$$(Q)$$(IFGEN_BIN) -o $(O)/$(1)/include $$<
endef

# $(call kaal-system-driver,DIR,DRIVER): the driver's ELF, copied into the system's directory.
define kaal-system-driver
$(O)/$(1)/$(notdir $(2)).elf: $(O)/$(2)/$(notdir $(2)).elf
	@mkdir -p $$(dir $$@)
	$$(Q)cp $$< $$@
endef

# $(call kaal-root,DIR): the root server with the image $(O)/DIR/system.img linked in.
define kaal-root
$(O)/$(1)/image.S.o: runtime/root/image.S $(O)/$(1)/system.img
	@echo "  CC      $$@"
	$$(Q)$$(CC) $$(ROOT_CFLAGS) -DKAAL_SYSTEM_IMAGE='"$(O)/$(1)/system.img"' -c $$< -o $$@

$(O)/$(1)/root.elf: $$(ROOT_CODE_OBJS) $(O)/$(1)/image.S.o
	@echo "  LD      $$@"
	$$(Q)$$(CC) -nostdlib -static -no-pie -Wl,-z,noexecstack -Wl,--build-id=none -o $$@ $$^

SYSTEM_ROOTS += $(O)/$(1)/root.elf
endef

# ---- The systems of this tree ---------------------------------------------------

$(eval $(call kaal-system,tests/system/isolation,victim probe thief stale witness))
$(eval $(call kaal-system,examples/calc-stream,server client producer consumer))
$(eval $(call kaal-system,examples/shell,welcome,drivers/serial/ns16550 apps/shell services/fs))
$(eval $(call kaal-system,bench/boot,stamp,drivers/serial/ns16550 apps/shell services/fs))
$(eval $(call kaal-system,bench/fs,fsbench,drivers/blk/virtio-blk services/fs))
$(eval $(call kaal-system,tests/system/devices,ticker))
$(eval $(call kaal-system,tests/system/libc,asserter libcheck))
$(eval $(call kaal-system,tests/system/oom,hungry modest))
$(eval $(call kaal-system,tests/system/lspci,lspci))
$(eval $(call kaal-system,tests/drivers/dddk,,$(DDDK_TEST_DRIVERS)))

# The isolation system with one component's ELF broken after kaal-sysgen checked it: the root
# server's own ELF check must refuse that component by name and load the rest.
$(O)/tests/system/bad-elf/system.img: $(O)/tests/system/isolation/system.img \
                                      tests/system/break_elf.py
	@mkdir -p $(dir $@)
	@echo "  BREAK   $@"
	$(Q)$(PYTHON) tests/system/break_elf.py $< thief $@
$(eval $(call kaal-root,tests/system/bad-elf))

all: $(SYSTEM_ROOTS)

.PHONY: test-system
test-system: $(KERNEL_IMAGE) $(SYSTEM_ROOTS)
	@$(PYTHON) tests/system/scenarios.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) --build $(O) \
	    --out $(O)/tests/system
