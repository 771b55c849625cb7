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
#   run        make run in my-os prints [KaaL] Booting... and Welcome to my-os!
#              (KAAL_CMDLINE=kaal.exit=idle ends it when the system idles)
#   test       make test in my-os passes and its serial log holds both lines
#   prebuilt   a project whose system.yaml names ns16550.elf, with no C file for
#              it, boots the SDK's 16550 driver; KAAL_CMDLINE=kaal.console=user
#              reaches the kernel (its idle message is gone)
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
CHECKS="sdk new run test prebuilt tutorial uninstall"
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
        share/kaal/components/ns16550.elf share/kaal/installed.txt; do
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

check_run() {
    (cd "$WORK/empty/my-os" &&
        timeout $RUN_TIMEOUT env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $MAKE_CMD --no-print-directory \
            run KAAL_CMDLINE=kaal.exit=idle </dev/null) >"$WORK/run.log" 2>&1
    st=$?
    [ $st -ne 124 ] || { echo "make run did not end within $RUN_TIMEOUT s; see $WORK/run.log"; return 1; }
    [ $st -eq 0 ] || { echo "make run exited with status $st; see $WORK/run.log"; return 1; }
    in_order "$WORK/run.log" "[KaaL] Booting..." "Welcome to my-os!"
}

check_test() {
    project_test "$WORK/empty/my-os" "$WORK/test.log" || return 1
    in_order "$WORK/empty/my-os/build/serial.log" "[KaaL] Booting..." "Welcome to my-os!"
}

# The 16550 driver on COM1 beside main, as tests/drivers/console has it; main is its client in
# name only (the driver needs the channel and the shared region), so main's welcome still comes.
check_prebuilt() {
    (cd "$WORK/empty" && "$PREFIX/bin/sel4-compose" new uart) >"$WORK/new-uart.log" 2>&1 ||
        { echo "sel4-compose new uart failed"; return 1; }
    cat >>"$WORK/empty/uart/system.yaml" <<'YAML'
    maps:
      - {region: serial, vaddr: 0x20000000, perms: rw}
  - name: ns16550
    elf: ns16550.elf          # no ns16550.c here: the SDK's prebuilt driver
    priority: 200
    stack: 16K
    maps:
      - {region: serial, vaddr: 0x30000000, perms: rw}
    devices:
      - {name: com1, isa: true, ioports: {base: 0x3f8, size: 8}, irq: 4, irq_id: 4}
regions:
  - {name: serial, size: 20K}
channels:
  - {a: main, a_id: 0, b: ns16550, b_id: 1, pp: a}
YAML
    # The driver, above main in priority, is ready before main's welcome.
    printf '%s\n' "[KaaL] Booting..." "[ns16550] ready: a 16550A at ports 0x3f8-0x3ff, IRQ 4, 115200 8N1" \
        "Welcome to uart!" >"$WORK/empty/uart/expected.txt"
    project_test "$WORK/empty/uart" "$WORK/prebuilt.log" KAAL_CMDLINE=kaal.console=user || return 1
    grep -q "prebuilt, from the SDK" "$WORK/prebuilt.log" ||
        { echo "ns16550.elf was not taken from the SDK; see $WORK/prebuilt.log"; return 1; }
    cmp -s "$SDK/components/ns16550.elf" "$WORK/empty/uart/build/ns16550.elf" ||
        { echo "build/ns16550.elf is not the SDK's"; return 1; }
    ! grep -q "no runnable threads" "$WORK/empty/uart/build/serial.log" ||
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
