/*
 * qemu/osdep.h - the first include of every QEMU source file.
 *
 * As in QEMU 7.2 it pulls in the C library, GLib, the compiler helpers and
 * the forward declarations of every QEMU type (qemu/typedefs.h). Unlike
 * QEMU's, it is also includable from C++: every shim header wraps its
 * declarations in G_BEGIN_DECLS / G_END_DECLS and avoids C++ keywords.
 */
#ifndef QEMU_OSDEP_H
#define QEMU_OSDEP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <limits.h>
#include <errno.h>
#include <assert.h>
#include <unistd.h>
#include <sys/types.h>

#include <glib.h>

#include "qemu/compiler.h"
#include "qemu/typedefs.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

#ifndef ROUND_UP
#define ROUND_UP(n, d) (((n) + (d) - 1) & -(0 ? (n) : (d)))
#endif
#ifndef DIV_ROUND_UP
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#endif
#ifndef QEMU_ALIGN_DOWN
#define QEMU_ALIGN_DOWN(n, m) ((n) / (m) * (m))
#define QEMU_ALIGN_UP(n, m) QEMU_ALIGN_DOWN((n) + (m) - 1, (m))
#endif
#define QEMU_IS_ALIGNED(n, m) (((n) % (m)) == 0)

G_BEGIN_DECLS
/* The calling thread's id (gettid), as trace lines print it. */
int qemu_get_thread_id(void);
G_END_DECLS

#endif /* QEMU_OSDEP_H */
