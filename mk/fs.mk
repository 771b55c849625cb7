# SPDX-License-Identifier: BSD-2-Clause
#
# The file service's portable core (services/fs: the VFS, ramfs and the cpio
# reader) and its host tests.
#
#   make test-unit          includes tests/unit/fs/*_test.c (ASan, UBSan)

FS_SRCS    := services/fs/vfs.c services/fs/vfs_file.c services/fs/ramfs.c services/fs/cpio.c
FS_HEADERS := services/fs/vfs.h services/fs/vfs_impl.h services/fs/ramfs.h services/fs/cpio.h \
              tests/unit/fs/fsfix.h

UNIT_SRCS_fs/path  := $(FS_SRCS) $(FS_HEADERS)
$(O)/tests/unit/fs/%: HOST_CFLAGS += -Iservices/fs
UNIT_SRCS_fs/grant := $(FS_SRCS) $(FS_HEADERS)
UNIT_SRCS_fs/file  := $(FS_SRCS) $(FS_HEADERS)
UNIT_SRCS_fs/ramfs := $(FS_SRCS) $(FS_HEADERS)
UNIT_SRCS_fs/cpio  := $(FS_SRCS) $(FS_HEADERS)
