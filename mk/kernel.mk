# SPDX-License-Identifier: BSD-2-Clause
#
# The kernel: generic sources from kernel/src/{boot,lib,object}, arch sources from
# kernel/src/arch/$(ARCH), including the object model in kernel/src/object.  Arch headers are found through the include path
# (<arch/...>), never through #ifdef.  The 64-bit link is rewritten as a
# 32-bit ELF because multiboot loaders (QEMU -kernel, GRUB) load only those.

KERNEL_GENERIC_SRCS  = $(wildcard kernel/src/boot/*.c kernel/src/lib/*.c kernel/src/object/*.c \
                                 kernel/src/api/*.c kernel/src/kernel/*.c)
KERNEL_ARCH_SRCS     = $(wildcard kernel/src/arch/$(ARCH)/*.c kernel/src/arch/$(ARCH)/*.S \
                                 kernel/src/arch/$(ARCH)/object/*.c)
KERNEL_SRCS          = $(KERNEL_GENERIC_SRCS) $(KERNEL_ARCH_SRCS)
KERNEL_OBJS          = $(patsubst %,$(O)/%.o,$(KERNEL_SRCS))
KERNEL_LDS          := kernel/src/arch/$(ARCH)/kernel.ld

# The kernel is optimised as one program (-flto), as seL4 compiles itself as
# one translation unit: the object model's small accessors, which live in
# separate files so the host tests can replace them, inline into the system
# call paths.  The link therefore goes through $(CC).
# The invocation labels come from the interface spec (mk/ifgen.mk): $(O)/include holds the
# generated <sel4/invocation.h>, the one enum the kernel and user code share.
# sdk/private/include holds <kaal/elfcheck.h>, the ELF checker the kernel shares with the
# root server and kaal-sysgen.
KERNEL_INCLUDES := -Ikernel/include -Ikernel/include/arch/$(ARCH) -Isdk/include \
                   -Isdk/include/arch/$(ARCH) -Isdk/private/include -I$(O)/include \
                   -Isdk/private/include/arch/$(ARCH)
KERNEL_CFLAGS   := $(TARGET_CFLAGS) $(KERNEL_INCLUDES) -DCONFIG_ROOT_CNODE_SIZE_BITS=$(ROOT_CNODE_BITS) \
                   -DCONFIG_XSAVE_FEATURE_SET=$(XSAVE_FEATURES) -DCONFIG_KERNEL_INLINE_HOOKS \
                   -m64 -mcmodel=kernel -mno-red-zone \
                   -mno-sse -mno-mmx -mno-sse2 -mno-avx -mgeneral-regs-only -flto=auto -flto-partition=one
# The release kernel leaves out assertions and frame pointers, as seL4's release builds do.
ifeq ($(DEBUG),0)
KERNEL_CFLAGS   += -DCONFIG_KERNEL_NO_ASSERTIONS -fomit-frame-pointer
endif

KERNEL_ELF   := $(O)/kernel/kernel64.elf
KERNEL_IMAGE := $(O)/kernel/kernel.elf

$(O)/kernel/%.c.o: kernel/%.c | $(IFGEN_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(O)/kernel/%.S.o: kernel/%.S
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(KERNEL_ELF): $(KERNEL_OBJS) $(KERNEL_LDS)
	@echo "  LD      $@"
	$(Q)$(CC) $(KERNEL_CFLAGS) -nostdlib -static -no-pie -Wl,-n,-z,max-page-size=0x1000,-z,noexecstack,--no-warn-rwx-segments,--build-id=none -T $(KERNEL_LDS) -o $@ $(KERNEL_OBJS)

$(KERNEL_IMAGE): $(KERNEL_ELF)
	@echo "  OBJCOPY $@"
	$(Q)$(OBJCOPY) -O elf32-i386 $< $@

.PHONY: kernel
kernel: $(KERNEL_IMAGE)

-include $(KERNEL_OBJS:.o=.d)
