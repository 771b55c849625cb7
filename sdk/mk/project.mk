# SPDX-License-Identifier: BSD-2-Clause
#
# The make fragment a KaaL project includes; `make install` puts it in
# $(PREFIX)/share/kaal/mk/project.mk.  A project directory holds
# system.yaml, one C file per component (every *.c here is a component
# named after its file), expected.txt (for `make test`) and a Makefile:
#
#   KAAL ?= /usr/local/share/kaal
#   include $(KAAL)/mk/project.mk
#
# Targets:
#
#   make        $(KAAL_BUILD)/NAME.elf for each component, $(KAAL_BUILD)/system.img
#               (kaal-sysgen --elf-dir $(KAAL_BUILD)) and $(KAAL_BUILD)/root.elf,
#               the root server with that image linked in
#   make run    boot in QEMU with the serial console on this terminal;
#               quit with Ctrl-A then X
#   make test   boot with kaal.exit=idle and a timeout, serial output in
#               $(KAAL_BUILD)/serial.log; PASS if every line of expected.txt
#               appears in it, in that order, as part of a line
#   make clean  remove $(KAAL_BUILD)
#
# Settings, in the Makefile before the include (as examples/03-driver does)
# or on make's command line:
#
#   KAAL_BUILD := build          where everything built goes (default build,
#                                relative to the project, or an absolute path)
#   KAAL_DRIVERS := edu          components that are DDDK drivers: edu.c is
#                                linked with libkaal_dddk.a (<kaal/dddk.h>)
#   KAAL_QEMU_EXTRA := -device edu
#                                more QEMU arguments, for run and test alike
#                                (the devices the drivers drive)
#   KAAL_CMDLINE := kaal.console=user
#                                kernel command-line options, for run and
#                                test alike (test adds kaal.exit=idle)
#   TEST_TIMEOUT := 60           seconds make test lets QEMU run
#   QEMU_MEM := 128M             the machine's memory
#
# Prebuilt components: an `elf: NAME.elf` in system.yaml that no NAME.c
# here builds is taken from the SDK, $(KAAL)/components/NAME.elf (the
# SDK's drivers, such as ns16550.elf, the 16550 UART driver).
#
# Everything comes from $(KAAL) (headers, libraries, the kernel, prebuilt
# components) and from kaal-sysgen beside sel4-compose; nothing from the
# KaaL source tree.

ifeq ($(KAAL),)
$(error KAAL is not set: put 'KAAL ?= <prefix>/share/kaal' before including project.mk)
endif
ifeq ($(wildcard $(KAAL)/lib/libkaal_root.a),)
$(error no KaaL SDK in $(KAAL): run 'make install PREFIX=...' in the KaaL tree, or set KAAL)
endif

KAAL_ARCH       := x86_64
KAAL_BUILD      ?= build
KAAL_DRIVERS    ?=
KAAL_QEMU_EXTRA ?=
KAAL_CMDLINE    ?=
KAAL_SYSGEN     ?= $(KAAL)/../../bin/kaal-sysgen
KAAL_KERNEL     ?= $(KAAL)/kernel.elf
QEMU            ?= qemu-system-$(KAAL_ARCH)
QEMU_MEM        ?= 128M
TEST_TIMEOUT    ?= 60

# The flags the KaaL tree builds its own components with (debug build: kaal_log prints).
KAAL_CFLAGS  := -std=gnu11 -Wall -Wextra -Werror -ffreestanding -fno-builtin \
                -fno-stack-protector -fno-pic -fno-pie -fno-common -fno-omit-frame-pointer \
                -fno-asynchronous-unwind-tables -O2 -g -MMD -MP -m64 -DCONFIG_DEBUG=1 \
                -I$(KAAL)/include -I$(KAAL)/include/arch/$(KAAL_ARCH)
KAAL_LDFLAGS := -nostdlib -static -no-pie -Wl,-z,noexecstack -Wl,--build-id=none

KAAL_COMPONENTS := $(sort $(basename $(wildcard *.c)))
KAAL_ELFS       := $(KAAL_COMPONENTS:%=$(KAAL_BUILD)/%.elf)
KAAL_ROOT       := $(KAAL_BUILD)/root.elf

