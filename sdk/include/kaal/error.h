/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * KaaL's one error space: every KaaL protocol (the broker, the device
 * classes, the timer and the services after them) and every kaal_*
 * library function reports failure as a negative errno value, with the
 * numbers of Linux on x86_64 (and so of musl's <errno.h>), because the
 * POSIX layer has to speak that language anyway.  On the wire a reply's
 * label carries the positive value; the generated stubs (<kaal/proto.h>)
 * negate it.
 *
 * The names are KAAL_E*, not E*, so that this header and a C library's
 * <errno.h> can be included together; the values are the same.
 */
#pragma once

/* X(name, value, text) for every error KaaL's protocols use. */
#define KAAL_ERRNO_LIST(X)                                                                         \
    X(EPERM, 1, "operation not permitted")                                                         \
    X(ENOENT, 2, "no such file or directory")                                                      \
    X(ESRCH, 3, "no such process")                                                                 \
    X(EINTR, 4, "interrupted")                                                                     \
    X(EIO, 5, "input/output error")                                                                \
    X(ENXIO, 6, "no such device or address")                                                       \
    X(E2BIG, 7, "argument list too long")                                                          \
    X(ENOEXEC, 8, "not an executable")                                                             \
    X(EBADF, 9, "bad file descriptor or channel")                                                  \
    X(ECHILD, 10, "no child process")                                                              \
    X(EAGAIN, 11, "try again")                                                                     \
    X(ENOMEM, 12, "out of memory")                                                                 \
    X(EACCES, 13, "not granted")                                                                   \
    X(EFAULT, 14, "bad address")                                                                   \
    X(EBUSY, 16, "busy or already granted")                                                        \
    X(EEXIST, 17, "already exists")                                                                \
    X(EXDEV, 18, "cross-device link")                                                              \
    X(ENODEV, 19, "no such device")                                                                \
    X(ENOTDIR, 20, "not a directory")                                                              \
    X(EISDIR, 21, "is a directory")                                                                \
    X(EINVAL, 22, "invalid argument")                                                              \
    X(ENFILE, 23, "too many open files in the system")                                             \
    X(EMFILE, 24, "too many open files")                                                           \
    X(ENOTTY, 25, "not a terminal")                                                                \
    X(EFBIG, 27, "file too large")                                                                 \
    X(ENOSPC, 28, "no space left")                                                                 \
    X(ESPIPE, 29, "illegal seek")                                                                  \
    X(EROFS, 30, "read-only file system")                                                          \
    X(EMLINK, 31, "too many links")                                                                \
    X(EPIPE, 32, "broken pipe")                                                                    \
    X(EDOM, 33, "argument out of domain")                                                          \
    X(ERANGE, 34, "result out of range")                                                           \
    X(EDEADLK, 35, "deadlock would occur")                                                         \
    X(ENAMETOOLONG, 36, "name too long")                                                           \
    X(ENOSYS, 38, "not implemented")                                                               \
    X(ENOTEMPTY, 39, "directory not empty")                                                        \
    X(ELOOP, 40, "too many levels of symbolic links")                                              \
    X(ENODATA, 61, "no data")                                                                      \
    X(ETIME, 62, "timer expired")                                                                  \
    X(EPROTO, 71, "protocol error")                                                                \
    X(EBADMSG, 74, "bad message")                                                                  \
    X(EOVERFLOW, 75, "value too large")                                                            \
    X(ENOTSOCK, 88, "not a socket")                                                                \
    X(EMSGSIZE, 90, "message too long")                                                            \
    X(EOPNOTSUPP, 95, "operation not supported")                                                   \
    X(EADDRINUSE, 98, "address in use")                                                            \
    X(EADDRNOTAVAIL, 99, "address not available")                                                  \
    X(ENETDOWN, 100, "network is down")                                                            \
    X(ENETUNREACH, 101, "network unreachable")                                                     \
    X(ECONNABORTED, 103, "connection aborted")                                                     \
    X(ECONNRESET, 104, "connection reset")                                                         \
    X(ENOBUFS, 105, "no buffer space")                                                             \
    X(EISCONN, 106, "already connected")                                                           \
    X(ENOTCONN, 107, "not connected")                                                              \
    X(ETIMEDOUT, 110, "timed out")                                                                 \
    X(ECONNREFUSED, 111, "connection refused")                                                     \
    X(EHOSTUNREACH, 113, "host unreachable")                                                       \
    X(EALREADY, 114, "already in progress")                                                        \
    X(EINPROGRESS, 115, "in progress")                                                             \
    X(ECANCELED, 125, "cancelled")

#define KAAL_ERRNO_ENUM_(name, value, text) KAAL_##name = value,
enum kaal_errno { KAAL_ERRNO_LIST(KAAL_ERRNO_ENUM_) };
#undef KAAL_ERRNO_ENUM_

/* The largest errno a reply label may carry; a larger label is not an error code. */
#define KAAL_ERRNO_MAX 4095

/* "ENOMEM" for 12 or -12; NULL for a value KaaL does not name.  Any context. */
static inline const char *kaal_errname(long err)
{
#define KAAL_ERRNAME_(name, value, text)                                                           \
    case value:                                                                                    \
        return #name;
    switch (err < 0 ? -err : err) {
        KAAL_ERRNO_LIST(KAAL_ERRNAME_)
    default:
        return 0;
    }
#undef KAAL_ERRNAME_
}

/* "out of memory" for 12 or -12, "success" for 0, "unknown error" otherwise.  Any context. */
static inline const char *kaal_strerror(long err)
{
#define KAAL_STRERROR_(name, value, text)                                                          \
    case value:                                                                                    \
        return text;
    switch (err < 0 ? -err : err) {
    case 0:
        return "success";
        KAAL_ERRNO_LIST(KAAL_STRERROR_)
    default:
        return "unknown error";
    }
#undef KAAL_STRERROR_
}
