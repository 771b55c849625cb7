# SPDX-License-Identifier: BSD-2-Clause
"""A disk with a volatile write cache, for power-cut tests: an NBD server over an image file.

QEMU reaches the disk through NBD on a Unix socket (-drive
file.driver=nbd,...).  A write is answered at once but only kept in memory:
reads see it, the image file does not.  A flush (NBD_CMD_FLUSH, which QEMU
sends for the guest's virtio-blk flush) writes everything kept so far to the
file and only then answers.  After QEMU is killed, power_cut() decides the
fate of the writes still kept: each reaches the file or not, at random, in
the order they came (a disk's cache loses some of its writes, and keeps
others, when the power goes).  Each write is kept whole: one request, at
most a few blocks, is never torn.

So a test that kills QEMU sees on the file exactly what a flush made
durable, plus a random part of the rest, and a guest that forgets to flush
loses data.  (Killing QEMU on a plain image file loses nothing that QEMU
was told: its writes are in the host's page cache, flushed or not.)

The server speaks the fixed-newstyle handshake with NBD_OPT_GO (and the old
NBD_OPT_EXPORT_NAME), simple replies only, and READ, WRITE, FLUSH and DISC.
"""

import os
import socket
import struct
import threading

NBDMAGIC = 0x4E42444D41474943
IHAVEOPT = 0x49484156454F5054
REPLY_MAGIC = 0x3E889045565A9
REQUEST_MAGIC = 0x25609513
SIMPLE_REPLY = 0x67446698
FLAG_FIXED_NEWSTYLE, FLAG_NO_ZEROES = 1, 2
OPT_EXPORT_NAME, OPT_ABORT, OPT_INFO, OPT_GO = 1, 2, 6, 7
REP_ACK, REP_INFO, REP_ERR_UNSUP = 1, 3, 0x80000001
INFO_EXPORT = 0
TFLAG_HAS_FLAGS, TFLAG_SEND_FLUSH = 1, 4
CMD_READ, CMD_WRITE, CMD_DISC, CMD_FLUSH = 0, 1, 2, 3
EINVAL = 22


def _recv(conn, n):
    buf = bytearray()
    while len(buf) < n:
        part = conn.recv(n - len(buf))
        if not part:
            raise EOFError
        buf += part
    return bytes(buf)


class VolatileDisk:
    """Serves image (a file) on the Unix socket sock_path to one client, in a thread."""

    def __init__(self, image, sock_path):
        self.image = image
        with open(image, "rb") as f:
            self.view = bytearray(f.read())
        self.pending = []  # (offset, bytes) written and not yet flushed, in order
        self.writes = self.flushes = 0
        if os.path.exists(sock_path):
            os.unlink(sock_path)
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(sock_path)
        self.listener.listen(1)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        with conn:
            try:
                if self._handshake(conn):
                    self._transmit(conn)
            except (EOFError, OSError):
                pass  # the client is gone: killed, as the test means it to be

    def _option_reply(self, conn, opt, kind, data=b""):
        conn.sendall(struct.pack(">QIII", REPLY_MAGIC, opt, kind, len(data)) + data)

    def _handshake(self, conn):
        size, tflags = len(self.view), TFLAG_HAS_FLAGS | TFLAG_SEND_FLUSH
        conn.sendall(struct.pack(">QQH", NBDMAGIC, IHAVEOPT, FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES))
        (cflags,) = struct.unpack(">I", _recv(conn, 4))
        while True:
            magic, opt, length = struct.unpack(">QII", _recv(conn, 16))
            _recv(conn, length)
            if magic != IHAVEOPT:
                return False
            if opt == OPT_EXPORT_NAME:
                zeroes = b"" if cflags & FLAG_NO_ZEROES else bytes(124)
                conn.sendall(struct.pack(">QH", size, tflags) + zeroes)
                return True
            if opt in (OPT_INFO, OPT_GO):
                self._option_reply(conn, opt, REP_INFO, struct.pack(">HQH", INFO_EXPORT, size, tflags))
                self._option_reply(conn, opt, REP_ACK)
                if opt == OPT_GO:
                    return True
            elif opt == OPT_ABORT:
                self._option_reply(conn, opt, REP_ACK)
                return False
            else:
                self._option_reply(conn, opt, REP_ERR_UNSUP)

    def _transmit(self, conn):
        while True:
            magic, _, kind, handle, off, length = struct.unpack(">IHHQQI", _recv(conn, 28))
            if magic != REQUEST_MAGIC:
                return
            data = _recv(conn, length) if kind == CMD_WRITE else b""
            if kind == CMD_DISC:
                return
            err, out = 0, b""
            if kind in (CMD_READ, CMD_WRITE) and off + length > len(self.view):
                err = EINVAL
            elif kind == CMD_READ:
                out = bytes(self.view[off:off + length])
            elif kind == CMD_WRITE:
                self.view[off:off + length] = data
                self.pending.append((off, data))
                self.writes += 1
            elif kind == CMD_FLUSH:
                self._store(self.pending)
                self.pending = []
                self.flushes += 1
            else:
                err = EINVAL
            conn.sendall(struct.pack(">IIQ", SIMPLE_REPLY, err, handle) + out)

    def _store(self, writes):
        with open(self.image, "r+b") as f:
            for off, data in writes:
                f.seek(off)
                f.write(data)

    def power_cut(self, rng, keep=0.5):
        """After the client is dead: each write not yet flushed reaches the file with
        probability keep.  Returns (kept, lost)."""
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes an accept() still waiting
        except OSError:
            pass
        self.listener.close()
        self.thread.join(10)
        kept = [w for w in self.pending if rng.random() < keep]
        self._store(kept)
        lost = len(self.pending) - len(kept)
        self.pending = []
        return len(kept), lost
