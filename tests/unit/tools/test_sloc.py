#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""tools/sloc.py counts code lines, not comments, blanks or comment markers inside strings."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "tools"))
import sloc  # noqa: E402

CASES = [
    ("blank and comment lines", "\n\n// one\n/* two\n   three */\nint a;\n", 1),
    ("code after a block comment", "/* x */ int a;\n", 1),
    ("a comment marker in a string", 'char *s = "/* not a comment";\nint b;\n', 2),
    ("a block comment spanning code lines", "int a; /* start\nend */ int b;\n", 2),
    ("an escaped quote", 'char *s = "a\\"/*";\nint c;\n', 2),
    ("no final newline", "int a;", 1),
]


def main():
    failed = 0
    for name, text, want in CASES:
        got = sloc.code_lines(text)
        if got == want:
            print("PASS: unit/sloc/%s" % name.replace(" ", "_"))
        else:
            print("FAIL: unit/sloc/%s: %d lines, expected %d" % (name.replace(" ", "_"), got, want))
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
