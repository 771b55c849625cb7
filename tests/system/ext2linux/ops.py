#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The file operations of the KaaL-against-Linux ext2 test, and the two programs made from them.

OPS is the one list.  `ops.py --c FILE` writes it as a C table for the
KaaL component (tests/system/ext2linux/ops.c, through <ext2linux_ops.h>);
`ops.py --sh FILE` writes it as busybox shell commands for Linux's init.
`--random N --seed S` adds N operations drawn at random after it (the long
form, make ext2-linux), each kept valid on both sides by a model of the tree.
Paths are relative to the disk's root: /data on KaaL, /mnt on Linux.  Each
operation must succeed on both sides; each side prints a line for one that
does not.

Kinds (arguments):
  mkdir (path, mode)            a directory with these permission bits
  fill (path, text, size)       create or empty path (0644), then size bytes of
                                text and a newline, repeated
  append (path, text)           text at the end
  pwrite (path, offset, text)   text at offset, past the end leaving a hole
  truncate (path, size)         shrink or grow
  rename, link (from, to)       to never an existing directory (mv would move into it)
  symlink (target, path)
  unlink, rmdir (path)
  chmod (path, mode)            not on a symlink (chmod follows it)
Texts use letters, digits, spaces and ".,_-" only, so they need no quoting
beyond single quotes.
"""

import argparse
import random
import re

SAFE = re.compile(r"^[A-Za-z0-9 .,_-]*$")
LONG_TARGET = "a/" + "long-symlink-target-" * 6 + "end"  # past the 60 bytes an inode holds


def many():
    """A directory of 80 names, a third removed and some renamed: entries in several blocks,
    reused holes."""
    ops = [("mkdir", "many", 0o755)]
    ops += [("fill", "many/file-%02d" % i, "entry %d" % i, i * 97 % 3000) for i in range(80)]
    ops += [("unlink", "many/file-%02d" % i) for i in range(0, 80, 3)]
    ops += [("rename", "many/file-%02d" % i, "many/renamed-with-a-longer-name-%02d" % i)
            for i in range(1, 80, 7) if i % 3]
    ops += [("fill", "many/new-%02d" % i, "new %d" % i, 50 + i) for i in range(10)]
    return ops


OPS = [
    ("mkdir", "a", 0o755),
    ("mkdir", "a/b", 0o700),
    ("fill", "a/small", "small file", 100),
    ("fill", "a/b/big", "a line of the big file", 300000),  # double-indirect with 1 KiB blocks
    ("fill", "mid", "middle", 20000),
    ("append", "a/small", "appended text"),
    ("append", "keep.txt", "and more for the file mke2fs made"),
    ("pwrite", "mid", 5000, "OVERWRITTEN in the middle"),
    ("pwrite", "mid", 40000, "past the end, after a hole"),
    ("pwrite", "made.bin", 1000, "over the bytes mke2fs wrote"),
    ("truncate", "a/b/big", 70000),
    ("truncate", "a/small", 10),
    ("fill", "sparse", "unused", 0),
    ("truncate", "sparse", 123456),
    ("pwrite", "sparse", 300000, "far out"),
    ("fill", "over", "a first and longer content", 9000),
    ("fill", "over", "second", 700),
    ("rename", "mid", "a/moved"),
    ("rename", "a/small", "keep.txt"),  # replaces keep.txt
    ("link", "a/moved", "hard1"),
    ("link", "a/moved", "a/b/hard2"),
    ("symlink", "a/moved", "sym-short"),
    ("symlink", LONG_TARGET, "sym-long"),
    ("symlink", "nowhere", "sym-dangling"),
    ("chmod", "a/moved", 0o600),
    ("chmod", "a/b", 0o750),
    ("chmod", "over", 0o4755),
    ("unlink", "hard1"),
    ("mkdir", "gone", 0o755),
    ("rmdir", "gone"),
    ("unlink", "old/inner.txt"),
    ("rmdir", "old"),
    ("rename", "a/b", "c"),  # a directory moves up: its "..", and both parents' links
    ("mkdir", "c/deeper", 0o755),
    ("rename", "over", "c/deeper/over"),
    ("truncate", "made.bin", 0),
] + many()


class Model:
    """What the tree holds after each random operation, so each one chosen is valid on both
    sides: names to kinds ("f" regular, "d" directory, "l" symlink) and files to inode ids."""

    def __init__(self):
        self.kind = {"keep.txt": "f", "made.bin": "f", "old": "d", "old/inner.txt": "f"}
        self.ino = {"keep.txt": 1, "made.bin": 2, "old/inner.txt": 3}
        self.size = {1: 18, 2: 50000, 3: 11}
        self.next = 4
        self.names = 0

    def of(self, kind):
        return sorted(p for p, k in self.kind.items() if k == kind)

    def new_name(self, rng):
        """A name that does not exist, in a directory that does ("" is the root)."""
        parent = rng.choice([""] + [d for d in self.of("d") if len(d) < 150])
        self.names += 1
        word = "n%d" % self.names + ("-" + "x" * rng.randrange(40) if rng.random() < 0.3 else "")
        return parent + "/" + word if parent else word

    def under(self, d):
        return [p for p in self.kind if p.startswith(d + "/")]


def random_op(m, rng):
    """One valid operation, chosen at random, and the model changed to match; None if the
    kind drawn has nothing to work on."""
    kind = rng.choice(["fill", "fill", "append", "pwrite", "truncate", "mkdir", "rename",
                       "rename", "unlink", "rmdir", "link", "symlink", "chmod"])
    files, dirs = m.of("f"), m.of("d")
    text = rng.choice(["alpha", "beta gamma", "a longer line of text, with commas", "z"])
    if kind == "fill":
        path = rng.choice(files) if files and rng.random() < 0.3 else m.new_name(rng)
        size = rng.randrange(3000) if rng.random() < 0.8 else rng.randrange(300000)
        if path not in m.kind:
            m.kind[path], m.ino[path] = "f", m.next
            m.next += 1
        m.size[m.ino[path]] = size
        return ("fill", path, text, size)
    if kind in ("append", "pwrite", "truncate", "link") and not files:
        return None
    if kind == "append":
        path = rng.choice(files)
        m.size[m.ino[path]] += len(text)
        return ("append", path, text)
    if kind == "pwrite":
        path = rng.choice(files)
        off = rng.randrange(m.size[m.ino[path]] + 5000)
        m.size[m.ino[path]] = max(m.size[m.ino[path]], off + len(text))
        return ("pwrite", path, off, text)
    if kind == "truncate":
        path = rng.choice(files)
        size = rng.randrange(2 * m.size[m.ino[path]] + 1000)
        m.size[m.ino[path]] = size
        return ("truncate", path, size)
    if kind == "mkdir":
        path = m.new_name(rng)
        m.kind[path] = "d"
        return ("mkdir", path, rng.choice([0o755, 0o700, 0o750]))
    if kind == "link":
        src, path = rng.choice(files), m.new_name(rng)
        m.kind[path], m.ino[path] = "f", m.ino[src]
        return ("link", src, path)
    if kind == "symlink":
        path = m.new_name(rng)
        m.kind[path] = "l"
        return ("symlink", rng.choice(list(m.kind) + ["nowhere"]), path)
    if kind == "chmod":
        if not files + dirs:
            return None
        return ("chmod", rng.choice(files + dirs), rng.choice([0o600, 0o644, 0o755, 0o4755, 0o700]))
    if kind == "unlink":
        names = files + m.of("l")
        if not names:
            return None
        path = rng.choice(names)
        del m.kind[path]
        m.ino.pop(path, None)
        return ("unlink", path)
    if kind == "rmdir":
        empty = [d for d in dirs if not m.under(d)]
        if not empty:
            return None
        path = rng.choice(empty)
        del m.kind[path]
        return ("rmdir", path)
    return random_rename(m, rng, files, dirs)


def random_rename(m, rng, files, dirs):
    """A file or symlink to a new name or over another file; a directory to a new name
    outside itself."""
    src = rng.choice(files + m.of("l") + dirs) if files + dirs else None
    if src is None:
        return None
    others = [f for f in files if f != src and m.ino.get(f) != m.ino.get(src)]
    if m.kind[src] != "d" and others and rng.random() < 0.3:
        path = rng.choice(others)  # over an existing file: that name's inode loses a link
    else:
        path = m.new_name(rng)
        if m.kind[src] == "d" and (path + "/").startswith(src + "/"):
            return None
    moved = [src] + (m.under(src) if m.kind[src] == "d" else [])
    for p in moved:
        q = path + p[len(src):]
        m.kind[q] = m.kind.pop(p)
        if p in m.ino:
            m.ino[q] = m.ino.pop(p)
    return ("rename", src, path)


def random_ops(count, seed):
    """count operations drawn with random.Random(seed), after the fixed list."""
    rng, m, ops = random.Random(seed), Model(), []
    for op in OPS:  # the fixed list first: the model must know what it leaves
        apply_fixed(m, op)
    while len(ops) < count:
        op = random_op(m, rng)
        if op:
            ops.append(op)
    return ops


def apply_fixed(m, op):
    """The model after one operation of the fixed list (names and kinds; sizes roughly)."""
    kind, args = op[0], op[1:]
    if kind == "mkdir":
        m.kind[args[0]] = "d"
    elif kind == "fill" and args[0] not in m.kind:
        m.kind[args[0]], m.ino[args[0]] = "f", m.next
        m.size[m.next] = args[2]
        m.next += 1
    elif kind == "link":
        m.kind[args[1]], m.ino[args[1]] = "f", m.ino[args[0]]
    elif kind == "symlink":
        m.kind[args[1]] = "l"
    elif kind in ("unlink", "rmdir"):
        m.kind.pop(args[0])
        m.ino.pop(args[0], None)
    elif kind == "rename":
        src, path = args
        moved = [src] + (m.under(src) if m.kind[src] == "d" else [])
        for p in moved:
            q = path + p[len(src):]
            m.kind[q] = m.kind.pop(p)
            if p in m.ino:
                m.ino[q] = m.ino.pop(p)
    for ino in set(m.ino.values()):
        m.size.setdefault(ino, 0)
    m.size = {i: max(s, 0) for i, s in m.size.items()}


def check(ops):
    for op in ops:
        for arg in op[1:]:
            if isinstance(arg, str) and not SAFE.match(arg.replace("/", "")):
                raise SystemExit("ops.py: %r has a character the shell would need quoted" % (op,))


def c_table(out, ops):
    lines = ["/* Generated by tests/system/ext2linux/ops.py from its OPS list: do not edit. */",
             "#pragma once", "", "static const struct op ops[] = {"]
    for op in ops:
        kind, args = op[0], op[1:]
        a = b = '""'
        num = 0
        if kind in ("mkdir", "chmod"):
            a, num = '"%s"' % args[0], args[1]
        elif kind == "fill":
            a, b, num = '"%s"' % args[0], '"%s"' % args[1], args[2]
        elif kind == "append":
            a, b = '"%s"' % args[0], '"%s"' % args[1]
        elif kind == "pwrite":
            a, num, b = '"%s"' % args[0], args[1], '"%s"' % args[2]
        elif kind == "truncate":
            a, num = '"%s"' % args[0], args[1]
        elif kind in ("rename", "link", "symlink"):
            a, b = '"%s"' % args[0], '"%s"' % args[1]
        elif kind in ("unlink", "rmdir"):
            a = '"%s"' % args[0]
        else:
            raise SystemExit("ops.py: unknown kind %r" % kind)
        lines.append("    {OP_%s, %s, %s, %d}," % (kind.upper(), a, b, num))
    lines += ["};", ""]
    out.write("\n".join(lines))


def shell(out, ops):
    lines = ["# Generated by tests/system/ext2linux/ops.py from its OPS list: do not edit.",
             "# Run in the disk's root; prints a line for each operation that fails."]
    for i, op in enumerate(ops):
        kind, args = op[0], op[1:]
        if kind == "mkdir":
            cmd = "mkdir -m %o '%s'" % (args[1], args[0])
        elif kind == "fill":
            cmd = "yes '%s' | head -c %d > '%s'" % (args[1], args[2], args[0])
        elif kind == "append":
            cmd = "printf '%%s' '%s' >> '%s'" % (args[1], args[0])
        elif kind == "pwrite":
            cmd = ("printf '%%s' '%s' | dd of='%s' bs=1 seek=%d conv=notrunc 2>/dev/null"
                   % (args[2], args[0], args[1]))
        elif kind == "truncate":
            cmd = "truncate -s %d '%s'" % (args[1], args[0])
        elif kind == "rename":
            cmd = "mv '%s' '%s'" % args
        elif kind == "link":
            cmd = "ln '%s' '%s'" % args
        elif kind == "symlink":
            cmd = "ln -s '%s' '%s'" % args
        elif kind == "unlink":
            cmd = "rm '%s'" % args
        elif kind == "rmdir":
            cmd = "rmdir '%s'" % args
        elif kind == "chmod":
            cmd = "chmod %o '%s'" % (args[1], args[0])
        else:
            raise SystemExit("ops.py: unknown kind %r" % kind)
        lines.append("%s || echo 'FAILED: op %d (%s)'" % (cmd, i, kind))
    out.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--c", help="write the C table here")
    ap.add_argument("--sh", help="write the shell commands here")
    ap.add_argument("--random", type=int, default=0, metavar="N",
                    help="add N random operations after the fixed list (the long form)")
    ap.add_argument("--seed", type=int, default=1, help="for --random")
    args = ap.parse_args()
    ops = OPS + random_ops(args.random, args.seed)
    check(ops)
    if args.c:
        with open(args.c, "w") as f:
            c_table(f, ops)
    if args.sh:
        with open(args.sh, "w") as f:
            shell(f, ops)


if __name__ == "__main__":
    main()
