#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# The KaaL SDK install (make install / make uninstall; docs/getting-started.md).
#
#   tools/install.sh install   ROOT BUILD [ELF...]
#                                           copy the SDK from the tree and BUILD
#                                           (build/<arch>) into ROOT, with each ELF
#                                           (a prebuilt component) in components/
#   tools/install.sh uninstall ROOT         remove what install put in ROOT
#
# ROOT is $(DESTDIR)$(PREFIX).  The layout:
#
#   bin/sel4-compose, bin/kaal (a link to it), bin/kaal-sysgen, bin/kaal-ifgen (tools/ifgen:
#                                  a project's own protocol specs)
#   share/kaal/kernel.elf          the debug kernel
#   share/kaal/include/            sdk/include, the DDDK's drivers/dddk/include and
#                                  BUILD/include (generated)
#   share/kaal/lib/                libkaal_component.a, libc.a (musl, mk/libc.mk),
#                                  libkaal_dddk.a, libkaal_root.a, image.S
#   share/kaal/libc/include/       musl's headers, for components (<stdio.h>)
#   share/kaal/mk/project.mk       what a project's Makefile includes, and
#   share/kaal/mk/link-hint.sh     what it runs when a component does not link
#   share/kaal/components/NAME.elf prebuilt components (every driver, app and
#                                  service of the tree) a project's system.yaml
#                                  may name without building them
#   share/kaal/installed.txt       every file above, one a line, relative to
#                                  ROOT: uninstall removes exactly those
set -eu

MANIFEST=share/kaal/installed.txt

# put MODE SRC DEST: installs SRC as ROOT/DEST and records DEST.
put() {
    install -D -m "$1" "$2" "$ROOT/$3"
    echo "$3" >>"$ROOT/$MANIFEST.new"
}

# put_tree DIR DEST: every header under DIR, as ROOT/DEST/<its path below DIR>.
put_tree() {
    (cd "$1" && find . -name '*.h' -type f | sed 's|^\./||' | sort) | while read -r f; do
        put 0644 "$1/$f" "$2/$f"
    done
}

do_install() {
    BUILD=$1
    mkdir -p "$ROOT/share/kaal"
    : >"$ROOT/$MANIFEST.new"
    put 0755 "$BUILD/tools/sel4-compose/sel4-compose" bin/sel4-compose
    ln -sfn sel4-compose "$ROOT/bin/kaal"
    echo bin/kaal >>"$ROOT/$MANIFEST.new"
    put 0755 "$BUILD/tools/sysgen/kaal-sysgen" bin/kaal-sysgen
    put 0755 "$BUILD/tools/ifgen/ifgen" bin/kaal-ifgen
    put 0644 "$BUILD/kernel/kernel.elf" share/kaal/kernel.elf
    put_tree sdk/include share/kaal/include
    put_tree drivers/dddk/include share/kaal/include
    put_tree "$BUILD/include" share/kaal/include
    put 0644 "$BUILD/runtime/component/libkaal_component.a" share/kaal/lib/libkaal_component.a
    put 0644 "$BUILD/libc/lib/libc.a" share/kaal/lib/libc.a
    put_tree "$BUILD/libc/include" share/kaal/libc/include
    put 0644 "$BUILD/drivers/dddk/libkaal_dddk.a" share/kaal/lib/libkaal_dddk.a
    put 0644 "$BUILD/runtime/root/libkaal_root.a" share/kaal/lib/libkaal_root.a
    put 0644 runtime/root/image.S share/kaal/lib/image.S
    put 0644 sdk/mk/project.mk share/kaal/mk/project.mk
    put 0644 sdk/mk/link-hint.sh share/kaal/mk/link-hint.sh
    shift
    for elf in "$@"; do
        f=share/kaal/components/$(basename "$elf")
        if grep -qx "$f" "$ROOT/$MANIFEST.new"; then
            echo "install: two prebuilt components are both called $(basename "$elf")" >&2
            exit 1
        fi
        put 0644 "$elf" "$f"
    done
    echo "$MANIFEST" >>"$ROOT/$MANIFEST.new"
    mv "$ROOT/$MANIFEST.new" "$ROOT/$MANIFEST"
    echo "KaaL SDK installed in $ROOT; start a project with: $ROOT/bin/sel4-compose new NAME"
}

do_uninstall() {
    if [ ! -f "$ROOT/$MANIFEST" ]; then
        echo "uninstall: $ROOT/$MANIFEST is missing, so nothing from KaaL is known to be there;" \
            "pass the PREFIX (and DESTDIR) that 'make install' had" >&2
        exit 1
    fi
    # Files and links first, the manifest itself last; then the directories below
    # share/kaal that are left empty, deepest first, and share/kaal.
    grep -v "^$MANIFEST\$" "$ROOT/$MANIFEST" | while read -r f; do rm -f "$ROOT/$f"; done
    rm -f "$ROOT/$MANIFEST"
    find "$ROOT/share/kaal" -depth -type d -empty -exec rmdir {} \;
    echo "KaaL SDK removed from $ROOT"
}

case "${1:-}" in
install)
    [ $# -ge 3 ] || { echo "usage: $0 install ROOT BUILD [ELF...]" >&2; exit 2; }
    ROOT=$2
    shift 2
    do_install "$@"
    ;;
uninstall)
    [ $# -eq 2 ] || { echo "usage: $0 uninstall ROOT" >&2; exit 2; }
    ROOT=$2
    do_uninstall
    ;;
*)
    echo "usage: $0 install ROOT BUILD [ELF...] | $0 uninstall ROOT" >&2
    exit 2
    ;;
esac
