/*
 * qemu/log-for-trace.h - the part of qemu/log.h that trace code needs:
 * the log mask and qemu_log(). QEMU 7.2 names.
 */
#ifndef QEMU_LOG_FOR_TRACE_H
#define QEMU_LOG_FOR_TRACE_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

/* Private global variable, don't use: read it with qemu_loglevel_mask(). */
extern int qemu_loglevel;

#define LOG_TRACE          (1 << 15)

/* Returns true if any of the bits of @mask is enabled (QEMU's -d). */
static inline bool qemu_loglevel_mask(int mask)
{
    return (qemu_loglevel & mask) != 0;
}

/* Log unconditionally, to the -D file or stderr (or the test capture). */
void G_GNUC_PRINTF(1, 2) qemu_log(const char *fmt, ...);

G_END_DECLS

#endif /* QEMU_LOG_FOR_TRACE_H */
