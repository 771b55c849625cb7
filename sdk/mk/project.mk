# SPDX-License-Identifier: BSD-2-Clause
#
# The make fragment a KaaL project includes; `make install` puts it in
# $(PREFIX)/share/kaal/mk/project.mk.  A project directory holds
# system.yaml, the C files of its components, expected.txt (for
# `make test`) and a Makefile:
#
#   KAAL ?= /usr/local/share/kaal
#   include $(KAAL)/mk/project.mk
#
# Components.  Each `elf: NAME.elf` in system.yaml is one component:
#
#   NAME_SRCS := a.c b.c   in the Makefile: NAME is built from these files
#                          (paths below the project directory)
#   otherwise NAME.c       NAME is built from NAME.c alone
#   otherwise prebuilt     NAME.elf comes from the SDK, $(KAAL)/components
#                          (the SDK's drivers and apps, such as ns16550.elf,
#                          the 16550 UART driver, and shell.elf)
#
# A C file here that no component is built from is an error, with a hint:
# it is never made a component behind your back.
#
# Protocols.  Each NAME.proto here is a protocol spec (docs/interface.md):
# kaal-ifgen makes $(KAAL_BUILD)/include/kaal/proto/NAME.h from it, which
# every component includes as <kaal/proto/NAME.h>, with the client's
# functions and the server's checked dispatch.
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
#                                relative to the project, or an absolute path);
#                                it holds a .gitignore of its own, so git never
#                                sees what is built
#   KAAL_DRIVERS := edu          components that are DDDK drivers: edu is
#                                linked with libkaal_dddk.a (<kaal/dddk.h>)
#   CFLAGS, LDFLAGS, LDLIBS      more compiler flags, linker flags and libraries
#                                for every component (after the SDK's own
#                                flags); taken from the Makefile or make's
#                                command line, never from the environment,
#                                where they are usually meant for the host
#   NAME_CFLAGS, NAME_LDFLAGS, NAME_LDLIBS
#                                the same for component NAME alone
#   KAAL_QEMU_EXTRA := -device edu
#                                more QEMU arguments, for run and test alike
#                                (the devices the drivers drive)
#   KAAL_QEMU_MACHINE := -device intel-iommu
#                                machine devices QEMU must create before the
#                                others, for run and test alike; also taken
#                                from the environment.  An SDK built with
#                                IOMMU=1 sets it to intel-iommu (with virtio
#                                DMA through it) by default: the machine has
#                                VT-d and each device reaches only its DMA
#                                memory (docs/kernel.md)
#   KAAL_CMDLINE := kaal.console=user
#                                kernel command-line options, for run and
#                                test alike (test adds kaal.exit=idle);
#                                kaal.verbose shows the kernel's and the root
#                                server's boot diagnostics
#   TEST_TIMEOUT := 60           seconds make test lets QEMU run
#   QEMU_MEM := 128M             the machine's memory
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
# The SDK's kernel was built with IOMMU=1 when its <sel4/gen_config.h> says so.
KAAL_IOMMU        := $(shell grep -c '^\#define CONFIG_IOMMU 1' $(KAAL)/include/sel4/gen_config.h \
                       2>/dev/null)
KAAL_QEMU_MACHINE ?= $(if $(filter-out 0,$(KAAL_IOMMU)),-device intel-iommu \
                       -global virtio-blk-pci.iommu_platform=on \
                       -global virtio-net-pci.iommu_platform=on)
KAAL_CMDLINE    ?=
KAAL_SYSGEN     ?= $(KAAL)/../../bin/kaal-sysgen
KAAL_IFGEN      ?= $(KAAL)/../../bin/kaal-ifgen
KAAL_KERNEL     ?= $(KAAL)/kernel.elf
QEMU            ?= qemu-system-$(KAAL_ARCH)
QEMU_MEM        ?= 128M
TEST_TIMEOUT    ?= 60

# ---- Flags -------------------------------------------------------------------------------------

