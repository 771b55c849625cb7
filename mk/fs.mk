# SPDX-License-Identifier: BSD-2-Clause
#
# The file service's portable core (services/fs: the VFS, ramfs and the cpio
# reader, docs/file-service.md), the newc packer tools/mkcpio and their host
# tests.
#
#   make mkcpio             build $(O)/tools/mkcpio/mkcpio
#   make test-unit          includes tests/unit/fs/*_test.c (ASan, UBSan); fs/mkcpio
#                           checks mkcpio against GNU cpio both ways

FS_SRCS    := services/fs/vfs.c services/fs/vfs_file.c services/fs/ramfs.c services/fs/cpio.c
FS_HEADERS := services/fs/vfs.h services/fs/vfs_impl.h services/fs/ramfs.h services/fs/cpio.h \
              tests/unit/fs/fsfix.h

UNIT_SRCS_fs/path  := $(FS_SRCS) $(FS_HEADERS)
$(O)/tests/unit/fs/%: HOST_CFLAGS += -Iservices/fs
UNIT_SRCS_fs/grant := $(FS_SRCS) $(FS_HEADERS)
UNIT_SRCS_fs/file  := $(FS_SRCS) $(FS_HEADERS)
UNIT_SRCS_fs/ramfs := $(FS_SRCS) $(FS_HEADERS)
UNIT_SRCS_fs/cpio  := $(FS_SRCS) $(FS_HEADERS)

# ---- mkcpio --------------------------------------------------------------------

MKCPIO := $(O)/tools/mkcpio/mkcpio

.PHONY: mkcpio
mkcpio: $(MKCPIO)
all: mkcpio

$(MKCPIO): tools/mkcpio/mkcpio.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(filter-out -MMD -MP,$(HOST_CFLAGS)) -o $@ $<

# The packer against GNU cpio: a static pattern rule (it wins over tests.mk's)
# to pass the tool's path and a work folder.
$(O)/tests/unit/fs/mkcpio_test: $(O)/tests/unit/fs/%: tests/unit/fs/%.c tests/unit/test.c \
                                $(FS_SRCS) $(FS_HEADERS) tests/unit/test.h $(MKCPIO)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(filter-out -MMD -MP,$(HOST_CFLAGS)) -Itests/unit \
	    -DMKCPIO='"$(abspath $(MKCPIO))"' -DMKCPIO_WORK='"$(abspath $(O)/tests/unit/fs/work)"' \
	    -o $@ $(filter %.c,$^)
