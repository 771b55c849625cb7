# SPDX-License-Identifier: BSD-2-Clause
#
# mbchain, the test-only multiboot chain loader (tests/boot/mbchain): a
# 32-bit freestanding image that loads the kernel and hands it deliberately
# broken boot input.  Plain gcc and binutils build it: -m32 with
# -ffreestanding needs only gcc's own headers and no 32-bit libraries, so
# gcc-multilib is not required.

MBCHAIN_DIR    := tests/boot/mbchain
MBCHAIN_SRCS    = $(wildcard $(MBCHAIN_DIR)/*.c $(MBCHAIN_DIR)/*.S)
# The kernel's portable string routines, built again for 32 bits under mbchain's own name.
MBCHAIN_OBJS    = $(patsubst %,$(O)/%.o,$(MBCHAIN_SRCS)) $(O)/$(MBCHAIN_DIR)/kernel-string.c.o
MBCHAIN_LDS    := $(MBCHAIN_DIR)/mbchain.ld
MBCHAIN_ELF    := $(O)/tests/boot/mbchain.elf
MBCHAIN_CFLAGS := $(TARGET_CFLAGS) -m32 -nostdlib -mgeneral-regs-only \
                  -Ikernel/include -Ikernel/include/arch/$(ARCH)

$(O)/$(MBCHAIN_DIR)/%.c.o: $(MBCHAIN_DIR)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(MBCHAIN_CFLAGS) -c $< -o $@

$(O)/$(MBCHAIN_DIR)/kernel-string.c.o: kernel/src/lib/string.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (32-bit, for mbchain)"
	$(Q)$(CC) $(MBCHAIN_CFLAGS) -c $< -o $@

$(O)/$(MBCHAIN_DIR)/%.S.o: $(MBCHAIN_DIR)/%.S
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(MBCHAIN_CFLAGS) -c $< -o $@

$(MBCHAIN_ELF): $(MBCHAIN_OBJS) $(MBCHAIN_LDS)
	@echo "  LD      $@"
	$(Q)$(LD) -m elf_i386 -n -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments \
	    --build-id=none -T $(MBCHAIN_LDS) -o $@ $(MBCHAIN_OBJS)

.PHONY: mbchain
mbchain: $(MBCHAIN_ELF)

-include $(MBCHAIN_OBJS:.o=.d)