# The flags the KaaL tree builds its own components with (debug build: kaal_log prints).  The C
# library is the SDK's musl (docs/component-api.md, "The C library"): its headers only, then gcc's.
KAAL_CFLAGS  := -std=gnu11 -Wall -Wextra -Werror -ffreestanding -fno-builtin \
                -fno-stack-protector -fno-pic -fno-pie -fno-common -fno-omit-frame-pointer \
                -fno-asynchronous-unwind-tables -O2 -g -MMD -MP -m64 -DCONFIG_DEBUG=1 \
                -nostdinc -isystem $(KAAL)/libc/include \
                -isystem $(shell $(CC) -print-file-name=include) \
                -I$(KAAL)/include -I$(KAAL)/include/arch/$(KAAL_ARCH) -I$(KAAL_BUILD)/include
KAAL_LDFLAGS := -nostdlib -static -no-pie -Wl,-z,noexecstack -Wl,--build-id=none

# The project's own protocols: NAME.proto gives <kaal/proto/NAME.h> (before any object).
KAAL_PROTOS        := $(sort $(wildcard *.proto))
KAAL_PROTO_HEADERS := $(KAAL_PROTOS:%.proto=$(KAAL_BUILD)/include/kaal/proto/%.h)

# The SDK's libraries every component links, last on its link line (the DDDK comes before them
# for drivers): the component runtime owns main and the event loop, then musl's C library and
# gcc's helpers.  The C library's system calls come back to the runtime (__kaal_syscall), whose
# objects are in by then.
KAAL_COMPONENT_LIBS := $(KAAL)/lib/libkaal_component.a $(KAAL)/lib/libc.a \
                       $(shell $(CC) -print-libgcc-file-name)
KAAL_DDDK_LIB       := $(KAAL)/lib/libkaal_dddk.a

# The user's own flags: from the Makefile or the command line only.
$(foreach v,CFLAGS LDFLAGS LDLIBS,$(if $(filter environment,$(origin $(v))),$(eval $(v) :=)))

# ---- Components ----------------------------------------------------------------------------------

