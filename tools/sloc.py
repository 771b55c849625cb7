#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Lines of code of each driver: C lines that are not blank and not only comment.

    sloc.py DIR...      one line per directory: "<sloc>  <dir>", then the DDDK's

Strings and character literals are skipped when looking for comments, so
"/*" inside a string does not start one.
"""

import os
import sys


def code_lines(text):
    """The number of lines holding something other than comments and blanks."""
    count, i, n = 0, 0, len(text)
    in_block = False
    line_has_code = False
    while i < n:
        c = text[i]
        if c == "\n":
            count += line_has_code
            line_has_code = False
            i += 1
        elif in_block:
            if text.startswith("*/", i):
                in_block = False
                i += 2
            else:
                i += 1
        elif text.startswith("/*", i):
            in_block = True
            i += 2
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif c in "\"'":
            line_has_code = True
            i += 1
            while i < n and text[i] != c and text[i] != "\n":
                i += 2 if text[i] == "\\" else 1
            i += 1
        else:
            line_has_code = line_has_code or not c.isspace()
            i += 1
    return count + line_has_code


def dir_sloc(path):
    total = 0
    for name in sorted(os.listdir(path)):
        if name.endswith((".c", ".h")):
            with open(os.path.join(path, name), encoding="utf-8") as f:
                total += code_lines(f.read())
    return total


def main():
    for d in sys.argv[1:]:
        print("%6d  %s" % (dir_sloc(d), d))
    return 0


if __name__ == "__main__":
    sys.exit(main())
