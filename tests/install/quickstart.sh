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
#   sdk        make install PREFIX=<scratch>/prefix lays out the SDK, with every
#              driver of the tree (drivers/<class>/<device>) and the shell prebuilt
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
#   project    a project of two components (sdk/mk/project.mk): one built from
#              two files named in the Makefile, with flags of its own and the
#              project's; a second make that builds nothing, and a change of
#              flags that builds again; a C file that no component is built
#              from, refused with file:line and a hint; link errors whose hints
#              name the cause (the DDDK not linked, a function in another
#              component's file, a function defined nowhere)
#   tutorial   make test in the tree's examples/01-hello-world, with the
#              prefix's bin on PATH and no KAAL: the Makefile finds the SDK;
#              and built inside the tree it leaves git nothing untracked
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
CHECKS="sdk new session test prebuilt project tutorial uninstall"
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
        share/kaal/include/kaal/dddk.h share/kaal/include/kaal/virtio_pci.h \
        share/kaal/mk/link-hint.sh share/kaal/components/shell.elf share/kaal/installed.txt; do
        [ -e "$PREFIX/$f" ] || { echo "make install did not install $f"; return 1; }
    done
    # A driver is a directory of C files under drivers/<class>/ (mk/drivers.mk); the DDDK's
    # include/ is none.
    for d in "$TREE"/drivers/*/*/; do
        ls "$d"*.c >/dev/null 2>&1 || continue
        [ -e "$SDK/components/$(basename "$d").elf" ] ||
            { echo "make install did not install the driver $(basename "$d").elf"; return 1; }
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

# A project of two components: main from main.c and greet.c, with main_CFLAGS and the project's
# CFLAGS; helper from helper.c.
make_project() {
    p=$WORK/proj
    mkdir -p "$p"
    cat >"$p/Makefile" <<END
KAAL ?= $SDK
main_SRCS   := main.c greet.c
main_CFLAGS := -DGREETING='"two files"'
CFLAGS      := -DPROJECT_WIDE=1
include \$(KAAL)/mk/project.mk
END
    cat >"$p/system.yaml" <<'END'
components:
  - {name: main, elf: main.elf, priority: 150, stack: 16K}
  - {name: helper, elf: helper.elf, priority: 200, stack: 16K}
channels:
  - {a: main, a_id: 0, b: helper, b_id: 0, pp: a}
END
    # A protocol of the project's own: kaal-ifgen makes <kaal/proto/sum.h> for both sides.
    cat >"$p/sum.proto" <<'END'
protocol sum channel
type word seL4_Word 64
op 1 add
    in  seL4_Word a
    in  seL4_Word b
    out seL4_Word result
END
    cat >"$p/main.c" <<'END'
#include <kaal/debug.h>
#include <kaal/proto/sum.h>
void greet(void);
void init(void)
{
    struct kaal_sum_add_out out = {0};
    greet();
    if (kaal_sum_add(0, 40, 2, &out) == 0 && out.result == 42)
        kaal_debug_puts("40 + 2 = 42 through sum.proto\n");
    if (kaal_sum_add(0, 1, 1, 0) == 0)
        kaal_debug_puts("a call with results ignored\n");
}
END
    cat >"$p/greet.c" <<'END'
#include <kaal/debug.h>
#ifndef PROJECT_WIDE
#error the CFLAGS of the project did not reach greet.c
#endif
void greet(void);
void greet(void)
{
    kaal_debug_puts("hello from " GREETING "\n");
}
END
    cat >"$p/helper.c" <<'END'
#include <kaal/component.h>
#include <kaal/debug.h>
#include <kaal/proto/sum.h>
void helper_fn(void);
void helper_fn(void)
{
    kaal_debug_puts("helper\n");
}
void init(void)
{
    helper_fn();
}
static int add(void *ctx, const struct kaal_sum_add_in *in, struct kaal_sum_add_out *out)
{
    (void)ctx;
    out->result = in->a + in->b;
    return 0;
}
static const struct kaal_sum_server sum = {.add = add};
seL4_MessageInfo_t protected(unsigned int ch, seL4_MessageInfo_t msginfo)
{
    (void)ch;
    return kaal_sum_dispatch(&sum, 0, msginfo);
}
END
    printf 'helper\nhello from two files\n40 + 2 = 42 through sum.proto\na call with results ignored\n' \
        >"$p/expected.txt"
}

# expect_in LOG WHAT PATTERN...: every PATTERN (grep -E) is in LOG.
expect_in() {
    log=$1 what=$2
    shift 2
    for pat in "$@"; do
        grep -qE -- "$pat" "$log" || { echo "$what: /$pat/ is not in $log"; return 1; }
    done
}

