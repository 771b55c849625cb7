# SPDX-License-Identifier: BSD-2-Clause
#
# The system services (services/<name>/, docs/file-service.md): each
# directory's C files linked with the component runtime into
# $(O)/services/<name>/<name>.elf.  A system uses a service by naming its
# directory in kaal-system's third argument (mk/system.mk), as for a
# driver: the ELF is copied in as <name>.elf.
#
# The file service's portable parts (the VFS, ramfs, cpio and ext2) are
# also host-tested (tests/unit/fs, tests/unit/ext2) and fuzzed
# (tests/fuzz/fs, tests/fuzz/ext2).

$(O)/services/%.c.o: services/%.c $$(IFGEN_HEADERS) | $$(LIBC_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(COMPONENT_CFLAGS) -c $< -o $@

# $(call kaal-service,DIR): the service in DIR as $(O)/DIR/<last part of DIR>.elf.
define kaal-service
$(O)/$(1)/$(notdir $(1)).elf: $(patsubst %,$(O)/%.o,$(wildcard $(1)/*.c)) $$(COMPONENT_LIB)
	@echo "  LD      $$@"
	$$(Q)$$(CC) $$(COMPONENT_LDFLAGS) -o $$@ $$(filter %.o,$$^) $$(COMPONENT_LIBS)

SERVICE_ELFS += $(O)/$(1)/$(notdir $(1)).elf
-include $(patsubst %,$(O)/%.d,$(wildcard $(1)/*.c))
endef

SERVICE_DIRS := $(sort $(patsubst %/,%,$(dir $(wildcard services/*/*.c))))
SERVICE_ELFS :=
$(foreach d,$(SERVICE_DIRS),$(eval $(call kaal-service,$(d))))

all: $(SERVICE_ELFS)
