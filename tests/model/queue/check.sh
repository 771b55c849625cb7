#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Verifies tests/model/queue/queue.pml with Spin and prints one PASS/FAIL
# line per property.  For each variant it runs `spin -a` in its own
# directory under the build tree, compiles pan.c with the host compiler
# twice (without the LTL claim for the safety and end-state searches, with
# it for the liveness search), and reads pan's "errors: N".
#
# The model must pass every search; each mutant must fail the search named
# for it, with the kind of error expected, so a check that cannot fail
# would show up here as a FAIL.
#
#   tests/model/queue/check.sh <build dir> [cc]
set -u

OUT=$1/tests/model/queue
CC=${2:-cc}
MODEL=$(cd "$(dirname "$0")" && pwd)/queue.pml
mkdir -p "$OUT"

# build <variant> [-DNAME]: spin -a and two pan binaries in $OUT/<variant>.
build() {
    dir=$OUT/$1
    rm -rf "$dir" && mkdir -p "$dir" || return 1
    (cd "$dir" && spin -a ${2:+"$2"} "$MODEL" >spin.log 2>&1 &&
        $CC -O2 -DNOCLAIM -o pan_safety pan.c >>spin.log 2>&1 &&
        $CC -O2 -o pan_ltl pan.c >>spin.log 2>&1) || {
        echo "FAIL: model/queue-$1: spin -a or the pan build failed:"
        sed 's/^/  /' "$dir/spin.log" | tail -n 15
        return 1
    }
}

# search <variant> <search> <pan args>: runs pan; its output is in
# $OUT/<variant>/<search>.log.
search() {
    log=$OUT/$1/$2.log
    shift 2
    (cd "$(dirname "$log")" && ./$*) >"$log" 2>&1
}

# expect_pass <variant> <search> <property name> <pan args>
expect_pass() {
    v=$1 s=$2 name=$3
    shift 3
    search "$v" "$s" "$@"
    # A search cut short by the depth limit proves nothing.
    if grep -q 'errors: 0$' "$OUT/$v/$s.log" && ! grep -q 'max search depth too small' "$OUT/$v/$s.log"; then
        echo "PASS: model/$name ($(grep -m1 'states, stored' "$OUT/$v/$s.log" | awk '{print $1}') states)"
    else
        echo "FAIL: model/$name: $(grep -m1 '^pan:' "$OUT/$v/$s.log"); trail and log in $OUT/$v"
    fi
}

# expect_fail <variant> <search> <property name> <pattern in pan's error> <pan args>
expect_fail() {
    v=$1 s=$2 name=$3 want=$4
    shift 4
    search "$v" "$s" "$@"
    err=$(grep -m1 '^pan:1: ' "$OUT/$v/$s.log")
    if grep -q 'errors: [1-9]' "$OUT/$v/$s.log" && echo "$err" | grep -q "$want"; then
        echo "PASS: model/$name (${err#pan:1: })"
    else
        echo "FAIL: model/$name: expected '$want', pan said: ${err:-no error}; log in $OUT/$v"
    fi
}

if build ok; then
    expect_pass ok safety queue-safety pan_safety -E
    expect_pass ok end-states queue-no-stuck-sleep pan_safety
    expect_pass ok ltl queue-no-lost-wakeup-ltl pan_ltl -a -f
fi
if build late-flag -DLATE_FLAG; then
    expect_fail late-flag end-states queue-mutant-late-flag-lost-wakeup-found \
        'invalid end state' pan_safety
    expect_fail late-flag ltl queue-mutant-late-flag-ltl-violated 'acceptance cycle' pan_ltl -a -f
fi
if build no-fence -DNO_FENCE; then
    expect_fail no-fence end-states queue-mutant-no-fence-lost-wakeup-found \
        'invalid end state' pan_safety
fi
if build early-tail -DEARLY_TAIL; then
    expect_fail early-tail safety queue-mutant-early-tail-unpublished-read-found \
        'assertion violated (ring\[(head%' pan_safety -E
fi
if build no-room-check -DNO_ROOM_CHECK; then
    expect_fail no-room-check safety queue-mutant-no-room-check-overflow-found \
        'assertion violated (ring\[(p_tail%' pan_safety -E
fi
