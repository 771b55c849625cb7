#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Makes the ext2 fuzz target's seed images in tests/fuzz/ext2/corpus with
# mke2fs -d: small file systems (64 and 128 KiB) holding files, a sparse
# file, a short and a long symlink and nested directories, with 1 KiB and
# 2 KiB blocks.  Run from the top of the tree; needs e2fsprogs.
#
#   tests/fuzz/ext2/mkseeds.sh
set -eu
out=tests/fuzz/ext2/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out" "$tmp/t/dir/sub"
echo hello >"$tmp/t/hello.txt"
seq 1 3000 >"$tmp/t/dir/numbers"
ln -s hello.txt "$tmp/t/short"
ln -s dir/sub/a/target/path/longer/than/the/sixty/bytes/of/the/inode/block "$tmp/t/long"
truncate -s 200000 "$tmp/t/dir/sparse"
echo end >>"$tmp/t/dir/sparse"
for i in 1 2 3 4 5 6; do echo "$i" >"$tmp/t/dir/sub/f$i"; done
export E2FSPROGS_FAKE_TIME=1700000000
PATH=/sbin:/usr/sbin:$PATH
mke2fs -q -F -t ext2 -b 1024 -N 32 -U 6b61616c-0000-4000-8000-000000000001 \
    -E hash_seed=6b61616c-0000-4000-8000-000000000002 -d "$tmp/t" "$out/ext2-1k" 64k
mke2fs -q -F -t ext2 -b 2048 -N 32 -U 6b61616c-0000-4000-8000-000000000003 \
    -E hash_seed=6b61616c-0000-4000-8000-000000000004 -d "$tmp/t" "$out/ext2-2k" 128k
# mke2fs leaves the file short of its last blocks if it never wrote them
truncate -s 64k "$out/ext2-1k"
truncate -s 128k "$out/ext2-2k"
e2fsck -fn "$out/ext2-1k" >/dev/null
e2fsck -fn "$out/ext2-2k" >/dev/null
