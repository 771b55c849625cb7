#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Runs every test level, prints each PASS/FAIL line as it comes, and ends
# with the one summary line "N passed, N failed".  A level that fails
# without reporting a FAIL line of its own (it did not build, it crashed)
# counts as one failure named after the level, so nothing fails silently.
# Exits non-zero if anything failed.
#
#   tests/check.sh "<make command>" <build dir>
set -u

MAKE_CMD=$1
OUT=$2/check
mkdir -p "$OUT"
rm -f "$OUT"/*.log

# Levels in order: name and make target.  Every level runs: a target that
# is missing fails like any other.  (No `make -n` probe: make runs recipe
# lines that hold $(MAKE) even under -n, so a probe would run the install,
# tutorial and make run levels once more, and skip them when that failed.)
LEVELS='
format test-format
rebuild test-rebuild
unit test-unit
tsan test-tsan
model test-model
fuzz-boot test-fuzz-boot
fuzz-ifgen test-fuzz-ifgen
fuzz-sysgen test-fuzz-sysgen
fuzz-root test-fuzz-root
fuzz-fs test-fuzz-fs
fuzz-ext2 test-fuzz-ext2
fuzz test-fuzz
boot test-boot
system test-system
drivers test-drivers
shell test-shell
files test-files
powercut test-powercut
ext2-linux test-ext2-linux
run test-run
install test-install
examples test-examples
kernel test-kernel
iommu test-iommu
bench test-bench-smoke
'

run_level() {
    name=$1 target=$2 log="$OUT/$1.log"
    echo "== $name ($target)"
    $MAKE_CMD "$target" >"$log" 2>&1
    st=$?
    grep -E '^(PASS|FAIL):' "$log"
    if [ $st -ne 0 ] && ! grep -q '^FAIL:' "$log"; then
        echo "FAIL: $name: 'make $target' exited with status $st; last lines of $log:" | tee -a "$log"
        tail -n 15 "$log" | sed 's/^/  /'
    fi
}

echo "$LEVELS" | while read -r name target; do
    [ -n "$name" ] && run_level "$name" "$target"
done

passed=$(cat "$OUT"/*.log 2>/dev/null | grep -c '^PASS:')
failed=$(cat "$OUT"/*.log 2>/dev/null | grep -c '^FAIL:')
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
