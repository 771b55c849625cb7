# SPDX-License-Identifier: BSD-2-Clause
#
# The benchmarks (bench/README.md).  `make bench` runs them all, KaaL's and
# the Linux baseline's, and joins them into $(O)/bench/results.csv,
# results.md and results.png; each part also has a target of its own:
#
#   bench-kernel   kernel micro-benchmarks (bench/kernel) -> kernel.csv
#   bench-queue    shared-memory queue throughput (bench/queue) -> queue.csv
#   bench-boot     KaaL's boot to the prompt, memory, image size -> boot.csv
#   bench-fs       the file service: cached 4 KiB reads, 64 MiB on virtio-blk (bench/fs) -> fs.csv
#   bench-linux    Debian's kernel running bench/linux/bench.c -> linux.csv
#
# Each boots under QEMU -icount shift=0 (instructions per operation,
# repeatable) and plain TCG (wall time).  `make test-bench-smoke` (part of
# make check) checks that the kernel, queue and boot-to-prompt figures repeat and that the
# Linux baseline boots and gives plausible figures.

BENCH_KERNEL_SRCS := $(wildcard bench/kernel/*.c)
BENCH_KERNEL_ELF  := $(O)/bench/kernel/bench.elf

$(O)/bench/kernel/%.c.o: bench/kernel/%.c $$(IFGEN_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ROOT_CFLAGS) -I$(IFGEN_INCLUDE) -c $< -o $@

$(BENCH_KERNEL_ELF): $(BENCH_KERNEL_SRCS:%=$(O)/%.o) $$(ROOT_START_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) -nostdlib -static -no-pie -Wl,-z,noexecstack -Wl,--build-id=none -o $@ $^

# The release kernel (DEBUG=0, as seL4 measures) is built in $(BUILD)/release, the directory
# make check's option kernels use; the debug kernel's figures go beside its own.
RELEASE_KERNEL := $(BUILD)/release/$(ARCH)/kernel/kernel.elf

.PHONY: bench-kernel release-kernel test-bench-smoke
release-kernel:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/release DEBUG=0 kernel

bench-kernel: $$(KERNEL_IMAGE) $(BENCH_KERNEL_ELF) release-kernel
	@$(PYTHON) bench/kernel/run.py --qemu $(QEMU) --kernel $(RELEASE_KERNEL) \
	    --debug-kernel $(KERNEL_IMAGE) --bench $(BENCH_KERNEL_ELF) --out $(O)/bench

-include $(BENCH_KERNEL_SRCS:%=$(O)/%.d) $(O)/bench/kernel/profile.d

# For make check: one line, PASS when two icount runs give the same positive figures.
# make bench-profile: where the release kernel's instructions go in each benchmark
# (bench/kernel/profile.py), from a build of the benchmark with 20 operations per batch;
# PROFILE_DUMP=FUNC lists each kernel instruction of the visits from user function FUNC.
BENCH_PROFILE_ELF := $(O)/bench/kernel/profile.elf

$(O)/bench/kernel/profile.o: bench/kernel/main.c $$(IFGEN_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (BATCH=20)"
	$(Q)$(CC) $(ROOT_CFLAGS) -I$(IFGEN_INCLUDE) -DBATCH=20 -c $< -o $@

$(BENCH_PROFILE_ELF): $(O)/bench/kernel/profile.o $$(ROOT_START_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) -nostdlib -static -no-pie -Wl,-z,noexecstack -Wl,--build-id=none -o $@ $^

.PHONY: bench-profile
bench-profile: $(BENCH_PROFILE_ELF) release-kernel
	@$(PYTHON) bench/kernel/profile.py --qemu $(QEMU) --kernel $(RELEASE_KERNEL) \
	    --kernel-elf $(BUILD)/release/$(ARCH)/kernel/kernel64.elf --bench $(BENCH_PROFILE_ELF) \
	    --out $(O)/bench $(if $(PROFILE_DUMP),--dump $(PROFILE_DUMP)) | tee $(O)/bench/profile.txt

test-bench-smoke: $$(KERNEL_IMAGE) $(BENCH_KERNEL_ELF)
	@$(PYTHON) bench/kernel/run.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) \
	    --bench $(BENCH_KERNEL_ELF) --out $(O)/bench --smoke

# Shared-memory queue throughput (bench/queue): the calc-stream example's stream, per item.
BENCH_QUEUE_SYSTEM := $(O)/examples/calc-stream/root.elf

.PHONY: bench-queue test-bench-queue-smoke
bench-queue: $$(KERNEL_IMAGE) $(BENCH_QUEUE_SYSTEM)
	@$(PYTHON) bench/queue/run.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) \
	    --system $(BENCH_QUEUE_SYSTEM) --out $(O)/bench --csv $(O)/bench/queue.csv

test-bench-smoke: test-bench-queue-smoke
test-bench-queue-smoke: $$(KERNEL_IMAGE) $(BENCH_QUEUE_SYSTEM)
	@$(PYTHON) bench/queue/run.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) \
	    --system $(BENCH_QUEUE_SYSTEM) --out $(O)/bench --smoke

# The Linux baseline (bench/linux): Debian's kernel (tools/setup.sh --bench unpacks it into
# $(BUILD)/linux) boots a busybox initramfs that runs bench/linux/bench.c, built static with
# musl-gcc.  Each target that boots it runs tools/setup.sh --bench first.
LINUX_KERNEL    := $(BUILD)/linux/vmlinuz
LINUX_BENCH     := $(O)/bench/linux/kaal-linux-bench
LINUX_INITRAMFS := $(O)/bench/linux/initramfs.cpio
LINUX_BENCH_RUN  = $(PYTHON) bench/linux/run.py --qemu $(QEMU) --kernel $(LINUX_KERNEL) \
                   --initramfs $(LINUX_INITRAMFS) --out $(O)/bench

$(LINUX_BENCH): bench/linux/bench.c
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $@"
	$(Q)musl-gcc -static -O2 -std=gnu11 -Wall -Wextra -Werror -o $@ $<

$(LINUX_INITRAMFS): $(LINUX_BENCH) bench/linux/init bench/linux/mkinitramfs.sh bench/linux/modules
	@echo "  CPIO    $@"
	$(Q)bench/linux/mkinitramfs.sh $(BUILD)/linux/modules bench/linux/init $@ \
	    $(LINUX_BENCH):bin/kaal-linux-bench

.PHONY: bench-setup bench-linux test-bench-linux-smoke
bench-setup:
	@BUILD=$(BUILD) tools/setup.sh --bench

# The order matters: setup first, then the program, which needs musl-gcc.
bench-linux: bench-setup
	@$(MAKE) -s --no-print-directory $(LINUX_INITRAMFS)
	@$(LINUX_BENCH_RUN) --csv $(O)/bench/linux.csv

test-bench-smoke: test-bench-linux-smoke
test-bench-linux-smoke: bench-setup
	@$(MAKE) -s --no-print-directory $(LINUX_INITRAMFS)
	@$(LINUX_BENCH_RUN) --smoke

# KaaL's boot to the prompt, memory at the prompt and image size (bench/boot).  Its system is
# one of the tree's systems in mk/system.mk.
BENCH_BOOT_ROOT := $(O)/bench/boot/root.elf

.PHONY: bench-boot test-bench-boot-smoke
bench-boot: $$(KERNEL_IMAGE) $(BENCH_BOOT_ROOT)
	@$(PYTHON) bench/boot/run.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) \
	    --system $(BENCH_BOOT_ROOT) --out $(O)/bench --csv $(O)/bench/boot.csv

test-bench-smoke: test-bench-boot-smoke
test-bench-boot-smoke: $$(KERNEL_IMAGE) $(BENCH_BOOT_ROOT)
	@$(PYTHON) bench/boot/run.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) \
	    --system $(BENCH_BOOT_ROOT) --out $(O)/bench --smoke

# The file service (bench/fs): a native client's cached 4 KiB reads and 64 MiB written and read
# on an ext2 disk on virtio-blk.  Its system is one of the tree's systems in mk/system.mk.
BENCH_FS_ROOT := $(O)/bench/fs/root.elf

.PHONY: bench-fs test-bench-fs-smoke
bench-fs: $$(KERNEL_IMAGE) $(BENCH_FS_ROOT)
	@$(PYTHON) bench/fs/run.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) \
	    --system $(BENCH_FS_ROOT) --out $(O)/bench --csv $(O)/bench/fs.csv

test-bench-smoke: test-bench-fs-smoke
test-bench-fs-smoke: $$(KERNEL_IMAGE) $(BENCH_FS_ROOT)
	@$(PYTHON) bench/fs/run.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) \
	    --system $(BENCH_FS_ROOT) --out $(O)/bench --smoke

# make bench: every benchmark above, one after another (-j1: two QEMUs at once would skew the
# plain-TCG times), then bench/report.py joins them into $(O)/bench/results.csv, results.md
# and results.png, and links $(BUILD)/bench to that directory, so the results are also in
# build/bench/.  make bench-docs puts results.md into docs/performance.md, between markers.
BENCH_PARTS := bench-kernel bench-queue bench-boot bench-fs bench-linux

.PHONY: bench bench-report bench-docs
bench: bench-setup
	@$(MAKE) --no-print-directory -j1 $(BENCH_PARTS)
	@$(MAKE) --no-print-directory bench-report

bench-report:
	@$(PYTHON) bench/report.py --dir $(O)/bench --qemu $(QEMU) --linux-version $(BUILD)/linux/version
	@ln -sfn $(ARCH)/bench $(BUILD)/bench

bench-docs:
	@$(PYTHON) bench/report.py --dir $(O)/bench --qemu $(QEMU) --linux-version $(BUILD)/linux/version \
	    --docs docs/performance.md
