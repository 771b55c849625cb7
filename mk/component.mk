# SPDX-License-Identifier: BSD-2-Clause
#
# The component runtime (runtime/component): crt0, the event loop and the
# kaal_* helpers, as a static library a component links with.  A component
# is a static, non-PIE executable: its objects, then COMPONENT_LIBS (this
# library, musl's libc.a from mk/libc.mk and libgcc, in one group: the
# runtime calls the C library and the C library's system calls come back to
# the runtime).  Components compile against musl's headers only
# (-nostdinc; gcc's own, such as <cpuid.h>, after them); every compile rule
# has $(LIBC_STAMP) as an order-only prerequisite so they are there first.
#
# The in-guest test (tests/boot/roottasks/component.c) is a root task that
# loads one component, tests/boot/roottasks/component/echo.c, linked here
# and embedded in the root task's image with .incbin.

COMPONENT_SRCS   := $(wildcard runtime/component/*.c runtime/component/*.S)
COMPONENT_OBJS   := $(patsubst %,$(O)/%.o,$(COMPONENT_SRCS))
COMPONENT_LIB    := $(O)/runtime/component/libkaal_component.a
GCC_INCLUDE      := $(shell $(CC) -print-file-name=include)
COMPONENT_CFLAGS  = $(TARGET_CFLAGS) -m64 -nostdinc -isystem $(LIBC_INCLUDE) -isystem $(GCC_INCLUDE) \
                    -Isdk/include -Isdk/include/arch/$(ARCH) -I$(O)/include
COMPONENT_LIBS    = -Wl,--start-group $(COMPONENT_LIB) $(LIBC_A) $(LIBGCC_A) -Wl,--end-group
# How a component is linked: the library last, so its weak entry points yield to the component's.
COMPONENT_LDFLAGS := -nostdlib -static -no-pie -Wl,-z,noexecstack -Wl,--build-id=none

$(O)/runtime/component/%.c.o: runtime/component/%.c $$(IFGEN_HEADERS) | $$(LIBC_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(COMPONENT_CFLAGS) -c $< -o $@

$(O)/runtime/component/%.S.o: runtime/component/%.S | $$(LIBC_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(COMPONENT_CFLAGS) -c $< -o $@

# libc.a is a prerequisite so that a new one relinks every component (they all depend on this).
$(COMPONENT_LIB): $(COMPONENT_OBJS) $$(LIBC_STAMP)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $(COMPONENT_OBJS)

all: $(COMPONENT_LIB)

# The test component, linked away from the root task's image (0x400000) so both fit one VSpace.
ECHO_SRC := tests/boot/roottasks/component/echo.c
ECHO_OBJ := $(O)/$(ECHO_SRC).o
ECHO_ELF := $(O)/tests/boot/roottasks/component/echo.elf

$(ECHO_OBJ): $(ECHO_SRC) $$(IFGEN_HEADERS) | $$(LIBC_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(COMPONENT_CFLAGS) -c $< -o $@

$(ECHO_ELF): $(ECHO_OBJ) $(COMPONENT_LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(COMPONENT_LDFLAGS) -Wl,-Ttext-segment=0x10000000 -o $@ $(ECHO_OBJ) $(COMPONENT_LIBS)

# The loader root task embeds echo.elf and uses the generated stubs.
$(O)/tests/boot/roottasks/component.c.o: $(ECHO_ELF) $$(IFGEN_HEADERS)
$(O)/tests/boot/roottasks/component.c.o: ROOT_CFLAGS += -I$(O)/include \
    -DKAAL_ECHO_ELF='"$(ECHO_ELF)"'

-include $(COMPONENT_OBJS:.o=.d) $(ECHO_OBJ:.o=.d)

# Host unit test of the event loop's dispatch (tests/unit/component).
UNIT_SRCS_component/dispatch := runtime/component/dispatch.c
# ... and of the C library's system calls and the heap's page allocator (portable C).
UNIT_SRCS_component/heap    := runtime/component/heap.c
UNIT_SRCS_component/syscall := runtime/component/syscall.c runtime/component/heap.c