ifneq ($(filter-out $(KAAL_COMPONENTS),$(KAAL_DRIVERS)),)
$(error KAAL_DRIVERS names $(filter-out $(KAAL_COMPONENTS),$(KAAL_DRIVERS)), but no such .c file \
    is here: name each driver by its C file without .c ($(or $(KAAL_COMPONENTS),none here)))
endif

# The plain file names system.yaml gives as elf: (block or flow style; paths with a directory
# are left to kaal-sysgen); those no C file here builds are prebuilt, from the SDK.
KAAL_NAMED_ELFS := $(sort $(shell sed -n \
    's/^[^#]*[-{ ,]elf:[[:space:]]*["'\'']\{0,1\}\([A-Za-z0-9_-][A-Za-z0-9_.-]*\)\.elf["'\'']\{0,1\}[[:space:]]*\([,}#].*\)\{0,1\}$$/\1/p' \
    system.yaml 2>/dev/null))
KAAL_PREBUILT   := $(filter-out $(KAAL_COMPONENTS),$(KAAL_NAMED_ELFS))
KAAL_PREBUILT_OK      := $(foreach c,$(KAAL_PREBUILT),$(if $(wildcard $(KAAL)/components/$(c).elf),$(c)))
KAAL_PREBUILT_MISSING := $(filter-out $(KAAL_PREBUILT_OK),$(KAAL_PREBUILT))

KAAL_QEMU_FLAGS  = -machine q35 -cpu max -m $(QEMU_MEM) -no-reboot \
                   -device isa-debug-exit,iobase=0xf4,iosize=0x04 -display none \
                   -kernel $(KAAL_KERNEL) -initrd $(KAAL_ROOT) $(KAAL_QEMU_EXTRA)

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
# Keep the objects, which make would delete as intermediate files.
.SECONDARY: $(KAAL_COMPONENTS:%=$(KAAL_BUILD)/%.c.o)
.PHONY: all run test clean

all: $(KAAL_ROOT)

$(KAAL_BUILD)/%.c.o: %.c
	@mkdir -p $(KAAL_BUILD)
	@echo "  CC      $<"
	@$(CC) $(KAAL_CFLAGS) -c $< -o $@

# A driver (in KAAL_DRIVERS) has the DDDK before the component runtime: the DDDK defines the
# component's init(), notified() and protected(), and calls the driver's handlers.
$(KAAL_BUILD)/%.elf: $(KAAL_BUILD)/%.c.o $(KAAL)/lib/libkaal_component.a $(KAAL)/lib/libkaal_dddk.a
	@echo "  LD      $@"
	@$(CC) $(KAAL_LDFLAGS) -o $@ $< $(if $(filter $*,$(KAAL_DRIVERS)),$(KAAL)/lib/libkaal_dddk.a) \
	    $(KAAL)/lib/libkaal_component.a || { echo "hint: if $*.c is a DDDK driver" \
	    "(<kaal/dddk.h>), name it in the Makefile: KAAL_DRIVERS += $*"; exit 1; }

$(KAAL_PREBUILT_OK:%=$(KAAL_BUILD)/%.elf): $(KAAL_BUILD)/%.elf: $(KAAL)/components/%.elf
	@mkdir -p $(KAAL_BUILD)
	@echo "  CP      $@ (prebuilt, from the SDK)"
	@cp $< $@

$(KAAL_PREBUILT_MISSING:%=$(KAAL_BUILD)/%.elf):
	@echo "error: system.yaml names $(@F), but there is no $(@F:.elf=.c) here and the SDK has" \
	    "no components/$(@F); write $(@F:.elf=.c), or use one of the SDK's:" \
	    "$(or $(notdir $(wildcard $(KAAL)/components/*.elf)),(none))"; exit 1

$(KAAL_BUILD)/system.img: system.yaml $(KAAL_ELFS) $(KAAL_PREBUILT:%=$(KAAL_BUILD)/%.elf)
	@echo "  SYSGEN  $@"
	@$(KAAL_SYSGEN) --elf-dir $(KAAL_BUILD) system.yaml -o $@

$(KAAL_BUILD)/image.S.o: $(KAAL)/lib/image.S $(KAAL_BUILD)/system.img
	@echo "  AS      $@"
	@$(CC) $(KAAL_CFLAGS) -DKAAL_SYSTEM_IMAGE='"$(abspath $(KAAL_BUILD)/system.img)"' -c $< -o $@

# The root server's objects are an archive: --whole-archive keeps them all, _start included,
# since nothing else on the line refers to them.
$(KAAL_ROOT): $(KAAL_BUILD)/image.S.o $(KAAL)/lib/libkaal_root.a
	@echo "  LD      $@"
	@$(CC) $(KAAL_LDFLAGS) -o $@ -Wl,--whole-archive $(KAAL)/lib/libkaal_root.a \
	    -Wl,--no-whole-archive $(KAAL_BUILD)/image.S.o

run: all
	@echo "KaaL: booting in QEMU; quit with Ctrl-A then X"
	@$(QEMU) $(KAAL_QEMU_FLAGS) $(if $(strip $(KAAL_CMDLINE)),-append '$(strip $(KAAL_CMDLINE))') \
	    -serial mon:stdio; st=$$?; \
	    [ $$st -eq 1 ] || [ $$st -eq 0 ] || echo "KaaL: QEMU exited with status $$st"

# QEMU exits with status 1 when the kernel ends it cleanly (code 0 through isa-debug-exit),
# 3 on a kernel panic, 5 on a boot error; timeout(1) gives 124.  A run that times out
# still passes if every expected line came: a system that waits for input never idles.
# i and n start at 0 in BEGIN: an unset awk variable is "" as an array index, and want[""] is
# empty, which index() finds in any line, so the first expected line would never be checked.
test: all
	@test -s expected.txt || { echo "FAIL: $(notdir $(CURDIR)): expected.txt is missing" \
	    "or empty: list the serial lines the system must print, one a line"; exit 1; }
	@echo "KaaL: booting in QEMU for at most $(TEST_TIMEOUT) s; serial output in $(KAAL_BUILD)/serial.log"
	@rm -f $(KAAL_BUILD)/serial.log; \
	timeout $(TEST_TIMEOUT) $(QEMU) $(KAAL_QEMU_FLAGS) -monitor none \
	    -append '$(strip kaal.exit=idle $(KAAL_CMDLINE))' \
	    -serial file:$(KAAL_BUILD)/serial.log </dev/null; st=$$?; \
	case $$st in 1) how="the system went idle" ;; 3) how="the kernel panicked" ;; \
	    5) how="the boot failed" ;; 124) how="QEMU was stopped after $(TEST_TIMEOUT) s" ;; \
	    *) how="QEMU exited with status $$st" ;; esac; \
	[ -f $(KAAL_BUILD)/serial.log ] || how="QEMU wrote no serial output; it exited with status $$st"; \
	missing=$$(tr -d '\r' 2>/dev/null <$(KAAL_BUILD)/serial.log | awk 'BEGIN { n = 0; i = 0 } \
	    FNR == NR { sub(/\r$$/, ""); if ($$0 != "") want[n++] = $$0; next } \
	    i < n && index($$0, want[i]) { i++ } \
	    END { if (i < n) print want[i] }' expected.txt -); \
	if [ -n "$$missing" ]; then \
	    echo "FAIL: $(notdir $(CURDIR)): '$$missing' did not appear ($$how);" \
	        "see $(KAAL_BUILD)/serial.log"; exit 1; \
	elif [ $$st -eq 3 ] || [ $$st -eq 5 ]; then \
	    echo "FAIL: $(notdir $(CURDIR)): $$how; see $(KAAL_BUILD)/serial.log"; exit 1; \
	else \
	    echo "PASS: $(notdir $(CURDIR)): every line of expected.txt appeared, in order ($$how)"; \
	fi

clean:
	rm -rf $(KAAL_BUILD)

-include $(wildcard $(KAAL_BUILD)/*.d)
