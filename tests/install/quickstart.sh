#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# The quick start as a new user runs it (issue 7, docs/getting-started.md),
# against a scratch prefix: make test-install (mk/install.mk) calls
#
#   tests/install/quickstart.sh "<make command>" <scratch dir>
#
# from the top of the KaaL tree.  Each check prints PASS: install/<name> or
# FAIL: install/<name>: why; the first failure ends the run, since each check
# needs the ones before it.  The checks, in order:
#
#   sdk        make install PREFIX=<scratch>/prefix lays out the SDK
#   new        sel4-compose new my-os, in an empty directory, makes the project
#   session    make run in my-os on a pseudo-terminal (tests/install/session.py):
#              [KaaL] Booting..., Welcome to my-os! and the shell's $ prompt come
#              in order, the shell answers help with its commands, and poweroff
#              ends make run with status 0
#   test       make test in my-os passes and its serial log holds the three lines
#   prebuilt   my-os's console driver and shell (ns16550.elf, shell.elf: no C
#              file for them) are the SDK's own copies, and the Makefile's
#              KAAL_CMDLINE=kaal.console=user reached the kernel (its idle
#              message is gone)
#   tutorial   make test in the tree's examples/01-hello-world, with the
#              prefix's bin on PATH and no KAAL: the Makefile finds the SDK
#   uninstall  make uninstall leaves no file of KaaL in the prefix
#
# To add a check: write check_<name> (return 0, or print the reason on stdout
# and return 1) and add <name> to CHECKS, before uninstall.
set -u

MAKE_CMD=$1
mkdir -p "$2"
SCRATCH=$(cd "$2" && pwd)
PREFIX=$SCRATCH/prefix
WORK=$SCRATCH/work
SDK=$PREFIX/share/kaal
RUN_TIMEOUT=120 # make run, which builds and boots: a few seconds on this machine
CHECKS="sdk new session test prebuilt tutorial uninstall"
TREE=$(pwd)

# Runs make in a project as a user would: none of the KaaL tree's make settings leak in.
project_make() {
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $MAKE_CMD --no-print-directory "$@"
}

# The first line of LOG that says what went wrong, and where LOG is.
first_problem() {
    echo "$(grep -m 1 'FAIL\|rror\|\*\*\*' "$1"); see $1"
}

# project_test DIR LOG [SETTING...]: make test in the project DIR, as a user runs it, with these
# settings, output in LOG, passes and says so with its PASS line.
project_test() {
    dir=$1 log=$2
    shift 2
    project_make -C "$dir" "$@" test >"$log" 2>&1 ||
        { echo "make test in $dir failed: $(first_problem "$log")"; return 1; }
    grep -q "^PASS: $(basename "$dir")" "$log" || { echo "make test printed no PASS line; see $log"; return 1; }
}

# in_order FILE LINE...: true if each LINE is part of a line of FILE, in this order.
in_order() {
    f=$1
    shift
    for want in "$@"; do
        tr -d '\r' <"$f" | grep -qF -- "$want" || { echo "'$want' is not in $f"; return 1; }
    done
    printf '%s\n' "$@" >"$f.want"
    tr -d '\r' <"$f" | awk 'BEGIN { n = 0; i = 0 }
                            FNR == NR { want[n++] = $0; next }
                            i < n && index($0, want[i]) { i++ }
                            END { exit i < n }' "$f.want" - ||
        { echo "the lines of $f.want are not in this order in $f"; return 1; }
}

check_sdk() {
    $MAKE_CMD --no-print-directory install PREFIX="$PREFIX" DESTDIR= >"$SCRATCH/install.log" 2>&1 ||
        { echo "make install PREFIX=$PREFIX failed; see $SCRATCH/install.log"; return 1; }
    for f in bin/sel4-compose bin/kaal bin/kaal-sysgen share/kaal/kernel.elf \
        share/kaal/mk/project.mk share/kaal/lib/libkaal_component.a share/kaal/lib/libkaal_dddk.a \
        share/kaal/lib/libkaal_root.a share/kaal/include/kaal/component.h \
        share/kaal/components/ns16550.elf share/kaal/components/shell.elf share/kaal/installed.txt; do
        [ -e "$PREFIX/$f" ] || { echo "make install did not install $f"; return 1; }
    done
}

check_new() {
    mkdir -p "$WORK/empty"
    (cd "$WORK/empty" && "$PREFIX/bin/sel4-compose" new my-os) >"$WORK/new.log" 2>&1 ||
        { echo "sel4-compose new my-os failed: $(head -n 1 "$WORK/new.log")"; return 1; }
    for f in Makefile system.yaml main.c expected.txt README.md; do
        [ -f "$WORK/empty/my-os/$f" ] || { echo "my-os/$f was not created"; return 1; }
    done
    grep -q "^KAAL ?= $SDK\$" "$WORK/empty/my-os/Makefile" ||
        { echo "my-os/Makefile does not name the SDK in $SDK"; return 1; }
}

check_session() {
    python3 "$TREE/tests/install/session.py" "$WORK/empty/my-os" my-os "$WORK/session.log" "$MAKE_CMD"
}

check_test() {
    project_test "$WORK/empty/my-os" "$WORK/test.log" || return 1
    in_order "$WORK/empty/my-os/build/serial.log" "[KaaL] Booting..." "Welcome to my-os!" "$ "
}

check_prebuilt() {
    for elf in ns16550.elf shell.elf; do
        grep -q "$elf.*prebuilt, from the SDK" "$WORK/test.log" "$WORK/session.log" ||
            { echo "$elf was not taken from the SDK; see $WORK/session.log"; return 1; }
        cmp -s "$SDK/components/$elf" "$WORK/empty/my-os/build/$elf" ||
            { echo "build/$elf is not the SDK's"; return 1; }
    done
    ! grep -q "no runnable threads" "$WORK/empty/my-os/build/serial.log" ||
        { echo "the kernel still spoke after the root server started: KAAL_CMDLINE did not" \
            "reach it"; return 1; }
}

check_tutorial() {
    (PATH=$PREFIX/bin:$PATH && export PATH && unset KAAL &&
        project_test "$TREE/examples/01-hello-world" "$WORK/tutorial.log" KAAL_BUILD="$WORK/tutorial") ||
        return 1
    grep -q "$SDK/kernel.elf" "$WORK/tutorial/serial.log" ||
        { echo "the tutorial did not boot the prefix's kernel; see $WORK/tutorial/serial.log"; return 1; }
}

check_uninstall() {
    $MAKE_CMD --no-print-directory uninstall PREFIX="$PREFIX" DESTDIR= >"$SCRATCH/uninstall.log" 2>&1 ||
        { echo "make uninstall failed; see $SCRATCH/uninstall.log"; return 1; }
    left=$(find "$PREFIX" \( -type f -o -type l \) | head -n 3)
    [ -z "$left" ] || { echo "left behind: $(echo $left)"; return 1; }
    [ ! -e "$SDK" ] || { echo "$SDK is still there"; return 1; }
}

rm -rf "$PREFIX" "$WORK"
mkdir -p "$WORK"
for c in $CHECKS; do
    why=$(check_$c)
    if [ $? -eq 0 ]; then
        echo "PASS: install/$c"
    else
        echo "FAIL: install/$c: $why"
        exit 1
    fi
done
