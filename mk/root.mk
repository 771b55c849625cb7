# SPDX-License-Identifier: BSD-2-Clause
#
# The root server: a static, non-PIE x86_64 executable, as the kernel's
# loader requires.  $(ROOT_ELF) has no system image linked in; a system's
# own root server (mk/system.mk) links the same objects with its image.

ROOT_SRCS := $(wildcard runtime/root/*.c runtime/root/*.S)
ROOT_OBJS := $(patsubst %,$(O)/%.o,$(ROOT_SRCS))
ROOT_ELF  := $(O)/runtime/root/root.elf
ROOT_CFLAGS := $(TARGET_CFLAGS) -m64 -Isdk/include -Isdk/include/arch/$(ARCH) -I$(O)/include \
               -Isdk/private/include -Isdk/private/include/arch/$(ARCH)
ROOT_IMAGE_OBJ := $(O)/runtime/root/image.S.o
ROOT_CODE_OBJS := $(filter-out $(ROOT_IMAGE_OBJ),$(ROOT_OBJS))

$(O)/runtime/root/%.c.o: runtime/root/%.c $$(IFGEN_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ROOT_CFLAGS) -c $< -o $@

$(O)/runtime/%.c.o: runtime/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ROOT_CFLAGS) -c $< -o $@

$(O)/runtime/%.S.o: runtime/%.S
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ROOT_CFLAGS) -c $< -o $@

$(ROOT_ELF): $(ROOT_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) -nostdlib -static -no-pie -Wl,-z,noexecstack -Wl,--build-id=none -o $@ $(ROOT_OBJS)

-include $(ROOT_OBJS:.o=.d)

# Test root tasks (tests/boot/roottasks): each .c with the root server's start.S.
ROOTTASK_SRCS := $(wildcard tests/boot/roottasks/*.c)
ROOTTASK_ELFS := $(ROOTTASK_SRCS:tests/boot/roottasks/%.c=$(O)/tests/boot/roottasks/%.elf)
ROOT_START_OBJ := $(O)/runtime/root/start.S.o

$(O)/tests/boot/roottasks/%.c.o: tests/boot/roottasks/%.c $$(IFGEN_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ROOT_CFLAGS) -c $< -o $@

$(O)/tests/boot/roottasks/%.elf: $(O)/tests/boot/roottasks/%.c.o $(ROOT_START_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) -nostdlib -static -no-pie -Wl,-z,noexecstack -Wl,--build-id=none -o $@ $^

-include $(ROOTTASK_SRCS:%=$(O)/%.d)
