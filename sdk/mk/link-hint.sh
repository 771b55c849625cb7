#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# What a failed link of a project's component means: sdk/mk/project.mk runs
# this after the linker has printed its own messages, and make install puts
# it beside project.mk.  For each undefined symbol it says where the symbol
# is (a library of the SDK the component was not linked with, another C file
# of the project that is not one of the component's, the C library) or that
# it is defined nowhere; for each symbol defined twice, what to do.  Each
# problem is an "error:" line and a "hint:" line.
#
#   link-hint.sh NAME LOG "SRCS" "LIBS" KAAL "OTHER_SRCS"
#
# NAME is the component, LOG the linker's messages, SRCS the C files NAME is
# built from, LIBS the libraries on its link line, KAAL the SDK, OTHER_SRCS
# the project's other C files.
set -u

name=$1 log=$2 srcs=$3 libs=$4 kaal=$5 others=$6

# The C library's functions a component is most likely to call.
LIBC_NAMES=' printf fprintf sprintf snprintf vprintf vsnprintf puts putchar fputs
    malloc calloc realloc free memset memcpy memmove memcmp strlen strcmp strncmp strcpy
    strncpy strcat strchr strrchr strstr strdup strtol strtoul atoi qsort abort exit assert
    __assert_fail time clock sleep usleep '

# defines SYM ARCHIVE: true if ARCHIVE (or object) defines SYM.
defines() {
    nm -g --defined-only "$2" 2>/dev/null | awk -v s="$1" 'NF >= 2 && $NF == s { f = 1 } END { exit !f }'
}

# used_at SYM: where the linker saw the first undefined reference to SYM (file:line, relative to
# the project), if it says.
used_at() {
    grep -o "[^ :]*\.[ch]:[0-9]*: undefined reference to \`$1'" "$log" | head -n 1 |
        sed "s/: undefined reference.*//; s|^$PWD/||"
}

# defined_in SYM: the first of OTHER_SRCS with what looks like SYM's definition: a line that
# starts with a type and the name, and does not end in ';' (a declaration).
defined_in() {
    for f in $others; do
        grep -E "^[A-Za-z_][A-Za-z0-9_ *]*[ *]$1[[:space:]]*\(" "$f" 2>/dev/null | grep -qv ';[[:space:]]*$' &&
            { echo "$f"; return; }
    done
}

# sdk_library SYM: the first of the SDK's component libraries that defines SYM and is not on the
# link line (the root server's library is not for components).
sdk_library() {
    for a in "$kaal"/lib/*.a; do
        case " $libs " in *" $a "*) continue ;; esac
        [ "$(basename "$a")" = libkaal_root.a ] && continue
        defines "$1" "$a" && { echo "$a"; return; }
    done
}

# any_sdk_library SYM: true if any of the SDK's libraries defines SYM.
any_sdk_library() {
    for a in "$kaal"/lib/*.a; do
        defines "$1" "$a" && return 0
    done
    return 1
}

explain_undefined() {
    sym=$1
    at=$(used_at "$sym")
    echo "$name.elf: error: undefined symbol $sym${at:+ (used at $at)}"
    lib=$(sdk_library "$sym")
    file=$(defined_in "$sym")
    if [ -n "$lib" ] && [ "$(basename "$lib")" = libkaal_dddk.a ]; then
        echo "hint: $sym is in the DDDK ($lib), which $name is not linked with: if $name is a DDDK" \
            "driver (<kaal/dddk.h>), name it in the Makefile: KAAL_DRIVERS += $name"
    elif [ -n "$lib" ]; then
        echo "hint: $sym is in $lib, which $name is not linked with: add it in the Makefile," \
            "${name}_LDLIBS += $lib"
    elif [ -n "$file" ]; then
        echo "hint: $sym is defined in $file, which is not one of $name's files ($srcs): add it" \
            "in the Makefile, ${name}_SRCS := $srcs $file"
    elif case "$LIBC_NAMES" in *" $sym "*) true ;; *) false ;; esac && ! any_sdk_library "$sym"; then
        echo "hint: $sym is a C library function, and no library of this SDK ($kaal/lib) has" \
            "it; for output, <kaal/debug.h> has kaal_debug_puts, kaal_debug_put_dec and" \
            "kaal_debug_put_hex"
    else
        echo "hint: $sym is defined in none of $name's files ($srcs) and in none of the libraries" \
            "it links: define it, or add the file that does to ${name}_SRCS, or its library to" \
            "${name}_LDLIBS, in the Makefile"
    fi
}

explain_twice() {
    echo "$name.elf: error: $1 is defined more than once"
    echo "hint: keep one definition of $1 in $name's files ($srcs) and the libraries it links:" \
        "make the others static, rename them, or take a file out of ${name}_SRCS"
}

undefined=$(sed -n "s/.*undefined reference to \`\([^']*\)'.*/\1/p" "$log" | sort -u)
twice=$(sed -n "s/.*multiple definition of \`\([^']*\)'.*/\1/p" "$log" | sort -u)
for s in $undefined; do explain_undefined "$s"; done
for s in $twice; do explain_twice "$s"; done
if [ -z "$undefined$twice" ]; then
    echo "$name.elf: error: the link failed; the linker's messages above say why"
fi
exit 0
