# SPDX-License-Identifier: BSD-2-Clause
#
# The components' C library: musl from Debian's source package, built with
# KaaL's own system call layer (docs/component-api.md, "The C library").
#
#   $(BUILD)/src/musl-*      apt-get source musl (tools/setup.sh --musl-source),
#                            left as Debian ships it
#   $(O)/libc/musl           a copy, configured and built there, with
#                            arch/x86_64/syscall_arch.h replaced by
#                            runtime/libc/syscall_arch.h and the x86_64
#                            assembly files that issue `syscall` removed (musl
#                            then builds its generic C version of each)
#   $(O)/libc/include        musl's headers, what components compile against
#   $(O)/libc/lib/libc.a     what components link with (LIBC_A)
#
# Only libc.a and the headers are built (no shared library, no crt files:
# runtime/component/crt0.S is the entry): about 40 s on 2 cores, once per
# build directory.  The stamp $(O)/libc/.built is the
# one target, so a second make rebuilds nothing.

LIBC_DIR     := $(O)/libc
LIBC_A       := $(LIBC_DIR)/lib/libc.a
LIBC_INCLUDE := $(LIBC_DIR)/include
LIBC_STAMP   := $(LIBC_DIR)/.built
MUSL_SRC_DIR := $(BUILD)/src
MUSL_STAMP   := $(MUSL_SRC_DIR)/.musl
LIBGCC_A     := $(shell $(CC) -print-libgcc-file-name)

# musl's x86_64 sources that make a Linux system call with the instruction itself; each has a
# generic C version in the parent folder, which goes through syscall_arch.h instead.
MUSL_SYSCALL_ASM := src/thread/x86_64/__set_thread_area.s src/thread/x86_64/__unmapself.s \
                    src/thread/x86_64/clone.s src/thread/x86_64/syscall_cp.s \
                    src/process/x86_64/vfork.s src/signal/x86_64/restore.s

# Flags for musl's own objects, for the host gcc's own target, x86_64 (configure adds
# -std=c99 -ffreestanding -nostdinc and more): static, non-PIE code like the components', no
# stack protector (nothing sets a canary).  gcc 12 takes getcwd's PATH_MAX buffer for a local
# returned; it is not (musl returns it only through a copy), so that warning is off.
MUSL_CFLAGS := -O2 -g -fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables \
               -Wno-return-local-addr

$(MUSL_STAMP):
	$(Q)tools/setup.sh --musl-source $(MUSL_SRC_DIR)
	$(Q)touch $@

# Make's variables from the command line (BUILD=, ARCH=, CC=) stay out of musl's own make.
$(LIBC_STAMP): MAKEOVERRIDES :=
$(LIBC_STAMP): $(MUSL_STAMP) runtime/libc/syscall_arch.h
	@echo "  MUSL    $(LIBC_DIR) (from $$(basename $(MUSL_SRC_DIR)/musl-*/))"
	$(Q)rm -rf $(LIBC_DIR) && mkdir -p $(LIBC_DIR)
	$(Q)cp -R $(MUSL_SRC_DIR)/musl-*/ $(LIBC_DIR)/musl
	$(Q)cp runtime/libc/syscall_arch.h $(LIBC_DIR)/musl/arch/x86_64/syscall_arch.h
	$(Q)cd $(LIBC_DIR)/musl && rm -f $(MUSL_SYSCALL_ASM) && \
	    ./configure --prefix=$(abspath $(LIBC_DIR)) --disable-shared \
	        --disable-wrapper CC="$(CC)" CFLAGS="$(MUSL_CFLAGS)" >configure.log 2>&1 || \
	    { cat configure.log; exit 1; }
	$(Q)! grep -rlw syscall $(LIBC_DIR)/musl/src/*/x86_64/*.[sS] || \
	    { echo "musl: the files above still issue syscall: add them to MUSL_SYSCALL_ASM"; exit 1; }
	+$(Q)$(MAKE) --no-print-directory -s -C $(LIBC_DIR)/musl lib/libc.a install-headers
	$(Q)mkdir -p $(LIBC_DIR)/lib && cp $(LIBC_DIR)/musl/lib/libc.a $(LIBC_A)
	$(Q)touch $@

$(LIBC_A) $(LIBC_INCLUDE): $(LIBC_STAMP)

.PHONY: libc
libc: $(LIBC_STAMP)