check_project() {
    make_project
    project_test "$p" "$WORK/proj.log" || return 1
    project_make -C "$p" >"$WORK/proj-again.log" 2>&1 ||
        { echo "make again failed; see $WORK/proj-again.log"; return 1; }
    ! grep -qE '^  (CC|LD|AS|SYSGEN|CP|IFGEN) ' "$WORK/proj-again.log" ||
        { echo "a second make with nothing changed built again; see $WORK/proj-again.log"; return 1; }
    project_make -C "$p" CFLAGS=-DPROJECT_WIDE=2 >"$WORK/proj-flags.log" 2>&1 &&
        grep -q '^  CC      greet.c' "$WORK/proj-flags.log" ||
        { echo "CFLAGS on make's command line did not build greet.c again; see $WORK/proj-flags.log"
            return 1; }

    # A protocol spec with a mistake: kaal-ifgen's file:line: error: and hint stop the build.
    cp "$p/sum.proto" "$WORK/sum.proto.good"
    printf 'op 2 sub\n    in seL4_Wurd a\n' >>"$p/sum.proto"
    ! project_make -C "$p" >"$WORK/proj-proto.log" 2>&1 || { echo "make built with a bad sum.proto"; return 1; }
    expect_in "$WORK/proj-proto.log" "a bad protocol spec" \
        "^sum\.proto:8: error: unknown type 'seL4_Wurd'" '^  hint: ' || return 1
    cp "$WORK/sum.proto.good" "$p/sum.proto"

    # A C file that no component is built from.
    echo 'void stray(void) {}' >"$p/stray.c"
    ! project_make -C "$p" >"$WORK/proj-stray.log" 2>&1 || { echo "make built a project with stray.c"; return 1; }
    expect_in "$WORK/proj-stray.log" "stray.c" '^stray\.c:1: error: stray\.c is part of no component' \
        '^hint: .*main_SRCS := main\.c greet\.c stray\.c' || return 1
    rm "$p/stray.c"

    # Link errors: a DDDK function, a function of another component's file, one defined nowhere.
    cat >>"$p/greet.c" <<'END'
int dddk_fail(void *d, const char *what, const char *hint);
void helper_fn(void);
void nowhere_fn(void);
void later(void);
void later(void)
{
    dddk_fail(0, "", "");
    helper_fn();
    nowhere_fn();
}
END
    ! project_make -C "$p" >"$WORK/proj-link.log" 2>&1 || { echo "main linked with undefined symbols"; return 1; }
    expect_in "$WORK/proj-link.log" "link hints" \
        '^main\.elf: error: undefined symbol dddk_fail \(used at greet\.c:[0-9]+\)' \
        '^hint: dddk_fail is in the DDDK .*KAAL_DRIVERS \+= main' \
        '^hint: helper_fn is defined in helper\.c, which is not one of main.s files' \
        '^hint: nowhere_fn is defined in none of main.s files \(main\.c greet\.c\)' || return 1
    ! grep -q '^hint: helper_fn.*DDDK\|^hint: nowhere_fn.*DDDK' "$WORK/proj-link.log" ||
        { echo "a hint names the DDDK for a symbol that is not in it; see $WORK/proj-link.log"; return 1; }
}

check_tutorial() {
    (PATH=$PREFIX/bin:$PATH && export PATH && unset KAAL &&
        project_test "$TREE/examples/01-hello-world" "$WORK/tutorial.log" KAAL_BUILD="$WORK/tutorial" \
            KAAL_CMDLINE=kaal.verbose) || return 1
    grep -q "$SDK/kernel.elf" "$WORK/tutorial/serial.log" ||
        { echo "the tutorial did not boot the prefix's kernel; see $WORK/tutorial/serial.log"; return 1; }
    check_tutorial_in_tree
}

# Built inside the tree as a user would, in a build directory below the tutorial (of its own
# name, since others may build the same tutorial at once), the tutorial leaves git nothing
# untracked: the build directory ignores itself.  Skipped outside a git checkout.
check_tutorial_in_tree() {
    git -C "$TREE" rev-parse --git-dir >/dev/null 2>&1 || return 0
    t=$TREE/examples/01-hello-world b=build-check-$$
    project_make -C "$t" KAAL="$SDK" KAAL_BUILD="$b" >"$WORK/tutorial-tree.log" 2>&1 ||
        { rm -rf "${t:?}/$b"; echo "make in $t failed; see $WORK/tutorial-tree.log"; return 1; }
    left=$(git -C "$TREE" status --porcelain --untracked-files=all -- examples/01-hello-world |
        sed -n 's/^?? //p')
    rm -rf "${t:?}/$b"
    [ -z "$left" ] || { echo "building the tutorial in the tree left: $(echo $left)"; return 1; }
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
