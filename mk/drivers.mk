# SPDX-License-Identifier: BSD-2-Clause
#
# The DDDK (drivers/dddk) as libkaal_dddk.a, and every driver under
# drivers/<class>/<device>/: each directory's C files linked with the DDDK
# and the component runtime into $(O)/drivers/<class>/<device>/<device>.elf.
# A system uses a driver by naming its directory in kaal-system's third
# argument (mk/system.mk).  See docs/drivers.md.

# The DDDK's headers (<kaal/dddk.h>, <kaal/virtio.h>, <kaal/virtio_pci.h>) live in the driver
# kit's own tree, not the SDK's public one; drivers and the systems' components find them here,
# and make install ships them beside the SDK's headers.
DDDK_INCLUDE := drivers/dddk/include
DDDK_SRCS := $(wildcard drivers/dddk/*.c)
DDDK_OBJS := $(DDDK_SRCS:%=$(O)/%.o)
DDDK_LIB  := $(O)/drivers/dddk/libkaal_dddk.a

$(O)/drivers/%.c.o: drivers/%.c $$(IFGEN_HEADERS) | $$(LIBC_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(COMPONENT_CFLAGS) -I$(DDDK_INCLUDE) -c $< -o $@

$(DDDK_LIB): $(DDDK_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# $(call kaal-driver,DIR): the driver in DIR as $(O)/DIR/<last part of DIR>.elf.
define kaal-driver
$(O)/$(1)/$(notdir $(1)).elf: $(patsubst %,$(O)/%.o,$(wildcard $(1)/*.c)) $$(DDDK_LIB) \
                              $$(COMPONENT_LIB)
	@echo "  LD      $$@"
	$$(Q)$$(CC) $$(COMPONENT_LDFLAGS) -o $$@ $$(filter %.o,$$^) $$(DDDK_LIB) $$(COMPONENT_LIBS)

DRIVER_ELFS += $(O)/$(1)/$(notdir $(1)).elf
-include $(patsubst %,$(O)/%.d,$(wildcard $(1)/*.c))
endef

DRIVER_DIRS := $(sort $(patsubst %/,%,$(dir $(wildcard drivers/*/*/*.c))))
DRIVER_ELFS :=
$(foreach d,$(DRIVER_DIRS),$(eval $(call kaal-driver,$(d))))

all: $(DDDK_LIB) $(DRIVER_ELFS)
-include $(DDDK_OBJS:.o=.d)

# The DDDK's own test drivers (tests/drivers/dddk): one that starts and one per resource error.
DDDK_TEST_DRIVERS := $(addprefix tests/drivers/dddk/,good toosmall wrongid absent nodma noirq wild msi \
                                                     dmawild)
$(foreach d,$(DDDK_TEST_DRIVERS),$(eval $(call kaal-driver,$(d))))

# make driver-sloc: each driver's lines of code, without comments or blank lines (tools/sloc.py),
# and the DDDK's, which every driver shares.  docs/drivers.md compares them with Linux.
.PHONY: driver-sloc test-sloc
driver-sloc:
	@echo "  SLOC  driver"
	@$(PYTHON) tools/sloc.py $(DRIVER_DIRS) drivers/dddk

# The counter's own test, with the host unit tests.
test-unit: test-sloc
test-sloc:
	@$(PYTHON) tests/unit/tools/test_sloc.py

# make test-drivers: every driver class's QEMU tests (mk/drivers-<class>.mk defines test-drivers-<class>).
.PHONY: test-drivers
test-drivers: $(patsubst mk/drivers-%.mk,test-drivers-%,$(wildcard mk/drivers-*.mk))