# The plain file names system.yaml gives as elf: (block or flow style; paths with a directory
# are left to kaal-sysgen).
KAAL_NAMED_ELFS := $(sort $(shell sed -n \
    's/^[^#]*[-{ ,]elf:[[:space:]]*["'\'']\{0,1\}\([A-Za-z0-9_-][A-Za-z0-9_.-]*\)\.elf["'\'']\{0,1\}[[:space:]]*\([,}#].*\)\{0,1\}$$/\1/p' \
    system.yaml 2>/dev/null))

# $(call kaal-srcs,NAME): the C files NAME is built from.  $(call kaal-objs,NAME): their objects,
# under $(KAAL_BUILD)/NAME/, since each component may have flags of its own.
kaal-srcs = $(or $(strip $($(1)_SRCS)),$(1).c)
kaal-objs = $(patsubst %,$(KAAL_BUILD)/$(1)/%.o,$(call kaal-srcs,$(1)))

# Built here: a name with NAME_SRCS or NAME.c.  The other names are prebuilt, from the SDK.
KAAL_COMPONENTS := $(strip $(foreach c,$(KAAL_NAMED_ELFS),$(if $(or $(strip $($(c)_SRCS)),$(wildcard \
    $(c).c)),$(c))))
KAAL_ELFS       := $(KAAL_COMPONENTS:%=$(KAAL_BUILD)/%.elf)
KAAL_ROOT       := $(KAAL_BUILD)/root.elf
KAAL_PREBUILT   := $(filter-out $(KAAL_COMPONENTS),$(KAAL_NAMED_ELFS))
KAAL_PREBUILT_OK      := $(foreach c,$(KAAL_PREBUILT),$(if $(wildcard $(KAAL)/components/$(c).elf),$(c)))
KAAL_PREBUILT_MISSING := $(filter-out $(KAAL_PREBUILT_OK),$(KAAL_PREBUILT))

# What the checks below report: C files no component is built from, sources that are missing,
# NAME_SRCS for a NAME system.yaml does not name, and drivers that are not components here.
KAAL_USED_SRCS  := $(sort $(foreach c,$(KAAL_COMPONENTS),$(call kaal-srcs,$(c))))
KAAL_STRAY_SRCS := $(filter-out $(KAAL_USED_SRCS),$(sort $(wildcard *.c)))
KAAL_MISSING_SRCS := $(foreach c,$(KAAL_COMPONENTS),$(foreach s,$(call kaal-srcs,$(c)),$(if $(wildcard $(s)),,$(c):$(s))))
KAAL_UNNAMED    := $(filter-out $(KAAL_NAMED_ELFS),$(patsubst %_SRCS,%,$(foreach v,$(filter-out \
    KAAL_%,$(filter %_SRCS,$(.VARIABLES))),$(if $(filter file command,$(origin $(v))),$(v)))))
# The component a hint takes as its example: the first with a list of files, or the first.
KAAL_HINT_COMP  := $(or $(firstword $(foreach c,$(KAAL_COMPONENTS),$(if $(strip $($(c)_SRCS)),$(c)))),$(firstword \
    $(KAAL_COMPONENTS)),main)
KAAL_BAD_DRIVERS := $(filter-out $(KAAL_COMPONENTS),$(KAAL_DRIVERS))

KAAL_QEMU_FLAGS  = -machine q35 -cpu max -m $(QEMU_MEM) -no-reboot $(KAAL_QEMU_MACHINE) \
                   -device isa-debug-exit,iobase=0xf4,iosize=0x04 -display none \
                   -kernel $(KAAL_KERNEL) -initrd $(KAAL_ROOT) $(KAAL_QEMU_EXTRA)

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
# No file is intermediate: make would delete the objects at the end of the run and build them
# again the next time.
.SECONDARY:
.PHONY: all run test clean kaal-check

all: $(KAAL_ROOT)

# ---- Checks, before anything is built ------------------------------------------------------------

# Each problem as "file:line: error: ..." and a hint, as kaal-sysgen reports system.yaml's.
kaal-check:
	@ok=1; \
	for f in $(KAAL_STRAY_SRCS); do ok=0; \
	    echo "$$f:1: error: $$f is part of no component: system.yaml names no $${f%.c}.elf," \
	        "and no NAME_SRCS in the Makefile lists it"; \
	    echo "hint: add it to a component's files in the Makefile" \
	        "($(KAAL_HINT_COMP)_SRCS := $(call kaal-srcs,$(KAAL_HINT_COMP)) $$f)," \
	        "name $${f%.c}.elf in system.yaml to make it a component, or move it out of this directory"; \
	done; \
	for cs in $(KAAL_MISSING_SRCS); do ok=0; \
	    echo "Makefile: error: component $${cs%%:*} is built from $${cs#*:}, which is not here"; \
	    echo "hint: check $${cs%%:*}_SRCS in the Makefile (paths are relative to $(CURDIR))"; \
	done; \
	for c in $(KAAL_UNNAMED); do ok=0; \
	    echo "Makefile: error: $${c}_SRCS is set, but system.yaml names no $$c.elf"; \
	    echo "hint: add a component with 'elf: $$c.elf' to system.yaml, or fix the name" \
	        "(built here: $(or $(KAAL_COMPONENTS),none))"; \
	done; \
	for d in $(KAAL_BAD_DRIVERS); do ok=0; \
	    echo "Makefile: error: KAAL_DRIVERS names $$d, but no component $$d is built here"; \
	    echo "hint: name each driver as its component (system.yaml's $$d.elf, built from $$d.c" \
	        "or $${d}_SRCS); built here: $(or $(KAAL_COMPONENTS),none)"; \
	done; \
	[ $$ok = 1 ]

# The build directory ignores itself: a project inside a git tree (as the tutorials are in
# KaaL's) leaves nothing untracked.
$(KAAL_BUILD)/.gitignore:
	@mkdir -p $(KAAL_BUILD)
	@echo '*' >$@

# ---- Building ------------------------------------------------------------------------------------

# A protocol's header from its spec; kaal-ifgen says file:line: error: and a hint for a bad one.
$(KAAL_PROTO_HEADERS): $(KAAL_BUILD)/include/kaal/proto/%.h: %.proto | $(KAAL_BUILD)/.gitignore
	@echo "  IFGEN   $<"
	@$(KAAL_IFGEN) -o $(KAAL_BUILD)/include $<

# $(call kaal-flags-file,FILE,TEXT): writes TEXT to FILE unless FILE holds it already, as make
# reads this; a component's objects and ELF depend on its flags file, so a change of its flags
# builds it again, and no change builds nothing.
kaal-flags-file = $(if $(subst $(2),,$(file <$(1)))$(subst $(file <$(1)),,$(2))$(if \
    $(wildcard $(1)),,x),$(shell mkdir -p $(dir $(1)))$(file >$(1),$(2)))

# $(call kaal-component,NAME): NAME's objects, compiled with its own flags after everyone's, and
# NAME.elf.  A driver (in KAAL_DRIVERS) has the DDDK before the component runtime: the DDDK
# defines the component's init(), notified() and protected(), and calls the driver's handlers.
# A failed link prints the linker's messages, then what each undefined symbol is and where it
# could come from (link-hint.sh).
define kaal-component
$(call kaal-flags-file,$(KAAL_BUILD)/$(1)/flags,$(KAAL_CFLAGS) $(CFLAGS) $($(1)_CFLAGS) | \
    $(KAAL_LDFLAGS) $(LDFLAGS) $($(1)_LDFLAGS) | $($(1)_LDLIBS) $(LDLIBS))
$(call kaal-objs,$(1)): $(KAAL_BUILD)/$(1)/%.o: % $(KAAL_BUILD)/$(1)/flags $(KAAL_PROTO_HEADERS) \
                        | kaal-check $(KAAL_BUILD)/.gitignore
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$<$(if $(filter-out $(1).c,$(call kaal-srcs,$(1))), ($(1)))"
	@$$(CC) $$(KAAL_CFLAGS) $$(CFLAGS) $$($(1)_CFLAGS) -c $$< -o $$@

$(KAAL_BUILD)/$(1).elf: $(call kaal-objs,$(1)) $(KAAL_BUILD)/$(1)/flags $$(KAAL_COMPONENT_LIBS) \
                        $(if $(filter $(1),$(KAAL_DRIVERS)),$$(KAAL_DDDK_LIB))
	@echo "  LD      $$@"
	@$$(CC) $$(KAAL_LDFLAGS) $$(LDFLAGS) $$($(1)_LDFLAGS) -o $$@ $(call kaal-objs,$(1)) \
	    $$($(1)_LDLIBS) $$(LDLIBS) $(if $(filter $(1),$(KAAL_DRIVERS)),$$(KAAL_DDDK_LIB)) \
	    $$(KAAL_COMPONENT_LIBS) 2>$$@.log; st=$$$$?; cat $$@.log >&2; \
	[ $$$$st = 0 ] || { sh $(KAAL)/mk/link-hint.sh $(1) $$@.log "$(call kaal-srcs,$(1))" \
	    "$$($(1)_LDLIBS) $$(LDLIBS) $(if $(filter $(1),$(KAAL_DRIVERS)),$$(KAAL_DDDK_LIB)) \
	    $$(KAAL_COMPONENT_LIBS)" $(KAAL) "$(filter-out $(call kaal-srcs,$(1)),$(wildcard *.c))"; \
	    exit 1; }

-include $(patsubst %.o,%.d,$(call kaal-objs,$(1)))
endef
$(foreach c,$(KAAL_COMPONENTS),$(eval $(call kaal-component,$(c))))

$(KAAL_PREBUILT_OK:%=$(KAAL_BUILD)/%.elf): $(KAAL_BUILD)/%.elf: $(KAAL)/components/%.elf \
                                           | kaal-check $(KAAL_BUILD)/.gitignore
	@echo "  CP      $@ (prebuilt, from the SDK)"
	@cp $< $@

$(KAAL_PREBUILT_MISSING:%=$(KAAL_BUILD)/%.elf): | kaal-check
	@echo "error: system.yaml names $(@F), but there is no $(@F:.elf=.c) here, no" \
	    "$(@F:.elf=)_SRCS in the Makefile, and the SDK has no components/$(@F)"; \
	echo "hint: write $(@F:.elf=.c), or use one of the SDK's:" \
	    "$(or $(notdir $(wildcard $(KAAL)/components/*.elf)),(none))"; exit 1

$(KAAL_BUILD)/system.img: system.yaml $(KAAL_ELFS) $(KAAL_PREBUILT:%=$(KAAL_BUILD)/%.elf) \
                          | kaal-check $(KAAL_BUILD)/.gitignore
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

# ---- Running -------------------------------------------------------------------------------------

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
